"""Cancel, reset, cleanup counts, webhook reprocessing and the audit trail."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.support import factories
from waadmin.db import audit_store
from waadmin.db.inserts import insert_webhooks
from waadmin.db.webhook_store import list_webhooks
from waadmin.domain.clock import utcnow
from waadmin.domain.filters import AttemptFilter
from waadmin.engine import actions, cleanup, webhooks
from waadmin.engine.audit import AuditTrail


def test_cancel_reports_what_changed_and_audits(database) -> None:
    audit = AuditTrail(database, "cli")
    waiting = factories.attempt(database, status="failed_retry")
    sent = factories.attempt(database, status="sent")
    report = actions.cancel_attempts(database, [waiting, sent], audit=audit)
    assert (report.done, report.skipped) == ([waiting], [sent])
    [entry] = audit_store.list_entries(database)
    assert (entry.action, entry.row_count, entry.interface) == ("cancel", 1, "cli")
    assert str(waiting) in entry.target


def test_cancel_matching_acts_on_every_page_of_the_filter(database) -> None:
    ids = [factories.attempt(database, status="pending", category="bulk") for _ in range(23)]
    other = factories.attempt(database, status="pending", category="keep")
    report = actions.cancel_matching(database, AttemptFilter(categories=frozenset({"bulk"})), chunk=5)
    assert sorted(report.done) == sorted(ids)
    assert factories.row(database, other)["status"] == "pending"


def test_cleanup_deletes_exactly_the_old_finished_rows_and_unlinks_their_webhooks(database) -> None:
    old = utcnow() - timedelta(days=40)
    doomed = [factories.attempt(database, status=s, created_at=old) for s in ("sent", "delivered", "read", "failed_final", "cancelled")]
    kept = [factories.attempt(database, status=s, created_at=old) for s in ("pending", "failed_retry", "sending")]
    recent = factories.attempt(database, status="sent", created_at=utcnow() - timedelta(days=2))
    [hook] = insert_webhooks(database, [{"message_attempt_id": doomed[0], "provider_message_id": "x", "status": "delivered"}])
    assert cleanup.count_cleanable(database, 30) == 5
    dry = cleanup.cleanup(database, 30, dry_run=True)
    assert (dry.matched, dry.deleted) == (5, 0)
    assert cleanup.count_cleanable(database, 30) == 5
    report = cleanup.cleanup(database, 30, chunk=2)
    assert (report.matched, report.deleted, report.webhooks_unlinked) == (5, 5, 1)
    for attempt_id in kept + [recent]:
        factories.row(database, attempt_id)
    [log] = [w for w in list_webhooks(database) if w.id == hook]
    assert log.message_attempt_id is None


@pytest.mark.parametrize("days", [0, -3, 10**6])
def test_absurd_cleanup_ages_are_refused(database, days: int) -> None:
    with pytest.raises(ValueError):
        cleanup.cleanup(database, days)


def test_reprocessing_links_applies_and_explains_what_it_cannot_match(database) -> None:
    sent = factories.attempt(database, status="sent", provider_message_id="wamid.A")
    read = factories.attempt(database, status="read", provider_message_id="wamid.B")
    twin1 = factories.attempt(database, status="sent", provider_message_id="wamid.TWIN")
    twin2 = factories.attempt(database, status="sent", provider_message_id="wamid.TWIN")
    cancelled = factories.attempt(database, status="cancelled", provider_message_id="wamid.C")
    logs = insert_webhooks(
        database,
        [
            {"provider_message_id": "wamid.A", "webhook_type": "delivery", "status": "delivered"},
            {"provider_message_id": "wamid.B", "webhook_type": "delivery", "status": "delivered"},
            {"provider_message_id": "wamid.TWIN", "webhook_type": "read", "status": "read"},
            {"provider_message_id": "wamid.NONE", "webhook_type": "delivery", "status": "delivered"},
            {"provider_message_id": "wamid.C", "webhook_type": "read", "status": "read"},
        ],
    )
    report = webhooks.reprocess(database)
    assert (report.examined, report.applied, report.unchanged, report.no_match, report.ambiguous) == (5, 1, 2, 1, 1)
    assert factories.row(database, sent)["status"] == "delivered"
    assert factories.row(database, read)["status"] == "read"  # a late "delivered" never demotes "read"
    assert factories.row(database, cancelled)["status"] == "cancelled"
    assert {factories.row(database, t)["status"] for t in (twin1, twin2)} == {"sent"}
    by_id = {w.id: w for w in list_webhooks(database)}
    assert by_id[logs[0]].processed and by_id[logs[0]].message_attempt_id == sent
    assert not by_id[logs[2]].processed and "2 attempts share this provider id" in by_id[logs[2]].processing_error
    assert not by_id[logs[3]].processed and "wamid.NONE" in by_id[logs[3]].processing_error
    # Once the send records its id, a second pass matches the leftover log.
    late = factories.attempt(database, status="sent", provider_message_id="wamid.NONE")
    again = webhooks.reprocess(database)
    assert again.applied == 1 and factories.row(database, late)["status"] == "delivered"


@pytest.mark.postgres
def test_audit_falls_back_to_a_local_file_when_the_user_may_not_create_tables(pg_url, tmp_path) -> None:
    """PostgreSQL 15 lets only the owner create tables in public: a clerk's role may change
    rows but not add waadmin_audit_log, so entries go to a local file instead."""
    import psycopg
    from sqlalchemy.engine import make_url

    from waadmin.db.database import open_database

    owner = open_database(pg_url, create=True)
    url = make_url(pg_url)
    with psycopg.connect(host=url.host, port=url.port, user="postgres", dbname=url.database, autocommit=True) as conn:
        conn.execute("DROP ROLE IF EXISTS waadmin_clerk")
        conn.execute("CREATE ROLE waadmin_clerk LOGIN")
        conn.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO waadmin_clerk")
    clerk = open_database(url.set(username="waadmin_clerk").render_as_string(hide_password=False))
    try:
        waiting = factories.attempt(owner, status="pending")
        audit = AuditTrail(clerk, "gui", local_dir=tmp_path)
        report = actions.cancel_attempts(clerk, [waiting], audit=audit)
        assert report.done == [waiting]
        assert audit.location == str(audit.local_file)
        assert "permission denied" in audit.fallback_reason
        assert '"action": "cancel"' in audit.local_file.read_text()
    finally:
        clerk.dispose()
        owner.dispose()
        with psycopg.connect(host=url.host, port=url.port, user="postgres", dbname=url.database, autocommit=True) as conn:
            conn.execute("REASSIGN OWNED BY waadmin_clerk TO postgres")
            conn.execute("DROP OWNED BY waadmin_clerk")
            conn.execute("DROP ROLE waadmin_clerk")
