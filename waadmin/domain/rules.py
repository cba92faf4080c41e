"""Which actions an attempt's state allows. The database enforces the same rules in the WHERE
clause of each transition; these predicates let the UI enable buttons and the CLI explain."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from waadmin.domain import statuses as st

DEFAULT_PENDING_GRACE = timedelta(minutes=5)
DEFAULT_LEASE = timedelta(minutes=10)


@dataclass(frozen=True)
class AttemptState:
    status: str
    attempt_count: int
    max_attempts: int
    created_at: datetime | None = None
    next_retry_at: datetime | None = None
    last_attempt_at: datetime | None = None


def attempts_left(state: AttemptState) -> int:
    return max((state.max_attempts or 0) - (state.attempt_count or 0), 0)


def can_retry_now(state: AttemptState) -> bool:
    """A manual "retry now" ignores next_retry_at but never exceeds max_attempts."""
    return state.status in st.RETRYABLE and attempts_left(state) > 0


def is_due(state: AttemptState, now: datetime, pending_grace: timedelta = DEFAULT_PENDING_GRACE) -> bool:
    """Due for automatic processing: a scheduled retry whose time has come, or a `pending` row
    nobody picked up within the grace period (the reference never processes those)."""
    if attempts_left(state) <= 0:
        return False
    not_waiting = state.next_retry_at is None or state.next_retry_at <= now
    if state.status == st.Status.FAILED_RETRY:
        return state.next_retry_at is not None and state.next_retry_at <= now
    if state.status == st.Status.PENDING:
        return (
            state.created_at is not None
            and state.created_at <= now - pending_grace
            and not_waiting
        )
    if state.status == st.Status.FAILED:
        return not_waiting
    return False


def can_cancel(state: AttemptState) -> bool:
    return state.status in st.CANCELLABLE


def is_stuck(state: AttemptState, now: datetime, lease: timedelta = DEFAULT_LEASE) -> bool:
    """In `sending` for longer than any live send can take: its sender died."""
    if state.status != st.Status.SENDING:
        return False
    return state.last_attempt_at is None or state.last_attempt_at < now - lease


def can_requeue_final(state: AttemptState) -> bool:
    """A failed_final attempt may be given new attempts on purpose (after an outage was fixed)."""
    return state.status == st.Status.FAILED_FINAL


def status_after_failure(attempt_count: int, max_attempts: int, permanent: bool) -> str:
    if permanent or attempt_count >= max_attempts:
        return st.Status.FAILED_FINAL
    return st.Status.FAILED_RETRY
