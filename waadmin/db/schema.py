"""Create the Django tables on a new database, exactly as Django's migration would.

On an empty database the Django user tables come first, with the migration records of them and
of the monitoring tables (:mod:`waadmin.db.django_users`), so that the Django app's ``migrate``
accepts the database. On a database that already holds tables, only the monitoring tables are
made, and the user FK is declared only when ``authentication_customuser`` exists: PostgreSQL
refuses a reference to a missing table, and the column itself is what Django reads.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import BigInteger, CheckConstraint, Column, ForeignKeyConstraint, MetaData, Table, inspect
from sqlalchemy.engine import Connection

from waadmin.db import django_users, search_index, summary
from waadmin.db.indexes import create_waadmin_indexes
from waadmin.db.layout import Layout
from waadmin.db.models import USER_TABLE, django_fk_name

if TYPE_CHECKING:  # for annotations only: database.py itself creates the schema through this module
    from waadmin.db.database import Database


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
        # Only a database holding nothing (waadmin's own tables aside) is ours to lay out for
        # Django; tables someone else made are never joined by user tables of ours.
        lay_out_for_django = not {t for t in existing if not t.startswith("waadmin_")}
        if lay_out_for_django:
            django_users.install(conn, layout)
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
            if lay_out_for_django:
                django_users.record_monitoring(conn, layout)
    if lay_out_for_django:
        database.has_users = True
    return layout


def ensure_user_table(database: Database) -> bool:
    """Give a database waadmin made before it laid out the Django user tables (its monitoring
    tables only, no Django history) those tables and their migration records, so the demo has
    somewhere to put names that the Django app accepts. A database Django has touched is left
    as it is. Returns whether the user table is there afterwards."""
    with database.write("create the Django user tables") as conn:
        if django_users.is_blank_for_django(conn):
            django_users.install(conn, database.layout)
            table = database.layout.attempt_table
            if database.is_postgresql and table in set(inspect(conn).get_table_names()) and not _has_user_ids(conn, table):
                # What the recorded 0001 would have made; SQLite cannot add a constraint to an
                # existing table, and Django applies ON DELETE SET NULL itself either way.
                conn.exec_driver_sql(
                    f'ALTER TABLE "{table}" ADD CONSTRAINT "{_user_fk_name(table)}" FOREIGN KEY ("user_id") '
                    f'REFERENCES "{USER_TABLE}" ("id") DEFERRABLE INITIALLY DEFERRED'
                )
    database.refresh_detection()
    return database.has_users


def _has_user_ids(conn: Connection, table: str) -> bool:
    # Ids set while there was no user table point at nobody; a constraint would refuse them.
    return conn.exec_driver_sql(f'SELECT 1 FROM "{table}" WHERE "user_id" IS NOT NULL LIMIT 1').first() is not None
