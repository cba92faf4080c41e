"""'waadmin doctor' on an existing Django database: it names the missing indexes and prints the SQL,
changes nothing unasked, and creates them with --apply once confirmed."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, inspect

from waadmin.cli.main import main
from waadmin.db.database import open_database
from waadmin.db.models import V2Base


def _django_made(url: str) -> None:
    """The tables exactly as Django's migration leaves them, without waadmin's indexes."""
    engine = create_engine(url)
    V2Base.metadata.create_all(engine)
    engine.dispose()


def _index_names(url: str) -> set[str]:
    engine = create_engine(url)
    with engine.connect() as conn:
        names = {i["name"] for i in inspect(conn).get_indexes("whatsapp_monitoring_attempts")}
    engine.dispose()
    return names


def test_a_database_waadmin_creates_has_every_index(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    open_database(db_url, create=True).dispose()
    assert main(["doctor", "--database", db_url, "--lang", "en"]) == 0
    assert "Every useful index is present" in capsys.readouterr().out
    assert "waadmin_wm_att_created_id" in _index_names(db_url)


def test_on_a_django_database_doctor_prints_the_sql_and_changes_nothing(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    _django_made(db_url)
    open_database(db_url, create=True).dispose()  # opening never adds indexes to Django's table
    before = _index_names(db_url)
    assert main(["doctor", "--database", db_url]) == 1
    out = capsys.readouterr().out
    assert "waadmin_wm_att_created_id (created_at, id)" in out
    assert "CREATE INDEX" in out and "ON whatsapp_monitoring_attempts (created_at, id);" in out
    if db_url.startswith("postgresql"):
        assert "CREATE INDEX CONCURRENTLY" in out
        assert "waadmin_wm_att_status_created_id" in out
    else:
        assert "status_created_id" not in out  # SQLite's (status, created_at) index already ends with the rowid
    assert "whatsapp_mo_status_0137b6_idx" not in out  # Django's own are there
    assert _index_names(db_url) == before


def test_apply_without_a_terminal_or_yes_refuses_and_changes_nothing(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    _django_made(db_url)
    before = _index_names(db_url)
    assert main(["doctor", "--database", db_url, "--apply"]) == 2
    assert "--yes" in capsys.readouterr().err
    assert _index_names(db_url) == before


def test_apply_with_yes_creates_the_missing_indexes(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    _django_made(db_url)
    assert main(["doctor", "--database", db_url, "--apply", "--yes"]) == 0
    assert "created" in capsys.readouterr().out
    assert "waadmin_wm_att_created_id" in _index_names(db_url)
    assert main(["doctor", "--database", db_url]) == 0


def test_a_dropped_django_index_is_reported_with_its_own_name(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    _django_made(db_url)
    engine = create_engine(db_url)
    with engine.begin() as conn:
        conn.exec_driver_sql("DROP INDEX whatsapp_mo_phone_n_b16804_idx")
    engine.dispose()
    assert main(["doctor", "--database", db_url]) == 1
    out = capsys.readouterr().out
    assert "whatsapp_mo_phone_n_b16804_idx (phone_number, created_at) [django]" in out


def test_a_missing_database_is_one_clear_line(tmp_path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["doctor", "--database", str(tmp_path / "nowhere.sqlite3")]) == 3
    err = capsys.readouterr().err
    assert "Traceback" not in err and "nowhere.sqlite3" in err
