"""The list filter for a dashboard figure lists exactly the rows the figure counts: due now and
stuck in sending as of a moment (the work counts' conditions), sent with a delay (the summary's)."""

from __future__ import annotations

from datetime import timedelta

from tests.support import factories
from waadmin.db import aggregates
from waadmin.db.listing import count_attempts
from waadmin.domain.clock import utcnow
from waadmin.domain.filters import AttemptFilter


def test_each_figure_filter_counts_what_its_figure_counts(database) -> None:
    now = utcnow()
    old = now - timedelta(hours=2)
    factories.due_retry(database)  # due
    factories.due_retry(database, next_retry_at=now + timedelta(hours=1))  # scheduled, not due
    factories.due_retry(database, attempt_count=5, max_attempts=5)  # no try left: not due
    factories.attempt(database, status="pending", created_at=old)  # due: past the grace
    factories.attempt(database, status="pending", created_at=now)  # within the grace
    factories.attempt(database, status="sending", created_at=old, last_attempt_at=old)  # stuck
    factories.attempt(database, status="sending", created_at=old, last_attempt_at=now)  # sending now
    factories.attempt(database, status="delivered", created_at=old, sent_at=old + timedelta(seconds=30))  # delayed
    factories.attempt(database, status="sent", created_at=old, sent_at=old - timedelta(seconds=1))  # clock skew: no delay
    factories.attempt(database, status="failed_final", created_at=old, sent_at=old + timedelta(seconds=5), error_code="x")  # delayed
    work = aggregates.work_counts(database, AttemptFilter(), now)
    assert (work.ready_now, work.stuck) == (2, 1)
    assert count_attempts(database, AttemptFilter(figure="due", as_of=now)).value == work.ready_now
    assert count_attempts(database, AttemptFilter(figure="stuck", as_of=now)).value == work.stuck
    assert count_attempts(database, AttemptFilter(figure="delayed")).value == 2
    # As of a moment: an hour later the scheduled retry is due too.
    assert count_attempts(database, AttemptFilter(figure="due", as_of=now + timedelta(hours=2))).value == 4
    assert AttemptFilter(figure="due", as_of=now).describe().startswith("figure=due@")
