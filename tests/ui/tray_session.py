"""Run by tests/ui/test_tray.py in its own process, on a real X display with a tray host
(Xvfb + trayer), because the offscreen platform has no system tray. Drives the tray menu as
a person would and exits 0 when everything behaved; prints what failed otherwise.

    python -m tests.ui.tray_session <sqlite-url>     (the provider comes from the environment)
"""

from __future__ import annotations

import sys
import time

from PySide6.QtCore import QCoreApplication, QEventLoop
from PySide6.QtWidgets import QApplication, QSystemTrayIcon


def pump(seconds: float, until=None) -> bool:  # noqa: ANN001
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        if until is not None and until():
            return True
        time.sleep(0.01)
    return until is None


def check(condition: bool, what: str) -> None:
    if not condition:
        print(f"FAILED: {what}", flush=True)
        sys.exit(1)
    print(f"ok: {what}", flush=True)


def main(url: str) -> None:
    from tests.support import factories
    from waadmin.config.service import SettingsService
    from waadmin.config.worker_settings import WORKER, WorkerSettings
    from waadmin.engine.worker import WorkerState
    from waadmin.ui.app import start

    app = QApplication(sys.argv[:1])
    check(pump(10, QSystemTrayIcon.isSystemTrayAvailable), "a system tray is available")
    SettingsService().save(WORKER, WorkerSettings(interval_seconds=3600, batch_size=10, rate_per_second=0))
    context = start(url)
    app.setQuitOnLastWindowClosed(False)
    quit_seen: list[bool] = []
    context.window.quit_requested.connect(lambda: quit_seen.append(True))
    window, tray = context.window, context.window.tray
    check(pump(10, lambda: window.attempts.model.rowCount() > 0), "the list shows the attempts")
    check(tray.available and tray.icon is not None and tray.icon.isVisible(), "the tray icon is shown")
    check(tray.icon.contextMenu() is tray.menu, "the tray icon has the menu")

    tray.act_run_now.trigger()  # starts the worker, which sends at once
    check(pump(15, lambda: factories.statuses_at(url)["sent"] == 4), "Run now from the tray sent the 3 due attempts")
    check(pump(5, lambda: window.worker.status.state == WorkerState.IDLE), "the worker is idle after its run")
    check(tray.icon_name == "tray-idle" and "worker: idle" in tray.icon.toolTip(), "the icon and tooltip say idle")

    tray.act_pause.trigger()
    check(pump(5, lambda: window.worker.status.state == WorkerState.PAUSED), "Pause from the tray pauses")
    check(tray.icon_name == "tray-paused" and tray.act_pause.text() == "Resume", "the icon shows paused and the menu offers Resume")
    tray.act_pause.trigger()
    check(pump(5, lambda: window.worker.status.state == WorkerState.IDLE), "Resume from the tray resumes")

    notices: list[str] = []
    tray.notified.connect(lambda title, text: notices.append(title))
    window.close()
    check(pump(2, lambda: not window.isVisible()) and window.worker.running, "closing the window keeps the worker running in the tray")
    check(notices == ["waadmin keeps running"], "one notification says so")
    window.show()
    window.close()
    check(notices == ["waadmin keeps running"], "it is said once only")
    tray.act_show.trigger()
    check(pump(2, window.isVisible), "Show from the tray brings the window back")

    tray.act_quit.trigger()
    check(pump(15, lambda: bool(quit_seen)), "Quit from the tray ends the app")
    check(not window.worker.running and factories.statuses_at(url)["sending"] == 0, "the worker stopped and nothing is left in sending")
    context.tracker.wait_idle(10_000)
    context.session.close()
    print("TRAY SESSION OK", flush=True)


if __name__ == "__main__":
    main(sys.argv[1])
