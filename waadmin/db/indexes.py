"""The indexes waadmin's queries need, and which of them a database lacks.

Django's migration declares some (status+created, phone+created, …); the list sorted by creation
date, its keyset pages and the dashboard's 30-day windows need more. waadmin adds its own only
to databases it creates itself: on an existing Django database it never alters a table unasked,
``waadmin doctor`` reports what is missing and the SQL that would add it. Our names start with
``waadmin_``, a prefix Django's generated index names never take.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Index, MetaData, Table, inspect
from sqlalchemy.engine import Connection
from sqlalchemy.schema import CreateIndex

from waadmin.db.layout import Layout
from waadmin.domain.messages import N_

PREFIX = "waadmin_"


@dataclass(frozen=True)
class WantedIndex:
    name: str
    table: str
    columns: tuple[str, ...]
    owner: str  # "django": declared by the migration; "waadmin": added for waadmin's queries
    why: str


@dataclass(frozen=True)
class MissingIndex:
    wanted: WantedIndex
    sql: str


def waadmin_indexes(layout: Layout, dialect: str) -> list[WantedIndex]:
    table = layout.attempt_table
    prefix = PREFIX + ("wm_att" if layout.key == "v2" else "ac_att")
    wanted = [
        WantedIndex(
            f"{prefix}_created_id", table, ("created_at", "id"), "waadmin",
            N_("the list sorted by creation date and its next pages; the dashboard's date windows"),
        )
    ]
    if dialect == "postgresql":
        # SQLite's (status, created_at) index ends with the rowid; PostgreSQL's does not, so a
        # status-filtered keyset page would otherwise sort every matching row to order ties by id.
        wanted.append(
            WantedIndex(
                f"{prefix}_status_created_id", table, ("status", "created_at", "id"), "waadmin",
                N_("the list filtered by status, newest first, and its next pages"),
            )
        )
    return wanted


def django_indexes(layout: Layout) -> list[WantedIndex]:
    """The attempts-table indexes Django's migration declares (missing when it was not applied
    in full, or an index was dropped by hand)."""
    table: Table = layout.attempt.__table__
    return [
        WantedIndex(str(index.name), table.name, tuple(c.name for c in index.columns), "django", N_("declared by the Django migration"))
        for index in sorted(table.indexes, key=lambda i: str(i.name))
    ]


def _covered(wanted: WantedIndex, present: list[tuple[str, ...]], dialect: str) -> bool:
    """An index under any name whose leading columns are the wanted ones serves the same queries.
    SQLite appends the rowid (our id) to every index, so there a trailing id is implied."""
    cols = wanted.columns
    if dialect == "sqlite" and cols[-1] == "id":
        cols = cols[:-1]
    return any(existing[: len(cols)] == cols for existing in present)


def index_object(wanted: WantedIndex, layout: Layout) -> Index:
    # On a copy of the table: an Index binds itself to its table, and the model's own table must
    # keep exactly Django's indexes.
    table = layout.attempt.__table__.to_metadata(MetaData())
    return Index(wanted.name, *(table.c[c] for c in wanted.columns))


def create_sql(wanted: WantedIndex, layout: Layout, dialect_obj: object, *, concurrently: bool = False) -> str:
    sql = str(CreateIndex(index_object(wanted, layout), if_not_exists=True).compile(dialect=dialect_obj)).strip()
    if concurrently:
        # A live Django database keeps taking writes while PostgreSQL builds the index.
        sql = sql.replace("CREATE INDEX", "CREATE INDEX CONCURRENTLY", 1)
    return sql + ";"


def missing_indexes(conn: Connection, layout: Layout) -> list[MissingIndex]:
    dialect = conn.dialect.name
    present = [tuple(i["column_names"]) for i in inspect(conn).get_indexes(layout.attempt_table)]
    wanted = django_indexes(layout) + waadmin_indexes(layout, dialect)
    return [
        MissingIndex(w, create_sql(w, layout, conn.dialect, concurrently=dialect == "postgresql"))
        for w in wanted
        if not _covered(w, present, dialect)
    ]


def create_waadmin_indexes(conn: Connection, layout: Layout) -> None:
    """Add waadmin's indexes in the caller's transaction (a database waadmin has just created)."""
    for wanted in waadmin_indexes(layout, conn.dialect.name):
        index_object(wanted, layout).create(conn, checkfirst=True)
