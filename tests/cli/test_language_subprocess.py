"""`waadmin --lang fr` as cron or a person runs it, one process per command: every subcommand's
usual path and its usual mistakes print no English text of the catalogue (the CLI's own and the
engine's, a provider's configuration problems among them)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.test_language import _english_left

ROOT = Path(__file__).resolve().parents[2]


def _environment(tmp_path: Path) -> dict[str, str]:
    """No provider configured, no language from the locale: --lang alone decides."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WACHAP", "WAADMIN", "USE_WACHAP", "LC_", "LANG"))}
    env.update(LANG="C", XDG_STATE_HOME=str(tmp_path / "state"), XDG_CONFIG_HOME=str(tmp_path / "config"), PYTHONPATH=str(ROOT))
    return env


def _start(env: dict[str, str], argv: list[str], cwd: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "waadmin.cli.main", "--lang", "fr", *argv],
        env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, encoding="utf-8",
    )


@pytest.mark.slow  # twenty fresh interpreters: ~10 s on an idle machine (in-process: test_language.py)
def test_every_command_s_usual_path_and_mistakes_are_french(tmp_path: Path) -> None:
    env = _environment(tmp_path)
    url = f"sqlite:///{tmp_path / 'demo.sqlite3'}"
    demo = _start(env, ["demo", "--database", url, "--count", "400"], tmp_path)
    out, _ = demo.communicate(timeout=120)
    assert demo.returncode == 0, out
    outputs = {"demo": out}
    commands = {
        "demo again": ["demo", "--database", url],
        "list": ["list", "--database", url, "--limit", "5"],
        "show": ["show", "1", "--database", url],
        "stats": ["stats", "--database", url, "--days", "30"],
        "failures": ["failures", "--database", url],
        "retry --dry-run": ["retry", "--database", url, "--dry-run", "--verbose"],
        "retry without a provider": ["retry", "--database", url],
        "worker without a provider": ["worker", "--database", url, "--runs", "1", "--interval", "1"],
        "cancel": ["cancel", "--database", url, "--status", "pending", "--dry-run"],
        "cleanup": ["cleanup", "--database", url, "--days", "30", "--dry-run"],
        "doctor": ["doctor", "--database", url],
        "export": ["export", "--database", url, "--output", str(tmp_path / "out.csv")],
        "bad URL": ["list", "--database", "nope://x"],
        "bad port": ["list", "--database", "postgresql://u@h:port/db"],
        "missing file": ["stats", "--database", str(tmp_path / "missing.sqlite3")],
        "bad argument": ["list", "--database", url, "--limit", "-3"],
        "bad date": ["list", "--database", url, "--since", "yesterday-ish"],
        "no such command": ["frobnicate"],
    }
    # All at once: each is a fresh interpreter, and the machine's cores are better used so.
    running = {name: _start(env, argv, tmp_path) for name, argv in commands.items()}
    for name, process in running.items():
        outputs[name], _ = process.communicate(timeout=120)
    assert "Messages qui seraient traités" in outputs["retry --dry-run"]
    assert "Aucun fournisseur n'est configuré" in outputs["retry without a provider"]
    assert "Aucun fournisseur n'est configuré" in outputs["worker without a provider"]
    assert "contient déjà" in outputs["demo again"]
    left = {name: found for name, text in outputs.items() if (found := _english_left(text))}
    assert left == {}
