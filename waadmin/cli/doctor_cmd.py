"""``waadmin doctor``: which indexes the attempts queries need are missing from a database,
whether the stats summary is in place, and the SQL that would fix both. Nothing changes unless --apply is given and confirmed: on a Django
database the tables belong to the Django app and its administrators."""

from __future__ import annotations

import argparse

from sqlalchemy.exc import SQLAlchemyError

from waadmin.cli import common
from waadmin.db import summary
from waadmin.db.database import Database
from waadmin.db.errors import explain
from waadmin.db.indexes import MissingIndex, missing_indexes


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("doctor", help="report missing indexes and the stats summary, and print the SQL that would add them")
    common.add_database_options(p)
    p.add_argument("--apply", action="store_true", help="create the missing indexes and the stats summary (asks first)")
    p.add_argument(
        "--remove-summary", action="store_true",
        help="drop the stats summary and its triggers (asks first), e.g. before a Django migration that drops a column they read",
    )
    p.add_argument("--yes", "-y", action="store_true", help="with --apply: do not ask for confirmation")
    p.set_defaults(handler=cmd_doctor)


def cmd_doctor(args: argparse.Namespace) -> int:
    if args.apply and args.read_only:
        raise common.UsageError("--apply et --read-only sont incompatibles / --apply cannot be read-only")
    if args.remove_summary and args.read_only:
        raise common.UsageError("--remove-summary et --read-only sont incompatibles / --remove-summary cannot be read-only")
    database = common.open_from_args(args, create=False)
    try:
        if args.remove_summary:
            return _remove_summary(database, args.yes)
        with database.read() as conn:
            missing = missing_indexes(conn, database.layout)
            summary_state = summary.state_of(conn, database.layout)
        print(f"{database.describe()}")
        sql = _report_indexes(database, missing) + _report_summary(database, summary_state)
        if not sql:
            return 0
        print("\n-- SQL (not applied; run it yourself or use 'waadmin doctor --apply'):")
        for statement in sql:
            print(statement if statement.endswith(";") else statement + ";")
        if not args.apply:
            return 1  # something to fix: scripts can tell
        question = f"Appliquer ces changements sur {database.display_name} ? / apply these changes?"
        if not common.confirm(question, args.yes):
            print("Rien n'a été modifié / nothing was changed.")
            return 1
        if missing:
            _apply(database, missing)
            print(f"✅ {len(missing)} index créé(s) / created.")
        if summary_state is not summary.State.READY:
            _install_summary(database, summary_state)
            print("✅ Résumé des statistiques installé / stats summary installed.")
        return 0
    finally:
        database.dispose()


def _report_indexes(database: Database, missing: list[MissingIndex]) -> list[str]:
    if not missing:
        print("✅ Tous les index utiles sont présents / every useful index is present.")
        return []
    print(f"⚠️  {len(missing)} index manquant(s) / missing index(es) on {database.layout.attempt_table}:")
    for item in missing:
        w = item.wanted
        print(f"  - {w.name} ({', '.join(w.columns)}) [{w.owner}]: {w.why}")
    return [item.sql for item in missing]


def _report_summary(database: Database, state: summary.State) -> list[str]:
    layout = database.layout
    dialect = "postgresql" if database.is_postgresql else "sqlite"
    if state is summary.State.READY:
        print("✅ Résumé des statistiques en place / the stats summary is installed.")
        return []
    if state is summary.State.BROKEN:
        print(
            "⚠️  Résumé des statistiques incomplet / the stats summary is incomplete: a trigger on "
            f"{layout.attempt_table} is missing (a Django migration that rebuilt the table drops them), so its "
            "counts stopped following the attempts. waadmin ignores it; --apply rebuilds it."
        )
        return summary.uninstall_sql(layout, dialect) + summary.install_sql(layout, dialect)
    print(
        "⚠️  Pas de résumé des statistiques / no stats summary: the dashboard reads every attempt of its window "
        "(seconds at a million attempts). Installing it adds tables "
        f"{summary.prefix(layout)}_* and triggers on {layout.attempt_table} that append one row to a log per "
        "change (no lock the Django app could wait on), then counts the existing attempts"
        + (" while writes to the table wait." if dialect == "postgresql" else ".")
    )
    return summary.install_sql(layout, dialect)


def _remove_summary(database: Database, assume_yes: bool) -> int:
    layout = database.layout
    dialect = "postgresql" if database.is_postgresql else "sqlite"
    if summary.state(database) is summary.State.ABSENT:
        print("Pas de résumé des statistiques / there is no stats summary to remove.")
        return 0
    for statement in summary.uninstall_sql(layout, dialect):
        print(statement + ";")
    if not common.confirm(f"Supprimer le résumé des statistiques de {database.display_name} ? / remove it?", assume_yes):
        print("Rien n'a été modifié / nothing was changed.")
        return 1
    with database.write("remove the stats summary") as conn:
        summary.uninstall(conn, layout)
    common.audit_for(database).record("doctor", target="stats summary removed", row_count=0)
    print("✅ Résumé des statistiques supprimé / stats summary removed; the dashboard reads the attempts again.")
    return 0


def _install_summary(database: Database, state: summary.State) -> None:
    with database.write("install the stats summary") as conn:
        if state is summary.State.BROKEN:
            summary.uninstall(conn, database.layout)
        summary.install(conn, database.layout)
    common.audit_for(database).record("doctor", target="stats summary", row_count=0)


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
