"""``waadmin --self-test``: prove that this copy of waadmin (installed package or bundle) works.

It starts the desktop app offscreen on a temporary database, loads demo data, checks that the
main window lists it, and retries one attempt through the window's own Retry action against
the sandbox provider on 127.0.0.1. Each step prints one line; the exit status is 0 only when
every step worked, so a packaging job can trust it.
"""

from __future__ import annotations

import logging
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

log = logging.getLogger(__name__)

DEMO_ATTEMPTS = 300
STEP_TIMEOUT = 60.0
# The settings, audit files and embedded database of the test stay in its temporary folder.
_USER_DIR_VARS = ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME")


class StepFailed(Exception):
    """A self-test step did not work; the message says what was expected."""


def _wait_until(predicate: Callable[[], bool], timeout: float, what: str) -> None:
    """Runs the Qt event loop until ``predicate`` holds: background tasks report back through
    queued signals, which only arrive while events are processed."""
    from PySide6.QtCore import QCoreApplication, QEventLoop

    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise StepFailed(f"timed out after {timeout:.0f} s waiting for {what}")
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)


@contextmanager
def _private_user_dirs(root: Path) -> Iterator[None]:
    saved = {name: os.environ.get(name) for name in _USER_DIR_VARS}
    for name in _USER_DIR_VARS:
        folder = root / name.lower()
        folder.mkdir(parents=True, exist_ok=True)
        os.environ[name] = str(folder)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


class SelfTest:
    def __init__(self, workdir: Path, out: TextIO) -> None:
        self.workdir = workdir
        self.out = out
        self.context: Any = None
        self.sandbox: Any = None
        self.database_url = f"sqlite:///{workdir / 'self-test.sqlite3'}"
        self.attempt_id: int | None = None
        self.failures = 0

    # -- reporting --------------------------------------------------------------------------------
    def step(self, number: int, total: int, title: str, action: Callable[[], str | None]) -> bool:
        self.out.write(f"[{number}/{total}] {title} … ")
        self.out.flush()
        started = time.monotonic()
        try:
            detail = action()
        except StepFailed as exc:
            self.out.write(f"FAILED: {exc}\n")
        except Exception as exc:  # a packaging fault shows up here: one line, the log has the rest
            log.debug("self-test step failed", exc_info=True)
            self.out.write(f"FAILED: {type(exc).__name__}: {exc}\n")
        else:
            elapsed = time.monotonic() - started
            self.out.write(f"ok ({elapsed:.1f} s)" + (f" — {detail}" if detail else "") + "\n")
            self.out.flush()
            return True
        self.out.flush()
        self.failures += 1
        return False

    # -- the steps -----------------------------------------------------------------------------------
    def check_resources(self) -> str:
        from waadmin.ui import resources
        from waadmin.ui.app import qt_application

        qt_application()
        folder = resources.resources_dir()
        for name in ("waadmin", "refresh", "retry"):
            if resources.icon(name).pixmap(32, 32).isNull():
                raise StepFailed(f"icon {name!r} does not render from {folder / 'icons'} (is the Qt SVG plugin bundled?)")
        app_icon = resources.path("icons", "app", "waadmin-256.png")
        if not app_icon.is_file():
            raise StepFailed(f"the app icon {app_icon} is missing")
        translations = sorted(p.name for p in resources.path("translations").glob("*.qm"))
        return f"{folder}; translations: {', '.join(translations) or 'none shipped'}"

    def check_drivers(self) -> str:
        from sqlalchemy import create_engine

        try:
            import psycopg
        except ImportError as exc:
            raise StepFailed(f"the PostgreSQL driver psycopg cannot be loaded ({exc}); SQLite still works") from None
        engine = create_engine("postgresql+psycopg://self-test@127.0.0.1/none")  # loads the dialect, connects nowhere
        engine.dispose()
        libpq = psycopg.pq.version()
        return f"psycopg {psycopg.__version__} ({psycopg.pq.__impl__}, libpq {libpq // 10000}.{libpq % 100})"

    def load_demo_data(self) -> str:
        from waadmin.db.database import open_database
        from waadmin.db.inserts import insert_attempts
        from waadmin.domain.clock import utcnow
        from waadmin.engine.demo import demo_values_for_tests, load_demo

        database = open_database(self.database_url, create=True)
        try:
            summary = load_demo(database, DEMO_ATTEMPTS, days=7, seed=3)
            # One attempt known to be retryable and valid for the sandbox, newest so it is on the first page.
            values = demo_values_for_tests(
                database,
                status="failed_retry",
                attempt_count=1,
                max_attempts=3,
                error_code="timeout",
                error_message="TIMEOUT - self-test",
                created_at=utcnow(),
                last_attempt_at=utcnow(),
            )
            self.attempt_id = insert_attempts(database, [values])[0]
        finally:
            database.dispose()
        return f"{summary.attempts + 1} attempts, {summary.webhooks} webhook logs"

    def open_main_window(self) -> str:
        from waadmin.ui.app import start

        self.context = start(self.database_url)
        window = self.context.window
        _wait_until(lambda: self.context.session.database is not None, STEP_TIMEOUT, "the database to open")
        _wait_until(lambda: window.attempts.model.rowCount() > 0, STEP_TIMEOUT, "the attempts list to fill")
        if not window.isVisible():
            raise StepFailed("the main window is not shown")
        return f"{window.attempts.model.rowCount()} rows listed"

    def retry_one(self) -> str:
        from PySide6.QtCore import QItemSelectionModel, QTimer

        from waadmin.db.detail import brief_attempts
        from waadmin.providers.sandbox import SandboxServer

        if self.context is None or self.attempt_id is None:
            raise StepFailed("needs the window and demo data of the steps before")
        window = self.context.window
        self.sandbox = SandboxServer().start()
        self.context.session.set_provider_settings(self.sandbox.settings("wachap"))
        model = window.attempts.model
        row = model.row_of_id(self.attempt_id)
        if row is None:
            raise StepFailed(f"attempt {self.attempt_id} is not in the list")
        selection = window.attempts.table.selectionModel()
        selection.select(model.index(row, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        if not window.act_retry_selected.isEnabled():
            raise StepFailed("'Retry selected' stays disabled for a failed attempt with tries left")
        results: list[Any] = []
        window.batch_finished.connect(results.append)
        # "Retry selected" asks first, in a modal question: answer it as a person would.
        answered: list[str] = []
        QTimer.singleShot(0, lambda: _answer_yes(answered))
        window.act_retry_selected.trigger()
        if not answered:
            raise StepFailed("'Retry selected' did not ask before sending")
        _wait_until(lambda: bool(results), STEP_TIMEOUT, "the retry to finish")
        report = results[0]
        if isinstance(report, BaseException):
            raise StepFailed(f"the retry failed: {report}")
        if report.success != 1:
            errors = "; ".join(report.errors) or "no error recorded"
            raise StepFailed(f"expected 1 sent, got {report.success} sent, {report.failed} failed ({errors})")
        if self.sandbox.count() != 1:
            raise StepFailed(f"the sandbox provider received {self.sandbox.count()} messages instead of 1")
        status = brief_attempts(self.context.session.database, [self.attempt_id])[self.attempt_id].status
        if status != "sent":
            raise StepFailed(f"attempt {self.attempt_id} is {status!r} in the database instead of 'sent'")
        return f"attempt {self.attempt_id} sent to {self.sandbox.base_url}, recorded as sent"

    def close(self) -> None:
        if self.context is not None:
            summary = getattr(self.context.window, "last_summary", None)
            if summary is not None:
                summary.close()
            self.context.window.close()
            self.context.tracker.wait_idle(20_000)
            self.context.session.close()
            self.context.window.deleteLater()
            self.context = None
        if self.sandbox is not None:
            self.sandbox.stop()
            self.sandbox = None

    def run(self) -> int:
        steps: list[tuple[str, Callable[[], str | None]]] = [
            ("Qt offscreen, icons and resources", self.check_resources),
            ("PostgreSQL driver", self.check_drivers),
            ("temporary database with demo data", self.load_demo_data),
            ("main window lists the attempts", self.open_main_window),
            ("retry one attempt through the window against the sandbox provider", self.retry_one),
        ]
        try:
            for number, (title, action) in enumerate(steps, 1):
                self.step(number, len(steps), title, action)
        finally:
            self.close()
        if self.failures:
            self.out.write(f"self-test FAILED: {self.failures} of {len(steps)} steps did not work\n")
            return 1
        self.out.write("self-test passed\n")
        return 0


def run_self_test(out: TextIO | None = None) -> int:
    """The whole self-test; returns the exit status (0 only when every step worked)."""
    from PySide6.QtWidgets import QApplication

    from waadmin import __version__

    out = out or sys.stdout
    if QApplication.instance() is None:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # no display is needed, and none is touched
    frozen = " (bundle)" if getattr(sys, "frozen", False) else ""
    out.write(f"waadmin {__version__} self-test{frozen}, Python {sys.version.split()[0]}\n")
    with tempfile.TemporaryDirectory(prefix="waadmin-self-test-") as folder, _private_user_dirs(Path(folder)):
        return SelfTest(Path(folder), out).run()


def _answer_yes(answered: list[str], tries: int = 200) -> None:
    """Click Yes in the question the window has open (it may take a moment to appear)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    box = QApplication.activeModalWidget()
    if isinstance(box, QMessageBox) and box.button(QMessageBox.StandardButton.Yes) is not None:
        answered.append(box.text())
        box.button(QMessageBox.StandardButton.Yes).click()
        return
    if tries > 0:
        QTimer.singleShot(10, lambda: _answer_yes(answered, tries - 1))
