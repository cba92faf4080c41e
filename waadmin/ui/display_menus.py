"""View → Time zone and View → Language: how times and texts are shown, saved in the preferences
and applied at once (the window writes its times again; every window relabels itself)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QActionGroup
from PySide6.QtWidgets import QApplication, QMenu, QWidget

from waadmin.ui import i18n, timefmt
from waadmin.ui import settings as ui_settings


class DisplayMenus(QObject):
    times_changed = Signal()  # the zone or the offset setting changed: every time is written again

    def __init__(self, view_menu: QMenu, prefs: ui_settings.Preferences, parent: QWidget) -> None:
        super().__init__(parent)
        self.prefs = prefs
        zone_menu = view_menu.addMenu(self.tr("Time zone"))
        self.zone_group = QActionGroup(self)
        for zone in timefmt.ZONES:
            action = zone_menu.addAction(timefmt.zone_label(zone))
            action.setObjectName(f"zone_{zone}")
            action.setCheckable(True)
            action.setChecked(zone == prefs.time_zone)
            action.triggered.connect(lambda _=False, z=zone: self.set_time_zone(z))
            self.zone_group.addAction(action)
        zone_menu.addSeparator()
        self.act_always_offset = zone_menu.addAction(self.tr("Always show the UTC offset"))
        self.act_always_offset.setObjectName("alwaysUtcOffset")
        self.act_always_offset.setToolTip(self.tr("Show every time with its offset from UTC, not only the ones the clocks going back make ambiguous"))
        self.act_always_offset.setCheckable(True)
        self.act_always_offset.setChecked(prefs.always_utc_offset)
        self.act_always_offset.toggled.connect(self.set_always_offset)
        language_menu = view_menu.addMenu(self.tr("Language"))
        self.language_group = QActionGroup(self)
        for key, label in (("", self.tr("System")), ("en", "English"), ("fr", "Français")):
            action = language_menu.addAction(label)
            action.setObjectName(f"language_{key or 'system'}")
            action.setCheckable(True)
            action.setChecked(key == prefs.language)
            action.triggered.connect(lambda _=False, k=key: self.set_language(k))
            self.language_group.addAction(action)

    def set_time_zone(self, zone: str) -> None:
        self.prefs.time_zone = zone
        ui_settings.save_preferences(self.prefs)
        self.times_changed.emit()

    def set_always_offset(self, on: bool) -> None:
        self.prefs.always_utc_offset = on
        ui_settings.save_preferences(self.prefs)
        timefmt.set_always_offset(on)
        self.times_changed.emit()

    def set_language(self, key: str) -> None:
        """View → Language: saved, and applied at once to every open window (no restart)."""
        self.prefs.language = key
        ui_settings.save_preferences(self.prefs)
        for action in self.language_group.actions():
            action.setChecked(action.objectName() == f"language_{key or 'system'}")
        i18n.switch(QApplication.instance(), key)
