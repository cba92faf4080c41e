"""waadmin's tables are the ones the Django app uses: the real Django ORM (5.x, in its own
process) reads what waadmin writes and waadmin reads what Django writes, on SQLite and
PostgreSQL, in both layouts."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import inspect

from waadmin.db import listing
from waadmin.db.database import open_database
from waadmin.db.detail import get_attempt
from waadmin.db.layout import LAYOUTS
from waadmin.db.schema import create_schema
from waadmin.domain.filters import AttemptFilter
from waadmin.domain.redaction import MASK
from waadmin.engine.demo import load_demo
from waadmin.engine.redact import redact
from waadmin.engine.retry import RetryOptions, run_retries
from waadmin.engine.webhooks import reprocess
from waadmin.providers.factory import build_provider
from waadmin.providers.sandbox import SandboxServer

pytest.importorskip("django")

ROOT = Path(__file__).resolve().parents[2]
TABLES = {"v2": ("whatsapp_monitoring_attempts", "whatsapp_monitoring_webhooks"), "v1": ("agent_chine_whatsapp_monitoring", "agent_chine_whatsapp_webhooks")}


def django(url: str, layout: str, action: str, *rest: str) -> dict:
    result = subprocess.run(
        [sys.executable, "-m", "tests.compat.django_side", url, layout, action, *rest],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def two_urls(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'a.sqlite3'}", f"sqlite:///{tmp_path / 'b.sqlite3'}"
    server = request.getfixturevalue("pg_server")
    return server.url(server.create_database()), server.url(server.create_database())


def _waadmin_schema(url: str, layout: str):
    """As on a Django project whose users exist before the monitoring app's tables."""
    from sqlalchemy import create_engine

    from waadmin.db.models import CustomUser
    from waadmin.db.urls import parse

    engine = create_engine(parse(url))
    CustomUser.metadata.create_all(engine)
    engine.dispose()
    database = open_database(url, layout=layout, create=True)
    create_schema(database, LAYOUTS[layout])
    return database


def _shape(url: str, layout: str) -> dict:
    database = open_database(url, layout=layout)
    sqlite = database.is_sqlite
    found = {}
    with database.engine.connect() as conn:
        inspector = inspect(conn)
        for table in TABLES[layout]:
            columns = {}
            for column in inspector.get_columns(table):
                kind = str(column["type"]).lower()
                if sqlite:
                    # SQLite compares by affinity; Django and SQLAlchemy spell types differently.
                    kind = "int" if "int" in kind or "bool" in kind else ("text" if any(t in kind for t in ("char", "text", "clob")) else kind)
                    kind = "text" if kind in ("datetime", "json") else kind
                columns[column["name"]] = (column["nullable"], kind)
            indexes = {ix["name"]: tuple(ix["column_names"]) for ix in inspector.get_indexes(table)}
            keys = sorted((tuple(fk["constrained_columns"]), fk["referred_table"]) for fk in inspector.get_foreign_keys(table))
            found[table] = {"columns": columns, "indexes": indexes, "foreign_keys": keys}
    database.dispose()
    return found


@pytest.mark.parametrize("layout", ["v2", "v1"])
def test_init_db_makes_the_tables_django_makes(two_urls, layout) -> None:
    django_url, waadmin_url = two_urls
    django(django_url, layout, "schema")
    _waadmin_schema(waadmin_url, layout).dispose()
    theirs, ours = _shape(django_url, layout), _shape(waadmin_url, layout)
    for table in TABLES[layout]:
        assert ours[table]["columns"] == theirs[table]["columns"], table
        assert ours[table]["foreign_keys"] == theirs[table]["foreign_keys"], table
        # Every index Django declares exists under the same name and columns; waadmin may add its own.
        missing = {name: cols for name, cols in theirs[table]["indexes"].items() if ours[table]["indexes"].get(name) != cols}
        assert not missing, (table, missing, ours[table]["indexes"])


@pytest.mark.parametrize("layout", ["v2", "v1"])
def test_django_reads_what_waadmin_wrote(two_urls, layout) -> None:
    url = two_urls[0]
    database = _waadmin_schema(url, layout)
    load_demo(database, 400, days=10, seed=5, with_users=True, force=True)
    with SandboxServer() as sandbox:
        provider = build_provider(sandbox.settings("wachap"))
        report = run_retries(database, provider, RetryOptions(limit=40, rate_per_second=0))
        provider.close()
    total = listing.count_attempts(database, AttemptFilter(), exact=True).value
    database.dispose()
    seen = django(url, layout, "read")
    assert seen["problems"] == []
    assert seen["attempts"] == total and seen["with_user"] > 0
    assert seen["webhooks"] > 0 and seen["linked_webhooks"] > 0
    assert report.processed > 0


@pytest.mark.parametrize("layout", ["v2", "v1"])
def test_waadmin_reads_and_sends_what_django_wrote(two_urls, layout) -> None:
    url = two_urls[0]
    django(url, layout, "schema")
    made = django(url, layout, "write")
    database = open_database(url)
    assert database.layout.key == layout and database.has_users
    detail = get_attempt(database, made["created"])
    assert detail is not None and detail.status == "pending" and detail.message_type == "colis_status"
    assert "Traoré" in (detail.recipient or "")
    sent = get_attempt(database, made["sent"])
    assert sent.provider_response["result"].startswith("Message envoyé") and len(sent.webhooks) == 1
    # The webhook Django logged moves the attempt to delivered, and Django sees it so.
    reprocess(database)
    with SandboxServer() as sandbox:
        provider = build_provider(sandbox.settings("wachap"))
        report = run_retries(database, provider, RetryOptions(rate_per_second=0))
        provider.close()
    assert report.success == 1  # the old pending one; the fresh one waits for its grace period
    database.dispose()
    delivered = django(url, layout, "one", str(made["sent"]))
    assert delivered["status"] == "delivered" and delivered["delivered_at"]
    retried = django(url, layout, "one", str(made["old_pending"]))
    assert retried["status"] == "sent" and retried["attempt_count"] == 1 and retried["provider_message_id"]
    assert retried["provider_response"]["result"] == "ok"


# -- a database waadmin makes from nothing is one Django's migrate accepts -------------------

def _waadmin_demo(url: str, layout: str) -> None:
    """``waadmin demo`` itself, as a user runs it."""
    result = subprocess.run(
        [sys.executable, "-m", "waadmin", "demo", "--database", url, "--layout", layout, "--count", "300", "--days", "5"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]


def _user_table_shape(url: str) -> dict:
    """Every table Django's migrations make for the user model, with unique constraints too."""
    from waadmin.db.django_users import MIGRATIONS_TABLE, TABLES

    database = open_database(url)
    sqlite = database.is_sqlite
    found = {}
    with database.engine.connect() as conn:
        inspector = inspect(conn)
        for table in (MIGRATIONS_TABLE, *TABLES):
            columns = {c["name"]: (c["nullable"], str(c["type"]).lower()) for c in inspector.get_columns(table)}
            indexes = {ix["name"]: (tuple(ix["column_names"]), bool(ix["unique"])) for ix in inspector.get_indexes(table)}
            uniques = sorted(tuple(u["column_names"]) for u in inspector.get_unique_constraints(table))
            if not sqlite:
                uniques = sorted((u["name"], tuple(u["column_names"])) for u in inspector.get_unique_constraints(table))
            keys = sorted(
                (fk["name"] if not sqlite else "", tuple(fk["constrained_columns"]), fk["referred_table"], bool((fk.get("options") or {}).get("deferrable")))
                for fk in inspector.get_foreign_keys(table)
            )
            found[table] = {"columns": columns, "indexes": indexes, "uniques": uniques, "foreign_keys": keys}
        records = sorted(tuple(r) for r in conn.exec_driver_sql(f"SELECT app, name FROM {MIGRATIONS_TABLE}"))
    database.dispose()
    return {"tables": found, "records": records}


def test_init_db_makes_the_user_tables_and_records_djangos_migrate_makes(two_urls) -> None:
    django_url, waadmin_url = two_urls
    migrated = django(django_url, "v2", "migrate")
    assert "authentication.0003_customuser_has_changed_default_password" in migrated["applied_now"]
    open_database(waadmin_url, create=True).dispose()
    theirs, ours = _user_table_shape(django_url), _user_table_shape(waadmin_url)
    for table, shape in theirs["tables"].items():
        assert ours["tables"][table] == shape, table
    assert ours["records"] == theirs["records"]
    assert _shape(waadmin_url, "v2")[TABLES["v2"][0]]["foreign_keys"] == _shape(django_url, "v2")[TABLES["v2"][0]]["foreign_keys"]


@pytest.mark.parametrize("layout", ["v2", "v1"])
def test_django_migrates_a_waadmin_demo_database_and_sends_through_its_models(two_urls, layout) -> None:
    url = two_urls[0]
    _waadmin_demo(url, layout)
    migrated = django(url, layout, "migrate")
    # Everything the project's migrations would make is there and recorded: nothing to redo.
    assert migrated["applied_now"] == [] and migrated["unapplied"] == []
    assert migrated["permissions"] > 0
    seen = django(url, layout, "read")
    assert seen["problems"] == [] and seen["attempts"] == 300 and seen["with_user"] > 0
    sent = django(url, layout, "send")
    assert sent["sent"] > 0 and sent["with_user"] > 0
    # waadmin still names the recipients, the demo's and the one Django added.
    database = open_database(url)
    assert database.layout.key == layout and database.has_users
    mine = get_attempt(database, sent["own_attempt"])
    assert mine.status == "sent" and "Sawadogo" in (mine.recipient or "")
    found = listing.list_attempts(database, AttemptFilter(search="sawadogo"), limit=10).rows
    assert [row.id for row in found] == [sent["own_attempt"]]
    named = [row for row in listing.list_attempts(database, limit=50).rows if row.recipient]
    assert named
    database.dispose()


def test_a_demo_on_a_database_waadmin_made_before_gets_the_user_tables_django_accepts(two_urls) -> None:
    """A database init-db made with its monitoring tables only (as waadmin did before it laid out
    the user tables): the demo adds the user tables and records, and Django then migrates it."""
    from sqlalchemy import create_engine, text

    from waadmin.db.urls import parse

    url = two_urls[0]
    engine = create_engine(parse(url))
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE placeholder (id integer)"))
    engine.dispose()
    database = open_database(url, create=True)
    assert not database.has_users
    with database.engine.begin() as conn:
        conn.execute(text("DROP TABLE placeholder"))
    summary = load_demo(database, 200, days=5, seed=2)
    assert summary.users > 0 and database.has_users
    database.dispose()
    migrated = django(url, "v2", "migrate")
    assert migrated["applied_now"] == [] and migrated["unapplied"] == []
    sent = django(url, "v2", "send")
    assert sent["sent"] > 0 and sent["with_user"] > 0


# -- redaction at rest: rows the ORM wrote with the app's credential and code templates are
# redacted by waadmin, then loaded and validated by the ORM, secrets gone and the rest as it
# was; the attempt still waiting for a retry keeps its code.
@pytest.mark.parametrize("layout", ["v2", "v1"])
def test_django_reads_the_rows_waadmin_redacted(two_urls, layout) -> None:
    url = two_urls[0]
    django(url, layout, "schema")
    ids = django(url, layout, "write_secrets")
    database = open_database(url)
    first = redact(database, timedelta(hours=24))
    second = redact(database, timedelta(hours=24))
    database.dispose()
    assert first.redacted == 3 and second.redacted == 0 and second.matched == 0
    seen = django(url, layout, "read_secrets")
    assert all(not row["problem"] for row in seen.values()), seen
    text = {name: seen[str(i)]["message_content"] for name, i in ids.items()}
    assert "k7$Qp2xa" not in text["account"] and f"Mot de passe temporaire: {MASK}" in text["account"]
    assert "Identifiant: +22370112233" in text["account"]
    assert text["otp"] == f"Code de vérification TS Air Cargo: {MASK}"
    assert text["reset"] == f"Votre code de réinitialisation est {MASK}. Ce code expire dans 24h."
    assert text["waiting"].endswith("550011") and seen[str(ids["waiting"])]["status"] == "failed_retry"
