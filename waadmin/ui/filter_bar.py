"""The filter bar: status, type, source app, priority, region, creation date and a search box.
It only describes what the user wants (an AttemptFilter); the database does the filtering."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from PySide6.QtCore import QDateTime, QEvent, Qt, QTimer, QTimeZone, Signal
from PySide6.QtGui import QAction, QMouseEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QToolButton,
    QWidget,
)

from waadmin.domain import message_types, origins, priorities, statuses
from waadmin.domain.filters import AttemptFilter
from waadmin.ui import labels

SEARCH_DELAY_MS = 350


class _StickyMenu(QMenu):
    """Ticking a value keeps the menu open, so several can be chosen in one go."""

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        action = self.activeAction()
        if action is not None and action.isCheckable():
            action.trigger()
            return
        super().mouseReleaseEvent(event)


class MultiSelectButton(QToolButton):
    changed = Signal()

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self._menu = _StickyMenu(self)
        self.setMenu(self._menu)
        self._actions: dict[object, QAction] = {}
        self._update_text()

    def set_options(self, options: Iterable[tuple[object, str]]) -> None:
        keep = self.selected()
        self._menu.clear()
        self._actions.clear()
        clear = self._menu.addAction(self.tr("All (no filter)"))
        clear.triggered.connect(lambda: self.set_selected(frozenset(), emit=True))
        self._menu.addSeparator()
        for value, label in options:
            action = self._menu.addAction(label)
            action.setCheckable(True)
            action.setChecked(value in keep)
            action.setData(value)
            action.toggled.connect(self._on_toggled)
            self._actions[value] = action
        self._update_text()

    def option_values(self) -> list[object]:
        return list(self._actions)

    def selected(self) -> frozenset:
        return frozenset(value for value, action in self._actions.items() if action.isChecked())

    def set_selected(self, values: Iterable[object], emit: bool = False) -> None:
        wanted = set(values)
        for value in wanted - set(self._actions):
            action = self._menu.addAction(str(value))  # a saved value no longer offered
            action.setCheckable(True)
            action.setData(value)
            action.toggled.connect(self._on_toggled)
            self._actions[value] = action
        for value, action in self._actions.items():
            action.blockSignals(True)
            action.setChecked(value in wanted)
            action.blockSignals(False)
        self._update_text()
        if emit:
            self.changed.emit()

    def _on_toggled(self, _checked: bool) -> None:
        self._update_text()
        self.changed.emit()

    def _update_text(self) -> None:
        chosen = [a.text() for a in self._actions.values() if a.isChecked()]
        value = self.tr("all") if not chosen else (chosen[0] if len(chosen) == 1 else str(len(chosen)))
        self.setText(self.tr("{title}: {value}").format(title=self.title, value=value))
        self.setToolTip(", ".join(chosen) if chosen else "")


PERIODS = ("any", "1h", "24h", "7d", "30d", "custom")


class FilterBar(QWidget):
    filter_changed = Signal(object)  # AttemptFilter

    def _titles(self) -> None:
        for button, title in ((self.status, self.tr("Status")), (self.type, self.tr("Type")), (self.source_app, self.tr("Source")), (self.priority, self.tr("Priority")), (self.region, self.tr("Region"))):
            button.title = title
            button._update_text()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange and hasattr(self, "region"):
            self._options()
            self._titles()

    def _options(self) -> None:
        self.status.set_options((s, labels.status(s)) for s in statuses.ALL)
        self.type.set_options((t, labels.message_type(t)) for t in message_types.KNOWN)
        self.priority.set_options((p, f"{p} · {labels.priority(p)}") for p in priorities.ALL)
        self.region.set_options([(r, r) for r in origins.REGIONS] + [("", self.tr("automatic"))])

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("filterBar")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

        self.status = MultiSelectButton(self.tr("Status"))
        self.status.setObjectName("statusFilter")
        self.status.set_options((s, labels.status(s)) for s in statuses.ALL)
        self.type = MultiSelectButton(self.tr("Type"))
        self.type.setObjectName("typeFilter")
        self.type.set_options((t, labels.message_type(t)) for t in message_types.KNOWN)
        self.source_app = MultiSelectButton(self.tr("Source"))
        self.source_app.setObjectName("sourceFilter")
        self.source_app.set_options((a, a) for a in origins.SOURCE_APPS)
        self.priority = MultiSelectButton(self.tr("Priority"))
        self.priority.setObjectName("priorityFilter")
        self.priority.set_options((p, f"{p} · {labels.priority(p)}") for p in priorities.ALL)
        self.region = MultiSelectButton(self.tr("Region"))
        self.region.setObjectName("regionFilter")
        self.region.set_options([(r, r) for r in origins.REGIONS] + [("", self.tr("automatic"))])
        self._titles()

        self.period = QComboBox()
        self.period.setObjectName("periodFilter")
        for key, label in zip(
            PERIODS,
            (self.tr("Any time"), self.tr("Last hour"), self.tr("Last 24 h"), self.tr("Last 7 days"), self.tr("Last 30 days"), self.tr("Custom range")),
            strict=True,
        ):
            self.period.addItem(label, key)
        self.date_from = QDateTimeEdit()
        self.date_to = QDateTimeEdit()
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd HH:mm")
            edit.setTimeZone(QTimeZone.utc())
            edit.setVisible(False)
        now = QDateTime.currentDateTimeUtc()
        self.date_from.setDateTime(now.addDays(-7))
        self.date_to.setDateTime(now.addDays(1))
        self.date_from.setToolTip(self.tr("Created from (UTC)"))
        self.date_to.setToolTip(self.tr("Created before (UTC)"))

        self.search = QLineEdit()
        self.search.setObjectName("searchBox")
        self.search.setPlaceholderText(self.tr("Search phone, title, category, error, provider id…"))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(260)

        self.clear_button = QToolButton()
        self.clear_button.setObjectName("clearFilters")
        self.clear_button.setText(self.tr("Clear filters"))

        for widget in (self.status, self.type, self.source_app, self.priority, self.region, self.period, self.date_from, self.date_to):
            layout.addWidget(widget)
        layout.addWidget(self.search, 1)
        layout.addWidget(self.clear_button)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._emit)
        self.search.textChanged.connect(lambda _: self._search_timer.start())
        self.search.returnPressed.connect(self._emit)
        for button in (self.status, self.type, self.source_app, self.priority, self.region):
            button.changed.connect(self._emit)
        self.period.currentIndexChanged.connect(self._on_period)
        self.date_from.dateTimeChanged.connect(lambda _: self._dates_edited())
        self.date_to.dateTimeChanged.connect(lambda _: self._dates_edited())
        self.clear_button.clicked.connect(self.clear)
        self._quiet = False

    def set_source_apps(self, values: Iterable[str], available: bool = True) -> None:
        known = list(dict.fromkeys([*origins.SOURCE_APPS, *values]))
        self.source_app.set_options((a, a) for a in known)
        self.source_app.setEnabled(available)
        self.source_app.setToolTip("" if available else self.tr("This database (layout V1) has no source app"))

    def _on_period(self) -> None:
        if not self._quiet:
            self._exact_range = None
        custom = self.period.currentData() == "custom"
        self.date_from.setVisible(custom)
        self.date_to.setVisible(custom)
        self._emit()

    def _created_range(self) -> tuple[datetime | None, datetime | None]:
        key = self.period.currentData()
        now = datetime.now(UTC)
        spans = {"1h": timedelta(hours=1), "24h": timedelta(hours=24), "7d": timedelta(days=7), "30d": timedelta(days=30)}
        if key in spans:
            return now - spans[key], None
        if key == "custom":
            if self._exact_range is not None:
                return self._exact_range
            start = self.date_from.dateTime().toPython().replace(tzinfo=UTC)
            end = self.date_to.dateTime().toPython().replace(tzinfo=UTC)
            return start, end
        return None, None

    def current_filter(self) -> AttemptFilter:
        created_from, created_to = self._created_range()
        return AttemptFilter(
            statuses=self.status.selected(),
            message_types=self.type.selected(),
            source_apps=self.source_app.selected(),
            priorities=self.priority.selected(),
            regions=self.region.selected(),
            created_from=created_from,
            created_to=created_to,
            search=self.search.text().strip(),
        )

    def apply(self, flt: AttemptFilter, emit: bool = True) -> None:
        """Show ``flt`` in the widgets (saved view, or a click on a dashboard bar)."""
        self._quiet = True
        try:
            self.status.set_selected(flt.statuses)
            self.type.set_selected(flt.message_types)
            self.source_app.set_selected(flt.source_apps)
            self.priority.set_selected(flt.priorities)
            self.region.set_selected(flt.regions)
            # The edits show minutes; a range from the dashboard keeps its seconds until edited.
            self._exact_range = (flt.created_from, flt.created_to) if flt.created_from or flt.created_to else None
            if flt.created_from or flt.created_to:
                self.period.setCurrentIndex(PERIODS.index("custom"))
                if flt.created_from:
                    self.date_from.setDateTime(QDateTime.fromSecsSinceEpoch(int(flt.created_from.timestamp()), QTimeZone.utc()))
                if flt.created_to:
                    self.date_to.setDateTime(QDateTime.fromSecsSinceEpoch(int(flt.created_to.timestamp()), QTimeZone.utc()))
            else:
                self.period.setCurrentIndex(0)
            self.search.setText(flt.search)
            self._search_timer.stop()
            self._extra = flt.with_(
                statuses=frozenset(), message_types=frozenset(), source_apps=frozenset(), priorities=frozenset(),
                regions=frozenset(), created_from=None, created_to=None, search="",
            )
        finally:
            self._quiet = False
        if emit:
            self._emit()

    _exact_range: tuple[datetime | None, datetime | None] | None = None

    def _dates_edited(self) -> None:
        if not self._quiet:
            self._exact_range = None
        self._emit()

    _extra = AttemptFilter()  # parts the bar has no widget for (error code, category) from click-throughs

    def clear(self) -> None:
        self._extra = AttemptFilter()
        self.apply(AttemptFilter())

    def full_filter(self) -> AttemptFilter:
        """The widgets' filter plus the parts with no widget (error code, category)."""
        extra = self._extra
        return self.current_filter().with_(categories=extra.categories, error_codes=extra.error_codes, ids=extra.ids, error_like=extra.error_like, figure=extra.figure, as_of=extra.as_of)

    def _emit(self) -> None:
        if self._quiet:
            return
        self.filter_changed.emit(self.full_filter())

    def extra_description(self) -> str:
        parts = []
        if self._extra.error_codes:
            parts.append(self.tr("error code") + ": " + ", ".join(sorted(self._extra.error_codes)))
        if self._extra.categories:
            parts.append(self.tr("category") + ": " + ", ".join(sorted(self._extra.categories)))
        if self._extra.error_like:
            parts.append(self.tr("error message like") + ": " + self._extra.error_like)
        if self._extra.figure:
            names = {"due": self.tr("due"), "stuck": self.tr("stuck in sending"), "delayed": self.tr("sent, with their delay")}
            parts.append(self.tr("dashboard figure") + ": " + names.get(self._extra.figure, self._extra.figure))
        return "; ".join(parts)
