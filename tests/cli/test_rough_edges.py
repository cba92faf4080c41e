"""The command line's rough edges, as a shell user meets them: output piped into `head`, no
display for the window, what --help lists."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WAADMIN_", "QT_QPA"))}
    env["PYTHONPATH"] = str(ROOT)
    env["WAADMIN_LANG"] = "en"  # these texts are checked in English, whatever this machine's locale
    env.update(extra)
    return env


def test_output_piped_into_head_ends_quietly(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'demo.sqlite3'}"
    made = subprocess.run([sys.executable, "-m", "waadmin", "demo", "--database", url, "--count", "300"], env=_env(), cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert made.returncode == 0, made.stderr
    shell = f"{sys.executable} -m waadmin list --database {url} --limit 300 | head -n 2; echo \"status=${{PIPESTATUS[0]}}\""
    done = subprocess.run(["bash", "-c", shell], env=_env(), cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert "BrokenPipe" not in done.stderr and "Traceback" not in done.stderr, done.stderr
    assert done.stderr.strip() == ""
    assert done.stdout.splitlines()[-1] in ("status=0", "status=141")
    assert len(done.stdout.splitlines()) == 3


def test_the_window_without_a_display_says_what_to_do_in_one_line() -> None:
    env = _env()
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    done = subprocess.run([sys.executable, "-m", "waadmin", "gui"], env=env, cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "no display" in lines[0] and "QT_QPA_PLATFORM=offscreen" in lines[0], done.stderr


def test_help_lists_the_self_test_and_the_log_level() -> None:
    done = subprocess.run([sys.executable, "-m", "waadmin", "--help"], env=_env(), cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0
    assert "--self-test" in done.stdout and "--log-level" in done.stdout


def test_failures_prints_the_command_that_selects_each_group(tmp_path, capsys) -> None:
    """Each printed command, split as a shell splits it, selects exactly its group. Run through
    the CLI's own entry in this process (the same parsing as `waadmin` in a shell): six fresh
    interpreters cost this test most of its time."""
    import json
    import shlex

    from waadmin.cli.main import main

    url = f"sqlite:///{tmp_path / 'demo.sqlite3'}"
    assert main(["demo", "--database", url, "--count", "1500"]) == 0
    capsys.readouterr()
    assert main(["failures", "--database", url]) == 0
    lines = capsys.readouterr().out.splitlines()
    counts = [int(line.split()[0]) for line in lines if line[:7].strip().isdigit()]
    commands = [line.strip().split("   |   ")[0] for line in lines if line.strip().startswith("waadmin retry ")]
    assert counts and len(commands) == len(counts)
    for count, command in list(zip(counts, commands, strict=True))[:4]:
        words = shlex.split(command)
        assert words[0] == "waadmin"
        assert main([*words[1:], "--database", url, "--json"]) == 0
        assert json.loads(capsys.readouterr().out)["matched"] == count, command
