"""Long reads on an SQLite file in rollback-journal mode, cut into short ones.

In that mode (the default, and Django's) a read transaction holds a SHARED lock on the whole
file, and a writer's commit waits until every SHARED lock is gone: a 5 s dashboard read made the
Django app's saves wait 5 s, or fail with 'database is locked' past its own 5 s timeout. Here a
long read over the attempts becomes consecutive slices of a key (created_at where an index leads
with it, else the id), each read in its own transaction, sized after the last one so a slice takes
about half of BUDGET_SECONDS: between two slices the lock is released and a waiting save goes through
(its PENDING lock keeps the next slice out until it has committed). Each slice's query must say
how to read it (range_only, date_range): without planner statistics SQLite may take another index
and read far more than the slice. Every figure read this way is
a sum, a count, a minimum or a maximum, so the slices' results combine into exactly the unsliced
ones. In WAL mode, and on PostgreSQL, readers never hold writers up: nothing is sliced there.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar

from sqlalchemy import Select, func, inspect, select
from sqlalchemy.dialects.sqlite.base import SQLiteCompiler
from sqlalchemy.engine import Connection
from sqlalchemy.exc import OperationalError

from waadmin.db.database import Database
from waadmin.db.read_budget import BUDGET_SECONDS, budget_setting

T = TypeVar("T")

GROWTH = 2.0  # a slice is at most this many times wider, or narrower, than the one before
FIRST_TIME_SLICE = 3600.0  # seconds of creation dates; grows to the right width in a few slices
SMALLEST_TIME_SLICE = 60.0
FIRST_ID_SLICE = 20_000
SMALLEST_ID_SLICE = 500
PROGRESS_STEPS = 20_000  # SQLite virtual-machine steps between two looks at the clock (~0.2 ms)


def journal_mode(conn: Connection) -> str:
    """'delete' (SQLite's and Django's default), 'wal', 'truncate', 'persist', 'memory', 'off'.
    The file's header is read first: a connection reports the mode it last saw, and another
    program may have switched the file to WAL or back since."""
    conn.exec_driver_sql("PRAGMA schema_version").scalar_one()
    return str(conn.exec_driver_sql("PRAGMA journal_mode").scalar_one()).lower()


# SQLite renders no table hint by default; "t NOT INDEXED" and "t INDEXED BY i" are the ones
# sliced reads need (range_only(), date_range()).
SQLiteCompiler.get_from_hint_text = lambda self, table, text: text  # type: ignore[method-assign]


def range_only(query: Select[Any], table: Any) -> Select[Any]:
    """``query`` made to read ``table`` by its rowid range only. Within an id slice the range is
    the cheap way in, but without planner statistics (Django never runs ANALYZE) SQLite prefers
    an index on a filtered column, ``status IN (…)``, and reads every match in the whole table
    for each slice: a 500-id slice took 1.8 s. NOT INDEXED still lets it use the rowid."""
    return query.with_hint(table, "NOT INDEXED", "sqlite")


def date_range(query: Select[Any], table: Any, index: str) -> Select[Any]:
    """``query`` made to read ``table`` through ``index``, one that leads with the creation date
    its date slice bounds. NOT INDEXED would read the whole table for each slice; left to itself,
    without statistics, SQLite prefers an index on an equality (``message_type IN (…)``) and
    reads every row of that type for each slice: a 30-day window of a type holding half the rows
    went on for over ten minutes in one-minute slices."""
    return query.with_hint(table, f'INDEXED BY "{index}"', "sqlite")


class TooLong(Exception):
    """A read tried whole went past its budget and was interrupted (its lock is released)."""


def bounded(database: Database, run: Callable[[Connection], T], budget: float = BUDGET_SECONDS) -> T:
    """``run(conn)`` in one read transaction that SQLite interrupts once its statements have
    worked ``budget`` seconds (TooLong). The clock starts at SQLite's first progress call, after
    the statement has its lock: a wait for the Django app's commit is not counted as ours."""
    deadline: list[float] = []
    fired: list[bool] = []

    def check() -> int:
        now = time.perf_counter()
        if not deadline:
            deadline.append(now + budget)
            return 0
        if now > deadline[0]:
            fired.append(True)
            return 1
        return 0

    with database.read() as conn:
        raw = conn.connection.driver_connection
        raw.set_progress_handler(check, PROGRESS_STEPS)
        try:
            return run(conn)
        except OperationalError:
            if fired:
                raise TooLong from None
            raise
        finally:
            raw.set_progress_handler(None, 0)


def leading_index(conn: Connection, table: str, column: str) -> str | None:
    """The name of an index of ``table`` that starts with ``column`` (a range of it is then a
    range of the index), the narrowest if several do."""
    found = [ix for ix in inspect(conn).get_indexes(table) if (ix["column_names"] or [None])[0] == column and ix["name"]]
    return str(min(found, key=lambda ix: len(ix["column_names"]))["name"]) if found else None


def has_leading_index(conn: Connection, table: str, column: str) -> bool:
    return leading_index(conn, table, column) is not None


def read_in_slices(
    database: Database,
    low: float,
    high: float,
    read: Callable[[Connection, float, float], Sequence[T]],
    *,
    first: float,
    smallest: float,
    whole: bool = False,
    budget: float = BUDGET_SECONDS,
    enough: Callable[[list[T]], bool] | None = None,
    descending: bool = False,
) -> list[T]:
    """``read(conn, lo, hi)`` for consecutive [lo, hi) covering [low, high), each in its own
    transaction, the next slice's width chosen from how long the last one took so the next
    takes about half the budget; a slice past the budget is interrupted and read again
    narrower. ``whole``: integer bounds (ids). ``enough(rows so far)``: stop once it says so.
    ``descending``: from ``high`` down (for newest-first pages: each slice's rows in the
    caller's descending order make the whole list descending)."""
    target = budget / 2
    rows: list[T] = []
    width = max(first, smallest)
    bottom, top = low, high  # what is left to read: [bottom, top)
    while bottom < top:
        if descending:
            lo, hi = max(top - width, bottom), top
            if whole:
                lo = max(min(float(math.ceil(lo)), hi - 1), bottom)
        else:
            lo, hi = bottom, min(bottom + width, top)
            if whole:
                hi = min(max(float(int(hi)), lo + 1), top)
        began = time.perf_counter()
        try:
            if hi - lo <= smallest:
                with database.read() as conn:  # as narrow as slices go: read it, however long
                    part = read(conn, lo, hi)
            else:
                part = bounded(database, lambda conn, lo=lo, hi=hi: read(conn, lo, hi), budget)
        except TooLong:
            # Rows here cost more than the ones before (denser, or matching where they did
            # not): the same start again, narrower.
            width = max((hi - lo) / GROWTH, smallest)
            continue
        took = time.perf_counter() - began
        rows.extend(part)
        wanted = width * target / took if took > 0 else width * GROWTH
        width = max(min(wanted, width * GROWTH), width / GROWTH, smallest)
        if descending:
            top = lo
        else:
            bottom = hi
        if enough is not None and enough(rows):
            break
    return rows


def _epoch(at: datetime) -> float:
    return at.astimezone(UTC).timestamp() if at.tzinfo else at.replace(tzinfo=UTC).timestamp()


def _at(epoch: float) -> datetime:
    return datetime.fromtimestamp(epoch, UTC)


def time_slices(
    database: Database,
    start: datetime | None,
    end: datetime | None,
    read: Callable[[Connection, datetime | None, datetime | None], Sequence[T]],
    *,
    span: tuple[datetime, datetime] | None = None,
    budget: float = BUDGET_SECONDS,
) -> list[T]:
    """``read(conn, lo, hi)`` over creation-date slices of [start, end): the first slice starts
    at ``start`` itself and the last ends at ``end`` itself, so the window's own bounds are
    compared exactly as unsliced. None: open on that side (``span`` then says where the rows
    lie, e.g. their oldest and newest creation dates)."""
    if span is None:
        if start is None or end is None:
            raise ValueError("an open window needs the span of its rows")
        span = (start, end)
    low, high = _epoch(span[0]), _epoch(span[1])
    if start is not None:
        low = _epoch(start)
    if end is not None:
        high = _epoch(end)
    if high <= low:
        # A window of nothing, or rows all at one instant: one slice, with the caller's bounds.
        with database.read() as conn:
            return list(read(conn, start, end))
    open_end = end is None
    if open_end:
        high = high + 1.0  # the newest row itself lies inside; the last slice is open anyway

    def one(conn: Connection, lo: float, hi: float) -> Sequence[T]:
        lo_at = start if lo == low else _at(lo)
        hi_at = end if hi == high else _at(hi)
        return read(conn, lo_at, hi_at)

    return read_in_slices(database, low, high, one, first=FIRST_TIME_SLICE, smallest=SMALLEST_TIME_SLICE, budget=budget)


def id_slices(
    database: Database,
    read: Callable[[Connection, int, int], Sequence[T]],
    *,
    budget: float = BUDGET_SECONDS,
    enough: Callable[[list[T]], bool] | None = None,
    column: Any = None,
    above: int | None = None,
    below: int | None = None,
    descending: bool = False,
) -> list[T]:
    """``read(conn, lo, hi)`` over id slices [lo, hi) of the whole attempts table, or of the
    table whose integer key ``column`` is (the webhook logs, the users); only ids > ``above``
    and < ``below`` when given; highest first with ``descending``."""
    key = column if column is not None else database.layout.attempt.id
    with database.read() as conn:
        low, high = conn.execute(select(select(func.min(key)).scalar_subquery(), select(func.max(key)).scalar_subquery())).one()
    if low is None:
        return []
    start, stop = float(low), float(high) + 1
    if above is not None:
        start = max(start, float(above) + 1)
    if below is not None:
        stop = min(stop, float(below))
    if stop <= start:
        return []

    def one(conn: Connection, lo: float, hi: float) -> Sequence[T]:
        return read(conn, int(lo), int(hi))

    return read_in_slices(
        database, start, stop, one, first=FIRST_ID_SLICE, smallest=SMALLEST_ID_SLICE, whole=True, budget=budget, enough=enough, descending=descending,
    )


@dataclass(frozen=True)
class Slicing:
    """How reads of the attempts are kept short on this database (None where they need not be)."""

    database: Database
    # Windows are cut into created_at slices read through this index (one leading with the
    # date); None: into id slices.
    created_index: str | None = None
    budget: float = BUDGET_SECONDS

    @property
    def by_time(self) -> bool:
        return self.created_index is not None

    @classmethod
    def for_database(cls, database: Database, *, windows: bool = False) -> Slicing | None:
        """None where a long read keeps no writer waiting: PostgreSQL, SQLite in WAL mode.
        ``windows``: the reads are of creation windows, so see whether they can be cut by date."""
        if not database.is_sqlite:
            return None
        with database.read() as conn:
            if journal_mode(conn) == "wal":
                return None
            created_index = leading_index(conn, database.layout.attempt_table, "created_at") if windows else None
            return cls(database, created_index, budget_setting())

    def bounded(self, run: Callable[[Connection], T]) -> T:
        return bounded(self.database, run, self.budget)

    def time_slices(self, start: datetime | None, end: datetime | None, read: Callable[[Connection, datetime | None, datetime | None], Sequence[T]]) -> list[T]:
        return time_slices(self.database, start, end, read, budget=self.budget)

    def id_slices(self, read: Callable[[Connection, int, int], Sequence[T]], enough: Callable[[list[T]], bool] | None = None, **where: Any) -> list[T]:
        """See id_slices(): ``where`` takes its column, above, below and descending."""
        return id_slices(self.database, read, budget=self.budget, enough=enough, **where)

    def whole_or_sliced(self, run: Callable[[Connection], T], by_id: Callable[[Connection, int, int], Sequence[Any]], **where: Any) -> T | list[Any]:
        """``run(conn)`` in one read if it fits the budget, else ``by_id`` over id slices (a
        list of their results, for the caller to combine)."""
        try:
            return self.bounded(run)
        except TooLong:
            return self.id_slices(by_id, **where)


def summed(rows: Sequence[Sequence[Any]], keys: int) -> list[tuple[Any, ...]]:
    """Rows of (key columns…, summed columns…) from several slices, added up per key."""
    out: dict[tuple[Any, ...], list[Any]] = {}
    for row in rows:
        key = tuple(row[:keys])
        cell = out.get(key)
        if cell is None:
            out[key] = list(row[keys:])
        else:
            for i, value in enumerate(row[keys:]):
                if value is not None:
                    cell[i] = value if cell[i] is None else cell[i] + value
    return [(*key, *values) for key, values in out.items()]


__all__ = [
    "BUDGET_SECONDS", "Slicing", "TooLong", "bounded", "date_range", "id_slices", "journal_mode", "leading_index", "range_only", "read_in_slices",
    "summed", "time_slices",
]
