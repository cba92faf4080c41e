"""Aggregates for stats and the dashboard, computed in the database.

Percentiles use the nearest-rank definition on both backends (``percentile_disc`` on
PostgreSQL, ROW_NUMBER over the sorted delays on SQLite) so both give the same figures.
Time buckets are computed in SQL on the UTC value shifted by the display zone's offset.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Numeric, String, case, cast, func, literal, select
from sqlalchemy.dialects.postgresql import INTERVAL
from sqlalchemy.sql.elements import ColumnElement

from waadmin.db.database import Database
from waadmin.db.filtering import combined
from waadmin.db.transitions import due_clause
from waadmin.domain.filters import AttemptFilter
from waadmin.domain.rules import DEFAULT_LEASE, DEFAULT_PENDING_GRACE
from waadmin.domain.statuses import SUCCESS, Status


@dataclass(frozen=True)
class DelayFigures:
    count: int
    mean: float | None
    p50: float | None
    p95: float | None


@dataclass(frozen=True)
class GroupRow:
    message_type: str
    source_app: str | None
    category: str
    region: str | None
    status: str
    error_code: str
    count: int


@dataclass(frozen=True)
class WorkCounts:
    ready_now: int
    scheduled: int
    waiting_retries: int  # failed_retry rows, due or not
    next_retry_at: datetime | None
    stuck: int
    pending: int


def delay_seconds(database: Database) -> ColumnElement[float]:
    a = database.layout.attempt
    if database.is_postgresql:
        return func.round(cast(func.extract("epoch", a.sent_at - a.created_at), Numeric), 3)
    # julianday() differences carry ~1e-5 s of float noise: round to the millisecond.
    return func.round((func.julianday(a.sent_at) - func.julianday(a.created_at)) * 86400.0, 3)


def bucket_start(database: Database, unit: str, offset_seconds: int) -> ColumnElement[Any]:
    """The start of the hour or day holding created_at, in the display zone, as naive text
    (SQLite) or a naive timestamp (PostgreSQL)."""
    a = database.layout.attempt
    if database.is_postgresql:
        shifted = func.timezone("UTC", a.created_at) + cast(literal(f"{int(offset_seconds)} seconds"), INTERVAL)
        return func.date_trunc(unit, shifted)
    pattern = "%Y-%m-%d %H:00:00" if unit == "hour" else "%Y-%m-%d 00:00:00"
    return func.strftime(pattern, a.created_at, f"{int(offset_seconds):+d} seconds")


def bucket_to_utc(value: Any, offset_seconds: int) -> datetime:
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return (value - timedelta(seconds=offset_seconds)).replace(tzinfo=UTC)


def status_series(database: Database, flt: AttemptFilter, unit: str, offset_seconds: int) -> list[tuple[datetime, str, int, int]]:
    """(bucket start UTC, status, rows, sum of attempt_count) per bucket and status."""
    a = database.layout.attempt
    bucket = bucket_start(database, unit, offset_seconds).label("bucket")
    query = (
        select(bucket, a.status, func.count(), func.coalesce(func.sum(a.attempt_count), 0))
        .where(combined(database.layout, flt))
        .group_by(bucket, a.status)
    )
    with database.read() as conn:
        rows = conn.execute(query).all()
    return [(bucket_to_utc(b, offset_seconds), s or "", int(n), int(total)) for b, s, n, total in rows if b is not None]


def grouped_counts(database: Database, flt: AttemptFilter) -> list[GroupRow]:
    layout = database.layout
    a = layout.attempt
    source = layout.source_app()
    query = (
        select(a.message_type, source, a.category, a.region_override, a.status, a.error_code, func.count())
        .where(combined(layout, flt))
        .group_by(a.message_type, source, a.category, a.region_override, a.status, a.error_code)
    )
    with database.read() as conn:
        rows = conn.execute(query).all()
    return [GroupRow(t or "", s, c or "", r, st or "", e or "", int(n)) for t, s, c, r, st, e, n in rows]


def _rank(percent: int, n: ColumnElement[int]) -> ColumnElement[int]:
    # Nearest rank: ceil(n * p) in integer arithmetic.
    return (n * percent + 99) // 100


def delay_figures(
    database: Database, flt: AttemptFilter, unit: str | None = None, offset_seconds: int = 0
) -> dict[datetime | None, DelayFigures]:
    """Creation-to-send delay for sent rows, overall (key None) or per time bucket."""
    a = database.layout.attempt
    delay = delay_seconds(database).label("delay")
    where = [combined(database.layout, flt), a.sent_at.is_not(None), delay_seconds(database) >= 0]
    bucket: ColumnElement[Any] = bucket_start(database, unit, offset_seconds) if unit else literal("all", String)
    if database.is_postgresql:
        query = (
            select(
                bucket.label("bucket"),
                func.count(),
                func.avg(delay_seconds(database)),
                func.percentile_disc(0.5).within_group(delay_seconds(database)),
                func.percentile_disc(0.95).within_group(delay_seconds(database)),
            )
            .where(*where)
            .group_by(bucket)
        )
    else:
        ranked = (
            select(
                bucket.label("bucket"),
                delay,
                func.row_number().over(partition_by=bucket, order_by=delay_seconds(database)).label("rn"),
                func.count().over(partition_by=bucket).label("n"),
            )
            .where(*where)
            .subquery()
        )
        query = select(
            ranked.c.bucket,
            func.count(),
            func.avg(ranked.c.delay),
            func.max(case((ranked.c.rn == _rank(50, ranked.c.n), ranked.c.delay))),
            func.max(case((ranked.c.rn == _rank(95, ranked.c.n), ranked.c.delay))),
        ).group_by(ranked.c.bucket)
    with database.read() as conn:
        rows = conn.execute(query).all()
    figures: dict[datetime | None, DelayFigures] = {}
    for b, n, mean, p50, p95 in rows:
        key = None if unit is None else bucket_to_utc(b, offset_seconds)
        figures[key] = DelayFigures(
            int(n),
            float(mean) if mean is not None else None,
            float(p50) if p50 is not None else None,
            float(p95) if p95 is not None else None,
        )
    return figures


def rates_since(database: Database, flt: AttemptFilter) -> dict[str, int]:
    """Counts per status for a small window (alerts)."""
    a = database.layout.attempt
    query = select(a.status, func.count()).where(combined(database.layout, flt)).group_by(a.status)
    with database.read() as conn:
        return {s or "": int(n) for s, n in conn.execute(query).all()}


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
    scope = combined(layout, flt)
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
    with database.read() as conn:
        r, s, w, nxt, st, p = conn.execute(query).one()
    if isinstance(nxt, str):
        from waadmin.db.types import parse_sqlite_datetime

        nxt = parse_sqlite_datetime(nxt)
    elif isinstance(nxt, datetime) and nxt.tzinfo is None:
        nxt = nxt.replace(tzinfo=UTC)
    return WorkCounts(int(r or 0), int(s or 0), int(w or 0), nxt, int(st or 0), int(p or 0))


def success_statuses() -> list[str]:
    return sorted(SUCCESS)


def aggregate_by(rows: list[GroupRow], key: str) -> list[tuple[str | None, int, int, int]]:
    """(value, total, successes, final failures) per value of one GroupRow field, largest first."""
    totals: dict[str | None, list[int]] = defaultdict(lambda: [0, 0, 0])
    for row in rows:
        value = getattr(row, key)
        bucket = totals[value]
        bucket[0] += row.count
        if row.status in SUCCESS:
            bucket[1] += row.count
        if row.status == Status.FAILED_FINAL:
            bucket[2] += row.count
    return sorted(((k, v[0], v[1], v[2]) for k, v in totals.items()), key=lambda item: (-item[1], str(item[0])))



@dataclass(frozen=True)
class FailureRow:
    error_code: str
    error_message: str
    message_type: str
    region: str | None
    count: int
    first_seen: datetime | None
    last_seen: datetime | None


def failure_rows(database: Database, flt: AttemptFilter, statuses: frozenset[str]) -> list[FailureRow]:
    """Failed attempts counted per exact error, type and region; the engine merges messages
    that differ only by numbers into groups."""
    a = database.layout.attempt
    when = a.last_attempt_at
    query = (
        select(a.error_code, a.error_message, a.message_type, a.region_override, func.count(), func.min(func.coalesce(when, a.created_at)), func.max(func.coalesce(when, a.created_at)))
        .where(combined(database.layout, flt), a.status.in_(sorted(statuses)))
        .group_by(a.error_code, a.error_message, a.message_type, a.region_override)
    )
    with database.read() as conn:
        rows = conn.execute(query).all()
    return [FailureRow(code or "", message or "", kind or "", region, int(n), first, last) for code, message, kind, region, n, first, last in rows]
