"""The attempts behind the dashboard's queue and delay figures, as ids, for the list to show.

"Due now", "stuck in sending" and "sent after a delay" depend on times a list filter cannot
hold; the dashboard asks for exactly the rows its figures counted (the same conditions as
aggregates.work_counts and the window summary's delay) and lists them by id."""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import select

from waadmin.db.database import Database
from waadmin.db.filtering import combined
from waadmin.db.transitions import due_clause
from waadmin.domain.filters import AttemptFilter
from waadmin.domain.rules import DEFAULT_LEASE, DEFAULT_PENDING_GRACE
from waadmin.domain.statuses import Status


class FigureKind(StrEnum):
    DUE = "due"  # what the retry worker would send now
    STUCK = "stuck"  # in "sending" for longer than the lease
    DELAYED = "delayed"  # sent, with a creation-to-send delay (the delay figures' rows)


def figure_attempt_ids(
    database: Database,
    flt: AttemptFilter,
    kind: FigureKind,
    now: datetime,
    grace: timedelta = DEFAULT_PENDING_GRACE,
    lease: timedelta = DEFAULT_LEASE,
) -> list[int]:
    layout = database.layout
    a = layout.attempt
    if kind is FigureKind.DUE:
        condition = due_clause(layout, now, grace) & a.status.in_([Status.PENDING, Status.FAILED, Status.FAILED_RETRY, Status.SENDING])
    elif kind is FigureKind.STUCK:
        condition = (a.status == Status.SENDING) & (a.last_attempt_at.is_(None) | (a.last_attempt_at <= now - lease))
    else:
        condition = a.sent_at.is_not(None) & (a.sent_at >= a.created_at)
    query = select(a.id).where(combined(database, flt), condition).order_by(a.id)
    with database.read() as conn:
        return [int(i) for (i,) in conn.execute(query)]
