"""The background retry worker on a real database against the sandbox provider on 127.0.0.1."""

from __future__ import annotations

import threading
import time
from collections import Counter

import pytest
from sqlalchemy import select

from tests.support import factories
from tests.support.waiting import wait_until
from waadmin.db.database import open_database
from waadmin.engine.worker import RetryWorker, WorkerConfig, WorkerState, WorkerStatus
from waadmin.providers.factory import build_provider
from waadmin.providers.sandbox import SandboxServer


@pytest.fixture
def sandbox():
    with SandboxServer() as server:
        yield server


class Recorder:
    def __init__(self) -> None:
        self.statuses: list[WorkerStatus] = []
        self.reports: list = []
        self.lock = threading.Lock()

    def status(self, status: WorkerStatus) -> None:
        with self.lock:
            self.statuses.append(status)

    def report(self, report) -> None:
        with self.lock:
            self.reports.append(report)

    @property
    def states(self) -> list[WorkerState]:
        with self.lock:
            return [s.state for s in self.statuses]


def _wait(predicate, seconds: float = 20.0) -> None:
    wait_until(predicate, seconds)


def _statuses(database) -> Counter[str]:
    a = database.layout.attempt
    with database.read() as conn:
        return Counter(conn.execute(select(a.status)).scalars())


def _worker(database, sandbox, recorder: Recorder, limiter=None, **config) -> RetryWorker:
    provider = build_provider(sandbox.settings("wachap"))
    options = {"interval_seconds": 0.3, "batch_size": 10, "rate_per_second": 0, "check_alerts": False, **config}
    worker = RetryWorker(
        database, lambda: provider, WorkerConfig(**options), on_status=recorder.status, on_report=recorder.report, backoff=(0.2, 0.5), limiter=limiter
    )
    worker.provider_for_test = provider  # closed by the test
    return worker


def test_runs_on_schedule_until_everything_due_is_sent(database, sandbox) -> None:
    for n in range(25):
        factories.due_retry(database, message_content=f"colis #{n}")
    recorder = Recorder()
    worker = _worker(database, sandbox, recorder)
    worker.start()
    try:
        _wait(lambda: _statuses(database)["sent"] == 25)
        # 25 due, 10 per run: three runs did the work, one send per attempt.
        _wait(lambda: len(recorder.reports) >= 3)
    finally:
        assert worker.stop(10)
        worker.provider_for_test.close()
    assert len(sandbox.requests) == 25
    assert [r.processed for r in recorder.reports[:3]] == [10, 10, 5]
    assert recorder.statuses[-1].state == WorkerState.STOPPED
    assert recorder.statuses[-1].sent == 25
    assert WorkerState.RUNNING in recorder.states and WorkerState.IDLE in recorder.states


def test_pause_stops_new_sends_and_resume_continues(database, sandbox) -> None:
    recorder = Recorder()
    worker = _worker(database, sandbox, recorder)
    worker.start()
    try:
        _wait(lambda: recorder.reports)
        worker.pause()
        _wait(lambda: worker.status.state == WorkerState.PAUSED)
        for n in range(3):
            factories.due_retry(database, message_content=f"late #{n}")
        # Nothing happened: two of the moments the schedule had a run due went by (an unpaused
        # worker sends at the first), still no request.
        due = worker.status.next_run_at
        wait_until(lambda: time.monotonic() > due + worker.config.interval_seconds, 10, "two due moments pass")
        assert len(sandbox.requests) == 0 and WorkerState.RUNNING not in recorder.states[-1:]
        worker.resume()
        _wait(lambda: _statuses(database)["sent"] == 3)
    finally:
        worker.stop(10)
        worker.provider_for_test.close()


def test_run_now_while_paused_runs_one_batch(database, sandbox) -> None:
    recorder = Recorder()
    worker = _worker(database, sandbox, recorder, interval_seconds=3600)
    worker.start(paused=True)
    try:
        factories.due_retry(database)
        _wait(lambda: WorkerState.PAUSED in recorder.states)
        assert not recorder.reports
        worker.run_now()
        _wait(lambda: len(recorder.reports) == 1)
        _wait(lambda: worker.status.state == WorkerState.PAUSED)
    finally:
        worker.stop(10)
        worker.provider_for_test.close()
    assert _statuses(database)["sent"] == 1
    # The run a started worker makes at once did not happen while paused: every report is in
    # now that it has stopped, and there is only run_now's.
    assert len(recorder.reports) == 1


def test_stopping_during_slow_sends_records_them_and_leaves_nothing_sending(database, sandbox) -> None:
    for n in range(6):
        factories.due_retry(database, message_content=f"colis #{n}")
    sandbox.latency = 1.0
    recorder = Recorder()
    worker = _worker(database, sandbox, recorder, batch_size=6, concurrency=2)
    worker.start()
    try:
        _wait(lambda: len(sandbox.requests) >= 1 or _statuses(database)["sending"] >= 1, 10)
        started = time.monotonic()
        assert worker.stop(15)
        assert time.monotonic() - started < 5  # the sends in flight, not the whole batch
    finally:
        worker.provider_for_test.close()
    counts = _statuses(database)
    assert counts["sending"] == 0
    assert 1 <= counts["sent"] < 6
    assert counts["sent"] + counts["failed_retry"] == 6
    assert counts["sent"] == len(sandbox.requests)


def test_a_missing_provider_is_an_error_state_not_a_dead_thread(database) -> None:
    recorder = Recorder()

    def no_provider():
        raise ValueError("no provider configured: set WACHAP_ACCESS_TOKEN")

    worker = RetryWorker(database, no_provider, WorkerConfig(interval_seconds=0.2, check_alerts=False), on_status=recorder.status)
    worker.start()
    try:
        _wait(lambda: worker.status.state == WorkerState.ERROR)
        assert "no provider configured" in worker.status.reason
        assert worker.alive
    finally:
        worker.stop(5)


def test_alerts_are_evaluated_after_each_run(database, sandbox) -> None:
    for _ in range(3):
        factories.attempt(database, status="failed_final", error_code="invalid_number", created_at=factories.minutes_ago(5))
    recorder = Recorder()
    worker = _worker(database, sandbox, recorder, check_alerts=True, interval_seconds=3600)
    worker.start()
    try:
        _wait(lambda: recorder.reports)
        _wait(lambda: worker.status.alerts)
    finally:
        worker.stop(5)
        worker.provider_for_test.close()
    assert set(worker.status.active_alerts) >= {"success_rate", "final_failures"}


def test_a_stopped_database_pauses_sending_and_it_resumes_by_itself(pg_server, sandbox) -> None:
    url = pg_server.url(pg_server.create_database())
    database = open_database(url, create=True)
    recorder = Recorder()
    worker = _worker(database, sandbox, recorder)
    try:
        worker.start()
        _wait(lambda: recorder.reports)
        pg_server.stop("fast")
        try:
            _wait(lambda: worker.status.state == WorkerState.DATABASE_DOWN, 30)
            assert worker.status.reason
        finally:
            pg_server.start()
        factories.due_retry(database, message_content="after the outage")
        _wait(lambda: _statuses(database)["sent"] == 1, 30)
        _wait(lambda: worker.status.state in (WorkerState.IDLE, WorkerState.RUNNING) and not worker.status.database_down)
    finally:
        worker.stop(10)
        worker.provider_for_test.close()
        database.dispose()
    down = [s for s in recorder.statuses if s.database_down]
    assert down and all(s.state in (WorkerState.DATABASE_DOWN, WorkerState.RUNNING) for s in down)


def test_bad_settings_are_refused() -> None:
    with pytest.raises(ValueError):
        WorkerConfig(interval_seconds=0)
    with pytest.raises(ValueError):
        WorkerConfig(batch_size=0)
    with pytest.raises(ValueError):
        WorkerConfig(concurrency=0)


def test_the_worker_and_a_filtered_retry_share_one_pace(database, sandbox) -> None:
    """Two senders given the same limiter keep together to its rate (the app passes its own)."""
    from waadmin.domain.filters import AttemptFilter
    from waadmin.engine import bulk
    from waadmin.engine.retry import RetryOptions
    from waadmin.providers.ratelimit import RateLimiter

    for n in range(20):
        factories.due_retry(database, message_content=f"due #{n}")
    others = [factories.attempt(database, status="failed_retry", attempt_count=1, message_type="otp") for _ in range(20)]
    shared = RateLimiter(20)
    recorder = Recorder()
    worker = _worker(database, sandbox, recorder, limiter=shared, batch_size=20, rate_per_second=20, interval_seconds=3600)
    provider = build_provider(sandbox.settings("wachap"))
    started = time.monotonic()
    try:
        worker.start()
        report = bulk.retry_matching(database, provider, AttemptFilter(message_types=frozenset({"otp"})), options=RetryOptions(rate_per_second=20), limiter=shared)
        _wait(lambda: recorder.reports)
    finally:
        worker.stop(10)
        worker.provider_for_test.close()
        provider.close()
    elapsed = time.monotonic() - started
    assert report.processed == len(others)
    assert len(sandbox.requests) == 40
    # 40 sends at 20 per second together: about two seconds, not one as two separate limiters would allow.
    assert elapsed >= 1.7, elapsed


def test_the_thread_setup_runs_on_the_workers_own_thread_before_its_first_turn(database, sandbox) -> None:
    """The desktop lowers the worker thread's priority through this hook."""
    seen: list[tuple[str, int]] = []
    recorder = Recorder()
    provider = build_provider(sandbox.settings("wachap"))
    worker = RetryWorker(
        database,
        lambda: provider,
        WorkerConfig(interval_seconds=0.3, batch_size=10, rate_per_second=0, check_alerts=False),
        on_status=recorder.status,
        on_report=recorder.report,
        thread_setup=lambda: seen.append((threading.current_thread().name, len(recorder.reports))),
    )
    worker.start()
    try:
        _wait(lambda: WorkerState.IDLE in recorder.states)
    finally:
        assert worker.stop(10)
        provider.close()
    assert seen == [("waadmin-retry-worker", 0)]


def test_the_redaction_policy_masks_old_finished_codes_and_leaves_waiting_ones(database, sandbox, tmp_path) -> None:
    from datetime import timedelta

    from waadmin.engine.audit import AuditTrail

    old = factories.minutes_ago(3 * 24 * 60)
    done = factories.attempt(database, message_type="otp", status="sent", message_content="Code de vérification TS Air Cargo: 482913", created_at=old, sent_at=old)
    due = factories.due_retry(database, message_type="otp", message_content="Code de vérification TS Air Cargo: 550011", created_at=old)
    recorder = Recorder()
    audit = AuditTrail(database, "worker", local_dir=tmp_path)
    worker = _worker(database, sandbox, recorder, interval_seconds=3600, redact_after=timedelta(hours=24))
    worker.audit = audit
    worker.start()
    try:
        _wait(lambda: worker.status.redacted == 1)
    finally:
        worker.stop(5)
        worker.provider_for_test.close()
    assert factories.row(database, done)["message_content"] == "Code de vérification TS Air Cargo: ••••••"
    # The due one was sent by this very run, a minute ago: finished, but not for 24 hours.
    assert factories.row(database, due)["message_content"].endswith("550011")
    assert [e.row_count for e in audit.entries(action="redact")] == [1]


def test_the_redaction_policy_is_off_by_default(database, sandbox) -> None:
    old = factories.minutes_ago(3 * 24 * 60)
    done = factories.attempt(database, message_type="otp", status="sent", message_content="Votre code OTP est 482913", created_at=old, sent_at=old)
    recorder = Recorder()
    worker = _worker(database, sandbox, recorder, interval_seconds=3600)
    worker.start()
    try:
        _wait(lambda: recorder.reports)
    finally:
        worker.stop(5)
        worker.provider_for_test.close()
    assert factories.row(database, done)["message_content"].endswith("482913") and worker.status.redacted == 0
