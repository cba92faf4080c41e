"""The stats summary: hourly and daily counts kept beside the attempts table, so the dashboard
reads a few thousand rows instead of a month of attempts.

Triggers on the attempts table only append to a change log (``…_sum_delta``): one row per
inserted or deleted attempt, two per update that changes what the stats read (the old values
count -1, the new ones +1). Appending takes no lock another writer could wait on, so the Django
app's sends never queue behind waadmin or deadlock on a summary row. waadmin folds the log into
the summary tables when it reads them (``fold``); until then readers add the unfolded rows in.
On PostgreSQL the triggers' functions are SECURITY DEFINER, run as the role that installed the
summary: the Django app often writes under a role of its own, with no right on these tables.

waadmin installs the summary on databases it creates. On a Django database it is installed only
when asked (``waadmin doctor --apply``); without it, or with a trigger missing (a Django
migration that rebuilt the table on SQLite drops them), stats are computed from the attempts.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING

from sqlalchemy import text
from sqlalchemy.engine import Connection

from waadmin.db import read_budget
from waadmin.db.errors import DatabaseProblem
from waadmin.db.layout import Layout
from waadmin.domain.delays import TOP_BIN, bin_cases

if TYPE_CHECKING:  # for annotations only: database.py itself creates the schema through this module
    from waadmin.db.database import Database

log = logging.getLogger(__name__)

DIMENSIONS = ("status", "message_type", "source_app", "category", "region", "error_code")
_UPDATE_COLUMNS = ("created_at", "status", "attempt_count", "sent_at", "message_type", "source_app", "category", "region_override", "error_code")


@dataclass(frozen=True)
class Rollup:
    suffix: str
    keys: tuple[str, ...]  # "hour", "day", "bin" or one of DIMENSIONS
    measures: tuple[str, ...]  # "n", "attempts", "delay_sum"
    delays_only: bool = False
    by_app_index: bool = False  # a second index led by source_app (a scope without a type)
    # Added after the first installs: a summary without it still serves (readers do without it),
    # and `waadmin doctor --apply` adds it (add_rollups).
    added_later: bool = False
    # Keys (hour or day, "dim", "value", "status"): each attempt counted once per dimension of
    # MARGINAL_DIMENSIONS, under its value there, instead of once under all of them together.
    marginal: bool = False


ROLLUPS: tuple[Rollup, ...] = (
    Rollup("hs", ("hour", "status"), ("n", "attempts")),
    Rollup("hts", ("message_type", "source_app", "hour", "status"), ("n", "attempts"), by_app_index=True),
    Rollup("dw", ("day", *DIMENSIONS), ("n",)),
    Rollup("hd", ("hour", "bin"), ("n", "delay_sum"), delays_only=True),
    Rollup("htd", ("message_type", "source_app", "hour", "bin"), ("n", "delay_sum"), delays_only=True, by_app_index=True),
    # The dashboard's breakdowns (per type, app, category, region, error) one dimension at a
    # time: "dw" holds every combination of them, some two thousand rows a day at a million
    # attempts, while these hold a hundred or so. Per day for the whole days of a window, per
    # hour for the partial days at its edges (read from the attempts before: a day of them).
    Rollup("dm", ("day", "dim", "value", "status"), ("n",), added_later=True, marginal=True),
    Rollup("hm", ("hour", "dim", "value", "status"), ("n",), added_later=True, marginal=True),
)
MARGINAL_DIMENSIONS = ("message_type", "source_app", "category", "region", "error_code")
DAILY_MARGINALS, HOURLY_MARGINALS = "dm", "hm"


def prefix(layout: Layout) -> str:
    return "waadmin_" + ("wm_att" if layout.key == "v2" else "ac_att") + "_sum"


def log_table(layout: Layout) -> str:
    return f"{prefix(layout)}_delta"


def rollup_table(layout: Layout, rollup: Rollup | str) -> str:
    suffix = rollup if isinstance(rollup, str) else rollup.suffix
    return f"{prefix(layout)}_{suffix}"


def function_names(layout: Layout) -> tuple[str, str]:
    """PostgreSQL: the trigger functions, (log a change, clear on TRUNCATE)."""
    p = prefix(layout)
    return (f"{p}_log", f"{p}_clear")


def quoted(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def qualified(schema: str, name: str) -> str:
    return f"{quoted(schema)}.{quoted(name)}"


def trigger_names(layout: Layout, dialect: str) -> tuple[str, ...]:
    p = prefix(layout)
    if dialect == "postgresql":
        return (f"{p}_row", f"{p}_upd", f"{p}_trunc")
    return (f"{p}_ins", f"{p}_del", f"{p}_upd")


# -- the SQL of one attempt's contribution ------------------------------------------------------

def epoch_seconds_sql(dialect: str, ref: str) -> str:
    """Whole seconds since 1970 of ref's created_at (ref: NEW, OLD or the quoted table)."""
    if dialect == "postgresql":
        return f"floor(extract(epoch FROM {ref}.created_at))::bigint"
    return f"CAST(strftime('%s', {ref}.created_at) AS INTEGER)"


def delay_ms_sql(dialect: str, ref: str) -> str:
    """Creation-to-send delay in whole milliseconds, NULL when not sent or sent 'before' creation."""
    if dialect == "postgresql":
        return (
            f"CASE WHEN {ref}.sent_at IS NOT NULL AND {ref}.sent_at >= {ref}.created_at "
            f"THEN round(extract(epoch FROM ({ref}.sent_at - {ref}.created_at)) * 1000)::bigint END"
        )
    span = f"(julianday({ref}.sent_at) - julianday({ref}.created_at))"
    return f"CASE WHEN {ref}.sent_at IS NOT NULL AND {span} >= 0 THEN CAST(round({span} * 86400000.0) AS INTEGER) END"


def delay_bin_sql(delay_ms: str) -> str:
    """The histogram bin of a delay (see waadmin.domain.delays.bin_of) in integer arithmetic."""
    cases = " ".join(f"WHEN {delay_ms} < {upper} THEN {base} + {delay_ms} / {div}" for upper, base, div in bin_cases())
    return f"(CASE {cases} ELSE {TOP_BIN} END)"


def contribution_sql(layout: Layout, dialect: str, ref: str) -> dict[str, str]:
    """The delta columns one attempt contributes, as SQL over ref (sign not applied)."""
    source = f"coalesce({ref}.source_app, '')" if layout.has_source_app else "''"
    return {
        "hour": f"coalesce({epoch_seconds_sql(dialect, ref)} / 3600, 0)",
        "status": f"coalesce({ref}.status, '')",
        "message_type": f"coalesce({ref}.message_type, '')",
        "source_app": source,
        "category": f"coalesce({ref}.category, '')",
        "region": f"coalesce({ref}.region_override, '')",
        "error_code": f"coalesce({ref}.error_code, '')",
        "attempts": f"coalesce({ref}.attempt_count, 0)",
        "delay_ms": delay_ms_sql(dialect, ref),
    }


_DELTA_COLUMNS = ("hour", *DIMENSIONS, "n", "attempts", "delay_ms")


def _delta_values(layout: Layout, dialect: str, ref: str, sign: int) -> str:
    c = contribution_sql(layout, dialect, ref)
    values = [c["hour"], *(c[d] for d in DIMENSIONS), str(sign), f"{sign} * {c['attempts']}", c["delay_ms"]]
    return "(" + ", ".join(values) + ")"


# -- DDL --------------------------------------------------------------------------------------

def _key_type(key: str, dialect: str) -> str:
    if key in ("hour", "day"):
        return "BIGINT"
    if key == "bin":
        return "INTEGER"
    return "TEXT" if dialect == "postgresql" else "VARCHAR"


def _table_ddl(layout: Layout, dialect: str) -> list[str]:
    text_type = "TEXT" if dialect == "postgresql" else "VARCHAR"
    # No NOT NULL on the log: a trigger must never make the Django app's write fail.
    statements = [
        f'CREATE TABLE IF NOT EXISTS "{log_table(layout)}" (hour BIGINT, '
        + ", ".join(f"{d} {text_type}" for d in DIMENSIONS)
        + ", n INTEGER, attempts BIGINT, delay_ms BIGINT)"
    ]
    return statements + _rollup_ddl(layout, dialect, ROLLUPS)


def _rollup_ddl(layout: Layout, dialect: str, rollups: tuple[Rollup, ...]) -> list[str]:
    statements = []
    for rollup in rollups:
        name = rollup_table(layout, rollup)
        columns = [f"{k} {_key_type(k, dialect)} NOT NULL" for k in rollup.keys]
        columns += [f"{m} BIGINT NOT NULL DEFAULT 0" for m in rollup.measures]
        tail = " WITHOUT ROWID" if dialect == "sqlite" else ""
        statements.append(
            f'CREATE TABLE IF NOT EXISTS "{name}" ({", ".join(columns)}, PRIMARY KEY ({", ".join(rollup.keys)})){tail}'
        )
        if rollup.by_app_index:
            statements.append(f'CREATE INDEX IF NOT EXISTS "{name}_app" ON "{name}" (source_app, hour)')
    return statements


def _trigger_ddl(layout: Layout, dialect: str, schema: str) -> list[str]:
    table = layout.attempt_table
    delta = log_table(layout)
    columns = ", ".join(_DELTA_COLUMNS)
    changed = " OR ".join(
        f"OLD.{c} IS {'DISTINCT FROM' if dialect == 'postgresql' else 'NOT'} NEW.{c}"
        for c in _UPDATE_COLUMNS
        if c != "source_app" or layout.has_source_app
    )
    p = prefix(layout)
    ins, delete, upd = (f"{p}_ins", f"{p}_del", f"{p}_upd")
    if dialect == "sqlite":
        return [
            f'CREATE TRIGGER IF NOT EXISTS "{ins}" AFTER INSERT ON "{table}" BEGIN '
            f'INSERT INTO "{delta}" ({columns}) VALUES {_delta_values(layout, dialect, "NEW", 1)}; END',
            f'CREATE TRIGGER IF NOT EXISTS "{delete}" AFTER DELETE ON "{table}" BEGIN '
            f'INSERT INTO "{delta}" ({columns}) VALUES {_delta_values(layout, dialect, "OLD", -1)}; END',
            f'CREATE TRIGGER IF NOT EXISTS "{upd}" AFTER UPDATE ON "{table}" WHEN {changed} BEGIN '
            f'INSERT INTO "{delta}" ({columns}) VALUES {_delta_values(layout, dialect, "OLD", -1)}, '
            f'{_delta_values(layout, dialect, "NEW", 1)}; END',
        ]
    row, upd, trunc = trigger_names(layout, dialect)
    log_fn, clear_fn = (qualified(schema, f) for f in function_names(layout))
    return [
        *function_sql(layout, schema),
        f'DROP TRIGGER IF EXISTS "{row}" ON "{table}"',
        f'CREATE TRIGGER "{row}" AFTER INSERT OR DELETE ON "{table}" FOR EACH ROW EXECUTE FUNCTION {log_fn}()',
        f'DROP TRIGGER IF EXISTS "{upd}" ON "{table}"',
        f'CREATE TRIGGER "{upd}" AFTER UPDATE ON "{table}" FOR EACH ROW WHEN ({changed}) EXECUTE FUNCTION {log_fn}()',
        f'DROP TRIGGER IF EXISTS "{trunc}" ON "{table}"',
        f'CREATE TRIGGER "{trunc}" AFTER TRUNCATE ON "{table}" FOR EACH STATEMENT EXECUTE FUNCTION {clear_fn}()',
    ]


def function_sql(layout: Layout, schema: str, rollups: tuple[Rollup, ...] = ROLLUPS) -> list[str]:
    """PostgreSQL: the two trigger functions, CREATE OR REPLACE (also the repair of an older install).

    A trigger function runs with the privileges of the role whose write fired it. The Django
    app often writes under its own role, which has no right on waadmin's tables, so with plain
    functions its every insert failed ("permission denied for table waadmin_…"), and so did
    waadmin's sends when the Django role had installed them. SECURITY DEFINER runs them as their
    owner, the role that installed the summary and owns its tables; the fixed search_path (and
    names qualified with the summary's schema) keeps a writer's own search_path from choosing
    what they write to, as PostgreSQL's documentation asks of every definer function."""
    delta = qualified(schema, log_table(layout))
    columns = ", ".join(_DELTA_COLUMNS)
    log_fn, clear_fn = (qualified(schema, f) for f in function_names(layout))
    header = f"RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = {quoted(schema)}, pg_temp AS $body$ BEGIN "
    # ``rollups``: the tables there are (an older install lacks those added later).
    clear = "; ".join(f"DELETE FROM {qualified(schema, name)}" for name in [log_table(layout), *(rollup_table(layout, r) for r in rollups)])
    return [
        f"CREATE OR REPLACE FUNCTION {log_fn}() {header}"
        f"IF TG_OP <> 'INSERT' THEN INSERT INTO {delta} ({columns}) VALUES {_delta_values(layout, 'postgresql', 'OLD', -1)}; END IF; "
        f"IF TG_OP <> 'DELETE' THEN INSERT INTO {delta} ({columns}) VALUES {_delta_values(layout, 'postgresql', 'NEW', 1)}; END IF; "
        "RETURN NULL; END $body$",
        f"CREATE OR REPLACE FUNCTION {clear_fn}() {header}{clear}; RETURN NULL; END $body$",
    ]


def _key_sql(key: str, dialect: str, delay_ms: str = "delay_ms") -> str:
    if key == "day":
        return "hour / 24"
    if key == "bin":
        return delay_bin_sql(delay_ms)
    return key


def _measure_sql(measure: str) -> str:
    return {"n": "sum(n)", "attempts": "sum(attempts)", "delay_sum": "sum(n * delay_ms)"}[measure]


def _fold_sql(layout: Layout, dialect: str, rollup: Rollup, source: str, sign: int = 1) -> str:
    """Add the rows of source (the log, or the attempts mapped to the log's columns) into a
    rollup; ``sign`` -1 takes them away instead."""
    if rollup.marginal:
        return _fold_marginal_sql(layout, dialect, rollup, source, sign)
    name = rollup_table(layout, rollup)
    keys = [_key_sql(k, dialect) for k in rollup.keys]
    where = "delay_ms IS NOT NULL" if rollup.delays_only else "1 = 1"  # WHERE: SQLite's upsert parsing needs one
    sets = ", ".join(f"{m} = {name}.{m} + excluded.{m}" for m in rollup.measures)
    measures = ", ".join(("" if sign > 0 else "-") + _measure_sql(m) for m in rollup.measures)
    return (
        f'INSERT INTO "{name}" ({", ".join(rollup.keys + rollup.measures)}) '
        f'SELECT {", ".join(keys)}, {measures} FROM {source} WHERE {where} '
        f'GROUP BY {", ".join(keys)} ON CONFLICT ({", ".join(rollup.keys)}) DO UPDATE SET {sets}'
    )


def _fold_marginal_sql(layout: Layout, dialect: str, rollup: Rollup, source: str, sign: int) -> str:
    """The source summed once per (unit, dimensions, status), then each dimension's sums under
    their value. The CTE is read once per dimension, so both databases keep it aside (SQLite
    since 3.35 and PostgreSQL since 12 do so unasked; the MATERIALIZED hint would be a syntax
    error on an older SQLite)."""
    name = rollup_table(layout, rollup)
    unit = _key_sql(rollup.keys[0], dialect)
    dims = ", ".join(MARGINAL_DIMENSIONS)
    minus = "" if sign > 0 else "-"
    parts = " UNION ALL ".join(
        f"SELECT unit, '{d}' AS dim, {d} AS value, status, sum(n) AS n FROM joint GROUP BY unit, {d}, status" for d in MARGINAL_DIMENSIONS
    )
    keys = ", ".join(rollup.keys)
    return (
        f"WITH joint AS (SELECT {unit} AS unit, {dims}, status, {minus}sum(n) AS n FROM {source} "
        f"GROUP BY {unit}, {dims}, status) "
        f'INSERT INTO "{name}" ({keys}, n) SELECT * FROM ({parts}) AS marginals WHERE 1 = 1 '
        f"ON CONFLICT ({keys}) DO UPDATE SET n = {name}.n + excluded.n"
    )


def _prune_sql(layout: Layout, dialect: str, rollup: Rollup, source: str | None = None) -> str:
    """Drop the rows the log (or ``source``, a part of it) just brought to zero (a status every
    attempt leaves, like sending)."""
    name = rollup_table(layout, rollup)
    if rollup.marginal:
        unit = _key_sql(rollup.keys[0], dialect)
        return f'DELETE FROM "{name}" WHERE n = 0 AND {rollup.keys[0]} IN (SELECT {unit} FROM {source or quoted(log_table(layout))})'
    keys = [_key_sql(k, dialect) for k in rollup.keys]
    where = "delay_ms IS NOT NULL" if rollup.delays_only else "1 = 1"
    return (
        f'DELETE FROM "{name}" WHERE n = 0 AND ({", ".join(rollup.keys)}) IN '
        f'(SELECT {", ".join(keys)} FROM {source or quoted(log_table(layout))} WHERE {where})'
    )


def _attempts_as_delta(layout: Layout, dialect: str) -> str:
    c = contribution_sql(layout, dialect, f'"{layout.attempt_table}"')
    columns = [f"{c['hour']} AS hour", *(f"{c[d]} AS {d}" for d in DIMENSIONS), "1 AS n", f"{c['attempts']} AS attempts", f"{c['delay_ms']} AS delay_ms"]
    return f'(SELECT {", ".join(columns)} FROM "{layout.attempt_table}") AS attempts_now'


def install_sql(layout: Layout, dialect: str, schema: str | None = None) -> list[str]:
    """Everything install() runs, in order, for a reader or an administrator to check.
    ``schema`` (PostgreSQL): where the summary's tables go, see schema_of()."""
    source = _attempts_as_delta(layout, dialect)
    statements = _table_ddl(layout, dialect)
    statements += [f'DELETE FROM "{name}"' for name in [log_table(layout), *(rollup_table(layout, r) for r in ROLLUPS)]]
    statements += [_fold_sql(layout, dialect, r, source) for r in ROLLUPS]
    # Planner statistics for the new tables, or PostgreSQL guesses their sizes until autovacuum.
    statements += [f'ANALYZE "{rollup_table(layout, r)}"' for r in ROLLUPS]
    return statements + _trigger_ddl(layout, dialect, schema or "public")


def add_rollups_sql(layout: Layout, dialect: str, rollups: tuple[Rollup, ...], schema: str | None = None) -> list[str]:
    """Add rollups an older install lacks, counted as the others are: from the attempts, less
    the log's rows not folded yet (the others do not hold them either; the next fold adds
    them to all alike). On PostgreSQL the trigger functions are replaced too, so a TRUNCATE
    empties the new tables with the rest."""
    if not rollups:
        return []
    source = _attempts_as_delta(layout, dialect)
    statements = _rollup_ddl(layout, dialect, rollups)
    statements += [_fold_sql(layout, dialect, r, source) for r in rollups]
    statements += [_fold_sql(layout, dialect, r, quoted(log_table(layout)), sign=-1) for r in rollups]
    statements += [f'DELETE FROM "{rollup_table(layout, r)}" WHERE n = 0' for r in rollups]
    statements += [f'ANALYZE "{rollup_table(layout, r)}"' for r in rollups]
    if dialect == "postgresql":
        statements += function_sql(layout, schema or "public")
    return statements


def uninstall_sql(layout: Layout, dialect: str) -> list[str]:
    # Triggers first: once the log is gone, a trigger left behind would break every write.
    table = layout.attempt_table
    p = prefix(layout)
    if dialect == "postgresql":
        statements = [f'DROP TRIGGER IF EXISTS "{t}" ON "{table}"' for t in trigger_names(layout, dialect)]
        statements += [f'DROP FUNCTION IF EXISTS "{p}_log"()', f'DROP FUNCTION IF EXISTS "{p}_clear"()']
    else:
        statements = [f'DROP TRIGGER IF EXISTS "{t}"' for t in trigger_names(layout, dialect)]
    return statements + [f'DROP TABLE IF EXISTS "{n}"' for n in [log_table(layout), *(rollup_table(layout, r) for r in ROLLUPS)]]


# -- state ------------------------------------------------------------------------------------

class State(Enum):
    ABSENT = "absent"
    READY = "ready"
    BROKEN = "broken"  # tables without all their triggers: the counts stopped following the attempts
    # PostgreSQL, installed before the functions were SECURITY DEFINER: they run as the role that
    # writes, so a role without rights on the summary's tables cannot write the attempts at all.
    # The counts are right (a write that failed changed nothing); repair() replaces the functions.
    OUTDATED = "outdated"

    @property
    def usable(self) -> bool:
        """Whether the counts follow the attempts, so readers may use them."""
        return self in (State.READY, State.OUTDATED)


@dataclass(frozen=True)
class TriggerFunction:
    """PostgreSQL: a function the summary's triggers call, as the catalogue describes it."""

    name: str
    owner: str
    security_definer: bool
    search_path: str | None  # the fixed one, or None when it follows the session's

    @property
    def current(self) -> bool:
        return self.security_definer and self.search_path is not None


def schema_of(conn: Connection) -> str:
    """PostgreSQL: the schema install() creates the summary's tables in (the first of the
    search_path that exists), the one its functions name and fix as their search_path."""
    return str(conn.execute(text("SELECT current_schema()")).scalar_one())


def trigger_functions(conn: Connection, layout: Layout) -> list[TriggerFunction]:
    """PostgreSQL: the functions the summary's triggers on the attempts table call (the ones
    that actually run, whatever their names or schema)."""
    rows = conn.execute(
        text(
            "SELECT DISTINCT p.proname, pg_get_userbyid(p.proowner), p.prosecdef, "
            "(SELECT substr(c, length('search_path=') + 1) FROM unnest(p.proconfig) AS c WHERE c LIKE 'search\\_path=%') "
            "FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid "
            "WHERE NOT t.tgisinternal AND t.tgrelid = to_regclass(:t) AND t.tgname LIKE :p ORDER BY 1"
        ),
        {"p": prefix(layout).replace("_", r"\_") + "%", "t": f'"{layout.attempt_table}"'},
    )
    return [TriggerFunction(name, owner, definer, path) for name, owner, definer, path in rows]


def _present_names(conn: Connection, layout: Layout) -> set[str]:
    p = prefix(layout)
    if conn.dialect.name == "postgresql":
        rows = conn.execute(
            text(
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename LIKE :p "
                "UNION ALL SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgname LIKE :p "
                "AND tgrelid = to_regclass(:t)"
            ),
            {"p": p.replace("_", r"\_") + "%", "t": f'"{layout.attempt_table}"'},
        )
    else:
        rows = conn.execute(
            text("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger') AND name LIKE :p ESCAPE '\\'"),
            {"p": p.replace("_", r"\_") + "%"},
        )
    return {r[0] for r in rows}


def present_rollups(conn: Connection, layout: Layout) -> tuple[Rollup, ...]:
    """The rollups whose tables are there (an install of an older waadmin lacks those added
    later)."""
    present = _present_names(conn, layout)
    return tuple(r for r in ROLLUPS if rollup_table(layout, r) in present)


def missing_rollups(conn: Connection, layout: Layout) -> tuple[Rollup, ...]:
    """Of an installed summary, the rollups added later that it lacks (none when absent)."""
    present = present_rollups(conn, layout)
    return tuple(r for r in ROLLUPS if r not in present) if present else ()


def add_rollups(conn: Connection, layout: Layout) -> tuple[Rollup, ...]:
    """Add what missing_rollups() finds, in the caller's write transaction (the attempts table
    locked against writes meanwhile on PostgreSQL, as install does); returns what was added."""
    missing = missing_rollups(conn, layout)
    if missing:
        dialect = conn.dialect.name
        if dialect == "postgresql":
            conn.exec_driver_sql(f'LOCK TABLE "{layout.attempt_table}" IN SHARE ROW EXCLUSIVE MODE')
        schema = schema_of(conn) if dialect == "postgresql" else None
        for statement in add_rollups_sql(layout, dialect, missing, schema):
            conn.exec_driver_sql(statement)
    return missing


def state_of(conn: Connection, layout: Layout) -> State:
    present = _present_names(conn, layout)
    tables = {log_table(layout), *(rollup_table(layout, r) for r in ROLLUPS if not r.added_later)}
    triggers = set(trigger_names(layout, conn.dialect.name))
    if not present & (tables | triggers):
        return State.ABSENT
    if not tables | triggers <= present:
        return State.BROKEN
    if conn.dialect.name == "postgresql" and not all(f.current for f in trigger_functions(conn, layout)):
        return State.OUTDATED
    return State.READY


def state(database: Database) -> State:
    with database.read() as conn:
        return state_of(conn, database.layout)


def readable_of(conn: Connection, layout: Layout) -> bool:
    """Whether this connection's role may read the summary's tables. On PostgreSQL the role
    that installed them owns them, and waadmin may connect as another (the Django app's role
    installed them, or an administrator's)."""
    if conn.dialect.name != "postgresql":
        return True
    names = [qualified(schema_of(conn), t) for t in (log_table(layout), *(rollup_table(layout, r) for r in present_rollups(conn, layout)))]
    return bool(conn.execute(text("SELECT bool_and(has_table_privilege(t, 'SELECT')) FROM unnest(CAST(:n AS text[])) AS t"), {"n": names}).scalar())


def serves(database: Database) -> bool:
    """Whether readers on this database may use the summary: its counts follow the attempts and
    this role may read it (else they read the attempts, slower but right, instead of failing)."""
    with database.read() as conn:
        return state_of(conn, database.layout).usable and readable_of(conn, database.layout)


def install(conn: Connection, layout: Layout) -> None:
    """Create the summary and fill it from the attempts, in the caller's transaction: the
    triggers and the first counts see the same rows. On PostgreSQL the attempts table is locked
    against writes meanwhile (readers go on); on SQLite the write transaction does the same."""
    dialect = conn.dialect.name
    if dialect == "postgresql":
        conn.exec_driver_sql(f'LOCK TABLE "{layout.attempt_table}" IN SHARE ROW EXCLUSIVE MODE')
    schema = schema_of(conn) if dialect == "postgresql" else None
    for statement in install_sql(layout, dialect, schema):
        conn.exec_driver_sql(statement)


def repair(conn: Connection, layout: Layout) -> None:
    """Replace an OUTDATED install's functions with the current ones. No lock on the attempts
    table and no recount: the triggers keep pointing at the same functions. Only their owner
    (or a superuser) may replace them."""
    for statement in function_sql(layout, schema_of(conn), present_rollups(conn, layout)):
        conn.exec_driver_sql(statement)


def uninstall(conn: Connection, layout: Layout) -> None:
    for statement in uninstall_sql(layout, conn.dialect.name):
        conn.exec_driver_sql(statement)


# -- folding the log --------------------------------------------------------------------------

def _fold_statements(layout: Layout, dialect: str, rollups: tuple[Rollup, ...], upto: int | None = None) -> Iterator[str]:
    """The fold of the whole log, or (SQLite) of its rows up to rowid ``upto``, into the rollups
    there are."""
    log_name = quoted(log_table(layout))
    source = log_name if upto is None else f"(SELECT * FROM {log_name} WHERE rowid <= {int(upto)}) AS log_part"
    for rollup in rollups:
        yield _fold_sql(layout, dialect, rollup, source)
    for rollup in rollups:
        yield _prune_sql(layout, dialect, rollup, source)
    yield f"DELETE FROM {log_name}" if upto is None else f"DELETE FROM {log_name} WHERE rowid <= {int(upto)}"


def fold(database: Database) -> int:
    """Move the change log into the summary tables; returns how many log rows it took. Skipped
    (0) on a read-only connection or while another waadmin folds; readers add the log in anyway."""
    if database.read_only:
        return 0
    layout = database.layout
    delta = log_table(layout)
    try:
        with database.read() as conn:
            if conn.execute(text(f'SELECT 1 FROM "{delta}" LIMIT 1')).first() is None:
                return 0
        if database.is_postgresql:
            return _fold_postgresql(database)
        return _fold_sqlite(database)
    except DatabaseProblem as exc:
        log.info("stats summary not folded: %s", exc)
        return 0


FOLD_FIRST_ROWS = 2_000  # log rows folded by the first write; later ones sized by how long it took
FOLD_SMALLEST_ROWS = 200
# Between two parts the file is left alone this long. A writer waiting for the write lock does
# not queue for it as a waiting reader's writer does (no PENDING lock): it polls, every 100 ms
# once it has waited a while (SQLite's busy handler), so parts back to back kept the Django
# app's saves out until their 5 s ran out. 120 ms lets at least one of its polls in.
FOLD_PAUSE_SECONDS = 0.12


def _fold_sqlite(database: Database) -> int:
    """The log folded oldest rows first, in parts, each its own short write transaction.

    A write holds the file against every other writer until it commits: one fold of a log that
    grew by a few hundred thousand rows (a bulk update of the Django app, a cleanup) kept the
    Django app's saves waiting for seconds, past its 5 s 'database is locked'. Each part takes
    about half of the short-read budget (waadmin.db.read_budget); readers add in whatever is
    not folded yet, so the figures are right between two parts too."""
    layout = database.layout
    delta = quoted(log_table(layout))
    target = read_budget.budget_setting() / 2
    rows = FOLD_FIRST_ROWS
    total = 0
    while True:
        began = time.perf_counter()
        with database.write("fold the stats summary") as conn:
            upto, taken = conn.execute(
                text(f"SELECT max(rowid), count(*) FROM (SELECT rowid FROM {delta} ORDER BY rowid LIMIT :n)"), {"n": rows}
            ).one()
            if upto is None:
                return total
            for statement in _fold_statements(layout, "sqlite", present_rollups(conn, layout), upto=int(upto)):
                conn.exec_driver_sql(statement)
        total += int(taken)
        if int(taken) < rows:
            return total
        took = time.perf_counter() - began
        wanted = rows * target / took if took > 0 else rows * 2
        rows = int(max(min(wanted, rows * 2), rows / 2, FOLD_SMALLEST_ROWS))
        time.sleep(FOLD_PAUSE_SECONDS)


def _fold_postgresql(database: Database) -> int:
    layout = database.layout
    # REPEATABLE READ: the final DELETE removes exactly the log rows the INSERTs read; rows the
    # Django app appends meanwhile are invisible to both and wait for the next fold. Through
    # Database.write, so a lost server is a DatabaseProblem like everywhere else (a raw driver
    # error here once ended the background worker's thread).
    with database.write("fold the stats summary", isolation_level="REPEATABLE READ") as conn:
        key = int.from_bytes(prefix(layout).encode()[-8:], "big") & 0x7FFFFFFFFFFFFFFF
        if not conn.execute(text("SELECT pg_try_advisory_xact_lock(:k)"), {"k": key}).scalar_one():
            return 0
        pending = int(conn.execute(text(f'SELECT count(*) FROM "{log_table(layout)}"')).scalar_one())
        for statement in _fold_statements(layout, "postgresql", present_rollups(conn, layout)):
            conn.exec_driver_sql(statement)
        return pending
