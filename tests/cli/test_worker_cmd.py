"""`waadmin worker` in a real process: runs on schedule, stops cleanly on SIGTERM mid-send."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support import factories
from tests.support.waiting import wait_until
from waadmin.db.database import open_database
from waadmin.providers.sandbox import SandboxServer

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def sandbox():
    with SandboxServer() as server:
        yield server


def _env(url: str, sandbox: SandboxServer) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WAADMIN_", "WACHAP_"))}
    env.update(sandbox.environment("wachap"))
    env.update({"WAADMIN_DATABASE_URL": url, "PYTHONPATH": str(ROOT), "USE_WACHAP_V4": "false", "WAADMIN_LANG": "fr"})
    return env


def _seed(url: str, due: int) -> None:
    database = open_database(url, create=True)
    for n in range(due):
        factories.due_retry(database, message_content=f"colis #{n}")
    database.dispose()


def test_the_worker_runs_on_schedule_and_reports_each_run(tmp_path, sandbox) -> None:
    url = f"sqlite:///{tmp_path / 'w.sqlite3'}"
    _seed(url, 7)
    done = subprocess.run(
        [sys.executable, "-m", "waadmin", "worker", "--interval", "1", "--batch", "5", "--rate", "0", "--runs", "2"],
        env=_env(url, sandbox), capture_output=True, text=True, timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert factories.statuses_at(url)["sent"] == 7 and len(sandbox.requests) == 7
    assert "envoyés 5" in done.stdout and "envoyés 2" in done.stdout
    assert "arrêté : 2 passages, envoyés 7" in done.stdout


def test_sigterm_during_slow_sends_lets_them_finish_and_leaves_nothing_sending(tmp_path, sandbox) -> None:
    url = f"sqlite:///{tmp_path / 'slow.sqlite3'}"
    _seed(url, 6)
    sandbox.set_latency(1.5)
    process = subprocess.Popen(
        [sys.executable, "-m", "waadmin", "worker", "--interval", "60", "--batch", "6", "--concurrency", "2", "--rate", "0"],
        env=_env(url, sandbox), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        wait_until(lambda: factories.statuses_at(url)["sending"] or process.poll() is not None, 20, "the worker starts sending")
        assert process.poll() is None, "the worker ended before sending"
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, err
    counts = factories.statuses_at(url)
    assert counts["sending"] == 0
    assert 1 <= counts["sent"] < 6 and counts["sent"] == len(sandbox.requests)
    assert "arrêt demandé : les envois en cours se terminent" in out


def test_a_read_only_connection_is_refused_in_one_line(tmp_path, sandbox) -> None:
    url = f"sqlite:///{tmp_path / 'ro.sqlite3'}"
    _seed(url, 1)
    done = subprocess.run([sys.executable, "-m", "waadmin", "worker", "--read-only"], env=_env(url, sandbox), capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "lecture seule" in done.stderr and "Traceback" not in done.stderr


def test_the_worker_redacts_old_finished_codes_when_asked(tmp_path, sandbox) -> None:
    url = f"sqlite:///{tmp_path / 'w.sqlite3'}"
    database = open_database(url, create=True)
    old = factories.minutes_ago(3 * 24 * 60)
    done_id = factories.attempt(database, message_type="otp", status="sent", message_content="Code de vérification TS Air Cargo: 482913", created_at=old, sent_at=old)
    database.dispose()
    done = subprocess.run(
        [sys.executable, "-m", "waadmin", "worker", "--interval", "1", "--rate", "0", "--runs", "1", "--redact-after", "24h"],
        env=_env(url, sandbox), capture_output=True, text=True, timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "masquage des secrets après 24 h" in done.stdout and "messages sensibles masqués : 1" in done.stdout
    database = open_database(url)
    assert factories.row(database, done_id)["message_content"] == "Code de vérification TS Air Cargo: ••••••"
    database.dispose()
    bad = subprocess.run([sys.executable, "-m", "waadmin", "worker", "--redact-after", "soon"], env=_env(url, sandbox), capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2 and "--redact-after" in bad.stderr
