"""The attempts list as operators use DBeaver and pgAdmin: right-click menus, columns, copying,
selecting everything that matches. Driven with the mouse and keyboard, checked on screen and in
the database."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QApplication, QMenu

from tests.support import factories
from tests.ui import helpers
from waadmin.ui.columns import INDEX


def _search(window, qtbot, text: str, rows: int) -> None:
    window.attempts.filter_bar.search.setText(text)
    qtbot.waitUntil(lambda: window.attempts.model.filter.search == text and window.attempts.model.rowCount() == rows, timeout=10_000)


def _right_click(widget, point: QPoint) -> QMenu:
    """A right-click as the platform delivers it (a context-menu event), and the menu it opened."""
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, point, widget.mapToGlobal(point))
    QApplication.sendEvent(widget, event)
    menu = QApplication.activePopupWidget()
    assert isinstance(menu, QMenu), "no menu opened"
    return menu


def _click_item(qtbot, menu: QMenu, object_name: str) -> None:
    [action] = [a for a in menu.actions() if a.objectName() == object_name]
    assert action.isEnabled(), f"{object_name} is disabled"
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(action).center())


def test_right_clicking_a_row_offers_its_commands_and_cancel_cancels_it(app_context, answers, qtbot) -> None:
    window = app_context.window
    database = app_context.session.database
    ids = [factories.due_retry(database, category="menu_case") for _ in range(3)]
    _search(window, qtbot, "menu_case", 3)
    table = window.attempts.table
    target = window.attempts.model.id_at(1)
    menu = _right_click(table.viewport(), helpers.row_point(table, 1, "status"))
    assert window.attempts.selected_ids() == [target]  # the row under the mouse, alone
    names = {a.objectName() for a in menu.actions() if a.isVisible()}
    assert {"actOpen", "actRetrySelected", "actCancelSelected", "rowCopyCell", "actCopyRows", "actCopyPhone", "rowFilterByValue", "actShowWebhooks"} <= names
    assert "actResetRow" not in names  # not stuck: no reset offered
    with qtbot.waitSignal(window.batch_finished, timeout=10_000):
        _click_item(qtbot, menu, "actCancelSelected")
    assert "Cancel the selected attempt?" in answers.questions[-1]
    assert factories.row(database, target)["status"] == "cancelled"
    assert sorted(factories.row(database, i)["status"] for i in ids if i != target) == ["failed_retry", "failed_retry"]


def test_filter_by_this_value_narrows_the_list_to_the_cell_under_the_mouse(app_context, qtbot) -> None:
    window = app_context.window
    database = app_context.session.database
    factories.due_retry(database, category="by_value", message_type="otp")
    factories.attempt(database, category="by_value", status="sent", message_type="otp")
    _search(window, qtbot, "by_value", 2)
    table = window.attempts.table
    row = helpers.rows_where(window.attempts.model, lambda r: r.status == "sent")[0]
    menu = _right_click(table.viewport(), helpers.row_point(table, row, "status"))
    _click_item(qtbot, menu, "rowFilterByValue")
    qtbot.waitUntil(lambda: window.attempts.model.filter.statuses == frozenset({"sent"}) and window.attempts.model.rowCount() == 1, timeout=10_000)
    assert window.attempts.model.filter.search == "by_value"


def test_ctrl_c_copies_the_selected_rows_as_tab_separated_text_with_a_header(app_context, qtbot) -> None:
    window = app_context.window
    database = app_context.session.database
    ids = [factories.due_retry(database, category="copy_case", phone_number=f"+2237600{n:04d}", error_message="a\tb\nc") for n in range(3)]
    _search(window, qtbot, "copy_case", 3)
    table = window.attempts.table
    helpers.click_row(qtbot, table, 0)
    helpers.click_row(qtbot, table, 2, Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: window.selection_label.text() == "3 selected", timeout=3000)
    QApplication.clipboard().clear()
    qtbot.keyClick(table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: QApplication.clipboard().text().count("\n") == 4, timeout=3000)
    lines = QApplication.clipboard().text().splitlines()
    header = lines[0].split("\t")
    assert header[:3] == ["ID", "Created", "Phone"] and "Last error" in header
    rows = [line.split("\t") for line in lines[1:]]
    assert sorted(int(r[0]) for r in rows) == sorted(ids)
    assert all(len(r) == len(header) for r in rows)  # tabs and line breaks inside a value do not split it
    assert {r[header.index("Phone")] for r in rows} == {f"+2237600{n:04d}" for n in range(3)}


def test_a_hidden_column_stays_hidden_after_a_restart_and_reset_brings_it_back(app_context, demo_db, qtbot) -> None:
    from waadmin.ui.app import start

    window = app_context.window
    header = window.attempts.header
    point = QPoint(header.sectionViewportPosition(INDEX["type"]) + 10, header.height() // 2)
    menu = _right_click(header.viewport(), point)
    _click_item(qtbot, menu, "column_type")
    assert header.isSectionHidden(INDEX["type"])
    window.close()
    app_context.tracker.wait_idle(20_000)
    app_context.session.close()
    again = start(demo_db)
    try:
        qtbot.addWidget(again.window)
        qtbot.waitUntil(lambda: again.window.attempts.model.rowCount() > 0, timeout=10_000)
        header = again.window.attempts.header
        assert header.isSectionHidden(INDEX["type"])
        menu = _right_click(header.viewport(), QPoint(10, header.height() // 2))
        _click_item(qtbot, menu, "columnsReset")
        assert not header.isSectionHidden(INDEX["type"])
    finally:
        again.window.close()
        again.tracker.wait_idle(20_000)
        again.session.close()


def test_last_error_is_on_screen_at_1440_pixels(app_context, qtbot) -> None:
    window = app_context.window
    window.resize(1440, 860)
    table = window.attempts.table
    qtbot.waitUntil(lambda: table.viewport().width() > 1200, timeout=3000)
    header = window.attempts.header
    left = header.sectionViewportPosition(INDEX["error"])
    assert not header.isSectionHidden(INDEX["error"]) and left >= 0 and left + 200 <= table.viewport().width()


def test_select_all_matching_turns_retry_selected_into_retry_all_matching(app_context, sandbox, qtbot) -> None:
    window = app_context.window
    database = app_context.session.database
    ids = [factories.due_retry(database, category="all_of_them") for _ in range(230)]
    window.attempts.filter_bar.search.setText("all_of_them")
    qtbot.waitUntil(lambda: window.attempts.model.filter.search == "all_of_them" and window.attempts.model.rowCount() == 200, timeout=10_000)
    table = window.attempts.table
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    button = window.attempts.select_all_button
    qtbot.waitUntil(lambda: button.isVisible() and button.text() == "Select all 230 matching", timeout=5000)
    assert window.selection_label.text() == "200 selected"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert window.selection_label.text() == "All 230 matching selected" and window.act_retry_selected.isEnabled()
    seen: dict = {}

    def confirm() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None or dialog.objectName() != "bulkConfirmDialog":
            QTimer.singleShot(30, confirm)
            return
        seen["count"] = dialog.plan.count
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, confirm)
    with qtbot.waitSignal(window.batch_finished, timeout=60_000) as done:
        window.act_retry_selected.trigger()
    assert seen["count"] == 230 and done.args[0].success == 230 == sandbox.count()
    assert {factories.row(database, i)["status"] for i in ids} == {"sent"}


def test_retry_and_cancel_selected_are_disabled_once_the_selection_drops_out_of_the_filter(app_context, qtbot) -> None:
    window = app_context.window
    database = app_context.session.database
    factories.due_retry(database, category="drop_out")
    _search(window, qtbot, "drop_out", 1)
    helpers.click_row(qtbot, window.attempts.table, 0)
    qtbot.waitUntil(window.act_retry_selected.isEnabled, timeout=3000)
    window.attempts.filter_bar.search.setText("drop_out_nothing")
    qtbot.waitUntil(lambda: window.attempts.model.filter.search == "drop_out_nothing", timeout=5000)
    qtbot.waitUntil(lambda: not window.act_retry_selected.isEnabled() and not window.act_cancel_selected.isEnabled(), timeout=3000)
    assert window.selection_label.text() == ""


def test_a_new_attempt_appears_at_the_top_after_f5_and_a_bar_says_so_when_scrolled_away(app_context, demo_db, qtbot) -> None:
    from waadmin.db.database import open_database

    window = app_context.window
    model = window.attempts.model
    table = window.attempts.table
    other = open_database(demo_db)  # another program's connection
    try:
        qtbot.waitUntil(lambda: model.rowCount() >= 200, timeout=10_000)
        first = factories.attempt(other, category="arrived_now")
        table.setFocus()
        with qtbot.waitSignal(model.refreshed, timeout=10_000):
            qtbot.keyClick(table, Qt.Key.Key_F5)
        assert model.id_at(0) == first and table.rowAt(0) == 0  # on top, in view
        assert not window.attempts.new_rows_button.isVisible()

        table.verticalScrollBar().setValue(table.verticalScrollBar().maximum() // 2)
        reading = table.rowAt(1)
        reading_id = model.id_at(reading)
        later = [factories.attempt(other, category="arrived_later") for _ in range(2)]
        with qtbot.waitSignal(model.refreshed, timeout=10_000):
            qtbot.keyClick(table, Qt.Key.Key_F5)
        bar = window.attempts.new_rows_button
        qtbot.waitUntil(bar.isVisible, timeout=3000)
        assert bar.text() == "2 new attempts — show"
        assert abs(table.rowAt(1) - model.row_of_id(reading_id)) <= 1  # the rows being read stay put
        qtbot.mouseClick(bar, Qt.MouseButton.LeftButton)
        assert table.verticalScrollBar().value() == 0 and not bar.isVisible()
        assert {model.id_at(0), model.id_at(1)} == set(later)
    finally:
        other.dispose()


def test_ctrl_end_reaches_the_real_last_row_and_ctrl_home_comes_back(app_context, qtbot) -> None:
    window = app_context.window
    database = app_context.session.database
    model = window.attempts.model
    table = window.attempts.table
    a = database.layout.attempt
    from sqlalchemy import select

    with database.read() as conn:
        oldest = conn.execute(select(a.id).order_by(a.created_at, a.id).limit(1)).scalar_one()
        newest = conn.execute(select(a.id).order_by(a.created_at.desc(), a.id.desc()).limit(1)).scalar_one()
    assert not model.exhausted  # 1,500 attempts, 200 loaded
    helpers.click_row(qtbot, table, 0)
    with qtbot.waitSignal(model.tail_loaded, timeout=10_000):
        qtbot.keyClick(table, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    last = model.rowCount() - 1
    assert model.id_at(last) == oldest and window.attempts.selected_ids() == [oldest]
    qtbot.waitUntil(lambda: table.rowAt(table.viewport().height() - 2) == last, timeout=3000)  # on screen
    assert window.attempts.tail_button.isVisible()
    with qtbot.waitSignal(model.refreshed, timeout=10_000):
        qtbot.keyClick(table, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    assert model.id_at(0) == newest and not window.attempts.tail_button.isVisible()


def test_a_saved_view_brings_back_its_filters_sort_and_columns(app_context, monkeypatch, qtbot) -> None:
    from PySide6.QtWidgets import QInputDialog

    window = app_context.window
    view = window.attempts
    helpers.choose_in_menu(view.filter_bar.status, "failed_final")
    qtbot.waitUntil(lambda: view.model.filter.statuses == frozenset({"failed_final"}), timeout=5000)
    header = view.header
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(header.sectionViewportPosition(INDEX["phone"]) + 10, header.height() // 2))
    qtbot.waitUntil(lambda: view.model.sort_spec.key == "phone_number", timeout=5000)
    header.set_column_shown(INDEX["provider_id"], False)
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: ("Final failures by phone", True)))
    window.views_menu.aboutToShow.emit()
    [save] = [a for a in window.views_menu.actions() if a.objectName() == "saveView"]
    save.trigger()

    view.filter_bar.clear()
    header.reset_layout()
    qtbot.waitUntil(lambda: not view.model.filter.statuses, timeout=5000)
    window.views_menu.aboutToShow.emit()
    [saved] = [a for a in window.views_menu.actions() if a.text() == "Final failures by phone"]
    saved.trigger()
    qtbot.waitUntil(lambda: view.model.filter.statuses == frozenset({"failed_final"}) and view.model.rowCount() > 0, timeout=5000)
    assert view.model.sort_spec.key == "phone_number" and header.sortIndicatorSection() == INDEX["phone"]
    assert header.isSectionHidden(INDEX["provider_id"])
    assert {view.model.row_at(r).status for r in range(view.model.rowCount())} == {"failed_final"}


def test_common_commands_have_shortcuts_shown_in_their_tooltips(app_context, answers, qtbot) -> None:
    window = app_context.window
    database = app_context.session.database
    factories.due_retry(database, category="by_keyboard")
    _search(window, qtbot, "by_keyboard", 1)
    helpers.click_row(qtbot, window.attempts.table, 0)
    qtbot.waitUntil(window.act_retry_selected.isEnabled, timeout=3000)
    assert "Ctrl+R" in window.act_retry_selected.toolTip() and "F5" in window.act_refresh.toolTip()
    assert window.act_quit.shortcut().toString() == "Ctrl+Q"  # StandardKey.Quit is empty on some platforms
    answers.reply = answers.reply.No
    qtbot.keyClick(window.attempts.table, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert "1 attempt selected:" in answers.questions[-1]


def test_dragging_the_scroll_bar_to_the_bottom_reaches_the_real_end(app_context, qtbot) -> None:
    window = app_context.window
    model = window.attempts.model
    bar = window.attempts.table.verticalScrollBar()
    assert not model.exhausted
    with qtbot.waitSignal(model.tail_loaded, timeout=10_000):
        bar.setSliderDown(True)
        bar.setValue(bar.maximum())
        bar.setSliderDown(False)
    assert model.tail and model.exhausted and window.attempts.tail_button.isVisible()


def test_open_in_the_row_menu_opens_the_row_under_the_mouse(app_context, qtbot) -> None:
    window = app_context.window
    table = window.attempts.table
    target = window.attempts.model.id_at(2)
    menu = _right_click(table.viewport(), helpers.row_point(table, 2, "status"))
    [open_action] = [a for a in menu.actions() if a.objectName() == "actOpen"]
    assert open_action.shortcut().toString() == "Return"  # shown; the list itself takes the key
    _click_item(qtbot, menu, "actOpen")
    qtbot.waitUntil(lambda: target in window.details and window.details[target].detail is not None, timeout=5000)
