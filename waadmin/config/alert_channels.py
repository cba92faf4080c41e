"""Where alerts are delivered besides the tray: a Slack incoming webhook, e-mail over SMTP and a
generic JSON webhook — the settings, from the environment (the headless worker) or saved from
the desktop (*Alerts → Notification channels…*).

Saved as the ``alert_channels`` section of the settings service (config/service.py): the file
holds no secret; the Slack webhook address (its path is the credential), the JSON webhook's bearer
token and the SMTP password go to the keyring under that service's one naming scheme
(``alert_channels/<key>``).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from waadmin.config.secrets import SecretStore
from waadmin.config.sections import SecretLookup, Section, register
from waadmin.config.service import SettingsService, secret_name
from waadmin.domain.messages import N_

SECTION = "alert_channels"
SLACK_WEBHOOK = "slack_webhook"
WEBHOOK_TOKEN = "webhook_token"
SMTP_PASSWORD = "smtp_password"
SECRET_KEYS = (SLACK_WEBHOOK, WEBHOOK_TOKEN, SMTP_PASSWORD)

ENV_SLACK = "WAADMIN_ALERT_SLACK_WEBHOOK"
ENV_WEBHOOK = "WAADMIN_ALERT_WEBHOOK_URL"
ENV_WEBHOOK_TOKEN = "WAADMIN_ALERT_WEBHOOK_TOKEN"
ENV_SMTP = "WAADMIN_ALERT_SMTP_URL"
ENV_EMAIL_TO = "WAADMIN_ALERT_EMAIL_TO"
ENV_EMAIL_FROM = "WAADMIN_ALERT_EMAIL_FROM"
ENV_SMTP_PASSWORD = "WAADMIN_ALERT_SMTP_PASSWORD"
ENV_NAMES = (ENV_SLACK, ENV_WEBHOOK, ENV_WEBHOOK_TOKEN, ENV_SMTP, ENV_EMAIL_TO, ENV_EMAIL_FROM, ENV_SMTP_PASSWORD)

SMTP_SCHEMES = ("smtp", "smtps")


class ChannelProblem(ValueError):
    """A channel setting that cannot work; the message says which and why."""


@dataclass(frozen=True)
class SmtpTarget:
    """``smtp://user@host:587`` (STARTTLS when the server offers it; ``?starttls=required`` to
    insist), ``smtps://user@host:465`` (TLS from the first byte), ``?cafile=/path`` to trust a
    private certificate authority, ``?starttls=off`` for a relay on the same machine."""

    host: str
    port: int
    ssl: bool
    user: str
    starttls: str  # "auto" (if offered), "required", "off"
    cafile: str

    @classmethod
    def parse(cls, url: str) -> SmtpTarget:
        parts = urlsplit(url.strip())
        if parts.scheme not in SMTP_SCHEMES:
            raise ChannelProblem(N_("the SMTP address must start with smtp:// or smtps:// (got {url})").format(url=repr(url)))
        if not parts.hostname:
            raise ChannelProblem(N_("the SMTP address has no host ({url})").format(url=repr(url)))
        try:
            port = parts.port
        except ValueError:
            raise ChannelProblem(N_("the SMTP address has an invalid port ({url})").format(url=repr(url))) from None
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        starttls = query.get("starttls", "auto").lower()
        if starttls not in ("auto", "required", "off"):
            raise ChannelProblem(N_("starttls must be auto, required or off"))
        ssl = parts.scheme == "smtps"
        return cls(
            host=parts.hostname,
            port=port or (465 if ssl else 587),
            ssl=ssl,
            user=unquote(parts.username or ""),
            starttls="off" if ssl else starttls,
            cafile=query.get("cafile", ""),
        )


@dataclass(frozen=True)
class AlertChannels:
    """Every channel is optional; an empty field means that channel is off."""

    slack_webhook: str = ""
    webhook_url: str = ""
    webhook_token: str = ""  # sent as "Authorization: Bearer …" when set
    smtp_url: str = ""
    email_to: str = ""  # comma-separated addresses
    email_from: str = ""  # default: the SMTP user, or waadmin@<host>
    smtp_password: str = ""

    @property
    def slack_on(self) -> bool:
        return bool(self.slack_webhook.strip())

    @property
    def webhook_on(self) -> bool:
        return bool(self.webhook_url.strip())

    @property
    def email_on(self) -> bool:
        return bool(self.smtp_url.strip() and self.email_to.strip())

    @property
    def any_on(self) -> bool:
        return self.slack_on or self.webhook_on or self.email_on

    def recipients(self) -> list[str]:
        return [a.strip() for a in self.email_to.replace(";", ",").split(",") if a.strip()]

    def smtp(self) -> SmtpTarget:
        return SmtpTarget.parse(self.smtp_url)

    def sender(self) -> str:
        if self.email_from.strip():
            return self.email_from.strip()
        target = self.smtp()
        return target.user if "@" in target.user else f"waadmin@{target.host}"

    def problems(self) -> list[str]:
        found = []
        for name, url in ((N_("Slack webhook"), self.slack_webhook), (N_("JSON webhook"), self.webhook_url)):
            if url.strip() and urlsplit(url.strip()).scheme not in ("http", "https"):
                found.append(N_("The {channel} address must start with https:// (or http://).").format(channel=name))
        if self.smtp_url.strip():
            try:
                self.smtp()
            except ChannelProblem as problem:
                found.append(N_("E-mail: {problem}.").format(problem=problem))
            if not self.recipients():
                found.append(N_("E-mail: give at least one address to send to."))
        elif self.email_to.strip():
            found.append(N_("E-mail: give the SMTP server's address (smtp://user@host:587)."))
        return found

    def public(self) -> dict[str, str]:
        """What the settings file holds: everything but the secrets."""
        data = asdict(self)
        for key in SECRET_KEYS:
            data.pop(key)
        return data

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, secrets: SecretStore | None = None) -> AlertChannels:
        """The headless worker's channels; the SMTP password from the environment, else the
        keyring (where the desktop saved it)."""
        env = os.environ if env is None else env
        password = env.get(ENV_SMTP_PASSWORD, "")
        if not password and env.get(ENV_SMTP, "").strip():
            password = (secrets or SecretStore()).get(secret_name(SECTION, SMTP_PASSWORD))
        return cls(
            slack_webhook=env.get(ENV_SLACK, "").strip(),
            webhook_url=env.get(ENV_WEBHOOK, "").strip(),
            webhook_token=env.get(ENV_WEBHOOK_TOKEN, "").strip(),
            smtp_url=env.get(ENV_SMTP, "").strip(),
            email_to=env.get(ENV_EMAIL_TO, "").strip(),
            email_from=env.get(ENV_EMAIL_FROM, "").strip(),
            smtp_password=password,
        )


def env_configures(env: Mapping[str, str] | None = None) -> bool:
    """Whether the environment sets channels (then the saved ones are not read): any of the
    variables but the SMTP password, which may complete the saved e-mail settings."""
    env = os.environ if env is None else env
    return any(env.get(name, "").strip() for name in ENV_NAMES if name != ENV_SMTP_PASSWORD)


def _read(data: Mapping[str, Any], secret: SecretLookup) -> AlertChannels:
    known = {k: str(v) for k, v in data.items() if k in AlertChannels.__dataclass_fields__ and k not in SECRET_KEYS}
    return replace(AlertChannels(**known), **{key: secret(key) for key in SECRET_KEYS})


def _write(channels: AlertChannels) -> tuple[dict[str, Any], dict[str, str]]:
    return channels.public(), {key: getattr(channels, key) for key in SECRET_KEYS}


# No store came before the settings file (the channels arrived with it): no legacy readers.
ALERT_CHANNELS: Section[AlertChannels] = register(Section(name=SECTION, version=1, default=AlertChannels, read=_read, write=_write))


class AlertChannelStore:
    """The desktop's saved channels, through the settings service (file and keyring I/O: the
    window calls it from a background task)."""

    def __init__(self, path: Path | None = None, secrets: SecretStore | None = None) -> None:
        self.service = SettingsService(path, secrets)
        self.secrets = self.service.secrets

    @property
    def path(self) -> Path:
        return self.service.path

    def load(self) -> AlertChannels:
        return self.service.load(ALERT_CHANNELS)

    def save(self, channels: AlertChannels) -> bool:
        """False when the keyring could not keep the secrets beyond this session."""
        return not self.service.save(ALERT_CHANNELS, channels)


def configured(env: Mapping[str, str] | None = None, store: AlertChannelStore | None = None) -> AlertChannels:
    """The environment's channels when it names any (a service's unit file), else the saved ones."""
    env = os.environ if env is None else env
    if env_configures(env):
        return AlertChannels.from_env(env, store.secrets if store else None)
    saved = (store or AlertChannelStore()).load()
    password = env.get(ENV_SMTP_PASSWORD, "")
    return replace(saved, smtp_password=password) if password else saved


__all__ = [
    "ALERT_CHANNELS",
    "ENV_NAMES",
    "AlertChannelStore",
    "AlertChannels",
    "ChannelProblem",
    "SmtpTarget",
    "configured",
    "env_configures",
]
