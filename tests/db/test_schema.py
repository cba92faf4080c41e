"""init-db creates what Django's migration creates; both layouts are recognised."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import inspect

from tests.support import factories
from waadmin.db import summary
from waadmin.db.database import open_database
from waadmin.db.errors import DatabaseProblem, ProblemKind
from waadmin.db.layout import V1
from waadmin.db.schema import create_schema

V2_INDEXES = {
    "whatsapp_mo_status_0137b6_idx": ["status", "created_at"],
    "whatsapp_mo_phone_n_b16804_idx": ["phone_number", "created_at"],
    "whatsapp_mo_next_re_a2d7f4_idx": ["next_retry_at"],
    "whatsapp_mo_status_f1a440_idx": ["status", "priority", "created_at"],
    "whatsapp_mo_source__def115_idx": ["source_app", "status"],
    "whatsapp_mo_message_a5fc14_idx": ["message_type", "status"],
    "whatsapp_monitoring_attempts_user_id_6701d412": ["user_id"],
}


def test_init_creates_the_v2_tables_with_djangos_columns_nulls_and_indexes(database) -> None:
    assert database.layout.key == "v2"
    with database.read() as conn:
        inspector = inspect(conn)
        columns = {c["name"]: c for c in inspector.get_columns("whatsapp_monitoring_attempts")}
        indexes = {i["name"]: i["column_names"] for i in inspector.get_indexes("whatsapp_monitoring_attempts")}
        hook_indexes = {i["name"] for i in inspector.get_indexes("whatsapp_monitoring_webhooks")}
        fks = inspector.get_foreign_keys("whatsapp_monitoring_webhooks")
    nullable = {name for name, c in columns.items() if c["nullable"]}
    assert nullable == {"user_id", "first_attempt_at", "last_attempt_at", "next_retry_at", "sent_at", "delivered_at", "region_override"}
    assert len(columns) == 27
    for name, cols in V2_INDEXES.items():
        assert indexes[name] == cols
    assert {"whatsapp_mo_provide_0caecd_idx", "whatsapp_mo_process_6c530b_idx", "whatsapp_mo_webhook_47611c_idx"} <= hook_indexes
    assert fks[0]["referred_table"] == "whatsapp_monitoring_attempts"


def test_sqlite_json_columns_carry_djangos_validity_check(sqlite_url: str) -> None:
    db = open_database(sqlite_url, create=True)
    path = sqlite_url.removeprefix("sqlite:///")
    con = sqlite3.connect(path)
    with pytest.raises(sqlite3.IntegrityError):
        con.execute(
            "INSERT INTO whatsapp_monitoring_attempts (phone_number, source_app, message_type, category, priority, title,"
            " message_content, status, attempt_count, max_attempts, created_at, provider_message_id, provider_response,"
            " error_message, error_code, sender_role, context_data, retry_delay_seconds, exponential_backoff)"
            " VALUES ('1','x','otp','',3,'','m','pending',0,3,'2025-01-01 00:00:00','','not json','','','','{}',300,1)"
        )
    db.dispose()


def test_an_explicit_url_without_tables_is_an_error_not_a_silent_create(tmp_path: Path) -> None:
    path = tmp_path / "empty.sqlite3"
    sqlite3.connect(path).execute("CREATE TABLE something (id integer)").connection.close()
    with pytest.raises(DatabaseProblem) as info:
        open_database(str(path))
    assert info.value.kind == ProblemKind.NO_TABLES
    assert "init-db" in info.value.message


def test_a_file_that_is_not_a_database_is_named_as_such(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("this is not sqlite" * 100)
    with pytest.raises(DatabaseProblem) as info:
        open_database(str(path))
    assert info.value.kind == ProblemKind.NOT_A_DATABASE


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("mysql://u@h/db", ProblemKind.BAD_URL),
        ("postgresql://u:pw@host:notaport/db", ProblemKind.BAD_URL),
        ("postgresql://u:pw@127.0.0.1:1/db", ProblemKind.UNREACHABLE),
    ],
)
def test_bad_urls_and_unreachable_servers_get_one_clear_problem(url: str, kind: ProblemKind) -> None:
    with pytest.raises(DatabaseProblem) as info:
        open_database(url)
    assert info.value.kind == kind
    assert "pw" not in info.value.message  # the password never reaches a message


def test_v1_layout_is_detected_and_usable(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'v1.sqlite3'}"
    db = open_database(url, create=True, layout="v1")
    assert db.layout is V1
    create_schema(db, V1)
    reopened = open_database(url)
    assert reopened.layout.key == "v1"
    attempt_id = factories.attempt(reopened, region_override=None)
    row = factories.row(reopened, attempt_id)
    assert row["region_override"] == ""  # V1 keeps it NOT NULL with '' as default
    assert "source_app" not in row


def test_a_missing_column_is_reported_by_name(tmp_path: Path) -> None:
    path = tmp_path / "broken.sqlite3"
    db = open_database(str(path), create=True)
    with db.write() as conn:
        summary.uninstall(conn, db.layout)  # its triggers read error_code: SQLite would refuse the drop
    db.dispose()
    con = sqlite3.connect(path)
    con.execute("ALTER TABLE whatsapp_monitoring_attempts DROP COLUMN error_code")
    con.commit()
    con.close()
    with pytest.raises(DatabaseProblem) as info:
        open_database(str(path))
    assert info.value.kind == ProblemKind.SCHEMA
    assert "error_code" in info.value.message


def test_the_user_fk_is_named_as_django_names_it_on_postgresql() -> None:
    from waadmin.db.models import django_fk_name

    # The names Django 5.2's migrate gives these constraints (seen with tests/compat on PostgreSQL).
    assert django_fk_name("whatsapp_monitoring_attempts", "user_id", "authentication_customuser") == "whatsapp_monitoring__user_id_6701d412_fk_authentic"
    assert django_fk_name("auth_group_permissions", "group_id", "auth_group") == "auth_group_permissions_group_id_b120cbf9_fk_auth_group_id"


def test_a_database_with_tables_of_its_own_gets_the_monitoring_tables_only(tmp_path: Path) -> None:
    from waadmin.db import django_users

    path = tmp_path / "shared.sqlite3"
    sqlite3.connect(path).execute("CREATE TABLE something (id integer)").connection.close()
    db = open_database(str(path), create=True)
    with db.read() as conn:
        tables = set(inspect(conn).get_table_names())
    db.dispose()
    assert {"something", "whatsapp_monitoring_attempts", "whatsapp_monitoring_webhooks"} <= tables
    assert not tables & {django_users.MIGRATIONS_TABLE, *django_users.TABLES}
    assert not db.has_users


def test_an_empty_database_gets_the_django_user_tables_and_their_records(sqlite_url: str) -> None:
    db = open_database(sqlite_url, create=True)
    with db.read() as conn:
        records = set(conn.exec_driver_sql("SELECT app, name FROM django_migrations").fetchall())
    db.dispose()
    assert db.has_users
    assert ("authentication", "0003_customuser_has_changed_default_password") in records
    assert ("whatsapp_monitoring_app", "0002_alter_whatsappmessageattempt_region_override") in records
