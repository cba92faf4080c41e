"""The main window: the tabs, menus, toolbar and status bar, wired to the controllers that do
the commands' work (waadmin.ui.operations for retries, cancels, resets, cleanup, export and bulk
actions; waadmin.ui.connection for the database and the provider; waadmin.ui.worker for the
background worker). Rules about what may be done to an attempt live in the engine and the
database's conditional updates.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from PySide6.QtCore import QEvent, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from waadmin import __version__
from waadmin.config import log_files
from waadmin.db import aggregates
from waadmin.db.database import Database
from waadmin.domain.clock import utcnow
from waadmin.domain.filters import AttemptFilter
from waadmin.engine.demo import DemoSummary
from waadmin.ui import outage_text, retranslate, timefmt
from waadmin.ui import settings as ui_settings
from waadmin.ui.attempts_view import AttemptsView
from waadmin.ui.audit_view import AuditView
from waadmin.ui.commands import COMMANDS, CommandState, Target, attempt_state, make_action, update_actions
from waadmin.ui.connection import ConnectionController
from waadmin.ui.connection_banner import ConnectionBanner
from waadmin.ui.dashboard.view import DashboardView
from waadmin.ui.detail_window import AttemptDetailWindow
from waadmin.ui.dialogs.alert_channels_dialog import AlertChannelsDialog
from waadmin.ui.display_menus import DisplayMenus
from waadmin.ui.failures_view import FailuresView
from waadmin.ui.long_operation import LongOperation
from waadmin.ui.lost_objects_banner import LostObjectsBanner
from waadmin.ui.operations.bulk_actions import BulkActions
from waadmin.ui.operations.cancel_and_reset import CancelAndReset
from waadmin.ui.operations.maintenance import Maintenance
from waadmin.ui.operations.redaction import RedactionActions
from waadmin.ui.operations.retry_runs import RetryRuns
from waadmin.ui.operations.runner import LongActions
from waadmin.ui.resources import icon
from waadmin.ui.saved_views_menu import SavedViewsMenu
from waadmin.ui.session import Session
from waadmin.ui.tasks import TaskTracker, user_message
from waadmin.ui.toolbar_fit import fit_toolbar
from waadmin.ui.webhooks_view import WebhooksView
from waadmin.ui.welcome import WelcomePanel
from waadmin.ui.worker.actions import WorkerActions
from waadmin.ui.worker.controller import WorkerController
from waadmin.ui.worker.tray import WorkerTray

AUTO_REFRESH_CHOICES = (0, 10, 30, 60, 300)


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

        self._build_controllers()
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
        self.worker_actions = WorkerActions(
            self.worker, self.tray, self,
            writable=lambda: self.database is not None and not self.database.read_only,
            show_status=self.show_status, refresh=self.refresh, fit_toolbar=self.fit_toolbar, show_provider_health=self.show_provider_health,
        )
        self.worker_actions.install(self.toolbar, self.menuBar(), self.statusBar())
        self.dashboard.thresholds_changed.connect(self.worker.thresholds_changed)
        self.dashboard.watch_worker(self.worker)

        self.auto_timer = QTimer(self)
        self.auto_timer.timeout.connect(self.refresh)
        self._apply_auto_refresh(self.prefs.auto_refresh_seconds)

        self.attempts.open_detail.connect(self.open_detail)
        self.attempts.selection_changed.connect(self._update_actions)
        self.attempts.query_changed.connect(self._update_actions)
        self.attempts.load_failed.connect(self.show_error)
        self.attempts.copied.connect(lambda n: self.show_status(lambda: self.tr("%Ln rows copied", "", n), 5000))
        self.attempts.row_actions = lambda: [self.act_retry_selected, self.act_cancel_selected, self.act_reset_row]
        self.attempts.open_actions = lambda: [self.act_open]
        self.attempts.copy_actions = lambda: [self.act_copy_rows, self.act_copy_phone]
        self.attempts.webhook_actions = lambda: [self.act_show_webhooks]
        self.webhooks.load_failed.connect(self.show_error)
        self.webhooks.open_attempt.connect(self.open_detail)
        self.webhooks.reprocess_requested.connect(self.maintenance.reprocess_webhooks)
        self.tracker.busy_changed.connect(self.busy.setVisible)
        self.connection.opened.connect(self._show_database)
        self.connection.usable_changed.connect(self._update_actions)
        self.connection.restored.connect(self.refresh)
        self.connection.follow_session()
        self.attempts.restore_view()
        geometry = ui_settings.load_bytes("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = ui_settings.load_bytes("window/state")
        if state is not None:
            self.restoreState(state)
        self._update_actions()

    # -- construction ---------------------------------------------------------------------------
    def _build_controllers(self) -> None:
        """Where the commands' work is done: each gets what it uses, and says what changed."""
        show_status = self.show_status
        self.connection = ConnectionController(self.session, self.tracker, self.banner, self, show_status=show_status)
        self.long_actions = LongActions(self, self.tracker, show_error=self.show_error, refresh=self.refresh)
        self.long_actions.changed.connect(self._update_actions)
        self.long_actions.finished.connect(self.batch_finished)
        self.bulk = BulkActions(
            self.session, self.tracker, self.prefs, self.long_actions, self,
            current_filter=self.attempts.filter_bar.full_filter, show_error=self.show_error, show_provider_health=self.show_provider_health,
        )
        self.redaction = RedactionActions(self.session, self.tracker, self.long_actions, self)
        self.retries = RetryRuns(
            self.session, self.tracker, self.prefs, self.long_actions, self.bulk, self,
            show_error=self.show_error, show_work=self._show_work, show_provider_health=self.show_provider_health,
        )
        self.changes = CancelAndReset(self.session, self.tracker, self.prefs, self.bulk, self, show_error=self.show_error, show_status=show_status, refresh=self.refresh)
        self.changes.finished.connect(self.batch_finished)
        self.maintenance = Maintenance(self.session, self.tracker, self.prefs, self.long_actions, self.attempts, self.webhooks, self, show_status=show_status)

    def _build_actions(self) -> None:
        """QActions from the command declarations (waadmin.ui.commands)."""
        self.commands: dict[str, QAction] = {}
        for command in COMMANDS:
            target = command.slot_of(self)
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
        """The toolbar fitted to the window's width (waadmin.ui.toolbar_fit)."""
        bar = getattr(self, "toolbar", None)
        if bar is None:
            return
        worker = self.worker_actions if hasattr(self, "worker_actions") else None
        first = [self.act_connection, self.act_export, self.act_cleanup, self.act_reset_stuck]
        if worker is not None:
            first += [worker.act_pause, worker.act_run_now, worker.act_start]
        first += [self.act_cancel_selected, self.act_refresh, self.act_retry_selected, self.act_retry_due]
        fit_toolbar(bar, self.width() - 8, first)

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
        self.display = DisplayMenus(view_menu, self.prefs, self)
        self.display.times_changed.connect(self._show_times_again)
        self.views_menu = view_menu.addMenu(self.tr("Saved views"))
        self.views_menu.setObjectName("savedViewsMenu")
        self.saved_views = SavedViewsMenu(self.views_menu, self.attempts, self, show_status=self.show_status)
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
        self.db_label = self.connection.label
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

    def show_status(self, text: retranslate.TextBuilder | str, timeout: int = 0) -> None:
        """A transient status-bar message; a builder is said again in the new language if it
        changes while the message shows."""
        retranslate.show_message(self.statusBar(), text, timeout)

    def show_provider_health(self) -> None:
        """The provider's health as the last sends saw it (the worker's and the window's own)."""
        endpoints = self.session.health.snapshot()
        retranslate.set_text(self.provider_label, lambda: outage_text.health_line(endpoints))
        retranslate.set_tool_tip(self.provider_label, lambda: outage_text.health_detail(endpoints))

    @property
    def operation(self) -> LongOperation | None:
        """The long action running, if any (one at a time)."""
        return self.long_actions.operation

    # -- connection ------------------------------------------------------------------------------
    @property
    def database(self) -> Database | None:
        return self.session.database

    def _show_database(self, database: Database) -> None:
        """A database opened: every view shows it; detail windows of the previous one close."""
        self.attempts.set_database(database)
        self.webhooks.set_database(database)
        self.failures.set_database(database)
        self.dashboard.set_database(database)
        for window in list(self.details.values()):
            window.close()
        self._update_actions()
        self._refresh_status()

    def configure_alert_channels(self) -> AlertChannelsDialog:
        dialog = AlertChannelsDialog(self.tracker, self)

        def saved() -> None:
            self.worker.alert_channels_changed()
            self.show_status(lambda: self.tr("Notification channels saved."), 8000)

        dialog.accepted.connect(saved)
        dialog.open()
        self.alert_channels_dialog = dialog
        return dialog

    # -- errors -------------------------------------------------------------------------------------
    def show_error(self, error: BaseException) -> None:
        if self.session.report_problem(error):
            return  # the banner says it; reconnecting is under way
        message = user_message(error)
        self.show_status(lambda: "❌ " + user_message(error), 15000)
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
        # Past a long backlog the split is estimated from a sample: its figures say "≈".
        mark = "≈\u202f" if work.estimated else ""
        self.work_label.setText(
            self.tr("Due now: {due} · Scheduled: {scheduled} · Stuck: {stuck}").format(
                due=f"{mark}{work.ready_now}", scheduled=f"{mark}{work.scheduled}", stuck=f"{mark}{work.stuck}"
            )
        )
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

    def _show_times_again(self) -> None:
        """Every time on screen written again after the zone or the offset setting changed."""
        zone = self.prefs.time_zone
        self.attempts.model.set_time_zone(zone)
        self.webhooks.model.time_zone = zone
        self.webhooks.model.layoutChanged.emit()
        for window in self.details.values():
            window.time_zone = zone
            window.load()

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
            self.worker_actions.show_status()
            self.tray.update_status(self.worker.status)
        work = getattr(self, "work_counts", None)
        if work is not None:
            self._show_work(work)
        self.connection.show_database()
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

    def add_welcome_panel(self) -> WelcomePanel:
        """The first-run panel, in place of the tabs while it is shown (the app adds it; a window
        made for one database alone has none)."""
        panel = WelcomePanel(self.session, self.tracker, self)
        layout = self.centralWidget().layout()
        layout.insertWidget(layout.indexOf(self.tabs), panel, 1)
        panel.shown_changed.connect(lambda shown: self.tabs.setVisible(not shown))
        panel.connect_requested.connect(self.connection.choose_connection)
        self.connection.provider_saved.connect(panel.show_provider)  # with the warnings the dialog gave

        def loaded(summary: object) -> None:
            if not isinstance(summary, DemoSummary):
                return  # the panel says itself why the demo could not be made
            if panel.database is not None:
                self.attempts.set_database(panel.database)
                self.webhooks.set_database(panel.database)
            self.refresh()
            self.show_status(lambda: panel.loaded_text(summary), 10000)

        panel.demo_loaded.connect(loaded)
        return panel

    def show_webhooks_of(self, attempt_id: int) -> None:
        """The Webhooks tab, showing this attempt's logs."""
        self.webhooks.show_attempt(attempt_id)
        self.tabs.setCurrentWidget(self.webhooks)

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

    # -- commands on attempts (the list's selection, or a detail window's attempt) ---------------
    def list_target(self) -> Target:
        return Target(tuple(self.attempts.selected_rows()), self.attempts.all_matching_selected, self, note=lambda text: self.show_status(text, 5000))

    def command_state(self, rows: tuple[Any, ...] = (), *, all_matching: bool = False) -> CommandState:
        database = self.database
        usable = database is not None and not self.session.lost_reason
        return CommandState(
            connected=database is not None,
            usable=usable,
            writable=usable and database is not None and not database.read_only,
            idle=self.long_actions.idle,
            selected=tuple(attempt_state(r) for r in rows) if usable else (),
            all_matching=all_matching,
        )

    def read_only_tip(self) -> str:
        database = self.database
        return self.tr("Read-only connection: changes are disabled") if database is not None and database.read_only else ""

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

    # -- misc --------------------------------------------------------------------------------------
    def open_log_folder(self) -> None:
        """The folder holding waadmin's log files, in the desktop's file manager."""
        folder = log_files.log_folder()
        folder.mkdir(parents=True, exist_ok=True)
        self.last_opened_folder = folder
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
            self.show_status(lambda: self.tr("The log files are in {folder}").format(folder=folder), 15000)

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
            self.show_status(lambda: self.tr("Stopping the worker: sends under way finish first…"))
            self.worker.shutdown()
        self.tray.hide()
        self.tracker.stop_all()
        event.accept()
        self.quit_requested.emit()

