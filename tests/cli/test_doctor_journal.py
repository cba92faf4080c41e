"""'waadmin doctor' on a Django SQLite file names its journal mode and what WAL would change, and
switches it to WAL only with --apply --wal, once confirmed."""

from __future__ import annotations

import io
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import create_engine

from waadmin.cli.main import main
from waadmin.db.models import V2Base


class Terminal(io.StringIO):
    """What the user types at the prompt."""

    def isatty(self) -> bool:
        return True


def _django_file(tmp_path: Path) -> tuple[str, Path]:
    """The tables as Django's migration leaves them, in the mode Django leaves a new file in."""
    path = tmp_path / "db.sqlite3"
    engine = create_engine(f"sqlite:///{path}")
    V2Base.metadata.create_all(engine)
    engine.dispose()
    return f"sqlite:///{path}", path


def _mode(path: Path) -> str:
    with sqlite3.connect(path) as con:
        return con.execute("PRAGMA journal_mode").fetchone()[0]


def test_doctor_names_the_journal_mode_explains_wal_and_leaves_it(tmp_path, capsys):
    url, path = _django_file(tmp_path)
    main(["--lang", "en", "doctor", "--database", url])
    out = capsys.readouterr().out
    assert "The file is in delete journal mode" in out
    assert "the Django app's saves never wait for waadmin's reads" in out
    assert "every program using it shares" in out and "-wal and -shm files" in out and "local filesystem" in out
    assert "waadmin doctor --apply --wal" in out and "PRAGMA journal_mode = WAL;" in out
    assert _mode(path) == "delete"
    assert not path.with_name("db.sqlite3-wal").exists()


def test_apply_wal_asks_first_and_a_no_changes_nothing(tmp_path, capsys, monkeypatch):
    url, path = _django_file(tmp_path)
    monkeypatch.setattr("sys.stdin", Terminal("n\n"))
    assert main(["--lang", "en", "doctor", "--database", url, "--apply", "--wal"]) == 1
    out = capsys.readouterr().out
    assert "-- PRAGMA journal_mode = WAL;" in out and "Nothing was changed" in out
    assert _mode(path) == "delete"


def test_apply_wal_confirmed_switches_the_file_and_says_how_to_undo_it(tmp_path, capsys, monkeypatch):
    url, path = _django_file(tmp_path)
    monkeypatch.setattr("sys.stdin", Terminal("o\n"))
    assert main(["--lang", "en", "doctor", "--database", url, "--apply", "--wal"]) == 0
    out = capsys.readouterr().out
    assert "The file is now in WAL mode" in out and "PRAGMA journal_mode = DELETE;" in out
    assert _mode(path) == "wal"
    # Done once: the next report says so, and there is nothing left to switch.
    assert main(["--lang", "en", "doctor", "--database", url, "--apply", "--wal", "--yes"]) == 0
    out = capsys.readouterr().out
    assert "The file is in WAL mode" in out and "PRAGMA journal_mode = WAL" not in out


def test_plain_apply_never_switches_the_journal_mode(tmp_path, capsys):
    url, path = _django_file(tmp_path)
    assert main(["--lang", "en", "doctor", "--database", url, "--apply", "--yes"]) == 0
    out = capsys.readouterr().out
    assert "-- PRAGMA journal_mode = WAL;" not in out and "now in WAL mode" not in out
    assert _mode(path) == "delete"


def test_wal_without_apply_is_a_usage_error(tmp_path, capsys):
    url, path = _django_file(tmp_path)
    assert main(["--lang", "en", "doctor", "--database", url, "--wal"]) == 2
    assert "--wal goes with --apply" in capsys.readouterr().err
    assert _mode(path) == "delete"


@pytest.mark.postgres
def test_on_postgresql_there_is_no_journal_mode_to_report(pg_url, capsys):
    from waadmin.db.database import open_database

    open_database(pg_url, create=True).dispose()
    main(["doctor", "--database", pg_url])
    assert "journal" not in capsys.readouterr().out.lower()
