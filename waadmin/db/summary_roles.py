"""PostgreSQL: which roles write the attempts table, and whether their writes get through the
stats summary's triggers. A trigger that cannot write the summary's log makes the write that
fired it fail: the Django app, under its own role, once could not save an attempt at all."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.engine import Connection

from waadmin.db import summary
from waadmin.db.layout import Layout


@dataclass(frozen=True)
class Writer:
    role: str
    blocked: bool  # its inserts, updates, deletes or truncates of the attempts fail in a trigger


@dataclass(frozen=True)
class RoleCheck:
    current_role: str
    functions: tuple[summary.TriggerFunction, ...]
    writers: tuple[Writer, ...]
    grants: tuple[str, ...]  # what the functions' owner lacks to do their work, as GRANT statements
    # What this connection's role lacks to read and fold the summary (its owner may grant it);
    # without it waadmin's dashboard here reads the attempts instead.
    current_lacks: str | None

    @property
    def owners(self) -> list[str]:
        return sorted({f.owner for f in self.functions})

    @property
    def blocked(self) -> list[str]:
        return [w.role for w in self.writers if w.blocked]


def _may(conn: Connection, role: str, privilege: str, table: str) -> bool:
    """Whether role holds a privilege on a table (a quoted, qualified name); inherited ones count."""
    return bool(conn.execute(text("SELECT has_table_privilege(:r, :t, :p)"), {"r": role, "t": table, "p": privilege}).scalar_one())


def _uses(conn: Connection, role: str, schema: str) -> bool:
    return bool(conn.execute(text("SELECT has_schema_privilege(:r, :s, 'USAGE')"), {"r": role, "s": schema}).scalar_one())


def _needs(conn: Connection, layout: Layout, schema: str, function: str) -> list[tuple[str, str]]:
    """(privilege, table) pairs a trigger function's work takes: the log function appends to the
    log, the TRUNCATE one empties every summary table."""
    log_fn, _clear_fn = summary.function_names(layout)
    rollups = summary.present_rollups(conn, layout)
    tables = [summary.log_table(layout)] if function == log_fn else [summary.log_table(layout), *(summary.rollup_table(layout, r) for r in rollups)]
    privilege = "INSERT" if function == log_fn else "DELETE"
    return [(privilege, summary.qualified(schema, t)) for t in tables]


def _can_run(conn: Connection, role: str, layout: Layout, schema: str, function: str) -> bool:
    return _uses(conn, role, schema) and all(_may(conn, role, p, t) for p, t in _needs(conn, layout, schema, function))


def check(conn: Connection, layout: Layout) -> RoleCheck:
    """The login roles (superusers aside, they pass everything) that may write the attempts
    table, and for each whether the triggers would refuse it: a function that is not SECURITY
    DEFINER runs as the writer, one that is runs as its owner, who then needs the rights."""
    schema = summary.schema_of(conn)
    functions = tuple(summary.trigger_functions(conn, layout))
    by_name = {f.name: f for f in functions}
    log_fn, clear_fn = summary.function_names(layout)
    table = f'"{layout.attempt_table}"'
    rows = conn.execute(
        text(
            "SELECT rolname, has_table_privilege(rolname, :t, 'INSERT, UPDATE, DELETE'), has_table_privilege(rolname, :t, 'TRUNCATE') "
            "FROM pg_roles WHERE rolcanlogin AND NOT rolsuper AND rolname !~ '^pg_' "
            "AND has_table_privilege(rolname, :t, 'INSERT, UPDATE, DELETE, TRUNCATE') ORDER BY rolname"
        ),
        {"t": table},
    ).all()
    writers = []
    for role, writes, truncates in rows:
        fired = ([log_fn] if writes else []) + ([clear_fn] if truncates else [])
        blocked = False
        for name in fired:
            function = by_name.get(name)
            if function is None:
                continue  # a trigger without its function cannot exist; a renamed one is not ours to judge
            runner = function.owner if function.security_definer else role
            blocked = blocked or not _can_run(conn, runner, layout, schema, name)
        writers.append(Writer(role, blocked))
    grants: list[str] = []
    for function in functions:  # what the owner needs once the functions are definers (or repaired)
        if function.name not in (log_fn, clear_fn):
            continue
        owner = summary.quoted(function.owner)
        if not _uses(conn, function.owner, schema):
            grants.append(f"GRANT USAGE ON SCHEMA {summary.quoted(schema)} TO {owner}")
        for privilege, target in _needs(conn, layout, schema, function.name):
            if not _may(conn, function.owner, privilege, target):
                grants.append(f"GRANT {privilege} ON {target} TO {owner}")
    current = str(conn.execute(text("SELECT current_user")).scalar_one())
    return RoleCheck(current, functions, tuple(writers), tuple(dict.fromkeys(grants)), _lacks(conn, current, layout, schema))


def _lacks(conn: Connection, role: str, layout: Layout, schema: str) -> str | None:
    """The GRANT that lets role read the summary and fold its log into it, if it lacks any of it:
    a fold reads and empties the log and upserts the rollups."""
    log = summary.qualified(schema, summary.log_table(layout))
    rollups = [summary.qualified(schema, summary.rollup_table(layout, r)) for r in summary.present_rollups(conn, layout)]
    needed = [(p, log) for p in ("SELECT", "DELETE")] + [(p, t) for t in rollups for p in ("SELECT", "INSERT", "UPDATE", "DELETE")]
    if _uses(conn, role, schema) and all(_may(conn, role, p, t) for p, t in needed):
        return None
    return f"GRANT SELECT, INSERT, UPDATE, DELETE ON {', '.join([log, *rollups])} TO {summary.quoted(role)}"
