"""The main window: toolbar, the Attempts and Webhooks tabs, and the status bar.

It only wires widgets to the engine through background tasks; rules about what may be done to
an attempt live in the engine and the database's conditional updates.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

from PySide6.QtCore import QEvent, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QDesktopServices
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFileDialog,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QTabWidget,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from waadmin import __version__
from waadmin.config import log_files
from waadmin.config.profiles import Profile, ProfileStore
from waadmin.db import aggregates, transitions
from waadmin.db.database import Database
from waadmin.domain import rules, statuses
from waadmin.domain.clock import utcnow
from waadmin.domain.filters import AttemptFilter
from waadmin.engine import actions, webhooks
from waadmin.engine import cleanup as cleanup_engine
from waadmin.engine.export import export_csv
from waadmin.engine.progress import Progress
from waadmin.engine.retry import RetryOptions, RetryReport, RetryRun
from waadmin.providers.settings import ProviderSettings
from waadmin.ui import engine_text, i18n, labels, outage_text, retranslate, timefmt
from waadmin.ui import settings as ui_settings
from waadmin.ui.attempts_view import AttemptsView
from waadmin.ui.audit_view import AuditView
from waadmin.ui.bulk_actions import BulkActions
from waadmin.ui.commands import COMMANDS, CommandState, Target, make_action, update_actions
from waadmin.ui.connection_banner import ConnectionBanner
from waadmin.ui.dashboard.view import DashboardView
from waadmin.ui.detail_window import AttemptDetailWindow
from waadmin.ui.dialogs.alert_channels_dialog import AlertChannelsDialog
from waadmin.ui.dialogs.cleanup_dialog import CleanupDialog
from waadmin.ui.dialogs.connection_dialog import ConnectionDialog
from waadmin.ui.dialogs.profiles_dialog import ProfilesDialog
from waadmin.ui.dialogs.provider_dialog import ProviderDialog
from waadmin.ui.failures_view import FailuresView
from waadmin.ui.long_operation import LongOperation
from waadmin.ui.lost_objects_banner import LostObjectsBanner
from waadmin.ui.redaction_actions import RedactionActions
from waadmin.ui.resources import icon
from waadmin.ui.session import ConnectRequest, Session
from waadmin.ui.tasks import TaskTracker, user_message
from waadmin.ui.webhooks_view import WebhooksView
from waadmin.ui.worker.actions import WorkerActions
from waadmin.ui.worker.controller import WorkerController
from waadmin.ui.worker.tray import WorkerTray

AUTO_REFRESH_CHOICES = (0, 10, 30, 60, 300)


def _state(row: Any) -> rules.AttemptState:
    return rules.AttemptState(row.status, row.attempt_count, row.max_attempts, row.created_at, row.next_retry_at, row.last_attempt_at)


class MainWindow(QMainWindow):
    batch_finished = Signal(object)  # what a long action returned (for tests and the tray)
    quit_requested = Signal()  # the window closed for good: the app ends (not when hidden to the tray)

    def __init__(self, session: Session, tracker: TaskTracker, prefs: ui_settings.Preferences | None = None) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.session = session
        self.tracker = tracker
        self.prefs = prefs or ui_settings.load_preferences()
        timefmt.set_always_offset(self.prefs.always_utc_offset)
        self.details: dict[int, AttemptDetailWindow] = {}
        self.operation: LongOperation | None = None
        self._error_shown = False
        self.setWindowTitle("waadmin")
        self.setWindowIcon(icon("waadmin"))
        self.resize(1400, 820)

        self.attempts = AttemptsView(tracker, self.prefs.page_size, self)
        self.attempts.model.set_time_zone(self.prefs.time_zone)
        self.webhooks = WebhooksView(tracker, self)
        self.webhooks.model.time_zone = self.prefs.time_zone
        self.tabs = QTabWidget()
        self.tabs.setObjectName("mainTabs")
        self.tabs.addTab(self.attempts, icon("list"), self.tr("Attempts"))
        self.dashboard = DashboardView(session, tracker, self.prefs)
        self.dashboard.open_filter.connect(self.show_failure_group)
        self.tabs.addTab(self.dashboard, icon("dashboard"), self.tr("Dashboard"))
        self.tabs.addTab(self.webhooks, icon("webhook"), self.tr("Webhooks"))
        self.audit_view = AuditView(session, tracker)
        self.failures = FailuresView(session, tracker)
        self.failures.show_group.connect(self.show_failure_group)
        self.audit_view.show_attempts.connect(self.show_failure_group)
        self.tabs.addTab(self.failures, icon("failures"), self.tr("Failures"))
        self.tabs.addTab(self.audit_view, icon("audit"), self.tr("Audit"))

        self.banner = ConnectionBanner()
        central = QWidget()
        central_layout = QVBoxLayout(central)
        central_layout.setContentsMargins(4, 4, 4, 4)
        central_layout.addWidget(self.banner)
        self.lost_objects_banner = LostObjectsBanner(session, tracker)  # checks each connection itself
        central_layout.addWidget(self.lost_objects_banner)
        central_layout.addWidget(self.tabs, 1)
        self.setCentralWidget(central)

        self._build_actions()
        self._build_toolbar()
        self._build_menus()
        self._build_status_bar()

        self._quitting = False
        self._tray_hint_shown = False
        self.worker = WorkerController(session, self.prefs, self)
        self.tray = WorkerTray(self.worker, self)
        self.tray.show_requested.connect(self.show_from_tray)
        self.tray.quit_requested.connect(self.quit_app)
        self.worker_actions = WorkerActions(self)
        self.worker_actions.install()
        self.dashboard.thresholds_changed.connect(self.worker.thresholds_changed)
        self.dashboard.watch_worker(self.worker)

        self.auto_timer = QTimer(self)
        self.auto_timer.timeout.connect(self.refresh)
        self._apply_auto_refresh(self.prefs.auto_refresh_seconds)

        self.attempts.open_detail.connect(self.open_detail)
        self.attempts.selection_changed.connect(self._update_actions)
        self.attempts.query_changed.connect(self._update_actions)
        self.attempts.load_failed.connect(self.show_error)
        self.attempts.copied.connect(lambda n: retranslate.show_message(self.statusBar(), lambda: self.tr("%Ln rows copied", "", n), 5000))
        self.attempts.row_actions = lambda: [self.act_retry_selected, self.act_cancel_selected, self.act_reset_row]
        self.attempts.open_actions = lambda: [self.act_open]
        self.attempts.copy_actions = lambda: [self.act_copy_rows, self.act_copy_phone]
        self.attempts.webhook_actions = lambda: [self.act_show_webhooks]
        self.webhooks.load_failed.connect(self.show_error)
        self.webhooks.open_attempt.connect(self.open_detail)
        self.webhooks.reprocess_requested.connect(self.reprocess_webhooks)
        self.tracker.busy_changed.connect(self.busy.setVisible)
        session.connected.connect(self._on_connected)
        session.connect_failed.connect(self._on_connect_failed)
        session.missing_file.connect(self._on_missing_file)
        session.connection_lost.connect(self._on_connection_lost)
        session.connection_restored.connect(self._on_connection_restored)
        self.attempts.restore_view()
        geometry = ui_settings.load_bytes("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = ui_settings.load_bytes("window/state")
        if state is not None:
            self.restoreState(state)
        self._update_actions()

    # -- construction ---------------------------------------------------------------------------
    def _build_actions(self) -> None:
        """QActions from the command declarations (waadmin.ui.commands)."""
        self.bulk = BulkActions(self)
        self.redaction = RedactionActions(self)
        self.commands: dict[str, QAction] = {}
        for command in COMMANDS:
            target: Any = self
            for part in command.slot.split("."):
                target = getattr(target, part)
            if command.on_attempts:
                trigger = lambda slot=target: slot(self.list_target())  # noqa: E731 - one per command
            else:
                trigger = target
            action = make_action(command, self, icon(command.icon), trigger)
            self.addAction(action)
            setattr(self, command.attr, action)
            self.commands[command.id] = action

    def _build_toolbar(self) -> None:
        bar = QToolBar(self.tr("Main toolbar"))
        bar.setObjectName("mainToolbar")
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        for action in (self.act_refresh, None, self.act_retry_selected, self.act_cancel_selected, self.act_retry_due, self.act_reset_stuck, self.act_cleanup, None, self.act_export, self.act_connection):
            if action is None:
                bar.addSeparator()
            else:
                bar.addAction(action)
        bar.addSeparator()
        self.auto_label = QLabel(self.tr("Auto-refresh:"))
        self.auto_label.setContentsMargins(6, 0, 4, 0)
        bar.addWidget(self.auto_label)
        self.auto_combo = QComboBox()
        self.auto_combo.setObjectName("autoRefresh")
        for seconds in AUTO_REFRESH_CHOICES:
            self.auto_combo.addItem(self.tr("off") if seconds == 0 else (self.tr("{n} s").format(n=seconds) if seconds < 60 else self.tr("{n} min").format(n=seconds // 60)), seconds)
        current = AUTO_REFRESH_CHOICES.index(self.prefs.auto_refresh_seconds) if self.prefs.auto_refresh_seconds in AUTO_REFRESH_CHOICES else 0
        self.auto_combo.setCurrentIndex(current)
        self.auto_combo.currentIndexChanged.connect(lambda _: self._apply_auto_refresh(int(self.auto_combo.currentData())))
        bar.addWidget(self.auto_combo)
        self.addToolBar(bar)
        self.toolbar = bar

    def fit_toolbar(self) -> None:
        """Text beside the icons while the whole toolbar fits the window; when it does not, the
        least used commands lose their text first (their names stay in the tooltips), down to
        icons only. No command is ever hidden behind the "»" overflow, whatever the language."""
        bar = getattr(self, "toolbar", None)
        if bar is None:
            return
        buttons = [b for b in (bar.widgetForAction(a) for a in bar.actions()) if isinstance(b, QToolButton)]
        for button in buttons:
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        # The order they give up their text: the rarer commands first, the everyday ones last.
        worker = self.worker_actions if hasattr(self, "worker_actions") else None
        first = [self.act_connection, self.act_export, self.act_cleanup, self.act_reset_stuck]
        if worker is not None:
            first += [worker.act_pause, worker.act_run_now, worker.act_start]
        first += [self.act_cancel_selected, self.act_refresh, self.act_retry_selected, self.act_retry_due]
        order = [b for b in buttons if b.defaultAction() not in first]
        order += [b for b in (bar.widgetForAction(a) for a in first) if isinstance(b, QToolButton)]
        available = self.width() - 8
        for button in order:
            if self._toolbar_width(bar) <= available:
                break
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)

    @staticmethod
    def _toolbar_width(bar: QToolBar) -> int:
        layout = bar.layout()
        spacing = layout.spacing()
        width = layout.contentsMargins().left() + layout.contentsMargins().right() + 2 * bar.style().pixelMetric(bar.style().PixelMetric.PM_ToolBarHandleExtent)
        for i in range(layout.count()):
            item = layout.itemAt(i)
            widget = item.widget()
            if widget is not None and widget.objectName() == "qt_toolbar_ext_button":
                continue
            if widget is not None and isinstance(widget, QToolButton):
                widget.ensurePolished()
            width += item.sizeHint().width() + spacing
        return width

    def resizeEvent(self, event: Any) -> None:  # noqa: N802
        super().resizeEvent(event)
        self.fit_toolbar()

    def _build_menus(self) -> None:
        menu = self.menuBar()
        file_menu = menu.addMenu(self.tr("&File"))
        file_menu.addAction(self.act_connection)
        file_menu.addAction(self.act_provider)
        file_menu.addAction(self.act_profiles)
        file_menu.addAction(self.act_export)
        file_menu.addSeparator()
        file_menu.addAction(self.act_quit)
        actions_menu = menu.addMenu(self.tr("&Actions"))
        for action in (self.act_retry_selected, self.act_cancel_selected, self.act_retry_due, self.act_retry_matching, self.act_cancel_matching, self.act_reset_stuck, self.act_cleanup, self.act_redact):
            actions_menu.addAction(action)
        view_menu = menu.addMenu(self.tr("&View"))
        view_menu.addAction(self.act_refresh)
        zone_menu = view_menu.addMenu(self.tr("Time zone"))
        self.zone_group = QActionGroup(self)
        for zone in timefmt.ZONES:
            action = zone_menu.addAction(timefmt.zone_label(zone))
            action.setObjectName(f"zone_{zone}")
            action.setCheckable(True)
            action.setChecked(zone == self.prefs.time_zone)
            action.triggered.connect(lambda _=False, z=zone: self.set_time_zone(z))
            self.zone_group.addAction(action)
        zone_menu.addSeparator()
        self.act_always_offset = zone_menu.addAction(self.tr("Always show the UTC offset"))
        self.act_always_offset.setObjectName("alwaysUtcOffset")
        self.act_always_offset.setToolTip(self.tr("Show every time with its offset from UTC, not only the ones the clocks going back make ambiguous"))
        self.act_always_offset.setCheckable(True)
        self.act_always_offset.setChecked(self.prefs.always_utc_offset)
        self.act_always_offset.toggled.connect(self.set_always_offset)
        language_menu = view_menu.addMenu(self.tr("Language"))
        self.language_group = QActionGroup(self)
        for key, label in (("", self.tr("System")), ("en", "English"), ("fr", "Français")):
            action = language_menu.addAction(label)
            action.setObjectName(f"language_{key or 'system'}")
            action.setCheckable(True)
            action.setChecked(key == self.prefs.language)
            action.triggered.connect(lambda _=False, k=key: self.set_language(k))
            self.language_group.addAction(action)
        self.views_menu = view_menu.addMenu(self.tr("Saved views"))
        self.views_menu.setObjectName("savedViewsMenu")
        self.views_menu.aboutToShow.connect(self._fill_views_menu)
        self._fill_views_menu()
        self.view_menu = view_menu
        alerts_menu = menu.addMenu(self.tr("A&lerts"))
        alerts_menu.setObjectName("alertsMenu")
        alerts_menu.addAction(self.act_alert_channels)
        thresholds = alerts_menu.addAction(self.tr("Alert thresholds…"))
        thresholds.setObjectName("actAlertThresholds")
        thresholds.triggered.connect(self.dashboard.edit_thresholds)
        self.alerts_menu = alerts_menu
        help_menu = menu.addMenu(self.tr("&Help"))
        logs = help_menu.addAction(self.tr("Open log folder"))
        logs.setObjectName("actOpenLogFolder")
        logs.triggered.connect(self.open_log_folder)
        about = help_menu.addAction(self.tr("About waadmin"))
        about.triggered.connect(self.about)

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.db_label = QLabel(self.tr("Not connected"))
        self.db_label.setObjectName("statusDatabase")
        self.work_label = QLabel()
        self.work_label.setObjectName("statusWork")
        self.refresh_label = QLabel()
        self.refresh_label.setObjectName("statusRefreshed")
        self.busy = QProgressBar()
        self.busy.setObjectName("busyIndicator")
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(90)
        self.busy.setMaximumHeight(14)
        self.busy.setVisible(False)
        self.busy.setToolTip(self.tr("Working…"))
        self.provider_label = QLabel()
        self.provider_label.setObjectName("statusProvider")
        self.selection_label = QLabel()
        self.selection_label.setObjectName("statusSelection")
        bar.addWidget(self.db_label)
        bar.addWidget(self.work_label)
        bar.addWidget(self.provider_label)
        bar.addPermanentWidget(self.selection_label)
        bar.addPermanentWidget(self.busy)
        bar.addPermanentWidget(self.refresh_label)

    def show_provider_health(self) -> None:
        """The provider's health as the last sends saw it (the worker's and the window's own)."""
        endpoints = self.session.health.snapshot()
        retranslate.set_text(self.provider_label, lambda: outage_text.health_line(endpoints))
        retranslate.set_tool_tip(self.provider_label, lambda: outage_text.health_detail(endpoints))

    # -- connection ------------------------------------------------------------------------------
    @property
    def database(self) -> Database | None:
        return self.session.database

    def _on_connected_labels(self, database: Database) -> None:
        self.db_label.setText(f"{database.display_name} · {database.layout.key.upper()}" + (" · " + self.tr("read-only") if database.read_only else ""))
        self.db_label.setToolTip(database.masked_url)
        self.setWindowTitle(f"waadmin — {database.display_name}")

    def _on_connected(self, database: Database) -> None:
        self._on_connected_labels(database)
        self.banner.clear()
        self.attempts.set_database(database)
        self.webhooks.set_database(database)
        self.failures.set_database(database)
        self.dashboard.set_database(database)
        for window in list(self.details.values()):
            window.close()
        self._update_actions()
        self._refresh_status()

    def _on_connect_failed(self, message: str) -> None:
        # One place says it: the banner (closable). A dialog on top said it a second time.
        self.banner.show_message(lambda: "❌ " + self.tr("Could not open the database: {reason}").format(reason=engine_text.translate(message)))
        if self.database is None:
            self.db_label.setText(self.tr("Not connected"))

    def _on_missing_file(self, path: str) -> None:
        """A SQLite file that is not there (a typo, or a first start with --database): offer to
        create it rather than only saying it is missing."""
        answer = QMessageBox.question(
            self,
            self.tr("No database file"),
            self.tr("There is no database file at {path}. Create an empty waadmin database there?").format(path=path),
        )
        if answer == QMessageBox.StandardButton.Yes and self.session.request is not None:
            self.session.connect_to(replace(self.session.request, create=True))
            return
        self.banner.show_message(lambda: "❌ " + self.tr("No database file at {path}. Use File → Connection… to choose one.").format(path=path))
        if self.database is None:
            self.db_label.setText(self.tr("Not connected"))

    def _on_connection_lost(self, reason: str) -> None:
        self.banner.show_message(lambda: "⚠️ " + self.tr("The database cannot be reached: {reason}. waadmin keeps trying and will reconnect by itself.").format(reason=engine_text.translate(reason)))
        self._update_actions()

    def _on_connection_restored(self) -> None:
        self.banner.clear()
        retranslate.show_message(self.statusBar(), lambda: self.tr("The database is back."), 5000)
        self._update_actions()
        self.refresh()

    def configure_provider(self) -> ProviderDialog:
        dialog = ProviderDialog(self.tracker, self.session.provider_settings, self, service=self.session.settings)

        def saved() -> None:
            if dialog.saved is not None:
                self.session.set_provider_settings(dialog.saved)
                retranslate.show_message(self.statusBar(), lambda: self.tr("Provider settings saved."), 8000)
                welcome = getattr(self, "welcome", None)
                if welcome is not None:
                    welcome._show_provider(dialog.warnings)

        dialog.accepted.connect(saved)
        dialog.open()
        self.provider_dialog = dialog
        return dialog

    def configure_alert_channels(self) -> AlertChannelsDialog:
        dialog = AlertChannelsDialog(self.tracker, self)

        def saved() -> None:
            self.worker.alert_channels_changed()
            retranslate.show_message(self.statusBar(), lambda: self.tr("Notification channels saved."), 8000)

        dialog.accepted.connect(saved)
        dialog.open()
        self.alert_channels_dialog = dialog
        return dialog

    def manage_profiles(self) -> ProfilesDialog:
        dialog = ProfilesDialog(self.tracker, ProfileStore(self.session.settings), parent=self)
        dialog.chosen.connect(self.use_profile)
        dialog.open()
        return dialog

    def use_profile(self, url: str | None, profile: Profile, provider: ProviderSettings | None) -> None:
        """``provider``: the profile's own, read with it off the GUI thread (None: keep the current)."""
        if provider is not None:
            self.session.set_provider_settings(provider)
        self.session.connect_to(ConnectRequest(url=url, read_only=profile.read_only))

    def choose_connection(self) -> None:
        dialog = ConnectionDialog(self.tracker, self.database, self)
        if dialog.exec():
            self.session.connect_to(dialog.request())

    # -- errors -------------------------------------------------------------------------------------
    def show_error(self, error: BaseException) -> None:
        if self.session.report_problem(error):
            return  # the banner says it; reconnecting is under way
        message = user_message(error)
        retranslate.show_message(self.statusBar(), lambda: "❌ " + user_message(error), 15000)
        if not self._error_shown:  # one dialog at a time, never a storm
            self._error_shown = True
            QMessageBox.warning(self, self.tr("waadmin"), message)
            self._error_shown = False

    # -- refreshing ---------------------------------------------------------------------------------
    def refresh(self) -> None:
        if self.database is None:
            return
        if self.session.lost_reason:
            return  # the session pings; a restored connection triggers a refresh
        self.attempts.refresh()
        if self.tabs.currentWidget() is self.webhooks:
            self.webhooks.model.reload()
        if self.tabs.currentWidget() is self.failures:
            self.failures.reload()
        if self.tabs.currentWidget() is self.dashboard:
            self.dashboard.reload()
        self._refresh_status()

    def _refresh_status(self) -> None:
        database = self.database
        if database is None:
            return
        lease = timedelta(minutes=self.prefs.lease_minutes)
        grace = timedelta(minutes=self.prefs.pending_grace_minutes)
        self.tracker.run(
            aggregates.work_counts,
            database,
            AttemptFilter(),
            utcnow(),
            grace,
            lease,
            on_result=self._show_work,
            on_error=self.show_error,
        )

    def _show_work(self, work: aggregates.WorkCounts) -> None:
        self.work_counts = work
        self.work_label.setText(self.tr("Due now: {due} · Scheduled: {scheduled} · Stuck: {stuck}").format(due=work.ready_now, scheduled=work.scheduled, stuck=work.stuck))
        self.refresh_label.setText(self.tr("Refreshed {time}").format(time=timefmt.absolute(datetime.now(UTC), self.prefs.time_zone, seconds=True)[11:]))

    def _apply_auto_refresh(self, seconds: int) -> None:
        if seconds != self.prefs.auto_refresh_seconds:
            # Only a change is saved: the write ends with an fsync on the GUI thread (seen taking
            # a second while the disk was busy), at every start when it was unconditional.
            self.prefs.auto_refresh_seconds = seconds
            ui_settings.save_preferences(self.prefs)
        if seconds > 0:
            self.auto_timer.start(seconds * 1000)
        else:
            self.auto_timer.stop()

    def set_time_zone(self, zone: str) -> None:
        self.prefs.time_zone = zone
        ui_settings.save_preferences(self.prefs)
        self._show_times_again()

    def set_always_offset(self, on: bool) -> None:
        self.prefs.always_utc_offset = on
        ui_settings.save_preferences(self.prefs)
        timefmt.set_always_offset(on)
        self._show_times_again()

    def _show_times_again(self) -> None:
        """Every time on screen written again after the zone or the offset setting changed."""
        zone = self.prefs.time_zone
        self.attempts.model.set_time_zone(zone)
        self.webhooks.model.time_zone = zone
        self.webhooks.model.layoutChanged.emit()
        for window in self.details.values():
            window.time_zone = zone
            window.load()

    # -- saved views ---------------------------------------------------------------------------------
    def _fill_views_menu(self) -> None:
        menu = self.views_menu
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
                action.triggered.connect(lambda _=False, name=view.name: (ui_settings.delete_named_view(name), self._fill_views_menu()))

    def save_current_view(self, name: str | None = None) -> None:
        """Name the current filters, sort and columns."""
        if name is None:
            name, ok = QInputDialog.getText(self, self.tr("Save current view"), self.tr("Name of the view:"))
            if not ok:
                return
        name = name.strip()[:80]
        if not name:
            return
        ui_settings.save_named_view(self.attempts.current_view(name))
        self._fill_views_menu()
        retranslate.show_message(self.statusBar(), lambda: self.tr("View “{name}” saved.").format(name=name), 5000)

    def set_language(self, key: str) -> None:
        """View → Language: saved, and applied at once to every open window (no restart)."""
        self.prefs.language = key
        ui_settings.save_preferences(self.prefs)
        for action in self.language_group.actions():
            action.setChecked(action.objectName() == f"language_{key or 'system'}")
        i18n.switch(QApplication.instance(), key)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange and hasattr(self, "commands"):
            self.retranslate()

    def retranslate(self) -> None:
        """What the translation file cannot swap by itself: the commands' tooltips (with their
        shortcuts) and the status bar's figures."""
        for command in COMMANDS:
            action = self.commands[command.id]
            action.setText(command.title())
            action.setToolTip(command.tooltip())
        self._update_actions()
        if hasattr(self, "worker_actions"):
            self.worker_actions._show_status()
            self.tray.update_status(self.worker.status)
        work = getattr(self, "work_counts", None)
        if work is not None:
            self._show_work(work)
        if self.database is not None:
            self._on_connected_labels(self.database)
        self.fit_toolbar()

    # -- enabling ---------------------------------------------------------------------------------
    def _update_actions(self) -> None:
        usable = self.database is not None and not self.session.lost_reason
        rows = tuple(self.attempts.selected_rows()) if usable else ()
        state = self.command_state(rows, all_matching=self.attempts.all_matching_selected)
        update_actions(COMMANDS, self.commands, state, self.read_only_tip())
        for window in self.details.values():  # the same rules, on the attempt each one shows
            window.update_commands()
        self.selection_label.setText(self.attempts.selection_text())
        if hasattr(self, "worker_actions"):
            self.worker_actions.update_enabled()

    def show_webhooks_of(self, attempt_id: int) -> None:
        """The Webhooks tab, showing this attempt's logs."""
        self.webhooks.show_attempt(attempt_id)
        self.tabs.setCurrentWidget(self.webhooks)

    def reset_stuck_row(self, target: Target) -> None:
        rows = list(target.rows)
        database = self.database
        if len(rows) != 1 or database is None or rows[0].status != statuses.Status.SENDING:
            return
        attempt_id = rows[0].id
        answer = QMessageBox.question(
            target.origin or self,
            self.tr("Reset stuck"),
            self.tr("Give attempt #{id} back to the retry schedule? If a send is still running elsewhere, the message may go out twice.").format(id=attempt_id),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.tracker.run(
            actions.reset_stuck,
            database,
            ids=[attempt_id],
            force=True,
            audit=self.session.audit,
            on_result=lambda recovered: (self._report_reset(recovered, parent=target.origin), self._done(target)),
            on_error=lambda error: (self.show_error(error), self._done(target)),
        )

    def show_failure_group(self, flt: AttemptFilter) -> None:
        """A failure group or a dashboard bar: the list, filtered to it."""
        self.attempts.filter_bar.apply(flt)
        self.tabs.setCurrentWidget(self.attempts)

    # -- detail ------------------------------------------------------------------------------------
    def open_detail(self, attempt_id: int) -> AttemptDetailWindow | None:
        if self.database is None:
            return None
        window = self.details.get(attempt_id)
        if window is None:
            window = AttemptDetailWindow(attempt_id, self.session, self.tracker, self.prefs.time_zone, host=self)
            window.destroyed.connect(lambda _=None, i=attempt_id: self.details.pop(i, None))
            self.details[attempt_id] = window
        window.show()
        window.raise_()
        window.activateWindow()
        return window

    # -- long actions ----------------------------------------------------------------------------------
    def _start(self, title: str, label: str, fn: Any, *args: Any, total: int | None = None, describe: Any = None, on_done: Any = None, **kwargs: Any) -> LongOperation:
        operation = LongOperation(self, self.tracker, title, label, fn, *args, total=total, describe=describe, **kwargs)
        self.operation = operation
        self._update_actions()

        def finished(result: Any) -> None:
            self.operation = None
            self._update_actions()
            if on_done is not None:
                on_done(result)
            self.batch_finished.emit(result)
            self.refresh()

        def failed(error: BaseException) -> None:
            self.operation = None
            self._update_actions()
            self.show_error(error)
            self.batch_finished.emit(error)
            self.refresh()

        operation.finished.connect(finished)
        operation.failed.connect(failed)
        return operation

    def _retry_run(self, options: RetryOptions, description: str):  # noqa: ANN202 - returns a task function
        database = self.database
        session = self.session
        audit = session.audit

        def work(progress: Any, stop: Any) -> RetryReport:
            provider = session.provider()
            run = RetryRun(database, provider, options, progress=progress, stop=stop, limiter=session.limiter, health=session.health)
            return actions.audited_retry_run(run, audit, description)

        return work

    def _describe_sending(self, progress: Progress) -> str:
        total = progress.total or 0
        return self.tr("Sending… {done} of {total} done").format(done=progress.done, total=total)

    def _report_retry(self, title: str, report: RetryReport, *, ids: list[int] | None = None, passed_over: dict[int, str] | None = None, parent: QWidget | None = None) -> None:
        warning = bool(report.aborted or report.unreachable or report.not_sent)
        self.show_summary(title, lambda: self._retry_text(report, ids, passed_over), warning=warning, parent=parent)
        self.show_provider_health()

    def _retry_text(self, report: RetryReport, ids: list[int] | None, passed_over: dict[int, str] | None) -> str:
        lines = [
            self.tr("Sent: {n}").format(n=report.success),
            self.tr("Failed: {n} (permanently: {final})").format(n=report.failed, final=report.final_failures),
        ]
        if report.rate_limited:
            lines.append(self.tr("Postponed by the provider's rate limit: {n}").format(n=report.rate_limited))
        if report.skipped:
            lines.append(self.tr("Skipped (changed or taken by another sender): {n}").format(n=report.skipped))
        if report.recovered:
            lines.append(self.tr("Stuck sends recovered: {n}").format(n=len(report.recovered)))
        if report.stopped and not report.aborted:
            lines.append(self.tr("Stopped on request; sends in progress were finished and recorded."))
        if report.aborted:
            lines.append(self.tr("Interrupted: {reason}").format(reason=report.aborted))
        outage = outage_text.summary_lines(report, self.session.health.policy.threshold)
        if outage:
            lines = [*outage, "", *lines]
        errors = [r for r in report.results if r.outcome not in ("sent", "not_sent") and r.error_message][:5]
        if errors:
            lines.append("")
            lines += [f"#{r.attempt_id}: {r.error_code} — {r.error_message[:140]}" for r in errors]
        # The rows asked for and not sent, by name: "4 selected, Sent 3, Failed 0" said nothing
        # of the fourth.
        skipped = dict(passed_over or {})
        if ids is not None:
            reached = {r.attempt_id for r in report.results}
            skipped.update({i: "" for i in ids if i not in reached})
        if skipped:
            names = [f"#{i}" + (f" ({labels.status(status)})" if status else "") for i, status in sorted(skipped.items())[:20]]
            more = len(skipped) - len(names)
            lines += ["", self.tr("Not sent (%n): ", "", len(skipped)) + ", ".join(names) + (f" … +{more}" if more > 0 else "")]
        return "\n".join(lines)

    def show_summary(self, title: str, text: retranslate.TextBuilder | str, *, warning: bool = False, parent: QWidget | None = None) -> None:
        """A long action's outcome, non-modal so the list stays usable; said again in the new
        language if it changes while the box is open (``text`` a builder)."""
        box = QMessageBox(QMessageBox.Icon.Warning if warning else QMessageBox.Icon.Information, title, "", parent=parent or self)
        retranslate.keep(box, "text", text if callable(text) else (lambda: text), box.setText, box.text)
        box.setObjectName("summaryBox")
        box.open()
        self.last_summary = box

    # -- commands on attempts (the list's selection, or a detail window's attempt) ---------------
    def list_target(self) -> Target:
        return Target(tuple(self.attempts.selected_rows()), self.attempts.all_matching_selected, self, note=lambda text: retranslate.show_message(self.statusBar(), text, 5000))

    def command_state(self, rows: tuple[Any, ...] = (), *, all_matching: bool = False) -> CommandState:
        database = self.database
        usable = database is not None and not self.session.lost_reason
        return CommandState(
            connected=database is not None,
            usable=usable,
            writable=usable and database is not None and not database.read_only,
            idle=self.operation is None,
            selected=tuple(_state(r) for r in rows) if usable else (),
            all_matching=all_matching,
        )

    def read_only_tip(self) -> str:
        database = self.database
        return self.tr("Read-only connection: changes are disabled") if database is not None and database.read_only else ""

    @staticmethod
    def _done(target: Target) -> None:
        if target.after is not None:
            target.after()

    def retry_rows(self, target: Target) -> None:
        if target.all_matching:
            self.bulk.retry_matching()
            return
        rows = list(target.rows)
        origin = target.origin or self
        if not rows or self.database is None:
            return
        title = self.tr("Retry selected")
        sendable = [r for r in rows if rules.can_retry_now(_state(r))]
        passed_over = {r.id: r.status for r in rows if r not in sendable}
        lines = [self.tr("%n attempts selected:", "", len(rows)), self.tr("• %n can be sent now", "", len(sendable))]
        for status, n in sorted(Counter(passed_over.values()).items()):
            lines.append(self.tr("• %n not sent: {status}", "", n).format(status=labels.status(status)))
        if not sendable:
            QMessageBox.information(origin, title, "\n".join([*lines, "", self.tr("None of them can be sent.")]))
            return
        lines += ["", self.tr("Send %n attempts now?", "", len(sendable))]
        if QMessageBox.question(origin, title, "\n".join(lines)) != QMessageBox.StandardButton.Yes:
            return
        ids = [r.id for r in sendable]
        options = RetryOptions(limit=len(ids), ids=tuple(ids), due_only=False, recover_stuck=False, concurrency=4)
        self._start(
            title,
            self.tr("Sending %n attempts…", "", len(ids)),
            self._retry_run(options, f"retry selected ({len(ids)} ids)"),
            total=len(ids),
            describe=self._describe_sending,
            on_done=lambda report: (self._report_retry(title, report, ids=ids, passed_over=passed_over, parent=origin), self._done(target)),
        )

    def cancel_rows(self, target: Target) -> None:
        database = self.database
        if target.all_matching:
            self.bulk.cancel_matching()
            return
        ids = target.ids
        if not ids or database is None:
            return
        origin = target.origin or self
        answer = QMessageBox.question(origin, self.tr("Cancel selected"), self.tr("Cancel %n selected attempts? Those still waiting will not be sent.", "", len(ids)))
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.tracker.run(
            actions.cancel_attempts,
            database,
            ids,
            audit=self.session.audit,
            on_result=lambda report: (self._report_cancel(report), self._done(target)),
            on_error=lambda error: (self.show_error(error), self._done(target)),
        )

    def _report_cancel(self, report: actions.ActionReport) -> None:
        retranslate.show_message(
            self.statusBar(),
            lambda: self.tr("Cancelled: {done}. Not cancelled (already sending or finished): {skipped}.").format(done=len(report.done), skipped=len(report.skipped)),
            10000,
        )
        self.batch_finished.emit(report)
        self.refresh()

    def open_rows(self, target: Target) -> None:
        if len(target.rows) == 1:
            self.open_detail(target.rows[0].id)

    def copy_rows(self, target: Target) -> None:
        """Rows as tab-separated text with a header line (the list's shown columns)."""
        if target.origin is self:
            self.attempts.copy_selected_rows()
        else:
            self.attempts.copy_rows(target.ids, {r.id: r for r in target.rows})
            if target.note is not None:
                target.note(lambda: self.tr("%Ln rows copied", "", len(target.rows)))

    def copy_phone(self, target: Target) -> None:
        phones = "\n".join(r.phone_number for r in target.rows)
        if phones:
            self.attempts.copy_text(phones)
            if target.note is not None:
                target.note(lambda: self.tr("Phone copied"))

    def show_webhooks(self, target: Target) -> None:
        if len(target.rows) == 1:
            self.show_webhooks_of(target.rows[0].id)
            if target.origin is not self:
                self.show_from_tray()

    def retry_all_due(self) -> None:
        database = self.database
        if database is None:
            return
        grace = timedelta(minutes=self.prefs.pending_grace_minutes)
        lease = timedelta(minutes=self.prefs.lease_minutes)
        self.tracker.run(aggregates.work_counts, database, AttemptFilter(), utcnow(), grace, lease, on_result=self._confirm_retry_due, on_error=self.show_error)

    def _confirm_retry_due(self, work: aggregates.WorkCounts) -> None:
        self._show_work(work)
        if work.ready_now == 0:
            QMessageBox.information(self, self.tr("Retry all due"), self.tr("No attempt is due right now."))
            return
        answer = QMessageBox.question(
            self,
            self.tr("Retry all due"),
            self.tr("%n attempts are due. Send them now?", "", work.ready_now),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        options = RetryOptions(
            limit=work.ready_now,
            pending_grace=timedelta(minutes=self.prefs.pending_grace_minutes),
            lease=timedelta(minutes=self.prefs.lease_minutes),
        )
        self._start(
            self.tr("Retry all due"),
            self.tr("Sending %n attempts…", "", work.ready_now),
            self._retry_run(options, f"retry all due ({work.ready_now})"),
            total=work.ready_now,
            describe=self._describe_sending,
            on_done=lambda report: self._report_retry(self.tr("Retry all due"), report),
        )

    def reset_stuck(self) -> None:
        database = self.database
        if database is None:
            return
        lease = timedelta(minutes=self.prefs.lease_minutes)
        self.tracker.run(transitions.count_stuck, database, utcnow(), lease, on_result=self._confirm_reset, on_error=self.show_error)

    def _confirm_reset(self, count: int) -> None:
        database = self.database
        if database is None:
            return
        if count == 0:
            QMessageBox.information(self, self.tr("Reset stuck"), self.tr("No send has been stuck for more than {n} minutes.").format(n=self.prefs.lease_minutes))
            return
        answer = QMessageBox.question(
            self,
            self.tr("Reset stuck"),
            self.tr("%n attempts have been in 'sending' for more than {m} minutes. Give them back to the retry schedule?", "", count).format(m=self.prefs.lease_minutes),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.tracker.run(
            actions.reset_stuck,
            database,
            lease=timedelta(minutes=self.prefs.lease_minutes),
            audit=self.session.audit,
            on_result=self._report_reset,
            on_error=self.show_error,
        )

    def _report_reset(self, recovered: list[transitions.Recovered], parent: QWidget | None = None) -> None:
        ids = ", ".join(f"#{r.id}" for r in recovered[:30])
        QMessageBox.information(
            parent or self,
            self.tr("Reset stuck"),
            self.tr("%n attempts are back in the retry schedule. They may have reached the provider before their sender stopped: {ids}", "", len(recovered)).format(ids=ids),
        )
        self.batch_finished.emit(recovered)
        self.refresh()

    def cleanup(self) -> None:
        database = self.database
        if database is None:
            return
        dialog = CleanupDialog(self.tracker, database, self.prefs.cleanup_days, self)
        if not dialog.exec() or not dialog.count:
            return
        days = dialog.days.value()
        self.prefs.cleanup_days = days
        ui_settings.save_preferences(self.prefs)
        self._start(
            self.tr("Cleanup"),
            self.tr("Deleting %Ln attempts…", "", dialog.count),
            cleanup_engine.cleanup,
            database,
            days,
            audit=self.session.audit,
            total=dialog.count,
            describe=lambda p: self.tr("Deleted {done} of {total}").format(done=p.done, total=p.total or dialog.count),
            on_done=self._report_cleanup,
        )

    def _report_cleanup(self, report: cleanup_engine.CleanupReport) -> None:
        self.attempts.model.count_exactly_next()
        text = self.tr("%Ln attempts deleted.", "", report.deleted)
        if report.stopped:
            text += " " + self.tr("Stopped on request.")
        if report.error:
            text += " " + self.tr("Interrupted: {reason}").format(reason=report.error)
        QMessageBox.information(self, self.tr("Cleanup"), text)

    def export_csv(self) -> None:
        database = self.database
        if database is None:
            return
        suggested = f"waadmin-attempts-{datetime.now():%Y%m%d-%H%M}.csv"
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export CSV"), suggested, self.tr("CSV files (*.csv)"))
        if not path:
            return
        reveal = QMessageBox.question(
            self,
            self.tr("Export CSV"),
            self.tr("Write the passwords and codes of account, credentials and OTP messages in clear? No masks them (recommended); Yes is recorded in the audit log."),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        ) == QMessageBox.StandardButton.Yes
        self.start_export(path, reveal=reveal)

    def start_export(self, path: str, *, reveal: bool = False) -> LongOperation | None:
        database = self.database
        if database is None:
            return None
        count = self.attempts.model.count
        total = count.value if count and count.exact else None
        return self._start(
            self.tr("Export CSV"),
            lambda: self.tr("Writing {path}…").format(path=path),
            export_csv,
            database,
            path,
            self.attempts.current_filter(),
            self.attempts.current_sort(),
            reveal=reveal,
            audit=self.session.audit,
            total=total,
            describe=lambda p: self.tr("{done} rows written").format(done=p.done),
            on_done=lambda report: retranslate.show_message(
                self.statusBar(),
                lambda: self.tr("Export stopped; no file was written.") if report.stopped else self.tr("{n} rows written to {path}").format(n=report.rows, path=report.path),
                15000,
            ),
        )

    def reprocess_webhooks(self, ids: list[int] | None) -> None:
        database = self.database
        if database is None:
            return
        self._start(
            self.tr("Reprocess webhooks"),
            self.tr("Applying webhook logs…"),
            webhooks.reprocess,
            database,
            ids,
            audit=self.session.audit,
            total=len(ids) if ids else None,
            on_done=self._report_webhooks,
        )

    def _report_webhooks(self, report: webhooks.WebhookReport) -> None:
        QMessageBox.information(
            self,
            self.tr("Reprocess webhooks"),
            self.tr("{examined} logs examined: {applied} applied, {unchanged} without change, {no_match} matching no attempt, {ambiguous} matching several.").format(
                examined=report.examined, applied=report.applied, unchanged=report.unchanged, no_match=report.no_match, ambiguous=report.ambiguous
            ),
        )
        self.webhooks.model.reload()

    # -- misc --------------------------------------------------------------------------------------
    def open_log_folder(self) -> None:
        """The folder holding waadmin's log files, in the desktop's file manager."""
        folder = log_files.log_folder()
        folder.mkdir(parents=True, exist_ok=True)
        self.last_opened_folder = folder
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
            retranslate.show_message(self.statusBar(), lambda: self.tr("The log files are in {folder}").format(folder=folder), 15000)

    def about(self) -> None:
        QMessageBox.about(self, self.tr("About waadmin"), self.tr("waadmin {version}\nAdmin console for the WhatsApp notification attempts.").format(version=__version__))

    def quit_app(self) -> None:
        """Quit for good (File → Quit, the tray's Quit): unlike closing, never hides to the tray."""
        self._quitting = True
        if not self.close():
            self._quitting = False

    def show_from_tray(self) -> None:
        self.showNormal()
        self.raise_()
        self.activateWindow()

    def save_layout(self) -> None:
        ui_settings.save_bytes("window/geometry", self.saveGeometry())
        ui_settings.save_bytes("window/state", self.saveState())
        self.attempts.save_view()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.worker.running and not self._quitting:
            if self.tray.available:
                event.ignore()
                self.save_layout()
                self.hide()
                if not self._tray_hint_shown:
                    self._tray_hint_shown = True
                    self.tray.notify(self.tr("waadmin keeps running"), self.tr("The background worker goes on in the tray. Use the tray menu to show the window or quit."))
                return
            answer = QMessageBox.question(self, self.tr("Quit"), self.tr("The background worker is running. Stop it and quit? Sends under way finish and are recorded first."))
            if answer != QMessageBox.StandardButton.Yes:
                event.ignore()
                return
        if self.operation is not None:
            answer = QMessageBox.question(self, self.tr("Quit"), self.tr("A long action is running. Stop it (work in progress is finished and recorded) and quit?"))
            if answer != QMessageBox.StandardButton.Yes:
                event.ignore()
                return
            self.operation.cancel()
        self.save_layout()
        for window in list(self.details.values()):
            window.close()
        self.auto_timer.stop()
        if self.worker.running:
            self.statusBar().showMessage(self.tr("Stopping the worker: sends under way finish first…"))
            self.worker.shutdown()
        self.tray.hide()
        self.tracker.stop_all()
        event.accept()
        self.quit_requested.emit()

