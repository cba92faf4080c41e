"""The self-test that installed copies and bundles run: it must pass on a working install and
say what it checked, step by step."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from waadmin.cli.main import main

ROOT = Path(__file__).resolve().parents[2]


def test_waadmin_self_test_passes_as_a_separate_process(tmp_path: Path) -> None:
    env = {**os.environ, "HOME": str(tmp_path)}
    env.pop("QT_QPA_PLATFORM", None)  # the self-test goes offscreen by itself
    done = subprocess.run([sys.executable, "-m", "waadmin", "--self-test"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert lines[-1] == "self-test passed"
    assert sum(1 for line in lines if " … ok " in line) == 5
    assert "Traceback" not in done.stderr


def test_gui_self_test_in_process_retries_through_the_window_and_leaves_the_user_folders_alone(qapp, isolated_user_dirs: Path, capsys) -> None:
    before = sorted(p.relative_to(isolated_user_dirs) for p in isolated_user_dirs.rglob("*"))
    assert main(["gui", "--self-test"]) == 0
    out = capsys.readouterr().out
    assert "retry one attempt through the window against the sandbox provider … ok" in out
    assert "recorded as sent" in out
    assert "psycopg" in out
    after = sorted(p.relative_to(isolated_user_dirs) for p in isolated_user_dirs.rglob("*"))
    assert after == before, "the self-test wrote into the user's own settings or data folders"
    assert os.environ["XDG_CONFIG_HOME"].startswith(str(isolated_user_dirs))
