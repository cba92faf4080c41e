"""Honest confirmations, driven from the window: what the user is asked, what happens when they
say no or stop half-way, and what the database holds afterwards."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QPushButton
from sqlalchemy import func, select

from tests.support import factories
from tests.ui import helpers
from waadmin.db import audit_store
from waadmin.domain.clock import utcnow
from waadmin.ui import labels
from waadmin.ui.session import ConnectRequest


def _search(window, qtbot, text: str, rows: int) -> None:
    window.attempts.filter_bar.search.setText(text)
    qtbot.waitUntil(lambda: window.attempts.model.filter.search == text and window.attempts.model.rowCount() == rows, timeout=10_000)


def _rows(database, ids) -> dict[int, dict]:
    return {i: factories.row(database, i) for i in ids}


def _when_modal(name: str, act) -> None:
    """Run ``act(dialog)`` once the modal dialog called ``name`` is up (exec() blocks the test)."""

    def step() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None or dialog.objectName() != name:
            QTimer.singleShot(30, step)
            return
        _guarded(dialog, act)

    QTimer.singleShot(0, step)


def _guarded(dialog, act) -> None:
    try:
        act(dialog)
    except BaseException:
        dialog.reject()  # a failed check must not leave a modal dialog blocking the test
        raise


def test_retry_selected_asks_with_counts_and_names_the_row_it_did_not_send(app_context, answers, qtbot) -> None:
    window = app_context.window
    database = app_context.session.database
    sendable = [factories.due_retry(database, category="ask_first") for _ in range(3)]
    final = factories.attempt(database, category="ask_first", status="failed_final", attempt_count=3, max_attempts=3)
    _search(window, qtbot, "ask_first", 4)
    helpers.select_rows(window.attempts.table, range(4))
    qtbot.waitUntil(lambda: window.selection_label.text() == "4 selected", timeout=3000)
    with qtbot.waitSignal(window.batch_finished, timeout=30_000):
        window.act_retry_selected.trigger()
    question = answers.questions[-1]
    assert "4 attempts selected" in question and "3 can be sent now" in question
    assert f"1 not sent: {labels.status('failed_final')}" in question and "Send 3 attempts now?" in question
    qtbot.waitUntil(lambda: window.long_actions.last_summary is not None, timeout=5000)
    summary = window.long_actions.last_summary.text()
    assert "Sent: 3" in summary and f"Not sent (1): #{final} ({labels.status('failed_final')})" in summary
    assert [factories.row(database, i)["status"] for i in sendable] == ["sent"] * 3
    assert factories.row(database, final)["status"] == "failed_final"


def test_saying_no_to_retry_selected_sends_nothing(app_context, answers, sandbox, qtbot) -> None:
    window = app_context.window
    database = app_context.session.database
    ids = [factories.due_retry(database, category="say_no") for _ in range(2)]
    _search(window, qtbot, "say_no", 2)
    helpers.select_rows(window.attempts.table, [0, 1])
    answers.reply = answers.reply.No
    window.act_retry_selected.trigger()
    assert "2 attempts selected" in answers.questions[-1]
    assert window.operation is None and sandbox.count() == 0
    assert [factories.row(database, i)["status"] for i in ids] == ["failed_retry"] * 2


def test_one_selected_attempt_is_named_in_the_singular(app_context, answers, qtbot) -> None:
    window = app_context.window
    database = app_context.session.database
    factories.due_retry(database, category="just_one")
    _search(window, qtbot, "just_one", 1)
    qtbot.waitUntil(lambda: window.attempts.count_label.text() == "1 attempt", timeout=5000)
    helpers.select_rows(window.attempts.table, [0])
    answers.reply = answers.reply.No
    window.act_cancel_selected.trigger()
    assert answers.questions[-1].startswith("Cancel the selected attempt?")


def test_enter_in_the_cleanup_days_box_deletes_nothing_and_the_button_says_how_many(app_context, qtbot) -> None:
    window = app_context.window
    database = app_context.session.database
    a = database.layout.attempt

    def total() -> int:
        with database.read() as conn:
            return int(conn.execute(select(func.count()).select_from(a)).scalar_one())

    before = total()
    seen: dict = {}

    def press_enter_then_delete(dialog) -> None:
        if dialog.days.value() != 10:
            dialog.days.setValue(10)  # the demo spans 30 days
        if not dialog.delete_button.isEnabled():
            QTimer.singleShot(30, lambda: _guarded(dialog, press_enter_then_delete))
            return
        seen["button"] = dialog.delete_button.text()
        seen["count"] = dialog.count
        dialog.days.setFocus()
        qtbot.keyClick(dialog.days.lineEdit(), Qt.Key.Key_Return)
        qtbot.keyClick(dialog.days.lineEdit(), Qt.Key.Key_Enter)
        seen["open_after_enter"] = dialog.isVisible()
        if not dialog.delete_button.isEnabled():
            dialog.reject()
            return
        seen["total_after_enter"] = total()
        qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)

    _when_modal("cleanupDialog", press_enter_then_delete)
    with qtbot.waitSignal(window.batch_finished, timeout=30_000) as done:
        window.act_cleanup.trigger()
    assert seen["open_after_enter"] and seen["total_after_enter"] == before
    assert seen["count"] > 0 and seen["button"] == f"Delete {seen['count']:,} attempts"
    assert done.args[0].deleted == seen["count"] and total() == before - seen["count"]
    # The count after the cleanup is the real one, not an estimate from before.
    qtbot.waitUntil(lambda: window.attempts.count_label.text().startswith(f"{before - seen['count']:,} attempts"), timeout=10_000)


def test_the_number_that_can_be_sent_follows_the_extra_tries_and_nothing_changes_until_confirmed(app_context, qtbot) -> None:
    window = app_context.window
    database = app_context.session.database
    ids = [factories.attempt(database, category="follow_box", status="failed_final", attempt_count=3, max_attempts=3) for _ in range(3)]
    before = _rows(database, ids)
    _search(window, qtbot, "follow_box", 3)
    seen: dict = {}

    def look_then_cancel(dialog) -> None:
        seen["at_0"] = (dialog.question.text(), dialog.ok_button.isEnabled())
        dialog.extra.setValue(2)
        seen["at_2"] = (dialog.question.text(), dialog.ok_button.isEnabled())
        seen["buttons"] = sorted(b.text() for b in dialog.findChildren(QPushButton) if b.isVisible())
        dialog.reject()

    _when_modal("bulkConfirmDialog", look_then_cancel)
    window.act_retry_matching.trigger()
    qtbot.waitUntil(lambda: "at_2" in seen, timeout=10_000)
    assert "None can be sent now" in seen["at_0"][0] and not seen["at_0"][1]
    assert seen["buttons"] == ["Change nothing", "Send now"]  # buttons that say what they do, no bare OK
    assert "3 of them can be sent now" in seen["at_2"][0] and seen["at_2"][1]
    assert _rows(database, ids) == before


def test_stopping_retry_all_matching_half_way_leaves_every_attempt_not_sent_as_it_was(app_context, sandbox, qtbot) -> None:
    window = app_context.window
    database = app_context.session.database
    final = [factories.attempt(database, category="halfway", status="failed_final", error_code="http_5xx", error_message="503", attempt_count=3, max_attempts=3) for _ in range(40)]
    waiting = [factories.attempt(database, category="halfway", status="failed_retry", attempt_count=1, max_attempts=3, next_retry_at=utcnow() + timedelta(hours=2)) for _ in range(20)]
    ids = final + waiting
    before = _rows(database, ids)
    _search(window, qtbot, "halfway", 60)
    sandbox.set_latency(0.05)

    def stop_when_some_went() -> None:
        operation = window.operation
        if operation is None or sandbox.count() < 5:
            QTimer.singleShot(20, stop_when_some_went)
            return
        qtbot.mouseClick(operation.dialog.findChild(QPushButton), Qt.MouseButton.LeftButton)

    def confirm(dialog) -> None:
        dialog.extra.setValue(2)
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        QTimer.singleShot(0, stop_when_some_went)

    _when_modal("bulkConfirmDialog", confirm)
    with qtbot.waitSignal(window.batch_finished, timeout=60_000) as done:
        window.act_retry_matching.trigger()
    report = done.args[0]
    assert report.stopped and 5 <= report.success < 60
    after = _rows(database, ids)
    sent = {i for i in ids if after[i]["status"] == "sent"}
    assert len(sent) == report.success == sandbox.count()
    changed = [i for i in ids if i not in sent and after[i] != before[i]]
    assert not changed, f"not sent, yet changed: {changed}"
    [entry] = [e for e in audit_store.list_entries(database) if e.action == "retry_matching"]
    assert entry.row_count == len(sent)
    summary = window.long_actions.last_summary.text()
    assert "Skipped" not in summary and f"Not sent, left exactly as they were: {60 - len(sent)}" in summary


def test_a_missing_sqlite_file_is_offered_and_created(app_context, answers, tmp_path, qtbot) -> None:
    window = app_context.window
    missing = tmp_path / "new" / "fresh.sqlite3"
    answers.reply = answers.reply.No
    app_context.session.connect_to(ConnectRequest(url=f"sqlite:///{missing}"))
    qtbot.waitUntil(lambda: window.banner.isVisible(), timeout=10_000)
    assert "There is no database file at" in answers.questions[-1] and str(missing) in answers.questions[-1]
    assert "No database file" in window.banner.text() and not missing.exists()
    qtbot.mouseClick(window.banner.close_button, Qt.MouseButton.LeftButton)
    assert not window.banner.isVisible()
    answers.reply = answers.reply.Yes
    app_context.session.connect_to(ConnectRequest(url=f"sqlite:///{missing}"))
    qtbot.waitUntil(lambda: app_context.session.database is not None and str(missing) in app_context.session.database.masked_url, timeout=15_000)
    assert missing.exists() and not window.banner.isVisible()


def test_provider_settings_are_in_the_file_menu_and_test_sends_no_message(app_context, sandbox, qtbot) -> None:
    window = app_context.window
    [file_menu] = [a.menu() for a in window.menuBar().actions() if a.menu() and window.act_quit in a.menu().actions()]
    assert window.act_provider in file_menu.actions()
    window.act_provider.trigger()
    dialog = window.connection.provider_dialog
    qtbot.waitUntil(dialog.isVisible, timeout=3000)
    qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.test_button.isEnabled() and "WaChap" in dialog.note.text(), timeout=10_000)
    assert "✅ WaChap mali" in dialog.note.text() and "❌" not in dialog.note.text()
    assert sandbox.count() == 0  # a status call only: nothing was sent
    region = next(iter(dialog.tokens))
    dialog.tokens[region].setText("wrong-token")
    qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.test_button.isEnabled() and "❌" in dialog.note.text(), timeout=10_000)
    assert f"WaChap {region}" in dialog.note.text() and sandbox.count() == 0
    dialog.reject()
