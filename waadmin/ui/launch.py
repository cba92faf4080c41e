"""What ``waadmin`` (or ``waadmin gui``) runs: the desktop app, or its self-test. The command
line reaches this module by name only (waadmin.cli.main), so that nothing below the window
imports Qt; it is kept apart from app.py, which the self-test itself starts the app through."""

from __future__ import annotations

import argparse

from PySide6.QtCore import QCoreApplication, QEvent

from waadmin.config import log_files
from waadmin.ui import gc_guard
from waadmin.ui.app import start
from waadmin.ui.crash_reporter import CrashReporter
from waadmin.ui.self_test import run_self_test


def run_gui(args: argparse.Namespace) -> int:
    if getattr(args, "self_test", False):
        return run_self_test()
    context = start(getattr(args, "database", None), read_only=getattr(args, "read_only", False), layout=getattr(args, "layout", None))
    reporter = CrashReporter(log_files.log_file("gui"), context.app)
    reporter.install()
    # The window may hide to the tray while the worker runs; the app ends when it really closes.
    context.app.setQuitOnLastWindowClosed(False)
    context.window.quit_requested.connect(context.app.quit)
    code = context.app.exec()
    context.tracker.wait_idle(10_000)
    context.session.close()
    # Widgets die here, on the GUI thread, not in whatever order the interpreter's exit picks.
    context.window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc_guard.install(context.app).release()
    return code
