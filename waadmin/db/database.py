"""One open database: its engine, its layout, and short read or write transactions.

Each caller (CLI command, GUI worker thread) takes a connection per unit of work and gives it
back at once; the engine and its pool are the only shared state.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import URL, Connection, Engine

from waadmin.db import urls
from waadmin.db.errors import DatabaseProblem, ProblemKind, ReadOnlyRefused, explain
from waadmin.db.layout import LAYOUTS, Detection, Layout, detect
from waadmin.domain.messages import N_

DEFAULT_BUSY_TIMEOUT_MS = 15_000
DEFAULT_CONNECT_TIMEOUT_S = 5


@dataclass
class Database:
    engine: Engine
    url: URL
    layout: Layout
    has_users: bool
    read_only: bool = False
    embedded: bool = False
    _dialect: str = field(init=False)

    def __post_init__(self) -> None:
        self._dialect = self.engine.dialect.name

    # -- identity -------------------------------------------------------------------------
    @property
    def kind(self) -> str:
        return self._dialect

    @property
    def is_sqlite(self) -> bool:
        return self._dialect == "sqlite"

    @property
    def is_postgresql(self) -> bool:
        return self._dialect == "postgresql"

    @property
    def display_name(self) -> str:
        return urls.describe(self.url)

    @property
    def masked_url(self) -> str:
        return urls.mask(self.url)

    def describe(self) -> str:
        mode = ", read-only" if self.read_only else ""
        return f"{self.display_name} — layout {self.layout.key.upper()}{mode}"

    # -- transactions ---------------------------------------------------------------------
    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A short read transaction (a consistent snapshot on both backends)."""
        try:
            with self.engine.connect() as conn:
                yield conn
        except DatabaseProblem:
            raise
        except Exception as exc:
            if is_database_error(exc):
                raise explain(exc, self.display_name) from exc
            raise

    @contextmanager
    def write(self, action: str = "change data", *, isolation_level: str | None = None) -> Iterator[Connection]:
        """A write transaction, committed on success. SQLite takes its write lock up front
        (BEGIN IMMEDIATE) so two writers queue on busy_timeout instead of failing mid-way.
        ``isolation_level`` (PostgreSQL): e.g. REPEATABLE READ for one snapshot throughout."""
        if self.read_only:
            raise ReadOnlyRefused(action)
        try:
            with self.engine.connect() as conn:
                conn.execution_options(waadmin_begin="IMMEDIATE")
                if isolation_level is not None and self.is_postgresql:
                    conn.execution_options(isolation_level=isolation_level)
                with conn.begin():
                    yield conn
        except DatabaseProblem:
            raise
        except Exception as exc:
            if is_database_error(exc):
                raise explain(exc, self.display_name) from exc
            raise

    def ping(self) -> None:
        with self.read() as conn:
            conn.execute(text("SELECT 1"))

    def refresh_detection(self) -> Detection:
        with self.read() as conn:
            found = detect(conn, self.layout.key)
        self.has_users = found.has_users
        return found

    def dispose(self) -> None:
        self.engine.dispose()


def is_database_error(exc: BaseException) -> bool:
    """A driver's or SQLAlchemy's error, or the OS's (a file), as opposed to a bug in the caller."""
    from sqlalchemy import exc as sa_exc

    return isinstance(exc, sa_exc.SQLAlchemyError | OSError) or type(exc).__module__.startswith(
        ("sqlite3", "psycopg")
    )


def _install_sqlite_hooks(engine: Engine, busy_timeout_ms: int, read_only: bool = False) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Take transaction control from the driver so BEGIN IMMEDIATE is possible.
        dbapi_conn.isolation_level = None
        cursor = dbapi_conn.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        cursor.execute("PRAGMA foreign_keys = ON")  # as Django does on SQLite
        if read_only:
            # Second line of defence behind Database.write(): SQLite itself refuses writes.
            cursor.execute("PRAGMA query_only = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        mode = conn.get_execution_options().get("waadmin_begin", "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")


def load_driver(raw_url: str | None) -> None:
    """Import the database driver a URL needs (psycopg takes ~140 ms) now rather than at the
    first connection. Any problem with the URL is left for the connection to report."""
    try:
        urls.parse(urls.resolve(raw_url)[0]).get_dialect().import_dbapi()
    except Exception:  # noqa: BLE001 - a bad URL or a missing driver: open_database says it better
        return


def make_engine(url: URL, *, busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS, read_only: bool = False) -> Engine:
    if url.get_backend_name() == "sqlite":
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": busy_timeout_ms / 1000})
        _install_sqlite_hooks(engine, busy_timeout_ms, read_only)
        return engine
    connect_args: dict[str, Any] = {"connect_timeout": DEFAULT_CONNECT_TIMEOUT_S, "application_name": "waadmin"}
    if read_only:
        # Second line of defence: the server refuses writes in every transaction of this session.
        connect_args["options"] = "-c default_transaction_read_only=on"
    return create_engine(
        url,
        pool_pre_ping=True,
        pool_size=int(os.environ.get("WAADMIN_POOL_SIZE", "10")),
        max_overflow=10,
        connect_args=connect_args,
    )


def _check_sqlite_file(url: URL, must_exist: bool) -> None:
    path = url.database
    if not path or path == ":memory:" or path.startswith("file:"):
        return
    file = Path(path)
    if file.is_dir():
        raise DatabaseProblem(ProblemKind.NOT_A_DATABASE, N_("{file} is a folder, not a database file.").format(file=file))
    if must_exist and not file.exists():
        raise DatabaseProblem(
            ProblemKind.MISSING_DATABASE,
            N_("There is no database file at {file} (run 'waadmin init-db --database {file}' to create one).").format(file=file),
        )
    if not must_exist:
        file.parent.mkdir(parents=True, exist_ok=True)


def open_database(
    raw_url: str | None = None,
    *,
    read_only: bool = False,
    layout: str | None = None,
    create: bool | None = None,
    busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS,
) -> Database:
    """Open and inspect a database.

    ``create`` makes the V2 tables when none exist; by default only the embedded database is
    created on first use, an explicit URL without tables is an error the user must see.
    """
    raw, embedded = urls.resolve(raw_url)
    url = urls.parse(raw)
    if layout is not None and layout not in LAYOUTS:
        raise DatabaseProblem(ProblemKind.BAD_URL, N_("Unknown layout {layout}: use v1 or v2.").format(layout=repr(layout)))
    should_create = embedded if create is None else create
    if url.get_backend_name() == "sqlite":
        _check_sqlite_file(url, must_exist=not should_create)
    engine = make_engine(url, busy_timeout_ms=busy_timeout_ms, read_only=read_only)
    where = urls.describe(url)
    try:
        with engine.connect() as conn:
            found = detect(conn, layout)
    except Exception as exc:
        engine.dispose()
        raise explain(exc, where) from exc
    if found.layout is None and should_create and not read_only:
        from waadmin.db.schema import create_schema

        database = Database(engine, url, LAYOUTS[layout or "v2"], False, False, embedded)
        create_schema(database)
        with engine.connect() as conn:
            found = detect(conn, layout)
    if found.layout is None:
        engine.dispose()
        raise DatabaseProblem(
            ProblemKind.NO_TABLES,
            N_(
                "{where} has no WhatsApp monitoring tables "
                "(neither whatsapp_monitoring_attempts nor agent_chine_whatsapp_monitoring). "
                "Run 'waadmin init-db' to create them on a new database."
            ).format(where=where),
        )
    if found.missing_columns:
        engine.dispose()
        raise DatabaseProblem(
            ProblemKind.SCHEMA,
            N_("{where} has the {layout} tables but lacks {columns}").format(
                where=where, layout=found.layout.key.upper(), columns=", ".join(found.missing_columns[:6]) + ("…" if len(found.missing_columns) > 6 else ""),
            ),
        )
    return Database(engine, url, found.layout, found.has_users, read_only, embedded)
