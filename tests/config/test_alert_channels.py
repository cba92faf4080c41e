"""The alert channels' settings: from the environment for the headless worker, saved from the
desktop with the secrets in the keyring and none in the file."""

from __future__ import annotations

import json

import pytest

from waadmin.config import alert_channels
from waadmin.config.alert_channels import AlertChannels, AlertChannelStore, ChannelProblem, SmtpTarget
from waadmin.config.secrets import SecretStore
from waadmin.config.service import secret_name


def test_the_environment_configures_the_worker_and_the_keyring_gives_the_smtp_password(tmp_path) -> None:
    store = AlertChannelStore(tmp_path / "c.json")
    store.secrets.set(secret_name(alert_channels.SECTION, alert_channels.SMTP_PASSWORD), "from-keyring")
    env = {
        "WAADMIN_ALERT_SLACK_WEBHOOK": "https://hooks.slack.test/T/B/x",
        "WAADMIN_ALERT_SMTP_URL": "smtp://ops%40cargo.test@mail.cargo.test:587",
        "WAADMIN_ALERT_EMAIL_TO": "a@cargo.test; b@cargo.test",
    }
    channels = alert_channels.configured(env, store)
    assert channels.slack_on and channels.email_on and not channels.webhook_on
    assert channels.smtp_password == "from-keyring" and channels.recipients() == ["a@cargo.test", "b@cargo.test"]
    assert channels.smtp() == SmtpTarget("mail.cargo.test", 587, False, "ops@cargo.test", "auto", "")
    assert channels.sender() == "ops@cargo.test"
    env["WAADMIN_ALERT_SMTP_PASSWORD"] = "from-env"
    assert alert_channels.configured(env, store).smtp_password == "from-env"


def test_smtp_addresses() -> None:
    assert SmtpTarget.parse("smtps://u@h").port == 465 and SmtpTarget.parse("smtps://u@h").ssl
    assert SmtpTarget.parse("smtp://h?starttls=off").starttls == "off"
    for wrong in ("http://h", "smtp://", "smtp://h:x", "smtp://h?starttls=maybe"):
        with pytest.raises(ChannelProblem):
            SmtpTarget.parse(wrong)
    assert AlertChannels(email_to="a@b").problems() == ["E-mail: give the SMTP server's address (smtp://user@host:587)."]
    assert AlertChannels(slack_webhook="hooks.slack.com/x").problems()[0].startswith("The Slack webhook address")


def test_saved_channels_keep_their_secrets_in_the_keyring_only(tmp_path) -> None:
    store = AlertChannelStore(tmp_path / "c.json")
    saved = AlertChannels(
        slack_webhook="https://hooks.slack.test/T/B/secret", webhook_url="https://ops.test/hook", webhook_token="tok",
        smtp_url="smtp://u@h:587", email_to="a@b", smtp_password="pw",
    )
    assert store.save(saved)
    text = (tmp_path / "c.json").read_text()
    assert "hooks.slack.test" not in text and "\"tok\"" not in text and "\"pw\"" not in text
    assert json.loads(text)["sections"]["alert_channels"]["data"]["webhook_url"] == "https://ops.test/hook"  # a section of the one settings file
    assert AlertChannelStore(tmp_path / "c.json", SecretStore()).load() == saved
    # Without any WAADMIN_ALERT_* variable the worker takes the saved channels.
    assert alert_channels.configured({}, store) == saved
    # The password alone from the environment completes the saved e-mail settings.
    assert alert_channels.configured({"WAADMIN_ALERT_SMTP_PASSWORD": "other"}, store).smtp_password == "other"
    assert alert_channels.configured({"WAADMIN_ALERT_EMAIL_TO": "x@y"}, store).slack_webhook == ""
