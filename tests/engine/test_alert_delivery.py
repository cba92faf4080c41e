"""Alerts delivered to Slack, e-mail and a JSON webhook from the worker's own loop, against real
receivers on loopback: one message when an alert turns on, one when it clears, none for the runs
in between; a channel that refuses or is not there is retried with back-off and never holds up
the worker's runs."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from tests.support import factories
from tests.support.alert_receivers import HookServer, SmtpServer, free_port
from tests.support.waiting import wait_until
from waadmin.config.alert_channels import AlertChannels
from waadmin.domain import alerts
from waadmin.domain.clock import utcnow
from waadmin.engine import actions
from waadmin.engine.alert_delivery import (
    AlertDispatcher,
    AlertNotifier,
    DeliveryFailed,
    EmailChannel,
    SlackChannel,
    WebhookChannel,
    channels_for,
    send_test,
)
from waadmin.engine.worker import RetryWorker, WorkerConfig
from waadmin.providers.factory import build_provider
from waadmin.providers.sandbox import SandboxServer

# Only the waiting-retries alert can fire: the others' thresholds are out of reach.
THRESHOLDS = alerts.AlertThresholds(min_success_rate=0.0, max_waiting_retries=2, max_final_failure_rate=100.0, max_mean_delay_minutes=1e9)


def _wait(predicate, seconds: float = 30.0, what: str = "condition") -> None:
    wait_until(predicate, seconds, what)


@pytest.fixture
def sandbox():
    with SandboxServer() as server:
        yield server


class Runs:
    """The worker's reports, counted; each one hands the run's alerts to the notifier, as
    `waadmin worker` does."""

    def __init__(self, notifier: AlertNotifier) -> None:
        self.notifier = notifier
        self.count = 0
        self.lock = threading.Lock()
        self.worker: RetryWorker | None = None

    def report(self, report) -> None:
        assert self.worker is not None
        self.notifier.observe(self.worker.status.alerts)
        with self.lock:
            self.count += 1

    def wait_for(self, more: int) -> None:
        target = self.count + more
        _wait(lambda: self.count >= target, what=f"{more} more runs")


def _start_worker(database, sandbox, runs: Runs) -> RetryWorker:
    provider = build_provider(sandbox.settings("wachap"))
    config = WorkerConfig(interval_seconds=0.2, batch_size=10, rate_per_second=0, check_alerts=True, thresholds=THRESHOLDS)
    worker = RetryWorker(database, lambda: provider, config, on_report=runs.report)
    worker.provider_for_test = provider
    runs.worker = worker
    worker.start()
    return worker


def _sent(database) -> int:
    a = database.layout.attempt
    with database.read() as conn:
        return conn.execute(select(func.count()).where(a.status == "sent")).scalar_one()


def _waiting_retries(database, n: int) -> list[int]:
    later = utcnow() + timedelta(days=1)  # waiting, not due: the worker leaves them alone
    return [factories.attempt(database, status="failed_retry", attempt_count=1, next_retry_at=later) for _ in range(n)]


def test_an_alert_that_turns_on_stays_on_and_clears_gives_two_messages_per_channel(database, sandbox, slack, hook, smtp) -> None:
    settings = AlertChannels(
        slack_webhook=slack.url, webhook_url=hook.url, webhook_token="hook-token-123",
        smtp_url=smtp.url, email_to="ops@example.test, oncall@example.test", smtp_password=smtp.password,
    )
    dispatcher = AlertDispatcher(channels_for(settings), first=0.1, longest=0.5).start()
    runs = Runs(AlertNotifier(dispatcher, THRESHOLDS, "cargo-db"))
    worker = _start_worker(database, sandbox, runs)
    try:
        runs.wait_for(2)  # quiet: no alert, no message
        assert dispatcher.idle() and not slack.received and not hook.received and not smtp.messages
        ids = _waiting_retries(database, 3)  # 3 waiting > 2: the alert turns on
        _wait(lambda: len(slack.received) == 1 and len(hook.received) == 1 and len(smtp.messages) == 1, what="the alert's first messages")
        runs.wait_for(4)  # still on for several runs: nothing more
        _wait(dispatcher.idle)
        assert (len(slack.received), len(hook.received), len(smtp.messages)) == (1, 1, 1)
        actions.cancel_attempts(database, ids)  # cleared
        _wait(lambda: len(slack.received) == 2 and len(hook.received) == 2 and len(smtp.messages) == 2, what="the clearing messages")
        runs.wait_for(3)
        _wait(dispatcher.idle)
    finally:
        assert worker.stop(10)
        worker.provider_for_test.close()
        dispatcher.close()
    assert (len(slack.received), len(hook.received), len(smtp.messages)) == (2, 2, 2)

    on, off = slack.bodies()
    assert "Too many retries waiting" in on["text"] and "Figure: 3 (threshold 2, now)" in on["text"] and "waadmin stats" in on["text"]
    assert "cleared" in off["text"] and "What to look at" not in off["text"]
    first, second = hook.received
    assert first.headers["Authorization"] == "Bearer hook-token-123"
    assert first.body["event"] == "alert_on" and first.body["alert"] == "waiting_retries"
    assert (first.body["value"], first.body["threshold"], first.body["source"]) == (3.0, 2.0, "cargo-db")
    assert second.body["event"] == "alert_cleared" and second.body["value"] == 0.0
    mail_on, mail_off = smtp.messages
    assert mail_on["Subject"] == "[waadmin] ALERT: Too many retries waiting on cargo-db"
    assert mail_on["To"] == "ops@example.test, oncall@example.test"
    assert "Figure: 3 (threshold 2, now)" in mail_on.get_payload()
    assert mail_off["Subject"].startswith("[waadmin] cleared:")
    assert smtp.logins == [smtp.user, smtp.user]  # after STARTTLS, with the password


def test_a_refused_and_an_unreachable_channel_never_hold_up_the_runs_and_get_their_messages_once_back(database, sandbox, slack) -> None:
    hook = HookServer().start()
    hook.status = 503  # answers, refuses
    gone_port = free_port()  # nothing listens here yet
    gone = HookServer(port=gone_port)
    dispatcher = AlertDispatcher(
        [SlackChannel(slack.url), WebhookChannel(hook.url), WebhookChannel(f"http://127.0.0.1:{gone_port}/hook", name="webhook2")],
        first=0.1, longest=0.4,
    ).start()
    runs = Runs(AlertNotifier(dispatcher, THRESHOLDS))
    worker = _start_worker(database, sandbox, runs)
    try:
        ids = _waiting_retries(database, 3)
        _wait(lambda: len(slack.received) == 1, what="Slack's message")
        for n in range(4):
            factories.due_retry(database, message_content=f"colis #{n}")
        # The runs go on and send while two channels fail.
        _wait(lambda: _sent(database) == 4, what="the due retries sent")
        runs.wait_for(3)
        _wait(lambda: hook.refused >= 3, what="the refusals")
        states = {s.name: s for s in dispatcher.states()}
        assert states["webhook"].queued == 1 and states["webhook"].failures >= 3 and "HTTP 503" in states["webhook"].last_error
        assert states["webhook2"].failures >= 3 and "Connect" in states["webhook2"].last_error
        # Back-off: 0.1 s doubling, held at the longest (0.4 s), not a try per run.
        _wait(lambda: {s.name: s for s in dispatcher.states()}["webhook"].backoff == 0.4, what="the longest back-off")
        actions.cancel_attempts(database, ids)
        _wait(lambda: len(slack.received) == 2, what="Slack's clearing message")
        hook.status = 200
        gone.start()
        _wait(lambda: len(hook.received) == 2 and len(gone.received) == 2, what="the late deliveries")
    finally:
        assert worker.stop(10)
        worker.provider_for_test.close()
        dispatcher.close()
        hook.stop()
        gone.stop()
    # In order, each once.
    assert [b["event"] for b in hook.bodies()] == ["alert_on", "alert_cleared"]
    assert [b["event"] for b in gone.bodies()] == ["alert_on", "alert_cleared"]
    assert len(slack.received) == 2


def test_send_test_reports_success_and_the_reason_of_a_failure(tmp_path, slack, smtp) -> None:
    send_test(SlackChannel(slack.url))
    assert "test message" in slack.bodies()[0]["text"]
    good = AlertChannels(smtp_url=smtp.url, email_to="ops@example.test", smtp_password=smtp.password)
    send_test(EmailChannel(good))
    assert smtp.messages[-1]["Subject"] == "[waadmin] Test message"
    wrong = AlertChannels(smtp_url=smtp.url, email_to="ops@example.test", smtp_password="wrong")
    with pytest.raises(DeliveryFailed, match="SMTPAuthenticationError"):
        send_test(EmailChannel(wrong))
    untrusted = AlertChannels(smtp_url=smtp.url.split("&cafile=")[0], email_to="ops@example.test", smtp_password=smtp.password)
    with pytest.raises(DeliveryFailed, match="CERTIFICATE_VERIFY_FAILED"):
        send_test(EmailChannel(untrusted))
    slack.status = 404
    with pytest.raises(DeliveryFailed, match="HTTP 404"):
        send_test(SlackChannel(slack.url))


# aiosmtpd warns because it counts only STARTTLS as TLS; this connection is TLS from its first byte.
@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_mail_over_smtps_logs_in_over_tls_from_the_first_byte(tmp_path) -> None:
    server = SmtpServer(tmp_path, implicit_tls=True).start()
    try:
        send_test(EmailChannel(AlertChannels(smtp_url=server.url, email_to="ops@example.test", smtp_password=server.password)))
    finally:
        server.stop()
    assert server.logins == [server.user] and server.messages[0]["To"] == "ops@example.test"
