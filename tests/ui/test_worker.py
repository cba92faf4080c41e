"""The background retry worker in the desktop app: toolbar and menu, status bar, list refresh,
pause, quitting during a slow send, a database outage, one worker per database, settings, and
closing the window with and without a tray."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QMessageBox

from tests.support import factories
from waadmin.config.service import SettingsService
from waadmin.config.worker_settings import WORKER, WorkerSettings
from waadmin.db.database import open_database
from waadmin.engine.worker import WorkerState


def _seed(url: str, due: int) -> list[int]:
    database = open_database(url, create=True)
    try:
        factories.attempt(database, status="sent")
        return [factories.due_retry(database, message_content=f"colis #{n}") for n in range(due)]
    finally:
        database.dispose()


@pytest.fixture
def fast_worker_settings():
    SettingsService().save(WORKER, WorkerSettings(interval_seconds=1, batch_size=5, rate_per_second=0, concurrency=2))


def _open(qtbot, url: str, sandbox):
    from waadmin.ui.app import start

    context = start(url)
    context.session.set_provider_settings(sandbox.settings("wachap"))
    qtbot.addWidget(context.window)
    qtbot.waitUntil(lambda: context.window.attempts.model.rowCount() > 0, timeout=10_000)
    return context


def _close(context) -> None:
    context.window.quit_app()
    context.tracker.wait_idle(20_000)
    context.session.close()


@pytest.fixture
def worker_app(qtbot, tmp_path: Path, sandbox, answers, fast_worker_settings):
    url = f"sqlite:///{tmp_path / 'worker.sqlite3'}"
    _seed(url, 12)
    context = _open(qtbot, url, sandbox)
    context.url = url
    yield context
    _close(context)


def test_the_toolbar_starts_the_worker_which_sends_what_is_due_and_refreshes_the_list(worker_app, qtbot, sandbox) -> None:
    window = worker_app.window
    model = window.attempts.model
    assert window.worker_actions.label.text().startswith("Worker: stopped")
    window.toolbar.widgetForAction(window.worker_actions.act_start).click()
    # 12 due, 5 per run, a run every second: all sent within a few runs, each exactly once.
    qtbot.waitUntil(lambda: factories.statuses_at(worker_app.url)["sent"] == 13, timeout=20_000)
    qtbot.waitUntil(lambda: sum(1 for r in range(model.rowCount()) if model.row_at(r) and model.row_at(r).status == "sent") == 13, timeout=10_000)
    assert len(sandbox.requests) == 12
    qtbot.waitUntil(lambda: "next run in" in window.worker_actions.label.text(), timeout=5000)
    assert "sent 12" in window.worker_actions.label.text()
    assert window.worker_actions.act_start.isChecked()
    window.worker_actions.act_start.trigger()  # stop
    qtbot.waitUntil(lambda: not window.worker.running, timeout=10_000)
    assert factories.statuses_at(worker_app.url)["sending"] == 0


def test_pause_stops_new_sends_and_resume_sends_them(worker_app, qtbot, sandbox) -> None:
    window = worker_app.window
    window.worker.start()
    qtbot.waitUntil(lambda: factories.statuses_at(worker_app.url)["sent"] == 13, timeout=20_000)
    window.worker_actions.act_pause.trigger()
    qtbot.waitUntil(lambda: window.worker.status.state == WorkerState.PAUSED, timeout=10_000)
    assert "paused" in window.worker_actions.label.text()
    database = open_database(worker_app.url)
    for n in range(3):
        factories.due_retry(database, message_content=f"late #{n}")
    database.dispose()
    # Nothing happened: two of the moments the schedule had a run due went by (an unpaused worker
    # sends at the first), and no request came.
    engine = window.worker.worker
    due = engine.status.next_run_at
    qtbot.waitUntil(lambda: time.monotonic() > due + engine.config.interval_seconds, timeout=10_000)
    assert len(sandbox.requests) == 12
    assert window.worker_actions.act_pause.text() == "Resume"
    window.worker_actions.act_pause.trigger()
    qtbot.waitUntil(lambda: factories.statuses_at(worker_app.url)["sent"] == 16, timeout=10_000)


def test_run_now_sends_at_once(worker_app, qtbot) -> None:
    window = worker_app.window
    SettingsService().save(WORKER, WorkerSettings(interval_seconds=3600, batch_size=50, rate_per_second=0))
    window.worker.settings = SettingsService().load(WORKER)
    window.worker_actions.act_run_now.trigger()  # starts the worker, which runs at once
    qtbot.waitUntil(lambda: factories.statuses_at(worker_app.url)["sent"] == 13, timeout=15_000)
    assert window.worker.running


def test_quitting_during_a_slow_send_waits_for_it_and_leaves_nothing_sending(qtbot, tmp_path, sandbox, answers, fast_worker_settings) -> None:
    url = f"sqlite:///{tmp_path / 'slow.sqlite3'}"
    _seed(url, 4)
    sandbox.set_latency(1.5)
    context = _open(qtbot, url, sandbox)
    window = context.window
    answers.reply = QMessageBox.StandardButton.Yes  # "stop the worker and quit?"
    window.worker.start()
    qtbot.waitUntil(lambda: factories.statuses_at(url)["sending"] >= 1, timeout=10_000)
    with qtbot.waitSignal(window.quit_requested, timeout=30_000):
        window.close()
    assert any("worker is running" in q for q in answers.questions)
    assert not window.worker.running
    counts = factories.statuses_at(url)
    assert counts["sending"] == 0
    assert counts["sent"] == 1 + len(sandbox.requests)
    context.tracker.wait_idle(20_000)
    context.session.close()


def test_without_a_tray_closing_asks_and_no_keeps_everything_running(worker_app, qtbot, answers) -> None:
    window = worker_app.window
    assert not window.tray.available  # offscreen: no system tray
    window.worker.start()
    qtbot.waitUntil(lambda: window.worker.status.state != WorkerState.STOPPED, timeout=5000)
    answers.reply = QMessageBox.StandardButton.No
    assert not window.close()
    assert window.isVisible() and window.worker.running
    assert any("worker is running" in q for q in answers.questions)


def test_notices_show_in_the_status_bar_once_per_change(worker_app, qtbot) -> None:
    window = worker_app.window
    seen: list[tuple[str, str]] = []
    window.tray.notified.connect(lambda title, text: seen.append((title, text)))
    database = open_database(worker_app.url)
    for _ in range(4):
        factories.attempt(database, status="failed_final", error_code="invalid_number", created_at=factories.minutes_ago(3))
    database.dispose()
    window.worker.start()
    qtbot.waitUntil(lambda: window.worker.status.runs >= 3, timeout=20_000)
    alerts_seen = [text for title, text in seen if title == "Alert"]
    assert len([t for t in alerts_seen if "Final failures" in t]) == 1  # on once, not every run
    assert "Alert" in window.statusBar().currentMessage() or seen


def test_one_worker_per_database_per_session(worker_app, qtbot, sandbox) -> None:
    first = worker_app.window
    assert first.worker.start()
    second = _open(qtbot, worker_app.url, sandbox)
    try:
        assert not second.window.worker.start()
        assert "already runs the worker" in second.window.worker.blocked_reason
        assert "not running" in second.window.worker_actions.label.text()
        first.worker.stop()
        qtbot.waitUntil(lambda: not first.worker.running, timeout=10_000)
        assert second.window.worker.start()
    finally:
        _close(second)


def test_worker_settings_are_edited_in_a_dialog_and_persist(worker_app, qtbot, monkeypatch) -> None:
    from waadmin.ui.worker import settings_dialog as worker_dialog

    def fill(dialog) -> int:
        dialog.interval.setValue(120)
        dialog.batch.setValue(250)
        dialog.rate.setValue(20.0)
        dialog.concurrency.setValue(4)
        dialog.at_launch.setChecked(True)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(worker_dialog.WorkerSettingsDialog, "exec", fill)
    worker_app.window.worker_actions.act_settings.trigger()
    expected = WorkerSettings(interval_seconds=120, batch_size=250, rate_per_second=20.0, concurrency=4, start_at_launch=True)
    assert worker_app.window.worker.settings == expected  # used at once, saved in the background
    qtbot.waitUntil(lambda: SettingsService().load(WORKER) == expected, timeout=5000)


def test_the_redaction_policy_is_off_until_set_in_the_worker_dialog(worker_app, qtbot, monkeypatch) -> None:
    from datetime import timedelta

    from waadmin.ui.worker import settings_dialog as worker_dialog

    assert worker_app.window.worker.config().redact_after is None
    seen: list[str] = []

    def fill(dialog) -> int:
        seen.append(dialog.redact_after.text())
        dialog.redact_after.setValue(24)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(worker_dialog.WorkerSettingsDialog, "exec", fill)
    worker_app.window.worker_actions.act_settings.trigger()
    assert seen == ["never"]
    qtbot.waitUntil(lambda: SettingsService().load(WORKER).redact_after_hours == 24, timeout=5000)
    assert worker_app.window.worker.config().redact_after == timedelta(hours=24)


def test_start_at_launch_starts_the_worker_when_the_app_opens(qtbot, tmp_path, sandbox, answers) -> None:
    url = f"sqlite:///{tmp_path / 'launch.sqlite3'}"
    _seed(url, 2)
    SettingsService().save(WORKER, WorkerSettings(interval_seconds=1, batch_size=5, rate_per_second=0, start_at_launch=True))
    context = _open(qtbot, url, sandbox)
    try:
        qtbot.waitUntil(lambda: factories.statuses_at(url)["sent"] == 3, timeout=15_000)
        assert context.window.worker.running
    finally:
        _close(context)


def test_a_stopped_database_pauses_the_worker_and_it_resumes_after(qtbot, pg_server, sandbox, answers, fast_worker_settings) -> None:
    url = pg_server.url(pg_server.create_database())
    _seed(url, 1)
    context = _open(qtbot, url, sandbox)
    window = context.window
    seen: list[str] = []
    window.tray.notified.connect(lambda title, text: seen.append(title))
    try:
        window.worker.start()
        qtbot.waitUntil(lambda: factories.statuses_at(url)["sent"] == 2, timeout=15_000)
        pg_server.stop("fast")
        try:
            qtbot.waitUntil(lambda: window.worker.status.state == WorkerState.DATABASE_DOWN, timeout=30_000)
            assert "waiting for the database" in window.worker_actions.label.text()
        finally:
            pg_server.start()
        database = open_database(url)
        factories.due_retry(database, message_content="after the outage")
        database.dispose()
        qtbot.waitUntil(lambda: factories.statuses_at(url)["sent"] == 3, timeout=30_000)
        assert seen.count("Database unreachable") == 1 and seen.count("Database back") == 1
    finally:
        _close(context)
