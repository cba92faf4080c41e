"""An attempt's detail window offers the main window's own commands (waadmin.ui.commands): the
same rules decide what is enabled, the same shortcuts type them and the same questions are
asked; used from the detail window, they change the database and the window shows the result."""

from __future__ import annotations

import threading
from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from tests.support import factories
from waadmin.domain.clock import utcnow
from waadmin.ui import commands


def _open(window, qtbot, attempt_id: int):
    detail = window.open_detail(attempt_id)
    qtbot.waitUntil(lambda: detail.detail is not None and detail.detail.id == attempt_id, timeout=5000)
    return detail


def _enabled(detail) -> dict[str, bool]:
    return {i: a.isEnabled() and a.isVisible() for i, a in detail.actions_by_id.items()}


def test_the_detail_offers_the_lists_commands_enabled_by_the_same_rules(app_context, qtbot) -> None:
    window = app_context.window
    database = app_context.session.database
    waiting = factories.due_retry(database, category="detail_rules")
    sent = factories.attempt(database, status="sent", attempt_count=1, sent_at=utcnow(), category="detail_rules")
    stuck = factories.attempt(database, status="sending", attempt_count=1, last_attempt_at=utcnow() - timedelta(hours=2), category="detail_rules")

    detail = _open(window, qtbot, waiting)
    assert list(detail.actions_by_id) == list(commands.DETAIL_COMMANDS)
    for command_id, action in detail.actions_by_id.items():
        main = window.commands[command_id]
        assert action.shortcuts() == main.shortcuts() and action.toolTip() == main.toolTip()
    assert detail.retry_button.text() == "Retry now" and detail.cancel_button.text() == "Cancel attempt"
    assert "Ctrl+R" in detail.retry_button.toolTip()
    assert _enabled(detail) == {
        "actRetrySelected": True, "actCancelSelected": True, "actResetRow": False,
        "actCopyPhone": True, "actCopyRows": True, "actShowWebhooks": True,
    }
    assert not detail.reset_button.isVisible()  # offered only on a stuck send, as in the row menu

    finished = _open(window, qtbot, sent)
    assert not finished.retry_button.isEnabled() and not finished.cancel_button.isEnabled()

    stuck_detail = _open(window, qtbot, stuck)
    assert stuck_detail.reset_button.isVisible() and stuck_detail.reset_button.isEnabled()
    assert stuck_detail.reset_button.text() == window.act_reset_row.text().rstrip("…")  # a tool button drops the "…"


def test_ctrl_r_in_the_detail_asks_as_the_list_does_then_sends(app_context, sandbox, qtbot, answers) -> None:
    window = app_context.window
    database = app_context.session.database
    attempt_id = factories.due_retry(database, phone_number="+22376005544")
    detail = _open(window, qtbot, attempt_id)
    detail.activateWindow()
    with qtbot.waitSignal(window.batch_finished, timeout=10_000):
        qtbot.keyClick(detail.message, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert answers.questions[-1].startswith("1 attempt selected:\n• 1 can be sent now")  # the list's question
    assert factories.row(database, attempt_id)["status"] == "sent"
    assert any(r.phone == "22376005544" for r in sandbox.sends())
    qtbot.waitUntil(lambda: detail.detail.status == "sent" and not detail.retry_button.isEnabled(), timeout=5000)
    assert window.long_actions.last_summary.parent() is detail  # the report opens over the detail window
    assert "Sent: 1" in window.long_actions.last_summary.text()


def test_saying_no_in_the_detail_changes_nothing(app_context, sandbox, qtbot, answers) -> None:
    window = app_context.window
    database = app_context.session.database
    attempt_id = factories.due_retry(database)
    before = factories.row(database, attempt_id)
    detail = _open(window, qtbot, attempt_id)
    answers.reply = answers.reply.No
    detail.retry_button.click()
    detail.cancel_button.click()
    assert len(answers.questions) == 2
    assert factories.row(database, attempt_id) == before and sandbox.count() == 0


def test_cancel_and_reset_from_the_detail_ask_the_same_questions_and_change_the_row(app_context, qtbot, answers) -> None:
    window = app_context.window
    database = app_context.session.database
    waiting = factories.due_retry(database)
    detail = _open(window, qtbot, waiting)
    qtbot.keyClick(detail.message, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert answers.questions[-1] == "Cancel the selected attempt? If it is still waiting, it will not be sent."
    qtbot.waitUntil(lambda: factories.row(database, waiting)["status"] == "cancelled", timeout=5000)
    qtbot.waitUntil(lambda: detail.detail.status == "cancelled" and not detail.cancel_button.isEnabled(), timeout=5000)

    stuck = factories.attempt(database, status="sending", attempt_count=1, max_attempts=3, last_attempt_at=utcnow() - timedelta(hours=2))
    stuck_detail = _open(window, qtbot, stuck)
    qtbot.mouseClick(stuck_detail.reset_button, Qt.MouseButton.LeftButton)
    assert f"Give attempt #{stuck} back to the retry schedule?" in answers.questions[-1]
    qtbot.waitUntil(lambda: factories.row(database, stuck)["status"] == "failed_retry", timeout=5000)
    assert factories.row(database, stuck)["error_code"] == "interrupted"
    qtbot.waitUntil(lambda: stuck_detail.detail.status == "failed_retry" and not stuck_detail.reset_button.isVisible(), timeout=5000)


def test_copy_and_show_webhooks_from_the_detail(app_context, qtbot) -> None:
    window = app_context.window
    database = app_context.session.database
    attempt_id = factories.due_retry(database, phone_number="+22376007788", category="copy_from_detail")
    detail = _open(window, qtbot, attempt_id)
    qtbot.mouseClick(detail.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == "+22376007788" and detail.busy_label.text() == "Phone copied"
    qtbot.mouseClick(detail.buttons["actCopyRows"], Qt.MouseButton.LeftButton)
    header, line = QGuiApplication.clipboard().text().splitlines()
    assert header.split("\t")[:3] == ["ID", "Created", "Phone"] and line.split("\t")[0] == str(attempt_id)
    assert "+22376007788" in line.split("\t") and "copy_from_detail" not in header
    qtbot.mouseClick(detail.buttons["actShowWebhooks"], Qt.MouseButton.LeftButton)
    assert window.tabs.currentWidget() is window.webhooks
    qtbot.waitUntil(lambda: window.webhooks.model.filter.attempt_id == attempt_id, timeout=3000)


def test_a_long_action_in_the_main_window_disables_the_details_changes(app_context, qtbot) -> None:
    window = app_context.window
    database = app_context.session.database
    detail = _open(window, qtbot, factories.due_retry(database))
    assert detail.retry_button.isEnabled()
    release = threading.Event()
    window.long_actions.start("Long", "Working…", lambda progress, stop: release.wait(10))
    assert not detail.retry_button.isEnabled() and not detail.cancel_button.isEnabled() and detail.copy_button.isEnabled()
    with qtbot.waitSignal(window.long_actions.finished, timeout=10_000):
        release.set()
    assert detail.retry_button.isEnabled()
