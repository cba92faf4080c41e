"""Aggregates over the attempts that the window summary cannot answer: the retry worker's
queue now, and failures per exact error (window counts and delays: window_stats)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Select, case, func, literal, or_, select
from sqlalchemy.exc import OperationalError

from waadmin.db import short_reads
from waadmin.db.database import Database
from waadmin.db.due import due_clause
from waadmin.db.filtering import combined
from waadmin.db.sizes import id_span
from waadmin.db.window_stats import Reader
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
    # ready_now, scheduled and stuck drawn from a sample of the table (shown with "≈"): the
    # waiting backlog was too large to count within WORK_BUDGET_SECONDS. The waiting and pending
    # totals and the next retry stay exact.
    estimated: bool = False


# What the exact count of the waiting backlog may take before a sample answers instead: at ten
# million rows with a worker that has not run for weeks it reads ~300,000 rows over as many pages.
WORK_BUDGET_SECONDS = 0.06
_BACKLOG = (Status.PENDING, Status.FAILED, Status.FAILED_RETRY, Status.SENDING)


def work_counts(
    database: Database,
    flt: AttemptFilter,
    now: datetime,
    grace: timedelta = DEFAULT_PENDING_GRACE,
    lease: timedelta = DEFAULT_LEASE,
) -> WorkCounts:
    """What the retry worker faces now (not limited to a creation window).

    With the stats summary (and a scope it keys on), the waiting and pending totals come from its
    counts, the next retry from the next_retry_at index (one row), and the due / scheduled /
    stuck split from the backlog itself only while that fits a short budget; past it, from a
    sample of id windows (``estimated``). Without the summary, one pass over the backlog."""
    a = database.layout.attempt
    scope = combined(database, flt)
    ready, scheduled, stuck = _split(database, now, grace, lease)
    totals = _summary_totals(database, flt)
    if totals is not None:
        split = select(ready, scheduled, stuck).where(scope, a.status.in_(_BACKLOG))
        try:
            (r, s, st), estimated = _within_budget(database, split), False
        except short_reads.TooLong:
            (r, s, st), estimated = _sampled(database, split), True
        return WorkCounts(r, s, totals.get(Status.FAILED_RETRY, 0), _next_retry(database, scope, now), st, totals.get(Status.PENDING, 0), estimated)
    return backlog_pass(database, flt, now, grace, lease)


def backlog_pass(
    database: Database,
    flt: AttemptFilter,
    now: datetime,
    grace: timedelta = DEFAULT_PENDING_GRACE,
    lease: timedelta = DEFAULT_LEASE,
) -> WorkCounts:
    """The work counts in one pass over every pending, failed, failed_retry and sending row (no
    summary to take totals from): exact, and as long as the backlog is."""
    layout = database.layout
    a = layout.attempt
    scope = combined(database, flt)
    ready, scheduled, stuck = _split(database, now, grace, lease)
    waiting = func.sum(case((a.status == Status.FAILED_RETRY, 1), else_=0))
    upcoming = func.min(case(((a.status == Status.FAILED_RETRY) & (a.next_retry_at > now), a.next_retry_at)))
    pending = func.sum(case((a.status == Status.PENDING, 1), else_=0))
    query = select(ready, scheduled, waiting, upcoming, stuck, pending).where(scope, a.status.in_(_BACKLOG))
    slicing = short_reads.Slicing.for_database(database)
    if slicing is None:
        with database.read() as conn:
            rows = [conn.execute(query).one()]
    else:
        # Past the budget, per id slice: sums add up and the earliest retry is the least of theirs.
        found = slicing.whole_or_sliced(
            lambda conn: [conn.execute(query).one()],
            lambda conn, lo, hi: [conn.execute(short_reads.range_only(query.where(a.id >= lo, a.id < hi), a)).one()],
        )
        rows = list(found)
    upcomings = [u for u in (_aware(row[3]) for row in rows) if u is not None]
    r, s, w, st, p = (sum(int(row[i] or 0) for row in rows) for i in (0, 1, 2, 4, 5))
    return WorkCounts(r, s, w, min(upcomings, default=None), st, p)


def _split(database: Database, now: datetime, grace: timedelta, lease: timedelta) -> tuple[Any, Any, Any]:
    """Due now, scheduled, stuck: sums over the backlog's rows."""
    a = database.layout.attempt
    ready = func.sum(case((due_clause(database.layout, now, grace), 1), else_=0))
    scheduled = func.sum(case(((a.status == Status.FAILED_RETRY) & (a.next_retry_at > now), 1), else_=0))
    stuck = func.sum(
        case(((a.status == Status.SENDING) & (a.last_attempt_at.is_(None) | (a.last_attempt_at <= now - lease)), 1), else_=0)
    )
    return ready, scheduled, stuck


def _summary_totals(database: Database, flt: AttemptFilter) -> dict[str, int] | None:
    """Attempts per status over the whole table from the stats summary (exact: its log is folded
    or added in), or None where it does not serve this scope."""
    reader = Reader.open(database, flt)
    if not reader.use_summary:
        return None
    return reader.counts(_EVER_FROM, _EVER_TO)


_EVER_FROM = datetime(1970, 1, 1, tzinfo=UTC)
_EVER_TO = datetime(2200, 1, 1, tzinfo=UTC)


def _next_retry(database: Database, scope: Any, now: datetime) -> datetime | None:
    """The earliest scheduled retry: the first entry after ``now`` of Django's next_retry_at
    index. On SQLite the status test is made unusable as an index term (``status || ''``), or a
    planner without statistics reads every failed_retry row through the status index and sorts."""
    a = database.layout.attempt
    status = (a.status.op("||")(literal("")) if database.is_sqlite else a.status) == Status.FAILED_RETRY
    query = select(a.next_retry_at).where(scope, status, a.next_retry_at > now).order_by(a.next_retry_at).limit(1)
    with database.read() as conn:
        return _aware(conn.execute(query).scalar_one_or_none())


def _within_budget(database: Database, query: Select[Any]) -> tuple[int, int, int]:
    """The split counted exactly, or TooLong once it has worked WORK_BUDGET_SECONDS."""
    if database.is_sqlite:
        row = short_reads.bounded(database, lambda conn: conn.execute(query).one(), WORK_BUDGET_SECONDS)
        return _ints(row)
    with database.read() as conn:
        conn.exec_driver_sql(f"SET LOCAL statement_timeout = {max(1, int(WORK_BUDGET_SECONDS * 1000))}")
        try:
            row = conn.execute(query).one()
        except OperationalError as error:
            if getattr(error.orig, "sqlstate", None) == "57014":  # query_canceled: our timeout
                conn.rollback()
                raise short_reads.TooLong from None
            raise
        conn.rollback()  # SET LOCAL ends with the transaction
        return _ints(row)


def _sampled(database: Database, query: Select[Any]) -> tuple[int, int, int]:
    """The split in SAMPLE_WINDOWS id windows spread from oldest to newest (primary-key ranges:
    the same few thousand rows whatever the table's size), scaled by the id span."""
    from waadmin.db.listing import SAMPLE_WINDOW_IDS, SAMPLE_WINDOWS

    a = database.layout.attempt
    with database.read() as conn:
        low = conn.execute(select(func.min(a.id))).scalar_one()
        span = id_span(conn, database.layout)
    if low is None or span == 0:
        return (0, 0, 0)
    windows = max(1, min(SAMPLE_WINDOWS, span // SAMPLE_WINDOW_IDS))
    width = min(SAMPLE_WINDOW_IDS, span)
    step = span // windows
    found = [0, 0, 0]
    with database.read() as conn:
        for n in range(windows):
            lo = int(low) + n * step + (step - width) // 2
            row = conn.execute(short_reads.range_only(query.where(a.id >= lo, a.id < lo + width), a)).one()
            found = [f + v for f, v in zip(found, _ints(row), strict=True)]
    scale = span / (windows * width)
    r, s, st = (round(f * scale) for f in found)
    return (r, s, st)


def _ints(row: Any) -> tuple[int, int, int]:
    return (int(row[0] or 0), int(row[1] or 0), int(row[2] or 0))


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
    # A tenth of a million rows, grouped: ~0.5 s in one read. Past the budget, per id slice;
    # the counts add up, the first and last sightings are the least and greatest of the slices'.
    found = slicing.whole_or_sliced(
        lambda conn: list(conn.execute(query).all()),
        lambda conn, lo, hi: list(conn.execute(query.where(a.id >= lo, a.id < hi)).all()),
    )
    merged: dict[tuple[object, ...], list[Any]] = {}
    for code, message, kind, region, n, first, last in found:
        cell = merged.setdefault((code, message, kind, region), [0, None, None])
        cell[0] += int(n)
        cell[1] = first if cell[1] is None or (first is not None and first < cell[1]) else cell[1]
        cell[2] = last if cell[2] is None or (last is not None and last > cell[2]) else cell[2]
    return [FailureRow(code or "", message or "", kind or "", region, n, first, last) for (code, message, kind, region), (n, first, last) in merged.items()]
