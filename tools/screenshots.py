"""Render the main window and an attempt's detail to PNG, in English and French, over a fresh
demo database, and list any label or button whose text does not fit.

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

SIZE = (1440, 860)


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


def render(out_dir: Path, language: str, url: str) -> dict[str, list[str]]:
    """Writes main-, main-selected-, cleanup-, detail- and dashboard-<lang>.png; returns the
    cut-off texts per window."""
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
    wait(app, lambda: False, 0.3)
    out_dir.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(out_dir / f"main-{language}.png"))
    problems = {"main": cut_off(window)}
    # The whole first page selected: "N selected" and "Select all N matching".
    window.attempts.table.selectAll()
    wait(app, lambda: False, 0.3)
    window.grab().save(str(out_dir / f"main-selected-{language}.png"))
    problems["main-selected"] = cut_off(window)
    window.attempts.table.clearSelection()
    from waadmin.ui.dialogs.cleanup_dialog import CleanupDialog

    cleanup = CleanupDialog(context.tracker, context.session.database, 10, window)
    cleanup.show()
    wait(app, lambda: cleanup.delete_button.isEnabled() and not context.tracker.busy)
    wait(app, lambda: False, 0.3)
    cleanup.grab().save(str(out_dir / f"cleanup-{language}.png"))
    problems["cleanup"] = cut_off(cleanup)
    cleanup.reject()
    failed = next((r for r in range(model.rowCount()) if model.row_at(r).status == "failed_retry"), 0)
    detail = window.open_detail(model.row_at(failed).id)
    wait(app, lambda: detail is not None and not context.tracker.busy)
    wait(app, lambda: False, 0.3)
    if detail is not None:
        detail.grab().save(str(out_dir / f"detail-{language}.png"))
        problems["detail"] = cut_off(detail)
        detail.close()
    window.resize(SIZE[0], 1000)
    window.tabs.setCurrentWidget(window.dashboard)
    window.dashboard.set_window("30d")
    wait(app, lambda: window.dashboard.settled and not context.tracker.busy)
    wait(app, lambda: False, 0.5)
    window.grab().save(str(out_dir / f"dashboard-{language}.png"))
    problems["dashboard"] = cut_off(window.dashboard)
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
            for window, lines in render(out_dir, language, url).items():
                for line in lines:
                    print(f"{language} {window}: {line}")
                    status = 1
    print(f"screenshots in {out_dir}")
    return status


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
