"""Commands that connect say in one line on stderr when the Django app's migration took
waadmin's triggers and indexes away, and 'waadmin doctor --apply' puts them back; a Django
database waadmin never modified gets no such line."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine

from tests.support import factories
from tests.support.django_rebuild import rebuild_like_django
from waadmin.cli.main import main
from waadmin.db import lost_objects
from waadmin.db.database import open_database
from waadmin.db.models import V2Base


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _warnings(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.startswith("⚠️")]


def test_stats_after_django_s_rebuild_warns_once_and_doctor_apply_repairs(capsys, sqlite_url: str) -> None:
    database = open_database(sqlite_url, create=True)
    factories.attempt(database)
    rebuild_like_django(sqlite_url)

    code, out, err = run(capsys, "stats", "--database", sqlite_url, "--json")
    assert code == 0 and out.startswith("{")  # the JSON stays clean: the warning is on stderr
    (line,) = _warnings(err)
    assert "Objets de waadmin perdus sur whatsapp_monitoring_attempts" in line
    assert "triggers du résumé des statistiques" in line and "waadmin_wm_att_created_id" in line
    assert "'waadmin doctor --apply'" in line

    code, out, err = run(capsys, "doctor", "--database", sqlite_url)
    assert code == 1 and not _warnings(err)  # doctor reports it on its own, in full
    assert "Le résumé des statistiques est incomplet" in out
    assert run(capsys, "doctor", "--database", sqlite_url, "--apply", "--yes")[0] == 0
    assert not lost_objects.lost_objects(database)

    code, _, err = run(capsys, "list", "--database", sqlite_url)
    assert code == 0 and not _warnings(err)
    database.dispose()


def test_a_read_only_command_warns_too(capsys, sqlite_url: str) -> None:
    open_database(sqlite_url, create=True).dispose()
    rebuild_like_django(sqlite_url)
    code, _, err = run(capsys, "list", "--database", sqlite_url, "--read-only")
    assert code == 0 and len(_warnings(err)) == 1


def test_a_django_database_waadmin_never_modified_gets_no_warning(capsys, db_url: str) -> None:
    engine = create_engine(db_url)
    V2Base.metadata.create_all(engine)
    engine.dispose()
    code, _, err = run(capsys, "stats", "--database", db_url)
    assert code == 0 and not _warnings(err)


@pytest.mark.postgres
def test_triggers_dropped_by_hand_on_postgresql_are_warned_about(capsys, pg_url: str) -> None:
    database = open_database(pg_url, create=True)
    with database.write() as conn:
        conn.exec_driver_sql('DROP TRIGGER "waadmin_wm_att_sum_upd" ON "whatsapp_monitoring_attempts"')
    database.dispose()
    code, _, err = run(capsys, "list", "--database", pg_url)
    assert code == 0
    (line,) = _warnings(err)
    assert "triggers du résumé des statistiques" in line


def test_the_worker_says_it_when_it_starts(capsys, monkeypatch, sqlite_url: str) -> None:
    from waadmin.providers.sandbox import SandboxServer

    database = open_database(sqlite_url, create=True)
    factories.due_retry(database)
    database.dispose()
    rebuild_like_django(sqlite_url)
    with SandboxServer() as server:
        for key, value in server.environment("wachap").items():
            monkeypatch.setenv(key, value)
        code, out, err = run(capsys, "worker", "--database", sqlite_url, "--runs", "1", "--interval", "1")
    assert code == 0 and "envoyés 1" in out
    assert len(_warnings(err)) == 1
