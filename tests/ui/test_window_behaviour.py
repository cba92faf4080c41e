"""More of what a user does in the window: cancel from the detail, clean up, reset stuck
sends, switch time zone, come back to the same view, and live through a database outage."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from tests.support import factories
from tests.ui import helpers
from waadmin.domain.clock import utcnow


def _status(context, attempt_id: int) -> str:
    return factories.row(context.session.database, attempt_id)["status"]


def test_cancel_from_the_detail_window(app_context, qtbot, answers) -> None:
    attempt_id = factories.due_retry(app_context.session.database)
    detail = app_context.window.open_detail(attempt_id)
    qtbot.waitUntil(lambda: detail.detail is not None and detail.cancel_button.isEnabled(), timeout=5000)
    qtbot.mouseClick(detail.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _status(app_context, attempt_id) == "cancelled", timeout=5000)
    qtbot.waitUntil(lambda: detail.detail.status == "cancelled" and not detail.cancel_button.isEnabled(), timeout=5000)
    assert not detail.retry_button.isEnabled()


def test_cleanup_shows_the_exact_count_then_deletes_that_many(app_context, qtbot) -> None:
    database = app_context.session.database
    old = [factories.attempt(database, status="delivered", created_at=utcnow() - timedelta(days=400)) for _ in range(7)]
    kept = factories.due_retry(database, created_at=utcnow() - timedelta(days=400))
    seen: dict[str, str] = {}

    def drive_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None or dialog.objectName() != "cleanupDialog":
            QTimer.singleShot(50, drive_dialog)
            return
        dialog.days.setValue(365)
        qtbot.waitUntil(lambda: dialog.delete_button.isEnabled() and "365" in dialog.summary.text(), timeout=5000)
        seen["summary"] = dialog.summary.text()
        qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, drive_dialog)
    with qtbot.waitSignal(app_context.window.batch_finished, timeout=20_000) as done:
        app_context.window.act_cleanup.trigger()
    assert seen["summary"].startswith("7 ")
    assert done.args[0].deleted == 7
    from sqlalchemy import select

    a = database.layout.attempt
    with database.read() as conn:
        left = set(conn.execute(select(a.id).where(a.id.in_([*old, kept]))).scalars())
    assert left == {kept}


def test_reset_stuck_from_the_toolbar(app_context, qtbot, answers) -> None:
    database = app_context.session.database
    stuck = factories.attempt(database, status="sending", attempt_count=1, max_attempts=3, last_attempt_at=utcnow() - timedelta(hours=2))
    with qtbot.waitSignal(app_context.window.batch_finished, timeout=10_000):
        app_context.window.act_reset_stuck.trigger()
    assert answers.questions and "sending" in answers.questions[0]
    row = factories.row(database, stuck)
    assert (row["status"], row["error_code"]) == ("failed_retry", "interrupted")


def test_the_time_zone_changes_what_the_list_shows(app_context, qtbot) -> None:
    window = app_context.window
    model = window.attempts.model
    from waadmin.ui.columns import INDEX

    def shown() -> str:
        return model.data(model.index(0, INDEX["created"]), Qt.ItemDataRole.DisplayRole)

    window.display.set_time_zone("utc")
    utc_text = shown()
    item = model.row_at(0)
    assert utc_text == item.created_at.strftime("%Y-%m-%d %H:%M")
    window.display.set_time_zone("bamako")  # UTC+0 all year: same clock time
    assert shown() == utc_text
    action = window.findChild(type(window.act_refresh), "zone_utc")
    assert action is not None


def test_the_view_comes_back_at_the_next_start(qtbot, demo_db, sandbox, answers) -> None:
    from waadmin.ui.app import start

    first = start(demo_db)
    qtbot.addWidget(first.window)
    qtbot.waitUntil(lambda: first.window.attempts.model.rowCount() > 0, timeout=10_000)
    helpers.choose_in_menu(first.window.attempts.filter_bar.status, "failed_final")
    qtbot.waitUntil(lambda: first.window.attempts.model.filter.statuses == frozenset({"failed_final"}), timeout=5000)
    first.window.close()
    first.tracker.wait_idle(20_000)
    first.session.close()

    second = start(demo_db)
    qtbot.addWidget(second.window)
    model = second.window.attempts.model
    qtbot.waitUntil(lambda: model.rowCount() > 0, timeout=10_000)
    assert model.filter.statuses == frozenset({"failed_final"})
    assert all(model.row_at(r).status == "failed_final" for r in range(model.rowCount()))
    second.window.close()
    second.tracker.wait_idle(20_000)
    second.session.close()


@pytest.mark.postgres
def test_a_database_outage_is_shown_and_the_app_reconnects_by_itself(qtbot, answers) -> None:
    from tests.support.pg import PgServer, find_bin_dir
    from waadmin.db.database import open_database
    from waadmin.engine.demo import load_demo
    from waadmin.ui.app import start

    bin_dir = find_bin_dir()
    if bin_dir is None:
        pytest.skip("PostgreSQL is not installed")
    server = PgServer(bin_dir)
    server.init()
    server.start()
    try:
        url = server.url(server.create_database())
        database = open_database(url, create=True)
        load_demo(database, 300, days=5, seed=2)
        database.dispose()
        context = start(url)
        window = context.window
        qtbot.addWidget(window)
        qtbot.waitUntil(lambda: window.attempts.model.rowCount() > 0, timeout=10_000)
        server.stop("immediate")
        window.refresh()
        qtbot.waitUntil(lambda: window.banner.isVisible() and "reach" in window.banner.text(), timeout=15_000)
        assert answers.messages == []  # a banner, not a pile of error dialogs
        server.start()
        qtbot.waitUntil(lambda: not window.banner.isVisible(), timeout=20_000)
        with qtbot.waitSignal(window.attempts.model.refreshed, timeout=10_000):
            window.refresh()
        assert window.attempts.model.rowCount() > 0
        window.close()
        context.tracker.wait_idle(20_000)
        context.session.close()
    finally:
        server.destroy()


def test_closing_during_a_batch_asks_then_stops_it_cleanly(app_context, sandbox, qtbot, answers) -> None:
    from sqlalchemy import func, select, update

    window = app_context.window
    database = app_context.session.database
    a = database.layout.attempt
    with database.write() as conn:
        conn.execute(update(a).where(a.status.in_(["sent", "delivered"])).values(status="failed_retry", next_retry_at=utcnow() - timedelta(minutes=1), attempt_count=1, max_attempts=3))
    sandbox.set_latency(0.3)
    window.act_retry_due.trigger()
    qtbot.waitUntil(lambda: window.operation is not None and sandbox.count() >= 3, timeout=20_000)
    window.close()
    assert any("long action" in q for q in answers.questions)
    app_context.tracker.wait_idle(30_000)
    with database.read() as conn:
        assert conn.execute(select(func.count()).where(a.status == "sending")).scalar_one() == 0


def test_a_flood_of_progress_reports_shows_the_latest_one_without_repainting_each(app_context, qtbot) -> None:
    """The retry run reports every send; the dialog shows the newest report a few times a second
    instead of repainting its bar for each one (each repaint is synchronous)."""
    import threading

    from PySide6.QtWidgets import QProgressBar

    from waadmin.engine.progress import Progress
    from waadmin.ui.long_operation import PROGRESS_INTERVAL_MS, LongOperation

    seen_last = threading.Event()

    def work(progress, stop) -> int:
        for done in range(1, 3001):
            progress(Progress(done, 3000, f"attempt {done}"))
        seen_last.wait(10)  # the dialog is looked at before the task ends
        return 3000

    window = app_context.window
    operation = LongOperation(window, app_context.tracker, "Flood", "Starting…", work, total=3000, describe=lambda p: f"{p.done} of {p.total}")
    values: list[int] = []
    operation.dialog.findChild(QProgressBar).valueChanged.connect(values.append)
    qtbot.waitUntil(lambda: operation.dialog.labelText() == "3000 of 3000", timeout=5000)
    assert operation.dialog.value() == 3000
    assert len(values) <= 1000 / PROGRESS_INTERVAL_MS + 5  # a few a second, not 3,000
    with qtbot.waitSignal(operation.finished, timeout=5000) as done:
        seen_last.set()
    assert done.args == [3000] and not operation.dialog.isVisible()


def test_the_window_freezes_what_start_up_built_and_gives_it_back_at_the_end(app_context) -> None:
    """Start-up objects are left out of later collections (a full one walked them all: ~60 ms
    of frozen window); the network stack and the driver are loaded before the window shows."""
    import gc
    import sys

    from waadmin.ui import gc_guard

    assert gc.get_freeze_count() > 10_000
    assert "httpcore" in sys.modules and "sqlite3" in sys.modules
    gc_guard.install(QApplication.instance()).release()
    assert gc.get_freeze_count() == 0
    gc_guard.install(QApplication.instance())  # the fixture's app goes on collecting on the GUI thread


def test_redact_sensitive_messages_counts_shows_a_masked_sample_then_masks_them(app_context, qtbot, answers) -> None:
    database = app_context.session.database
    old = utcnow() - timedelta(days=3)
    done = factories.attempt(database, message_type="otp", status="sent", message_content="Code de vérification TS Air Cargo: 482913", created_at=old, sent_at=old)
    waiting = factories.due_retry(database, message_type="otp", message_content="Code de vérification TS Air Cargo: 550011", created_at=old)
    from waadmin.engine.redact import redact

    expected = redact(database, timedelta(hours=24), dry_run=True).matched  # the window's database has demo rows too
    assert expected >= 1
    seen: dict[str, str] = {}

    def drive_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None or dialog.objectName() != "redactDialog":
            QTimer.singleShot(50, drive_dialog)
            return
        qtbot.waitUntil(lambda: dialog.redact_button.isEnabled(), timeout=5000)
        seen["summary"], seen["sample"] = dialog.summary.text(), dialog.sample.toPlainText()
        qtbot.mouseClick(dialog.redact_button, Qt.MouseButton.LeftButton)

    menus = {a.text(): a.menu() for a in app_context.window.menuBar().actions()}
    assert app_context.window.act_redact in menus["&Actions"].actions()
    QTimer.singleShot(0, drive_dialog)
    with qtbot.waitSignal(app_context.window.batch_finished, timeout=20_000) as finished:
        app_context.window.act_redact.trigger()
    assert seen["summary"].startswith(f"{expected:,} ") and "••••••" in seen["sample"] and "482913" not in seen["sample"]
    assert finished.args[0].redacted == expected
    assert factories.row(database, done)["message_content"] == "Code de vérification TS Air Cargo: ••••••"
    assert factories.row(database, waiting)["message_content"].endswith("550011")
    assert any(e.action == "redact" and e.row_count == expected for e in app_context.session.audit.entries(action="redact"))
    assert answers.messages and f"{expected} messages redacted." in answers.messages[-1]
