"""How long the Django app's saves wait while waadmin reads a Django SQLite file in its default
rollback-journal mode (issue 24): the real Django ORM saves in a loop in its own process while
waadmin runs the list, the dashboard and `stats` over and over; its longest save wait is printed
beside the target, with the same loop's figures with waadmin idle (the baseline) and, with
--unsliced, with each waadmin read made in one transaction as before (WAADMIN_SQLITE_READ_MS
set out of reach).

    python -m benchmarks.sqlite_locks --build 1000000 --sqlite /tmp/django-1m.sqlite3
    python -m benchmarks.sqlite_locks --sqlite /tmp/django-1m.sqlite3 [--seconds 40] [--unsliced]

The file is made as a Django database is: the tables without waadmin's index, stats summary or
search index, in DELETE journal mode. Saves add rows to it.

    python -m benchmarks.sqlite_locks --sqlite /tmp/django-200k.sqlite3 --hints

times the dashboard's and the failures view's sliced reads instead (no Django process), with the
slices' read hints (short_reads.range_only, date_range) and without them, on the file as it is and
with waadmin's creation-date index added to a copy.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager, nullcontext
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import event

from benchmarks import dataset, report
from waadmin.db import aggregates, listing, search_index, summary
from waadmin.db.database import Database, open_database
from waadmin.domain.filters import AttemptFilter, Sort
from waadmin.engine.stats import compute_stats

ROOT = Path(__file__).resolve().parents[1]
TARGET_MS = 200.0
NEWEST_FIRST = Sort("created_at", descending=True)
FAILED = AttemptFilter(statuses=frozenset({"failed_retry", "failed_final"}))


def make_django_like(path: Path, rows: int, *, seed_rows: int = 50_000, analyzed: bool = False) -> None:
    """A file of about ``rows`` attempts as the Django app leaves it. Rows come from the demo
    generator (``seed_rows`` of them) and are then copied over by SQL, doubling each time, which
    is ~20 times faster than generating them all. Django never runs ANALYZE: without
    ``analyzed`` the file has no planner statistics either (with them, SQLite reads a date window
    through Django's (status, created_at) index by skip-scan instead of the whole table)."""
    database = dataset.build(f"sqlite:///{path}", min(rows, seed_rows), quiet=True)
    table = database.layout.attempt_table
    columns = ", ".join(c.name for c in database.layout.attempt.__table__.columns if c.name != "id")
    with database.write() as conn:
        summary.uninstall(conn, database.layout)
        search_index.uninstall(conn, database.layout)
        for (name,) in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'waadmin%'").all():
            conn.exec_driver_sql(f'DROP INDEX "{name}"')
    database.dispose()
    with sqlite3.connect(path, isolation_level=None) as con:
        con.execute("PRAGMA journal_mode = DELETE")  # Django's, and SQLite's, default
        con.execute("PRAGMA synchronous = OFF")
        count = con.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
        while count < rows:
            con.execute("BEGIN")
            con.execute(f'INSERT INTO "{table}" ({columns}) SELECT {columns} FROM "{table}" ORDER BY id LIMIT ?', (rows - count,))
            con.execute("COMMIT")
            count = con.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
        if analyzed:
            con.execute("ANALYZE")
        else:
            drop_statistics(con)


def add_webhook_logs(path: Path, count: int, *, unprocessed_every: int = 2_000) -> None:
    """``count`` delivery reports in the file's webhook table, as months of a busy app leave
    them: all processed and linked but one in ``unprocessed_every`` (the few the webhooks tab's
    "Unprocessed" filter and a reprocess look for), with a processing error on those."""
    with closing(sqlite3.connect(path, isolation_level=None)) as con:
        con.execute("PRAGMA synchronous = OFF")
        (attempts,) = con.execute("SELECT max(id) FROM whatsapp_monitoring_attempts").fetchone()
        con.execute("BEGIN")
        con.executemany(
            "INSERT INTO whatsapp_monitoring_webhooks (message_attempt_id, provider_message_id, webhook_type, status, raw_payload, "
            "processed, processing_error, received_at, processed_at) VALUES (?, ?, 'delivery', 'delivered', ?, ?, ?, ?, ?)",
            (
                (
                    None if n % unprocessed_every == 0 else 1 + n % attempts, f"wamid.BULK{n:09d}",
                    json.dumps({"message_id": f"wamid.BULK{n:09d}", "status": "delivered"}),
                    int(n % unprocessed_every != 0), "" if n % unprocessed_every else "no attempt has this provider id",
                    f"2025-09-{1 + n % 28:02d} 12:00:00", None if n % unprocessed_every == 0 else f"2025-09-{1 + n % 28:02d} 12:00:01",
                )
                for n in range(count)
            ),
        )
        con.execute("COMMIT")


def drop_statistics(con: sqlite3.Connection) -> None:
    """Forget what ANALYZE found (the bulk load ran it), as on a file only Django has written."""
    if con.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").fetchone():
        con.execute("DELETE FROM sqlite_stat1")
        con.execute("ANALYZE sqlite_master")  # reloads the (now empty) statistics


@dataclass
class ReadLog:
    """waadmin's read transactions on one engine and how long each held the file."""

    spans: list[float] = field(default_factory=list)
    longest_sql: str = ""  # the start of the longest one's statements

    def watch(self, database: Database) -> None:
        began: dict[int, float] = {}
        statements: dict[int, list[str]] = {}

        @event.listens_for(database.engine, "begin")
        def _begin(conn: Any) -> None:
            began[id(conn)] = time.perf_counter()
            statements[id(conn)] = []

        @event.listens_for(database.engine, "before_cursor_execute")
        def _statement(conn: Any, cursor: Any, sql: str, *_: Any) -> None:
            statements.setdefault(id(conn), []).append(" ".join(sql.split())[:160])

        @event.listens_for(database.engine, "rollback")
        def _end(conn: Any) -> None:
            start = began.pop(id(conn), None)
            done = statements.pop(id(conn), [])
            if start is not None:
                span = time.perf_counter() - start
                if span > max(self.spans, default=0.0):
                    self.longest_sql = " | ".join(s for s in done if not s.startswith("BEGIN"))[:400]
                self.spans.append(span)

    @property
    def longest_ms(self) -> float:
        return 1000 * max(self.spans, default=0.0)


def scenario(database: Database) -> list[tuple[str, Callable[[], object]]]:
    """What a user's waadmin does: `stats`, the dashboard (24 hours and 30 days, series and all,
    in the Django app's zone), the list (first and next page, a status filter, the count line,
    the filter menus)."""
    zone = ZoneInfo("Africa/Bamako")
    end = dataset.NOW  # the generated rows' "now": the windows cover them

    def list_pages() -> None:
        page = listing.list_attempts(database, AttemptFilter(), NEWEST_FIRST)
        listing.list_attempts(database, AttemptFilter(), NEWEST_FIRST, after=page.next_cursor)
        listing.list_attempts(database, FAILED, NEWEST_FIRST)

    def count_line() -> None:
        listing.count_attempts(database, AttemptFilter(), exact=False)
        listing.count_attempts(database, FAILED, exact=False)
        listing.count_attempts(database, AttemptFilter(), exact=True)

    def filter_menus() -> None:
        for column in ("source_app", "message_type", "category"):
            listing.distinct_values(database, column)

    return [
        ("stats (7 days)", lambda: compute_stats(database, window=timedelta(days=7), end=end, with_series=False)),
        ("dashboard 24 h", lambda: compute_stats(database, window=timedelta(hours=24), end=end, tz=zone)),
        ("dashboard 30 days", lambda: compute_stats(database, window=timedelta(days=30), end=end, tz=zone)),
        ("list pages", list_pages),
        ("count line", count_line),
        ("filter menus", filter_menus),
        ("work counts", lambda: aggregates.work_counts(database, AttemptFilter(), end)),
    ]


def other_reads(database: Database, folder: Path) -> list[tuple[str, Callable[[], object]]]:
    """The rest of what a user's waadmin reads (issue 24, 3): the webhooks tab (the unprocessed
    logs, a search, the next page), a reprocess's count and ids, an export of failed attempts,
    searches through the FTS index (when installed) and by a user's name, and the stats
    summary's fold (when installed)."""
    from waadmin.db import webhook_store
    from waadmin.domain.filters import WebhookFilter
    from waadmin.engine.export import export_attempts

    unprocessed = WebhookFilter(processed=False)
    with database.read() as conn:
        name = conn.exec_driver_sql("SELECT last_name FROM authentication_customuser WHERE last_name != '' ORDER BY id LIMIT 1").scalar()

    def webhooks_tab() -> None:
        page = webhook_store.list_webhooks(database, unprocessed, limit=500)
        webhook_store.list_webhooks(database, WebhookFilter(search="BULK00012345"), limit=500)
        if page:
            webhook_store.list_webhooks(database, unprocessed, before_id=page[-1].id, limit=500)

    def reprocess_reads() -> None:
        webhook_store.count_webhooks(database, unprocessed)
        for _ in webhook_store.iter_webhook_ids(database, unprocessed):
            pass

    def export() -> None:
        export_attempts(database, folder / "export.csv", FAILED, NEWEST_FIRST)

    def searches() -> None:
        for term in ("timeout", name or "Traoré"):
            listing.list_attempts(database, AttemptFilter(search=term), NEWEST_FIRST)

    return [
        ("webhooks tab", webhooks_tab),
        ("reprocess count and ids", reprocess_reads),
        ("export failed attempts", export),
        ("searches", searches),
        ("summary fold", lambda: summary.fold(database)),
    ]


@contextmanager
def django_saving(path: Path, pause_ms: int = 20) -> Iterator[dict[str, Any]]:
    """The Django ORM saving in a loop on ``path`` (tests/compat/django_side.py save_loop) for
    as long as the block runs; the dict is filled with its figures afterwards."""
    figures: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as folder:
        stop = Path(folder) / "stop"
        process = subprocess.Popen(
            [sys.executable, "-m", "tests.compat.django_side", f"sqlite:///{path}", "v2", "save_loop", str(stop), str(pause_ms)],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        try:
            line = process.stdout.readline() if process.stdout else ""
            if line.strip() != "ready":
                raise RuntimeError(f"the Django side did not start: {line}{process.stderr.read() if process.stderr else ''}")
            yield figures
        finally:
            stop.touch()
            out, err = process.communicate(timeout=120)
        if process.returncode != 0:
            raise RuntimeError(f"the Django side failed: {err[-3000:]}")
        figures.update(json.loads(out.strip().splitlines()[-1]))


def run_reads(database: Database, seconds: float, log: ReadLog) -> dict[str, list[float]]:
    """The scenario over and over for ``seconds`` (at least once through)."""
    timings: dict[str, list[float]] = {}
    ends = time.perf_counter() + seconds
    steps = scenario(database)
    while True:
        for name, step in steps:
            began = time.perf_counter()
            step()
            timings.setdefault(name, []).append(time.perf_counter() - began)
        if time.perf_counter() >= ends:
            return timings


def measure(path: Path, seconds: float, *, with_reads: bool, budget_ms: str | None = None) -> tuple[dict[str, Any], ReadLog, dict[str, list[float]]]:
    if budget_ms is not None:
        os.environ["WAADMIN_SQLITE_READ_MS"] = budget_ms
    else:
        os.environ.pop("WAADMIN_SQLITE_READ_MS", None)
    database = open_database(f"sqlite:///{path}")
    log = ReadLog()
    log.watch(database)
    timings: dict[str, list[float]] = {}
    try:
        with django_saving(path) as figures:
            if with_reads:
                timings = run_reads(database, seconds, log)
            else:
                time.sleep(seconds)
    finally:
        database.dispose()
    return figures, log, timings


def hinted_reads(database: Database) -> list[tuple[str, Callable[[], object]]]:
    """The dashboard's and the failures view's reads that go in slices on a Django file."""
    from waadmin.engine.failures import group_failures

    end = dataset.NOW
    return [
        ("dashboard 30 days", lambda: compute_stats(database, window=timedelta(days=30), end=end)),
        ("dashboard 6 h, one type", lambda: compute_stats(database, window=timedelta(hours=6), end=end, message_type="colis_status")),
        ("failures view", lambda: group_failures(database)),
    ]


@contextmanager
def without_hints() -> Iterator[None]:
    """The slices' queries as they were before they named how to read them: SQLite's planner,
    without statistics, then picks an index on a filtered column (status, message_type)."""
    from waadmin.db import short_reads

    saved = short_reads.range_only, short_reads.date_range
    short_reads.range_only = lambda query, table: query  # type: ignore[assignment]
    short_reads.date_range = lambda query, table, index: query  # type: ignore[assignment]
    try:
        yield
    finally:
        short_reads.range_only, short_reads.date_range = saved


def compare_hints(path: Path) -> list[str]:
    """Each hinted read's time and longest read transaction, with and without the hints (the
    transactions of all its reads, aggregates.work_counts' among them for the dashboard)."""
    out = []
    with tempfile.TemporaryDirectory() as folder:
        indexed = Path(folder) / "indexed.sqlite3"
        with closing(sqlite3.connect(path)) as src, closing(sqlite3.connect(indexed)) as dst:
            src.backup(dst)
            dst.execute("CREATE INDEX waadmin_wm_att_created_id ON whatsapp_monitoring_attempts (created_at, id)")
            dst.commit()
        for label, file in (("as Django leaves it", path), ("with waadmin's created_at index", indexed)):
            for hints in (True, False):
                database = open_database(f"sqlite:///{file}")
                log = ReadLog()
                log.watch(database)
                try:
                    for name, read in hinted_reads(database):
                        log.spans.clear()
                        began = time.perf_counter()
                        with nullcontext() if hints else without_hints():
                            read()
                        took = time.perf_counter() - began
                        out.append(
                            f"  {label:<32} {'hints' if hints else 'no hints':<8} {name:<26} {took:>7.2f} s, "
                            f"{len(log.spans):>5} read transactions, longest {log.longest_ms:>6.0f} ms"
                        )
                        print(out[-1], flush=True)
                        print(f"      longest: {log.longest_sql[:200]}", flush=True)
                finally:
                    database.dispose()
    return out


def _line(label: str, figures: dict[str, Any]) -> str:
    return (
        f"  {label:<34} {figures['saves']:>6} saves, median {figures['median_ms']:>6} ms, p99 {figures['p99_ms']:>7} ms, "
        f"longest {figures['longest_ms']:>8} ms, {figures['over_200ms']} over 200 ms, {figures['error_count']} 'database is locked'"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sqlite", type=Path, required=True)
    parser.add_argument("--build", type=int, help="first make a Django-like file of this many attempts")
    parser.add_argument("--analyzed", action="store_true", help="with --build: keep ANALYZE's statistics (Django never makes them)")
    parser.add_argument("--seconds", type=float, default=40.0, help="how long each phase lasts")
    parser.add_argument("--unsliced", action="store_true", help="also measure with every read in one transaction (as before)")
    parser.add_argument("--hints", action="store_true", help="time the sliced reads with and without their read hints instead")
    args = parser.parse_args(argv)
    if args.build:
        if args.sqlite.exists():
            parser.error(f"{args.sqlite} exists already")
        started = time.perf_counter()
        make_django_like(args.sqlite, args.build, analyzed=args.analyzed)
        print(f"built {args.build:,} attempts in {time.perf_counter() - started:.0f} s")
    with sqlite3.connect(args.sqlite) as con:
        mode = con.execute("PRAGMA journal_mode").fetchone()[0]
        rows = con.execute("SELECT count(*) FROM whatsapp_monitoring_attempts").fetchone()[0]
        stat = con.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").fetchone()
        analyzed = bool(stat and con.execute("SELECT count(*) FROM sqlite_stat1").fetchone()[0])
    if args.hints:
        print(f"{args.sqlite}: {rows:,} attempts, journal mode {mode}, {'with' if analyzed else 'no'} planner statistics")
        compare_hints(args.sqlite)
        return 0
    print(
        f"{args.sqlite}: {rows:,} attempts, journal mode {mode}, {'with' if analyzed else 'no'} planner statistics; "
        f"Django saving every 20 ms; {args.seconds:.0f} s per phase"
    )
    phases: list[tuple[str, bool, str | None]] = [("waadmin idle (baseline)", False, None), ("waadmin reading (short reads)", True, None)]
    if args.unsliced:
        phases.append(("waadmin reading, one read each", True, "100000000"))
    results = []
    for label, with_reads, budget in phases:
        figures, log, timings = measure(args.sqlite, args.seconds, with_reads=with_reads, budget_ms=budget)
        results.append((label, figures, log, timings))
        print(_line(label, figures), flush=True)
        if with_reads:
            print(f"    waadmin: {len(log.spans)} read transactions, longest {log.longest_ms:.0f} ms, {sum(s > 0.1 for s in log.spans)} over 100 ms")
            print(f"    longest: {log.longest_sql}")
            for name, values in timings.items():
                print(f"    {name:<20} {len(values):>3} runs, median {1000 * sorted(values)[len(values) // 2]:>7.0f} ms")
    short = results[1][1]
    report.line("longest Django save wait while waadmin reads", short["longest_ms"], "ms", f"<= {TARGET_MS:.0f} ms", short["longest_ms"] <= TARGET_MS)
    report.line("'database is locked' while waadmin reads", short["error_count"], "", "0", short["error_count"] == 0)
    return 0 if short["error_count"] == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
