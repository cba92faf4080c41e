"""The Dashboard tab: window and scope selectors, key figures, the alert panel and the charts.
Everything is computed by the engine off the GUI thread; clicking a bar or an error code opens
the attempts list filtered to it."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Signal
from PySide6.QtWidgets import QComboBox, QGridLayout, QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from waadmin.db import listing
from waadmin.db.database import Database
from waadmin.domain import message_types
from waadmin.domain.filters import AttemptFilter
from waadmin.domain.statuses import Status
from waadmin.engine import stats as stats_engine
from waadmin.engine.stats import Breakdown, Stats
from waadmin.ui import i18n, timefmt
from waadmin.ui import settings as ui_settings
from waadmin.ui.dashboard.alerts_panel import AlertPanel
from waadmin.ui.dashboard.charts import BarsChart, DelayChart, RateChart, VolumeChart
from waadmin.ui.dashboard.figures import KeyFigures
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


def _options(database: Database) -> tuple[list[str], list[str]]:
    apps = listing.distinct_values(database, "source_app") if database.layout.has_source_app else []
    return apps, listing.distinct_values(database, "message_type")


class DashboardView(QWidget):
    open_filter = Signal(object)  # AttemptFilter for the attempts list
    stats_ready = Signal(object)  # Stats (for tests and the tray's alert notifications)
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
        self._generation = 0
        self._loaded_options = False

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
            combo.currentIndexChanged.connect(lambda _=0: self.reload())
        refresh = QPushButton(self.tr("Refresh"))
        refresh.clicked.connect(self.reload)
        thresholds = QPushButton(self.tr("Alert thresholds…"))
        thresholds.setObjectName("dashboardThresholds")
        thresholds.clicked.connect(self.edit_thresholds)
        self.status = QLabel()
        self.status.setObjectName("dashboardStatus")
        controls = QHBoxLayout()
        for widget in (QLabel(self.tr("Window:")), self.window_combo, QLabel(self.tr("Source app:")), self.app_combo, QLabel(self.tr("Type:")), self.type_combo):
            controls.addWidget(widget)
        controls.addWidget(self.status, 1)
        controls.addWidget(thresholds)
        controls.addWidget(refresh)

        self.figures = KeyFigures()
        self.alerts = AlertPanel()
        # pyqtgraph plots take ~13 ms each to build, several times that while the list loads in
        # other threads: they are made when the tab is first shown, not while the app starts.
        self._chart_plan = [
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
        self._charts_made = 0
        self._grid = QGridLayout()
        grid = self._grid

        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.addWidget(self.figures)
        body_layout.addWidget(self.alerts)
        body_layout.addLayout(grid)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addWidget(scroll, 1)

    # -- charts ---------------------------------------------------------------------------------
    def _build_chart(self) -> None:
        index = self._charts_made
        name, make, chosen = self._chart_plan[index]
        chart = make()
        if chosen is not None:
            chart.chosen.connect(chosen)
        chart.setMinimumHeight(240)
        self._grid.addWidget(chart, index // 2, index % 2)
        setattr(self, name, chart)
        self._charts_made += 1

    def ensure_charts(self) -> None:
        while self._charts_made < len(self._chart_plan):
            self._build_chart()

    # -- scope ----------------------------------------------------------------------------------
    def _reset_options(self, apps: list[str], types: list[str]) -> None:
        language = i18n.current_language()
        for combo, values, labeller in ((self.app_combo, apps, str), (self.type_combo, types, lambda t: message_types.label(t, language))):
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

    # -- loading --------------------------------------------------------------------------------
    def showEvent(self, event: Any) -> None:  # noqa: N802
        self.ensure_charts()
        super().showEvent(event)
        self.reload()

    def set_database(self, database: Database | None) -> None:
        self._loaded_options = False
        self.stats = None
        if self.isVisible():
            self.reload()

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
        self.tracker.run(
            stats_engine.compute_stats,
            database,
            window=self.window_length(),
            source_app=self.app_combo.currentData(),
            message_type=self.type_combo.currentData(),
            tz=timefmt.zone_info(self.prefs.time_zone),
            thresholds=ui_settings.alert_thresholds(self.prefs),
            on_result=lambda stats: self._show(generation, stats),
            on_error=self._failed,
        )

    def _failed(self, error: BaseException) -> None:
        if not self.session.report_problem(error):
            self.status.setText("❌ " + user_message(error))

    def _show(self, generation: int, stats: Stats) -> None:
        if generation != self._generation:
            return
        self.stats = stats
        self.ensure_charts()
        zone = self.prefs.time_zone
        self.figures.show_stats(stats)
        self.alerts.show_alerts(stats.alerts)
        step = timedelta(hours=1) if stats.bucket == "hour" else timedelta(days=1)
        offset = timefmt.to_zone(stats.end, zone).utcoffset() or timedelta(0)

        def label(at: datetime) -> str:
            text = timefmt.absolute(at, zone)
            return text[:10] if stats.bucket == "day" else text

        for chart in (self.volume, self.rate, self.delay):
            chart.set_zone_offset(int(offset.total_seconds()))
        self.rate.threshold = self.prefs.alert_min_success_rate
        self.volume.load(stats.series, step, label)
        self.rate.load(stats.series, step, label)
        self.delay.load(stats.series, step, label)
        language = i18n.current_language()
        self.errors.load([(code, code, n, "") for code, n in stats.top_errors])
        self.by_type.load(self._bars(stats.by_type, lambda k: message_types.label(k, language)))
        self.by_app.load(self._bars(stats.by_source_app, str))
        self.by_category.load(self._bars(stats.by_category, lambda k: k or "—"))
        auto = self.tr("automatic")
        self.by_region.load(self._bars(stats.by_region, lambda k: k or auto))
        shown_end = timefmt.absolute(stats.end, zone)
        self.status.setText(self.tr("{start} → {end} ({zone})").format(start=timefmt.absolute(stats.start, zone), end=shown_end, zone=timefmt.zone_label(zone)))
        self.stats_ready.emit(stats)

    def _bars(self, rows: list[Breakdown], labeller: Any) -> list[tuple[object, str, int, str]]:
        ordered = sorted(rows, key=lambda b: -b.count)
        detail = self.tr("succeeded {success}, failed for good {failed}")
        return [(b.key, labeller(b.key), b.count, detail.format(success=b.success, failed=b.failed_final)) for b in ordered]

    # -- going to the list ------------------------------------------------------------------------
    def scope_filter(self) -> AttemptFilter:
        if self.stats is None:
            return AttemptFilter()
        flt = AttemptFilter(created_from=self.stats.start, created_to=self.stats.end)
        if self.app_combo.currentData():
            flt = flt.with_(source_apps=frozenset({self.app_combo.currentData()}))
        if self.type_combo.currentData():
            flt = flt.with_(message_types=frozenset({self.type_combo.currentData()}))
        return flt

    def _open(self, **parts: Any) -> None:
        self.open_filter.emit(self.scope_filter().with_(**parts))

    # -- thresholds -------------------------------------------------------------------------------
    def edit_thresholds(self) -> None:
        from waadmin.ui.dialogs.thresholds_dialog import ThresholdsDialog

        dialog = ThresholdsDialog(self.prefs, self)
        if dialog.exec():
            dialog.apply_to(self.prefs)
            ui_settings.save_preferences(self.prefs)
            self.thresholds_changed.emit()
            self.reload()
