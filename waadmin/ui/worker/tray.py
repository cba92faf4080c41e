"""The system-tray icon: the worker's state at a glance, a menu to act on it, notifications.

Where the desktop has no tray (``isSystemTrayAvailable()`` is False: offscreen, bare X
servers, some Wayland sessions) there is no icon; notices then go to the main window's status
bar and closing the window asks before stopping the worker (see MainWindow.closeEvent).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from waadmin.engine.worker import WorkerState, WorkerStatus
from waadmin.ui.resources import icon
from waadmin.ui.worker.controller import WorkerController
from waadmin.ui.worker.describe import describe_status

ICONS = {
    WorkerState.STOPPED: "tray-idle",
    WorkerState.IDLE: "tray-idle",
    WorkerState.RUNNING: "tray-working",
    WorkerState.PAUSED: "tray-paused",
    WorkerState.DATABASE_DOWN: "tray-error",
    WorkerState.PROVIDER_DOWN: "tray-provider-down",
    WorkerState.ERROR: "tray-error",
}
NOTICE_MS = 8000


def tray_icon_name(status: WorkerStatus) -> str:
    if status.state in (WorkerState.IDLE, WorkerState.STOPPED) and status.active_alerts:
        return "tray-alert"
    return ICONS[status.state]


class WorkerTray(QObject):
    show_requested = Signal()
    quit_requested = Signal()
    notified = Signal(str, str)  # title, text: what was shown (or would have been, without a tray)

    def __init__(self, controller: WorkerController, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.available = QSystemTrayIcon.isSystemTrayAvailable()
        self.menu = QMenu()
        self.menu.setObjectName("trayMenu")
        self.act_show = self._add("trayShow", self.tr("Show waadmin"), self.show_requested.emit)
        self.act_run_now = self._add("trayRunNow", self.tr("Run now"), controller.run_now)
        self.act_pause = self._add("trayPause", self.tr("Pause"), controller.toggle_pause)
        self.menu.addSeparator()
        self.act_quit = self._add("trayQuit", self.tr("Quit"), self.quit_requested.emit)
        self.icon_name = "tray-idle"
        self.tooltip = "waadmin"
        self.icon: QSystemTrayIcon | None = None
        if self.available:
            self.icon = QSystemTrayIcon(icon("tray-idle"), self)
            self.icon.setContextMenu(self.menu)
            self.icon.activated.connect(self._on_activated)
            self.icon.show()
        controller.status_changed.connect(self.update_status)
        controller.notice.connect(self.notify)
        self.update_status(controller.status)

    def _add(self, name: str, text: str, slot: object) -> QAction:
        action = self.menu.addAction(text)
        action.setObjectName(name)
        action.triggered.connect(lambda _=False: slot())  # type: ignore[operator]
        return action

    def _on_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (QSystemTrayIcon.ActivationReason.Trigger, QSystemTrayIcon.ActivationReason.DoubleClick):
            self.show_requested.emit()

    def update_status(self, status: WorkerStatus) -> None:
        self.icon_name = tray_icon_name(status)
        self.tooltip = "waadmin — " + self.tr("worker: {state}").format(state=describe_status(self, status))
        paused = status.state == WorkerState.PAUSED
        self.act_pause.setText(self.tr("Resume") if paused else self.tr("Pause"))
        self.act_pause.setEnabled(self.controller.running)
        if self.icon is not None:
            self.icon.setIcon(icon(self.icon_name))
            self.icon.setToolTip(self.tooltip)

    def notify(self, title: str, text: str, warning: bool = False) -> None:
        self.notified.emit(title, text)
        if self.icon is not None and self.icon.supportsMessages():
            kind = QSystemTrayIcon.MessageIcon.Warning if warning else QSystemTrayIcon.MessageIcon.Information
            self.icon.showMessage(title, text, kind, NOTICE_MS)

    def hide(self) -> None:
        if self.icon is not None:
            self.icon.hide()
