"""Where a benchmark's database lives: a SQLite file, a PostgreSQL URL given by the user, or a
throwaway PostgreSQL server started here the way the tests start theirs."""

from __future__ import annotations

import argparse
import contextlib
import time
from collections.abc import Iterator
from pathlib import Path

from tests.support.pg import PgServer, find_bin_dir


@contextlib.contextmanager
def temporary_postgresql() -> Iterator[str]:
    """A new server and database for the duration of the block; its URL."""
    bin_dir = find_bin_dir()
    if bin_dir is None:
        raise SystemExit("PostgreSQL is not installed here: pass --pg-url to use a running server")
    server = PgServer(bin_dir)
    server.init()
    server.start()
    try:
        yield server.url(server.create_database())
    finally:
        server.destroy()


def add_database_arguments(parser: argparse.ArgumentParser) -> None:
    """--sqlite FILE | --pg-url URL | --pg-temp, and --build ROWS: the benchmarks' one database."""
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--sqlite", type=Path, help="SQLite file (built first when --build is given and it does not exist)")
    where.add_argument("--pg-url", help="PostgreSQL database (filled first when --build is given)")
    where.add_argument("--pg-temp", action="store_true", help="start a throwaway PostgreSQL server")
    parser.add_argument("--build", type=int, metavar="ROWS", help="load this many attempts first")


def database_url(args: argparse.Namespace, stack: contextlib.ExitStack) -> str:
    """The URL the arguments name, the database built first where --build (or --pg-temp) asks;
    a throwaway server lives as long as ``stack``."""
    from benchmarks import dataset

    url = f"sqlite:///{args.sqlite}" if args.sqlite else args.pg_url
    if args.pg_temp:
        url = stack.enter_context(temporary_postgresql())
        args.build = args.build or 1_000_000
    if args.build and not (args.sqlite and args.sqlite.exists()):
        started = time.perf_counter()
        dataset.build(url, args.build).dispose()
        print(f"built in {time.perf_counter() - started:.0f} s")
    return url
