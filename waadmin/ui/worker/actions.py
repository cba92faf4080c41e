"""The worker in the main window: toolbar and menu actions, the status-bar line, and what a
finished run changes on screen (the list refreshes, notices show without a tray)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QMenuBar, QStatusBar, QToolBar, QWidget

from waadmin.engine.retry import RetryReport
from waadmin.engine.worker import WorkerState, WorkerStatus
from waadmin.ui.resources import icon
from waadmin.ui.retranslate import TextBuilder
from waadmin.ui.worker.controller import WorkerController
from waadmin.ui.worker.describe import describe_status
from waadmin.ui.worker.tray import WorkerTray


class WorkerActions(QObject):
    """Given what it uses, not the window: the worker and its tray, whether the database takes
    writes, and the window's few services (a status line, a refresh, fitting the toolbar)."""

    def __init__(
        self,
        controller: WorkerController,
        tray: WorkerTray,
        parent: QWidget,
        *,
        writable: Callable[[], bool],
        show_status: Callable[[TextBuilder | str, int], None],
        refresh: Callable[[], None],
        fit_toolbar: Callable[[], None],
        show_provider_health: Callable[[], None],
    ) -> None:
        super().__init__(parent)
        self.parent_widget = parent
        self.controller = controller
        self.tray = tray
        self.writable = writable
        self.show_message = show_status
        self.refresh = refresh
        self.fit_toolbar = fit_toolbar
        self.show_provider_health = show_provider_health
        self.act_start = self._action("actWorkerStart", self.tr("Worker"), "worker-play", self.toggle_running, self.tr("Start or stop the background retry worker"))
        self.act_start.setCheckable(True)
        self.act_pause = self._action("actWorkerPause", self.tr("Pause"), "worker-pause", self.controller.toggle_pause, self.tr("Pause the worker: no new sends, sends under way finish"))
        self.act_pause.setCheckable(True)
        self.act_run_now = self._action("actWorkerRunNow", self.tr("Run now"), "run-now", self.controller.run_now, self.tr("Run one batch of due retries now"))
        self.act_settings = self._action("actWorkerSettings", self.tr("Worker settings…"), "settings", self.edit_settings, self.tr("Interval, batch size, rate limit, start at launch"))
        self.label = QLabel()
        self.label.setObjectName("statusWorker")
        self.ticker = QTimer(self)
        self.ticker.setInterval(1000)
        self.ticker.timeout.connect(self.show_status)
        self.controller.status_changed.connect(self._on_status)
        self.controller.run_finished.connect(self._on_run)
        self.controller.blocked.connect(self._on_blocked)
        tray.notified.connect(self._on_notice)
        self._on_status(self.controller.status)

    def _action(self, name: str, text: str, icon_name: str, slot: object, tip: str) -> QAction:
        action = QAction(icon(icon_name), text, self.parent_widget)
        action.setObjectName(name)
        action.setToolTip(tip)
        action.setStatusTip(tip)
        action.triggered.connect(lambda _=False: slot())  # type: ignore[operator]
        self.parent_widget.addAction(action)  # its shortcut works wherever the focus is
        return action

    def install(self, bar: QToolBar, menu_bar: QMenuBar, status_bar: QStatusBar) -> None:
        bar.addSeparator()
        for action in (self.act_start, self.act_pause, self.act_run_now):
            bar.addAction(action)
        menu = menu_bar.addMenu(self.tr("&Worker"))
        menu.setObjectName("workerMenu")
        for action in (self.act_start, self.act_pause, self.act_run_now):
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction(self.act_settings)
        status_bar.addWidget(self.label)

    # -- actions -----------------------------------------------------------------------------
    def toggle_running(self) -> None:
        if self.controller.running:
            self.controller.stop()
        else:
            self.controller.start()
        self.update_enabled()

    def edit_settings(self) -> None:
        from waadmin.ui.worker.settings_dialog import WorkerSettingsDialog

        dialog = WorkerSettingsDialog(self.controller.settings, self.parent_widget)
        if dialog.exec():
            self.controller.apply_settings(dialog.settings())

    def update_enabled(self) -> None:
        writable = self.writable()
        running = self.controller.running
        self.act_start.setEnabled(writable or running)
        self.act_start.setChecked(running)
        self.act_start.setText(self.tr("Stop worker") if running else self.tr("Start worker"))
        self.act_start.setIcon(icon("tray-idle" if running else "worker-play"))
        self.act_pause.setEnabled(running)
        self.act_pause.setChecked(self.controller.paused)
        self.act_pause.setText(self.tr("Resume") if self.controller.paused else self.tr("Pause"))
        self.act_run_now.setEnabled(writable)
        self.tray.act_run_now.setEnabled(writable)
        if (self.act_start.text(), self.act_pause.text()) != getattr(self, "_fitted_texts", None):
            self._fitted_texts = (self.act_start.text(), self.act_pause.text())
            self.fit_toolbar()  # "Stop worker" is not as wide as "Start worker"

    # -- reports -----------------------------------------------------------------------------
    def _on_status(self, status: WorkerStatus) -> None:
        self.show_status()
        if status.state == WorkerState.STOPPED:
            self.ticker.stop()
        elif not self.ticker.isActive():
            self.ticker.start()
        self.update_enabled()

    def show_status(self) -> None:
        status = self.controller.status
        if status.state == WorkerState.STOPPED and self.controller.blocked_reason:
            self.label.setText(self.tr("Worker: not running — {reason}").format(reason=self.controller.blocked_reason))
            return
        self.label.setText(self.tr("Worker: {state}").format(state=describe_status(self, status)))
        self.tray.update_status(status)
        self.show_provider_health()

    def _on_run(self, report: RetryReport) -> None:
        if report.processed or report.recovered:
            self.refresh()

    def _on_blocked(self, reason: str) -> None:
        self.show_status()
        self.show_message(lambda: self.controller.blocked_reason or reason, 15000)
        self.update_enabled()

    def _on_notice(self, title: str, text: str) -> None:
        if not self.tray.available:
            notice = self.controller.last_notice
            build = (lambda: f"{notice[0]()}: {notice[1]()}") if notice is not None else f"{title}: {text}"
            self.show_message(build, 15000)
