"""Safety: a read-only connection is refused by the engine itself (and by the database under
it), every change is audited, and hostile input stays text."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.support import factories
from waadmin.db import audit_store, transitions
from waadmin.db.database import open_database
from waadmin.db.errors import DatabaseProblem
from waadmin.db.inserts import insert_webhooks
from waadmin.domain.clock import utcnow
from waadmin.domain.filters import AttemptFilter
from waadmin.engine import actions, bulk, cleanup, webhooks
from waadmin.engine.audit import AuditTrail
from waadmin.engine.retry import RetryOptions, RetryRun
from waadmin.providers.factory import build_provider
from waadmin.providers.sandbox import SandboxServer


@pytest.fixture
def provider():
    with SandboxServer() as server:
        built = build_provider(server.settings("wachap"))
        yield built
        built.close()


def _url(database) -> str:
    return database.engine.url.render_as_string(hide_password=False)


def test_every_change_is_refused_on_a_read_only_connection(database, provider) -> None:
    due = factories.due_retry(database)
    factories.attempt(database, status="sent", created_at=utcnow() - timedelta(days=90))
    stuck = factories.attempt(database, status="sending", attempt_count=1, last_attempt_at=utcnow() - timedelta(hours=1))
    insert_webhooks(database, [{"provider_message_id": "x", "status": "delivered"}])
    before = {i: factories.row(database, i) for i in (due, stuck)}
    ro = open_database(_url(database), read_only=True)
    attempts = [
        lambda: transitions.cancel(ro, [due]),
        lambda: actions.cancel_attempts(ro, [due]),
        lambda: actions.reset_stuck(ro, force=True),
        lambda: transitions.requeue_final(ro, [due], 1, utcnow()),
    ]
    for attempt in attempts:
        with pytest.raises(DatabaseProblem, match="read-only"):
            attempt()
    run = RetryRun(ro, provider, RetryOptions()).run()
    assert run.processed == 0 and "read-only" in run.aborted
    assert actions.cancel_matching(ro, AttemptFilter()).errors
    assert bulk.retry_matching(ro, provider, AttemptFilter()).aborted
    assert webhooks.reprocess(ro).errors
    assert "read-only" in cleanup.cleanup(ro, 30).error
    assert {i: factories.row(database, i) for i in (due, stuck)} == before
    ro.dispose()


def test_the_database_itself_refuses_writes_on_a_read_only_connection(database) -> None:
    from sqlalchemy import update

    attempt_id = factories.attempt(database)
    ro = open_database(_url(database), read_only=True)
    a = ro.layout.attempt
    # The driver's own refusal, whatever its class; Database.write() bypassed on purpose.
    with pytest.raises(Exception), ro.engine.begin() as conn:  # noqa: B017
        conn.execute(update(a).where(a.id == attempt_id).values(status="cancelled"))
    assert factories.row(database, attempt_id)["status"] == "pending"
    ro.dispose()


def test_each_action_leaves_an_audit_row(database, provider) -> None:
    audit = AuditTrail(database, "gui")
    due = [factories.due_retry(database) for _ in range(3)]
    final = factories.attempt(database, status="failed_final", attempt_count=3, error_code="http_5xx")
    factories.attempt(database, status="sending", attempt_count=1, last_attempt_at=utcnow() - timedelta(hours=1))
    factories.attempt(database, status="delivered", created_at=utcnow() - timedelta(days=90))
    insert_webhooks(database, [{"provider_message_id": "nothing-matches", "status": "delivered"}])
    actions.cancel_attempts(database, due[:1], audit=audit)
    actions.retry_now(database, provider, due[1:2], audit=audit)
    actions.cancel_matching(database, AttemptFilter(ids=frozenset(due[2:])), audit=audit, filter_description="ids")
    actions.reset_stuck(database, force=True, audit=audit)
    cleanup.cleanup(database, 30, audit=audit)
    webhooks.reprocess(database, audit=audit)
    bulk.retry_matching(database, provider, AttemptFilter(ids=frozenset({final})), extra_attempts=1, options=RetryOptions(rate_per_second=0), audit=audit, description="final one")
    audit.record("reveal", target=f"attempt {due[0]}", row_count=1)
    entries = audit_store.list_entries(database)
    assert {e.action for e in entries} >= {"cancel", "retry_now", "cancel_matching", "reset_stuck", "cleanup", "webhooks_reprocess", "retry_matching", "reveal"}
    for entry in entries:
        assert entry.os_user and entry.host and entry.interface == "gui" and entry.at is not None and entry.result
    cancel = next(e for e in entries if e.action == "cancel")
    assert str(due[0]) in cancel.target and cancel.row_count == 1


@pytest.mark.parametrize("text", ["%", "_", "'", "\\", "'; DROP TABLE whatsapp_monitoring_attempts; --", "\" OR 1=1 --", "%_%", "100%"])
def test_hostile_search_text_is_only_text(database, text) -> None:
    from waadmin.db import listing

    plain = factories.attempt(database, title="Colis arrivé")
    odd = factories.attempt(database, title=f"note {text} fin")
    found = {r.id for r in listing.list_attempts(database, AttemptFilter(search=text)).rows}
    assert odd in found and plain not in found
    assert listing.count_attempts(database, AttemptFilter()).value >= 2  # the table is still there
