"""A provider outage as a person at the window sees it: batches stop early and say what was left
as it was, the worker shows "provider down" (status bar, tray icon, one notice each way) and
resumes by itself; nothing in the database is charged for sends that never left."""

from __future__ import annotations

import dataclasses
from collections import Counter
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from sqlalchemy import func, select

from tests.support import factories
from tests.support.pg import free_port
from waadmin.config.service import SettingsService
from waadmin.config.worker_settings import WORKER, WorkerSettings
from waadmin.db.database import open_database
from waadmin.domain.clock import utcnow
from waadmin.engine.worker import WorkerState
from waadmin.providers.sandbox import SandboxServer


def _closed(sandbox: SandboxServer, port: int | None = None):
    return dataclasses.replace(sandbox.settings("wachap"), wachap_url=f"http://127.0.0.1:{port or free_port()}/wachap/api")


def _states(database) -> Counter:
    a = database.layout.attempt
    with database.read() as conn:
        return Counter({s: n for s, n in conn.execute(select(a.status, func.count()).group_by(a.status))})


def _counts(database) -> dict[int, tuple[str, int]]:
    a = database.layout.attempt
    with database.read() as conn:
        return {i: (s, c) for i, s, c in conn.execute(select(a.id, a.status, a.attempt_count))}


def test_retry_all_due_on_an_unreachable_provider_stops_early_and_says_so(app_context, sandbox, qtbot, answers) -> None:
    window = app_context.window
    database = app_context.session.database
    app_context.session.set_provider_settings(_closed(sandbox))
    a = database.layout.attempt
    with database.read() as conn:
        due = conn.execute(
            select(func.count()).where(a.status == "failed_retry", a.next_retry_at <= utcnow(), a.attempt_count < a.max_attempts)
        ).scalar_one()
    assert due > 10
    before = _counts(database)
    with qtbot.waitSignal(window.batch_finished, timeout=60_000) as done:
        window.act_retry_due.trigger()
    report = done.args[0]
    assert report.success == 0 and report.not_sent >= 1
    # The only tries counted are phones no provider could take (checked before any request).
    refused = {r.attempt_id for r in report.results if r.outcome != "not_sent"}
    assert all(r.error_code == "invalid_number" for r in report.results if r.attempt_id in refused)
    after = _counts(database)
    assert {i: v for i, v in after.items() if i not in refused} == {i: v for i, v in before.items() if i not in refused}
    summary = window.long_actions.last_summary.text()
    assert "Provider unreachable after 5 failures: WaChap" in summary and "connection refused" in summary
    assert f"{report.left_untouched:,} attempts left as they were (no try counted)" in summary
    assert report.left_untouched >= due - 1  # a pending row may have come due meanwhile
    assert window.provider_label.text().startswith("Provider down: ")
    assert "connection refused" in window.provider_label.toolTip() and "WaChap" in window.provider_label.toolTip()
    [entry] = app_context.session.audit.entries(action="retry_run", limit=1)
    assert entry.result == "provider_unreachable"  # never "ok" when nothing went out


@pytest.fixture
def outage_worker_settings():
    SettingsService().save(WORKER, WorkerSettings(interval_seconds=1, batch_size=20, rate_per_second=0, concurrency=2,
                                                  outage_threshold=3, probe_first_seconds=1, probe_max_seconds=2))


def test_the_worker_shows_provider_down_and_resumes_when_it_is_back(qtbot, tmp_path: Path, sandbox, answers, outage_worker_settings) -> None:
    from waadmin.ui.app import start

    url = f"sqlite:///{tmp_path / 'outage.sqlite3'}"
    seeded = open_database(url, create=True)
    ids = [factories.due_retry(seeded, message_content=f"colis #{n}", attempt_count=2, max_attempts=3) for n in range(8)]
    seeded.dispose()
    port = free_port()
    context = start(url)
    qtbot.addWidget(context.window)
    window = context.window
    try:
        context.session.set_provider_settings(_closed(sandbox, port))
        qtbot.waitUntil(lambda: window.attempts.model.rowCount() > 0, timeout=10_000)
        notices: list[tuple[str, str]] = []
        window.tray.notified.connect(lambda title, text: notices.append((title, text)))
        window.worker_actions.act_start.trigger()
        qtbot.waitUntil(lambda: window.worker.status.state == WorkerState.PROVIDER_DOWN, timeout=20_000)
        assert window.tray.icon_name == "tray-provider-down"
        assert "provider down: WaChap mali (connection refused)" in window.worker_actions.label.text()
        assert window.provider_label.text().startswith("Provider down: WaChap mali")
        database = context.session.database
        assert _states(database) == Counter({"failed_retry": 8})  # last tries, none made final
        back = SandboxServer(port=port).start()
        try:
            qtbot.waitUntil(lambda: _states(database).get("sent", 0) == 8, timeout=30_000)
            qtbot.waitUntil(lambda: window.worker.status.state != WorkerState.PROVIDER_DOWN, timeout=10_000)
        finally:
            window.worker.stop()
            qtbot.waitUntil(lambda: not window.worker.running, timeout=20_000)
            back.stop()
        assert Counter(back.sent_texts()) == Counter({f"colis #{n}": 1 for n in range(8)})
        titles = [title for title, _ in notices]
        assert titles.count("Provider unreachable") == 1 and titles.count("Provider back") == 1
        assert window.provider_label.text() == "Provider: up"
        assert len(ids) == 8
    finally:
        window.quit_app()
        context.tracker.wait_idle(20_000)
        context.session.close()


def test_worker_dialog_refuses_probe_waits_that_make_no_sense(qtbot) -> None:
    from waadmin.ui.worker.settings_dialog import WorkerSettingsDialog

    dialog = WorkerSettingsDialog(SettingsService().load(WORKER))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.probe_first.setValue(300)
    dialog.probe_max.setValue(60)
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.error.isVisible()
    assert "cannot be shorter than the first one (300 s)" in dialog.error.text()
    dialog.probe_max.setValue(900)
    dialog.outage_threshold.setValue(8)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    chosen = dialog.settings()
    assert (chosen.outage_threshold, chosen.probe_first_seconds, chosen.probe_max_seconds) == (8, 300, 900)
