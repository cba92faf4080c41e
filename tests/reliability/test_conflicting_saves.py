"""A whole-row save by another program over an attempt waadmin is sending (the Django admin or a
service saving an object loaded before the claim) puts its old status and attempt_count back.
waadmin cannot prevent it, but it does not let it cause a second send: the provider's acceptance
is recorded over the old copy, the row is flagged (failures view, audit) and never sent again."""

from __future__ import annotations

import threading
from collections import Counter

from sqlalchemy import select, update

from tests.reliability.conftest import insert_due, rows_by_id
from tests.support.waiting import wait_until
from waadmin.engine.actions import audited_retry_run
from waadmin.engine.audit import AuditTrail
from waadmin.engine.failures import group_failures
from waadmin.engine.retry import RetryOptions, RetryRun
from waadmin.providers.factory import build_provider


def _stale_save(database, attempt_id: int, old: dict) -> None:
    """What Django's save() does with an object loaded before the claim: every column written
    back from the old copy (here the ones the claim had changed)."""
    a = database.layout.attempt
    with database.write() as conn:
        conn.execute(
            update(a).where(a.id == attempt_id).values(
                status=old["status"], attempt_count=old["attempt_count"],
                last_attempt_at=old["last_attempt_at"], first_attempt_at=old["first_attempt_at"],
                error_code=old["error_code"], error_message=old["error_message"],
            )
        )


def test_a_stale_whole_row_save_during_a_send_is_flagged_and_never_resent(database, sandbox, tmp_path) -> None:
    texts = insert_due(database, 3)
    target = texts["colis #1"]
    old = rows_by_id(database)[target]
    sandbox.set_latency(0.6)
    audit = AuditTrail(database, local_dir=tmp_path)
    provider = build_provider(sandbox.settings("wachap"))
    run = RetryRun(database, provider, RetryOptions(rate_per_second=0, concurrency=3))
    result = {}
    worker = threading.Thread(target=lambda: result.setdefault("report", audited_retry_run(run, audit, "test run")))
    worker.start()
    wait_until(lambda: rows_by_id(database)[target]["status"] == "sending", 10, "the attempt is being sent")
    _stale_save(database, target, old)  # while the provider is taking the message
    worker.join(30)
    report = result["report"]
    row = rows_by_id(database)[target]
    assert row["status"] == "sent" and row["error_code"] == "conflicting_save"
    assert row["attempt_count"] == old["attempt_count"] + 1 and row["provider_message_id"]
    assert "older copy" in row["error_message"]
    assert [r.attempt_id for r in report.conflicts] == [target]
    # Not sent again by later runs, and shown among the failures to look at.
    provider2 = build_provider(sandbox.settings("wachap"))
    RetryRun(database, provider2, RetryOptions(rate_per_second=0)).run()
    provider.close()
    provider2.close()
    assert Counter(sandbox.sent_texts()) == Counter({t: 1 for t in texts})
    [group] = [g for g in group_failures(database) if g.error_code == "conflicting_save"]
    assert group.count == 1
    entries = audit.entries(action="conflicting_save")
    assert len(entries) == 1 and entries[0].row_count == 1 and entries[0].result == "flagged"
    a = database.layout.attempt
    with database.read() as conn:
        shown = conn.execute(select(a.id).where(a.error_code == "conflicting_save")).scalars().all()
    assert shown == [target]
