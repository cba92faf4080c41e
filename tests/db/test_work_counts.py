"""The work counts (due now, scheduled, stuck, waiting, pending, next retry) with the stats
summary: totals from its counts, the next retry from the next_retry_at index, and the split of
a short backlog counted, a long one sampled (and marked so); the same figures as one pass
over the backlog, on both databases."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import pytest

from benchmarks import dataset
from tests.support import factories
from waadmin.db import aggregates, summary
from waadmin.db.database import open_database
from waadmin.domain.clock import utcnow
from waadmin.domain.filters import AttemptFilter


def test_with_the_summary_the_counts_are_those_of_a_pass_over_the_backlog(database, monkeypatch: pytest.MonkeyPatch) -> None:
    now = utcnow()
    old = now - timedelta(hours=2)
    factories.due_retry(database)  # due
    factories.due_retry(database, next_retry_at=now + timedelta(hours=1))  # scheduled
    factories.due_retry(database, next_retry_at=now + timedelta(minutes=5), message_type="otp")  # scheduled, the next one
    factories.due_retry(database, attempt_count=5, max_attempts=5)  # no try left: waiting, not due
    factories.attempt(database, status="pending", created_at=old)  # due: past the grace
    factories.attempt(database, status="pending", created_at=now)  # within the grace
    factories.attempt(database, status="sending", created_at=old, last_attempt_at=old)  # stuck
    factories.attempt(database, status="sent", created_at=old, next_retry_at=now + timedelta(minutes=1))  # a stale retry time
    assert summary.serves(database)
    for flt in (AttemptFilter(), AttemptFilter(message_types=frozenset({"otp"}))):
        short = aggregates.work_counts(database, flt, now)
        assert not short.estimated and short == aggregates.backlog_pass(database, flt, now)
    # The summary's path (a long backlog): on so small a table its sample is the whole table.
    monkeypatch.setattr(aggregates, "EXACT_BACKLOG_ROWS", 0)
    for flt in (AttemptFilter(), AttemptFilter(message_types=frozenset({"otp"}))):
        work = aggregates.work_counts(database, flt, now)
        assert work.estimated
        assert dataclasses.replace(work, estimated=False) == aggregates.backlog_pass(database, flt, now)
    work = aggregates.work_counts(database, AttemptFilter(), now)
    assert (work.ready_now, work.scheduled, work.waiting_retries, work.stuck, work.pending) == (2, 2, 4, 1, 2)
    assert abs((work.next_retry_at - (now + timedelta(minutes=5))).total_seconds()) < 1


@pytest.fixture(scope="module")
def backlog_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("work") / "attempts.sqlite3"
    dataset.build(f"sqlite:///{path}", 30_000, quiet=True).dispose()
    return f"sqlite:///{path}"


@pytest.fixture
def backlog_database(request: pytest.FixtureRequest, backlog_url: str):  # type: ignore[no-untyped-def]
    if request.param == "sqlite":
        database = open_database(backlog_url)
    else:
        url = request.getfixturevalue("pg_url")
        database = dataset.build(url, 30_000, quiet=True)
    yield database
    database.dispose()


@pytest.mark.parametrize("backlog_database", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)], indirect=True)
def test_past_a_long_backlog_the_split_is_a_marked_estimate_and_the_totals_stay_exact(backlog_database, monkeypatch: pytest.MonkeyPatch) -> None:
    database = backlog_database
    now = dataset.NOW
    exact = aggregates.work_counts(database, AttemptFilter(), now)
    assert not exact.estimated and exact.ready_now > 100
    # A backlog longer than the exact pass reads: a worker that has not run for weeks at 10M rows.
    monkeypatch.setattr(aggregates, "EXACT_BACKLOG_ROWS", 100)
    estimate = aggregates.work_counts(database, AttemptFilter(), now)
    assert estimate.estimated
    assert (estimate.waiting_retries, estimate.pending, estimate.next_retry_at) == (exact.waiting_retries, exact.pending, exact.next_retry_at)
    for field in ("ready_now", "scheduled"):
        got, want = getattr(estimate, field), getattr(exact, field)
        assert abs(got - want) <= max(0.35 * want, 30), (field, got, want)
