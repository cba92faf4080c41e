"""``waadmin doctor``: which indexes the attempts queries need are missing from a database, and
the SQL that would add them. Nothing changes unless --apply is given and confirmed: on a Django
database the tables belong to the Django app and its administrators."""

from __future__ import annotations

import argparse

from sqlalchemy.exc import SQLAlchemyError

from waadmin.cli import common
from waadmin.db.database import Database
from waadmin.db.errors import explain
from waadmin.db.indexes import MissingIndex, missing_indexes


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("doctor", help="report missing indexes and print the SQL that would add them")
    common.add_database_options(p)
    p.add_argument("--apply", action="store_true", help="create the missing indexes (asks first)")
    p.add_argument("--yes", "-y", action="store_true", help="with --apply: do not ask for confirmation")
    p.set_defaults(handler=cmd_doctor)


def cmd_doctor(args: argparse.Namespace) -> int:
    if args.apply and args.read_only:
        raise common.UsageError("--apply et --read-only sont incompatibles / --apply cannot be read-only")
    database = common.open_from_args(args, create=False)
    try:
        with database.read() as conn:
            missing = missing_indexes(conn, database.layout)
        print(f"{database.describe()}")
        if not missing:
            print("✅ Tous les index utiles sont présents / every useful index is present.")
            return 0
        print(f"⚠️  {len(missing)} index manquant(s) / missing index(es) on {database.layout.attempt_table}:")
        for item in missing:
            w = item.wanted
            print(f"  - {w.name} ({', '.join(w.columns)}) [{w.owner}]: {w.why}")
        print("\n-- SQL (not applied; run it yourself or use 'waadmin doctor --apply'):")
        for item in missing:
            print(item.sql)
        if not args.apply:
            return 1  # something to fix: scripts can tell
        question = f"Créer {len(missing)} index sur {database.display_name} ? / create them?"
        if not common.confirm(question, args.yes):
            print("Rien n'a été modifié / nothing was changed.")
            return 1
        _apply(database, missing)
        print(f"✅ {len(missing)} index créé(s) / created.")
        return 0
    finally:
        database.dispose()


def _apply(database: Database, missing: list[MissingIndex]) -> None:
    try:
        with database.engine.connect() as conn:
            if database.is_postgresql:
                # CREATE INDEX CONCURRENTLY cannot run inside a transaction block.
                conn = conn.execution_options(isolation_level="AUTOCOMMIT")
                for item in missing:
                    conn.exec_driver_sql(item.sql)
            else:
                with conn.begin():
                    for item in missing:
                        conn.exec_driver_sql(item.sql)
    except SQLAlchemyError as exc:
        raise explain(exc, database.display_name) from exc
    common.audit_for(database).record("doctor", target=", ".join(i.wanted.name for i in missing), row_count=0)
