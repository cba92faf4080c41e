"""Build a realistic database of N attempts fast: rows come from the demo generator
(``waadmin.engine.demo``), and go in through the driver in bulk (sqlite3 executemany,
PostgreSQL COPY) instead of one SQLAlchemy insert per row.

    python -m benchmarks.dataset --rows 1000000 --sqlite /tmp/attempts-1m.sqlite3
    python -m benchmarks.dataset --rows 1000000 --pg-url postgresql+psycopg://…/db
"""

from __future__ import annotations

import argparse
import json
import random
import time
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from waadmin.db import search_index, summary
from waadmin.db.database import Database, open_database
from waadmin.db.inserts import attempt_values
from waadmin.db.schema import ensure_user_table
from waadmin.engine import demo

BATCH = 20_000
SEED = 7
NOW = datetime(2025, 10, 1, 12, 0, tzinfo=UTC)  # fixed, so every run measures the same data


def _sqlite_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return str(value.astimezone(UTC).replace(tzinfo=None))  # what Django writes
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return int(value)
    return value


def _pg_value(value: Any) -> Any:
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return value


def _rows(database: Database, count: int, now: datetime, people: list[dict[str, Any]], columns: list[str]) -> Iterator[tuple[Any, ...]]:
    convert = _sqlite_value if database.is_sqlite else _pg_value
    for fields in demo.generate_attempts(count, days=30, now=now, seed=SEED, people=people):
        values = attempt_values(database.layout, fields, now)
        yield tuple(convert(values[c]) for c in columns)


def _batches(rows: Iterable[tuple[Any, ...]], size: int) -> Iterator[list[tuple[Any, ...]]]:
    batch: list[tuple[Any, ...]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _load_sqlite(database: Database, rows: Iterable[tuple[Any, ...]], table: str, columns: list[str], report: Any) -> None:
    sql = f'INSERT INTO "{table}" ({", ".join(columns)}) VALUES ({", ".join("?" for _ in columns)})'
    raw = database.engine.raw_connection()
    try:
        con = raw.driver_connection
        con.execute("PRAGMA synchronous = OFF")
        loaded = 0
        for batch in _batches(rows, BATCH):
            con.execute("BEGIN")
            con.executemany(sql, batch)
            con.execute("COMMIT")
            loaded += len(batch)
            report(loaded)
        con.execute("ANALYZE")
    finally:
        raw.close()


def _load_postgresql(database: Database, rows: Iterable[tuple[Any, ...]], table: str, columns: list[str], report: Any) -> None:
    raw = database.engine.raw_connection()
    try:
        con = raw.driver_connection
        loaded = 0
        for batch in _batches(rows, BATCH * 5):
            with con.cursor() as cur, cur.copy(f'COPY "{table}" ({", ".join(columns)}) FROM STDIN') as copy:
                for row in batch:
                    copy.write_row(row)
            con.commit()
            loaded += len(batch)
            report(loaded)
        con.autocommit = True
        con.execute(f'VACUUM ANALYZE "{table}"')
        con.autocommit = False
    finally:
        raw.close()


def build(url: str, count: int, *, now: datetime = NOW, quiet: bool = False) -> Database:
    """Create the tables (and the demo users) at ``url`` and fill them with ``count`` attempts."""
    database = open_database(url, create=True)
    rng = random.Random(SEED)
    people = demo._people(rng, max(50, min(count // 20, 5000)))
    ensure_user_table(database)
    demo._insert_people(database, people, now)
    table = database.layout.attempt_table
    columns = [c.name for c in database.layout.attempt.__table__.columns if c.name != "id"]
    started = time.perf_counter()

    def report(loaded: int) -> None:
        if not quiet:
            rate = loaded / max(time.perf_counter() - started, 1e-9)
            print(f"\r  {loaded:>9,} attempts loaded ({rate:,.0f}/s)", end="", flush=True)

    # A bulk load goes in without the summary's and the search index's triggers (a million log
    # rows to fold otherwise, a million index updates one by one); both are then built in one
    # pass, the way 'waadmin doctor --apply' builds them.
    with database.write() as conn:
        summary.uninstall(conn, database.layout)
        search_index.uninstall(conn, database.layout)
    rows = _rows(database, count, now, people, columns)
    if database.is_sqlite:
        _load_sqlite(database, rows, table, columns, report)
    else:
        _load_postgresql(database, rows, table, columns, report)
    demo._demo_webhooks(database, rng, now)
    if not quiet:
        print(f"\n  {count:,} attempts in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    with database.write() as conn:
        summary.install(conn, database.layout)
    if not quiet:
        print(f"  stats summary built in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    with database.write() as conn:
        built = search_index.install_if_possible(conn, database.layout)
        if built and database.is_postgresql:
            conn.exec_driver_sql(f'ANALYZE "{table}"')  # statistics on the indexed expression
    if not quiet:
        print(f"  text-search index {'built' if built else 'not possible here'} in {time.perf_counter() - started:.1f} s")
    return database


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--sqlite", type=Path, help="new SQLite file to create")
    where.add_argument("--pg-url", help="an empty PostgreSQL database")
    args = parser.parse_args(argv)
    if args.sqlite and args.sqlite.exists():
        parser.error(f"{args.sqlite} exists already: the benchmark builds a new file")
    url = f"sqlite:///{args.sqlite}" if args.sqlite else args.pg_url
    build(url, args.rows).dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
