"""The attempts list: keyset pages in any sort order, counts (estimated and exact), id batches.

Keyset (``WHERE (key, id) < (:last_key, :last_id)``) keeps page 5,000 as cheap as page 1; the
UI remembers each page's cursor instead of an OFFSET.
"""

from __future__ import annotations

import json
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Select, and_, func, or_, select, tuple_
from sqlalchemy.engine import Connection, Row
from sqlalchemy.sql.elements import ColumnElement

from waadmin.db import short_reads
from waadmin.db.database import Database
from waadmin.db.filtering import combined, recipient_name
from waadmin.db.layout import Layout
from waadmin.db.models import CustomUser
from waadmin.db.rows import AttemptRow
from waadmin.db.sizes import id_span
from waadmin.domain import anomalies
from waadmin.domain.clock import utcnow
from waadmin.domain.filters import AttemptFilter, Sort

ERROR_PREVIEW_CHARS = 200
DEFAULT_PAGE_SIZE = 200
# SQLite has no planner estimate; counting past this many rows is reported as "more than".
ESTIMATE_CAP = 10_000
# SQLite: how long the list's count line may count before it samples instead (a sample of
# SAMPLE_WINDOWS × SAMPLE_WINDOW_IDS rows takes ~50 ms whatever the table's size).
COUNT_BUDGET_SECONDS = 0.05
SAMPLE_WINDOWS = 8
SAMPLE_WINDOW_IDS = 1_250

# Columns Django declares NOT NULL: plain row-value keyset, which the indexes serve.
_NOT_NULL_KEYS = frozenset(
    {
        "id",
        "created_at",
        "phone_number",
        "source_app",
        "message_type",
        "category",
        "priority",
        "status",
        "attempt_count",
        "error_message",
        "error_code",
        "provider_message_id",
        "title",
    }
)


@dataclass(frozen=True)
class Cursor:
    """Where a page ended: the sort value and id of its last row."""

    value: Any
    id: int


@dataclass(frozen=True)
class Page:
    rows: list[AttemptRow]
    next_cursor: Cursor | None  # None: this was the last page


@dataclass(frozen=True)
class Count:
    value: int
    exact: bool
    at_least: bool = False  # the true count is this or more


def sort_expression(layout: Layout, key: str, has_users: bool) -> ColumnElement[Any]:
    a = layout.attempt
    if key == "recipient":
        return recipient_name(has_users) if has_users else a.phone_number
    if key == "source_app":
        return layout.source_app()
    if key == "error_message":
        return func.substr(a.error_message, 1, ERROR_PREVIEW_CHARS)
    return getattr(a, key)


def _columns(layout: Layout, has_users: bool) -> list[ColumnElement[Any]]:
    a = layout.attempt
    return [
        a.id,
        a.created_at,
        a.phone_number,
        recipient_name(has_users).label("recipient"),
        layout.source_app().label("source_app"),
        a.message_type,
        a.category,
        a.priority,
        a.status,
        a.attempt_count,
        a.max_attempts,
        a.next_retry_at,
        a.last_attempt_at,
        a.sent_at,
        a.error_code,
        func.substr(a.error_message, 1, ERROR_PREVIEW_CHARS).label("error_message"),
        a.provider_message_id,
        a.region_override,
        a.title,
    ]


def base_select(database: Database, columns: list[ColumnElement[Any]], flt: AttemptFilter, *, join_users: bool = False) -> Select[Any]:
    """The attempts matching flt; join_users adds the user table for the recipient column."""
    a = database.layout.attempt
    query = select(*columns).select_from(a)
    if join_users:
        query = query.outerjoin(CustomUser, CustomUser.id == a.user_id)
    return query.where(combined(database, flt))


def _keyset(expr: ColumnElement[Any], id_col: ColumnElement[int], cursor: Cursor, descending: bool, nullable: bool, backwards: bool = False) -> ColumnElement[bool]:
    """The rows after ``cursor`` in the list's order, or before it when reading ``backwards``."""
    smaller = descending != backwards  # the rows wanted have smaller keys

    def beyond(left: Any, right: Any) -> ColumnElement[bool]:
        return left < right if smaller else left > right

    if not nullable:
        return beyond(tuple_(expr, id_col), tuple_(cursor.value, cursor.id))
    # NULLs sort last in both directions: after every value, and so before none.
    if cursor.value is None:
        among_nulls = and_(expr.is_(None), beyond(id_col, cursor.id))
        return or_(expr.is_not(None), among_nulls) if backwards else among_nulls
    among_values = or_(beyond(expr, cursor.value), and_(expr == cursor.value, beyond(id_col, cursor.id)))
    return among_values if backwards else or_(among_values, expr.is_(None))


def _to_row(row: Row[Any], now: datetime) -> AttemptRow:
    m = row._mapping
    return AttemptRow(
        id=m["id"],
        created_at=m["created_at"],
        phone_number=m["phone_number"] or "",
        recipient=m["recipient"],
        source_app=m["source_app"],
        message_type=m["message_type"] or "",
        category=m["category"] or "",
        priority=m["priority"],
        status=m["status"] or "",
        attempt_count=m["attempt_count"] if m["attempt_count"] is not None else 0,
        max_attempts=m["max_attempts"] if m["max_attempts"] is not None else 0,
        next_retry_at=m["next_retry_at"],
        last_attempt_at=m["last_attempt_at"],
        sent_at=m["sent_at"],
        error_code=m["error_code"] or "",
        error_message=m["error_message"] or "",
        provider_message_id=m["provider_message_id"] or "",
        region_override=m["region_override"],
        title=m["title"] or "",
        anomalies=anomalies.find(
            status=m["status"],
            message_type=m["message_type"],
            attempt_count=m["attempt_count"],
            max_attempts=m["max_attempts"],
            phone_number=m["phone_number"],
            created_at=m["created_at"],
            now=now,
        ),
    )


def list_attempts(
    database: Database,
    flt: AttemptFilter = AttemptFilter(),
    sort: Sort = Sort(),
    after: Cursor | None = None,
    limit: int = DEFAULT_PAGE_SIZE,
    *,
    backwards: bool = False,
) -> Page:
    """A page of the list in ``sort`` order, after the row ``after`` points to (from the top
    without one). ``backwards`` reads the other way: the rows before ``after`` (the last rows
    without one), nearest first, and ``next_cursor`` points on upwards. It is the exact reverse
    of the forward order, NULLs and the id tie-break included, so pages read either way meet
    without a gap or a repeat."""
    layout = database.layout
    a = layout.attempt
    limit = max(1, min(int(limit), 5000))
    expr = sort_expression(layout, sort.key, database.has_users)
    nullable = sort.key not in _NOT_NULL_KEYS
    query = base_select(database, _columns(layout, database.has_users), flt, join_users=database.has_users)
    query = query.add_columns(expr.label("_sort_value"))
    if after is not None:
        query = query.where(_keyset(expr, a.id, after, sort.descending, nullable, backwards))
    descending = sort.descending != backwards
    if sort.key == "id":
        order = [a.id.desc() if descending else a.id.asc()]
    else:
        primary = expr.desc() if descending else expr.asc()
        nulls = expr.is_(None).desc() if backwards else expr.is_(None).asc()
        order = [nulls, primary] if nullable else [primary]
        order.append(a.id.desc() if descending else a.id.asc())
    query = query.order_by(*order).limit(limit + 1)
    slicing = short_reads.Slicing.for_database(database)
    if slicing is None:
        with database.read() as conn:
            fetched = conn.execute(query).all()
    else:
        try:
            fetched = slicing.bounded(lambda conn: conn.execute(query).all())
        except short_reads.TooLong:
            fetched = _page_in_slices(slicing, query, limit + 1)
    now = utcnow()
    more = len(fetched) > limit
    fetched = fetched[:limit]
    rows = [_to_row(r, now) for r in fetched]
    cursor = None
    if more and fetched:
        last = fetched[-1]._mapping
        cursor = Cursor(last["_sort_value"], last["id"])
    return Page(rows, cursor)


def count_before(database: Database, flt: AttemptFilter, sort: Sort, cursor: Cursor, *, cap: int = 1000) -> int:
    """How many rows come before ``cursor`` in ``sort`` order (up to ``cap``, then cap + 1):
    the new attempts above a list's first row as it was seen, counted without reading them."""
    layout = database.layout
    a = layout.attempt
    expr = sort_expression(layout, sort.key, database.has_users)
    nullable = sort.key not in _NOT_NULL_KEYS
    before = base_select(database, [a.id], flt, join_users=database.has_users and sort.key == "recipient")
    before = before.where(_keyset(expr, a.id, cursor, sort.descending, nullable, backwards=True)).limit(cap + 1).subquery()
    with database.read() as conn:
        return int(conn.execute(select(func.count()).select_from(before)).scalar_one())


def _page_in_slices(slicing: short_reads.Slicing, query: Select[Any], size: int) -> list[Row[Any]]:
    """The page ``query`` reads (ordered, ``size`` rows at most), from short reads: the best
    ``size`` ids of each id slice in the query's order, the ones kept so far ranked again with
    them by the same ORDER BY, and the page read by id at the end. Same rows, same order."""
    a = slicing.database.layout.attempt
    ids = query.with_only_columns(a.id)
    kept: list[int] = []

    def best(conn: Connection, lo: int, hi: int) -> list[int]:
        nonlocal kept
        found = list(conn.execute(short_reads.range_only(ids.where(a.id >= lo, a.id < hi), a)).scalars())
        if found and kept:
            found = list(conn.execute(ids.where(a.id.in_(kept + found))).scalars())
        if found:
            kept = found
        return []

    slicing.id_slices(best)
    if not kept:
        return []
    with slicing.database.read() as conn:
        return list(conn.execute(query.where(a.id.in_(kept))).all())


def count_attempts(database: Database, flt: AttemptFilter = AttemptFilter(), *, exact: bool = True) -> Count:
    a = database.layout.attempt
    slicing = short_reads.Slicing.for_database(database)
    if exact:
        query = base_select(database, [func.count()], flt)
        if slicing is not None:
            counts = slicing.whole_or_sliced(
                lambda conn: [conn.execute(query).scalar_one()],
                lambda conn, lo, hi: [conn.execute(short_reads.range_only(query.where(a.id >= lo, a.id < hi), a)).scalar_one()],
            )
            return Count(sum(int(n) for n in counts), exact=True)
        with database.read() as conn:
            return Count(int(conn.execute(query).scalar_one()), exact=True)
    if database.is_postgresql:
        inner = base_select(database, [a.id], flt)
        # IN lists are "expanding" parameters: render them before handing SQL to EXPLAIN.
        compiled = inner.compile(dialect=database.engine.dialect, compile_kwargs={"render_postcompile": True})
        with database.read() as conn:
            plan = conn.exec_driver_sql("EXPLAIN (FORMAT JSON) " + str(compiled), compiled.params).scalar_one()
        if isinstance(plan, str):
            plan = json.loads(plan)
        return Count(int(plan[0]["Plan"]["Plan Rows"]), exact=False)
    matching = base_select(database, [a.id], flt)
    capped = matching.limit(ESTIMATE_CAP + 1).subquery()
    try:
        # A capped count is exact up to the cap, but a filter matching a few percent of the rows
        # (a common search term the trigram index is not asked about) reads hundreds of
        # thousands of rows to reach it: 1.4-2.3 s at a million. Past its budget, a sample.
        value = short_reads.bounded(
            database, lambda conn: int(conn.execute(select(func.count()).select_from(capped)).scalar_one()), COUNT_BUDGET_SECONDS
        )
    except short_reads.TooLong:
        return sampled_estimate(database, matching)
    if value > ESTIMATE_CAP:
        if flt.is_empty():
            # The id range is an index lookup; Django never reuses ids, so gaps are deletions
            # only. Counted first up to the cap: after a cleanup the range said ≈ 4,951 for 4,188.
            with database.read() as conn:
                return Count(max(id_span(conn, database.layout), ESTIMATE_CAP), exact=False)
        return Count(ESTIMATE_CAP, exact=False, at_least=True)
    return Count(value, exact=True)


def sampled_estimate(database: Database, matching: Select[Any]) -> Count:
    """SQLite: the share of matching rows in SAMPLE_WINDOWS id ranges spread over the table
    (each a primary-key range, ~40 ms in all: one short read), times the table's id span.
    Rows are counted in equal windows from oldest to newest, so a filter on recent rows or a term
    that comes and goes is weighed as it is spread; the time it takes does not grow with the table."""
    a = database.layout.attempt
    with database.read() as conn:
        low = conn.execute(select(func.min(a.id))).scalar_one()
        span = id_span(conn, database.layout)
    if low is None or span == 0:
        return Count(0, exact=True)
    windows = max(1, min(SAMPLE_WINDOWS, span // SAMPLE_WINDOW_IDS))
    width = min(SAMPLE_WINDOW_IDS, span)
    step = span // windows
    found = sampled = 0
    with database.read() as conn:
        for n in range(windows):
            lo = int(low) + n * step + (step - width) // 2
            # By the rowid range only: without planner statistics SQLite may pick a status index
            # and read every failed attempt for each window (see short_reads.range_only).
            part = short_reads.range_only(matching.where(a.id >= lo, a.id < lo + width), a).subquery()
            found += int(conn.execute(select(func.count()).select_from(part)).scalar_one())
            sampled += width
    return Count(round(found * span / sampled), exact=False)


def iter_matching_ids(database: Database, flt: AttemptFilter, chunk: int = 500, *, extra: ColumnElement[bool] | None = None) -> Iterator[list[int]]:
    """Ids matching ``flt`` in ascending chunks, each from its own short transaction, so a long
    bulk action never holds a read snapshot open."""
    a = database.layout.attempt
    last = 0
    while True:
        query = base_select(database, [a.id], flt).where(a.id > last)
        if extra is not None:
            query = query.where(extra)
        query = query.order_by(a.id).limit(chunk)
        with database.read() as conn:
            ids = list(conn.execute(query).scalars())
        if not ids:
            return
        yield ids
        last = ids[-1]


def distinct_values(database: Database, column: str, limit: int = 200) -> list[str]:
    """Values present in a column, for filter menus (source apps, categories, types)."""
    layout = database.layout
    expr = layout.source_app() if column == "source_app" else getattr(layout.attempt, column)
    if column == "source_app" and not layout.has_source_app:
        return []
    query = select(expr).where(expr.is_not(None)).group_by(expr).order_by(expr).limit(limit)
    slicing = short_reads.Slicing.for_database(database)
    if slicing is None:
        with database.read() as conn:
            return [str(v) for v in conn.execute(query).scalars()]
    a = layout.attempt
    with database.read() as conn:
        indexed = short_reads.has_leading_index(conn, layout.attempt_table, column)
    if indexed:
        # One index seek per value, the next one above the last (what a loose index scan does):
        # a few ms for hundreds of values, where reading the index whole takes ~60 ms a million.
        def hops(conn: Connection) -> list[str]:
            values: list[str] = []
            while len(values) < limit:
                above = select(func.min(expr)).where(expr > values[-1]) if values else select(func.min(expr))
                value = conn.execute(above).scalar_one()
                if value is None:
                    return values
                values.append(value)
            return values

        return [str(v) for v in slicing.bounded(hops)]
    # A column no index leads with is a whole-table read: past the budget, the first values of
    # each id slice, then the first of them all (SQLite orders them as Python does: by bytes).
    found = slicing.whole_or_sliced(
        lambda conn: list(conn.execute(query).scalars()),
        lambda conn, lo, hi: list(conn.execute(short_reads.range_only(query.where(a.id >= lo, a.id < hi), a)).scalars()),
    )
    return [str(v) for v in sorted(set(found))[:limit]]


def fetch_rows(database: Database, ids: list[int]) -> dict[int, AttemptRow]:
    """The current state of these rows (for refreshing what is on screen in place)."""
    if not ids:
        return {}
    a = database.layout.attempt
    query = base_select(database, _columns(database.layout, database.has_users), AttemptFilter(), join_users=database.has_users)
    query = query.add_columns(a.id.label("_sort_value")).where(a.id.in_(ids))
    with database.read() as conn:
        fetched = conn.execute(query).all()
    now = utcnow()
    return {row._mapping["id"]: _to_row(row, now) for row in fetched}


def message_bodies(database: Database, ids: list[int]) -> dict[int, tuple[str, str]]:
    """(message_type, message_content) per id, for exports."""
    if not ids:
        return {}
    a = database.layout.attempt
    with database.read() as conn:
        rows = conn.execute(select(a.id, a.message_type, a.message_content).where(a.id.in_(ids))).all()
    return {r[0]: (r[1] or "", r[2] or "") for r in rows}


def iter_pages(
    database: Database, flt: AttemptFilter, sort: Sort, page_size: int = 1000, *, stopped: Callable[[], bool] = lambda: False
) -> Iterator[list[AttemptRow]]:
    """Every attempt ``flt`` matches, in the list's order, a page at a time (exports): keyset
    pages, or on an SQLite file in rollback-journal mode the order worked out aside (below).
    ``stopped()``: end early (a cancel)."""
    slicing = short_reads.Slicing.for_database(database)
    if slicing is not None:
        yield from _pages_sorted_aside(slicing, flt, sort, page_size, stopped)
        return
    cursor: Cursor | None = None
    while True:
        page = list_attempts(database, flt, sort, after=cursor, limit=page_size)
        yield page.rows
        if page.next_cursor is None or stopped():
            return
        cursor = page.next_cursor


def _sortable(value: Any) -> Any:
    # Django's SQLite file keeps times as text that sorts as ISO text does.
    return value.isoformat(sep=" ") if isinstance(value, datetime) else value


def _pages_sorted_aside(
    slicing: short_reads.Slicing, flt: AttemptFilter, sort: Sort, page_size: int, stopped: Callable[[], bool]
) -> Iterator[list[AttemptRow]]:
    """The pages of an export without one long read of the Django file. A keyset page in an
    order no index serves reads the whole table (one sort per page): sliced, each page was a
    pass over the table in slices, and an export of 30,000 rows took minutes. Instead the sort
    key and id of every match are read once, in short id slices, into a scratch SQLite file of
    waadmin's own (memory stays bounded at any size), sorted there by the list's own rules
    (NULLs last, ties by id), and the rows are then read by id a page at a time."""
    database = slicing.database
    layout = database.layout
    a = layout.attempt
    expr = sort_expression(layout, sort.key, database.has_users)
    keys = base_select(database, [a.id, expr.label("_sort_value")], flt, join_users=database.has_users and sort.key == "recipient")
    with tempfile.TemporaryDirectory(prefix="waadmin-export-") as folder, closing(sqlite3.connect(Path(folder) / "order.sqlite3")) as scratch:
        scratch.execute("PRAGMA journal_mode = OFF")
        scratch.execute("CREATE TABLE k (missing INTEGER, v, id INTEGER)")

        def collect(conn: Connection, lo: int, hi: int) -> list[Row[Any]]:
            return list(conn.execute(short_reads.range_only(keys.where(a.id >= lo, a.id < hi), a)).all())

        def set_aside(found: list[Row[Any]]) -> bool:
            # Called between slices, once the Django file's transaction is over: the scratch
            # file's writes never lengthen it, and the slices' rows never pile up in memory.
            scratch.executemany("INSERT INTO k VALUES (?, ?, ?)", ((value is None, _sortable(value), id_) for id_, value in found))
            found.clear()
            return stopped()

        slicing.id_slices(collect, enough=set_aside)
        if stopped():
            return
        way = "DESC" if sort.descending else "ASC"
        order = f"id {way}" if sort.key == "id" else f"missing, v {way}, id {way}"
        ordered = scratch.execute(f"SELECT id FROM k ORDER BY {order}")
        while ids := [row[0] for row in ordered.fetchmany(page_size)]:
            found = fetch_rows(database, ids)
            yield [found[i] for i in ids if i in found]  # a row deleted meanwhile is left out
            if stopped():
                return
