"""A retry run killed with SIGKILL in the middle of a batch (reference §6 bug 3: rows stuck in
`sending` forever). After the lease, recovery leaves nothing in `sending`, every attempt is
either sent once or due again, and the report names the ones that may have reached the provider."""

from __future__ import annotations

import json
import signal
import subprocess
from collections import Counter
from datetime import timedelta

from sqlalchemy import update

from tests.reliability.conftest import cli_env, insert_due, rows_by_id, run_cli, status_counts, waadmin_command
from tests.support.waiting import wait_until
from waadmin.db import transitions
from waadmin.domain.clock import utcnow

ATTEMPTS = 40


def _kill_mid_batch(db_url, sandbox, after_sends: int) -> None:
    sandbox.set_latency(0.4)
    args = waadmin_command("retry", "--json", "--max-retries", str(ATTEMPTS), "--concurrency", "4", "--rate", "0")
    proc = subprocess.Popen(args, env=cli_env(db_url, sandbox), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    wait_until(lambda: sandbox.count() >= after_sends or proc.poll() is not None, 60, "the run gets going")
    assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
    proc.send_signal(signal.SIGKILL)
    proc.wait(10)
    proc.stdout.close()
    proc.stderr.close()
    sandbox.set_latency(0)


def _age_sends(database, minutes: float) -> None:
    """Let the lease run out without waiting for it: the stuck sends started ``minutes`` ago."""
    a = database.layout.attempt
    with database.write() as conn:
        conn.execute(update(a).where(a.status == "sending").values(last_attempt_at=utcnow() - timedelta(minutes=minutes)))


def test_sigkill_mid_batch_then_cli_recovery_after_the_lease(database, db_url, sandbox) -> None:
    by_text = insert_due(database, ATTEMPTS)
    _kill_mid_batch(db_url, sandbox, after_sends=9)

    stuck = {i for i, r in rows_by_id(database).items() if r["status"] == "sending"}
    assert stuck, "the kill landed between sends; nothing was in flight"
    recorded = {i for i, r in rows_by_id(database).items() if r["status"] == "sent"}
    reached = {by_text[t] for t in sandbox.sent_texts()}
    # Whatever reached the provider is either recorded as sent or still marked `sending` (a
    # claim may also have died before its request left, so `sending` is "may have reached").
    assert reached <= recorded | stuck

    # Within the lease nothing is touched: the sender may still be alive.
    early = run_cli(db_url, "recover-stuck", "--lease-minutes", "10", "--json")
    assert early.returncode == 0, early.stderr
    assert json.loads(early.stdout)["recovered"] == []

    _age_sends(database, 11)
    result = run_cli(db_url, "recover-stuck", "--lease-minutes", "10", "--json")
    assert result.returncode == 0, result.stderr
    recovered = json.loads(result.stdout)["recovered"]
    assert {r["id"] for r in recovered} == stuck
    assert all(r["may_have_reached_provider"] for r in recovered)

    rows = rows_by_id(database)
    assert status_counts(database)["sending"] == 0
    sent = Counter(sandbox.sent_texts())
    assert max(sent.values()) == 1
    for text, attempt_id in by_text.items():
        row = rows[attempt_id]
        if row["status"] == "sent":
            assert sent[text] == 1 and row["attempt_count"] == 2
        elif attempt_id in stuck:
            assert row["status"] == "failed_retry" and row["error_code"] == "interrupted"
            assert row["next_retry_at"] is not None and row["attempt_count"] == 2
        else:  # never claimed: still due, untouched
            assert (row["status"], row["attempt_count"], sent[text]) == ("failed_retry", 1, 0)

    # The next run sends the rest once each; the interrupted ones wait for their back-off.
    again = run_cli(db_url, "retry", "--json", "--max-retries", str(ATTEMPTS), "--rate", "0", sandbox=sandbox)
    assert again.returncode == 0, again.stderr
    sent = Counter(sandbox.sent_texts())
    assert max(sent.values()) == 1
    # Every attempt that was not in flight went out now; an interrupted one went out before the
    # kill or not at all (its claim can die before the request leaves), never twice.
    stuck_texts = {t for t, i in by_text.items() if i in stuck}
    assert set(sent) - stuck_texts == set(by_text) - stuck_texts
    counts = status_counts(database)
    assert counts == Counter({"sent": ATTEMPTS - len(stuck), "failed_retry": len(stuck)})


def test_sigkill_then_a_later_retry_run_recovers_by_itself_and_reports_it(database, db_url, sandbox) -> None:
    insert_due(database, ATTEMPTS)
    _kill_mid_batch(db_url, sandbox, after_sends=5)
    stuck = {i for i, r in rows_by_id(database).items() if r["status"] == "sending"}
    assert stuck
    _age_sends(database, 11)
    result = run_cli(db_url, "retry", "--json", "--max-retries", str(ATTEMPTS), "--rate", "0", sandbox=sandbox)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert {r["id"] for r in report["recovered"]} == stuck
    assert status_counts(database)["sending"] == 0
    assert max(Counter(sandbox.sent_texts()).values()) == 1


def test_engine_recovery_uses_the_lease(database) -> None:
    [attempt_id] = insert_due(database, 1).values()
    [candidate] = transitions.select_candidates(database, utcnow(), 5)
    assert transitions.claim(database, candidate, utcnow()) is not None
    assert transitions.recover_stuck(database, utcnow() + timedelta(minutes=9)) == []
    [recovered] = transitions.recover_stuck(database, utcnow() + timedelta(minutes=11))
    assert (recovered.id, recovered.status) == (attempt_id, "failed_retry")
    assert status_counts(database)["sending"] == 0


def test_a_killed_run_stays_in_the_audit_as_in_progress(database, db_url, sandbox) -> None:
    from waadmin.engine.audit import AuditTrail

    insert_due(database, ATTEMPTS)
    _kill_mid_batch(db_url, sandbox, after_sends=5)
    [entry] = AuditTrail(database).entries(action="retry_run")
    assert entry.result == "in_progress" and entry.interface == "cli"
    # A run that ends is completed in the same row, with the attempts it changed.
    _age_sends(database, 30)
    done = run_cli(db_url, "retry", "--json", "--max-retries", str(ATTEMPTS), "--rate", "0", sandbox=sandbox)
    assert done.returncode == 0, done.stderr
    entries = AuditTrail(database).entries(action="retry_run")
    assert [e.result for e in entries] == ["ok", "in_progress"]
    finished = entries[0]
    assert finished.row_count > 0 and len(finished.details["attempt_ids"]) >= finished.row_count
