"""Alerts delivered outside the desktop: Slack, e-mail and a JSON webhook.

One message when an alert turns on and one when it clears, never one per run: the alerts the
worker evaluates after each run go through :class:`AlertTransitions`, which keeps what was on.
Delivery happens on a thread of its own, one queue per channel, in order: a channel that fails
(refused, unreachable, a 5xx, a wrong password) is logged and tried again with back-off while the
worker goes on with its runs and the other channels deliver. No Qt; the desktop app and
``waadmin worker`` both use it.
"""

from __future__ import annotations

import logging
import queue
import smtplib
import ssl
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.message import EmailMessage
from typing import Any, Protocol

import httpx

from waadmin.config.alert_channels import AlertChannels
from waadmin.domain import alerts
from waadmin.domain.clock import utcnow

log = logging.getLogger(__name__)

FIRST_RETRY_SECONDS = 5.0
MAX_RETRY_SECONDS = 600.0
MAX_QUEUED = 200  # per channel: an unreachable channel for days keeps the latest, not every change
TIMEOUT_SECONDS = 15.0

TITLES = {
    alerts.SUCCESS_RATE: "Success rate below its threshold",
    alerts.WAITING_RETRIES: "Too many retries waiting",
    alerts.FINAL_FAILURES: "Too many final failures",
    alerts.MEAN_DELAY: "Messages sent late",
}
# What a person on call should look at first, in the words of the CLI they have at hand.
HINTS = {
    alerts.SUCCESS_RATE: "See the error codes behind it: `waadmin failures --since 1h`, and the provider's health in `waadmin doctor`.",
    alerts.WAITING_RETRIES: "Is a worker running and the provider up? `waadmin stats` shows ready and scheduled retries.",
    alerts.FINAL_FAILURES: "`waadmin failures --status failed_final --since 24h` groups them by cause.",
    alerts.MEAN_DELAY: "Check the worker's interval, batch and rate, and stuck sends (`waadmin recover-stuck --dry-run`).",
}


def window_of(key: str, thresholds: alerts.AlertThresholds) -> timedelta | None:
    """The period an alert's figure covers; None for a figure of now (the waiting retries)."""
    return {
        alerts.SUCCESS_RATE: thresholds.success_window,
        alerts.FINAL_FAILURES: thresholds.final_failure_window,
        alerts.MEAN_DELAY: thresholds.delay_window,
    }.get(key)


def _window_words(window: timedelta | None) -> str:
    if window is None:
        return "now"
    hours = window.total_seconds() / 3600
    if hours < 1:
        return f"last {window.total_seconds() / 60:g} min"
    if hours % 24 == 0 and hours >= 48:
        return f"last {hours / 24:g} days"
    return f"last {hours:g} h"


def _figure(value: float | None, unit: str) -> str:
    if value is None:
        return "no data"
    text = f"{value:.0f}" if unit == "" else f"{value:.1f}"
    return f"{text} {unit}".strip() if unit == "min" else f"{text}{unit}"


@dataclass(frozen=True)
class AlertEvent:
    """An alert that turned on (``active``) or cleared."""

    key: str
    active: bool
    value: float | None
    threshold: float
    unit: str
    window: timedelta | None
    source: str = ""  # which database, for a reader with several
    at: datetime = field(default_factory=utcnow)
    test: bool = False  # the channel dialog's "Send test"

    @classmethod
    def of(cls, alert: alerts.Alert, thresholds: alerts.AlertThresholds, source: str = "") -> AlertEvent:
        return cls(alert.key, alert.active, alert.value, alert.threshold, alert.unit, window_of(alert.key, thresholds), source)

    @property
    def title(self) -> str:
        return TITLES.get(self.key, self.key)

    @property
    def subject(self) -> str:
        if self.test:
            return "[waadmin] Test message"
        state = "ALERT" if self.active else "cleared"
        where = f" on {self.source}" if self.source else ""
        return f"[waadmin] {state}: {self.title}{where}"

    def text(self) -> str:
        if self.test:
            return "waadmin test message: this channel receives waadmin's alerts."
        figure = _figure(self.value, self.unit)
        limit = _figure(self.threshold, self.unit)
        head = f"{'🚨' if self.active else '✅'} {self.subject[len('[waadmin] '):]}"
        lines = [
            head,
            f"Figure: {figure} (threshold {limit}, {_window_words(self.window)})",
            f"At: {self.at:%Y-%m-%d %H:%M} UTC",
        ]
        if self.active:
            lines.append(f"What to look at: {HINTS.get(self.key, 'the waadmin dashboard')}")
        return "\n".join(lines)

    def to_json(self) -> dict[str, Any]:
        return {
            "event": "test" if self.test else ("alert_on" if self.active else "alert_cleared"),
            "alert": self.key,
            "title": self.title,
            "active": self.active,
            "value": self.value,
            "threshold": self.threshold,
            "unit": self.unit,
            "window_seconds": None if self.window is None else int(self.window.total_seconds()),
            "source": self.source or None,
            "at": self.at.isoformat(),
            "text": self.text(),
            "hint": HINTS.get(self.key) if self.active and not self.test else None,
        }


def test_event(source: str = "") -> AlertEvent:
    return AlertEvent("test", True, None, 0.0, "", None, source, test=True)


class AlertTransitions:
    """What changed since the last evaluation: alerts that turned on, alerts that cleared.
    An alert already on at the first evaluation is announced once (the worker may have started
    in the middle of an incident); one off at the start says nothing."""

    def __init__(self) -> None:
        self._on: dict[str, bool] = {}

    def update(self, found: Iterable[alerts.Alert], thresholds: alerts.AlertThresholds, source: str = "") -> list[AlertEvent]:
        events = []
        for alert in found:
            was = self._on.get(alert.key, False)
            if alert.active != was:
                events.append(AlertEvent.of(alert, thresholds, source))
            self._on[alert.key] = alert.active
        return events

    @property
    def active(self) -> tuple[str, ...]:
        return tuple(k for k, on in self._on.items() if on)


# -- channels ----------------------------------------------------------------------------------

class DeliveryFailed(Exception):
    """A channel did not take the message; the text says why, for the log and the dialog."""


class Channel(Protocol):
    name: str

    def deliver(self, event: AlertEvent) -> None: ...


def _post(url: str, body: dict[str, Any], headers: dict[str, str] | None = None) -> None:
    try:
        answer = httpx.post(url, json=body, headers=headers, timeout=TIMEOUT_SECONDS)
    except httpx.HTTPError as error:
        raise DeliveryFailed(f"{type(error).__name__}: {error or 'no answer'}") from None
    if not 200 <= answer.status_code < 300:
        raise DeliveryFailed(f"HTTP {answer.status_code}: {answer.text[:200]}")


@dataclass(frozen=True)
class SlackChannel:
    url: str
    name: str = "slack"

    def deliver(self, event: AlertEvent) -> None:
        # Slack's incoming webhooks take {"text": …}; mrkdwn keeps the backticks as code.
        _post(self.url, {"text": event.text()})


@dataclass(frozen=True)
class WebhookChannel:
    url: str
    token: str = ""
    name: str = "webhook"

    def deliver(self, event: AlertEvent) -> None:
        _post(self.url, event.to_json(), {"Authorization": f"Bearer {self.token}"} if self.token else None)


@dataclass(frozen=True)
class EmailChannel:
    channels: AlertChannels
    name: str = "email"

    def deliver(self, event: AlertEvent) -> None:
        settings = self.channels
        target = settings.smtp()
        message = EmailMessage()
        message["Subject"] = event.subject
        message["From"] = settings.sender()
        message["To"] = ", ".join(settings.recipients())
        message.set_content(event.text())
        context = ssl.create_default_context(cafile=target.cafile or None)
        try:
            if target.ssl:
                client: smtplib.SMTP = smtplib.SMTP_SSL(target.host, target.port, timeout=TIMEOUT_SECONDS, context=context)
            else:
                client = smtplib.SMTP(target.host, target.port, timeout=TIMEOUT_SECONDS)
            with client:
                client.ehlo()
                if not target.ssl and target.starttls != "off":
                    if client.has_extn("starttls"):
                        client.starttls(context=context)
                        client.ehlo()
                    elif target.starttls == "required":
                        raise DeliveryFailed(f"{target.host} does not offer STARTTLS")
                if target.user:
                    client.login(target.user, settings.smtp_password)
                client.send_message(message)
        except DeliveryFailed:
            raise
        except (OSError, smtplib.SMTPException, ssl.SSLError) as error:
            raise DeliveryFailed(f"{type(error).__name__}: {error}") from None


def channels_for(settings: AlertChannels) -> list[Channel]:
    found: list[Channel] = []
    if settings.slack_on:
        found.append(SlackChannel(settings.slack_webhook.strip()))
    if settings.email_on:
        found.append(EmailChannel(settings))
    if settings.webhook_on:
        found.append(WebhookChannel(settings.webhook_url.strip(), settings.webhook_token.strip()))
    return found


# -- the dispatcher ----------------------------------------------------------------------------

@dataclass
class _Queue:
    channel: Channel
    events: deque[AlertEvent] = field(default_factory=lambda: deque(maxlen=MAX_QUEUED))
    next_try: float = 0.0
    backoff: float = 0.0
    failures: int = 0
    last_error: str = ""
    delivered: int = 0


@dataclass(frozen=True)
class ChannelState:
    name: str
    queued: int
    delivered: int
    failures: int  # consecutive
    last_error: str
    backoff: float  # seconds between the current tries; 0 while the channel delivers


class AlertDispatcher:
    """Delivers events to every channel on its own thread, retrying a failing channel with
    back-off (``first`` seconds, doubling to ``longest``) without holding up the others."""

    def __init__(
        self,
        channels: Iterable[Channel],
        *,
        first: float = FIRST_RETRY_SECONDS,
        longest: float = MAX_RETRY_SECONDS,
        clock: Callable[[], float] = time.monotonic,
        on_delivery: Callable[[str, AlertEvent, str], None] | None = None,
    ) -> None:
        self._queues = [_Queue(c) for c in channels]
        self._first, self._longest = first, max(first, longest)
        self._clock = clock
        self._on_delivery = on_delivery  # (channel, event, error or "") for whoever prints lines
        self._cond = threading.Condition()
        self._quit = False
        self._busy = 0
        self._threads: list[threading.Thread] = []

    @property
    def channel_names(self) -> tuple[str, ...]:
        return tuple(q.channel.name for q in self._queues)

    def start(self) -> AlertDispatcher:
        # A thread per channel: an SMTP server that takes its whole timeout to refuse holds up
        # only the e-mails, not Slack's message.
        if not self._threads:
            for queue in self._queues:
                thread = threading.Thread(target=self._loop, args=(queue,), name=f"waadmin-alert-{queue.channel.name}", daemon=True)
                self._threads.append(thread)
                thread.start()
        return self

    def submit(self, events: Iterable[AlertEvent]) -> None:
        events = list(events)
        if not events:
            return
        with self._cond:
            for queue in self._queues:
                queue.events.extend(events)
            self._cond.notify_all()

    def states(self) -> list[ChannelState]:
        with self._cond:
            return [ChannelState(q.channel.name, len(q.events), q.delivered, q.failures, q.last_error, q.backoff) for q in self._queues]

    def idle(self) -> bool:
        """Nothing left to deliver (for tests and a clean stop)."""
        with self._cond:
            return not self._busy and not any(q.events for q in self._queues)

    def close(self, timeout: float = 5.0) -> None:
        """Stop after at most one more try of what is queued (a stopping service still says
        that an alert cleared when the channel answers)."""
        with self._cond:
            self._quit = True
            self._cond.notify_all()
        deadline = time.monotonic() + timeout
        for thread in self._threads:
            thread.join(max(0.0, deadline - time.monotonic()))

    def _loop(self, queue: _Queue) -> None:
        last_chance = False
        while True:
            with self._cond:
                while True:
                    now = self._clock()
                    if queue.events and (queue.next_try <= now or (self._quit and not last_chance)):
                        last_chance = self._quit
                        self._busy += 1
                        break
                    if self._quit:
                        return
                    self._cond.wait(max(0.0, queue.next_try - now) if queue.events else None)
            try:
                self._try(queue)
            finally:
                with self._cond:
                    self._busy -= 1
                    self._cond.notify_all()

    def _try(self, queue: _Queue) -> None:
        with self._cond:
            if not queue.events:
                return
            event = queue.events[0]
        try:
            queue.channel.deliver(event)
        except Exception as error:  # any channel fault is the channel's: log, back off, go on
            reason = str(error) if isinstance(error, DeliveryFailed) else f"{type(error).__name__}: {error}"
            with self._cond:
                queue.failures += 1
                queue.backoff = self._first if queue.backoff == 0 else min(queue.backoff * 2, self._longest)
                queue.next_try = self._clock() + queue.backoff
                queue.last_error = reason
            log.warning("alert delivery to %s failed (%s); next try in %g s", queue.channel.name, reason, queue.backoff)
            self._tell(queue.channel.name, event, reason)
            return
        with self._cond:
            if queue.events and queue.events[0] is event:
                queue.events.popleft()
            queue.delivered += 1
            queue.failures, queue.backoff, queue.next_try, queue.last_error = 0, 0.0, 0.0, ""
        log.info("alert delivered to %s: %s", queue.channel.name, event.subject)
        self._tell(queue.channel.name, event, "")

    def _tell(self, name: str, event: AlertEvent, error: str) -> None:
        if self._on_delivery is None:
            return
        try:
            self._on_delivery(name, event, error)
        except Exception:  # a listener's bug must not stop delivery
            log.exception("alert delivery: a listener failed")


def send_test(channel: Channel, source: str = "") -> None:
    """One test message, synchronously; raises DeliveryFailed with the reason."""
    try:
        channel.deliver(test_event(source))
    except DeliveryFailed:
        raise
    except Exception as error:
        raise DeliveryFailed(f"{type(error).__name__}: {error}") from None


__all__ = [
    "AlertDispatcher",
    "AlertEvent",
    "AlertNotifier",
    "AlertOutbox",
    "AlertTransitions",
    "Channel",
    "ChannelState",
    "DeliveryFailed",
    "EmailChannel",
    "SlackChannel",
    "WebhookChannel",
    "channels_for",
    "send_test",
]


class AlertNotifier:
    """The worker's side: after each run, the alerts it evaluated; the changes go out."""

    def __init__(self, dispatcher: AlertDispatcher | AlertOutbox, thresholds: alerts.AlertThresholds, source: str = "") -> None:
        self.dispatcher = dispatcher
        self.thresholds = thresholds
        self.source = source
        self._transitions = AlertTransitions()

    def observe(self, found: Iterable[alerts.Alert]) -> list[AlertEvent]:
        events = self._transitions.update(found, self.thresholds, self.source)
        self.dispatcher.submit(events)
        return events


class AlertOutbox:
    """The desktop's delivery: events in from the GUI thread, which never reads the keyring or
    opens a connection. The channels are read (file and keyring) on the outbox's own thread
    when the first event comes, and again after ``reload()`` (the user saved new ones)."""

    def __init__(self, load: Callable[[], AlertChannels], **dispatcher_options: Any) -> None:
        self._load = load
        self._options = dispatcher_options
        self._inbox: queue.Queue[list[AlertEvent] | None] = queue.Queue()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._stale = True
        self.dispatcher: AlertDispatcher | None = None

    def submit(self, events: Iterable[AlertEvent]) -> None:
        events = list(events)
        if not events:
            return
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._loop, name="waadmin-alert-outbox", daemon=True)
                self._thread.start()
        self._inbox.put(events)

    def reload(self) -> None:
        self._stale = True

    def close(self, timeout: float = 5.0) -> None:
        with self._lock:
            thread = self._thread
        if thread is not None:
            self._inbox.put(None)
            thread.join(timeout)
        if self.dispatcher is not None:
            self.dispatcher.close(timeout)

    def _loop(self) -> None:
        while True:
            events = self._inbox.get()
            if events is None:
                return
            if self._stale or self.dispatcher is None:
                self._stale = False
                try:
                    settings = self._load()
                except Exception:  # an unreadable keyring: no channel rather than no worker
                    log.exception("alert delivery: the channels could not be read")
                    settings = AlertChannels()
                old, self.dispatcher = self.dispatcher, AlertDispatcher(channels_for(settings), **self._options).start()
                if old is not None:
                    old.close(0)
            self.dispatcher.submit(events)
