"""The attempts list far from its top, as a user moves through it: Ctrl+End, then scrolling up
reads earlier rows backwards (keyset in reverse) until the first row; Ctrl+Home comes back; new
attempts are said by the "N new" bar however many rows are loaded. Checked against the
database's own order, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from tests.support import factories
from tests.ui import helpers
from waadmin.db.database import open_database
from waadmin.engine.demo import load_demo
from waadmin.ui import attempts_model
from waadmin.ui.columns import INDEX


def _start(qtbot, url: str, sandbox):
    from waadmin.ui.app import start

    context = start(url)
    context.session.set_provider_settings(sandbox.settings("wachap"))
    qtbot.addWidget(context.window)
    qtbot.waitUntil(lambda: context.window.attempts.model.rowCount() > 0, timeout=20_000)
    return context


def _stop(context) -> None:
    context.window.close()
    context.tracker.wait_idle(20_000)
    context.session.close()


@pytest.fixture
def three_thousand(qtbot, db_url: str, sandbox, answers) -> Iterator[object]:
    database = open_database(db_url, create=True)
    load_demo(database, 3000, days=30, seed=5)
    database.dispose()
    context = _start(qtbot, db_url, sandbox)
    yield context
    _stop(context)


def _newest_first(database) -> list[int]:
    """The whole list's order, asked of the database directly."""
    a = database.layout.attempt
    with database.read() as conn:
        return list(conn.execute(select(a.id).order_by(a.created_at.desc(), a.id.desc())).scalars())


def _visible_ids(view) -> list[int]:
    return [view.model.id_at(r) for r in view.visible_rows()]


def _check_screen(qtbot, view, expected: list[int]) -> None:
    """What is loaded is one unbroken run of the list, and the rows on screen are painted with
    their own ids, in the list's order."""
    model = view.model
    loaded = [model.id_at(r) for r in range(model.rowCount())]
    start = expected.index(loaded[0])
    assert loaded == expected[start : start + len(loaded)], "a gap or a repeat in the loaded rows"
    shown = view.visible_rows()
    qtbot.waitUntil(lambda: all(model.row_at(r) is not None for r in shown), timeout=10_000)
    texts = [model.cell(r, INDEX["id"])[0] for r in shown]
    assert texts == [str(i) for i in _visible_ids(view)]


def test_after_ctrl_end_scrolling_up_reads_earlier_rows_back_to_the_first(three_thousand, qtbot) -> None:
    window = three_thousand.window
    view = window.attempts
    model, table = view.model, view.table
    expected = _newest_first(three_thousand.session.database)
    assert len(expected) == 3000 and not model.exhausted

    helpers.click_row(qtbot, table, 0)
    with qtbot.waitSignal(model.tail_loaded, timeout=10_000):
        qtbot.keyClick(table, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: table.rowAt(table.viewport().height() - 2) == model.rowCount() - 1, timeout=3000)
    assert view.selected_ids() == [expected[-1]] and model.rowCount() == model.page_size
    _check_screen(qtbot, view, expected)
    assert "Showing the last 200 rows" in view.tail_button.text()

    # Page Up, as a user holds it: the current row climbs through every row of the list.
    previous = len(expected) - 1
    for _ in range(400):
        qtbot.keyClick(table, Qt.Key.Key_PageUp)
        current = expected.index(model.id_at(table.currentIndex().row()))
        assert current < previous or current == 0, "Page Up did not move up"
        previous = current
        qtbot.waitUntil(lambda: not model._fetching_prev, timeout=10_000)
        _check_screen(qtbot, view, expected)
        assert expected[current] in _visible_ids(view)  # the current row stays on screen
        if current == 0:
            break
    assert previous == 0 and model.top_loaded
    assert [model.id_at(r) for r in range(model.rowCount())] == expected  # all 3,000, in order
    assert "Showing all 3,000 rows" in view.tail_button.text()

    # The mouse wheel's way: the scroll bar, down again and then up, rows stay in place.
    bar = table.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    _check_screen(qtbot, view, expected)

    with qtbot.waitSignal(model.refreshed, timeout=10_000):
        qtbot.keyClick(table, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: table.currentIndex().row() == 0, timeout=3000)
    assert not model.tail and model.id_at(0) == expected[0] and view.selected_ids() == [expected[0]]
    assert not view.tail_button.isVisible() and bar.value() == 0


def test_scrolling_up_from_the_end_keeps_the_rows_being_read_in_place(three_thousand, qtbot) -> None:
    view = three_thousand.window.attempts
    model, table = view.model, view.table
    expected = _newest_first(three_thousand.session.database)
    with qtbot.waitSignal(model.tail_loaded, timeout=10_000):
        view.go_to_end()
    bar = table.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.value() == bar.maximum() and bar.maximum() > 0, timeout=3000)
    with qtbot.waitSignal(model.rows_prepended, timeout=10_000):
        bar.setValue(0)  # dragged to the top of what is loaded: the page above is read
    reading = model.id_at(table.rowAt(0))
    qtbot.waitUntil(lambda: not model._fetching_prev, timeout=10_000)
    assert model.rowCount() >= 2 * model.page_size
    assert model.id_at(table.rowAt(0)) == reading  # the row at the top of the screen stayed there
    _check_screen(qtbot, view, expected)


@pytest.fixture(scope="module")
def six_thousand_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("six") / "six.sqlite3"
    database = open_database(f"sqlite:///{path}", create=True)
    load_demo(database, 6000, days=30, seed=6)
    database.dispose()
    return path


@pytest.fixture
def six_thousand(qtbot, six_thousand_template: Path, tmp_path: Path, sandbox, answers) -> Iterator[tuple[object, str]]:
    import shutil

    target = tmp_path / "six.sqlite3"
    shutil.copy(six_thousand_template, target)
    url = f"sqlite:///{target}"
    context = _start(qtbot, url, sandbox)
    yield context, url
    _stop(context)


def test_new_attempts_are_announced_with_more_than_five_thousand_rows_loaded(six_thousand, qtbot) -> None:
    context, url = six_thousand
    view = context.window.attempts
    model, table = view.model, view.table
    helpers.click_row(qtbot, table, 0)
    bar = table.verticalScrollBar()
    while model.loaded_rows <= attempts_model.FULL_REFRESH_LIMIT:  # scrolled deep, page by page
        loaded = model.loaded_rows
        bar.setValue(bar.maximum())  # the wheel, rolled to the bottom of what is loaded
        qtbot.waitUntil(lambda n=loaded: model.loaded_rows > n, timeout=10_000)
    assert not model.tail
    other = open_database(url)  # another program's connection
    try:
        qtbot.waitUntil(lambda: table.rowAt(0) > 0, timeout=3000)
        reading = model.id_at(table.rowAt(0))
        arrived = [factories.attempt(other, category="arrived_deep") for _ in range(2)]
        with qtbot.waitSignal(model.refreshed, timeout=10_000):
            qtbot.keyClick(table, Qt.Key.Key_F5)
        bar = view.new_rows_button
        qtbot.waitUntil(bar.isVisible, timeout=3000)
        assert bar.text() == "2 new attempts — show"
        assert model.id_at(table.rowAt(0)) == reading  # the rows being read stay put
        qtbot.mouseClick(bar, Qt.MouseButton.LeftButton)
        assert table.verticalScrollBar().value() == 0 and not bar.isVisible()
        assert [model.id_at(0), model.id_at(1)] == arrived[::-1]

        # Reading the top: the next one comes in on top, in view, with no bar.
        latest = factories.attempt(other, category="arrived_on_top")
        with qtbot.waitSignal(model.refreshed, timeout=10_000):
            qtbot.keyClick(table, Qt.Key.Key_F5)
        assert model.id_at(0) == latest and table.rowAt(0) == 0 and not bar.isVisible()
        assert model.id_at(1) == arrived[1]
    finally:
        other.dispose()


def test_new_attempts_are_counted_while_the_end_of_the_list_is_shown(app_context, demo_db, qtbot) -> None:
    view = app_context.window.attempts
    model, table = view.model, view.table
    with qtbot.waitSignal(model.tail_loaded, timeout=10_000):
        view.go_to_end()
    last_rows = [model.id_at(r) for r in range(model.rowCount())]
    other = open_database(demo_db)
    try:
        arrived = [factories.attempt(other, category="arrived_at_end") for _ in range(3)]
        table.setFocus()
        with qtbot.waitSignal(model.refreshed, timeout=10_000):
            qtbot.keyClick(table, Qt.Key.Key_F5)
        bar = view.new_rows_button
        qtbot.waitUntil(bar.isVisible, timeout=3000)
        assert bar.text() == "3 new attempts — show"
        assert [model.id_at(r) for r in range(model.rowCount())] == last_rows  # the end, as it was
        with qtbot.waitSignal(model.refreshed, timeout=10_000):
            qtbot.mouseClick(bar, Qt.MouseButton.LeftButton)
        assert not model.tail and [model.id_at(r) for r in range(3)] == arrived[::-1]
        assert table.verticalScrollBar().value() == 0 and not bar.isVisible()
    finally:
        other.dispose()


def test_pages_let_go_while_paging_up_are_read_again_when_scrolled_back_to(qtbot, sqlite_url, sandbox, answers) -> None:
    """Small pages: paging up from the end through 3,000 rows holds more pages than are kept
    (40), so going back down shows rows whose page was let go: read again by their ids."""
    from waadmin.ui import settings as ui_settings

    prefs = ui_settings.load_preferences()
    prefs.page_size = 50
    ui_settings.save_preferences(prefs)
    database = open_database(sqlite_url, create=True)
    load_demo(database, 3000, days=30, seed=8)
    expected = _newest_first(database)
    database.dispose()
    context = _start(qtbot, sqlite_url, sandbox)
    try:
        view = context.window.attempts
        model, table = view.model, view.table
        assert model.page_size == 50
        helpers.click_row(qtbot, table, 0)
        with qtbot.waitSignal(model.tail_loaded, timeout=10_000):
            qtbot.keyClick(table, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
        for _ in range(400):
            qtbot.keyClick(table, Qt.Key.Key_PageUp)
            qtbot.waitUntil(lambda: not model._fetching_prev, timeout=10_000)
            if model.top_loaded and table.currentIndex().row() == 0:
                break
        assert [model.id_at(r) for r in range(model.rowCount())] == expected
        assert len(model._pages) <= attempts_model.MAX_CACHED_PAGES < 3000 // 50
        for _ in range(400):  # back down, through the pages let go
            qtbot.keyClick(table, Qt.Key.Key_PageDown)
            _check_screen(qtbot, view, expected)
            if table.currentIndex().row() == model.rowCount() - 1:
                break
        assert model.id_at(table.currentIndex().row()) == expected[-1]
    finally:
        _stop(context)
