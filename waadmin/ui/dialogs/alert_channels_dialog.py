"""Alerts → Notification channels…: where alerts go besides the tray (Slack, e-mail, a JSON
webhook), with a Send test button. The settings file gets the addresses, the keyring the
secrets (config/alert_channels.py); loading, saving and testing run off the GUI thread."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from waadmin.config.alert_channels import AlertChannels, AlertChannelStore
from waadmin.engine.alert_delivery import DeliveryFailed, channels_for, send_test
from waadmin.ui import engine_text, retranslate
from waadmin.ui.tasks import TaskTracker, user_message


def _field(name: str, placeholder: str = "", secret: bool = False) -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setPlaceholderText(placeholder)
    if secret:
        edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


def _load() -> tuple[AlertChannels, str]:
    store = AlertChannelStore()
    return store.load(), store.secrets.problem


def _save(channels: AlertChannels) -> bool:
    return AlertChannelStore().save(channels)


def _test(channels: AlertChannels) -> list[tuple[str, str]]:
    """(channel, "" or why it failed) for every channel the form turns on."""
    results = []
    for channel in channels_for(channels):
        try:
            send_test(channel)
        except DeliveryFailed as error:
            results.append((channel.name, str(error)))
        else:
            results.append((channel.name, ""))
    return results


class AlertChannelsDialog(QDialog):
    def __init__(self, tracker: TaskTracker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("alertChannelsDialog")
        self.setWindowTitle(self.tr("Notification channels"))
        self.setMinimumWidth(560)
        self.tracker = tracker
        self.current = AlertChannels()
        self.saved: AlertChannels | None = None

        self.slack = _field("slackWebhook", "https://hooks.slack.com/services/…", secret=True)
        self.webhook_url = _field("webhookUrl", "https://ops.example/hooks/waadmin")
        self.webhook_token = _field("webhookToken", secret=True)
        self.smtp_url = _field("smtpUrl", "smtp://user@smtp.example.com:587")
        self.smtp_password = _field("smtpPassword", secret=True)
        self.email_to = _field("emailTo", "ops@example.com, oncall@example.com")
        self.email_from = _field("emailFrom")

        # A channel is on while its box is ticked; unticking one forgets its settings on save.
        self.slack_box = slack_box = self._box("slackBox", self.tr("Slack"))
        form = QFormLayout(slack_box)
        form.addRow(self.tr("Incoming webhook address:"), self.slack)
        self.mail_box = mail_box = self._box("emailBox", self.tr("E-mail"))
        form = QFormLayout(mail_box)
        form.addRow(self.tr("SMTP server:"), self.smtp_url)
        form.addRow(self.tr("Password:"), self.smtp_password)
        form.addRow(self.tr("Send to:"), self.email_to)
        form.addRow(self.tr("Sender:"), self.email_from)
        smtp_help = QLabel(self.tr("smtp://…:587 uses STARTTLS, smtps://…:465 TLS from the start; the user name goes before the @ (%40 for an @ in it)."))
        smtp_help.setWordWrap(True)
        form.addRow(smtp_help)
        self.hook_box = hook_box = self._box("webhookBox", self.tr("JSON webhook"))
        form = QFormLayout(hook_box)
        form.addRow(self.tr("Address:"), self.webhook_url)
        form.addRow(self.tr("Bearer token:"), self.webhook_token)

        self.note = QLabel(self.tr("Loading…"))
        self.note.setObjectName("alertChannelsNote")
        self.note.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.test_button = self.buttons.addButton(self.tr("Send test"), QDialogButtonBox.ButtonRole.ActionRole)
        self.test_button.setObjectName("alertChannelsTest")
        self.test_button.setToolTip(self.tr("Send one test message to every channel filled in"))
        self.test_button.clicked.connect(self.send_test)
        self.buttons.accepted.connect(self._save)
        self.buttons.rejected.connect(self.reject)
        self.buttons.setEnabled(False)  # until the saved channels are in the form

        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("One message when an alert turns on and one when it clears. Secrets are kept in the system keyring."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addWidget(slack_box)
        layout.addWidget(mail_box)
        layout.addWidget(hook_box)
        layout.addWidget(self.note)
        layout.addWidget(self.buttons)
        self.tracker.run(_load, on_result=self._loaded, on_error=self._failed)

    @staticmethod
    def _box(name: str, title: str) -> QGroupBox:
        box = QGroupBox(title)
        box.setObjectName(name)
        box.setCheckable(True)
        box.setChecked(False)
        return box

    # -- the form ------------------------------------------------------------------------------
    def _loaded(self, loaded: tuple[AlertChannels, str]) -> None:
        channels, keyring_problem = loaded
        self.current = channels
        self.webhook_url.setText(channels.webhook_url)
        self.smtp_url.setText(channels.smtp_url)
        self.email_to.setText(channels.email_to)
        self.email_from.setText(channels.email_from)
        self.slack_box.setChecked(channels.slack_on)
        self.mail_box.setChecked(bool(channels.smtp_url or channels.email_to))
        self.hook_box.setChecked(channels.webhook_on)
        # A saved secret is never shown again; an empty field keeps it.
        for edit, value in ((self.slack, channels.slack_webhook), (self.webhook_token, channels.webhook_token), (self.smtp_password, channels.smtp_password)):
            if value:
                edit.setPlaceholderText(self.tr("•••• (unchanged)"))
        retranslate.set_text(
            self.note, lambda: self.tr("No keyring here: the secrets are kept for this session only ({why}).").format(why=keyring_problem) if keyring_problem else ""
        )
        self.buttons.setEnabled(True)

    def channels(self) -> AlertChannels:
        """What the form says; an empty secret field keeps the saved secret, an unticked box
        turns its channel off."""
        current = self.current
        channels = AlertChannels()
        if self.slack_box.isChecked():
            channels = replace(channels, slack_webhook=self.slack.text().strip() or current.slack_webhook)
        if self.hook_box.isChecked():
            channels = replace(channels, webhook_url=self.webhook_url.text().strip(), webhook_token=self.webhook_token.text().strip() or current.webhook_token)
        if self.mail_box.isChecked():
            channels = replace(
                channels, smtp_url=self.smtp_url.text().strip(), smtp_password=self.smtp_password.text() or current.smtp_password,
                email_to=self.email_to.text().strip(), email_from=self.email_from.text().strip(),
            )
        return channels

    def _checked(self) -> AlertChannels | None:
        channels = self.channels()
        problems = channels.problems()
        if problems:
            retranslate.set_text(self.note, lambda: "❌ " + " ".join(engine_text.translate(p) for p in problems))
            return None
        return channels

    # -- testing ---------------------------------------------------------------------------------
    def send_test(self) -> None:
        channels = self._checked()
        if channels is None:
            return
        if not channels.any_on:
            self.note.setText(self.tr("Fill in at least one channel to test."))
            return
        self.test_button.setEnabled(False)
        self.note.setText(self.tr("Sending a test message…"))
        self.tracker.run(_test, channels, on_result=self._tested, on_error=self._failed)

    def _tested(self, results: list[tuple[str, str]]) -> None:
        self.test_button.setEnabled(True)
        retranslate.set_text(self.note, lambda: self._test_text(results))

    def _test_text(self, results: list[tuple[str, str]]) -> str:
        names = {"slack": self.tr("Slack"), "email": self.tr("E-mail"), "webhook": self.tr("JSON webhook")}
        lines = []
        for name, error in results:
            label = names.get(name, name)
            lines.append("✅ " + self.tr("{channel}: test message sent").format(channel=label) if not error
                         else "❌ " + self.tr("{channel}: {error}").format(channel=label, error=engine_text.translate(error)))
        return "\n".join(lines)

    def _failed(self, error: BaseException) -> None:
        self.test_button.setEnabled(True)
        self.buttons.setEnabled(True)
        retranslate.set_text(self.note, lambda: "❌ " + user_message(error))

    # -- saving ------------------------------------------------------------------------------------
    def _save(self) -> None:
        channels = self._checked()
        if channels is None:
            return
        self.buttons.setEnabled(False)
        self.note.setText(self.tr("Saving…"))

        def saved(kept: bool) -> None:
            self.saved = channels
            self.kept_for_good = kept
            self.accept()

        self.tracker.run(_save, channels, on_result=saved, on_error=self._failed)
