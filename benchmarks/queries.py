"""The list, search and dashboard queries at a million attempts, against the issue's targets.

    python -m benchmarks.queries --sqlite /tmp/attempts-1m.sqlite3 [--build 1000000]
    python -m benchmarks.queries --pg-temp --build 1000000      # throwaway server
    python -m benchmarks.queries --pg-url postgresql+psycopg://…/db
"""

from __future__ import annotations

import argparse
import contextlib
import time
from datetime import timedelta
from pathlib import Path

from sqlalchemy import func, select

from benchmarks import dataset, report
from benchmarks.servers import temporary_postgresql
from waadmin.db import listing, search_index
from waadmin.db.database import Database, open_database
from waadmin.domain.filters import AttemptFilter, Sort
from waadmin.domain.statuses import Status
from waadmin.engine.stats import compute_stats

NEWEST_FIRST = Sort("created_at", descending=True)


def _offset_page(database: Database, offset: int, limit: int = listing.DEFAULT_PAGE_SIZE) -> list[object]:
    """The list's own query, paged the naive way, for the keyset comparison."""
    a = database.layout.attempt
    columns = listing._columns(database.layout, database.has_users)
    query = listing.base_select(database, columns, AttemptFilter(), join_users=database.has_users)
    query = query.order_by(a.created_at.desc(), a.id.desc()).offset(offset).limit(limit)
    with database.read() as conn:
        return list(conn.execute(query).all())


def _cursor_at(database: Database, offset: int) -> listing.Cursor:
    a = database.layout.attempt
    query = select(a.created_at, a.id).order_by(a.created_at.desc(), a.id.desc()).offset(offset - 1).limit(1)
    with database.read() as conn:
        created, ident = conn.execute(query).one()
    return listing.Cursor(created, ident)


def _search_terms(database: Database) -> list[tuple[str, str]]:
    """Phone searches as staff type them: a whole number, its last digits, the number with
    spaces, a country prefix that matches half the table, and a number nobody has."""
    a = database.layout.attempt
    with database.read() as conn:
        phone = conn.execute(select(a.phone_number).where(a.id == 12_345)).scalar_one_or_none() or "+22376123456"
    spaced = " ".join(phone[i : i + 2] for i in range(0, len(phone), 2))
    return [
        ("a whole phone", phone),
        ("its last 6 digits", phone[-6:]),
        ("written with spaces", spaced),
        ("a common prefix", "+8613"),
        ("no match", "+22370000"),
        ("an error text", "timeout"),
    ]


def _machine_baseline() -> float:
    """A fixed piece of Python work, best of five like the
    queries: on a machine shared with other work, the figures below are to be read against it."""

    def spin() -> int:
        total = 0
        for i in range(200_000):
            total += i & 7
        return total

    return report.best_ms(spin)


def run(database: Database) -> list[str]:
    lines: list[str] = [report.line("baseline: fixed Python work (a 200,000-step loop)", _machine_baseline(), "ms", "", True)]
    with database.read() as conn:
        total = int(conn.execute(select(func.count()).select_from(database.layout.attempt)).scalar_one())
    print(f"{database.describe()}: {total:,} attempts")

    for label, statuses in (("sent", {Status.SENT}), ("failed_retry", {Status.FAILED_RETRY}), ("failed_retry+failed_final", {Status.FAILED_RETRY, Status.FAILED_FINAL})):
        flt = AttemptFilter(statuses=frozenset(statuses))
        first_ms = report.best_ms(lambda flt=flt: listing.list_attempts(database, flt, NEWEST_FIRST))
        lines.append(report.line(f"first page, status {label}, newest first", first_ms, "ms", "<= 50 ms", first_ms <= 50))
        cursor = listing.list_attempts(database, flt, NEWEST_FIRST).next_cursor
        if cursor is not None:
            next_ms = report.best_ms(lambda flt=flt, cursor=cursor: listing.list_attempts(database, flt, NEWEST_FIRST, after=cursor))
            lines.append(report.line(f"next page, status {label}", next_ms, "ms", "<= 20 ms", next_ms <= 20))

    deep = min(900_000, max(total - listing.DEFAULT_PAGE_SIZE, 1))
    cursor = _cursor_at(database, deep)
    keyset_ms = report.best_ms(lambda: listing.list_attempts(database, AttemptFilter(), NEWEST_FIRST, after=cursor))
    offset_ms = report.best_ms(lambda: _offset_page(database, deep), repeat=2)
    lines.append(report.line(f"page {deep:,} deep: keyset", keyset_ms, "ms", "", True))
    lines.append(report.line(f"page {deep:,} deep: OFFSET", offset_ms, "ms", "", True))
    lines.append(report.line("keyset speed-up over OFFSET", offset_ms / max(keyset_ms, 1e-6), "x", ">= 20x", offset_ms >= 20 * keyset_ms))

    print(f"  text-search index: {search_index.state(database).value}")
    for label, term in _search_terms(database):
        flt = AttemptFilter(search=term)
        search_ms = report.best_ms(lambda flt=flt: listing.list_attempts(database, flt, NEWEST_FIRST), repeat=3)
        lines.append(report.line(f"search {label} {term!r}, first page", search_ms, "ms", "<= 300 ms", search_ms <= 300))
        count_ms = report.best_ms(lambda flt=flt: listing.count_attempts(database, flt, exact=False), repeat=2)
        lines.append(report.line("  its count as the list shows it", count_ms, "ms", "<= 200 ms", count_ms <= 200))

    with database.read() as conn:
        newest = conn.execute(select(func.max(database.layout.attempt.created_at))).scalar_one()
    budget = 1000 if database.is_sqlite else 300
    stats_ms = report.best_ms(lambda: compute_stats(database, window=timedelta(days=30), end=newest + timedelta(seconds=1)), repeat=2)
    lines.append(report.line("dashboard aggregates, 30 days", stats_ms, "ms", f"<= {budget} ms", stats_ms <= budget))
    lines.append(report.line("baseline again: fixed Python work", _machine_baseline(), "ms", "", True))
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--sqlite", type=Path, help="SQLite file (built first when --build is given and it does not exist)")
    where.add_argument("--pg-url", help="PostgreSQL database (filled first when --build is given)")
    where.add_argument("--pg-temp", action="store_true", help="start a throwaway PostgreSQL server")
    parser.add_argument("--build", type=int, metavar="ROWS", help="load this many attempts first")
    args = parser.parse_args(argv)
    with contextlib.ExitStack() as stack:
        url = f"sqlite:///{args.sqlite}" if args.sqlite else args.pg_url
        if args.pg_temp:
            url = stack.enter_context(temporary_postgresql())
            args.build = args.build or 1_000_000
        if args.build and not (args.sqlite and args.sqlite.exists()):
            started = time.perf_counter()
            dataset.build(url, args.build).dispose()
            print(f"built in {time.perf_counter() - started:.0f} s")
        database = open_database(url)
        try:
            run(database)
        finally:
            database.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
