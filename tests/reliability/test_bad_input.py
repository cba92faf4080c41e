"""Bad input from the user ends in one clear line and a non-zero exit status, never a traceback."""

from __future__ import annotations

import pytest

from tests.reliability.conftest import assert_one_clear_line, run_cli
from waadmin.db.database import open_database


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("postgresql+nosuchdriver://x@127.0.0.1/db", ()),  # waadmin picks its own driver: "cannot reach"
        ("mysql:://::", ("not valid",)),
        ("not a url at all://", ()),
    ],
)
def test_malformed_database_urls(url, words) -> None:
    assert_one_clear_line(run_cli(url, "list"), *words)


@pytest.mark.postgres
def test_wrong_postgresql_password(pg_server, pg_url) -> None:
    with __import__("psycopg").connect(f"host=127.0.0.1 port={pg_server.port} user=postgres dbname=postgres", autocommit=True) as admin:
        admin.execute("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname='waadmin_pw') THEN CREATE ROLE waadmin_pw LOGIN PASSWORD 'right'; END IF; END $$")
    hba = pg_server.data / "pg_hba.conf"
    original = hba.read_text()
    hba.write_text("host all waadmin_pw 127.0.0.1/32 scram-sha-256\n" + original)
    pg_server._run("pg_ctl", "-D", str(pg_server.data), "reload")
    try:
        url = pg_url.replace("postgres@", "waadmin_pw:wrong@")
        assert_one_clear_line(run_cli(url, "list"), "password")
    finally:
        hba.write_text(original)
        pg_server._run("pg_ctl", "-D", str(pg_server.data), "reload")


def test_a_file_that_is_not_a_database(tmp_path) -> None:
    path = tmp_path / "notes.sqlite3"
    path.write_text("ceci n'est pas une base de données\n" * 100)
    assert_one_clear_line(run_cli(f"sqlite:///{path}", "stats"), "not an sqlite database")


def test_a_database_without_the_tables(tmp_path) -> None:
    import sqlite3

    path = tmp_path / "empty.sqlite3"
    sqlite3.connect(path).execute("CREATE TABLE something_else (id integer)").connection.close()
    assert_one_clear_line(run_cli(f"sqlite:///{path}", "retry"), "init-db")


def test_a_missing_sqlite_file(tmp_path) -> None:
    assert_one_clear_line(run_cli(f"sqlite:///{tmp_path / 'nope.sqlite3'}", "list"), "no database file")


@pytest.mark.parametrize(
    "args",
    [
        ("cleanup", "--days", "-3"),
        ("stats", "--days", "0"),
        ("retry", "--max-retries", "0"),
        ("retry", "--concurrency", "0"),
        ("retry", "--grace-minutes", "-1"),
        ("retry", "--rate", "-5"),
        ("recover-stuck", "--lease-minutes", "0"),
        ("list", "--limit", "abc"),
        # Values so large that Python's timedelta or a 64-bit integer used to overflow
        # ("unexpected error: OverflowError", exit 1).
        ("retry", "--lease-minutes", "99999999999999"),
        ("retry", "--grace-minutes", "99999999999999"),
        ("worker", "--lease-minutes", "99999999999999"),
        ("stats", "--days", "99999999999999"),
        ("cleanup", "--days", "99999999999999"),
        ("show", "99999999999999999999999"),
        ("list", "--id", "99999999999999999999999"),
        ("retry", "--max-retries", "99999999999999"),
        ("retry", "--rate", "1e300"),
    ],
)
def test_absurd_option_values(tmp_path, args) -> None:
    url = f"sqlite:///{tmp_path / 'a.sqlite3'}"
    open_database(url, create=True).dispose()  # what `waadmin init-db` makes (tested as a command elsewhere)
    result = run_cli(url, *args)
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    last = [line for line in result.stderr.splitlines() if line.strip()][-1]
    assert args[1] in last or "must" in last or "doit" in last or "négatif" in last or "invalid" in last, result.stderr
