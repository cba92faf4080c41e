"""Where a benchmark's database lives: a SQLite file, a PostgreSQL URL given by the user, or a
throwaway PostgreSQL server started here the way the tests start theirs."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

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
