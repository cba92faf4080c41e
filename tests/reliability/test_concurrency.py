"""Several senders on the same due set never send an attempt twice (reference §6 bugs 1 and 2),
and a cancel, delivery or read report landing during a send is never overwritten."""

from __future__ import annotations

import json
import os
import subprocess
import threading
from collections import Counter

import pytest

from tests.reliability.conftest import cli_env, insert_due, rows_by_id, status_counts, waadmin_command
from tests.support import factories
from tests.support.waiting import wait_until
from waadmin.db import transitions
from waadmin.domain.clock import utcnow
from waadmin.engine import webhooks
from waadmin.engine.retry import RetryOptions, RetryRun
from waadmin.providers.factory import build_provider

PROCESSES = 4
ATTEMPTS = int(os.environ.get("WAADMIN_RELIABILITY_ATTEMPTS", "5000"))


@pytest.mark.slow
def test_four_cli_processes_send_each_due_attempt_exactly_once(database, db_url, sandbox) -> None:
    by_text = insert_due(database, ATTEMPTS)
    env = cli_env(db_url, sandbox)
    args = waadmin_command("retry", "--json", "--max-retries", str(ATTEMPTS), "--concurrency", "4", "--rate", "0")
    procs = [subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(PROCESSES)]
    outputs = [proc.communicate(timeout=600) for proc in procs]
    for proc, (_out, err) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0, err
    reports = [json.loads(out) for out, _ in outputs]

    sent = Counter(sandbox.sent_texts())
    assert len(sent) == ATTEMPTS and set(sent) == set(by_text), "every due attempt reached the provider"
    assert max(sent.values()) == 1, f"sent twice: {[t for t, n in sent.items() if n > 1][:5]}"
    assert sandbox.count() == ATTEMPTS  # no request at all beyond one per attempt
    assert sum(r["success"] for r in reports) == ATTEMPTS
    assert sum(r["processed"] for r in reports) == ATTEMPTS
    assert sum(1 for r in reports if r["processed"]) >= 2, "the processes really competed"

    rows = rows_by_id(database)
    assert status_counts(database) == Counter({"sent": ATTEMPTS})
    for text, attempt_id in by_text.items():
        assert rows[attempt_id]["attempt_count"] == 1 + sent[text]  # one earlier try + this run's send


def _slow_run(database, sandbox, ids):
    sandbox.set_latency(1.0)
    provider = build_provider(sandbox.settings("wachap"))
    run = RetryRun(database, provider, RetryOptions(ids=tuple(ids), concurrency=len(ids), rate_per_second=0))
    thread = threading.Thread(target=run.run)
    thread.start()
    return run, thread, provider


def _wait_until_in_flight(sandbox, count: int) -> None:
    wait_until(lambda: sandbox.count() >= count, 20, "the sends start")


def test_a_cancel_during_a_send_is_refused_and_nothing_is_lost(database, sandbox) -> None:
    attempt_id = factories.due_retry(database, message_content="annuler pendant l'envoi")
    run, thread, provider = _slow_run(database, sandbox, [attempt_id])
    _wait_until_in_flight(sandbox, 1)
    # The row is `sending`: a cancel must not pretend to stop a message already on its way...
    assert transitions.cancel(database, [attempt_id]) == []
    thread.join(30)
    provider.close()
    row = factories.row(database, attempt_id)
    # ...and the send's result is recorded, not lost.
    assert (row["status"], row["attempt_count"]) == ("sent", 2)
    assert sandbox.count() == 1


def test_a_cancel_after_selection_but_before_the_claim_wins(database, sandbox) -> None:
    attempt_id = factories.due_retry(database)
    [candidate] = transitions.select_candidates(database, utcnow(), 10)
    assert transitions.cancel(database, [attempt_id]) == [attempt_id]
    assert transitions.claim(database, candidate, utcnow()) is None  # the reference sends it anyway (§6 bug 2)
    assert factories.row(database, attempt_id)["status"] == "cancelled"
    assert sandbox.count() == 0


@pytest.mark.parametrize("report", ["delivered", "read"])
def test_a_delivery_or_read_report_during_a_send_is_never_overwritten(database, sandbox, report) -> None:
    # The previous try reached the provider but was recorded as a timeout; its delivery report
    # arrives while the retry of the same attempt is in flight.
    attempt_id = factories.due_retry(database, provider_message_id="wamid.earlier", error_code="timeout")
    run, thread, provider = _slow_run(database, sandbox, [attempt_id])
    _wait_until_in_flight(sandbox, 1)
    webhooks.receive(database, "wamid.earlier", report, report, {"status": report})
    assert factories.row(database, attempt_id)["status"] == report
    thread.join(30)
    provider.close()
    row = factories.row(database, attempt_id)
    assert row["status"] == report, "the send's result overwrote the provider's report"
    assert row["sent_at"] is not None and row["delivered_at"] is not None
    assert run.report.results[0].state_changed


def test_a_late_delivery_never_overwrites_read(database) -> None:
    attempt_id = factories.attempt(database, status="sent", provider_message_id="wamid.once", attempt_count=1)
    webhooks.receive(database, "wamid.once", "read", "read", {})
    webhooks.receive(database, "wamid.once", "delivery", "delivered", {})
    assert factories.row(database, attempt_id)["status"] == "read"  # reference §6 bug 12
