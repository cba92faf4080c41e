"""An unexpected error in the window is shown and logged, never a silent death: a dialog with
what happened, where the log is and *Copy details*; Qt's own warnings go to the log too.

Installed by the real app's entry (waadmin.ui.launch) only: the tests keep pytest-qt's own
exception hook, which fails the test instead.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QObject, QtMsgType, Signal, qInstallMessageHandler
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox, QWidget

log = logging.getLogger("waadmin.crash")
qt_log = logging.getLogger("waadmin.qt")

_QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


class CrashReporter(QObject):
    # From any thread; delivered on the GUI thread, where the dialog is made.
    happened = Signal(str, str)  # one line, the whole traceback

    def __init__(self, log_path: Path | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.log_path = log_path
        self.box: QMessageBox | None = None
        self.shown = 0
        self.happened.connect(self._show)

    # -- hooks -----------------------------------------------------------------------------
    def install(self) -> None:
        sys.excepthook = self.excepthook
        threading.excepthook = self.thread_excepthook
        qInstallMessageHandler(self.qt_message)

    def excepthook(self, kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, tb)
            return
        log.critical("unexpected error", exc_info=(kind, error, tb))
        self.happened.emit(f"{kind.__name__}: {error}", "".join(traceback.format_exception(kind, error, tb)))

    def thread_excepthook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_type is SystemExit or args.exc_value is None:
            return
        self.excepthook(args.exc_type, args.exc_value, args.exc_traceback)

    @staticmethod
    def qt_message(kind: QtMsgType, context: object, message: str) -> None:
        # To the log file: Qt's own chatter ("This plugin does not support…") is not for the console.
        qt_log.log(_QT_LEVELS.get(kind, logging.WARNING), "%s", message, extra={"file_only": True})

    # -- the dialog ------------------------------------------------------------------------------
    def _show(self, message: str, details: str) -> None:
        self.shown += 1
        if self.box is not None and self.box.isVisible():
            # One dialog at a time: a storm of the same fault must not bury the window.
            self.box.setInformativeText(self.tr("{n} more errors since; all are in the log.").format(n=self.shown - 1))
            return
        self.shown = 1
        where = str(self.log_path) if self.log_path else self.tr("(no log file could be written)")
        parent = QGuiApplication.focusWindow()
        box = QMessageBox(QMessageBox.Icon.Critical, self.tr("Unexpected error"), "", parent=_widget(parent))
        box.setObjectName("crashBox")
        box.setText(self.tr("waadmin met an unexpected error: {message}").format(message=message))
        box.setInformativeText(self.tr("It is recorded in the log, {path}. What was saved is safe; if something looks wrong, restart waadmin.").format(path=where))
        box.setDetailedText(details)
        copy = box.addButton(self.tr("Copy details"), QMessageBox.ButtonRole.ActionRole)
        copy.setObjectName("crashCopy")
        # An action button would close the box; this one copies and leaves it open.
        copy.clicked.disconnect()
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(f"{message}\n\nlog: {where}\n\n{details}"))
        box.addButton(QMessageBox.StandardButton.Close)
        box.open()
        self.box = box


def _widget(window: object) -> QWidget | None:
    return None if not isinstance(window, QWidget) else window
