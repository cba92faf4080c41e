"""waadmin's Celery tasks on real workers: two `celery worker` processes (prefork, concurrency 4
each) on one PostgreSQL database and a real Redis broker, competing for the same due attempts.
Every attempt goes out exactly once (the reference's task, which reads and sends without
claiming, sends some twice), and a worker killed with SIGKILL half-way loses nothing."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from tests.reliability.conftest import ROOT, cli_env, insert_due, rows_by_id, status_counts
from tests.support.waiting import wait_until
from waadmin.domain.clock import utcnow

pytestmark = [pytest.mark.slow, pytest.mark.postgres]

ATTEMPTS = 3000
PER_TASK = 100
SENDS_PER_TASK = 4  # sends in flight per task (the engine's threads), on top of the pool processes


class Worker:
    """One `celery worker` process in a session of its own (its pool processes with it)."""

    def __init__(self, name: str, env: dict[str, str], log_dir: Path) -> None:
        self.name = name
        self.log_path = log_dir / f"{name}.log"
        command = [
            sys.executable, "-m", "celery", "-A", "waadmin.integrations.celery_app", "worker",
            "--pool", "prefork", "--concurrency", "4", "--hostname", f"{name}@%h", "--loglevel", "INFO",
            "--without-gossip", "--without-mingle",
        ]
        self._log = open(self.log_path, "wb")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True)

    def kill(self) -> None:
        """SIGKILL the worker and its pool at once, as when its machine dies."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(10)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(10)
        self._log.close()

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")[-4000:]


@pytest.fixture
def database(pg_url: str) -> Iterator[object]:
    """The one PostgreSQL database both workers use (not the SQLite/PostgreSQL pair)."""
    from waadmin.db.database import open_database

    db = open_database(pg_url, create=True)
    yield db
    db.dispose()


@pytest.fixture
def celery_env(pg_url: str, redis_url: str, sandbox) -> dict[str, str]:
    sandbox.set_latency(0.005)
    return cli_env(pg_url, sandbox, WAADMIN_CELERY_BROKER_URL=redis_url, WAADMIN_CELERY_RESULT_BACKEND=redis_url)


@pytest.fixture
def client(celery_env: dict[str, str]) -> Iterator[object]:
    """A Celery app in the test process that only sends tasks and reads their results."""
    from celery import Celery

    app = Celery("waadmin-test-client", broker=celery_env["WAADMIN_CELERY_BROKER_URL"], backend=celery_env["WAADMIN_CELERY_RESULT_BACKEND"], set_as_current=False)
    yield app
    app.close()


@pytest.fixture
def start_workers(celery_env: dict[str, str], client, tmp_path: Path) -> Iterator[object]:
    started: list[Worker] = []

    def start(*names: str) -> list[Worker]:
        workers = [Worker(name, celery_env, tmp_path) for name in names]
        started.extend(workers)
        deadline = time.monotonic() + 40
        while True:  # every worker answers a ping: all of them compete from the first task on
            replies = {next(iter(r)).split("@")[0] for r in client.control.ping(timeout=0.5)}
            if set(names) <= replies:
                return workers
            for worker in workers:
                assert worker.process.poll() is None, f"{worker.name} exited: {worker.log()}"
            assert time.monotonic() < deadline, f"workers not ready: {replies}; {workers[0].log()}"

    yield start
    for worker in started:
        worker.stop()


def _still_due(database) -> int:
    a = database.layout.attempt
    with database.read() as conn:
        return int(conn.execute(select(func.count()).where(a.status == "failed_retry", a.next_retry_at <= utcnow())).scalar_one())


def _run_waves(client, database, *, tasks: int, timeout: float = 150) -> list[dict]:  # generous: CI runs it beside the bundle build
    """Send ``tasks`` retry_due tasks at once, wait for all, again while attempts are due. At least
    one wave: the queue is first-in first-out, so when it is done every task sent before it has
    been taken too."""
    results: list[dict] = []
    deadline = time.monotonic() + timeout
    while True:
        sent = [client.send_task("waadmin.retry_due", kwargs={"max_retries": PER_TASK, "concurrency": SENDS_PER_TASK, "rate": 0}) for _ in range(tasks)]
        results += [r.get(timeout=max(1.0, deadline - time.monotonic())) for r in sent]
        if not _still_due(database):
            return results
        assert time.monotonic() < deadline, "attempts still due after the time allowed"


def test_two_workers_send_every_due_attempt_exactly_once(database, client, start_workers, sandbox) -> None:
    by_text = insert_due(database, ATTEMPTS)
    start_workers("alpha", "beta")

    results = _run_waves(client, database, tasks=ATTEMPTS // PER_TASK + 8)

    sent = Counter(sandbox.sent_texts())
    assert set(sent) == set(by_text), "every due attempt reached the provider"
    assert max(sent.values()) == 1, f"sent twice: {[t for t, n in sent.items() if n > 1][:5]}"
    assert sandbox.count() == ATTEMPTS, "no request beyond one per attempt"
    assert status_counts(database) == Counter({"sent": ATTEMPTS}), "none left in sending"
    assert sum(r["processed"] for r in results) == sum(r["success"] for r in results) == ATTEMPTS
    assert all(r["failed"] == 0 and r["errors"] == [] and r["result"] == "ok" for r in results)
    by_worker = Counter()
    for r in results:
        by_worker[r["worker"].split("@")[0]] += r["processed"]
    assert by_worker["alpha"] and by_worker["beta"], f"both workers sent: {by_worker}"
    # The reference task's keys are all there, beside waadmin's.
    assert {"processed", "success", "failed", "errors", "processed_at", "source_app", "celery_task_id"} <= set(results[0])


def _tasks_under_way(worker: Worker) -> int:
    """Tasks the worker received and has not finished, from its log (Celery's INFO lines)."""
    log = worker.log_path.read_text(errors="replace")
    received = len(re.findall(r"waadmin\.retry_due\[\S+\] received", log))
    return received - len(re.findall(r"waadmin\.retry_due\[\S+\] (?:succeeded|raised|failed)", log))


def test_a_worker_killed_mid_run_loses_nothing_and_sends_nothing_twice(database, client, start_workers, sandbox) -> None:
    by_text = insert_due(database, ATTEMPTS)
    sandbox.set_latency(0.03)  # sends in flight on both workers when the kill lands
    doomed, survivor = start_workers("doomed", "survivor")
    for _ in range(ATTEMPTS // PER_TASK + 8):
        client.send_task("waadmin.retry_due", kwargs={"max_retries": PER_TASK, "concurrency": SENDS_PER_TASK, "rate": 0})
    # Killed once it is itself sending: a busy machine can start it late, leaving the first
    # quarter to the survivor alone, and a kill then lands on a worker with nothing in flight.
    wait_until(lambda: sandbox.count() >= ATTEMPTS // 4, 40, lambda: f"the run gets going: {doomed.log()}")
    # …and has a task under way at the kill (received and not yet finished), while rows are in
    # `sending`: a task past its last claim, or between two, would leave nothing in flight.
    wait_until(lambda: _tasks_under_way(doomed) > 0 and status_counts(database).get("sending", 0) > 0, 40, lambda: f"the doomed worker sends: {doomed.log()}")
    doomed.kill()

    # The survivor goes on with what is still due; the doomed worker's claims stay `sending`
    # (within the lease its sends may still be under way, as far as anyone can tell).
    sandbox.set_latency(0.005)
    _run_waves(client, database, tasks=8)
    stuck = {i for i, r in rows_by_id(database).items() if r["status"] == "sending"}
    assert stuck, "the kill landed between sends; nothing was in flight"

    # The lease runs out (aged here rather than waited for): the next task gives them back.
    a = database.layout.attempt
    with database.write() as conn:
        conn.execute(update(a).where(a.status == "sending").values(last_attempt_at=utcnow() - timedelta(minutes=11)))
    after_lease = [client.send_task("waadmin.retry_due", kwargs={"max_retries": PER_TASK, "rate": 0}) for _ in range(4)]
    after_lease = [r.get(timeout=90) for r in after_lease]
    assert {r["id"] for result in after_lease for r in result["recovered"]} == stuck
    assert all(result["worker"].startswith("survivor@") for result in after_lease)
    assert sum(result["processed"] for result in after_lease) == 0, "given back, not sent again at once"

    rows = rows_by_id(database)
    sent = Counter(sandbox.sent_texts())
    assert max(sent.values()) == 1, f"sent twice: {[t for t, n in sent.items() if n > 1][:5]}"
    assert status_counts(database)["sending"] == 0
    for text, attempt_id in by_text.items():
        row = rows[attempt_id]
        if attempt_id in stuck:  # may have reached the provider: waits its back-off, not resent now
            assert (row["status"], row["error_code"]) == ("failed_retry", "interrupted")
            assert row["next_retry_at"] > utcnow() + timedelta(minutes=5)
        else:
            assert row["status"] == "sent" and sent[text] == 1, (attempt_id, row)
    assert set(status_counts(database)) <= {"sent", "failed_retry"}
