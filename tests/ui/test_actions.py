"""Stories about acting on attempts from the window: detail, retry, cancel, batches, webhooks,
export. Each checks what the user sees and what landed in the database."""

from __future__ import annotations

import csv
from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from sqlalchemy import func, select, update

from tests.support import factories
from tests.ui import helpers
from waadmin.db import aggregates, audit_store
from waadmin.domain.clock import utcnow
from waadmin.engine.retry import RetryReport


def _status(context, attempt_id: int) -> str:
    return factories.row(context.session.database, attempt_id)["status"]


def test_double_click_shows_a_failed_attempt_with_its_error_and_retry_enabled(app_context, qtbot) -> None:
    window = app_context.window
    model = window.attempts.model
    row = helpers.rows_where(model, lambda r: r.status == "failed_retry" and r.attempt_count < r.max_attempts)[0]
    item = model.row_at(row)
    helpers.double_click_row(qtbot, window.attempts.table, row)
    qtbot.waitUntil(lambda: item.id in window.details and window.details[item.id].detail is not None, timeout=5000)
    detail = window.details[item.id]
    assert detail.field_labels["phone"].text() == item.phone_number
    assert item.error_code in detail.field_labels["error"].text()
    assert detail.retry_button.isEnabled() and detail.cancel_button.isEnabled()
    assert not detail.reset_button.isEnabled()
    assert detail.timeline.rowCount() == 6
    assert detail.schedule.rowCount() >= 1


def test_credentials_are_hidden_until_revealed_and_the_reveal_is_audited(app_context, qtbot) -> None:
    window = app_context.window
    database = app_context.session.database
    secret_id = factories.attempt(database, message_type="credentials", message_content="Mot de passe temporaire: Zq8#pW2x")
    detail = window.open_detail(secret_id)
    qtbot.waitUntil(lambda: detail.detail is not None, timeout=5000)
    assert "Zq8#pW2x" not in detail.message.toPlainText()
    assert detail.reveal_button.isVisible()
    qtbot.mouseClick(detail.reveal_button, Qt.MouseButton.LeftButton)
    assert "Zq8#pW2x" in detail.message.toPlainText()
    qtbot.waitUntil(lambda: any(e.action == "reveal" and str(secret_id) in e.target for e in audit_store.list_entries(database)), timeout=5000)


def test_a_reset_code_sent_as_a_notification_shows_masked_and_the_rest_readable(app_context, qtbot) -> None:
    database = app_context.session.database
    reset_id = factories.attempt(database, message_type="notification", message_content="Votre code de réinitialisation est 771204. Ce code expire dans 24h.")
    detail = app_context.window.open_detail(reset_id)
    qtbot.waitUntil(lambda: detail.detail is not None, timeout=5000)
    assert detail.message.toPlainText() == "Votre code de réinitialisation est ••••••. Ce code expire dans 24h."
    assert detail.reveal_button.isVisible()
    qtbot.mouseClick(detail.reveal_button, Qt.MouseButton.LeftButton)
    assert "771204" in detail.message.toPlainText()


def test_retry_now_from_the_detail_sends_through_the_provider(app_context, sandbox, qtbot) -> None:
    window = app_context.window
    database = app_context.session.database
    attempt_id = factories.attempt(database, status="failed_retry", attempt_count=1, next_retry_at=utcnow() + timedelta(hours=1), phone_number="+22376001122")
    detail = window.open_detail(attempt_id)
    qtbot.waitUntil(lambda: detail.detail is not None and detail.retry_button.isEnabled(), timeout=5000)
    detail.retry_button.click()
    qtbot.waitUntil(lambda: _status(app_context, attempt_id) == "sent", timeout=10_000)
    assert any("22376001122" in (r.phone or "") for r in sandbox.requests)
    qtbot.waitUntil(lambda: detail.detail is not None and detail.detail.status == "sent", timeout=5000)
    assert not detail.retry_button.isEnabled()


def test_cancel_selected_from_the_toolbar(app_context, qtbot, answers) -> None:
    window = app_context.window
    model = window.attempts.model
    rows = helpers.rows_where(model, lambda r: r.status in ("failed_retry", "pending"))[:2]
    ids = [model.id_at(r) for r in rows]
    helpers.select_rows(window.attempts.table, rows)
    assert window.act_cancel_selected.isEnabled()
    with qtbot.waitSignal(window.batch_finished, timeout=5000):
        window.act_cancel_selected.trigger()
    assert answers.questions and "2" in answers.questions[-1]
    assert [_status(app_context, i) for i in ids] == ["cancelled", "cancelled"]
    qtbot.waitUntil(lambda: model.row_at(model.row_of_id(ids[0])).status == "cancelled", timeout=5000)


def test_retry_selected_from_the_toolbar(app_context, sandbox, qtbot) -> None:
    window = app_context.window
    model = window.attempts.model
    rows = helpers.rows_where(model, lambda r: r.status == "failed_retry" and r.attempt_count < r.max_attempts and r.phone_number.startswith("+"))[:3]
    ids = [model.id_at(r) for r in rows]
    helpers.select_rows(window.attempts.table, rows)
    assert window.act_retry_selected.isEnabled()
    with qtbot.waitSignal(window.batch_finished, timeout=15_000) as done:
        window.act_retry_selected.trigger()
    report = done.args[0]
    assert isinstance(report, RetryReport) and report.success == 3
    assert all(_status(app_context, i) == "sent" for i in ids)
    assert "Sent: 3" in window.long_actions.last_summary.text()


def test_retry_all_due_asks_once_then_sends_them_all(app_context, sandbox, qtbot, answers) -> None:
    window = app_context.window
    database = app_context.session.database
    a = database.layout.attempt
    with database.read() as conn:
        due = conn.execute(
            select(func.count()).where(a.status == "failed_retry", a.next_retry_at <= utcnow(), a.attempt_count < a.max_attempts)
        ).scalar_one()
    assert due > 10
    with qtbot.waitSignal(window.batch_finished, timeout=60_000) as done:
        window.act_retry_due.trigger()
    assert len(answers.questions) == 1 and str(due) in answers.questions[0]
    report = done.args[0]
    assert report.processed >= due
    with database.read() as conn:
        left = conn.execute(select(func.count()).where(a.status == "failed_retry", a.next_retry_at <= utcnow())).scalar_one()
        sending = conn.execute(select(func.count()).where(a.status == "sending")).scalar_one()
    assert left == 0 and sending == 0
    assert sandbox.count() >= report.success


def test_retry_all_due_past_a_long_queue_says_its_count_is_an_estimate_and_is_not_cut_short_by_it(app_context, sandbox, qtbot, answers, monkeypatch) -> None:
    # A queue longer than the exact count reads (here: any queue) is counted from a sample.
    monkeypatch.setattr(aggregates, "EXACT_BACKLOG_ROWS", 0)
    window = app_context.window
    database = app_context.session.database
    a = database.layout.attempt
    with database.read() as conn:
        due = conn.execute(
            select(func.count()).where(a.status == "failed_retry", a.next_retry_at <= utcnow(), a.attempt_count < a.max_attempts)
        ).scalar_one()
    assert due > 10
    with qtbot.waitSignal(window.batch_finished, timeout=60_000) as done:
        window.act_retry_due.trigger()
    assert len(answers.questions) == 1 and answers.questions[0].startswith("About ") and "estimated" in answers.questions[0]
    assert "Due now: ≈" in window.work_label.text()
    report = done.args[0]
    assert report.processed >= due
    with database.read() as conn:
        left = conn.execute(select(func.count()).where(a.status == "failed_retry", a.next_retry_at <= utcnow())).scalar_one()
    assert left == 0


def test_cancelling_a_batch_midway_stops_it_cleanly(app_context, sandbox, qtbot, answers) -> None:
    window = app_context.window
    database = app_context.session.database
    a = database.layout.attempt
    with database.write() as conn:  # make a long batch: many due rows, a slow provider
        made_due = conn.execute(
            update(a).where(a.status.in_(["sent", "delivered"])).values(status="failed_retry", next_retry_at=utcnow() - timedelta(minutes=1), attempt_count=1, max_attempts=3)
        ).rowcount
    assert made_due > 500
    sandbox.set_latency(0.3)
    window.act_retry_due.trigger()
    qtbot.waitUntil(lambda: window.operation is not None and sandbox.count() >= 5, timeout=20_000)
    cancel_button = window.operation.dialog.findChild(QPushButton)
    with qtbot.waitSignal(window.batch_finished, timeout=30_000) as done:
        qtbot.mouseClick(cancel_button, Qt.MouseButton.LeftButton)
    report = done.args[0]
    assert report.stopped
    with database.read() as conn:
        sending = conn.execute(select(func.count()).where(a.status == "sending")).scalar_one()
        sent = conn.execute(select(func.count()).where(a.status == "sent")).scalar_one()
    assert sending == 0
    assert sent == report.success
    assert report.processed < made_due / 2  # stopped well before the end
    assert "Stopped on request" in window.long_actions.last_summary.text()


def test_reprocessing_webhooks_applies_delivery_reports(app_context, qtbot) -> None:
    window = app_context.window
    database = app_context.session.database
    sent_id = factories.attempt(database, status="sent", provider_message_id="wamid.TEST-REPROCESS", attempt_count=1, sent_at=utcnow())
    from waadmin.db.inserts import insert_webhooks

    insert_webhooks(database, [{"provider_message_id": "wamid.TEST-REPROCESS", "webhook_type": "read", "status": "read", "raw_payload": {"id": "x"}}])
    window.tabs.setCurrentWidget(window.webhooks)
    with qtbot.waitSignal(window.batch_finished, timeout=20_000):
        window.webhooks.reprocess_all.click()
    assert _status(app_context, sent_id) == "read"


def test_the_webhooks_tab_reads_its_logs_when_it_is_first_shown(app_context, qtbot) -> None:
    """At connection only the list's queries run; the hidden tab reads when the user opens it."""
    from waadmin.db.inserts import insert_webhooks

    window = app_context.window
    model = window.webhooks.model
    insert_webhooks(app_context.session.database, [{"provider_message_id": "wamid.LAZY-TAB", "webhook_type": "delivered", "status": "delivered", "raw_payload": {}}])
    # Nothing read: every task the connection and the insert started has ended (a read of the
    # hidden tab would be one of them).
    qtbot.waitUntil(lambda: not app_context.tracker.busy, timeout=10_000)
    assert model.rows == [] and model.stale
    window.tabs.setCurrentWidget(window.webhooks)
    qtbot.waitUntil(lambda: any(r.provider_message_id == "wamid.LAZY-TAB" for r in model.rows), timeout=5000)
    assert "logs shown" in window.webhooks.summary.text()
    window.tabs.setCurrentWidget(window.attempts)
    window.tabs.setCurrentWidget(window.webhooks)  # shown again: kept, not read again
    assert not model.stale and any(r.provider_message_id == "wamid.LAZY-TAB" for r in model.rows)


def test_export_csv_writes_the_filtered_list_with_secrets_masked(app_context, qtbot, tmp_path: Path) -> None:
    window = app_context.window
    database = app_context.session.database
    factories.attempt(database, message_type="otp", message_content="Votre code: 734219", title="EXPORTME")
    bar = window.attempts.filter_bar
    qtbot.keyClicks(bar.search, "EXPORTME")
    qtbot.waitUntil(lambda: window.attempts.model.filter.search == "EXPORTME" and window.attempts.model.rowCount() == 1, timeout=5000)
    target = tmp_path / "out.csv"
    with qtbot.waitSignal(window.batch_finished, timeout=10_000):
        window.maintenance.start_export(str(target))
    rows = list(csv.DictReader(target.open(encoding="utf-8-sig")))
    assert len(rows) == 1 and rows[0]["title"] == "EXPORTME"
    assert "734219" not in target.read_text(encoding="utf-8-sig")


def test_the_export_asks_whether_to_reveal_secrets_and_a_reveal_is_audited(app_context, qtbot, tmp_path: Path, answers, monkeypatch) -> None:
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    window = app_context.window
    database = app_context.session.database
    factories.attempt(database, message_type="otp", message_content="Votre code: 734219", title="REVEALME")
    qtbot.keyClicks(window.attempts.filter_bar.search, "REVEALME")
    qtbot.waitUntil(lambda: window.attempts.model.filter.search == "REVEALME" and window.attempts.model.rowCount() == 1, timeout=5000)
    for reply, name in ((QMessageBox.StandardButton.No, "masked.csv"), (QMessageBox.StandardButton.Yes, "revealed.csv")):
        answers.reply = reply
        monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *args, name=name: (str(tmp_path / name), "")))
        with qtbot.waitSignal(window.batch_finished, timeout=10_000):
            window.act_export.trigger()
    assert "734219" not in (tmp_path / "masked.csv").read_text(encoding="utf-8-sig")
    assert "734219" in (tmp_path / "revealed.csv").read_text(encoding="utf-8-sig")
    assert answers.questions and "in clear" in answers.questions[-1]
    qtbot.waitUntil(lambda: [e.action for e in audit_store.list_entries(database)][:2] == ["export_csv_revealed", "export_csv"], timeout=5000)
