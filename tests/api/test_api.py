"""waadmin.api on a SQLite file: what a Celery task or a Django command gets back from each call,
and what it leaves in the database (the attempts, the audit), with the sandbox provider."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlalchemy import update

from tests.support import factories
from waadmin import api
from waadmin.db.database import open_database
from waadmin.db.errors import DatabaseProblem
from waadmin.domain.clock import utcnow
from waadmin.engine.audit import AuditTrail
from waadmin.providers.sandbox import SandboxServer

REFERENCE_KEYS = {"processed", "success", "failed", "errors", "processed_at", "source_app"}


@pytest.fixture
def sandbox(monkeypatch: pytest.MonkeyPatch) -> Iterator[SandboxServer]:
    """The provider, configured through the environment as the Django app's would be."""
    with SandboxServer() as server:
        for name, value in server.environment("wachap").items():
            monkeypatch.setenv(name, value)
        yield server


@pytest.fixture
def url(sqlite_url: str) -> Iterator[str]:
    open_database(sqlite_url, create=True).dispose()
    yield sqlite_url


def _db(url: str):
    return open_database(url)


def test_run_retries_sends_what_is_due_and_returns_the_reference_keys_and_waadmins(url, sandbox) -> None:
    db = _db(url)
    due = [factories.due_retry(db, message_content=f"colis {n}") for n in range(3)]
    later = factories.due_retry(db, next_retry_at=utcnow() + timedelta(hours=1))
    other_app = factories.due_retry(db, source_app="agent_chine")

    result = api.run_retries(url, source_app="agent_mali", rate=0)

    assert set(result) >= REFERENCE_KEYS
    assert (result["processed"], result["success"], result["failed"], result["errors"]) == (3, 3, 0, [])
    assert result["source_app"] == "agent_mali" and result["result"] == "ok"
    assert {r["id"] for r in result["results"]} == set(due)
    json.dumps(result)  # a Celery result backend stores it as JSON
    assert sorted(sandbox.sent_texts()) == ["colis 0", "colis 1", "colis 2"]
    assert factories.row(db, later)["status"] == "failed_retry"
    assert factories.row(db, other_app)["status"] == "failed_retry"
    [entry] = AuditTrail(db).entries(action="retry_run")
    assert (entry.interface, entry.row_count, entry.result) == ("api", 3, "ok")
    db.dispose()


def test_a_dry_run_lists_and_changes_nothing(url, sandbox) -> None:
    db = _db(url)
    attempt_id = factories.due_retry(db)
    result = api.run_retries(url, dry_run=True)
    assert result["dry_run"] is True and result["would_process"] == [attempt_id]
    assert (result["processed"], result["success"]) == (1, 0)  # as the reference reports a dry run
    assert sandbox.count() == 0 and factories.row(db, attempt_id)["status"] == "failed_retry"
    assert AuditTrail(db).entries(action="retry_run") == []
    db.dispose()


def test_max_retries_bounds_a_run_and_the_next_call_takes_the_rest(url, sandbox) -> None:
    db = _db(url)
    for _ in range(5):
        factories.due_retry(db)
    first = api.run_retries(url, max_retries=2, rate=0)
    second = api.run_retries(url, max_retries=50, rate=0)
    assert (first["processed"], second["processed"]) == (2, 3)
    assert sandbox.count() == 5
    db.dispose()


def test_an_open_database_is_used_and_left_open(url, sandbox) -> None:
    db = _db(url)
    factories.due_retry(db)
    assert api.run_retries(db, rate=0)["success"] == 1
    assert api.stats(db)["sent"] == 1  # still usable
    db.dispose()


def test_without_provider_settings_nothing_is_claimed(url) -> None:
    db = _db(url)
    attempt_id = factories.due_retry(db)
    with pytest.raises(api.ProviderNotConfigured):
        api.run_retries(url)
    assert factories.row(db, attempt_id)["status"] == "failed_retry"
    db.dispose()


def test_a_read_only_database_is_refused_before_anything_is_sent(url, sandbox) -> None:
    db = _db(url)
    factories.due_retry(db)
    read_only = open_database(url, read_only=True)
    with pytest.raises(DatabaseProblem, match="read-only"):
        api.run_retries(read_only)
    assert sandbox.count() == 0
    read_only.dispose()
    db.dispose()


def test_a_time_budget_stops_claiming_and_records_what_was_sent(url, sandbox) -> None:
    db = _db(url)
    for _ in range(20):
        factories.due_retry(db)
    sandbox.set_latency(0.2)
    result = api.run_retries(url, rate=0, concurrency=1, time_budget=0.5)
    assert result["stopped"] is True and 1 <= result["processed"] < 20
    counts = factories.statuses_at(url)
    assert counts["sending"] == 0 and counts["sent"] == result["success"] == sandbox.count()
    db.dispose()


def test_recover_stuck_gives_back_sends_older_than_the_lease(url) -> None:
    db = _db(url)
    old = factories.attempt(db, status="sending", attempt_count=2, last_attempt_at=utcnow() - timedelta(minutes=30))
    fresh = factories.attempt(db, status="sending", attempt_count=2, last_attempt_at=utcnow() - timedelta(minutes=2))
    assert api.recover_stuck(url, dry_run=True) == {"stuck": 1, "dry_run": True}
    result = api.recover_stuck(url, lease_minutes=10)
    [item] = result["recovered"]
    assert item["id"] == old and item["status"] == "failed_retry" and item["may_have_reached_provider"]
    assert item["next_retry_at"] is not None
    assert factories.row(db, old)["error_code"] == "interrupted"
    assert factories.row(db, fresh)["status"] == "sending"
    with pytest.raises(ValueError):
        api.recover_stuck(url, lease_minutes=0)
    db.dispose()


def test_cleanup_deletes_old_finished_attempts_with_the_reference_keys(url) -> None:
    db = _db(url)
    old_sent = factories.attempt(db, status="sent", created_at=utcnow() - timedelta(days=40))
    old_retry = factories.attempt(db, status="failed_retry", created_at=utcnow() - timedelta(days=40))
    recent = factories.attempt(db, status="sent", created_at=utcnow() - timedelta(days=2))
    counted = api.cleanup(url, days=30, dry_run=True)
    assert (counted["matched"], counted["deleted"]) == (1, 0)
    result = api.cleanup(url, days=30)
    assert (result["success"], result["deleted_count"], result["days_old"], result["deleted"]) == (True, 1, 30, 1)
    assert "cleaned_at" in result
    assert factories.row(db, old_retry)["status"] == "failed_retry" and factories.row(db, recent)["status"] == "sent"
    with pytest.raises(Exception):  # noqa: B017 - the row is gone
        factories.row(db, old_sent)["status"]
    db.dispose()


def test_stats_has_the_reference_keys_and_waadmins(url) -> None:
    db = _db(url)
    factories.attempt(db, status="sent")
    factories.attempt(db, status="read")
    factories.due_retry(db)
    stuck = factories.attempt(db, status="sending")
    with db.write() as conn:  # a send stuck for an hour
        a = db.layout.attempt
        conn.execute(update(a).where(a.id == stuck).values(last_attempt_at=utcnow() - timedelta(hours=1)))
    data = api.stats(url, days=7)
    for key in ("total", "pending", "sending", "sent", "delivered", "failed_retry", "failed_final", "cancelled",
                "avg_attempts", "success_rate", "failure_rate", "pending_rate", "by_type"):
        assert key in data
    assert (data["total"], data["sent"], data["read"], data["ready_now"], data["stuck"]) == (4, 1, 1, 1, 1)
    assert data["success_rate"] == pytest.approx(50.0)  # sent and read, of four
    json.dumps(data)
    db.dispose()
