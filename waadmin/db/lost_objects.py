"""waadmin's objects on the attempts table that were installed and are gone: what the Django
app's migration 0002 leaves on SQLite, where it rebuilds the table (create new, copy, drop old,
rename) and every trigger and extra index on the old table goes with it.

"Installed once" is read from what the rebuild cannot touch: the summary's log and rollup tables
and the search index's FTS5 table are tables of their own and survive it, so one of them present
without its triggers means lost. A database where none of waadmin's tables exist never had them
(a Django database the user chose not to modify): that is 'waadmin doctor''s advice, not a
warning at every connect. waadmin's indexes count as lost only beside such a table, for the same
reason. Stats and search already ignore a summary or an index that stopped following the
attempts (state BROKEN); this module says so and puts them back.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.engine import Connection
from sqlalchemy.exc import SQLAlchemyError

from waadmin.db import search_index, summary
from waadmin.db.database import Database
from waadmin.db.errors import ReadOnlyRefused, explain
from waadmin.db.indexes import MissingIndex, missing_indexes
from waadmin.db.layout import Layout
from waadmin.domain.messages import N_


@dataclass(frozen=True)
class LostObjects:
    summary: bool = False  # the stats summary's tables are there, not all its triggers
    search_index: bool = False  # SQLite: the FTS5 table is there, not all its triggers
    indexes: tuple[MissingIndex, ...] = ()  # waadmin's indexes, gone beside its other objects

    def __bool__(self) -> bool:
        return self.summary or self.search_index or bool(self.indexes)

    def names(self) -> list[str]:
        """What is gone, in a few words each (English, marked for the CLI's catalogue; the GUI
        has its own translated words)."""
        found = []
        if self.summary:
            found.append(N_("stats summary triggers"))
        if self.search_index:
            found.append(N_("text-search index triggers"))
        found += [item.wanted.name for item in self.indexes]
        return found


def find(conn: Connection, layout: Layout) -> LostObjects:
    summary_state = summary.state_of(conn, layout)
    search_state = search_index.state_of(conn, layout)
    # On PostgreSQL the search index is one index: BROKEN there means left invalid by an
    # interrupted build, not lost; 'waadmin doctor' explains that case.
    search_lost = conn.dialect.name == "sqlite" and search_state is search_index.State.BROKEN
    installed = summary_state is not summary.State.ABSENT or search_state is not search_index.State.ABSENT
    indexes: tuple[MissingIndex, ...] = ()
    if installed:
        indexes = tuple(item for item in missing_indexes(conn, layout) if item.wanted.owner == "waadmin")
    return LostObjects(summary_state is summary.State.BROKEN, search_lost, indexes)


def lost_objects(database: Database) -> LostObjects:
    with database.read() as conn:
        return find(conn, database.layout)


def reinstall(database: Database) -> LostObjects:
    """Put back what is lost now (looked at again: another waadmin may have repaired it since the
    banner or warning was shown); returns what was reinstalled. The summary is rebuilt from the
    attempts, since its counts stopped following them when the triggers went."""
    if database.read_only:
        raise ReadOnlyRefused("reinstall its triggers and indexes")
    layout = database.layout
    lost = lost_objects(database)
    if lost.summary:
        with database.write("reinstall the stats summary") as conn:
            summary.uninstall(conn, layout)
            summary.install(conn, layout)
    if lost.search_index:
        with database.write("reinstall the text-search index") as conn:
            search_index.uninstall(conn, layout)
            search_index.install(conn, layout)
    if lost.indexes:
        _create_indexes(database, lost.indexes)
    return lost


def _create_indexes(database: Database, missing: tuple[MissingIndex, ...]) -> None:
    try:
        if database.is_postgresql:
            # Built CONCURRENTLY (the Django app keeps writing), which cannot run in a transaction.
            with database.engine.connect() as conn:
                conn = conn.execution_options(isolation_level="AUTOCOMMIT")
                for item in missing:
                    conn.exec_driver_sql(item.sql)
        else:
            with database.write("reinstall waadmin's indexes") as conn:
                for item in missing:
                    conn.exec_driver_sql(item.sql)
    except SQLAlchemyError as exc:
        raise explain(exc, database.display_name) from exc
