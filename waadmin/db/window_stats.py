"""Counts and delay histograms for a creation window, from the stats summary where it can serve
and from the attempts themselves elsewhere.

A window rarely starts and ends on whole hours: the whole hours (whole UTC days for the wide
breakdown table) come from the summary and its unfolded log, the minutes at either edge from the
attempts, all in one UNION ALL per figure. Without the summary, for filters it does not key on,
or for a display zone off whole hours, the same queries read the attempts for the whole window.
On an SQLite file outside WAL mode a direct read that goes past its budget (80 ms) is read again in
short slices (waadmin.db.short_reads), so the Django app's saves never wait long for the dashboard.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import column, func, literal, literal_column, select, table, union_all
from sqlalchemy.engine import Connection
from sqlalchemy.sql import Select, Subquery
from sqlalchemy.sql.elements import ColumnElement

from waadmin.db import short_reads, summary
from waadmin.db.database import Database
from waadmin.db.filtering import combined
from waadmin.domain.delays import Histogram
from waadmin.domain.filters import AttemptFilter

_SUMMARY_SCOPE = frozenset({"message_types", "source_apps"})
HOUR = 3600
DAY = 86400


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
class Marginal:
    """The attempts of one status with one value of one dimension (summary.MARGINAL_DIMENSIONS):
    what each of the dashboard's breakdowns adds up."""

    dimension: str
    value: str | None  # None: no source app or no region (the other dimensions keep "")
    status: str
    count: int


_NONE_WHEN_EMPTY = frozenset({"source_app", "region"})


def _marginal(dimension: str, value: Any, status: Any, count: int) -> Marginal:
    shown = (value or None) if dimension in _NONE_WHEN_EMPTY else (value or "")
    return Marginal(dimension, shown, status or "", count)


def marginals_of(rows: list[GroupRow]) -> list[Marginal]:
    """Each dimension's counts, from counts of every combination."""
    totals: dict[tuple[str, Any, str], int] = {}
    for row in rows:
        for dimension in summary.MARGINAL_DIMENSIONS:
            key = (dimension, getattr(row, dimension), row.status)
            totals[key] = totals.get(key, 0) + row.count
    return [_marginal(d, v, s, n) for (d, v, s), n in totals.items() if n]


_MARGINAL_COLUMNS = ("ts", "dim", "value", "status", "n")


def _joint_total(sub: Subquery) -> Select[Any]:
    keys = [sub.c[d] for d in summary.DIMENSIONS]
    return select(*keys, func.sum(sub.c.n)).group_by(*keys)


def _empty_except(flt: AttemptFilter, allowed: frozenset[str]) -> bool:
    return all(not getattr(flt, name) or name in allowed for name in flt.__dataclass_fields__)


def _epoch(at: datetime) -> int:
    return int(at.astimezone(UTC).timestamp())


def _utc(epoch: int) -> datetime:
    return datetime.fromtimestamp(epoch, UTC)


@dataclass
class Reader:
    """One stats computation's view of a database: whether the summary serves it is decided once."""

    database: Database
    scope: AttemptFilter
    offset: int = 0  # display zone's offset in seconds; buckets start at local hours or days
    use_summary: bool = False
    slicing: short_reads.Slicing | None = None  # SQLite outside WAL mode: reads kept short
    marginals: bool = False  # the summary has its breakdowns per dimension (installs since they came)
    _long_from: float | None = field(default=None, repr=False)  # direct windows this wide go long

    @classmethod
    def open(cls, database: Database, scope: AttemptFilter, offset: int = 0) -> Reader:
        usable = (
            _empty_except(scope, _SUMMARY_SCOPE)
            and offset % HOUR == 0
            and not (scope.source_apps and not database.layout.has_source_app)
            and summary.serves(database)
        )
        marginals = False
        if usable:
            if database.embedded and not database.read_only:
                _add_missing_rollups(database)  # waadmin's own file: brought up to date unasked
            summary.fold(database)
            with database.read() as conn:
                present = {r.suffix for r in summary.present_rollups(conn, database.layout)}
            marginals = {summary.DAILY_MARGINALS, summary.HOURLY_MARGINALS} <= present
        return cls(database, scope, offset, usable, short_reads.Slicing.for_database(database, windows=True), marginals)

    # -- the figures --------------------------------------------------------------------------
    def series(self, start: datetime, end: datetime, unit: str | None) -> dict[datetime | None, dict[str, tuple[int, int]]]:
        """{bucket start (None without unit): {status: (attempts rows, sum of attempt_count)}}."""
        columns = ("ts", "status", "n", "attempts")
        bucket = self._bucket(unit)

        def total(sub: Subquery) -> Select[Any]:
            return select(bucket, sub.c.status, func.sum(sub.c.n), func.sum(sub.c.attempts)).group_by(*self._grouping(unit, bucket), sub.c.status)

        out: dict[datetime | None, dict[str, tuple[int, int]]] = {}
        for b, status, n, attempts in self._figure(start, end, HOUR, "hts" if self._scoped else "hs", columns, total, keys=2):
            if n:
                out.setdefault(self._key(b, unit), {})[status or ""] = (int(n), int(attempts or 0))
        return out

    def counts(self, start: datetime, end: datetime) -> dict[str, int]:
        cells = self.series(start, end, None).get(None, {})
        return {status: n for status, (n, _) in cells.items()}

    def groups(self, start: datetime, end: datetime) -> list[Marginal]:
        """Each breakdown's counts: per dimension, value and status."""
        if self.marginals_serve(start, end):
            return self._marginal_groups(start, end)
        return marginals_of(self._joint_groups(start, end))

    def marginals_serve(self, start: datetime, end: datetime) -> bool:
        """Whether groups() reads the summary's breakdowns per dimension: there, for a window
        they key on (no scope: they do not keep type and app together), and in step with the
        rest of the summary (an older waadmin folding the log would leave them behind)."""
        return self.use_summary and self.marginals and not self._scoped and self.marginals_agree(start, end)

    def groups_read_directly(self, start: datetime, end: datetime) -> list[tuple[datetime, datetime]]:
        """The parts of a window whose breakdowns groups() reads from the attempts themselves."""
        if self.marginals_serve(start, end):
            return self._plan(start, end, DAY, summary.DAILY_MARGINALS, _MARGINAL_COLUMNS, False, summary.HOURLY_MARGINALS)[1]
        return self._plan(start, end, DAY, "dw", ("ts",), False)[1]

    def _joint_groups(self, start: datetime, end: datetime) -> list[GroupRow]:
        dims = summary.DIMENSIONS
        rows = []
        for status, kind, app, category, region, error, n in self._figure(start, end, DAY, "dw", ("ts", *dims, "n"), _joint_total, keys=len(dims)):
            if n:
                rows.append(GroupRow(kind or "", app or None, category or "", region or None, status or "", error or "", int(n)))
        return rows

    def _marginal_groups(self, start: datetime, end: datetime) -> list[Marginal]:
        """Whole days from the daily breakdowns, the whole hours of the partial days at the edges
        from the hourly ones (with the log not folded yet), the minutes left from the attempts."""
        parts, direct = self._plan(start, end, DAY, summary.DAILY_MARGINALS, _MARGINAL_COLUMNS, False, summary.HOURLY_MARGINALS)

        def total(sub: Subquery) -> Select[Any]:
            return select(sub.c.dim, sub.c.value, sub.c.status, func.sum(sub.c.n)).group_by(sub.c.dim, sub.c.value, sub.c.status)

        totals: dict[tuple[str, Any, str], int] = {}
        if parts:
            for dim, value, status, n in self._rows(total(union_all(*parts).subquery())):
                key = (str(dim), value or "", status or "")
                totals[key] = totals.get(key, 0) + int(n or 0)
        joint_columns = ("ts", *summary.DIMENSIONS, "n")
        for lo, hi in direct:
            if self.slicing is not None:
                rows = short_reads.summed(self._direct(lo, hi, joint_columns, False, _joint_total), len(summary.DIMENSIONS))
            else:
                rows = self._rows(_joint_total(self._attempts(lo, hi, joint_columns, False).subquery()))
            for status, *values, n in rows:
                for dim, value in zip(summary.MARGINAL_DIMENSIONS, values, strict=True):
                    key = (dim, value or "", status or "")
                    totals[key] = totals.get(key, 0) + int(n or 0)
        return [_marginal(d, v, s, n) for (d, v, s), n in totals.items() if n]

    def marginals_agree(self, start: datetime, end: datetime) -> bool:
        """Whether the breakdowns per dimension are in step with the counts per hour and status
        that every waadmin folds, on every day the window touches, and the hourly ones with the
        daily ones on the days at its edges (one statement: one snapshot, whatever folds)."""
        layout = self.database.layout
        first, last = _epoch(start) // DAY, (_epoch(end) - 1) // DAY + 1  # days [first, last)
        hs, dm, hm = (summary.quoted(summary.rollup_table(layout, r)) for r in ("hs", summary.DAILY_MARGINALS, summary.HOURLY_MARGINALS))
        edges = sorted({first, last - 1})
        in_edges = ", ".join(str(d) for d in edges)
        edge_hours = " OR ".join(f"(hour >= {d * 24} AND hour < {d * 24 + 24})" for d in edges)
        sql = (
            "SELECT 1 FROM ("
            f"SELECT 'd' AS side, hour / 24 AS day, status, n FROM {hs} WHERE hour >= {first * 24} AND hour < {last * 24} "
            f"UNION ALL SELECT 'd', day, status, -n FROM {dm} WHERE dim = 'message_type' AND day >= {first} AND day < {last} "
            f"UNION ALL SELECT 'h', hour / 24, status, n FROM {hm} WHERE dim = 'message_type' AND ({edge_hours}) "
            f"UNION ALL SELECT 'h', day, status, -n FROM {dm} WHERE dim = 'message_type' AND day IN ({in_edges})"
            ") AS sides GROUP BY side, day, status HAVING sum(n) <> 0 LIMIT 1"
        )
        with self.database.read() as conn:
            return conn.exec_driver_sql(sql).first() is None

    def delays(self, start: datetime, end: datetime, unit: str | None) -> dict[datetime | None, Histogram]:
        bucket = self._bucket(unit)

        def total(sub: Subquery) -> Select[Any]:
            return select(bucket, sub.c.bin, func.sum(sub.c.n), func.sum(sub.c.delay_sum)).group_by(*self._grouping(unit, bucket), sub.c.bin)

        columns = ("ts", "bin", "n", "delay_sum")
        out: dict[datetime | None, Histogram] = {}
        for b, bin_, n, total_ms in self._figure(start, end, HOUR, "htd" if self._scoped else "hd", columns, total, keys=2, delays=True):
            if n:
                out.setdefault(self._key(b, unit), Histogram()).add(int(bin_), int(n), int(total_ms or 0))
        return out

    # -- reading a figure whole, or in short slices -------------------------------------------
    def _figure(
        self,
        start: datetime,
        end: datetime,
        step: int,
        rollup: str,
        columns: Sequence[str],
        total: Callable[[Subquery], Select[Any]],
        *,
        keys: int,
        delays: bool = False,
    ) -> list[Any]:
        """``total`` (sums per key) over the summary's parts and the attempts read directly.
        Where reads must stay short, the summary's parts are one read and each direct window
        another, tried whole and, past the budget, read again in slices; the partial sums are
        then added per key, which gives exactly the sums of one read."""
        parts, direct = self._plan(start, end, step, rollup, columns, delays)
        if self.slicing is None:
            selects = parts + [self._attempts(lo, hi, columns, delays) for lo, hi in direct]
            return self._rows(total(union_all(*selects).subquery()))
        rows: list[Any] = self._rows(total(union_all(*parts).subquery())) if parts else []
        for lo, hi in direct:
            rows += self._direct(lo, hi, columns, delays, total)
        return short_reads.summed(rows, keys)

    def _direct(self, start: datetime, end: datetime, columns: Sequence[str], delays: bool, total: Callable[[Subquery], Select[Any]]) -> list[Any]:
        assert self.slicing is not None
        span = (end - start).total_seconds()
        if self._long_from is None or span < self._long_from:
            whole = total(self._attempts(start, end, columns, delays).subquery())
            try:
                return self.slicing.bounded(lambda conn: list(conn.execute(whole).all()))
            except short_reads.TooLong:
                self._long_from = span  # this computation's windows this wide are read in slices
        table = self.database.layout.attempt.__table__
        index = self.slicing.created_index
        if index is not None:
            def by_time(conn: Connection, lo: datetime | None, hi: datetime | None) -> list[Any]:
                within = short_reads.date_range(self._attempts(lo or start, hi or end, columns, delays), table, index)
                return list(conn.execute(total(within.subquery())).all())

            return self.slicing.time_slices(start, end, by_time)

        def by_id(conn: Connection, lo: int, hi: int) -> list[Any]:
            within = short_reads.range_only(self._attempts(start, end, columns, delays, (lo, hi)), table)
            return list(conn.execute(total(within.subquery())).all())

        return self.slicing.id_slices(by_id)

    # -- building the UNION ALL ---------------------------------------------------------------
    @property
    def _scoped(self) -> bool:
        return bool(self.scope.message_types or self.scope.source_apps)

    def _plan(
        self, start: datetime, end: datetime, step: int, rollup: str, columns: Sequence[str], delays: bool, finer: str | None = None
    ) -> tuple[list[Select[Any]], list[tuple[datetime, datetime]]]:
        """The summary's parts of the window, and the windows to read from the attempts.
        ``finer``: a rollup per hour that serves the whole hours of the edges a daily one leaves."""
        if not self.use_summary:
            return [], [(start, end)]
        lo, hi = _epoch(start), _epoch(end)
        first, last = -(-lo // step), hi // step  # whole steps [first, last) inside the window
        if first >= last:
            edges = [(start, end)]
            parts: list[Select[Any]] = []
        else:
            parts = [self._summary(rollup, first, last, step, columns), self._log(first, last, step, columns, delays)]
            edges = [(start, _utc(first * step))] if lo < first * step else []
            edges += [(_utc(last * step), end)] if last * step < hi else []
        if finer is None:
            return parts, edges
        direct: list[tuple[datetime, datetime]] = []
        for edge_start, edge_end in edges:
            more, rest = self._plan(edge_start, edge_end, HOUR, finer, columns, delays)
            parts += more
            direct += rest
        return parts, direct

    def _attempts(self, start: datetime, end: datetime, columns: Sequence[str], delays: bool, ids: tuple[int, int] | None = None) -> Select[Any]:
        """The window's attempts as summary-like rows; ``ids``: only those in [lo, hi) (the
        caller says to read them by the id range alone: short_reads.range_only)."""
        database = self.database
        layout = database.layout
        dialect = "postgresql" if database.is_postgresql else "sqlite"
        ref = f'"{layout.attempt_table}"'
        c = summary.contribution_sql(layout, dialect, ref)
        exprs = {
            "ts": summary.epoch_seconds_sql(dialect, ref),
            "n": "1",
            "bin": summary.delay_bin_sql(c["delay_ms"]),
            "delay_sum": c["delay_ms"],
            **{d: c[d] for d in summary.DIMENSIONS},
            "attempts": c["attempts"],
        }
        query = select(*(literal_column(exprs[name]).label(name) for name in columns)).select_from(layout.attempt.__table__)
        query = query.where(combined(self.database, self.scope.with_(created_from=start, created_to=end)))
        if ids is not None:
            query = query.where(layout.attempt.id >= ids[0], layout.attempt.id < ids[1])
        if delays:
            query = query.where(literal_column(c["delay_ms"]).is_not(None))
        return query

    def _summary(self, rollup: str, first: int, last: int, step: int, columns: Sequence[str]) -> Select[Any]:
        layout = self.database.layout
        spec = next(r for r in summary.ROLLUPS if r.suffix == rollup)
        t = table(summary.rollup_table(layout, rollup), *(column(k) for k in spec.keys + spec.measures))
        unit_key = "hour" if step == HOUR else "day"
        exprs: dict[str, ColumnElement[Any]] = {"ts": t.c[unit_key] * step}
        exprs |= {name: t.c[name] for name in columns if name != "ts"}
        query = select(*(exprs[name].label(name) for name in columns)).where(t.c[unit_key] >= first, t.c[unit_key] < last)
        return self._scope_on(query, t)

    def _log(self, first: int, last: int, step: int, columns: Sequence[str], delays: bool) -> Select[Any]:
        layout = self.database.layout
        names = ("hour", *summary.DIMENSIONS, "n", "attempts", "delay_ms")
        t = table(summary.log_table(layout), *(column(n) for n in names))
        if "dim" in columns:  # the breakdowns per dimension: each log row once per dimension
            lo, hi = (first, last) if step == HOUR else (first * 24, last * 24)
            each = [
                select((t.c.hour * HOUR).label("ts"), literal(d).label("dim"), t.c[d].label("value"), t.c.status.label("status"), t.c.n.label("n")).where(
                    t.c.hour >= lo, t.c.hour < hi
                )
                for d in summary.MARGINAL_DIMENSIONS
            ]
            sub = union_all(*each).subquery()
            return select(*(sub.c[name] for name in columns))
        exprs: dict[str, ColumnElement[Any]] = {
            "ts": t.c.hour * HOUR,
            "bin": literal_column(summary.delay_bin_sql(f"{t.name}.delay_ms")),
            "delay_sum": t.c.n * t.c.delay_ms,
        }
        exprs |= {name: t.c[name] for name in columns if name not in exprs}
        lo, hi = (first, last) if step == HOUR else (first * 24, last * 24)  # the log is kept per hour
        query = select(*(exprs[name].label(name) for name in columns)).where(t.c.hour >= lo, t.c.hour < hi)
        if delays:
            query = query.where(t.c.delay_ms.is_not(None))
        return self._scope_on(query, t)

    def _scope_on(self, query: Select[Any], t: Any) -> Select[Any]:
        if self.scope.message_types:
            query = query.where(t.c.message_type.in_(sorted(self.scope.message_types)))
        if self.scope.source_apps:
            query = query.where(t.c.source_app.in_(sorted(self.scope.source_apps)))
        return query

    # -- buckets ------------------------------------------------------------------------------
    def _bucket(self, unit: str | None) -> ColumnElement[Any]:
        if unit is None:
            return literal_column("0").label("bucket")
        width = HOUR if unit == "hour" else DAY
        off = int(self.offset)
        return literal_column(f"((ts + {off}) / {width}) * {width} - {off}").label("bucket")

    @staticmethod
    def _grouping(unit: str | None, bucket: ColumnElement[Any]) -> list[ColumnElement[Any]]:
        return [] if unit is None else [bucket]

    def _key(self, bucket: Any, unit: str | None) -> datetime | None:
        return None if unit is None else _utc(int(bucket))

    def _rows(self, query: Select[Any]) -> list[Any]:
        with self.database.read() as conn:
            return list(conn.execute(query).all())


def _add_missing_rollups(database: Database) -> None:
    with database.read() as conn:
        missing = summary.missing_rollups(conn, database.layout)
    if missing:
        with database.write("add the stats summary's newer tables") as conn:
            summary.add_rollups(conn, database.layout)


def floor_bucket(at: datetime, unit: str, offset: int) -> datetime:
    """The start of the display-zone hour or day holding `at`, in UTC."""
    width = HOUR if unit == "hour" else DAY
    return _utc((_epoch(at) + offset) // width * width - offset)


def bucket_step(unit: str) -> timedelta:
    return timedelta(hours=1) if unit == "hour" else timedelta(days=1)
