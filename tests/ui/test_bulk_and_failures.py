"""Acting on everything the filter shows, and the Failures tab, driven from the window."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication
from sqlalchemy import func, select

from tests.support import factories
from tests.ui import helpers
from waadmin.cli.main import main as cli_main


def _drive_confirm(qtbot, seen: dict, extra: int | None = None, accept: bool = True) -> None:
    def step() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None or dialog.objectName() != "bulkConfirmDialog":
            QTimer.singleShot(50, step)
            return
        seen["question"] = dialog.question.text()
        seen["plan"] = dialog.plan
        seen["sample_rows"] = dialog.sample.rowCount()
        if extra is not None:
            dialog.extra.setValue(extra)
        if accept:
            qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        else:
            dialog.reject()

    QTimer.singleShot(0, step)


def _count(database, **where) -> int:
    a = database.layout.attempt
    query = select(func.count()).select_from(a)
    for key, value in where.items():
        query = query.where(getattr(a, key) == value)
    with database.read() as conn:
        return int(conn.execute(query).scalar_one())


def test_retry_all_matching_acts_on_every_page_and_matches_the_cli(app_context, sandbox, qtbot, capsys) -> None:
    window = app_context.window
    database = app_context.session.database
    bar = window.attempts.filter_bar
    helpers.choose_in_menu(bar.status, "failed_final")
    qtbot.waitUntil(lambda: window.attempts.model.filter.statuses == frozenset({"failed_final"}), timeout=5000)
    before = _count(database, status="failed_final")
    assert before > 10
    code = cli_main(["retry", "--database", database.engine.url.render_as_string(hide_password=False), "--status", "failed_final", "--dry-run", "--json"])
    cli_plan = json.loads(capsys.readouterr().out)
    assert code == 0
    seen: dict = {}
    _drive_confirm(qtbot, seen, extra=1)
    with qtbot.waitSignal(window.batch_finished, timeout=60_000) as done:
        window.act_retry_matching.trigger()
    report = done.args[0]
    assert seen["plan"].count == before == cli_plan["matched"]
    assert seen["sample_rows"] == min(10, before)
    assert (report.requested, report.reopened, report.processed) == (before, before, before)
    # Numbers no provider can dial (the demo has a few) fail for good again; the rest went out.
    assert _count(database, status="failed_final") == report.final_failures
    assert report.success + report.failed == before and report.success == sandbox.count() > 0
    assert "Sent: " in window.long_actions.last_summary.text()


def test_cancel_all_matching_reports_what_changed_meanwhile(app_context, qtbot) -> None:
    window = app_context.window
    database = app_context.session.database
    ids = [factories.due_retry(database, category="bulk_cancel_case") for _ in range(25)]
    window.attempts.filter_bar.search.setText("bulk_cancel_case")
    qtbot.waitUntil(lambda: window.attempts.model.filter.search == "bulk_cancel_case", timeout=5000)
    seen: dict = {}
    _drive_confirm(qtbot, seen)
    with qtbot.waitSignal(window.batch_finished, timeout=30_000) as done:
        window.act_cancel_matching.trigger()
    report = done.args[0]
    assert seen["plan"].count == 25
    assert len(report.done) == 25 and not report.skipped
    assert all(factories.row(database, i)["status"] == "cancelled" for i in ids)


def test_declining_changes_nothing(app_context, qtbot) -> None:
    window = app_context.window
    database = app_context.session.database
    waiting = _count(database, status="failed_retry")
    seen: dict = {}
    _drive_confirm(qtbot, seen, accept=False)
    window.act_cancel_matching.trigger()
    qtbot.waitUntil(lambda: "plan" in seen, timeout=10_000)
    # Nothing done: the tasks the question started have ended (a cancel would be one of them).
    qtbot.waitUntil(lambda: not app_context.tracker.busy and window.operation is None, timeout=10_000)
    assert _count(database, status="failed_retry") == waiting and window.operation is None


def test_a_failure_group_opens_the_list_filtered_to_it(app_context, qtbot) -> None:
    window = app_context.window
    window.tabs.setCurrentWidget(window.failures)
    view = window.failures
    qtbot.waitUntil(lambda: view.model.rowCount() > 0, timeout=10_000)
    top = view.model.groups[0]
    view.table.selectRow(0)
    qtbot.mouseClick(view.open_button, Qt.MouseButton.LeftButton)
    assert window.tabs.currentWidget() is window.attempts
    model = window.attempts.model
    qtbot.waitUntil(lambda: model.filter.error_like == top.template and model.rowCount() > 0, timeout=5000)
    qtbot.waitUntil(lambda: model.count is not None, timeout=5000)
    from waadmin.db import listing

    exact = listing.count_attempts(app_context.session.database, model.filter).value
    assert exact == top.count
    assert all(model.row_at(r).error_code == top.error_code for r in range(model.rowCount()))
    assert top.template in window.attempts.filter_bar.extra_description()
