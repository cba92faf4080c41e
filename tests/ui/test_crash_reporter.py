"""An unexpected error in the window shows a dialog with the message, the log's path and *Copy
details*, and lands in the log file; Help → Open log folder finds that folder."""

from __future__ import annotations

import logging
import sys
import threading

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QPushButton

from waadmin.config import log_files


def test_an_unexpected_error_shows_a_dialog_and_is_logged(qtbot, monkeypatch) -> None:
    from waadmin.ui.crash_reporter import CrashReporter

    path = log_files.setup("gui", "WARNING", console=False)
    reporter = CrashReporter(path)
    # The hooks the real app installs, for this test only (pytest-qt keeps its own otherwise).
    monkeypatch.setattr(sys, "excepthook", reporter.excepthook)
    monkeypatch.setattr(threading, "excepthook", reporter.thread_excepthook)

    def broken_slot() -> None:
        raise RuntimeError("the list model lost its rows")

    try:
        raise RuntimeError("the list model lost its rows")
    except RuntimeError:
        sys.excepthook(*sys.exc_info())  # what Python does for an exception escaping a Qt slot
    qtbot.waitUntil(lambda: reporter.box is not None and reporter.box.isVisible(), timeout=5000)
    box = reporter.box
    qtbot.addWidget(box)
    assert "RuntimeError: the list model lost its rows" in box.text()
    assert str(path) in box.informativeText()
    assert "Traceback" in box.detailedText()
    copy = box.findChild(QPushButton, "crashCopy")
    qtbot.mouseClick(copy, Qt.MouseButton.LeftButton)
    assert box.isVisible()  # copying leaves the dialog open
    copied = QApplication.clipboard().text()
    assert copied.startswith("RuntimeError: the list model lost its rows") and "Traceback" in copied and str(path) in copied

    # A thread's error, and a second one while the dialog is open: one dialog, counted.
    worker = threading.Thread(target=broken_slot)
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: reporter.shown == 2, timeout=5000)
    assert "1 more errors since" in box.informativeText()
    for handler in logging.getLogger().handlers:
        handler.flush()
    text = path.read_text(encoding="utf-8")
    assert text.count("RuntimeError: the list model lost its rows") >= 2 and "CRITICAL waadmin.crash" in text
    QTimer.singleShot(0, box.close)


def test_help_opens_the_log_folder(app_context, qtbot) -> None:
    window = app_context.window
    action = window.findChild(type(window.act_refresh), "actOpenLogFolder")
    action.trigger()
    assert window.last_opened_folder == log_files.log_folder() and log_files.log_folder().is_dir()
