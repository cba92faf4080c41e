"""The text-search index: finding attempts whose phone, title, category, error or provider id
contains a few characters without reading every row.

``%term%`` cannot use a B-tree, so a rare term used to read the whole table (2.7 s at a million
rows on SQLite). PostgreSQL gets a pg_trgm GIN index on one expression joining the five columns;
the search clause filters on that same expression, so the planner uses the index when it has
one and reads the table when it has not, with the same result either way. Statistics on the
expression (PostgreSQL 14 and later) tell the planner how common a term is: without them it
took a prefix found in 7% of the rows for 0.2% and went through the index, 350 ms for a first
page that walking the list's own index serves in 14 ms. SQLite gets an FTS5
trigram table over the same columns, kept in step by triggers; it only narrows the candidates
(the LIKE conditions still decide), and only for terms rare enough that looking up their rows
beats walking the list's own index.

Like the stats summary, waadmin installs it on databases it creates and on a Django database
only when asked (``waadmin doctor --apply``); a missing trigger makes it unused until rebuilt.
"""

from __future__ import annotations

import logging
from enum import Enum
from typing import TYPE_CHECKING

from sqlalchemy import func, literal_column, text
from sqlalchemy.engine import Connection
from sqlalchemy.sql.elements import ColumnElement

from waadmin.db.layout import Layout

if TYPE_CHECKING:  # for annotations only: database.py itself creates the schema through this module
    from waadmin.db.database import Database

log = logging.getLogger(__name__)

COLUMNS = ("phone_number", "title", "category", "error_message", "provider_message_id")
# Joins the columns in the PostgreSQL expression; search terms lose their control characters,
# so a term can never match across two columns.
SEPARATOR_SQL = "E'\\x1f'"
# Trigrams: a shorter term has none, and an FTS5 trigram query for it matches nothing.
MIN_TERM_CHARS = 3


class State(Enum):
    ABSENT = "absent"
    READY = "ready"
    BROKEN = "broken"  # SQLite: a trigger is missing, so it stopped following the attempts; PostgreSQL: invalid
    PARTIAL = "partial"  # PostgreSQL: the index without the planner statistics on its expression


def name(layout: Layout) -> str:
    return "waadmin_" + ("wm_att" if layout.key == "v2" else "ac_att") + "_search"


def statistics_name(layout: Layout) -> str:
    return f"{name(layout)}_stats"


def expression_statistics(conn: Connection) -> bool:
    """Whether this server keeps statistics on an expression (CREATE STATISTICS … ON (expr))."""
    return conn.dialect.name == "postgresql" and int(conn.exec_driver_sql("SHOW server_version_num").scalar_one()) >= 140000


def trigger_names(layout: Layout) -> tuple[str, ...]:
    n = name(layout)
    return (f"{n}_ins", f"{n}_del", f"{n}_upd")


# -- the PostgreSQL expression ----------------------------------------------------------------

def document_sql() -> str:
    """The indexed expression as SQL text, for the DDL."""
    return f" || {SEPARATOR_SQL} || ".join(f"coalesce({c}, '')" for c in COLUMNS)


def document(layout: Layout) -> ColumnElement[str]:
    """The same expression for queries. Its constants are literal SQL, not bound parameters:
    PostgreSQL matches a query's expression to an index's only when both are written the same."""
    a = layout.attempt
    empty = literal_column("''")
    separator = literal_column(SEPARATOR_SQL)
    parts: list[ColumnElement[str]] = [func.coalesce(getattr(a, c), empty) for c in COLUMNS]
    expr: ColumnElement[str] = parts[0]
    for part in parts[1:]:
        expr = expr.op("||")(separator).op("||")(part)
    return expr.self_group()


# -- DDL --------------------------------------------------------------------------------------

def _sqlite_values(layout: Layout, ref: str) -> str:
    return ", ".join(f"{ref}.{c}" for c in COLUMNS)


def install_sql(layout: Layout, dialect: str, *, concurrently: bool = False, statistics: bool = True) -> list[str]:
    """Everything install() runs, in order, for a reader or an administrator to check; safe to
    run again. ``concurrently``: build the PostgreSQL index while the Django app keeps writing
    (outside a transaction, as 'waadmin doctor --apply' runs it). ``statistics``: the server
    keeps expression statistics (see expression_statistics)."""
    table = layout.attempt_table
    n = name(layout)
    if dialect == "postgresql":
        how = "CONCURRENTLY " if concurrently else ""
        statements = [
            "CREATE EXTENSION IF NOT EXISTS pg_trgm",
            f'CREATE INDEX {how}IF NOT EXISTS "{n}" ON "{table}" USING gin (({document_sql()}) gin_trgm_ops)',
        ]
        if statistics:
            statements.append(f'CREATE STATISTICS IF NOT EXISTS "{statistics_name(layout)}" ON (({document_sql()})) FROM "{table}"')
        return [*statements, f'ANALYZE "{table}"']
    cols = ", ".join(COLUMNS)
    new, old = _sqlite_values(layout, "NEW"), _sqlite_values(layout, "OLD")
    ins, delete, upd = trigger_names(layout)
    changed = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in COLUMNS)
    # An external-content table: the text stays in the attempts table, the FTS table holds only
    # the trigram index. A 'delete' must name the values that were indexed, hence OLD.
    return [
        f'CREATE VIRTUAL TABLE IF NOT EXISTS "{n}" USING fts5({cols}, '
        f"content='{table}', content_rowid='id', tokenize='trigram')",
        f"INSERT INTO \"{n}\"(\"{n}\") VALUES ('rebuild')",
        f'CREATE TRIGGER IF NOT EXISTS "{ins}" AFTER INSERT ON "{table}" BEGIN '
        f'INSERT INTO "{n}"(rowid, {cols}) VALUES (NEW.id, {new}); END',
        f'CREATE TRIGGER IF NOT EXISTS "{delete}" AFTER DELETE ON "{table}" BEGIN '
        f"INSERT INTO \"{n}\"(\"{n}\", rowid, {cols}) VALUES ('delete', OLD.id, {old}); END",
        f'CREATE TRIGGER IF NOT EXISTS "{upd}" AFTER UPDATE ON "{table}" WHEN {changed} OR OLD.id IS NOT NEW.id BEGIN '
        f"INSERT INTO \"{n}\"(\"{n}\", rowid, {cols}) VALUES ('delete', OLD.id, {old}); "
        f'INSERT INTO "{n}"(rowid, {cols}) VALUES (NEW.id, {new}); END',
    ]


def uninstall_sql(layout: Layout, dialect: str) -> list[str]:
    n = name(layout)
    if dialect == "postgresql":  # pg_trgm stays: other things may use it
        return [f'DROP STATISTICS IF EXISTS "{statistics_name(layout)}"', f'DROP INDEX IF EXISTS "{n}"']
    # Triggers first: once the table is gone, a trigger left behind would break every write.
    return [f'DROP TRIGGER IF EXISTS "{t}"' for t in trigger_names(layout)] + [f'DROP TABLE IF EXISTS "{n}"']


def reorder_sql(conn: Connection, layout: Layout) -> list[str]:
    """SQLite: statements that re-create every other trigger on the attempts table, so that ours
    are the oldest. SQLite (3.40 to 3.51 at least) fails the first write of a connection whose
    schema went stale ("no such table: whatsapp_monitoring_attempts") when a trigger writing to
    an FTS5 table fires before another trigger of the same event, and the newest trigger fires
    first. Seen when the demo data went in right after the user table was created; the Django
    app would have met it after each of its migrations."""
    if conn.dialect.name != "sqlite":
        return []
    ours = set(trigger_names(layout))
    rows = conn.execute(
        text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = :t ORDER BY rowid"),
        {"t": layout.attempt_table},
    ).all()
    statements: list[str] = []
    for trigger, sql in rows:
        if trigger not in ours and sql:
            statements += [f'DROP TRIGGER "{trigger}"', sql]
    return statements


def install(conn: Connection, layout: Layout) -> None:
    """Create the index in the caller's transaction (on PostgreSQL, not concurrently: a table
    being created, or a caller that accepts the write lock while it is built)."""
    for statement in install_sql(layout, conn.dialect.name, statistics=expression_statistics(conn)):
        conn.exec_driver_sql(statement)
    for statement in reorder_sql(conn, layout):
        conn.exec_driver_sql(statement)


def uninstall(conn: Connection, layout: Layout) -> None:
    for statement in uninstall_sql(layout, conn.dialect.name):
        conn.exec_driver_sql(statement)


def install_if_possible(conn: Connection, layout: Layout) -> bool:
    """Install where this server allows it (a new database waadmin creates): an SQLite without
    FTS5 trigrams, or a PostgreSQL without pg_trgm or the right to add it, just searches slower."""
    if not available(conn):
        log.info("text-search index not available here: searches read the whole table")
        return False
    try:
        with conn.begin_nested():
            install(conn, layout)
    except Exception as exc:  # noqa: BLE001 - any refusal (privileges, missing files) means "not here"
        log.info("text-search index not installed: %s", exc)
        return False
    return True


# -- state ------------------------------------------------------------------------------------

def available(conn: Connection) -> bool:
    if conn.dialect.name == "postgresql":
        found = conn.execute(text("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'")).first()
        return found is not None
    # The trigram tokenizer came with SQLite 3.34; a build may also leave FTS5 out.
    compiled, version = conn.exec_driver_sql("SELECT sqlite_compileoption_used('ENABLE_FTS5'), sqlite_version()").one()
    return bool(compiled) and tuple(int(p) for p in str(version).split(".")[:2]) >= (3, 34)


def state_of(conn: Connection, layout: Layout) -> State:
    """Whether the index is there and kept up to date (see available() for whether it could be)."""
    n = name(layout)
    if conn.dialect.name == "postgresql":
        found = conn.execute(
            text("SELECT 1 FROM pg_indexes WHERE schemaname = current_schema() AND indexname = :n AND tablename = :t"),
            {"n": n, "t": layout.attempt_table},
        ).first()
        if found is not None:
            # An index left invalid by a CREATE INDEX CONCURRENTLY that failed is never used.
            valid = conn.execute(text("SELECT indisvalid FROM pg_index WHERE indexrelid = to_regclass(:q)"), {"q": f'"{n}"'}).scalar()
            if not valid:
                return State.BROKEN
            if expression_statistics(conn) and _statistics_missing(conn, layout):
                return State.PARTIAL
            return State.READY
        return State.ABSENT
    rows = conn.execute(
        text("SELECT type, name FROM sqlite_master WHERE name = :n OR (type = 'trigger' AND name IN (:i, :d, :u))"),
        dict(zip(("n", "i", "d", "u"), (n, *trigger_names(layout)), strict=True)),
    ).all()
    present = {r[1] for r in rows}
    if not present:
        return State.ABSENT
    return State.READY if present >= {n, *trigger_names(layout)} else State.BROKEN


def _statistics_missing(conn: Connection, layout: Layout) -> bool:
    found = conn.execute(
        text("SELECT 1 FROM pg_statistic_ext WHERE stxname = :n AND stxnamespace = current_schema()::regnamespace"),
        {"n": statistics_name(layout)},
    ).first()
    return found is None


def state(database: Database) -> State:
    with database.read() as conn:
        return state_of(conn, database.layout)


# -- narrowing a search on SQLite -------------------------------------------------------------

def _phrase(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def fts_query(term: str, compact: str | None = None) -> str | None:
    """The FTS5 query for a search (the term in any column, its compact form in the phone), or
    None when a part is too short for trigrams."""
    if len(term) < MIN_TERM_CHARS or (compact is not None and len(compact) < MIN_TERM_CHARS):
        return None
    query = _phrase(term)
    if compact is not None:
        query += f" OR phone_number : {_phrase(compact)}"
    return query


def count_matches(conn: Connection, layout: Layout, query: str, cap: int) -> int | None:
    """How many attempts the SQLite index finds for query, counting no further than cap + 1;
    None when the index is not there to ask (or stopped following the attempts)."""
    if state_of(conn, layout) is not State.READY:
        return None
    n = name(layout)
    return int(
        conn.execute(
            text(f'SELECT count(*) FROM (SELECT rowid FROM "{n}" WHERE "{n}" MATCH :q LIMIT :cap)'), {"q": query, "cap": cap + 1}
        ).scalar_one()
    )


def matches_clause(layout: Layout, query: str) -> ColumnElement[bool]:
    """``id IN (the SQLite index's matches for query)``."""
    n = name(layout)
    subquery = text(f'SELECT rowid FROM "{n}" WHERE "{n}" MATCH :fts_query').bindparams(fts_query=query)
    return layout.attempt.id.in_(subquery.columns(literal_column("rowid")))
