"""View → Saved views: the list's filters, sort and columns kept under a name, applied or deleted
from the menu (the menu is filled again each time it opens, so another window's change shows)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QInputDialog, QMenu, QWidget

from waadmin.ui import retranslate
from waadmin.ui import settings as ui_settings
from waadmin.ui.attempts_view import AttemptsView


class SavedViewsMenu(QObject):
    def __init__(self, menu: QMenu, attempts: AttemptsView, parent: QWidget, *, show_status: Callable[[retranslate.TextBuilder | str, int], None]) -> None:
        super().__init__(parent)
        self.menu = menu
        self.attempts = attempts
        self.parent_widget = parent
        self.show_status = show_status
        menu.aboutToShow.connect(self.fill)
        self.fill()

    def fill(self) -> None:
        menu = self.menu
        menu.clear()
        save = menu.addAction(self.tr("Save current view…"))
        save.setObjectName("saveView")
        save.triggered.connect(lambda: self.save_current_view())
        views = ui_settings.saved_views()
        if views:
            menu.addSeparator()
        for view in views:
            action = menu.addAction(view.name)
            action.setObjectName(f"view_{view.name}")
            action.triggered.connect(lambda _=False, v=view: self.attempts.apply_saved_view(v))
        if views:
            menu.addSeparator()
            delete = menu.addMenu(self.tr("Delete a saved view"))
            for view in views:
                action = delete.addAction(view.name)
                action.triggered.connect(lambda _=False, name=view.name: (ui_settings.delete_named_view(name), self.fill()))

    def save_current_view(self, name: str | None = None) -> None:
        """Name the current filters, sort and columns."""
        if name is None:
            name, ok = QInputDialog.getText(self.parent_widget, self.tr("Save current view"), self.tr("Name of the view:"))
            if not ok:
                return
        name = name.strip()[:80]
        if not name:
            return
        ui_settings.save_named_view(self.attempts.current_view(name))
        self.fill()
        self.show_status(lambda: self.tr("View “{name}” saved.").format(name=name), 5000)
