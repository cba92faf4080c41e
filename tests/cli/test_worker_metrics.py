"""`waadmin worker --metrics` in a real process on a real database, with the sandbox provider:
/metrics read with prometheus_client's own parser agrees with the table, /api/stats is
`waadmin stats --json`, /api/attempts pages through what `waadmin list` shows, the token guards
/api, a non-loopback address without a token is refused, and a refused alert channel leaves the
runs going."""

from __future__ import annotations

import json
import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import select

from tests.support import factories
from tests.support.alert_receivers import HookServer
from tests.support.waiting import wait_until
from waadmin.db.database import open_database
from waadmin.domain.clock import utcnow
from waadmin.engine import demo
from waadmin.providers.sandbox import SandboxServer

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def sandbox():
    with SandboxServer() as server:
        yield server


def _env(url: str, sandbox: SandboxServer, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WAADMIN_", "WACHAP_"))}
    env.update(sandbox.environment("wachap"))
    env.update({"WAADMIN_DATABASE_URL": url, "PYTHONPATH": str(ROOT), "USE_WACHAP_V4": "false"}, **extra)
    return env


class Worker:
    """`waadmin worker` with its stdout read line by line (the metrics address is in it)."""

    def __init__(self, args: list[str], env: dict[str, str]) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "waadmin", "worker", *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()
        found = self.wait_line(r"metrics on (http://\S+)/metrics")
        self.base = found.group(1)

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line)

    def wait_line(self, pattern: str, seconds: float = 30.0) -> re.Match[str]:
        deadline = time.monotonic() + seconds
        for line in self.seen:
            if found := re.search(pattern, line):
                return found
        while time.monotonic() < deadline:
            assert self.process.poll() is None or not self.lines.empty(), f"the worker ended: {self.process.stderr.read() if self.process.stderr else ''}"
            try:
                line = self.lines.get(timeout=0.2)
            except queue.Empty:
                continue
            self.seen.append(line)
            if found := re.search(pattern, line):
                return found
        raise AssertionError(f"no line matching {pattern!r} in {self.seen}")

    def get(self, path: str, token: str = "") -> tuple[int, bytes]:
        request = urllib.request.Request(self.base + path, headers={"Authorization": f"Bearer {token}"} if token else {})
        try:
            with urllib.request.urlopen(request, timeout=20) as answer:
                return answer.status, answer.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def json(self, path: str, token: str = "") -> object:
        code, body = self.get(path, token)
        assert code == 200, body
        return json.loads(body)

    def metrics(self) -> dict[str, dict[tuple[tuple[str, str], ...], float]]:
        code, body = self.get("/metrics")
        assert code == 200
        out: dict[str, dict[tuple[tuple[str, str], ...], float]] = {}
        for family in text_string_to_metric_families(body.decode()):
            for sample in family.samples:
                out.setdefault(sample.name, {})[tuple(sorted(sample.labels.items()))] = sample.value
        return out

    def stop(self) -> tuple[str, str]:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            out, err = self.process.communicate(timeout=30)
        finally:
            if self.process.poll() is None:
                self.process.kill()
        return "".join(self.seen) + out, err


def _wait(predicate, seconds: float = 30.0, what: str = "condition") -> None:
    wait_until(predicate, seconds, what, poll=0.1)  # each look is an HTTP scrape of the worker


def _table(url: str) -> Counter[str]:
    database = open_database(url)
    try:
        a = database.layout.attempt
        with database.read() as conn:
            return Counter(conn.execute(select(a.status)).scalars())
    finally:
        database.dispose()


def _cli_json(url: str, sandbox: SandboxServer, *args: str) -> object:
    done = subprocess.run([sys.executable, "-m", "waadmin", *args, "--json"], env=_env(url, sandbox), capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_metrics_and_the_api_agree_with_the_database_and_the_cli(db_url, sandbox) -> None:
    url = db_url
    database = open_database(url, create=True)
    demo.load_demo(database, 600, days=10, seed=3)
    for n in range(6):
        factories.due_retry(database, message_content=f"colis #{n}")
    database.dispose()
    worker = Worker(["--metrics", "127.0.0.1:0", "--interval", "1", "--rate", "0"], _env(url, sandbox))
    try:
        # The worker sends what is due, then the table stays as it is.
        _wait(lambda: worker.metrics().get("waadmin_attempts_due", {}).get(()) == 0.0 and worker.metrics()["waadmin_worker_runs_total"][()] >= 2, what="nothing due")

        def by_status() -> dict[str, float]:
            return {dict(labels)["status"]: value for labels, value in worker.metrics()["waadmin_attempts"].items()}

        # Polled: a scheduled retry may come due between a scrape and the table's read.
        _wait(lambda: {s: int(v) for s, v in by_status().items() if v} == dict(_table(url)), what="the counts of the table")
        metrics = worker.metrics()
        assert sum(by_status().values()) == sum(_table(url).values()) > 600
        sent = metrics["waadmin_sends_total"][(("outcome", "sent"), ("provider", "wachap"))]
        assert sent == len(sandbox.requests) >= 6
        assert metrics["waadmin_send_seconds_count"][()] == sum(metrics["waadmin_sends_total"].values())
        assert metrics["waadmin_worker_last_run_timestamp_seconds"][()] > time.time() - 60
        assert metrics["waadmin_database_up"][()] == 1.0
        assert set(metrics["waadmin_provider_up"]) == {(("endpoint", f"wachap:{r}"),) for r in ("chine", "mali", "system")}
        assert set(metrics["waadmin_provider_up"].values()) == {1.0}
        assert {dict(k)["alert"] for k in metrics["waadmin_alert_active"]} == {"success_rate", "waiting_retries", "final_failures", "mean_delay"}
        assert metrics["waadmin_attempts_stuck"][()] == 0.0

        api_stats = worker.json("/api/stats?days=7")
        cli_stats = _cli_json(url, sandbox, "stats", "--days", "7")
        assert isinstance(api_stats, dict) and isinstance(cli_stats, dict)
        for document in (api_stats, cli_stats):
            document.pop("window")
            for point in document["series"]:
                point.pop("start")  # the hour each bucket starts at; their counts are compared
        assert api_stats == cli_stats

        alerts = worker.json("/api/alerts")
        assert [a["key"] for a in alerts] == ["success_rate", "waiting_retries", "final_failures", "mean_delay"]  # type: ignore[index]

        listed = _cli_json(url, sandbox, "list", "--status", "failed_final,failed_retry", "--since", "7d", "--limit", "1000")
        paged, after = [], ""
        while True:
            page = worker.json(f"/api/attempts?status=failed_final,failed_retry&since=7d&limit=7{after}")
            paged += [row["id"] for row in page["attempts"]]  # type: ignore[index]
            if not page["next"]:  # type: ignore[index]
                break
            after = f"&after={page['next']}"  # type: ignore[index]
        assert paged == [row["id"] for row in listed] and len(paged) > 7  # type: ignore[index]
        code, body = worker.get("/api/attempts?status=nonsense")
        assert code == 400 and b"unknown status" in body

        health = worker.json("/healthz")
        assert health["state"] in ("idle", "running") and health["runs"] >= 2  # type: ignore[index]
    finally:
        out, err = worker.stop()
    assert "Traceback" not in err


def test_the_token_guards_the_api_and_a_refused_channel_leaves_the_runs_going(tmp_path, sandbox) -> None:
    url = f"sqlite:///{tmp_path / 'token.sqlite3'}"
    database = open_database(url, create=True)
    later = utcnow() + timedelta(days=1)
    for _ in range(3):  # waiting retries: with the threshold at 1, the alert is on
        factories.attempt(database, status="failed_retry", attempt_count=1, next_retry_at=later)
    database.dispose()
    refusing = HookServer().start()
    refusing.status = 500
    env = _env(url, sandbox, WAADMIN_ALERT_WEBHOOK_URL=refusing.url, WAADMIN_METRICS_TOKEN="t0ken-for-the-api")
    worker = Worker(["--metrics", "127.0.0.1:0", "--interval", "1", "--rate", "0", "--alert", "max_waiting_retries=1"], env)
    try:
        assert worker.get("/api/stats")[0] == 401
        assert worker.get("/api/alerts", "wrong")[0] == 401
        alerts = worker.json("/api/alerts", "t0ken-for-the-api")
        assert {a["key"]: a["active"] for a in alerts}["waiting_retries"] is True  # type: ignore[index]
        assert worker.get("/metrics")[0] == 200 and worker.get("/healthz")[0] == 200  # Prometheus and probes need no token
        worker.wait_line(r"alert to webhook not delivered \(HTTP 500")
        runs_at_refusal = worker.metrics()["waadmin_worker_runs_total"][()]
        assert refusing.refused == 1 and not refusing.received
        assert worker.metrics()["waadmin_alert_active"][(("alert", "waiting_retries"),)] == 1.0
        refusing.status = 200
        # Tried again after its back-off (5 s), not at each run; the runs went on meanwhile.
        worker.wait_line(r"alert sent to webhook: \[waadmin\] ALERT: Too many retries waiting")
        assert worker.metrics()["waadmin_worker_runs_total"][()] >= runs_at_refusal + 2
    finally:
        out, err = worker.stop()
        refusing.stop()
    assert worker.process.returncode == 0, err
    assert refusing.bodies()[0]["event"] == "alert_on"


def test_a_non_loopback_address_without_a_token_is_refused_in_one_line(tmp_path, sandbox) -> None:
    url = f"sqlite:///{tmp_path / 'open.sqlite3'}"
    open_database(url, create=True).dispose()
    done = subprocess.run(
        [sys.executable, "-m", "waadmin", "worker", "--metrics", "0.0.0.0:0"], env=_env(url, sandbox), capture_output=True, text=True, timeout=60,
    )
    assert done.returncode == 2
    assert done.stderr.strip().count("\n") == 0 and "without a token" in done.stderr and "Traceback" not in done.stderr
    assert "worker démarré" not in done.stdout  # refused before it started


def test_unusable_alert_settings_are_refused_before_the_worker_starts(tmp_path, sandbox) -> None:
    url = f"sqlite:///{tmp_path / 'bad.sqlite3'}"
    open_database(url, create=True).dispose()
    for extra, args, said in (
        ({"WAADMIN_ALERT_EMAIL_TO": "ops@example.test"}, [], "SMTP server's address"),
        ({"WAADMIN_ALERT_SMTP_URL": "mail.example:587", "WAADMIN_ALERT_EMAIL_TO": "ops@example.test"}, [], "smtp:// or smtps://"),
        ({}, ["--alert", "max_everything=3"], "unknown alert threshold"),
    ):
        done = subprocess.run(
            [sys.executable, "-m", "waadmin", "worker", *args], env=_env(url, sandbox, **extra), capture_output=True, text=True, timeout=60,
        )
        assert done.returncode == 2, done.stderr
        assert said in done.stderr and "Traceback" not in done.stderr and "worker démarré" not in done.stdout


def test_a_metrics_port_in_use_is_said_in_one_line_before_any_send(tmp_path, sandbox) -> None:
    url = f"sqlite:///{tmp_path / 'busy.sqlite3'}"
    database = open_database(url, create=True)
    factories.due_retry(database)
    database.dispose()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run(
            [sys.executable, "-m", "waadmin", "worker", "--metrics", str(port)], env=_env(url, sandbox), capture_output=True, text=True, timeout=60,
        )
    assert done.returncode == 2 and f"cannot listen on 127.0.0.1:{port}" in done.stderr and "Traceback" not in done.stderr
    assert not sandbox.requests and _table(url)["failed_retry"] == 1
