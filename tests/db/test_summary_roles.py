"""The stats summary on a PostgreSQL where the Django app and waadmin connect as different roles
(issue 24): whichever role installed the triggers, the other one's inserts, updates, deletes and
sends go through and are counted; an install from before the functions were SECURITY DEFINER is
reported by doctor and repaired by --apply."""

from __future__ import annotations

import json
import subprocess
import sys
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest

from tests.support import factories
from tests.support.pg import PgServer
from waadmin.cli.main import main
from waadmin.db import search_index, summary, transitions
from waadmin.db.database import Database, open_database
from waadmin.db.indexes import create_waadmin_indexes
from waadmin.db.layout import LAYOUTS
from waadmin.db.window_stats import Reader
from waadmin.domain.clock import utcnow
from waadmin.domain.filters import AttemptFilter

pytestmark = pytest.mark.postgres

ROOT = Path(__file__).resolve().parents[2]
TABLE = "whatsapp_monitoring_attempts"
V2 = LAYOUTS["v2"]


@dataclass
class TwoRoles:
    """One database; the Django app's role owns its tables, waadmin's may use them."""

    server: PgServer
    name: str
    django: str
    waadmin: str

    def url(self, role: str, database: str | None = None) -> str:
        return f"postgresql+psycopg://{role}@127.0.0.1:{self.server.port}/{database or self.name}"

    def sql(self, role: str, *statements: str, database: str | None = None) -> None:
        with psycopg.connect(self.url(role, database).replace("+psycopg", ""), autocommit=True) as conn:
            for statement in statements:
                conn.execute(statement)

    def open_as(self, role: str) -> Database:
        return open_database(self.url(role))


def _django(url: str, action: str) -> dict:
    """The real Django ORM, in its own process, connected as the role in url."""
    result = subprocess.run(
        [sys.executable, "-m", "tests.compat.django_side", url, "v2", action], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture
def roles(pg_server: PgServer) -> Iterator[TwoRoles]:
    pytest.importorskip("django")
    tag = uuid.uuid4().hex[:8]
    setup = TwoRoles(pg_server, pg_server.create_database(), f"django_{tag}", f"waadmin_{tag}")
    setup.sql("postgres", f"CREATE ROLE {setup.django} LOGIN", f"CREATE ROLE {setup.waadmin} LOGIN")
    try:
        # Since PostgreSQL 15 only the database owner may create in public: each role is given
        # its own right to, as an administrator would. pg_trgm is the superuser's to add.
        setup.sql(
            "postgres",
            f"GRANT CREATE ON SCHEMA public TO {setup.django}, {setup.waadmin}",
            "CREATE EXTENSION IF NOT EXISTS pg_trgm",
        )
        _django(setup.url(setup.django), "schema")  # the Django app's tables, owned by its role
        setup.sql(
            setup.django,
            f"GRANT SELECT, INSERT, UPDATE, DELETE, TRIGGER ON {TABLE} TO {setup.waadmin}",
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON whatsapp_monitoring_webhooks TO {setup.waadmin}",
            f"GRANT SELECT ON authentication_customuser TO {setup.waadmin}",
            f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {setup.waadmin}",
        )
        # Indexes on a table only its owner may add: the Django role adds waadmin's, as its
        # administrator would from 'waadmin doctor''s SQL.
        owner = setup.open_as(setup.django)
        with owner.write() as conn:
            create_waadmin_indexes(conn, owner.layout)
            search_index.install(conn, owner.layout)
        owner.dispose()
        yield setup
    finally:
        pg_server.drop_database(setup.name)
        setup.sql("postgres", f"DROP ROLE IF EXISTS {setup.django}", f"DROP ROLE IF EXISTS {setup.waadmin}", database="postgres")


def _counted_right(database: Database, expected: int) -> None:
    """waadmin's stats, read through the summary, are the ones a full read of the attempts gives."""
    window = (utcnow().replace(year=2000), utcnow().replace(year=2100))
    fast = Reader.open(database, AttemptFilter())
    assert fast.use_summary
    slow = Reader(database, AttemptFilter(), use_summary=False)
    assert fast.counts(*window) == slow.counts(*window)
    assert sum(fast.counts(*window).values()) == expected
    assert Counter(fast.groups(*window)) == Counter(slow.groups(*window))


def _django_writes(roles: TwoRoles) -> int:
    """What the Django app does under its role: the ORM's creates and full-row saves, then plain
    SQL updates and a delete. Returns how many attempts are left."""
    written = _django(roles.url(roles.django), "write")  # 3 attempts, one moved to sent by save()
    roles.sql(
        roles.django,
        f"UPDATE {TABLE} SET status = 'failed_retry', attempt_count = 1, next_retry_at = now() - interval '1 minute' WHERE id = {written['created']}",
        f"DELETE FROM {TABLE} WHERE id = {written['old_pending']}",
    )
    return 2


def test_the_django_role_writes_through_triggers_waadmins_role_installed(roles: TwoRoles, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--lang", "en", "doctor", "--database", roles.url(roles.waadmin), "--apply", "--yes"]) == 0
    waadmin = roles.open_as(roles.waadmin)
    assert summary.state(waadmin) is summary.State.READY
    left = _django_writes(roles)  # failed with "permission denied for table waadmin_wm_att_sum_delta"
    _counted_right(waadmin, left)
    capsys.readouterr()
    assert main(["--lang", "en", "doctor", "--database", roles.url(roles.waadmin)]) == 0
    out = capsys.readouterr().out
    assert f"Roles that may write {TABLE}: {roles.django}, {roles.waadmin}; the summary's triggers let each through" in out
    roles.sql(roles.django, f"TRUNCATE {TABLE} CASCADE")  # the TRUNCATE trigger empties the summary as its owner
    assert Reader.open(waadmin, AttemptFilter()).counts(utcnow().replace(year=2000), utcnow().replace(year=2100)) == {}
    waadmin.dispose()


def test_waadmin_sends_under_its_role_through_triggers_the_django_role_installed(roles: TwoRoles, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--lang", "en", "doctor", "--database", roles.url(roles.django), "--apply", "--yes"]) == 0
    _django_writes(roles)
    waadmin = roles.open_as(roles.waadmin)
    [candidate] = [c for c in transitions.select_candidates(waadmin, utcnow(), 10) if c.status == "failed_retry"]
    claim = transitions.claim(waadmin, candidate, utcnow())
    assert claim is not None  # the claim's update fired the triggers as waadmin's role
    assert transitions.record_sent(waadmin, claim, utcnow(), "wamid.ROLES1", {"result": "ok"}).applied
    window = (utcnow().replace(year=2000), utcnow().replace(year=2100))
    reader = Reader.open(waadmin, AttemptFilter())  # the summary's tables are the Django role's
    assert not reader.use_summary  # so waadmin reads the attempts instead of failing
    assert reader.counts(*window) == {"sent": 2}
    waadmin.dispose()
    assert main(["--lang", "en", "doctor", "--database", roles.url(roles.waadmin)]) == 0
    out = capsys.readouterr().out
    assert f"{roles.waadmin} may not read or fold the stats summary" in out
    assert 'GRANT SELECT, INSERT, UPDATE, DELETE ON "public"."waadmin_wm_att_sum_delta", ' in out
    owner = roles.open_as(roles.django)
    _counted_right(owner, 2)
    assert Reader.open(owner, AttemptFilter()).counts(*window) == {"sent": 2}
    owner.dispose()
    roles.sql(roles.django, out.split("may run: ")[1].split(";")[0])  # the owner runs doctor's GRANT
    waadmin = roles.open_as(roles.waadmin)
    _counted_right(waadmin, 2)  # now through the summary, folded by waadmin's role
    assert summary.fold(waadmin) == 0
    waadmin.dispose()


def _make_old_style(roles: TwoRoles) -> None:
    """As an install from before this fix left the functions: run as the writer, search_path
    taken from the writer's session."""
    for name in summary.function_names(V2):
        roles.sql(roles.waadmin, f'ALTER FUNCTION "{name}"() SECURITY INVOKER RESET search_path')


def test_doctor_reports_an_old_style_install_and_apply_repairs_it(roles: TwoRoles, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--lang", "en", "doctor", "--database", roles.url(roles.waadmin), "--apply", "--yes"]) == 0
    _make_old_style(roles)
    waadmin = roles.open_as(roles.waadmin)
    assert summary.state(waadmin) is summary.State.OUTDATED
    assert Reader.open(waadmin, AttemptFilter()).use_summary  # its counts are still right
    for _ in range(3):
        factories.attempt(waadmin)  # the installing role's own writes pass
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="permission denied for table waadmin_wm_att_sum_delta"):
        roles.sql(roles.django, f"UPDATE {TABLE} SET status = 'cancelled'")  # the Django app's do not
    capsys.readouterr()

    assert main(["--lang", "en", "doctor", "--database", roles.url(roles.django)]) == 1  # another role sees it too
    out = capsys.readouterr().out
    assert "The stats summary needs repair" in out
    assert f"Only their owner may replace them: run it as {roles.waadmin}." in out
    assert f"Roles whose writes to {TABLE} fail in the summary's triggers: {roles.django} " in out

    # --apply as the Django role, which does not own the functions: refused, with the owner's SQL.
    assert main(["--lang", "en", "doctor", "--database", roles.url(roles.django), "--apply", "--yes"]) == 1
    out = capsys.readouterr().out
    [refused] = [line for line in out.splitlines() if line.startswith("⛔ ")]
    assert refused.startswith("⛔ Not applied: the stats summary's functions (SECURITY DEFINER) (must be owner of function ")
    assert f"As {roles.waadmin}, run: CREATE OR REPLACE FUNCTION " in refused
    assert "1 change was not applied" in out
    assert summary.state(waadmin) is summary.State.OUTDATED

    assert main(["--lang", "en", "doctor", "--database", roles.url(roles.waadmin)]) == 1
    out = capsys.readouterr().out
    assert "Only their owner" not in out
    assert "SECURITY DEFINER SET search_path = \"public\", pg_temp" in out
    assert summary.state(waadmin) is summary.State.OUTDATED  # printed, not applied

    assert main(["--lang", "en", "doctor", "--database", roles.url(roles.waadmin), "--apply", "--yes"]) == 0
    assert "The stats summary's functions replaced" in capsys.readouterr().out
    assert summary.state(waadmin) is summary.State.READY
    roles.sql(roles.django, f"UPDATE {TABLE} SET status = 'cancelled'")
    _counted_right(waadmin, 3)
    window = (utcnow().replace(year=2000), utcnow().replace(year=2100))
    assert Reader.open(waadmin, AttemptFilter()).counts(*window) == {"cancelled": 3}
    assert main(["--lang", "en", "doctor", "--database", roles.url(roles.waadmin)]) == 0
    waadmin.dispose()


def test_doctor_grants_the_functions_owner_what_it_lost(roles: TwoRoles, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--lang", "en", "doctor", "--database", roles.url(roles.waadmin), "--apply", "--yes"]) == 0
    delta = summary.log_table(V2)
    roles.sql(roles.waadmin, f"REVOKE INSERT ON {delta} FROM {roles.waadmin}")
    capsys.readouterr()
    assert main(["--lang", "en", "doctor", "--database", roles.url(roles.waadmin)]) == 1
    out = capsys.readouterr().out
    assert f"fail in the summary's triggers: {roles.django}, {roles.waadmin} (their owner, {roles.waadmin}, may not write" in out
    assert f'GRANT INSERT ON "public"."{delta}" TO "{roles.waadmin}";' in out
    assert "may not read or fold" not in out  # a fold never inserts into the log
    assert main(["--lang", "en", "doctor", "--database", roles.url(roles.waadmin), "--apply", "--yes"]) == 0
    assert "Privileges granted" in capsys.readouterr().out
    assert _django_writes(roles) == 2


@pytest.fixture
def dml_only(pg_server: PgServer) -> Iterator[TwoRoles]:
    """The Django app's role owns its tables and the schema's right to create; waadmin's role may
    only read and write their rows (no CREATE on the schema, no TRIGGER on the table)."""
    pytest.importorskip("django")
    tag = uuid.uuid4().hex[:8]
    setup = TwoRoles(pg_server, pg_server.create_database(), f"django_{tag}", f"waadmin_{tag}")
    setup.sql("postgres", f"CREATE ROLE {setup.django} LOGIN", f"CREATE ROLE {setup.waadmin} LOGIN")
    try:
        setup.sql("postgres", f"GRANT CREATE ON SCHEMA public TO {setup.django}", "CREATE EXTENSION IF NOT EXISTS pg_trgm")
        _django(setup.url(setup.django), "schema")
        setup.sql(
            setup.django,
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {setup.waadmin}",
            f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {setup.waadmin}",
        )
        yield setup
    finally:
        pg_server.drop_database(setup.name)
        setup.sql("postgres", f"DROP ROLE IF EXISTS {setup.django}", f"DROP ROLE IF EXISTS {setup.waadmin}", database="postgres")


def _objects(roles: TwoRoles) -> set[str]:
    """waadmin's indexes, tables and triggers in the database, whoever made them."""
    with psycopg.connect(roles.url("postgres").replace("+psycopg", "")) as conn:
        rows = conn.execute(
            "SELECT relname FROM pg_class WHERE relname LIKE 'waadmin%' "
            f"UNION SELECT tgname FROM pg_trigger WHERE tgrelid = '{TABLE}'::regclass AND NOT tgisinternal"
        ).fetchall()
    return {name for (name,) in rows}


def test_doctor_apply_as_a_role_that_owns_nothing_reports_each_change_with_the_owners_sql(
    dml_only: TwoRoles, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    roles = dml_only
    assert main(["--lang", "en", "doctor", "--database", roles.url(roles.waadmin), "--apply", "--yes"]) == 1
    out = capsys.readouterr().out
    refused = [line for line in out.splitlines() if line.startswith("⛔ ")]
    # Every change was tried, none stopped the others, and none was made.
    assert len(refused) == 4, out
    for what in ("the index waadmin_wm_att_created_id", "the index waadmin_wm_att_status_created_id", "the stats summary", "the text-search index"):
        assert [line for line in refused if line.startswith(f"⛔ Not applied: {what} ")], (what, refused)
    assert all(f"As {roles.django}, run: " in line for line in refused), out
    assert "must be owner of table" in out and "permission denied" in out
    assert "2 indexes created" not in out and "✅ Stats summary installed." not in out
    assert "4 changes were not applied: run their SQL above as the roles their lines name" in out
    assert _objects(roles) == set()
    assert main(["--lang", "fr", "doctor", "--database", roles.url(roles.waadmin), "--apply", "--yes"]) == 1
    out = capsys.readouterr().out
    assert f"⛔ Non appliqué\u00a0: l’index waadmin_wm_att_created_id (must be owner of table {TABLE}). En tant que {roles.django}, exécutez\u00a0: CREATE INDEX" in out
    assert "4 modifications n’ont pas été appliquées" in out

    # The owner runs each printed line, as given, through psql.
    script = tmp_path / "owner.sql"
    script.write_text("\n".join(line.split(", run: ", 1)[1] for line in refused) + "\n")
    psql = roles.server.bin_dir / "psql"
    done = subprocess.run(
        [str(psql), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", str(roles.server.port), "-U", roles.django, "-d", roles.name, "-f", str(script)],
        capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "waadmin_wm_att_created_id" in _objects(roles)

    assert main(["--lang", "en", "doctor", "--database", roles.url(roles.waadmin)]) == 0
    out = capsys.readouterr().out
    assert "✅ Every useful index is present." in out
    assert "✅ The stats summary is installed." in out
    assert "✅ The text-search index is installed." in out
    assert f"Roles that may write {TABLE}: {roles.django}, {roles.waadmin}; the summary's triggers let each through" in out
    assert main(["--lang", "en", "doctor", "--database", roles.url(roles.waadmin), "--apply", "--yes"]) == 0
    assert _django_writes(roles) == 2  # the Django app writes through the triggers its owner installed
