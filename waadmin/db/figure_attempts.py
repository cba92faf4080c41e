"""The rows behind the dashboard's queue and delay figures, as a condition the list's filter can
hold (AttemptFilter.figure): "due now", "stuck in sending" and "sent after a delay" depend on a
moment and on columns no filter widget has. The same conditions as aggregates.work_counts and
the window summary's delay, so a tile lists exactly what it counted."""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy.sql.elements import ColumnElement

from waadmin.db.due import due_clause
from waadmin.db.layout import Layout
from waadmin.domain.clock import utcnow
from waadmin.domain.rules import DEFAULT_LEASE, DEFAULT_PENDING_GRACE
from waadmin.domain.statuses import Status


class FigureKind(StrEnum):
    DUE = "due"  # what the retry worker would send now
    STUCK = "stuck"  # in "sending" for longer than the lease
    DELAYED = "delayed"  # sent, with a creation-to-send delay (the delay figures' rows)


def figure_clause(
    layout: Layout,
    kind: FigureKind,
    now: datetime | None,
    grace: timedelta = DEFAULT_PENDING_GRACE,
    lease: timedelta = DEFAULT_LEASE,
) -> ColumnElement[bool]:
    a = layout.attempt
    now = now or utcnow()
    if kind is FigureKind.DUE:
        return due_clause(layout, now, grace) & a.status.in_([Status.PENDING, Status.FAILED, Status.FAILED_RETRY, Status.SENDING])
    if kind is FigureKind.STUCK:
        return (a.status == Status.SENDING) & (a.last_attempt_at.is_(None) | (a.last_attempt_at <= now - lease))
    return a.sent_at.is_not(None) & (a.sent_at >= a.created_at)
