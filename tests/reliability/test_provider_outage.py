"""A provider outage charges nothing that was never sent, stops a run early, and a worker waits it
out and resumes by itself: against the sandbox provider on 127.0.0.1, on SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses
import json
import threading
from collections import Counter

import pytest

from tests.reliability.conftest import assert_one_clear_line, insert_due, rows_by_id, run_cli, status_counts
from tests.support.pg import free_port
from tests.support.waiting import wait_until
from waadmin.db.database import open_database
from waadmin.engine.retry import RetryOptions, RetryRun
from waadmin.engine.worker import RetryWorker, WorkerConfig, WorkerState
from waadmin.providers.circuit import HealthPolicy, ProviderHealth
from waadmin.providers.factory import build_provider
from waadmin.providers.sandbox import SandboxServer

FAST_PROBES = HealthPolicy(threshold=5, first_backoff=0.3, max_backoff=1.2)


def _unchanged(before: dict, after: dict) -> bool:
    keys = ("status", "attempt_count", "first_attempt_at", "last_attempt_at")
    return all(before[k] == after[k] for k in keys)


def test_a_provider_that_never_listens_charges_nothing_and_stops_the_run(database) -> None:
    # 80 attempts on their last try: before, every one of them became failed_final.
    texts = insert_due(database, 80, attempt_count=2, max_attempts=3)
    before = rows_by_id(database)
    with SandboxServer() as sandbox:
        settings = dataclasses.replace(sandbox.settings("wachap"), wachap_url=f"http://127.0.0.1:{free_port()}/wachap/api")
    provider = build_provider(settings)
    try:
        report = RetryRun(database, provider, RetryOptions(limit=80, rate_per_second=0)).run()
    finally:
        provider.close()
    after = rows_by_id(database)
    assert all(_unchanged(before[i], after[i]) for i in texts.values())
    assert status_counts(database) == Counter({"failed_retry": 80})
    assert (report.processed, report.failed, report.final_failures) == (0, 0, 0)
    # Early stop: only the sends already under way when the circuit opened were tried.
    assert report.not_sent <= FAST_PROBES.threshold + RetryOptions().concurrency
    assert report.held >= 80 - report.not_sent - RetryOptions().concurrency
    assert report.left_untouched == 80
    assert report.result == "provider_unreachable"
    assert report.unreachable and all("connection refused" in e.reason for e in report.unreachable)
    line = report.outage_line()
    assert line.startswith("provider unreachable: WaChap mali (connection refused)") and "80 attempt(s) left as they were" in line
    tried = [after[i] for i in texts.values() if after[i]["error_code"] == "provider_unreachable"]
    assert len(tried) == report.not_sent and all("connection refused" in r["error_message"] for r in tried)


def test_a_provider_stopped_mid_batch_finishes_what_it_had_and_leaves_the_rest(database) -> None:
    texts = insert_due(database, 60, attempt_count=2, max_attempts=3)
    before = rows_by_id(database)
    sandbox = SandboxServer().start()
    sandbox.set_latency(0.02)
    provider = build_provider(sandbox.settings("wachap"))
    sent = []
    stopper = threading.Event()

    def on_result(result) -> None:
        if result.outcome == "sent":
            sent.append(result.attempt_id)
            if len(sent) == 10:
                stopper.set()

    threading.Thread(target=lambda: stopper.wait(30) and sandbox.stop(), daemon=True).start()
    try:
        report = RetryRun(database, provider, RetryOptions(limit=60, rate_per_second=40, concurrency=4), on_result=on_result).run()
    finally:
        provider.close()
        stopper.set()
    after = rows_by_id(database)
    accepted = Counter(sandbox.sent_texts())
    assert all(n == 1 for n in accepted.values())  # nothing twice
    counts = status_counts(database)
    assert counts["sending"] == 0
    assert counts["sent"] == len(accepted) >= 10
    results = {r.attempt_id: r for r in report.results}
    charged_final = 0
    for text, attempt_id in texts.items():
        row = after[attempt_id]
        if row["status"] == "sent":
            assert text in accepted
        elif _unchanged(before[attempt_id], row):
            assert text not in accepted
        else:
            # Only a request already on the wire when the server went away is charged: it may have
            # arrived. It uses its try (here the last of 3, when the server went away mid-answer).
            assert results[attempt_id].may_have_sent and row["attempt_count"] == 3 and row["status"] == "failed_final", row
            charged_final += 1
    assert counts["failed_final"] == charged_final <= RetryOptions(concurrency=4).concurrency
    assert report.provider_down and report.result == "partial"
    untouched = sum(1 for i in texts.values() if _unchanged(before[i], after[i]))
    assert untouched >= 60 - counts["sent"] - RetryOptions(concurrency=4).concurrency
    assert report.left_untouched == untouched


def test_one_region_down_while_the_other_works(database) -> None:
    mali = insert_due(database, 20, prefix="mali", attempt_count=1, max_attempts=5)
    chine = insert_due(database, 20, prefix="chine", attempt_count=1, max_attempts=5, phone_number="+8613800000000")
    before = rows_by_id(database)
    with SandboxServer() as sandbox:
        for n in range(20):
            sandbox.script("http_503", phone=f"+2237{n:07d}")
        provider = build_provider(sandbox.settings("wachap"))
        try:
            report = RetryRun(database, provider, RetryOptions(limit=40, rate_per_second=0, concurrency=2)).run()
        finally:
            provider.close()
        accepted = Counter(sandbox.sent_texts())
    after = rows_by_id(database)
    assert all(after[i]["status"] == "sent" for i in chine.values())
    assert sorted(accepted) == sorted(chine) and set(accepted.values()) == {1}
    charged = [i for i in mali.values() if after[i]["attempt_count"] == 2]
    # The 5xx answers that opened the circuit count as tries (the provider may have the message);
    # every other Mali attempt was passed over without a claim.
    assert 5 <= len(charged) <= 5 + 2
    assert all(after[i]["status"] == "failed_retry" and after[i]["error_code"] == "http_5xx" for i in charged)
    assert all(_unchanged(before[i], after[i]) for i in mali.values() if i not in charged)
    assert [e.label for e in report.unreachable] == ["WaChap mali"]
    assert report.result == "partial" and report.left_untouched == 20 - len(charged)


def test_the_worker_waits_out_a_503_outage_and_resumes_by_itself(database) -> None:
    texts = insert_due(database, 12, attempt_count=1, max_attempts=10)
    statuses = []
    with SandboxServer() as sandbox:
        sandbox.script("http_503", times=7)  # 5 open the circuit, then two probes fail
        config = WorkerConfig(
            interval_seconds=30, batch_size=50, rate_per_second=0, concurrency=1, check_alerts=False,
            failure_threshold=FAST_PROBES.threshold, probe_first_seconds=FAST_PROBES.first_backoff,
            probe_max_seconds=FAST_PROBES.max_backoff,
        )
        worker = RetryWorker(database, lambda: build_provider(sandbox.settings("wachap")), config, on_status=statuses.append)
        worker.start()
        try:
            wait_until(lambda: status_counts(database)["sent"] >= 5, 30, "five sent")
        finally:
            worker.stop(10)
        accepted = Counter(sandbox.sent_texts())
    # Seven sends met a 503 (each may have reached the provider, so each counts as a try and waits
    # for its back-off, minutes away); the five others went once the provider was back.
    assert status_counts(database) == Counter({"sent": 5, "failed_retry": 7})
    assert len(accepted) == 5 and set(accepted.values()) == {1}
    states = [s.state for s in statuses]
    assert WorkerState.PROVIDER_DOWN in states
    down_at = states.index(WorkerState.PROVIDER_DOWN)
    assert WorkerState.IDLE in states[down_at:] or WorkerState.RUNNING in states[down_at:]
    down = next(s for s in statuses if s.state == WorkerState.PROVIDER_DOWN)
    assert "WaChap mali" in down.provider_reason and "503" in down.provider_reason
    assert not statuses[-2].provider_down  # back up before it stopped
    after = rows_by_id(database)
    # Each was tried once: the five that opened the circuit, the two failed probes, the five sent.
    assert {after[i]["attempt_count"] for i in texts.values()} == {2}
    assert sum(1 for i in texts.values() if after[i]["error_code"] == "http_5xx") == 7


def test_a_worker_on_an_unreachable_provider_probes_with_the_health_call(database) -> None:
    texts = insert_due(database, 6, attempt_count=2, max_attempts=3)
    before = rows_by_id(database)
    port = free_port()
    with SandboxServer() as template:
        settings = dataclasses.replace(template.settings("wachap"), wachap_url=f"http://127.0.0.1:{port}/wachap/api")
    health = ProviderHealth(FAST_PROBES)
    config = WorkerConfig(interval_seconds=30, batch_size=50, rate_per_second=0, concurrency=1, check_alerts=False,
                          failure_threshold=5, probe_first_seconds=0.3, probe_max_seconds=0.6)
    statuses = []
    worker = RetryWorker(database, lambda: build_provider(settings), config, on_status=statuses.append, health=health)
    worker.start()
    try:
        wait_until(lambda: any(s.state == WorkerState.PROVIDER_DOWN for s in statuses), 20, "the worker says provider down")
        after = rows_by_id(database)
        assert all(_unchanged(before[i], after[i]) for i in texts.values())  # nothing charged, nothing final
        sandbox = SandboxServer(port=port).start()  # the provider is back: the next probe finds it
        wait_until(lambda: status_counts(database)["sent"] >= 6, 20, "six sent")
    finally:
        worker.stop(10)
    sandbox.stop()
    assert status_counts(database)["sent"] == 6
    assert Counter(sandbox.sent_texts()) == Counter({t: 1 for t in texts})
    assert any(r.method == "GET" and "get_qrcode" in r.path for r in sandbox.requests)  # probed by the health call


def _closed_port_env(sandbox: SandboxServer) -> dict[str, str]:
    return {"WAADMIN_WACHAP_URL": f"http://127.0.0.1:{free_port()}/wachap/api"}


def test_cli_retry_on_an_unreachable_provider_exits_5_with_one_line(database, db_url, sandbox) -> None:
    texts = insert_due(database, 30, attempt_count=2, max_attempts=3)
    before = rows_by_id(database)
    result = run_cli(db_url, "retry", "--max-retries", "30", "--rate", "0", sandbox=sandbox, **_closed_port_env(sandbox))
    assert result.returncode == 5, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines == [lines[0]] and "Traceback" not in result.stderr, result.stderr
    assert lines[0].startswith("waadmin: provider unreachable: WaChap mali (connection refused)")
    assert lines[0].endswith("30 attempt(s) left as they were")
    assert "Provider unreachable" in result.stdout
    after = rows_by_id(database)
    assert all(_unchanged(before[i], after[i]) for i in texts.values())
    # Those that were tried wait for the next probe (30 s): a second run sees only the others.
    waiting = sum(1 for i in texts.values() if after[i]["error_code"] == "provider_unreachable")

    as_json = run_cli(db_url, "retry", "--json", "--rate", "0", sandbox=sandbox, **_closed_port_env(sandbox))
    assert as_json.returncode == 5
    data = json.loads(as_json.stdout)
    assert data["result"] == "provider_unreachable" and data["left_as_they_were"] == 30 - waiting
    assert data["provider_unreachable"][0]["label"] == "WaChap mali"
    assert data["provider_unreachable"][0]["reason"] == "connection refused"
    assert status_counts(database) == Counter({"failed_retry": 30})


def test_cli_filtered_retry_stops_early_too(database, db_url, sandbox) -> None:
    insert_due(database, 20, attempt_count=2, max_attempts=3)
    result = run_cli(db_url, "retry", "--status", "failed_retry", "--yes", "--rate", "0", sandbox=sandbox, **_closed_port_env(sandbox))
    assert result.returncode == 5, result.stdout + result.stderr
    assert "20 attempt(s) left as they were" in result.stderr
    assert status_counts(database) == Counter({"failed_retry": 20})


@pytest.mark.parametrize(
    "args, words",
    [
        (("retry", "--outage-threshold", "0"), "threshold"),
        (("worker", "--probe-first", "0"), "first probe"),
        (("worker", "--probe-first", "120", "--probe-max", "60"), "longest probe"),
    ],
)
def test_nonsense_outage_settings_get_one_clear_line(sqlite_url, args, words) -> None:
    # Refused while reading the options, before any database is opened: one kind of database
    # says it all (each case is a fresh interpreter).
    open_database(sqlite_url, create=True).dispose()
    result = run_cli(sqlite_url, *args)
    assert result.returncode == 2
    assert_one_clear_line(result, words)


def test_cli_worker_says_once_the_provider_is_down(database, db_url, sandbox) -> None:
    insert_due(database, 10, attempt_count=2, max_attempts=3)
    result = run_cli(
        db_url, "worker", "--runs", "2", "--interval", "1", "--rate", "0", "--probe-first", "0.2", "--probe-max", "0.4",
        sandbox=sandbox, **_closed_port_env(sandbox),
    )
    assert result.returncode == 0, result.stderr
    down = [line for line in result.stdout.splitlines() if "provider down" in line]
    assert len(down) == 1 and "WaChap mali (connection refused)" in down[0], result.stdout
    assert status_counts(database) == Counter({"failed_retry": 10})
