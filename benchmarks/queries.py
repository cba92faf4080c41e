"""The list, count line, search, dashboard and work counts on one or more databases, beside the
Django admin's changelist and the reference's stats on the same database, and each operation's
growth from one size to the next (medians of --repeat runs).

    python -m benchmarks.queries --sqlite a100k.sqlite3 a1m.sqlite3 a10m.sqlite3 [--build 100000 1000000 10000000]
    python -m benchmarks.queries --pg-temp --build 100000 1000000      # throwaway servers
    python -m benchmarks.queries --pg-url postgresql+psycopg://…/db …
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import time
from datetime import timedelta
from pathlib import Path

from sqlalchemy import func, select

from benchmarks import dataset, django_reference, report
from benchmarks.servers import temporary_postgresql
from waadmin.db import aggregates, listing, search_index
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
    """A fixed piece of Python work: on a machine shared with other work, the figures below are
    to be read against it."""

    def spin() -> int:
        total = 0
        for i in range(200_000):
            total += i & 7
        return total

    return report.median_ms(spin)


# Targets at ten million rows (issue 23), in ms; None: printed only.
TARGETS: dict[str, float | None] = {
    "first page, no filter": 20, "next page, no filter": 20,
    "first page, status failed_retry": 20, "next page, status failed_retry": 20,
    "first page, failed_retry+failed_final": 20, "next page, failed_retry+failed_final": 20,
    "count line, no filter": 200, "count line, status failed_retry": 200,
    "dashboard, 30 days": 300, "work counts": None,
}
COUNTED = [
    ("a common prefix", AttemptFilter(search="+8613")),
    ("an error text", AttemptFilter(search="timeout")),
    ("a family name", AttemptFilter(search="Traoré")),
    ("failed + '503'", AttemptFilter(search="503", statuses=frozenset({Status.FAILED_RETRY, Status.FAILED_FINAL}))),
]
# waadmin's operation and the Django side's that shows the same screen.
AGAINST = [
    ("first page, no filter", "count line, no filter", "changelist, first page"),
    ("next page, no filter", None, "changelist, page 2"),
    ("first page, status failed_retry", "count line, status failed_retry", "changelist, status failed_retry"),
    ("search a common prefix '+8613', first page", "count line, a common prefix", "changelist, search '+8613'"),
    ("dashboard, 30 days", None, "get_monitoring_stats(days_back=30)"),
]


def run(database: Database, *, repeat: int = 5, django: bool = True, deep: bool = True, django_repeat: int = 3) -> dict[str, float]:
    """{operation: median ms} for one database, the Django side's beside them (same run)."""
    figures: dict[str, float] = {"baseline: fixed Python work": _machine_baseline()}
    with database.read() as conn:
        total = int(conn.execute(select(func.count()).select_from(database.layout.attempt)).scalar_one())
    print(f"{database.describe()}: {total:,} attempts; text-search index {search_index.state(database).value}", flush=True)

    def timed(name: str, action, times: int = repeat) -> None:  # type: ignore[no-untyped-def]
        figures[name] = report.median_ms(action, times)
        target = TARGETS.get(name) or (100 if name.startswith("search") else 200 if name.startswith("count line") else None)
        report.line(name, figures[name], "ms", f"<= {target:.0f} ms" if target else "", target is None or figures[name] <= target)

    for label, statuses in (("no filter", set()), ("status failed_retry", {Status.FAILED_RETRY}), ("failed_retry+failed_final", {Status.FAILED_RETRY, Status.FAILED_FINAL})):
        flt = AttemptFilter(statuses=frozenset(statuses))
        timed(f"first page, {label}", lambda flt=flt: listing.list_attempts(database, flt, NEWEST_FIRST))
        cursor = listing.list_attempts(database, flt, NEWEST_FIRST).next_cursor
        if cursor is not None:
            timed(f"next page, {label}", lambda flt=flt, cursor=cursor: listing.list_attempts(database, flt, NEWEST_FIRST, after=cursor))
        if label != "failed_retry+failed_final":
            timed(f"count line, {label}", lambda flt=flt: listing.count_attempts(database, flt, exact=False))

    if deep:
        depth = min(900_000, max(total - listing.DEFAULT_PAGE_SIZE, 1))
        cursor = _cursor_at(database, depth)
        timed(f"page {depth:,} deep: keyset", lambda: listing.list_attempts(database, AttemptFilter(), NEWEST_FIRST, after=cursor))
        timed(f"page {depth:,} deep: OFFSET", lambda: _offset_page(database, depth), 1)

    for label, term in _search_terms(database):
        flt = AttemptFilter(search=term)
        timed(f"search {label} {term!r}, first page" if label != "a whole phone" else "search a whole phone, first page", lambda flt=flt: listing.list_attempts(database, flt, NEWEST_FIRST), 3)
    for label, flt in COUNTED:
        timed(f"count line, {label}", lambda flt=flt: listing.count_attempts(database, flt, exact=False), 3)
    shown = {label: listing.count_attempts(database, flt, exact=False) for label, flt in COUNTED}
    print("  shown: " + "; ".join(f"{label} {'=' if c.exact else '>' if c.at_least else '≈'} {c.value:,}" for label, c in shown.items()))

    with database.read() as conn:
        newest = conn.execute(select(func.max(database.layout.attempt.created_at))).scalar_one()
    end = newest + timedelta(seconds=1)
    timed("dashboard, 30 days", lambda: compute_stats(database, window=timedelta(days=30), end=end), 3)
    work = aggregates.work_counts(database, AttemptFilter(), end)
    timed("work counts", lambda: aggregates.work_counts(database, AttemptFilter(), end), 3)
    timed("work counts, one pass over the backlog (before)", lambda: aggregates.backlog_pass(database, AttemptFilter(), end), 3)
    print(f"  work counts: due {work.ready_now:,}, scheduled {work.scheduled:,}, waiting {work.waiting_retries:,}{' (split ≈)' if work.estimated else ''}")

    if django:
        theirs = django_reference.run(database.url.render_as_string(hide_password=False), end, django_repeat)
        for name, ms in theirs.items():
            figures[name] = ms
            report.line(f"Django: {name}", ms, "ms", "", True)
        for ours, count, other in AGAINST:
            mine = figures.get(ours, 0.0) + (figures.get(count, 0.0) if count else 0.0)
            label = ours + (" + its count line" if count else "")
            report.line(f"  {label} vs {other}", theirs[other] / max(mine, 1e-6), "x", ">= 1x faster", mine <= theirs[other])
    figures["baseline again: fixed Python work"] = _machine_baseline()
    report.line("baseline again: fixed Python work", figures["baseline again: fixed Python work"], "ms", "", True)
    return figures


def print_growth(sizes: list[int], runs: list[dict[str, float]]) -> None:
    """Each operation's time at each size and its growth per ×10 rows (target ≤ ×1.5)."""
    print("\ngrowth per x10 rows (target <= x1.5; Django's and the OFFSET page printed for comparison)")
    names = [n for n in runs[0] if all(n in r for r in runs) and not n.startswith("baseline")]
    for name in names:
        values = [r[name] for r in runs]
        steps = []
        for (n0, v0), (n1, v1) in zip(zip(sizes, values, strict=True), zip(sizes[1:], values[1:], strict=True), strict=False):
            per10 = (v1 / max(v0, 1e-6)) ** (1 / max(1e-9, math.log10(n1 / n0)))
            steps.append(per10)
        ours = not (name.startswith(("changelist", "get_monitoring")) or "OFFSET" in name or "deep" in name)
        met = all(g <= 1.5 for g in steps) or not ours
        mark = "ok  " if met else "MISS"
        cells = " ".join(f"{v:>9.1f}" for v in values)
        print(f"{mark} {name:<52} {cells} ms  growth " + " ".join(f"x{g:.2f}" for g in steps), flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--sqlite", type=Path, nargs="+", help="SQLite files, smallest first (built first when --build is given and one does not exist)")
    where.add_argument("--pg-url", nargs="+", help="PostgreSQL databases, smallest first (filled first when --build is given)")
    where.add_argument("--pg-temp", action="store_true", help="start a throwaway PostgreSQL server")
    where.add_argument("--growth", type=Path, nargs="+", metavar="JSON", help="only print the growth between runs saved with --save")
    parser.add_argument("--save", type=Path, metavar="JSON", help="write the figures of this run (rows and ms per operation) to a file")
    parser.add_argument("--build", type=int, nargs="+", metavar="ROWS", help="load this many attempts first (one figure per database)")
    parser.add_argument("--repeat", type=int, default=5, help="runs per figure (medians)")
    parser.add_argument("--no-django", action="store_true", help="skip the Django admin's and the reference's figures")
    parser.add_argument("--django-repeat", type=int, default=3, help="runs per Django figure (best of; the reference's stats read the window nine times: 30 s at 1M on SQLite)")
    args = parser.parse_args(argv)
    if args.growth:
        saved = sorted((pair for path in args.growth for pair in json.loads(path.read_text())), key=lambda pair: pair[0])
        print_growth([rows for rows, _ in saved], [figures for _, figures in saved])
        return 0
    with contextlib.ExitStack() as stack:
        if args.pg_temp:
            args.build = args.build or [1_000_000]
            urls = [stack.enter_context(temporary_postgresql()) for _ in args.build]
        elif args.sqlite:
            urls = [f"sqlite:///{p}" for p in args.sqlite]
        else:
            urls = list(args.pg_url)
        builds = args.build or [0] * len(urls)
        if len(builds) != len(urls):
            parser.error("--build takes one row count per database")
        runs: list[dict[str, float]] = []
        sizes: list[int] = []
        for url, rows in zip(urls, builds, strict=True):
            path = Path(url[len("sqlite:///"):]) if url.startswith("sqlite:///") else None
            if rows and not (path and path.exists()):
                started = time.perf_counter()
                dataset.build(url, rows).dispose()
                print(f"built in {time.perf_counter() - started:.0f} s")
            database = open_database(url)
            try:
                runs.append(run(database, repeat=args.repeat, django=not args.no_django, django_repeat=args.django_repeat))
                with database.read() as conn:
                    sizes.append(int(conn.execute(select(func.count()).select_from(database.layout.attempt)).scalar_one()))
            finally:
                database.dispose()
        if args.save:
            args.save.write_text(json.dumps(list(zip(sizes, runs, strict=True))))
        if len(runs) > 1:
            print_growth(sizes, runs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
