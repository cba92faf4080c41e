"""Create the Django tables on a new database, exactly as Django's migration would.

The user FK is declared only when ``authentication_customuser`` exists: PostgreSQL refuses a
reference to a missing table, and the column itself is what Django reads.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, CheckConstraint, Column, ForeignKeyConstraint, MetaData, Table, inspect

from waadmin.db import search_index, summary
from waadmin.db.database import Database
from waadmin.db.indexes import create_waadmin_indexes
from waadmin.db.layout import Layout
from waadmin.db.models import USER_TABLE, django_fk_name


def _user_fk_name(table: str) -> str:
    """Django's name for the user FK on PostgreSQL (``_fk_constraint_name`` with its 63-char limit)."""
    return django_fk_name(table, "user_id", USER_TABLE)


def create_schema(database: Database, layout: Layout | None = None) -> Layout:
    """Create the layout's attempts and webhook tables with their indexes, the stats summary and
    the text-search index where the server allows it (idempotent)."""
    layout = layout or database.layout
    if database.is_sqlite:
        # WAL lets the GUI read while a worker writes; it is a property of the file we made.
        # PRAGMA journal_mode cannot run inside the transaction SQLAlchemy would open.
        raw = database.engine.raw_connection()
        try:
            raw.driver_connection.execute("PRAGMA journal_mode = WAL")
        finally:
            raw.close()
    with database.engine.begin() as conn:
        existing = set(inspect(conn).get_table_names())
        metadata = MetaData()
        attempt = layout.attempt.__table__.to_metadata(metadata)
        webhook = layout.webhook.__table__.to_metadata(metadata)
        if not database.is_sqlite:
            # to_metadata() loses ddl_if(): drop the SQLite JSON_VALID checks by hand.
            for table in (attempt, webhook):
                table.constraints = {
                    c for c in table.constraints if not (isinstance(c, CheckConstraint) and str(c.name).endswith("_json_valid"))
                }
        if USER_TABLE in existing:
            Table(USER_TABLE, metadata, Column("id", BigInteger, primary_key=True))
            attempt.append_constraint(
                ForeignKeyConstraint(
                    ["user_id"],
                    [f"{USER_TABLE}.id"],
                    name=_user_fk_name(attempt.name),
                    deferrable=True,
                    initially="DEFERRED",
                )
            )
        metadata.create_all(conn, tables=[attempt, webhook], checkfirst=True)
        if layout.attempt_table not in existing:
            # Only a table made just now gets waadmin's own indexes: an existing Django table is
            # never altered here ('waadmin doctor' proposes them instead).
            create_waadmin_indexes(conn, layout)
            summary.install(conn, layout)
            search_index.install_if_possible(conn, layout)
    return layout


def ensure_user_table(database: Database) -> None:
    """Create the Django user table (demo databases only, never an existing Django one)."""
    from waadmin.db.models import CustomUser

    with database.engine.connect() as conn, conn.begin():
        CustomUser.metadata.create_all(conn, checkfirst=True)
    database.has_users = True
