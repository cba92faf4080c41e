"""Alerts → Notification channels…: a person fills in Slack and e-mail, sends a test that
reaches real receivers on loopback (and sees which channel failed and why), saves with the
secrets in the keyring only, and the desktop worker then delivers its alerts there."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from tests.support import factories
from tests.support.alert_receivers import HookServer, SmtpServer
from waadmin.config import paths
from waadmin.config.secrets import SERVICE
from waadmin.domain.clock import utcnow
from waadmin.ui.dialogs.alert_channels_dialog import AlertChannelsDialog


def _open(app_context, qtbot) -> AlertChannelsDialog:
    window = app_context.window
    assert [a.objectName() for a in window.alerts_menu.actions()] == ["actAlertChannels", "actAlertThresholds"]
    window.act_alert_channels.trigger()
    dialog = window.alert_channels_dialog
    qtbot.waitUntil(lambda: dialog.buttons.isEnabled(), timeout=10_000)  # the saved channels are in
    return dialog


def _fill(qtbot, dialog: AlertChannelsDialog, slack: HookServer, smtp: SmtpServer) -> None:
    dialog.slack_box.setChecked(True)
    qtbot.keyClicks(dialog.slack, slack.url)
    dialog.mail_box.setChecked(True)
    qtbot.keyClicks(dialog.smtp_url, smtp.url)
    qtbot.keyClicks(dialog.smtp_password, smtp.password)
    qtbot.keyClicks(dialog.email_to, "ops@example.test")


def test_send_test_reaches_slack_and_the_mail_server_and_names_the_channel_that_fails(app_context, qtbot, slack, smtp) -> None:
    dialog = _open(app_context, qtbot)
    _fill(qtbot, dialog, slack, smtp)
    refusing = HookServer().start()
    refusing.status = 503
    try:
        dialog.hook_box.setChecked(True)
        qtbot.keyClicks(dialog.webhook_url, refusing.url)
        qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "JSON webhook" in dialog.note.text(), timeout=30_000)
    finally:
        refusing.stop()
    text = dialog.note.text()
    assert "✅ Slack: test message sent" in text and "✅ E-mail: test message sent" in text
    assert "❌ JSON webhook: HTTP 503" in text
    assert "test message" in slack.bodies()[0]["text"]
    assert smtp.messages[0]["Subject"] == "[waadmin] Test message" and smtp.logins == [smtp.user]
    assert dialog.test_button.isEnabled()
    dialog.reject()


def test_saved_channels_keep_secrets_in_the_keyring_and_the_desktop_worker_delivers_alerts(app_context, qtbot, slack, smtp, memory_keyring) -> None:
    dialog = _open(app_context, qtbot)
    _fill(qtbot, dialog, slack, smtp)
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    saved = paths.settings_file().read_text(encoding="utf-8")
    assert slack.url not in saved and smtp.password not in saved and "ops@example.test" in saved
    assert memory_keyring.store[(SERVICE, "alert_channels/slack_webhook")] == slack.url
    assert memory_keyring.store[(SERVICE, "alert_channels/smtp_password")] == smtp.password
    assert "Notification channels saved." in app_context.window.statusBar().currentMessage()

    # Opened again: the addresses are back, the secrets are not shown but kept.
    again = _open(app_context, qtbot)
    assert again.slack_box.isChecked() and again.slack.text() == "" and "unchanged" in again.slack.placeholderText()
    assert again.channels().slack_webhook == slack.url
    again.reject()

    # Only the waiting-retries alert can fire; one is waiting: it turns on at the first run.
    window = app_context.window
    prefs = window.prefs
    prefs.alert_min_success_rate, prefs.alert_max_final_failure_rate, prefs.alert_max_mean_delay_minutes = 0.0, 100.0, 1e9
    prefs.alert_max_waiting_retries = 0
    factories.attempt(app_context.session.database, status="failed_retry", attempt_count=1, next_retry_at=utcnow() + timedelta(days=1))
    assert window.worker.start()
    try:
        qtbot.waitUntil(lambda: len(slack.received) == 1 and len(smtp.messages) == 1, timeout=30_000)
    finally:
        window.worker.shutdown()
    assert "Too many retries waiting" in slack.bodies()[0]["text"]
    assert smtp.messages[0]["Subject"].startswith("[waadmin] ALERT: Too many retries waiting")
