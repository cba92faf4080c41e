"""Retry back-off, computed exactly as the Django model does so both systems agree on next_retry_at.

The reference counts the attempt before sending (``mark_as_sending`` increments), so the wait
after the n-th failure is ``base × 2^min(n, 5)``: 10, 20, 40, 80 then 160 minutes at the default
base of 300 s. We keep that schedule rather than "fix" it: a Django process and waadmin working
the same table must compute the same time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

DEFAULT_BASE_SECONDS = 300
MULTIPLIER_CAP_EXPONENT = 5
# A row with an absurd max_attempts still gets a readable schedule.
SCHEDULE_DISPLAY_LIMIT = 20


def retry_delay(attempt_count: int, base_seconds: int, exponential: bool = True) -> timedelta:
    """Wait before the next try, after the attempt numbered ``attempt_count`` has failed."""
    base = max(int(base_seconds or 0), 0)
    if not exponential:
        return timedelta(seconds=base)
    exponent = min(max(int(attempt_count or 0), 0), MULTIPLIER_CAP_EXPONENT)
    return timedelta(seconds=base * (2**exponent))


def next_retry_at(
    failed_at: datetime, attempt_count: int, base_seconds: int, exponential: bool = True
) -> datetime:
    return failed_at + retry_delay(attempt_count, base_seconds, exponential)


@dataclass(frozen=True)
class ScheduledTry:
    number: int  # 1-based attempt number
    earliest: datetime


def remaining_schedule(
    *,
    attempt_count: int,
    max_attempts: int,
    next_retry_at: datetime | None,
    base_seconds: int,
    exponential: bool,
    now: datetime,
) -> list[ScheduledTry]:
    """When the attempts still allowed would run if each of them failed at once.

    The first one runs at ``next_retry_at`` (or now, when none is set); each later one waits the
    back-off that follows the failure of the one before.
    """
    count = max(int(attempt_count or 0), 0)
    remaining = max(int(max_attempts or 0) - count, 0)
    schedule: list[ScheduledTry] = []
    at = next_retry_at if next_retry_at is not None and next_retry_at > now else now
    for offset in range(min(remaining, SCHEDULE_DISPLAY_LIMIT)):
        number = count + offset + 1
        schedule.append(ScheduledTry(number=number, earliest=at))
        at = at + retry_delay(number, base_seconds, exponential)
    return schedule
