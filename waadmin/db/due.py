"""What makes an attempt due: the conditions the retry engine claims by, the dashboard counts
and the list filters on. Kept apart from transitions.py so that the filters (which transitions
builds on) can use them too without an import cycle."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import and_, or_
from sqlalchemy.sql.elements import ColumnElement

from waadmin.db.layout import Layout
from waadmin.domain.rules import DEFAULT_PENDING_GRACE
from waadmin.domain.statuses import Status


def due_clause(
    layout: Layout,
    now: datetime | ColumnElement[datetime],
    grace: timedelta = DEFAULT_PENDING_GRACE,
    *,
    pending_before: ColumnElement[datetime] | None = None,
) -> ColumnElement[bool]:
    """``now`` and ``pending_before`` (instead of now - grace) may be bound parameters: a
    statement built once and run with new values each time (transitions' claim)."""
    a = layout.attempt
    cutoff = now - grace if pending_before is None else pending_before
    not_waiting = or_(a.next_retry_at.is_(None), a.next_retry_at <= now)
    return and_(
        a.attempt_count < a.max_attempts,
        or_(
            and_(a.status == Status.FAILED_RETRY, a.next_retry_at.is_not(None), a.next_retry_at <= now),
            and_(a.status == Status.PENDING, a.created_at <= cutoff, not_waiting),
            and_(a.status == Status.FAILED, not_waiting),
        ),
    )


def retryable_now_clause(layout: Layout) -> ColumnElement[bool]:
    """A manual retry: any retryable status with attempts left, whatever next_retry_at says."""
    a = layout.attempt
    return and_(
        a.status.in_([Status.PENDING, Status.FAILED, Status.FAILED_RETRY]),
        a.attempt_count < a.max_attempts,
    )
