"""Every transition is conditional: stale writers lose, and nothing is overwritten backwards."""

from __future__ import annotations

from datetime import timedelta

from tests.support import factories
from waadmin.db import transitions
from waadmin.db.transitions import apply_delivery_status
from waadmin.domain.clock import utcnow


def _claim_one(database, attempt_id):
    [candidate] = [c for c in transitions.select_candidates(database, utcnow(), 100) if c.id == attempt_id]
    return candidate, transitions.claim(database, candidate, utcnow())


def test_a_due_retry_is_claimed_once_and_the_second_claim_loses(database) -> None:
    attempt_id = factories.due_retry(database)
    candidate, claim = _claim_one(database, attempt_id)
    assert claim is not None and claim.attempt_count == 2
    assert transitions.claim(database, candidate, utcnow()) is None
    row = factories.row(database, attempt_id)
    assert row["status"] == "sending" and row["attempt_count"] == 2
    assert row["first_attempt_at"] is not None and row["last_attempt_at"] is not None


def test_sent_clears_the_schedule_and_the_stale_error(database) -> None:
    attempt_id = factories.due_retry(database, error_code="timeout", error_message="old")
    _, claim = _claim_one(database, attempt_id)
    outcome = transitions.record_sent(database, claim, utcnow(), "wamid.1", {"result": "ok"})
    assert outcome.applied
    row = factories.row(database, attempt_id)
    assert (row["status"], row["provider_message_id"], row["next_retry_at"], row["error_code"]) == ("sent", "wamid.1", None, "")
    assert row["provider_response"] == {"result": "ok"}


def test_failure_schedules_the_reference_backoff_then_goes_final(database) -> None:
    attempt_id = factories.due_retry(database, attempt_count=1, max_attempts=3)
    _, claim = _claim_one(database, attempt_id)
    now = utcnow()
    outcome = transitions.record_failure(database, claim, now, "http_5xx", "503", permanent=False)
    assert outcome.status == "failed_retry"
    assert abs((outcome.next_retry_at - now) - timedelta(minutes=20)) < timedelta(seconds=1)
    # The third and last attempt fails: final, no next retry.
    transitions_row = factories.row(database, attempt_id)
    assert transitions_row["attempt_count"] == 2


def test_permanent_errors_go_straight_to_final(database) -> None:
    attempt_id = factories.due_retry(database, attempt_count=0, max_attempts=5)
    _, claim = _claim_one(database, attempt_id)
    outcome = transitions.record_failure(database, claim, utcnow(), "invalid_number", "not on WhatsApp", permanent=True)
    assert outcome.status == "failed_final"
    assert factories.row(database, attempt_id)["next_retry_at"] is None


def test_the_last_allowed_attempt_fails_final(database) -> None:
    attempt_id = factories.due_retry(database, attempt_count=2, max_attempts=3)
    _, claim = _claim_one(database, attempt_id)
    assert transitions.record_failure(database, claim, utcnow(), "timeout", "t/o", permanent=False).status == "failed_final"


def test_a_delivery_that_lands_during_the_send_is_not_overwritten(database) -> None:
    attempt_id = factories.due_retry(database)
    _, claim = _claim_one(database, attempt_id)
    with database.write() as conn:
        assert apply_delivery_status(conn, database.layout, attempt_id, "delivered", utcnow())
    outcome = transitions.record_sent(database, claim, utcnow(), "wamid.9", {"result": "ok"})
    assert not outcome.applied and outcome.status == "delivered"
    row = factories.row(database, attempt_id)
    assert row["status"] == "delivered"
    assert row["provider_message_id"] == "wamid.9" and row["sent_at"] is not None


def test_a_failure_result_never_overwrites_a_read_report(database) -> None:
    attempt_id = factories.due_retry(database)
    _, claim = _claim_one(database, attempt_id)
    with database.write() as conn:
        apply_delivery_status(conn, database.layout, attempt_id, "read", utcnow())
    outcome = transitions.record_failure(database, claim, utcnow(), "timeout", "t/o", permanent=False)
    assert not outcome.applied
    assert factories.row(database, attempt_id)["status"] == "read"


def test_delivery_precedence_read_beats_delivered_and_cancel_is_kept(database) -> None:
    read_id = factories.attempt(database, status="read")
    cancelled_id = factories.attempt(database, status="cancelled")
    with database.write() as conn:
        assert not apply_delivery_status(conn, database.layout, read_id, "delivered", utcnow())
        assert not apply_delivery_status(conn, database.layout, cancelled_id, "read", utcnow())
    assert factories.row(database, read_id)["status"] == "read"
    assert factories.row(database, cancelled_id)["status"] == "cancelled"


def test_a_cancelled_row_cannot_be_claimed(database) -> None:
    attempt_id = factories.due_retry(database)
    [candidate] = [c for c in transitions.select_candidates(database, utcnow(), 100) if c.id == attempt_id]
    assert transitions.cancel(database, [attempt_id]) == [attempt_id]
    assert transitions.claim(database, candidate, utcnow()) is None
    assert factories.row(database, attempt_id)["status"] == "cancelled"


def test_cancel_skips_rows_that_are_sending_or_finished(database) -> None:
    waiting = factories.attempt(database, status="pending")
    sending = factories.attempt(database, status="sending", attempt_count=1, last_attempt_at=utcnow())
    sent = factories.attempt(database, status="sent")
    assert transitions.cancel(database, [waiting, sending, sent]) == [waiting]


def test_rate_limit_release_gives_the_attempt_back(database) -> None:
    attempt_id = factories.due_retry(database, attempt_count=1)
    before = factories.row(database, attempt_id)
    _, claim = _claim_one(database, attempt_id)
    until = utcnow() + timedelta(seconds=30)
    assert transitions.release_rate_limited(database, claim, until, "429").applied
    row = factories.row(database, attempt_id)
    assert (row["status"], row["attempt_count"], row["error_code"]) == ("failed_retry", 1, "rate_limited")
    assert row["last_attempt_at"] == before["last_attempt_at"]
    assert abs(row["next_retry_at"] - until) < timedelta(milliseconds=1)


def test_stuck_rows_are_recovered_after_the_lease_and_a_late_result_still_lands(database) -> None:
    attempt_id = factories.due_retry(database)
    _, claim = _claim_one(database, attempt_id)
    assert transitions.recover_stuck(database, utcnow(), timedelta(minutes=10)) == []  # still within its lease
    recovered = transitions.recover_stuck(database, utcnow() + timedelta(minutes=11), timedelta(minutes=10))
    assert [r.id for r in recovered] == [attempt_id]
    row = factories.row(database, attempt_id)
    assert (row["status"], row["error_code"]) == ("failed_retry", "interrupted")
    # The send was not dead after all: its result is accepted since nobody re-claimed the row.
    assert transitions.record_sent(database, claim, utcnow(), "wamid.late", {"result": "ok"}).applied
    assert factories.row(database, attempt_id)["status"] == "sent"


def test_a_result_from_an_old_claim_loses_to_a_newer_claim(database) -> None:
    attempt_id = factories.due_retry(database, attempt_count=1, max_attempts=5)
    _, old_claim = _claim_one(database, attempt_id)
    later = utcnow() + timedelta(minutes=11)
    transitions.recover_stuck(database, later, timedelta(minutes=10))
    with database.write() as conn:  # make it due again right away
        a = database.layout.attempt
        from sqlalchemy import update

        conn.execute(update(a).where(a.id == attempt_id).values(next_retry_at=utcnow() - timedelta(seconds=1)))
    _, new_claim = _claim_one(database, attempt_id)
    assert new_claim.attempt_count == old_claim.attempt_count + 1
    assert not transitions.record_sent(database, old_claim, utcnow(), "wamid.old", {}).applied
    assert factories.row(database, attempt_id)["status"] == "sending"


def test_pending_rows_wait_for_the_grace_period(database) -> None:
    fresh = factories.attempt(database, status="pending", created_at=utcnow() - timedelta(minutes=1))
    old = factories.attempt(database, status="pending", created_at=utcnow() - timedelta(minutes=30))
    ids = [c.id for c in transitions.select_candidates(database, utcnow(), 100)]
    assert old in ids and fresh not in ids


def test_candidates_come_by_priority_then_due_time(database) -> None:
    now = utcnow()
    low = factories.due_retry(database, priority=4, next_retry_at=now - timedelta(hours=2))
    high_late = factories.due_retry(database, priority=1, next_retry_at=now - timedelta(minutes=1))
    high_early = factories.due_retry(database, priority=1, next_retry_at=now - timedelta(minutes=30))
    ids = [c.id for c in transitions.select_candidates(database, now, 100)]
    assert ids.index(high_early) < ids.index(high_late) < ids.index(low)
    first = transitions.select_candidates(database, now, 1)
    rest = transitions.select_candidates(database, now, 100, after=first[0].order_key)
    assert [c.id for c in first + rest] == ids


def test_requeue_final_gives_new_attempts_without_lowering_the_maximum(database) -> None:
    exhausted = factories.attempt(database, status="failed_final", attempt_count=3, max_attempts=3)
    permanent = factories.attempt(database, status="failed_final", attempt_count=1, max_attempts=5)
    sent = factories.attempt(database, status="sent")
    done = transitions.requeue_final(database, [exhausted, permanent, sent], 2, utcnow())
    assert done == sorted([exhausted, permanent])
    assert factories.row(database, exhausted)["max_attempts"] == 5
    assert factories.row(database, permanent)["max_attempts"] == 5
    assert factories.row(database, exhausted)["status"] == "failed_retry"
