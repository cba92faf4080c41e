"""A code the provider echoes back is masked in the detail window's provider_response tab, its
last error and webhook payloads, and in the webhooks tab, until the detail's Reveal (audited).
The attempt is really sent from the window to the sandbox on 127.0.0.1, which echoes it."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from tests.support import factories
from waadmin.db import audit_store
from waadmin.db.inserts import insert_webhooks
from waadmin.domain.clock import utcnow

CODE = "482913"
OTP = f"Code de vérification TS Air Cargo: {CODE}"


def test_a_code_echoed_by_the_provider_is_masked_in_the_provider_answer_tab_until_revealed(app_context, qtbot, sandbox) -> None:
    database = app_context.session.database
    attempt_id = factories.due_retry(database, message_type="otp", message_content=OTP)
    sandbox.script("ok_echo", contains=OTP)
    detail = app_context.window.open_detail(attempt_id)
    qtbot.waitUntil(lambda: detail.detail is not None and detail.retry_button.isEnabled(), timeout=5000)
    qtbot.mouseClick(detail.retry_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: detail.detail is not None and detail.detail.status == "sent", timeout=10_000)
    assert CODE in str(factories.row(database, attempt_id)["provider_response"])  # the provider did echo it

    shown = detail.response_json.toPlainText()
    assert CODE not in shown and "••••••" in shown and '"http_status": 200' in shown
    assert CODE not in detail.message.toPlainText()
    assert detail.reveal_button.isVisible() and detail.reveal_button.isEnabled()
    qtbot.mouseClick(detail.reveal_button, Qt.MouseButton.LeftButton)
    assert CODE in detail.response_json.toPlainText()
    qtbot.waitUntil(lambda: any(e.action == "reveal" and str(attempt_id) in e.target for e in audit_store.list_entries(database)), timeout=5000)


def test_a_code_quoted_in_a_refusal_is_masked_in_the_last_error(app_context, qtbot, sandbox) -> None:
    database = app_context.session.database
    attempt_id = factories.due_retry(database, message_type="notification", message_content=OTP)
    sandbox.script("rejected_echo", contains=OTP)
    detail = app_context.window.open_detail(attempt_id)
    qtbot.waitUntil(lambda: detail.detail is not None and detail.retry_button.isEnabled(), timeout=5000)
    qtbot.mouseClick(detail.retry_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: detail.detail is not None and bool(detail.detail.error_message), timeout=10_000)
    assert CODE in factories.row(database, attempt_id)["error_message"]
    error = detail.field_labels["error"].text()
    assert "filtre de contenu" in error and CODE not in error
    qtbot.mouseClick(detail.reveal_button, Qt.MouseButton.LeftButton)
    assert CODE in detail.field_labels["error"].text()

    # The list's Last error column and its tooltip, after a refresh (F5).
    window = app_context.window
    model = window.attempts.model
    qtbot.keyClick(window, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: any(model.row_at(r) and model.row_at(r).id == attempt_id and model.row_at(r).error_message for r in range(model.rowCount())), timeout=5000)
    row = next(r for r in range(model.rowCount()) if model.row_at(r).id == attempt_id)
    column = next(c for c in range(model.columnCount()) if model.headerData(c, Qt.Orientation.Horizontal) == "Last error")
    cell, tip = model.data(model.index(row, column)), model.data(model.index(row, column), Qt.ItemDataRole.ToolTipRole)
    assert "filtre de contenu" in cell and CODE not in cell and CODE not in tip

def test_webhook_payloads_show_masked_in_the_webhooks_tab_and_the_detail(app_context, qtbot) -> None:
    database = app_context.session.database
    attempt_id = factories.attempt(database, message_type="otp", status="sent", message_content=OTP, provider_message_id="wamid.ECHO-TAB")
    insert_webhooks(database, [{
        "message_attempt_id": attempt_id, "provider_message_id": "wamid.ECHO-TAB", "webhook_type": "delivery", "status": "delivered",
        "raw_payload": {"status": "delivered", "text": OTP}, "received_at": utcnow(),
    }])
    window = app_context.window
    window.tabs.setCurrentWidget(window.webhooks)
    model = window.webhooks.model
    qtbot.waitUntil(lambda: any(r.provider_message_id == "wamid.ECHO-TAB" for r in model.rows), timeout=5000)
    row = next(i for i, r in enumerate(model.rows) if r.provider_message_id == "wamid.ECHO-TAB")
    shown = model.data(model.index(row, 8))
    assert model.headerData(8, Qt.Orientation.Horizontal) == "Payload"
    assert '"status": "delivered"' in shown and CODE not in shown and "••••••" in shown

    detail = window.open_detail(attempt_id)
    qtbot.waitUntil(lambda: detail.detail is not None, timeout=5000)
    assert detail.webhooks.rowCount() == 1 and CODE not in detail.webhooks.item(0, 6).text()
    qtbot.mouseClick(detail.reveal_button, Qt.MouseButton.LeftButton)
    assert CODE in detail.webhooks.item(0, 6).text()


def test_a_quoted_code_is_masked_in_the_batch_dialog_s_sample(app_context, qtbot) -> None:
    database = app_context.session.database
    factories.attempt(
        database, message_type="otp", status="failed_retry", attempt_count=1, max_attempts=3, category="echo_batch",
        error_code="content_rejected", error_message=f"filtre de contenu: {OTP}",
    )
    window = app_context.window
    window.attempts.filter_bar.search.setText("echo_batch")
    qtbot.waitUntil(lambda: window.attempts.model.filter.search == "echo_batch" and window.attempts.model.rowCount() == 1, timeout=10_000)
    seen: list[str] = []

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None or dialog.objectName() != "bulkConfirmDialog":
            QTimer.singleShot(30, look)
            return
        seen.append(dialog.sample.item(0, 4).text())
        dialog.reject()

    QTimer.singleShot(0, look)
    window.act_retry_matching.trigger()
    qtbot.waitUntil(lambda: bool(seen), timeout=10_000)
    assert "filtre de contenu" in seen[0] and CODE not in seen[0]
