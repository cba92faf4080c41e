"""``waadmin doctor``: which indexes the attempts queries need are missing from a database,
whether the stats summary and the text-search index are in place (on PostgreSQL: whether every
role that writes the attempts gets through the summary's triggers; on SQLite: the file's journal
mode), and the SQL that would fix them. Nothing changes unless --apply is given and confirmed: on a Django database the tables
belong to the Django app and its administrators."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import SQLAlchemyError

from waadmin.cli import common
from waadmin.cli.i18n import _, engine_text, ngettext
from waadmin.db import search_index, short_reads, summary, summary_roles
from waadmin.db.database import Database
from waadmin.db.errors import DatabaseProblem, ProblemKind, explain
from waadmin.db.indexes import MissingIndex, missing_indexes
from waadmin.db.layout import Layout


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("doctor", help=_("report missing indexes and the stats summary, and print the SQL that would add them"))
    common.add_database_options(p)
    p.add_argument("--apply", action="store_true", help=_("create the missing indexes and the stats summary (asks first)"))
    p.add_argument(
        "--remove-summary", action="store_true",
        help=_("drop the stats summary and its triggers (asks first), e.g. before a Django migration that drops a column they read"),
    )
    p.add_argument(
        "--remove-search-index", action="store_true",
        help=_("drop the text-search index (and on SQLite its triggers) (asks first), e.g. when the Django app's SQLite has no FTS5"),
    )
    p.add_argument(
        "--wal", action="store_true",
        help=_("with --apply, on SQLite: also switch the file to WAL mode (a property of the file that every program using it shares; see the report)"),
    )
    p.add_argument("--yes", "-y", action="store_true", help=_("with --apply: do not ask for confirmation"))
    p.set_defaults(handler=cmd_doctor)


def cmd_doctor(args: argparse.Namespace) -> int:
    if args.apply and args.read_only:
        raise common.UsageError(_("--apply cannot be read-only"))
    if args.wal and not args.apply:
        raise common.UsageError(_("--wal goes with --apply (waadmin doctor --apply --wal)"))
    if (args.remove_summary or args.remove_search_index) and args.read_only:
        raise common.UsageError(_("--remove-… cannot be read-only"))
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
            later = summary.missing_rollups(conn, database.layout) if summary_state.usable else ()
            search_state = search_index.state_of(conn, database.layout)
            search_possible = search_state is not search_index.State.ABSENT or search_index.available(conn)
            journal = short_reads.journal_mode(conn) if database.is_sqlite else None
        print(common.describe_database(database))
        sql = _report_indexes(database, missing) + _report_summary(database, summary_state, schema, roles)
        sql += _report_later_rollups(database, later, schema)
        grants = _report_roles(database, roles) if roles is not None else []
        sql += grants + _report_search(database, search_state, search_possible)
        if journal is not None:
            _report_journal(journal)
        switch_to_wal = args.wal and journal not in (None, "wal", "memory")
        if args.wal and journal is None:
            print("ℹ️  " + _("--wal applies to SQLite files only; nothing to switch here."))
        if not sql and not switch_to_wal:
            return 0
        if sql:
            print("\n-- " + _("SQL (not applied; run it yourself or use 'waadmin doctor --apply'):"))
            for statement in sql:
                print(statement if statement.endswith(";") else statement + ";")
        if switch_to_wal:
            print(f"\n-- {WAL_PRAGMA}  " + _("(outside any transaction; the mode stays with the file)"))
        if not args.apply:
            return 1  # something to fix: scripts can tell
        question = _("Apply these changes to {database}?").format(database=database.display_name)
        if not common.confirm(question, args.yes):
            print(_("Nothing was changed."))
            return 1
        left = Refusals(database)
        created = sum(
            left.attempt(_("the index {name}").format(name=item.wanted.name), [item.sql], lambda item=item: _apply(database, [item]))
            for item in missing
        )
        if created:
            print("✅ " + ngettext("{count} index created.", "{count} indexes created.", created).format(count=created))
        if summary_state is summary.State.OUTDATED:
            repaired = left.attempt(
                _("the stats summary's functions (SECURITY DEFINER)"), summary.function_sql(database.layout, schema or "public"),
                lambda: _repair_summary(database), owner=", ".join(roles.owners) if roles else None,
            )
            if repaired:
                print("✅ " + _("The stats summary's functions replaced (SECURITY DEFINER)."))
        elif summary_state is not summary.State.READY:
            installed = left.attempt(
                _("the stats summary (its tables, and triggers on {table})").format(table=database.layout.attempt_table),
                _summary_script(database, summary_state, schema), lambda: _install_summary(database, summary_state),
            )
            if installed:
                print("✅ " + _("Stats summary installed."))
        if later and left.attempt(
            _("the stats summary's breakdowns per dimension"), _later_rollups_script(database, later, schema), lambda: _add_later_rollups(database)
        ):
            print("✅ " + _("The stats summary's breakdowns per dimension added."))
        if grants:
            owners = ", ".join(roles.owners if roles else [])
            if left.attempt(_("the privileges of {roles}").format(roles=owners), grants, lambda: _grant(database, grants), owner=owners):
                print("✅ " + _("Privileges granted to {roles}.").format(roles=owners))
        if search_state is not search_index.State.READY and search_possible:
            with database.read() as conn:
                build = _search_sql(database.layout, database.kind, search_state, search_index.expression_statistics(conn))
                build += search_index.reorder_sql(conn, database.layout)
            if left.attempt(
                _("the text-search index {name}").format(name=search_index.name(database.layout)),
                build if database.is_postgresql else ["BEGIN", *build, "COMMIT"],
                lambda: _install_search(database, search_state),
            ):
                print("✅ " + _("Text-search index installed."))
        status = _switch_to_wal(database, journal or "") if switch_to_wal else 0
        if left.count:
            print("⚠️  " + ngettext(
                "{count} change was not applied: run its SQL above as the role its line names (in psql, or sqlite3 for an SQLite file).",
                "{count} changes were not applied: run their SQL above as the roles their lines name (in psql, or sqlite3 for an SQLite file).",
                left.count,
            ).format(count=left.count))
            return 1
        return status
    finally:
        database.dispose()


class Refusals:
    """The changes of an --apply that this connection's role may not make (the tables belong to
    the Django app's role): each one is tried on its own, so one refusal does not stop the
    others, and reported in one line with the SQL its owner may run instead."""

    def __init__(self, database: Database) -> None:
        self.database = database
        self.count = 0
        self._owner: str | None = None

    def attempt(self, what: str, sql: list[str], apply: Callable[[], None], *, owner: str | None = None) -> bool:
        """``apply()``; False, with the line, if the database refused it for want of a right."""
        try:
            apply()
        except DatabaseProblem as problem:
            detail = _refusal(problem)
            if detail is None:
                raise
            self.count += 1
            script = " ".join(s if s.endswith(";") else s + ";" for s in sql)
            print("⛔ " + _("Not applied: {what} ({detail}). As {owner}, run: {sql}").format(
                what=what, detail=detail, owner=owner or self.owner(), sql=script,
            ))
            return False
        return True

    def owner(self) -> str:
        """Who may change the attempts table: its owner on PostgreSQL, on SQLite whoever may
        write the file."""
        if self._owner is None:
            if self.database.is_postgresql:
                with self.database.read() as conn:
                    found = conn.execute(
                        text("SELECT pg_get_userbyid(relowner) FROM pg_class WHERE oid = to_regclass(:t)"),
                        {"t": summary.quoted(self.database.layout.attempt_table)},
                    ).scalar()
                self._owner = str(found) if found else _("the owner of {table}").format(table=self.database.layout.attempt_table)
            else:
                self._owner = _("a user who may write {file}").format(file=self.database.display_name)
        return self._owner


def _refusal(problem: DatabaseProblem) -> str | None:
    """The database's own words when it refused a change for want of a right (not being the
    table's owner, no TRIGGER or CREATE privilege, a read-only file), else None."""
    cause: BaseException | None = problem
    while cause is not None:
        if getattr(cause, "sqlstate", None) == "42501":  # insufficient_privilege, 'must be owner of …' too
            return str(cause).splitlines()[0]
        cause = getattr(cause, "orig", None) or cause.__cause__
    if problem.kind in (ProblemKind.PERMISSION, ProblemKind.READ_ONLY):
        return problem.detail or str(problem)
    return None


def _summary_script(database: Database, state: summary.State, schema: str | None) -> list[str]:
    """The summary's install as its owner may run it: in one transaction, the attempts table
    locked against writes meanwhile as install() does, so the triggers and the first counts see
    the same rows."""
    layout = database.layout
    dialect = database.kind
    body = summary.install_sql(layout, dialect, schema)
    if state is summary.State.BROKEN:
        body = summary.uninstall_sql(layout, dialect) + body
    if dialect == "postgresql":
        return ["BEGIN", f'LOCK TABLE "{layout.attempt_table}" IN SHARE ROW EXCLUSIVE MODE', *body, "COMMIT"]
    return ["BEGIN IMMEDIATE", *body, "COMMIT"]


def _report_later_rollups(database: Database, later: tuple[summary.Rollup, ...], schema: str | None) -> list[str]:
    """A summary an older waadmin installed, without the tables added since."""
    if not later:
        return []
    print("⚠️  " + _(
        "The stats summary was installed by an older waadmin and lacks its breakdowns per dimension "
        "({tables}): the dashboard's breakdowns add up every combination of type, app, category, region "
        "and error instead, and read up to a day of attempts at each edge of their window. "
        "--apply adds them (it counts the attempts while writes to {table} wait)."
    ).format(tables=", ".join(summary.rollup_table(database.layout, r) for r in later), table=database.layout.attempt_table))
    return _later_rollups_script(database, later, schema)


def _later_rollups_script(database: Database, later: tuple[summary.Rollup, ...], schema: str | None) -> list[str]:
    layout = database.layout
    body = summary.add_rollups_sql(layout, database.kind, later, schema)
    if database.is_postgresql:
        return ["BEGIN", f'LOCK TABLE "{layout.attempt_table}" IN SHARE ROW EXCLUSIVE MODE', *body, "COMMIT"]
    return ["BEGIN IMMEDIATE", *body, "COMMIT"]


def _add_later_rollups(database: Database) -> None:
    with database.write("add the stats summary's breakdowns per dimension") as conn:
        added = summary.add_rollups(conn, database.layout)
    common.audit_for(database).record("doctor", target="stats summary: " + ", ".join(r.suffix for r in added), row_count=0)


WAL_PRAGMA = "PRAGMA journal_mode = WAL;"


def _report_journal(mode: str) -> None:
    """The file's journal mode, and why waadmin leaves it to the file's owners."""
    if mode == "wal":
        print("✅ " + _(
            "The file is in WAL mode: readers and the writer work at once, so the Django "
            "app's saves never wait for waadmin's reads (the -wal and -shm files beside it belong to it)."
        ))
        return
    print("ℹ️  " + _(
        "The file is in {mode} journal mode (SQLite's default, and Django's): a read "
        "holds the whole file and a save waits for it, so waadmin cuts its long reads into slices of about "
        "40 ms (interrupted past 80 ms), and a Django save waits about that long at most. WAL mode would let "
        "readers and the writer work at once (the Django app's saves never wait for waadmin's reads), but it "
        "is a property of the file that every program using it shares: it lives with the file once set, needs "
        "the -wal and -shm files beside it (every program needs write access to the folder, and copies or "
        "backups of the file alone miss what the -wal holds), and a local filesystem (not a network share: "
        "they need shared memory). waadmin does not change it unless asked: 'waadmin doctor --apply --wal' "
        "(asks first) runs {pragma}"
    ).format(mode=mode, pragma=WAL_PRAGMA))


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
        print("⚠️  " + _(
            "The file stays in {mode} mode: SQLite refused WAL here "
            "(a filesystem without shared memory, or a folder waadmin may not write the -wal file in)."
        ).format(mode=mode))
        return 1
    common.audit_for(database).record("doctor", target=f"journal mode {before} -> wal", row_count=0)
    print("✅ " + _("The file is now in WAL mode; 'PRAGMA journal_mode = DELETE;' puts it back."))
    return 0


def _report_indexes(database: Database, missing: list[MissingIndex]) -> list[str]:
    if not missing:
        print("✅ " + _("Every useful index is present."))
        return []
    print("⚠️  " + ngettext("{count} index missing on {table}:", "{count} indexes missing on {table}:", len(missing)).format(count=len(missing), table=database.layout.attempt_table))
    for item in missing:
        w = item.wanted
        print(f"  - {w.name} ({', '.join(w.columns)}) [{w.owner}]: {engine_text(w.why)}")
    return [item.sql for item in missing]


def _report_summary(database: Database, state: summary.State, schema: str | None, roles: summary_roles.RoleCheck | None) -> list[str]:
    layout = database.layout
    dialect = "postgresql" if database.is_postgresql else "sqlite"
    if state is summary.State.READY:
        print("✅ " + _("The stats summary is installed."))
        return []
    if state is summary.State.OUTDATED:
        owners = roles.owners if roles else []
        as_owner = (
            _(" Only their owner may replace them: run it as {owners}.").format(owners=", ".join(owners))
            if roles and owners and roles.current_role not in owners else ""
        )
        print("⚠️  " + _(
            "The stats summary needs repair: its trigger functions "
            "({functions}) are not SECURITY DEFINER with a fixed search_path, so they "
            "run as whichever role writes to {table}, and a role without rights on the "
            "{prefix}_* tables (the Django app's own role, typically) cannot insert, update or delete "
            "attempts at all ('permission denied for table …'). --apply replaces them (CREATE OR REPLACE FUNCTION: "
            "no lock, no recount)."
        ).format(functions=", ".join(summary.function_names(layout)), table=layout.attempt_table, prefix=summary.prefix(layout)) + as_owner)
        return summary.function_sql(layout, schema or "public")
    if state is summary.State.BROKEN:
        print("⚠️  " + _(
            "The stats summary is incomplete: a trigger on "
            "{table} is missing (a Django migration that rebuilt the table drops them), so its "
            "counts stopped following the attempts. waadmin ignores it; --apply rebuilds it."
        ).format(table=layout.attempt_table))
        return summary.uninstall_sql(layout, dialect) + summary.install_sql(layout, dialect, schema)
    text = (
        _(
            "No stats summary: the dashboard reads every attempt of its window "
            "(seconds at a million attempts). Installing it adds tables "
            "{prefix}_* and triggers on {table} that append one row to a log per "
            "change (no lock the Django app could wait on), then counts the existing attempts while writes to the table wait."
        )
        if dialect == "postgresql"
        else _(
            "No stats summary: the dashboard reads every attempt of its window "
            "(seconds at a million attempts). Installing it adds tables "
            "{prefix}_* and triggers on {table} that append one row to a log per "
            "change (no lock the Django app could wait on), then counts the existing attempts."
        )
    )
    print("⚠️  " + text.format(prefix=summary.prefix(layout), table=layout.attempt_table))
    return summary.install_sql(layout, dialect, schema)


def _report_roles(database: Database, roles: summary_roles.RoleCheck) -> list[str]:
    """Who writes the attempts and whether the summary's triggers let them; the GRANTs the
    functions' owner lacks (the repair of functions that run as the writer is the summary's)."""
    table = database.layout.attempt_table
    writers = ", ".join(w.role for w in roles.writers)
    if roles.current_lacks:
        # Not in the SQL to apply: only the tables' owner may grant it, and this role is not it.
        print("ℹ️  " + _(
            "{role} may not read or fold the stats summary, so "
            "waadmin's dashboard reads the attempts here (right, but slower). Its owner, "
            "{owners}, may run: {sql};"
        ).format(role=roles.current_role, owners=", ".join(roles.owners) or _("the role that installed it"), sql=roles.current_lacks))
    if not roles.writers and not roles.grants:
        print("✅ " + _("Only superusers may write {table}, and they pass the summary's triggers.").format(table=table))
        return []
    owners = ", ".join(roles.owners)
    if roles.blocked:
        why = (
            _("their owner, {owners}, may not write the {prefix}_* tables").format(owners=owners, prefix=summary.prefix(database.layout))
            if all(f.security_definer for f in roles.functions)
            else _("the functions run as the writing role, which may not write the summary's tables: see above")
        )
        print("⚠️  " + _("Roles whose writes to {table} fail in the summary's triggers: {blocked} ({why}). Roles that may write it: {writers}.").format(
            table=table, blocked=", ".join(roles.blocked), why=why, writers=writers,
        ))
    elif roles.grants:
        print("⚠️  " + _("The summary's functions run as {owners}, who lacks rights on its tables; roles that may write {table}: {writers}.").format(
            owners=owners, table=table, writers=writers,
        ))
    else:
        print("✅ " + _("Roles that may write {table}: {writers}; the summary's triggers let each through.").format(table=table, writers=writers))
    return list(roles.grants)


def _report_search(database: Database, state: search_index.State, possible: bool) -> list[str]:
    layout = database.layout
    dialect = "postgresql" if database.is_postgresql else "sqlite"
    if state is search_index.State.READY:
        print("✅ " + _("The text-search index is installed."))
        return []
    if not possible:
        needs = (
            _("the pg_trgm extension (Debian: the postgresql package; elsewhere postgresql-contrib)")
            if dialect == "postgresql"
            else _("an SQLite with FTS5 and its trigram tokenizer (3.34 or later)")
        )
        print("ℹ️  " + _("No text-search index possible here: it needs {needs}. Searches for rare text read the whole table.").format(needs=needs))
        return []
    with database.read() as conn:
        reorder = search_index.reorder_sql(conn, layout)
        statistics = search_index.expression_statistics(conn)
    build = _search_sql(layout, dialect, state, statistics) + reorder
    if state is search_index.State.PARTIAL:
        print("⚠️  " + _(
            "The text-search index lacks its planner statistics: "
            "PostgreSQL guesses how common a searched text is and may read a common one through the index "
            "(hundreds of ms). --apply adds them (CREATE STATISTICS, then ANALYZE)."
        ))
        return build
    if state is search_index.State.BROKEN:
        text = (
            _("The text-search index is incomplete (left invalid by an interrupted build): waadmin ignores it; --apply rebuilds it.")
            if dialect == "postgresql"
            else _("The text-search index is incomplete (a trigger on {table} is missing): waadmin ignores it; --apply rebuilds it.")
        )
        print("⚠️  " + text.format(table=layout.attempt_table))
        return build
    if dialect == "postgresql":
        print("⚠️  " + _(
            "No text-search index: a search for rare text reads every attempt "
            "(about a second at a million). The fix is a pg_trgm GIN index, {name}, "
            "built CONCURRENTLY (the Django app keeps writing meanwhile)."
        ).format(name=search_index.name(layout)))
    else:
        print("⚠️  " + _(
            "No text-search index: a search for rare text reads every attempt "
            "(seconds at a million). The fix is an FTS5 trigram table, {name}, kept by triggers "
            "on {table} (about a quarter more disk; ~15 s per million attempts to build, writes wait "
            "meanwhile). Every program that writes to this file, the Django app included, then needs an SQLite with "
            "FTS5 (standard builds have it); 'waadmin doctor --remove-search-index' takes it out again."
        ).format(name=search_index.name(layout), table=layout.attempt_table))
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
        what="the text-search index",
        nothing=_("There is no text-search index to remove."),
        question=_("Remove the text-search index from {database}?"),
        removed=_("The text-search index removed; searches read the table again."),
    )


def _remove_summary(database: Database, assume_yes: bool) -> int:
    return _remove(
        database, assume_yes,
        present=summary.state(database) is not summary.State.ABSENT,
        sql=summary.uninstall_sql(database.layout, database.kind),
        uninstall=summary.uninstall,
        what="the stats summary",
        nothing=_("There is no stats summary to remove."),
        question=_("Remove the stats summary from {database}?"),
        removed=_("The stats summary removed; the dashboard reads the attempts again."),
    )


def _remove(
    database: Database,
    assume_yes: bool,
    *,
    present: bool,
    sql: list[str],
    uninstall: Callable[[Connection, Layout], None],
    what: str,
    nothing: str,
    question: str,
    removed: str,
) -> int:
    """``what`` names the object in the audit log (English, as every audit row); the three texts
    are this run's language."""
    if not present:
        print(nothing)
        return 0
    for statement in sql:
        print(statement + ";")
    if not common.confirm(question.format(database=database.display_name), assume_yes):
        print(_("Nothing was changed."))
        return 1
    with database.write(f"remove {what}") as conn:
        uninstall(conn, database.layout)
    common.audit_for(database).record("doctor", target=f"{what.removeprefix('the ')} removed", row_count=0)
    print(f"✅ {removed}")
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
