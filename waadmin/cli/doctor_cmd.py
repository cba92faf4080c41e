"""``waadmin doctor``: which indexes the attempts queries need are missing from a database,
whether the stats summary and the text-search index are in place (on PostgreSQL: whether every
role that writes the attempts gets through the summary's triggers; on SQLite: the file's journal
mode), and the SQL that would fix them. Nothing changes unless --apply is given and confirmed: on a Django database the tables
belong to the Django app and its administrators."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from sqlalchemy.engine import Connection
from sqlalchemy.exc import SQLAlchemyError

from waadmin.cli import common
from waadmin.db import search_index, short_reads, summary, summary_roles
from waadmin.db.database import Database
from waadmin.db.errors import explain
from waadmin.db.indexes import MissingIndex, missing_indexes
from waadmin.db.layout import Layout


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("doctor", help="report missing indexes and the stats summary, and print the SQL that would add them")
    common.add_database_options(p)
    p.add_argument("--apply", action="store_true", help="create the missing indexes and the stats summary (asks first)")
    p.add_argument(
        "--remove-summary", action="store_true",
        help="drop the stats summary and its triggers (asks first), e.g. before a Django migration that drops a column they read",
    )
    p.add_argument(
        "--remove-search-index", action="store_true",
        help="drop the text-search index (and on SQLite its triggers) (asks first), e.g. when the Django app's SQLite has no FTS5",
    )
    p.add_argument(
        "--wal", action="store_true",
        help="with --apply, on SQLite: also switch the file to WAL mode (a property of the file that every program using it shares; see the report)",
    )
    p.add_argument("--yes", "-y", action="store_true", help="with --apply: do not ask for confirmation")
    p.set_defaults(handler=cmd_doctor)


def cmd_doctor(args: argparse.Namespace) -> int:
    if args.apply and args.read_only:
        raise common.UsageError("--apply et --read-only sont incompatibles / --apply cannot be read-only")
    if args.wal and not args.apply:
        raise common.UsageError("--wal va avec --apply / --wal goes with --apply (waadmin doctor --apply --wal)")
    if (args.remove_summary or args.remove_search_index) and args.read_only:
        raise common.UsageError("--remove-… et --read-only sont incompatibles / --remove-… cannot be read-only")
    database = common.open_from_args(args, create=False, warn_lost=False)  # it reports them itself
    try:
        if args.remove_summary:
            return _remove_summary(database, args.yes)
        if args.remove_search_index:
            return _remove_search_index(database, args.yes)
        with database.read() as conn:
            missing = missing_indexes(conn, database.layout)
            summary_state = summary.state_of(conn, database.layout)
            schema = summary.schema_of(conn) if database.is_postgresql else None
            roles = summary_roles.check(conn, database.layout) if database.is_postgresql and summary_state.usable else None
            search_state = search_index.state_of(conn, database.layout)
            search_possible = search_state is not search_index.State.ABSENT or search_index.available(conn)
            journal = short_reads.journal_mode(conn) if database.is_sqlite else None
        print(f"{database.describe()}")
        sql = _report_indexes(database, missing) + _report_summary(database, summary_state, schema, roles)
        grants = _report_roles(database, roles) if roles is not None else []
        sql += grants + _report_search(database, search_state, search_possible)
        if journal is not None:
            _report_journal(journal)
        switch_to_wal = args.wal and journal not in (None, "wal", "memory")
        if args.wal and journal is None:
            print("ℹ️  --wal : SQLite seulement / --wal applies to SQLite files only; nothing to switch here.")
        if not sql and not switch_to_wal:
            return 0
        if sql:
            print("\n-- SQL (not applied; run it yourself or use 'waadmin doctor --apply'):")
            for statement in sql:
                print(statement if statement.endswith(";") else statement + ";")
        if switch_to_wal:
            print(f"\n-- {WAL_PRAGMA}  (outside any transaction; the mode stays with the file)")
        if not args.apply:
            return 1  # something to fix: scripts can tell
        question = f"Appliquer ces changements sur {database.display_name} ? / apply these changes?"
        if not common.confirm(question, args.yes):
            print("Rien n'a été modifié / nothing was changed.")
            return 1
        if missing:
            _apply(database, missing)
            print(f"✅ {len(missing)} index créé(s) / created.")
        if summary_state is summary.State.OUTDATED:
            _repair_summary(database)
            print("✅ Fonctions du résumé remplacées / the stats summary's functions replaced (SECURITY DEFINER).")
        elif summary_state is not summary.State.READY:
            _install_summary(database, summary_state)
            print("✅ Résumé des statistiques installé / stats summary installed.")
        if grants:
            _grant(database, grants)
            print("✅ Droits accordés / privileges granted to " + ", ".join(roles.owners if roles else []) + ".")
        if search_state is not search_index.State.READY and search_possible:
            _install_search(database, search_state)
            print("✅ Index de recherche installé / text-search index installed.")
        if switch_to_wal:
            return _switch_to_wal(database, journal or "")
        return 0
    finally:
        database.dispose()


WAL_PRAGMA = "PRAGMA journal_mode = WAL;"


def _report_journal(mode: str) -> None:
    """The file's journal mode, and why waadmin leaves it to the file's owners."""
    if mode == "wal":
        print(
            "✅ Journal WAL / the file is in WAL mode: readers and the writer work at once, so the Django "
            "app's saves never wait for waadmin's reads (the -wal and -shm files beside it belong to it)."
        )
        return
    print(
        f"ℹ️  Journal « {mode} » / the file is in {mode} journal mode (SQLite's default, and Django's): a read "
        "holds the whole file and a save waits for it, so waadmin cuts its long reads into slices of about "
        "40 ms (interrupted past 80 ms), and a Django save waits about that long at most. WAL mode would let "
        "readers and the writer work at once (the Django app's saves never wait for waadmin's reads), but it "
        "is a property of the file that every program using it shares: it lives with the file once set, needs "
        "the -wal and -shm files beside it (every program needs write access to the folder, and copies or "
        "backups of the file alone miss what the -wal holds), and a local filesystem (not a network share: "
        "they need shared memory). waadmin does not change it unless asked: 'waadmin doctor --apply --wal' "
        f"(asks first) runs {WAL_PRAGMA}"
    )


def _switch_to_wal(database: Database, before: str) -> int:
    # PRAGMA journal_mode cannot change inside a transaction: on the raw connection, which
    # waadmin's engine leaves in autocommit (see database._install_sqlite_hooks).
    raw = database.engine.raw_connection()
    try:
        mode = str(raw.driver_connection.execute("PRAGMA journal_mode = WAL").fetchone()[0]).lower()
    except Exception as exc:  # noqa: BLE001 - a lock held by another program, a read-only folder
        raise explain(exc, database.display_name) from exc
    finally:
        raw.close()
    if mode != "wal":
        print(
            f"⚠️  Le fichier reste en mode « {mode} » / the file stays in {mode} mode: SQLite refused WAL here "
            "(a filesystem without shared memory, or a folder waadmin may not write the -wal file in)."
        )
        return 1
    common.audit_for(database).record("doctor", target=f"journal mode {before} -> wal", row_count=0)
    print("✅ Fichier passé en mode WAL / the file is now in WAL mode; 'PRAGMA journal_mode = DELETE;' puts it back.")
    return 0


def _report_indexes(database: Database, missing: list[MissingIndex]) -> list[str]:
    if not missing:
        print("✅ Tous les index utiles sont présents / every useful index is present.")
        return []
    print(f"⚠️  {len(missing)} index manquant(s) / missing index(es) on {database.layout.attempt_table}:")
    for item in missing:
        w = item.wanted
        print(f"  - {w.name} ({', '.join(w.columns)}) [{w.owner}]: {w.why}")
    return [item.sql for item in missing]


def _report_summary(database: Database, state: summary.State, schema: str | None, roles: summary_roles.RoleCheck | None) -> list[str]:
    layout = database.layout
    dialect = "postgresql" if database.is_postgresql else "sqlite"
    if state is summary.State.READY:
        print("✅ Résumé des statistiques en place / the stats summary is installed.")
        return []
    if state is summary.State.OUTDATED:
        owners = roles.owners if roles else []
        as_owner = (
            f" Only their owner may replace them: run it as {', '.join(owners)}."
            if roles and owners and roles.current_role not in owners else ""
        )
        print(
            "⚠️  Résumé des statistiques à réparer / the stats summary needs repair: its trigger functions "
            f"({', '.join(summary.function_names(layout))}) are not SECURITY DEFINER with a fixed search_path, so they "
            f"run as whichever role writes to {layout.attempt_table}, and a role without rights on the "
            f"{summary.prefix(layout)}_* tables (the Django app's own role, typically) cannot insert, update or delete "
            "attempts at all ('permission denied for table …'). --apply replaces them (CREATE OR REPLACE FUNCTION: "
            "no lock, no recount)." + as_owner
        )
        return summary.function_sql(layout, schema or "public")
    if state is summary.State.BROKEN:
        print(
            "⚠️  Résumé des statistiques incomplet / the stats summary is incomplete: a trigger on "
            f"{layout.attempt_table} is missing (a Django migration that rebuilt the table drops them), so its "
            "counts stopped following the attempts. waadmin ignores it; --apply rebuilds it."
        )
        return summary.uninstall_sql(layout, dialect) + summary.install_sql(layout, dialect, schema)
    print(
        "⚠️  Pas de résumé des statistiques / no stats summary: the dashboard reads every attempt of its window "
        "(seconds at a million attempts). Installing it adds tables "
        f"{summary.prefix(layout)}_* and triggers on {layout.attempt_table} that append one row to a log per "
        "change (no lock the Django app could wait on), then counts the existing attempts"
        + (" while writes to the table wait." if dialect == "postgresql" else ".")
    )
    return summary.install_sql(layout, dialect, schema)


def _report_roles(database: Database, roles: summary_roles.RoleCheck) -> list[str]:
    """Who writes the attempts and whether the summary's triggers let them; the GRANTs the
    functions' owner lacks (the repair of functions that run as the writer is the summary's)."""
    table = database.layout.attempt_table
    writers = ", ".join(w.role for w in roles.writers)
    if roles.current_lacks:
        # Not in the SQL to apply: only the tables' owner may grant it, and this role is not it.
        print(
            f"ℹ️  Résumé illisible pour ce rôle / {roles.current_role} may not read or fold the stats summary, so "
            "waadmin's dashboard reads the attempts here (right, but slower). Its owner, "
            f"{', '.join(roles.owners) or 'the role that installed it'}, may run: {roles.current_lacks};"
        )
    if not roles.writers and not roles.grants:
        print(f"✅ Rôles / only superusers may write {table}, and they pass the summary's triggers.")
        return []
    owners = ", ".join(roles.owners)
    if roles.blocked:
        why = (
            f"their owner, {owners}, may not write the {summary.prefix(database.layout)}_* tables"
            if all(f.security_definer for f in roles.functions)
            else "the functions run as the writing role, which may not write the summary's tables: see above"
        )
        print(
            f"⚠️  Rôles bloqués / roles whose writes to {table} fail in the summary's triggers: {', '.join(roles.blocked)} "
            f"({why}). Roles that may write it: {writers}."
        )
    elif roles.grants:
        print(f"⚠️  Droits manquants / the summary's functions run as {owners}, who lacks rights on its tables; roles that may write {table}: {writers}.")
    else:
        print(f"✅ Rôles / roles that may write {table}: {writers}; the summary's triggers let each through.")
    return list(roles.grants)


def _report_search(database: Database, state: search_index.State, possible: bool) -> list[str]:
    layout = database.layout
    dialect = "postgresql" if database.is_postgresql else "sqlite"
    if state is search_index.State.READY:
        print("✅ Index de recherche en place / the text-search index is installed.")
        return []
    if not possible:
        needs = (
            "the pg_trgm extension (Debian: the postgresql package; elsewhere postgresql-contrib)"
            if dialect == "postgresql"
            else "an SQLite with FTS5 and its trigram tokenizer (3.34 or later)"
        )
        print(f"ℹ️  Pas d'index de recherche possible / no text-search index possible here: it needs {needs}. "
              "Searches for rare text read the whole table.")
        return []
    with database.read() as conn:
        reorder = search_index.reorder_sql(conn, layout)
        statistics = search_index.expression_statistics(conn)
    build = _search_sql(layout, dialect, state, statistics) + reorder
    if state is search_index.State.PARTIAL:
        print(
            "⚠️  Index de recherche sans statistiques / the text-search index lacks its planner statistics: "
            "PostgreSQL guesses how common a searched text is and may read a common one through the index "
            "(hundreds of ms). --apply adds them (CREATE STATISTICS, then ANALYZE)."
        )
        return build
    if state is search_index.State.BROKEN:
        print(
            "⚠️  Index de recherche incomplet / the text-search index is incomplete "
            + ("(left invalid by an interrupted build)" if dialect == "postgresql" else f"(a trigger on {layout.attempt_table} is missing)")
            + ": waadmin ignores it; --apply rebuilds it."
        )
        return build
    if dialect == "postgresql":
        print(
            "⚠️  Pas d'index de recherche / no text-search index: a search for rare text reads every attempt "
            f"(about a second at a million). The fix is a pg_trgm GIN index, {search_index.name(layout)}, "
            "built CONCURRENTLY (the Django app keeps writing meanwhile)."
        )
    else:
        print(
            "⚠️  Pas d'index de recherche / no text-search index: a search for rare text reads every attempt "
            f"(seconds at a million). The fix is an FTS5 trigram table, {search_index.name(layout)}, kept by triggers "
            f"on {layout.attempt_table} (about a quarter more disk; ~15 s per million attempts to build, writes wait "
            "meanwhile). Every program that writes to this file, the Django app included, then needs an SQLite with "
            "FTS5 (standard builds have it); 'waadmin doctor --remove-search-index' takes it out again."
        )
    return build


def _search_sql(layout: Layout, dialect: str, state: search_index.State, statistics: bool) -> list[str]:
    statements = search_index.install_sql(layout, dialect, concurrently=dialect == "postgresql", statistics=statistics)
    if state is search_index.State.BROKEN:
        statements = search_index.uninstall_sql(layout, dialect) + statements
    return statements


def _install_search(database: Database, state: search_index.State) -> None:
    layout = database.layout
    try:
        if database.is_postgresql:
            # CREATE INDEX CONCURRENTLY cannot run inside a transaction block.
            with database.engine.connect() as conn:
                conn = conn.execution_options(isolation_level="AUTOCOMMIT")
                for statement in _search_sql(layout, "postgresql", state, search_index.expression_statistics(conn)):
                    conn.exec_driver_sql(statement)
        else:
            with database.write("install the text-search index") as conn:
                if state is search_index.State.BROKEN:
                    search_index.uninstall(conn, layout)
                search_index.install(conn, layout)
    except SQLAlchemyError as exc:
        raise explain(exc, database.display_name) from exc
    common.audit_for(database).record("doctor", target="text-search index", row_count=0)


def _remove_search_index(database: Database, assume_yes: bool) -> int:
    return _remove(
        database, assume_yes,
        present=search_index.state(database) is not search_index.State.ABSENT,
        sql=search_index.uninstall_sql(database.layout, database.kind),
        uninstall=search_index.uninstall,
        what=("l'index de recherche", "the text-search index"),
        after="searches read the table again.",
    )


def _remove_summary(database: Database, assume_yes: bool) -> int:
    return _remove(
        database, assume_yes,
        present=summary.state(database) is not summary.State.ABSENT,
        sql=summary.uninstall_sql(database.layout, database.kind),
        uninstall=summary.uninstall,
        what=("le résumé des statistiques", "the stats summary"),
        after="the dashboard reads the attempts again.",
    )


def _remove(
    database: Database,
    assume_yes: bool,
    *,
    present: bool,
    sql: list[str],
    uninstall: Callable[[Connection, Layout], None],
    what: tuple[str, str],
    after: str,
) -> int:
    french, english = what
    if not present:
        print(f"Rien à supprimer / there is no {english.removeprefix('the ')} to remove.")
        return 0
    for statement in sql:
        print(statement + ";")
    if not common.confirm(f"Supprimer {french} de {database.display_name} ? / remove {english}?", assume_yes):
        print("Rien n'a été modifié / nothing was changed.")
        return 1
    with database.write(f"remove {english}") as conn:
        uninstall(conn, database.layout)
    common.audit_for(database).record("doctor", target=f"{english.removeprefix('the ')} removed", row_count=0)
    print(f"✅ {french[0].upper()}{french[1:]} supprimé / {english} removed; {after}")
    return 0


def _install_summary(database: Database, state: summary.State) -> None:
    with database.write("install the stats summary") as conn:
        if state is summary.State.BROKEN:
            summary.uninstall(conn, database.layout)
        summary.install(conn, database.layout)
    common.audit_for(database).record("doctor", target="stats summary", row_count=0)


def _repair_summary(database: Database) -> None:
    with database.write("repair the stats summary") as conn:
        summary.repair(conn, database.layout)
    common.audit_for(database).record("doctor", target="stats summary functions", row_count=0)


def _grant(database: Database, grants: list[str]) -> None:
    with database.write("grant the stats summary's owner its rights") as conn:
        for statement in grants:
            conn.exec_driver_sql(statement)
    common.audit_for(database).record("doctor", target="stats summary grants", row_count=0)


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
