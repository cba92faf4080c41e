"""Each process writes its own log file in the user's log folder: the command line, the worker."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from waadmin.providers.sandbox import SandboxServer

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def sandbox():
    with SandboxServer() as server:
        yield server


def _env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WAADMIN_", "WACHAP_"))}
    env["PYTHONPATH"] = str(ROOT)
    env["WAADMIN_LANG"] = "fr"
    env["XDG_STATE_HOME"] = str(tmp_path / "state")
    return env


def test_the_cli_and_the_worker_log_to_their_files(tmp_path, sandbox) -> None:
    env = _env(tmp_path)
    url = f"sqlite:///{tmp_path / 'demo.sqlite3'}"
    done = subprocess.run([sys.executable, "-m", "waadmin", "--log-level", "INFO", "demo", "--database", url, "--count", "50"],
                          env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    folder = tmp_path / "state" / "waadmin" / "log"
    assert not (folder / "waadmin-cli.log").exists()  # a quiet run leaves no file (nor folder) behind
    env.update(sandbox.environment("wachap"), USE_WACHAP_V4="false")
    done = subprocess.run([sys.executable, "-m", "waadmin", "worker", "--database", url, "--runs", "1", "--rate", "0"],
                          env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    text = (folder / "waadmin-worker.log").read_text(encoding="utf-8")
    assert "INFO waadmin.worker: worker démarré" in text and "arrêté : " in text
