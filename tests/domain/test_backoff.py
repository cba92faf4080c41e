from datetime import UTC, datetime, timedelta

import pytest

from waadmin.domain import backoff


@pytest.mark.parametrize(
    ("attempt_count", "minutes"),
    [(1, 10), (2, 20), (3, 40), (4, 80), (5, 160), (6, 160), (12, 160), (0, 5)],
)
def test_the_reference_schedule_at_the_default_base(attempt_count: int, minutes: int) -> None:
    # mark_as_sending counts the attempt before the send, so failure n waits base * 2^min(n, 5).
    assert backoff.retry_delay(attempt_count, 300, True) == timedelta(minutes=minutes)


def test_fixed_delay_when_not_exponential() -> None:
    assert backoff.retry_delay(4, 120, False) == timedelta(seconds=120)


def test_bad_data_never_gives_a_negative_or_exploding_delay() -> None:
    assert backoff.retry_delay(-3, 300) == timedelta(seconds=300)
    assert backoff.retry_delay(10**9, 300) == timedelta(minutes=160)
    assert backoff.retry_delay(2, -50) == timedelta(0)


def test_remaining_schedule_follows_each_failure() -> None:
    now = datetime(2025, 10, 2, 12, 0, tzinfo=UTC)
    first = now + timedelta(minutes=10)
    schedule = backoff.remaining_schedule(
        attempt_count=1, max_attempts=3, next_retry_at=first, base_seconds=300, exponential=True, now=now
    )
    assert [s.number for s in schedule] == [2, 3]
    assert schedule[0].earliest == first
    assert schedule[1].earliest == first + timedelta(minutes=20)


def test_schedule_is_empty_when_no_attempt_remains_and_bounded_for_absurd_maxima() -> None:
    now = datetime(2025, 10, 2, tzinfo=UTC)
    assert backoff.remaining_schedule(attempt_count=3, max_attempts=3, next_retry_at=None, base_seconds=300, exponential=True, now=now) == []
    long = backoff.remaining_schedule(attempt_count=0, max_attempts=10**6, next_retry_at=None, base_seconds=300, exponential=True, now=now)
    assert len(long) == backoff.SCHEDULE_DISPLAY_LIMIT
    assert long[0].earliest == now
