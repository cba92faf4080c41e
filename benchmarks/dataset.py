"""Build a realistic database of N attempts fast: rows come from the demo generator
(``waadmin.engine.demo``), and go in through the driver in bulk (sqlite3 executemany,
PostgreSQL COPY) instead of one SQLAlchemy insert per row.

    python -m benchmarks.dataset --rows 1000000 --sqlite /tmp/attempts-1m.sqlite3
    python -m benchmarks.dataset --rows 1000000 --pg-url postgresql+psycopg://…/db
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Connection

from benchmarks import bulk_rows, report
from waadmin.db import search_index, summary
from waadmin.db.database import Database, open_database
from waadmin.db.inserts import attempt_values
from waadmin.db.layout import V2 as LAYOUT_V2
from waadmin.db.schema import ensure_user_table
from waadmin.engine import demo

BATCH = 20_000
SEED = 7
NOW = datetime(2025, 10, 1, 12, 0, tzinfo=UTC)  # fixed, so every run measures the same data


TIME_COLUMNS = ("created_at", "first_attempt_at", "last_attempt_at", "next_retry_at", "sent_at", "delivered_at")
# Batches being made ahead of the load, at most: each holds BATCH rows in memory.
AHEAD = 4


@dataclass(frozen=True)
class _Plan:
    """What a generating process needs to make any batch (sent to it once)."""

    count: int
    now: datetime
    people: list[dict[str, Any]]
    columns: list[str]
    sqlite: bool
    v1: bool


_plan: _Plan | None = None
_generator: bulk_rows.Generator | None = None


def _start_worker(plan: _Plan) -> None:
    global _plan, _generator
    _plan = plan
    _generator = bulk_rows.Generator(plan.count, now=plan.now, people=plan.people, seed=SEED)


def _make_batch(start: int, n: int) -> list[tuple[Any, ...]]:
    """One batch as rows in the table's column order (runs in a generating process)."""
    assert _plan is not None and _generator is not None
    batch = _generator.batch(start, n)
    for name in TIME_COLUMNS:
        batch[name] = bulk_rows.datetimes(batch[name], sqlite=_plan.sqlite)
    if _plan.v1:  # V1 keeps region_override NOT NULL, '' for none
        batch["region_override"] = [r or "" for r in batch["region_override"]]
    return list(zip(*(batch[c] for c in _plan.columns), strict=True))


def _batches(plan: _Plan, size: int, workers: int) -> Iterator[list[tuple[Any, ...]]]:
    """Every batch in order. Generating is two thirds of the work, so it runs in ``workers``
    processes while this one loads; a batch's rows depend only on its place (see
    bulk_rows.Generator.batch), so the data is the same whatever the number of processes."""
    starts = bulk_rows.Generator(plan.count, now=plan.now, people=plan.people).starts(size)
    if workers <= 0:
        _start_worker(plan)
        for start, n in starts:
            yield _make_batch(start, n)
        return
    context = multiprocessing.get_context("spawn")  # nothing of this process's connections in the children
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker, initargs=(plan,)) as pool:
        pending: deque[Future[list[tuple[Any, ...]]]] = deque()
        for start, n in starts:
            pending.append(pool.submit(_make_batch, start, n))
            if len(pending) >= AHEAD:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def _secondary_indexes(conn: Connection, table: str, sqlite: bool) -> list[tuple[str, str]]:
    """(name, CREATE statement) of every index on the table but its primary key."""
    if sqlite:
        rows = conn.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL", (table,)
        ).all()
    else:
        rows = conn.exec_driver_sql(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i JOIN pg_class c ON c.relname = i.indexname "
            "JOIN pg_index x ON x.indexrelid = c.oid WHERE i.tablename = %s AND i.schemaname = current_schema() "
            "AND NOT x.indisprimary",
            (table,),
        ).all()
    return [(str(n), str(sql)) for n, sql in rows]


def _foreign_keys(conn: Connection, table: str) -> list[tuple[str, str]]:
    """PostgreSQL: (name, definition) of the table's foreign keys (each row would fire a check)."""
    rows = conn.exec_driver_sql(
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = to_regclass(%s) AND contype = 'f'",
        (f'"{table}"',),
    ).all()
    return [(str(n), str(d)) for n, d in rows]


def _load_sqlite(database: Database, batches: Iterable[list[tuple[Any, ...]]], table: str, columns: list[str], report: Any) -> None:
    sql = f'INSERT INTO "{table}" ({", ".join(columns)}) VALUES ({", ".join("?" for _ in columns)})'
    with database.write() as conn:
        indexes = _secondary_indexes(conn, table, sqlite=True)
    raw = database.engine.raw_connection()
    try:
        con = raw.driver_connection
        # A file being built: nothing to lose on a crash, so no fsync, no journal, and the
        # indexes built once at the end by sorting (an insert into nine B-trees per row costs
        # more than generating the row); WAL again afterwards, as waadmin makes its files.
        con.execute("PRAGMA journal_mode = OFF")
        con.execute("PRAGMA synchronous = OFF")
        con.execute("PRAGMA cache_size = -1000000")
        for name, _ in indexes:
            con.execute(f'DROP INDEX "{name}"')
        loaded = 0
        for batch in batches:
            con.execute("BEGIN")
            con.executemany(sql, batch)
            con.execute("COMMIT")
            loaded += len(batch)
            report(loaded)
        report(loaded, "building indexes")
        for _, create in indexes:
            con.execute(create)
        con.execute("PRAGMA journal_mode = WAL")
        con.execute("ANALYZE")
    finally:
        raw.close()


def _load_postgresql(database: Database, batches: Iterable[list[tuple[Any, ...]]], table: str, columns: list[str], report: Any) -> None:
    with database.write() as conn:
        indexes = _secondary_indexes(conn, table, sqlite=False)
        keys = _foreign_keys(conn, table)
        for name, _ in keys:
            conn.exec_driver_sql(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
        for name, _ in indexes:
            conn.exec_driver_sql(f'DROP INDEX "{name}"')
    raw = database.engine.raw_connection()
    try:
        con = raw.driver_connection
        loaded = 0
        for batch in batches:
            with con.cursor() as cur, cur.copy(f'COPY "{table}" ({", ".join(columns)}) FROM STDIN') as copy:
                for row in batch:
                    copy.write_row(row)
            con.commit()
            loaded += len(batch)
            report(loaded)
        report(loaded, "building indexes")
        con.execute("SET maintenance_work_mem = '512MB'")
        for _, create in indexes:
            con.execute(create)
        for name, definition in keys:  # one check of every row at once instead of one per row
            con.execute(f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}')
        con.commit()
        con.autocommit = True
        con.execute(f'VACUUM ANALYZE "{table}"')
        con.autocommit = False
    finally:
        raw.close()


def _insert_people(database: Database, people: list[dict[str, Any]], now: datetime) -> None:
    """The demo's users in one executemany (the demo inserts them one statement at a time with
    RETURNING: 5,000 compiled inserts, ~10 s on a busy machine), then their ids read back."""
    from sqlalchemy import insert, select

    from waadmin.db.models import CustomUser

    fixed = {
        "password": "!", "last_login": None, "is_superuser": False, "email": "", "is_staff": False, "is_active": True,
        "date_joined": now - timedelta(days=90), "role": "client", "is_agent_chine": False, "is_agent_mali": False,
        "is_admin_chine": False, "is_admin_mali": False, "is_client": True, "has_changed_default_password": False,
    }
    with database.write("add demo users") as conn:
        existing = set(conn.execute(select(CustomUser.telephone)).scalars())
        fresh = [p for p in people if p["telephone"] not in existing]
        if fresh:
            conn.execute(insert(CustomUser), [{**fixed, "first_name": p["first_name"], "last_name": p["last_name"], "telephone": p["telephone"]} for p in fresh])
        ids = dict(conn.execute(select(CustomUser.telephone, CustomUser.id)).all())
    for person in people:
        if person["telephone"] in ids:
            person["id"] = ids[person["telephone"]]


def build(url: str, count: int, *, now: datetime = NOW, quiet: bool = False, workers: int | None = None, batch: int = BATCH, timings: dict[str, float] | None = None) -> Database:
    """Create the tables (and the demo users) at ``url`` and fill them with ``count`` attempts."""
    database = open_database(url, create=True)
    rng = random.Random(SEED)
    people = demo._people(rng, max(50, min(count // 20, 5000)))
    ensure_user_table(database)
    _insert_people(database, people, now)
    table = database.layout.attempt_table
    columns = [c.name for c in database.layout.attempt.__table__.columns if c.name != "id"]
    if workers is None:
        workers = 0
    started = time.perf_counter()

    def report(loaded: int, then: str = "") -> None:
        if not quiet:
            rate = loaded / max(time.perf_counter() - started, 1e-9)
            print(f"\r  {loaded:>9,} attempts loaded ({rate:,.0f}/s){', ' + then if then else ''}", end="", flush=True)

    # A bulk load goes in without the summary's and the search index's triggers (a million log
    # rows to fold otherwise, a million index updates one by one); both are then built in one
    # pass, the way 'waadmin doctor --apply' builds them.
    with database.write() as conn:
        summary.uninstall(conn, database.layout)
        search_index.uninstall(conn, database.layout)
    plan = _Plan(count, now, people, columns, database.is_sqlite, not database.layout.has_source_app)
    batches = _batches(plan, batch, workers)
    if database.is_sqlite:
        _load_sqlite(database, batches, table, columns, report)
    else:
        _load_postgresql(database, batches, table, columns, report)
    demo._demo_webhooks(database, rng, now)
    timings = timings if timings is not None else {}
    timings["load"] = time.perf_counter() - started
    if not quiet:
        print(f"\n  {count:,} attempts in {timings['load']:.1f} s")
    started = time.perf_counter()
    with database.write() as conn:
        summary.install(conn, database.layout)
    timings["summary"] = time.perf_counter() - started
    if not quiet:
        print(f"  stats summary built in {timings['summary']:.1f} s")
    started = time.perf_counter()
    with database.write() as conn:
        built = search_index.install_if_possible(conn, database.layout)
        if built and database.is_postgresql:
            conn.exec_driver_sql(f'ANALYZE "{table}"')  # statistics on the indexed expression
    timings["search index"] = time.perf_counter() - started
    if not quiet:
        print(f"  text-search index {'built' if built else 'not possible here'} in {timings['search index']:.1f} s")
    return database


def _generation_rates(count: int = 20_000) -> tuple[float, float]:
    """Rows/s of the demo's row-at-a-time generator (what this benchmark used before) and of the
    vectorised one, both in this process with no database: the run's baseline on a shared
    machine, where the load's own figure moves with everyone else's work."""
    rng = random.Random(SEED)
    people = demo._people(rng, 5000)
    started = time.perf_counter()
    for fields in demo.generate_attempts(count, days=30, now=NOW, seed=SEED, people=people):
        attempt_values(LAYOUT_V2, fields, NOW)
    old = count / (time.perf_counter() - started)
    plan = _Plan(count, NOW, people, [c.name for c in LAYOUT_V2.attempt.__table__.columns if c.name != "id"], True, False)
    started = time.perf_counter()
    for _ in _batches(plan, BATCH, 0):
        pass
    return old, count / (time.perf_counter() - started)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--workers", type=int, help="processes generating rows beside the loading one (default 0: on a busy 2-core machine they cost more in copying rows than they save)")
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--sqlite", type=Path, help="new SQLite file to create")
    where.add_argument("--pg-url", help="an empty PostgreSQL database")
    args = parser.parse_args(argv)
    if args.sqlite and args.sqlite.exists():
        parser.error(f"{args.sqlite} exists already: the benchmark builds a new file")
    url = f"sqlite:///{args.sqlite}" if args.sqlite else args.pg_url
    old, new = _generation_rates()
    print(f"load average {os.getloadavg()[0]:.1f}; generating alone, one process: row at a time {old:,.0f} rows/s, vectorised {new:,.0f} rows/s")
    timings: dict[str, float] = {}
    started = time.perf_counter()
    build(url, args.rows, workers=args.workers, timings=timings).dispose()
    whole = time.perf_counter() - started
    report.line(f"load {args.rows:,} rows (generate, insert, indexes, ANALYZE)", args.rows / timings["load"], "rows/s", ">= 50,000", args.rows / timings["load"] >= 50_000)
    report.line("the whole build (with stats summary and search index)", args.rows / whole, "rows/s", "", True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
