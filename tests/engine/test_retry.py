"""Retry runs against a real HTTP provider on 127.0.0.1."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from tests.support import factories
from waadmin.domain.clock import utcnow
from waadmin.engine.retry import RetryOptions, RetryRun, run_retries
from waadmin.providers.factory import build_provider
from waadmin.providers.sandbox import SandboxServer


@pytest.fixture
def sandbox():
    with SandboxServer() as server:
        yield server


@pytest.fixture
def provider(sandbox):
    built = build_provider(sandbox.settings("wachap"))
    yield built
    built.close()


def _count(database, **where) -> int:
    a = database.layout.attempt
    query = select(func.count()).select_from(a)
    for key, value in where.items():
        query = query.where(getattr(a, key) == value)
    with database.read() as conn:
        return int(conn.execute(query).scalar_one())


def test_due_attempts_are_sent_and_recorded(database, provider, sandbox) -> None:
    ids = [factories.due_retry(database, message_content=f"colis #{n}") for n in range(5)]
    future = factories.due_retry(database, next_retry_at=utcnow() + timedelta(hours=1))
    report = run_retries(database, provider, RetryOptions(limit=50))
    assert (report.processed, report.success, report.failed) == (5, 5, 0)
    assert sorted(sandbox.sent_texts()) == sorted(f"colis #{n}" for n in range(5))
    for attempt_id in ids:
        row = factories.row(database, attempt_id)
        assert row["status"] == "sent" and row["attempt_count"] == 2 and row["provider_message_id"]
        assert row["provider_response"]["result"] == "ok"
    assert factories.row(database, future)["status"] == "failed_retry"


def test_the_limit_caps_a_run_and_priority_goes_first(database, provider, sandbox) -> None:
    low = [factories.due_retry(database, priority=5) for _ in range(3)]
    high = [factories.due_retry(database, priority=1) for _ in range(2)]
    report = run_retries(database, provider, RetryOptions(limit=2, concurrency=1))
    assert report.processed == 2
    assert all(factories.row(database, i)["status"] == "sent" for i in high)
    assert all(factories.row(database, i)["status"] == "failed_retry" for i in low)


def test_pending_rows_past_the_grace_period_are_sent(database, provider) -> None:
    old = factories.attempt(database, status="pending", created_at=utcnow() - timedelta(minutes=10))
    fresh = factories.attempt(database, status="pending", created_at=utcnow())
    run_retries(database, provider, RetryOptions())
    assert factories.row(database, old)["status"] == "sent"
    assert factories.row(database, fresh)["status"] == "pending"


def test_server_errors_schedule_a_retry_and_permanent_errors_end_it(database, provider, sandbox) -> None:
    flaky = factories.due_retry(database, phone_number="+22376000501", attempt_count=1, max_attempts=3)
    wrong = factories.due_retry(database, phone_number="+22376000502", attempt_count=0, max_attempts=5)
    sandbox.script("http_503", phone="22376000501")
    sandbox.script("invalid_number", phone="22376000502")
    report = run_retries(database, provider, RetryOptions())
    assert report.failed == 2 and report.final_failures == 1
    flaky_row = factories.row(database, flaky)
    assert (flaky_row["status"], flaky_row["error_code"]) == ("failed_retry", "http_5xx")
    assert flaky_row["next_retry_at"] > utcnow() + timedelta(minutes=19)
    wrong_row = factories.row(database, wrong)
    assert (wrong_row["status"], wrong_row["error_code"], wrong_row["next_retry_at"]) == ("failed_final", "invalid_number", None)


def test_a_rate_limit_does_not_burn_an_attempt(database, provider, sandbox) -> None:
    attempt_id = factories.due_retry(database, phone_number="+22376000601", attempt_count=1)
    sandbox.script("rate_limited", phone="22376000601")
    report = run_retries(database, provider, RetryOptions())
    assert report.rate_limited == 1 and report.processed == 0
    row = factories.row(database, attempt_id)
    assert (row["status"], row["attempt_count"], row["error_code"]) == ("failed_retry", 1, "rate_limited")
    assert row["next_retry_at"] > utcnow()


def test_a_number_that_can_never_be_dialled_is_not_sent(database, provider, sandbox) -> None:
    attempt_id = factories.due_retry(database, phone_number="+223 7x 12 34")
    run_retries(database, provider, RetryOptions())
    row = factories.row(database, attempt_id)
    assert (row["status"], row["error_code"]) == ("failed_final", "invalid_number")
    assert sandbox.count() == 0


def test_dry_run_changes_nothing_not_even_stuck_rows(database, provider, sandbox) -> None:
    due = factories.due_retry(database)
    stuck = factories.attempt(database, status="sending", attempt_count=1, last_attempt_at=utcnow() - timedelta(hours=2))
    before = {i: factories.row(database, i) for i in (due, stuck)}
    report = RetryRun(database, None, RetryOptions(dry_run=True)).run()
    assert [p.attempt_id for p in report.planned] == [due]
    assert {i: factories.row(database, i) for i in (due, stuck)} == before
    assert sandbox.count() == 0


def test_stuck_sends_are_recovered_before_the_run_and_not_resent_at_once(database, provider, sandbox) -> None:
    stuck = factories.attempt(database, status="sending", attempt_count=1, max_attempts=3, last_attempt_at=utcnow() - timedelta(minutes=30))
    report = run_retries(database, provider, RetryOptions())
    assert [r.id for r in report.recovered] == [stuck]
    row = factories.row(database, stuck)
    assert (row["status"], row["error_code"]) == ("failed_retry", "interrupted")
    assert row["next_retry_at"] > utcnow()
    assert sandbox.count() == 0


def test_stop_lets_sends_in_flight_finish_and_leaves_nothing_sending(database, provider, sandbox) -> None:
    for _ in range(30):
        factories.due_retry(database)
    sandbox.set_latency(0.2)
    # Stopped as the first result is recorded (a fixed delay once fell before any send had
    # finished on a busy machine): three more are in flight then and must be recorded too.
    run = RetryRun(database, provider, RetryOptions(limit=30, concurrency=4), on_result=lambda _result: run.stop())
    report = run.run()
    assert report.stopped and 0 < report.processed < 30
    assert _count(database, status="sending") == 0
    assert _count(database, status="sent") == report.success == sandbox.count()


def test_two_runners_on_the_same_due_set_send_each_attempt_once(database, sandbox) -> None:
    ids = [factories.due_retry(database, message_content=f"unique-{n}") for n in range(120)]
    sandbox.set_latency(0.01)
    import threading

    reports = []
    providers = [build_provider(sandbox.settings("wachap")) for _ in range(2)]

    def go(p):
        reports.append(run_retries(database, p, RetryOptions(limit=200, concurrency=6, rate_per_second=0)))

    threads = [threading.Thread(target=go, args=(p,)) for p in providers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for p in providers:
        p.close()
    texts = sandbox.sent_texts()
    assert sorted(texts) == sorted(f"unique-{n}" for n in range(120))
    assert sum(r.success for r in reports) == 120
    assert all(factories.row(database, i)["attempt_count"] == 2 for i in ids)


def test_the_record_patience_comes_from_the_environment_within_bounds(monkeypatch) -> None:
    from waadmin.engine.retry import RECORD_PATIENCE, RetryOptions

    monkeypatch.setenv("WAADMIN_RECORD_PATIENCE", "3")
    assert RetryOptions().record_patience == 3.0
    for bad in ("0", "nan", "soon", "99999"):
        monkeypatch.setenv("WAADMIN_RECORD_PATIENCE", bad)
        assert RetryOptions().record_patience == RECORD_PATIENCE
    monkeypatch.delenv("WAADMIN_RECORD_PATIENCE")
    assert RetryOptions().record_patience == RECORD_PATIENCE
