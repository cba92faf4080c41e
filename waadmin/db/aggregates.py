"""Aggregates over the attempts that the window summary cannot answer: the retry worker's
queue now, and failures per exact error (window counts and delays: window_stats)."""

from __future__ import annotations

import time
import weakref
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import case, func, literal, or_, select

from waadmin.db import short_reads, summary
from waadmin.db.database import Database
from waadmin.db.due import due_clause
from waadmin.db.errors import DatabaseProblem
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
    # backlog was too long to read (EXACT_BACKLOG_ROWS). Waiting, pending and the next retry stay exact.
    estimated: bool = False


# Up to this many waiting rows (pending, failed, failed_retry, sending: the summary says how many)
# the split is read from them, exactly: ~50 ms, their rows spread over as many pages. Beyond, a
# sample: at ten million rows, with a worker that has not run for weeks, they are ~300,000.
EXACT_BACKLOG_ROWS = 20_000
_BACKLOG = (Status.PENDING, Status.FAILED, Status.FAILED_RETRY, Status.SENDING)


def work_counts(
    database: Database,
    flt: AttemptFilter,
    now: datetime,
    grace: timedelta = DEFAULT_PENDING_GRACE,
    lease: timedelta = DEFAULT_LEASE,
) -> WorkCounts:
    """What the retry worker faces now (not limited to a creation window).

    Without the stats summary (or for a scope it does not key on), or with a short backlog, one
    pass over the backlog. With the summary and a long backlog: the waiting and pending totals
    from the summary's counts, the next retry from the next_retry_at index (one row), and the
    due / scheduled / stuck split from a sample of id windows (``estimated``): the time no longer
    grows with the backlog."""
    totals = _summary_totals(database, flt)
    if totals is None or sum(totals.get(s, 0) for s in _BACKLOG) <= EXACT_BACKLOG_ROWS:
        return backlog_pass(database, flt, now, grace, lease)
    a = database.layout.attempt
    scope = combined(database, flt)
    split = select(*_split(database, now, grace, lease)).where(scope, a.status.in_(_BACKLOG))
    r, s, st = _sampled(database, split)
    return WorkCounts(r, s, totals.get(Status.FAILED_RETRY, 0), _next_retry(database, scope, now), st, totals.get(Status.PENDING, 0), estimated=True)


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
    """Attempts per status over the whole table from the stats summary (exact: readers add its
    unfolded log in), or None where it does not serve this scope."""
    if not _summary_keys(flt, database) or not _summary_serves(database):
        return None
    probe = Reader(database, flt, use_summary=True)
    try:
        return probe.counts(_EVER_FROM, _EVER_TO)
    except DatabaseProblem:  # removed since it was last looked at (waadmin doctor, a migration)
        _serves_seen.pop(id(database), None)
        return None


def _summary_keys(flt: AttemptFilter, database: Database) -> bool:
    """Whether the summary's counts key on every condition of ``flt`` (as Reader.open decides)."""
    allowed = {"message_types", "source_apps"}
    if flt.source_apps and not database.layout.has_source_app:
        return False
    return all(not getattr(flt, name) or name in allowed for name in flt.__dataclass_fields__)


# Whether the summary serves a database, kept a few seconds: its catalogue checks (triggers,
# functions, rights) cost ~100 ms on a busy PostgreSQL, ten times its counts.
_SERVES_SECONDS = 5.0
_serves_seen: dict[int, tuple[weakref.ref[Database], float, bool]] = {}


def _summary_serves(database: Database) -> bool:
    seen = _serves_seen.get(id(database))
    now = time.monotonic()
    if seen is not None and seen[0]() is database and now - seen[1] < _SERVES_SECONDS:
        return seen[2]
    serves = summary.serves(database)
    _serves_seen[id(database)] = (weakref.ref(database), now, serves)
    return serves


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


def _sampled(database: Database, query: Any) -> tuple[int, int, int]:
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
