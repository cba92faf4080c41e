"""Counts and delay histograms for a creation window, from the stats summary where it can serve
and from the attempts themselves elsewhere.

A window rarely starts and ends on whole hours: the whole hours (whole UTC days for the wide
breakdown table) come from the summary and its unfolded log, the minutes at either edge from the
attempts, all in one UNION ALL per figure. Without the summary, for filters it does not key on,
or for a display zone off whole hours, the same queries read the attempts for the whole window.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import column, func, literal_column, select, table, union_all
from sqlalchemy.sql import Select
from sqlalchemy.sql.elements import ColumnElement

from waadmin.db import summary
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

    @classmethod
    def open(cls, database: Database, scope: AttemptFilter, offset: int = 0) -> Reader:
        usable = (
            _empty_except(scope, _SUMMARY_SCOPE)
            and offset % HOUR == 0
            and not (scope.source_apps and not database.layout.has_source_app)
            and summary.serves(database)
        )
        if usable:
            summary.fold(database)
        return cls(database, scope, offset, usable)

    # -- the figures --------------------------------------------------------------------------
    def series(self, start: datetime, end: datetime, unit: str | None) -> dict[datetime | None, dict[str, tuple[int, int]]]:
        """{bucket start (None without unit): {status: (attempts rows, sum of attempt_count)}}."""
        columns = ("ts", "status", "n", "attempts")
        parts = self._parts(start, end, HOUR, "hts" if self._scoped else "hs", columns)
        sub = union_all(*parts).subquery()
        bucket = self._bucket(unit)
        query = select(bucket, sub.c.status, func.sum(sub.c.n), func.sum(sub.c.attempts)).group_by(*self._grouping(unit, bucket), sub.c.status)
        out: dict[datetime | None, dict[str, tuple[int, int]]] = {}
        for b, status, n, attempts in self._rows(query):
            if n:
                out.setdefault(self._key(b, unit), {})[status or ""] = (int(n), int(attempts or 0))
        return out

    def counts(self, start: datetime, end: datetime) -> dict[str, int]:
        cells = self.series(start, end, None).get(None, {})
        return {status: n for status, (n, _) in cells.items()}

    def groups(self, start: datetime, end: datetime) -> list[GroupRow]:
        dims = summary.DIMENSIONS
        parts = self._parts(start, end, DAY, "dw", ("ts", *dims, "n"))
        sub = union_all(*parts).subquery()
        keys = [sub.c[d] for d in dims]
        query = select(*keys, func.sum(sub.c.n)).group_by(*keys)
        rows = []
        for status, kind, app, category, region, error, n in self._rows(query):
            if n:
                rows.append(GroupRow(kind or "", app or None, category or "", region or None, status or "", error or "", int(n)))
        return rows

    def delays(self, start: datetime, end: datetime, unit: str | None) -> dict[datetime | None, Histogram]:
        parts = self._parts(start, end, HOUR, "htd" if self._scoped else "hd", ("ts", "bin", "n", "delay_sum"), delays=True)
        sub = union_all(*parts).subquery()
        bucket = self._bucket(unit)
        query = select(bucket, sub.c.bin, func.sum(sub.c.n), func.sum(sub.c.delay_sum)).group_by(*self._grouping(unit, bucket), sub.c.bin)
        out: dict[datetime | None, Histogram] = {}
        for b, bin_, n, total in self._rows(query):
            if n:
                out.setdefault(self._key(b, unit), Histogram()).add(int(bin_), int(n), int(total or 0))
        return out

    # -- building the UNION ALL ---------------------------------------------------------------
    @property
    def _scoped(self) -> bool:
        return bool(self.scope.message_types or self.scope.source_apps)

    def _parts(self, start: datetime, end: datetime, step: int, rollup: str, columns: Sequence[str], delays: bool = False) -> list[Select[Any]]:
        lo, hi = _epoch(start), _epoch(end)
        first, last = -(-lo // step), hi // step  # whole steps [first, last) inside the window
        if not self.use_summary or first >= last:
            return [self._attempts(start, end, columns, delays)]
        parts = [self._summary(rollup, first, last, step, columns), self._log(first, last, step, columns, delays)]
        if lo < first * step:
            parts.append(self._attempts(start, _utc(first * step), columns, delays))
        if last * step < hi:
            parts.append(self._attempts(_utc(last * step), end, columns, delays))
        return parts

    def _attempts(self, start: datetime, end: datetime, columns: Sequence[str], delays: bool) -> Select[Any]:
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


def floor_bucket(at: datetime, unit: str, offset: int) -> datetime:
    """The start of the display-zone hour or day holding `at`, in UTC."""
    width = HOUR if unit == "hour" else DAY
    return _utc((_epoch(at) + offset) // width * width - offset)


def bucket_step(unit: str) -> timedelta:
    return timedelta(hours=1) if unit == "hour" else timedelta(days=1)
