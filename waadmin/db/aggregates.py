"""Aggregates over the attempts that the window summary cannot answer: the retry worker's
queue now, and failures per exact error (window counts and delays: window_stats)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import case, func, or_, select

from waadmin.db import short_reads
from waadmin.db.database import Database
from waadmin.db.due import due_clause
from waadmin.db.filtering import combined
from waadmin.domain.filters import AttemptFilter
from waadmin.domain.rules import DEFAULT_LEASE, DEFAULT_PENDING_GRACE
from waadmin.domain.statuses import Status


@dataclass(frozen=True)
class WorkCounts:
    ready_now: int
    scheduled: int
    waiting_retries: int  # failed_retry rows, due or not
    next_retry_at: datetime | None
    stuck: int
    pending: int


def work_counts(
    database: Database,
    flt: AttemptFilter,
    now: datetime,
    grace: timedelta = DEFAULT_PENDING_GRACE,
    lease: timedelta = DEFAULT_LEASE,
) -> WorkCounts:
    """What the retry worker faces now (not limited to a creation window)."""
    layout = database.layout
    a = layout.attempt
    scope = combined(database, flt)
    ready = func.sum(case((due_clause(layout, now, grace), 1), else_=0))
    scheduled = func.sum(case(((a.status == Status.FAILED_RETRY) & (a.next_retry_at > now), 1), else_=0))
    waiting = func.sum(case((a.status == Status.FAILED_RETRY, 1), else_=0))
    upcoming = func.min(case(((a.status == Status.FAILED_RETRY) & (a.next_retry_at > now), a.next_retry_at)))
    stuck = func.sum(
        case(((a.status == Status.SENDING) & (a.last_attempt_at.is_(None) | (a.last_attempt_at <= now - lease)), 1), else_=0)
    )
    pending = func.sum(case((a.status == Status.PENDING, 1), else_=0))
    query = select(ready, scheduled, waiting, upcoming, stuck, pending).where(
        scope, a.status.in_([Status.PENDING, Status.FAILED, Status.FAILED_RETRY, Status.SENDING])
    )
    slicing = short_reads.Slicing.for_database(database)
    if slicing is None:
        with database.read() as conn:
            rows = [conn.execute(query).one()]
    else:
        # Past the budget, per id slice: sums add up and the earliest retry is the least of theirs.
        found = slicing.whole_or_sliced(
            lambda conn: [conn.execute(query).one()],
            lambda conn, lo, hi: [conn.execute(query.where(a.id >= lo, a.id < hi)).one()],
        )
        rows = list(found)
    upcomings = [u for u in (_aware(row[3]) for row in rows) if u is not None]
    r, s, w, st, p = (sum(int(row[i] or 0) for row in rows) for i in (0, 1, 2, 4, 5))
    return WorkCounts(r, s, w, min(upcomings, default=None), st, p)


def _aware(value: datetime | str | None) -> datetime | None:
    if isinstance(value, str):
        from waadmin.db.types import parse_sqlite_datetime

        return parse_sqlite_datetime(value)
    if isinstance(value, datetime) and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


@dataclass(frozen=True)
class FailureRow:
    error_code: str
    error_message: str
    message_type: str
    region: str | None
    count: int
    first_seen: datetime | None
    last_seen: datetime | None


def failure_rows(database: Database, flt: AttemptFilter, statuses: frozenset[str], also_codes: frozenset[str] = frozenset()) -> list[FailureRow]:
    """Failed attempts counted per exact error, type and region; the engine merges messages
    that differ only by numbers into groups. ``also_codes``: rows with these error codes count
    whatever their status (flags such as a conflicting save, recorded on a sent row)."""
    a = database.layout.attempt
    when = a.last_attempt_at
    query = (
        select(a.error_code, a.error_message, a.message_type, a.region_override, func.count(), func.min(func.coalesce(when, a.created_at)), func.max(func.coalesce(when, a.created_at)))
        .where(combined(database, flt), or_(a.status.in_(sorted(statuses)), a.error_code.in_(sorted(also_codes))) if also_codes else a.status.in_(sorted(statuses)))
        .group_by(a.error_code, a.error_message, a.message_type, a.region_override)
    )
    slicing = short_reads.Slicing.for_database(database)
    if slicing is None:
        with database.read() as conn:
            rows = conn.execute(query).all()
        return [FailureRow(code or "", message or "", kind or "", region, int(n), first, last) for code, message, kind, region, n, first, last in rows]
    # A tenth of a million rows, grouped: ~0.5 s in one read. Past the budget, per id slice,
    # each by its id range alone (the status index would read every failure for each slice);
    # the counts add up, the first and last sightings are the least and greatest of the slices'.
    found = slicing.whole_or_sliced(
        lambda conn: list(conn.execute(query).all()),
        lambda conn, lo, hi: list(conn.execute(short_reads.range_only(query.where(a.id >= lo, a.id < hi), a)).all()),
    )
    merged: dict[tuple[object, ...], list[Any]] = {}
    for code, message, kind, region, n, first, last in found:
        cell = merged.setdefault((code, message, kind, region), [0, None, None])
        cell[0] += int(n)
        cell[1] = first if cell[1] is None or (first is not None and first < cell[1]) else cell[1]
        cell[2] = last if cell[2] is None or (last is not None and last > cell[2]) else cell[2]
    return [FailureRow(code or "", message or "", kind or "", region, n, first, last) for (code, message, kind, region), (n, first, last) in merged.items()]
