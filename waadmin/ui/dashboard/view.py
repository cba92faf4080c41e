"""The Dashboard tab: window and scope selectors, key figures, the alert panel, provider and
worker health, and the charts. Stats and the charts' arrays are computed off the GUI thread; the
GUI thread builds the charts and hands them their data one chart per event-loop turn, so no
turn holds the window for long. Clicking a tile, an alert, a bar or an error code opens the
attempts list filtered to exactly those attempts."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QComboBox, QGridLayout, QHBoxLayout, QLabel, QPushButton, QScrollArea, QSizePolicy, QVBoxLayout, QWidget

from waadmin.db import listing
from waadmin.db.database import Database
from waadmin.domain.filters import AttemptFilter
from waadmin.domain.statuses import Status
from waadmin.engine.stats import Breakdown, Stats
from waadmin.ui import labels, retranslate, timefmt
from waadmin.ui import settings as ui_settings
from waadmin.ui.dashboard import links
from waadmin.ui.dashboard.alerts_panel import AlertPanel
from waadmin.ui.dashboard.charts import BarsChart, Chart, DelayChart, RateChart, TimeChart, VolumeChart
from waadmin.ui.dashboard.figures import KeyFigures
from waadmin.ui.dashboard.health_panel import HealthPanel
from waadmin.ui.dashboard.series import DashboardData, load_dashboard
from waadmin.ui.session import Session
from waadmin.ui.tasks import TaskTracker, user_message

WINDOWS = (
    ("1h", timedelta(hours=1), QT_TRANSLATE_NOOP("DashboardView", "Last hour")),
    ("24h", timedelta(hours=24), QT_TRANSLATE_NOOP("DashboardView", "Last 24 hours")),
    ("7d", timedelta(days=7), QT_TRANSLATE_NOOP("DashboardView", "Last 7 days")),
    ("30d", timedelta(days=30), QT_TRANSLATE_NOOP("DashboardView", "Last 30 days")),
    ("90d", timedelta(days=90), QT_TRANSLATE_NOOP("DashboardView", "Last 90 days")),
)
FAILED = frozenset({Status.FAILED, Status.FAILED_RETRY, Status.FAILED_FINAL})
CHART_HEIGHT = 270
FIRST_CHART_DELAY_MS = 40


class ChartSlot(QWidget):
    """A chart's place in the grid, the chart's size before it exists: adding a chart then
    changes no other chart's geometry, so they are not laid out and painted again."""

    def __init__(self) -> None:
        super().__init__()
        self.setMinimumSize(320, CHART_HEIGHT)
        # Expanding from the start, as the chart it will hold: its arrival changes no column's width.
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(560, CHART_HEIGHT + 30)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(320, CHART_HEIGHT)

    def hold(self, chart: QWidget) -> None:
        chart.setMinimumSize(0, 0)
        self.layout().addWidget(chart)


def _options(database: Database) -> tuple[list[str], list[str]]:
    apps = listing.distinct_values(database, "source_app") if database.layout.has_source_app else []
    return apps, listing.distinct_values(database, "message_type")


class DashboardView(QWidget):
    open_filter = Signal(object)  # AttemptFilter for the attempts list
    stats_ready = Signal(object)  # Stats (for tests and the tray's alert notifications)
    charts_updated = Signal()  # every chart shows the latest stats
    saved = Signal(str, bool)  # an exported file's path, and whether it was written
    thresholds_changed = Signal()  # the background worker checks the same alerts
    volume: VolumeChart
    rate: RateChart
    delay: DelayChart
    errors: BarsChart
    by_type: BarsChart
    by_app: BarsChart
    by_category: BarsChart
    by_region: BarsChart

    def __init__(self, session: Session, tracker: TaskTracker, prefs: ui_settings.Preferences, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dashboardView")
        self.session = session
        self.tracker = tracker
        self.prefs = prefs
        self.stats: Stats | None = None
        self.data: DashboardData | None = None
        self._generation = 0
        self._loaded_options = False
        self.last_updated: datetime | None = None

        self.window_combo = QComboBox()
        self.window_combo.setObjectName("dashboardWindow")
        for key, _length, label in WINDOWS:
            self.window_combo.addItem(QCoreApplication.translate("DashboardView", label), key)
        self.window_combo.setCurrentIndex(1)
        self.app_combo = QComboBox()
        self.app_combo.setObjectName("dashboardSourceApp")
        self.type_combo = QComboBox()
        self.type_combo.setObjectName("dashboardType")
        self._reset_options([], [])
        for combo in (self.window_combo, self.app_combo, self.type_combo):
            combo.currentIndexChanged.connect(lambda _=0: self._scope_changed())
        refresh = QPushButton(self.tr("Refresh"))
        refresh.setObjectName("dashboardRefresh")
        refresh.clicked.connect(self.reload)
        thresholds = QPushButton(self.tr("Alert thresholds…"))
        thresholds.setObjectName("dashboardThresholds")
        thresholds.clicked.connect(self.edit_thresholds)
        self.save_all_button = QPushButton(self.tr("Save all charts…"))
        self.save_all_button.setObjectName("dashboardSaveAll")
        self.save_all_button.clicked.connect(self._ask_save_all)
        self.wall_button = QPushButton(self.tr("Wall screen (F11)"))
        self.wall_button.setObjectName("dashboardWallScreen")
        self.wall_button.setCheckable(True)
        self.wall_button.toggled.connect(self.set_wall_screen)
        self.status = QLabel()
        self.status.setObjectName("dashboardStatus")
        self.live = QLabel()
        self.live.setObjectName("dashboardLive")
        # Two lines: the scope and the buttons, then what is shown and when it was updated;
        # on one line the French texts made the tab wider than a 1280 px window.
        scope = QHBoxLayout()
        for widget in (QLabel(self.tr("Window:")), self.window_combo, QLabel(self.tr("Source app:")), self.app_combo, QLabel(self.tr("Type:")), self.type_combo):
            scope.addWidget(widget)
        scope.addStretch(1)
        for button in (thresholds, self.save_all_button, self.wall_button, refresh):
            scope.addWidget(button)
        shown = QHBoxLayout()
        shown.addWidget(self.status, 1)
        shown.addWidget(self.live)
        controls = QVBoxLayout()
        controls.addLayout(scope)
        controls.addLayout(shown)
        self.controls = QWidget()
        self.controls.setLayout(controls)
        controls.setContentsMargins(0, 0, 0, 0)

        self.figures = KeyFigures()
        self.figures.chosen.connect(self.open_figure)
        self.alerts = AlertPanel()
        self.alerts.chosen.connect(self.open_alert)
        self.health = HealthPanel(session)
        self.health.zone = prefs.time_zone
        # pyqtgraph plots take ~13 ms each to build (several times that while the list loads in
        # other threads): they are made after the tab is first shown, one per event-loop turn.
        self._chart_plan: list[tuple[str, Callable[[], Chart], Callable[[Any], None] | None]] = [
            ("volume", lambda: VolumeChart(self.tr("Attempts by outcome"), "volumeChart"), None),
            ("rate", lambda: RateChart(self.tr("Success rate (%)"), "rateChart"), None),
            ("delay", lambda: DelayChart(self.tr("Delay from creation to send: median and 95th percentile"), "delayChart"), None),
            ("errors", lambda: BarsChart(self.tr("Top error codes (click to see the attempts)"), "errorsChart", color_status=Status.FAILED_FINAL),
             lambda code: self._open(error_codes=frozenset({code}), statuses=FAILED)),
            ("by_type", lambda: BarsChart(self.tr("By message type"), "typeChart"), lambda key: self._open(message_types=frozenset({key}))),
            ("by_app", lambda: BarsChart(self.tr("By source app"), "sourceChart"), lambda key: self._open(source_apps=frozenset({key}))),
            ("by_category", lambda: BarsChart(self.tr("By category"), "categoryChart"), lambda key: self._open(categories=frozenset({key}))),
            ("by_region", lambda: BarsChart(self.tr("By region"), "regionChart"), lambda key: self._open(regions=frozenset({key or ""}))),
        ]
        self.charts: list[Chart] = []
        self._charts_made = 0
        self._pending: dict[str, Callable[[], None]] = {}  # chart name → its latest update
        self._step_timer = QTimer(self)
        self._step_timer.setSingleShot(True)
        self._step_timer.setInterval(0)
        self._step_timer.timeout.connect(self._run_steps)
        self._grid = QGridLayout()
        self._slots = [ChartSlot() for _ in self._chart_plan]
        for index, slot in enumerate(self._slots):
            self._grid.addWidget(slot, index // 2, index % 2)

        self.body = QWidget()
        self.body.setObjectName("dashboardBody")
        body_layout = QVBoxLayout(self.body)
        body_layout.addWidget(self.figures)
        middle = QHBoxLayout()
        middle.addWidget(self.alerts, 3)
        middle.addWidget(self.health, 2)
        body_layout.addLayout(middle)
        body_layout.addLayout(self._grid)
        self.scroll = QScrollArea()
        self.scroll.setObjectName("dashboardScroll")
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(self.body)
        layout = QVBoxLayout(self)
        layout.addWidget(self.controls)
        layout.addWidget(self.scroll, 1)

        self._live_timer = QTimer(self)
        self._live_timer.setInterval(1000)
        self._live_timer.timeout.connect(self._tick)
        # F11 anywhere in the window while this tab is shown (after a click on the tab, the
        # focus is on the tab bar, outside this widget); Esc only while on the wall screen.
        self.wall_shortcut = QShortcut(QKeySequence(Qt.Key.Key_F11), self)
        self.wall_shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        self.wall_shortcut.activated.connect(lambda: self.isVisible() and self.wall_button.toggle())
        self.leave_wall_shortcut = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        self.leave_wall_shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        self.leave_wall_shortcut.setEnabled(False)
        self.leave_wall_shortcut.activated.connect(lambda: self.wall_button.setChecked(False))
        self._wall: Any = None

    # -- charts: built and updated a step at a time ----------------------------------------------
    def _build_chart(self) -> None:
        index = self._charts_made
        name, make, chosen = self._chart_plan[index]
        chart = make()
        if chosen is not None:
            chart.chosen.connect(chosen)  # type: ignore[attr-defined]
        chart.save_requested.connect(lambda image, path: self.write_image(image, path))
        self._slots[index].hold(chart)
        setattr(self, name, chart)
        self.charts.append(chart)
        self._charts_made += 1
        if self.data is not None and name not in self._pending:
            self._pending[name] = self._chart_update(name, self.data)

    def ensure_charts(self) -> None:
        """Build every chart and give it the latest data now (exporting needs them all)."""
        while self._charts_made < len(self._chart_plan):
            self._build_chart()
        for chart in self.charts:
            chart.populate()
        while self._pending:
            self._pending.pop(next(iter(self._pending)))()

    @property
    def settled(self) -> bool:
        """Every chart is built and shows the latest stats."""
        return self.stats is not None and self._charts_made == len(self._chart_plan) and not self._pending and self.charts[-1].populated

    def _schedule(self) -> None:
        if not self._step_timer.isActive():
            self._step_timer.start(0)

    def _run_steps(self) -> None:
        # One step per turn: making a chart's plot, adding its items, or updating it is 1-15 ms
        # (twice that while a task thread holds the interpreter lock), and painting it as much
        # again; several in one turn would be painted together, in one long stall.
        unpopulated = next((chart for chart in self.charts if not chart.populated), None)
        if unpopulated is not None:
            unpopulated.populate()
        elif self._charts_made < len(self._chart_plan):
            self._build_chart()
        elif self._pending:
            self._pending.pop(next(iter(self._pending)))()
        if self._charts_made < len(self._chart_plan) or self._pending or not self.charts[-1].populated:
            self._step_timer.start(0)
        elif self.stats is not None:
            self.charts_updated.emit()

    def _chart_update(self, name: str, data: DashboardData) -> Callable[[], None]:
        stats = data.stats
        zone = self.prefs.time_zone
        offset = int((timefmt.to_zone(stats.end, zone).utcoffset() or timedelta(0)).total_seconds())
        chart = getattr(self, name)
        caption = self.window_caption(stats)

        def update() -> None:
            chart.caption = caption
            if isinstance(chart, TimeChart):
                if isinstance(chart, RateChart):
                    chart.threshold = self.prefs.alert_min_success_rate
                chart.set_series(data.series, offset)
            else:
                chart.load(self._bar_items(name, stats))

        return update

    def _bar_items(self, name: str, stats: Stats) -> list[tuple[object, str, int, str]]:
        if name == "errors":
            return [(code, labels.error_code(code) or "—", n, code or "") for code, n in stats.top_errors]
        auto = self.tr("automatic")
        rows, labeller = {
            "by_type": (stats.by_type, lambda k: labels.message_type(k)),
            "by_app": (stats.by_source_app, str),
            "by_category": (stats.by_category, lambda k: k or "—"),
            "by_region": (stats.by_region, lambda k: k or auto),
        }[name]
        return self._bars(rows, labeller)

    # -- scope ----------------------------------------------------------------------------------
    def _reset_options(self, apps: list[str], types: list[str]) -> None:
        for combo, values, labeller in ((self.app_combo, apps, str), (self.type_combo, types, lambda t: labels.message_type(t))):
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(self.tr("All"), None)
            for value in values:
                combo.addItem(labeller(value), value)
            index = combo.findData(current)
            combo.setCurrentIndex(max(index, 0))
            combo.blockSignals(False)

    def window_length(self) -> timedelta:
        key = self.window_combo.currentData()
        return next(length for k, length, _ in WINDOWS if k == key)

    def set_window(self, key: str) -> None:
        self.window_combo.setCurrentIndex(max(0, self.window_combo.findData(key)))

    def _scope_changed(self) -> None:
        # A new window or scope: the charts show it whole, whatever zoom the last one had.
        for chart in self.charts:
            chart.user_zoomed = False
            chart.reset_button.setEnabled(False)
        self.reload()

    # -- loading --------------------------------------------------------------------------------
    def showEvent(self, event: Any) -> None:  # noqa: N802
        super().showEvent(event)
        if self._charts_made == 0 and not self._step_timer.isActive():
            # The charts are built over the next turns of the event loop, the first once the
            # tab itself has been painted: not in the same turn as that first paint.
            self._step_timer.start(FIRST_CHART_DELAY_MS)
        self._live_timer.start()
        self.reload()

    def hideEvent(self, event: Any) -> None:  # noqa: N802
        super().hideEvent(event)
        if self._wall is None:
            self._live_timer.stop()

    def set_database(self, database: Database | None) -> None:
        self._loaded_options = False
        self.stats = None
        self.data = None
        self._pending.clear()  # the last database's figures are not drawn over the new one's
        if self.isVisible():
            self.reload()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange and getattr(self, "data", None) is not None:
            self.reload()  # figures, alerts, chart titles' figures and day names in the new language

    def reload(self) -> None:
        database = self.session.database
        if database is None:
            return
        if not self._loaded_options:
            self._loaded_options = True
            self.tracker.run(_options, database, on_result=lambda found: self._reset_options(*found), on_error=lambda _e: None)
        self._generation += 1
        generation = self._generation
        self.status.setText(self.tr("Computing…"))
        self.health.zone = self.prefs.time_zone
        self.health.refresh()
        self.tracker.run(
            load_dashboard,
            database,
            window=self.window_length(),
            source_app=self.app_combo.currentData(),
            message_type=self.type_combo.currentData(),
            tz=timefmt.zone_info(self.prefs.time_zone),
            thresholds=ui_settings.alert_thresholds(self.prefs),
            on_result=lambda data: self._show(generation, data),
            on_error=self._failed,
        )

    def _failed(self, error: BaseException) -> None:
        if not self.session.report_problem(error):
            retranslate.set_text(self.status, lambda: "❌ " + user_message(error))

    def _show(self, generation: int, data: DashboardData) -> None:
        if generation != self._generation:
            return
        stats = data.stats
        self.stats = stats
        self.data = data
        self.last_updated = datetime.now(UTC)
        self.figures.show_stats(stats)
        self.alerts.show_alerts(stats.alerts)
        for name, _make, _chosen in self._chart_plan[: self._charts_made]:
            self._pending[name] = self._chart_update(name, data)
        self._schedule()
        self.status.setText(self.window_caption(stats))
        self._tick()
        self.stats_ready.emit(stats)

    def window_caption(self, stats: Stats) -> str:
        zone = self.prefs.time_zone
        return self.tr("{start} → {end} ({zone})").format(start=timefmt.absolute(stats.start, zone), end=timefmt.absolute(stats.end, zone), zone=timefmt.zone_label(zone))

    def _tick(self) -> None:
        """Once a second while shown: how old the figures are, and the health panel's times."""
        parts = []
        # The window's auto-refresh reloads this tab while it is shown (MainWindow.refresh).
        every = self.prefs.auto_refresh_seconds
        if every:
            parts.append(self.tr("Live, every {n} s").format(n=every))
        if self.last_updated is not None:
            parts.append(self.tr("updated {time}").format(time=timefmt.absolute(self.last_updated, self.prefs.time_zone, seconds=True)[11:]))
        self.live.setText(" · ".join(parts))
        if self.isVisible():
            self.health.refresh()

    def _bars(self, rows: list[Breakdown], labeller: Any) -> list[tuple[object, str, int, str]]:
        ordered = sorted(rows, key=lambda b: -b.count)
        detail = self.tr("succeeded {success}, failed for good {failed}")
        return [(b.key, labeller(b.key), b.count, detail.format(success=b.success, failed=b.failed_final)) for b in ordered]

    # -- going to the list ------------------------------------------------------------------------
    def _scope(self) -> AttemptFilter:
        """The chosen source app and type, without dates."""
        flt = AttemptFilter()
        if self.app_combo.currentData():
            flt = flt.with_(source_apps=frozenset({self.app_combo.currentData()}))
        if self.type_combo.currentData():
            flt = flt.with_(message_types=frozenset({self.type_combo.currentData()}))
        return flt

    def scope_filter(self) -> AttemptFilter:
        if self.stats is None:
            return AttemptFilter()
        return self._scope().with_(created_from=self.stats.start, created_to=self.stats.end)

    def _open(self, **parts: Any) -> None:
        self.open_filter.emit(self.scope_filter().with_(**parts))

    def figure_link(self, key: str) -> links.Link | None:
        if self.stats is None:
            return None
        return links.figure_link(key, self._scope(), self.stats.start, self.stats.end)

    def alert_link(self, key: str) -> links.Link | None:
        if self.stats is None:
            return None
        return links.alert_link(key, self._scope(), self.stats.end, ui_settings.alert_thresholds(self.prefs))

    def open_figure(self, key: str) -> None:
        self._follow(self.figure_link(key))

    def open_alert(self, key: str) -> None:
        self._follow(self.alert_link(key))

    def _follow(self, link: links.Link | None) -> None:
        if link is not None:
            self.open_filter.emit(link.flt)

    def watch_worker(self, controller: Any) -> None:
        """The window's background worker, whose state the health panel shows."""
        self.health.watch_worker(controller)

    # -- export -----------------------------------------------------------------------------------
    def _ask_save_all(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        suggested = f"waadmin-dashboard-{datetime.now():%Y-%m-%d}.png"
        path, chosen = QFileDialog.getSaveFileName(self, self.tr("Save all charts"), suggested, self.tr("PNG image (*.png);;PDF document (*.pdf)"))
        if not path:
            return
        if not path.lower().endswith((".png", ".pdf")):
            path += ".pdf" if "pdf" in chosen.lower() else ".png"
        self.save_all(path)

    def save_all(self, path: str) -> None:
        """Write the whole dashboard to ``path`` (PNG or PDF) on a task thread; ``saved`` says
        when it is done."""
        from waadmin.ui.dashboard.export import dashboard_image

        self.ensure_charts()
        caption = self.window_caption(self.stats) if self.stats is not None else ""
        title = self.tr("waadmin dashboard")
        self.write_image(dashboard_image(title, caption, (self.figures, self.alerts, self.health), self.charts), path, title)

    def write_image(self, image: Any, path: str, title: str = "") -> None:
        from waadmin.ui.dashboard.export import write_image

        def done(ok: bool) -> None:
            retranslate.set_text(self.status, lambda: self.tr("Saved {path}").format(path=path) if ok else "❌ " + self.tr("Could not write {path}").format(path=path))
            self.saved.emit(path, bool(ok))

        def failed(error: BaseException) -> None:
            retranslate.set_text(self.status, lambda: "❌ " + user_message(error))
            self.saved.emit(path, False)

        self.tracker.run(write_image, path, image, title, on_result=done, on_error=failed)

    # -- wall screen ------------------------------------------------------------------------------
    def set_wall_screen(self, on: bool) -> None:
        from waadmin.ui.dashboard.wall import WallScreen

        if on and self._wall is None:
            self._wall = WallScreen(self)
            self._wall.enter()
        elif not on and self._wall is not None:
            self._wall.leave()
            self._wall = None
        self.leave_wall_shortcut.setEnabled(on)
        if self.wall_button.isChecked() != on:
            self.wall_button.setChecked(on)

    # -- thresholds -------------------------------------------------------------------------------
    def edit_thresholds(self) -> None:
        from waadmin.ui.dialogs.thresholds_dialog import ThresholdsDialog

        dialog = ThresholdsDialog(self.prefs, self)
        if dialog.exec():
            dialog.apply_to(self.prefs)
            ui_settings.save_preferences(self.prefs)
            self.thresholds_changed.emit()
            self.reload()
