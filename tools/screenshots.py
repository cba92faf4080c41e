"""Render every main screen to PNG at 1440×900, in English and French, over a fresh demo
database (the welcome panel over an empty one), and list any label or button whose text does
not fit.

    QT_QPA_PLATFORM=offscreen python tools/screenshots.py [OUT_DIR]
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget  # noqa: E402

SIZE = (1440, 900)
SCREENS = ("main", "main-selected", "cleanup", "provider", "worker-settings", "detail", "webhooks", "failures", "audit", "dashboard", "welcome")


def wait(app: QApplication, predicate, timeout: float = 15.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        app.processEvents()
        if predicate():
            return True
        time.sleep(0.02)
    return False


def cut_off(root: QWidget) -> list[str]:
    """Visible labels and buttons narrower than their text needs."""
    found = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisible() or widget.width() <= 0:
            continue
        if isinstance(widget, QLabel) and not widget.wordWrap() and widget.text() and not widget.text().startswith("<"):
            if widget.sizeHint().width() > widget.width() + 1:
                found.append(f"label {widget.text()!r}: needs {widget.sizeHint().width()} px, has {widget.width()}")
        elif isinstance(widget, QAbstractButton) and widget.text() and widget.sizeHint().width() > widget.width() + 1:
            found.append(f"button {widget.text()!r}: needs {widget.sizeHint().width()} px, has {widget.width()}")
    return found


def demo_database(folder: Path) -> str:
    from waadmin.db.database import open_database
    from waadmin.engine.demo import load_demo

    path = folder / "screens.sqlite3"
    if not path.exists():
        database = open_database(str(path), create=True)
        load_demo(database, 2000, days=30, seed=7)
        database.dispose()
    return f"sqlite:///{path}"


def _shot(app: QApplication, widget: QWidget, out_dir: Path, name: str, language: str, problems: dict[str, list[str]], settle: float = 0.3) -> None:
    wait(app, lambda: False, settle)
    widget.grab().save(str(out_dir / f"{name}-{language}.png"))
    problems[name] = cut_off(widget)


def _audit_entries(context) -> None:
    """A few entries of the kinds an operator sees, so the Audit tab is not empty."""
    audit = context.session.audit
    if audit is None or audit.entries(action=None, search=""):
        return
    audit.record("demo", target="2000 demo attempts", row_count=2000)
    audit.record("retry_run", target="background worker", row_count=12, result="partial", details={"success": 10, "failed": 2})
    audit.record("reset_stuck", target="all sending rows older than 0:10:00", row_count=1)
    audit.record("cleanup", target="finished attempts older than 90 days (before 2026-09-02 00:00 UTC)", row_count=0)
    audit.record("retry_now", target="ids 1999, 1998", row_count=2, details={"attempt_ids": [1999, 1998]})


def render(out_dir: Path, language: str, url: str) -> dict[str, list[str]]:
    """Writes every main screen as <name>-<lang>.png at 1440×900 (SCREENS); returns the
    cut-off texts per screen."""
    from waadmin.ui import settings as ui_settings
    from waadmin.ui.app import start

    prefs = ui_settings.load_preferences()
    prefs.language = language
    ui_settings.save_preferences(prefs)
    context = start(url)
    app, window = context.app, context.window
    window.resize(*SIZE)
    model = window.attempts.model
    wait(app, lambda: model.rowCount() > 0 and model.count is not None and not context.tracker.busy)
    out_dir.mkdir(parents=True, exist_ok=True)
    problems: dict[str, list[str]] = {}
    _shot(app, window, out_dir, "main", language, problems)
    # The whole first page selected: "N selected" and "Select all N matching".
    window.attempts.table.selectAll()
    _shot(app, window, out_dir, "main-selected", language, problems)
    window.attempts.table.clearSelection()
    from waadmin.ui.dialogs.cleanup_dialog import CleanupDialog

    cleanup = CleanupDialog(context.tracker, context.session.database, 10, window)
    cleanup.show()
    wait(app, lambda: cleanup.delete_button.isEnabled() and not context.tracker.busy)
    _shot(app, cleanup, out_dir, "cleanup", language, problems)
    cleanup.reject()
    provider = window.connection.configure_provider()
    wait(app, lambda: provider.isVisible() and not context.tracker.busy)
    _shot(app, provider, out_dir, "provider", language, problems)
    provider.reject()
    from waadmin.ui.worker.settings_dialog import WorkerSettingsDialog

    worker_settings = WorkerSettingsDialog(window.worker.settings, window)
    worker_settings.show()
    _shot(app, worker_settings, out_dir, "worker-settings", language, problems)
    worker_settings.reject()
    failed = next((r for r in range(model.rowCount()) if model.row_at(r).status == "failed_retry"), 0)
    detail = window.open_detail(model.row_at(failed).id)
    wait(app, lambda: detail is not None and not context.tracker.busy)
    if detail is not None:
        _shot(app, detail, out_dir, "detail", language, problems)
        detail.close()
    _audit_entries(context)
    for name, tab in (("webhooks", window.webhooks), ("failures", window.failures), ("audit", window.audit_view)):
        window.tabs.setCurrentWidget(tab)
        wait(app, lambda: False, 0.2)
        wait(app, lambda: not context.tracker.busy)
        _shot(app, window, out_dir, name, language, problems)
    window.tabs.setCurrentWidget(window.dashboard)
    window.dashboard.set_window("30d")
    wait(app, lambda: window.dashboard.settled and not context.tracker.busy)
    _shot(app, window, out_dir, "dashboard", language, problems, settle=0.5)
    problems["dashboard"] = cut_off(window.dashboard)
    window.close()
    context.tracker.wait_idle(20_000)
    context.session.close()
    return problems


def render_welcome(out_dir: Path, language: str, data_home: Path) -> dict[str, list[str]]:
    """The first start: the welcome panel over an empty embedded database."""
    from waadmin.ui import settings as ui_settings
    from waadmin.ui.app import start

    before = os.environ.get("XDG_DATA_HOME")
    os.environ["XDG_DATA_HOME"] = str(data_home)  # an embedded database of its own, empty
    prefs = ui_settings.load_preferences()
    prefs.language = language
    ui_settings.save_preferences(prefs)
    try:
        context = start(None)
        app, window = context.app, context.window
        window.resize(*SIZE)
        # The embedded database is found and opened in a background task: the variable stays
        # until it is open, or the user's own would be used.
        wait(app, lambda: context.session.database is not None and not context.tracker.busy)
    finally:
        if before is None:
            os.environ.pop("XDG_DATA_HOME", None)
        else:
            os.environ["XDG_DATA_HOME"] = before
    assert str(data_home) in str(context.session.database.masked_url), "the welcome shot must not open the user's own database"
    problems: dict[str, list[str]] = {}
    _shot(app, window, out_dir, "welcome", language, problems)
    window.close()
    context.tracker.wait_idle(20_000)
    context.session.close()
    return problems


def main(argv: list[str]) -> int:
    out_dir = Path(argv[0]) if argv else Path(__file__).resolve().parents[1] / "docs" / "screenshots"
    with tempfile.TemporaryDirectory() as scratch:
        os.environ.setdefault("XDG_CONFIG_HOME", scratch)  # leave the user's settings alone
        url = demo_database(Path(scratch))
        status = 0
        for language in ("en", "fr"):
            shown = render(out_dir, language, url) | render_welcome(out_dir, language, Path(scratch) / f"welcome-{language}")
            for window, lines in shown.items():
                for line in lines:
                    print(f"{language} {window}: {line}")
                    status = 1
    print(f"screenshots in {out_dir}")
    return status


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
