"""The tray menu on a real X server with a tray host. Offscreen Qt has no system tray, so the
session runs in a child process on Xvfb with trayer docked; without them the test is skipped
and says why (CI installs both)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.ui.test_worker import _seed

ROOT = Path(__file__).resolve().parents[2]


def _free_display() -> int:
    for number in range(90, 140):
        if not Path(f"/tmp/.X11-unix/X{number}").exists() and not Path(f"/tmp/.X{number}-lock").exists():
            return number
    raise RuntimeError("no free X display number")


@pytest.fixture
def tray_display():
    if shutil.which("Xvfb") is None or shutil.which("trayer") is None:
        pytest.skip("needs Xvfb and trayer (apt-get install xvfb trayer) to have a system tray")
    number = _free_display()
    display = f":{number}"
    xvfb = subprocess.Popen(["Xvfb", display, "-screen", "0", "1280x800x24", "-nolisten", "tcp"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    trayer = None
    try:
        deadline = time.monotonic() + 10
        while not Path(f"/tmp/.X11-unix/X{number}").exists():
            if time.monotonic() > deadline or xvfb.poll() is not None:
                pytest.skip("Xvfb did not start")
            time.sleep(0.05)
        trayer = subprocess.Popen(["trayer", "--edge", "top", "--width", "20"], env={**os.environ, "DISPLAY": display}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        yield display
    finally:
        for process in (trayer, xvfb):
            if process is not None:
                process.terminate()
                try:
                    process.wait(5)
                except subprocess.TimeoutExpired:
                    process.kill()


def test_tray_menu_runs_pauses_shows_and_quits(tray_display, tmp_path, sandbox) -> None:
    url = f"sqlite:///{tmp_path / 'tray.sqlite3'}"
    _seed(url, 3)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WAADMIN_", "WACHAP_", "QT_"))}
    env.update(sandbox.environment("wachap"))
    env.update({"DISPLAY": tray_display, "QT_QPA_PLATFORM": "xcb", "PYTHONPATH": str(ROOT), "USE_WACHAP_V4": "false"})
    done = subprocess.run([sys.executable, "-m", "tests.ui.tray_session", url], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and "TRAY SESSION OK" in done.stdout, done.stdout + done.stderr[-3000:]
