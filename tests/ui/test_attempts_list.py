"""Stories about the attempts list: launch, filter, sort, search, scroll, refresh."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt

from tests.ui import helpers
from waadmin.db import listing
from waadmin.domain.filters import AttemptFilter
from waadmin.ui.columns import INDEX


def test_launch_shows_the_newest_attempts_and_the_database_in_the_status_bar(app_context, qtbot) -> None:
    window = app_context.window
    model = window.attempts.model
    assert model.rowCount() == 200  # one page
    created = [model.row_at(r).created_at for r in range(50)]
    assert created == sorted(created, reverse=True)
    assert "demo.sqlite3" in window.db_label.text() and "V2" in window.db_label.text()
    qtbot.waitUntil(lambda: "Due now" in window.work_label.text(), timeout=5000)
    qtbot.waitUntil(lambda: "1,500" in window.attempts.count_label.text(), timeout=5000)
    assert not window.act_retry_selected.isEnabled()  # nothing selected yet


def test_filtering_by_status_is_done_by_the_database(app_context, qtbot) -> None:
    window = app_context.window
    bar = window.attempts.filter_bar
    model = window.attempts.model
    helpers.choose_in_menu(bar.status, "failed_final")
    qtbot.waitUntil(lambda: model.rowCount() > 0 and all(model.row_at(r).status == "failed_final" for r in range(model.rowCount())), timeout=5000)
    expected = listing.count_attempts(app_context.session.database, AttemptFilter(statuses=frozenset({"failed_final"}))).value
    qtbot.waitUntil(lambda: model.count is not None and model.count.value == expected, timeout=5000)
    assert model.rowCount() == min(expected, 200)
    assert "failed" in bar.status.text().lower() or "échec" in bar.status.text().lower()


def test_two_statuses_and_a_type_combine(app_context, qtbot) -> None:
    bar = app_context.window.attempts.filter_bar
    model = app_context.window.attempts.model
    helpers.choose_in_menu(bar.status, "sent")
    helpers.choose_in_menu(bar.status, "read")
    helpers.choose_in_menu(bar.type, "colis_status")
    qtbot.waitUntil(
        lambda: model.rowCount() > 0
        and all(model.row_at(r).status in ("sent", "read") and model.row_at(r).message_type == "colis_status" for r in range(model.rowCount())),
        timeout=5000,
    )


def test_clicking_a_header_sorts_in_the_database(app_context, qtbot) -> None:
    table = app_context.window.attempts.table
    model = app_context.window.attempts.model
    header = table.horizontalHeader()
    x = header.sectionViewportPosition(INDEX["phone"]) + 5
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    qtbot.waitUntil(lambda: model.sort_spec.key == "phone_number" and model.rowCount() == 200, timeout=5000)
    phones = [model.row_at(r).phone_number for r in range(200)]
    assert phones == sorted(phones) or phones == sorted(phones, reverse=True)
    first_direction = phones == sorted(phones)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    qtbot.waitUntil(lambda: model.rowCount() == 200 and (model.row_at(0).phone_number != phones[0]), timeout=5000)
    again = [model.row_at(r).phone_number for r in range(200)]
    assert (again == sorted(again)) != first_direction


def test_search_box_finds_by_phone(app_context, qtbot) -> None:
    model = app_context.window.attempts.model
    phone = model.row_at(3).phone_number
    search = app_context.window.attempts.filter_bar.search
    qtbot.keyClicks(search, phone[-6:])
    qtbot.waitUntil(lambda: model.filter.search == phone[-6:] and model.rowCount() > 0, timeout=5000)
    qtbot.waitUntil(lambda: all(phone[-6:] in (model.row_at(r).phone_number or "") or phone[-6:] in model.row_at(r).title for r in range(model.rowCount())), timeout=5000)


def test_scrolling_loads_further_pages_by_key(app_context, qtbot) -> None:
    table = app_context.window.attempts.table
    model = app_context.window.attempts.model
    for _ in range(4):
        table.scrollToBottom()
        qtbot.waitUntil(lambda: not model._fetching_next, timeout=5000)
    qtbot.waitUntil(lambda: model.rowCount() >= 1000, timeout=5000)
    ids = [model.id_at(r) for r in range(model.rowCount())]
    assert len(ids) == len(set(ids))
    created = [model.row_at(r).created_at for r in range(model.rowCount())]
    assert created == sorted(created, reverse=True)


def test_auto_refresh_keeps_the_selection_and_shows_changes(app_context, qtbot) -> None:
    window = app_context.window
    table = window.attempts.table
    model = window.attempts.model
    rows = helpers.rows_where(model, lambda r: r.status == "failed_retry")[:2]
    helpers.select_rows(table, rows)
    chosen = window.attempts.selected_ids()
    from waadmin.db import transitions

    transitions.cancel(app_context.session.database, chosen[:1])  # someone else cancels one
    with qtbot.waitSignal(model.refreshed, timeout=5000):
        window.refresh()
    assert sorted(window.attempts.selected_ids()) == sorted(chosen)
    row = model.row_of_id(chosen[0])
    assert model.row_at(row).status == "cancelled"


def test_the_enter_key_and_escape_open_and_close_the_detail(app_context, qtbot) -> None:
    window = app_context.window
    table = window.attempts.table
    helpers.click_row(qtbot, table, 2)
    attempt_id = window.attempts.selected_ids()[0]
    qtbot.keyClick(table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: attempt_id in window.details, timeout=3000)
    detail = window.details[attempt_id]
    qtbot.waitUntil(lambda: detail.detail is not None, timeout=5000)
    qtbot.keyClick(detail, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: attempt_id not in window.details, timeout=3000)


def test_a_painted_cell_shows_what_the_model_says(app_context, qtbot) -> None:
    """Paints ask for every role at once (multiData); the answers are those of data(), role by
    role, for rows with and without odd data, in every column."""
    from PySide6.QtCore import QModelRoleData, QModelRoleDataSpan

    model = app_context.window.attempts.model
    roles = [int(r) for r in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.DecorationRole, Qt.ItemDataRole.ForegroundRole,
                              Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.TextAlignmentRole, Qt.ItemDataRole.FontRole,
                              Qt.ItemDataRole.CheckStateRole, Qt.ItemDataRole.ToolTipRole)]
    for row in range(0, model.rowCount(), 7):
        for column in range(model.columnCount()):
            index = model.index(row, column)
            for role in roles:
                item = QModelRoleData(role)
                span = QModelRoleDataSpan(item)
                model.multiData(index, span)
                assert span[0].data() == model.data(index, role), (row, column, role)
    assert not model.index(model.rowCount(), 0).isValid() and not model.index(0, model.columnCount()).isValid()
    status = model.index(0, INDEX["status"])
    assert model.data(status) and model.data(status, Qt.ItemDataRole.BackgroundRole) is not None


def test_a_new_time_zone_and_a_refreshed_row_show_new_text(app_context, qtbot, monkeypatch) -> None:
    """The list keeps each row's texts once formatted: a change of zone or of the row itself
    shows at once."""
    import time

    from waadmin.db import transitions
    from waadmin.ui import labels, timefmt

    monkeypatch.setenv("TZ", "Asia/Shanghai")  # "local" is then eight hours from UTC
    time.tzset()
    try:
        window = app_context.window
        model = window.attempts.model
        created = model.index(0, INDEX["created"])
        for zone in ("utc", "local", "utc"):
            window.display.set_time_zone(zone)
            assert model.data(created) == timefmt.absolute(model.row_at(0).created_at, zone)
        assert timefmt.absolute(model.row_at(0).created_at, "local") != timefmt.absolute(model.row_at(0).created_at, "utc")
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
    row = helpers.rows_where(model, lambda r: r.status == "failed_retry")[0]
    target = model.row_at(row).id
    assert model.data(model.index(row, INDEX["status"])) == labels.status("failed_retry")
    transitions.cancel(app_context.session.database, [target])  # someone else cancels it
    with qtbot.waitSignal(model.refreshed, timeout=5000):
        window.refresh()
    row = model.row_of_id(target)
    assert model.data(model.index(row, INDEX["status"])) == labels.status("cancelled")


def test_the_list_paints_status_colours_selection_and_text(app_context, qtbot) -> None:
    """What the user sees in the cells (painted by the list's own delegate from cached text
    layouts): status colours, the selection highlight, and text in every column."""
    from PySide6.QtGui import QPalette

    from waadmin.ui import status_style

    window = app_context.window
    table = window.attempts.table
    model = window.attempts.model
    window.resize(1400, 800)
    qtbot.waitUntil(lambda: table.viewport().height() > 300, timeout=5000)
    plain, chosen = helpers.rows_where(model, lambda r: r.status == "failed_final")[:2]
    helpers.select_rows(table, [chosen])
    table.scrollTo(model.index(plain, 0))
    qtbot.waitUntil(lambda: table.viewport().rect().contains(table.visualRect(model.index(plain, 0)).center())
                    and table.viewport().rect().contains(table.visualRect(model.index(chosen, 0)).center()), timeout=5000)
    image = table.viewport().grab().toImage()

    def pixel(row: int, column: str, dx: int = 3):
        rect = table.visualRect(model.index(row, INDEX[column]))
        return image.pixelColor(rect.left() + dx, rect.center().y())

    assert pixel(plain, "status").rgb() == status_style.background("failed_final").rgb()
    highlight = table.palette().color(QPalette.ColorGroup.Active, QPalette.ColorRole.Highlight)
    inactive = table.palette().color(QPalette.ColorGroup.Inactive, QPalette.ColorRole.Highlight)
    assert pixel(chosen, "status").rgb() in (highlight.rgb(), inactive.rgb())
    for column in ("phone", "type", "status", "error"):  # some pixels of each cell differ from its background: text
        rect = table.visualRect(model.index(plain, INDEX[column]))
        background = pixel(plain, column, dx=1)
        inked = {image.pixelColor(x, y).rgb() for x in range(rect.left() + 2, rect.right() - 2) for y in range(rect.top() + 2, rect.bottom() - 1)}
        assert len(inked - {background.rgb()}) > 3, column


def test_the_list_paints_exactly_what_qts_own_table_painting_would(app_context, qtbot) -> None:
    """The list paints a screen of cells in one call (waadmin.ui.cell_table); the picture must
    be the one QTableView paints through the delegate, pixel for pixel, in the states a user
    puts it in: rows selected apart, the current cell framed, scrolled part-way down and
    sideways, a column moved, a short column that elides its texts, a row's warning icon."""
    from sqlalchemy import select, update

    window = app_context.window
    table = window.attempts.table
    model = window.attempts.model
    database = app_context.session.database
    a = database.layout.attempt
    with database.write() as conn:  # a row the list marks with its warning icon
        newest = conn.execute(select(a.id).order_by(a.created_at.desc()).limit(1).offset(2)).scalar_one()
        conn.execute(update(a).where(a.id == newest).values(max_attempts=0))
    window.act_refresh.trigger()
    qtbot.waitUntil(lambda: any(model.row_at(r) is not None and model.row_at(r).anomalies for r in range(10)), timeout=5000)
    window.resize(1200, 700)
    qtbot.waitUntil(lambda: table.viewport().height() > 300, timeout=5000)

    def pictures():
        table.paints_cells = True
        ours = table.viewport().grab().toImage()
        table.paints_cells = False
        qts = table.viewport().grab().toImage()
        table.paints_cells = True
        return ours, qts

    def same(label: str) -> None:
        ours, qts = pictures()
        assert ours.size() == qts.size()
        if ours != qts:
            differing = sum(ours.pixel(x, y) != qts.pixel(x, y) for y in range(ours.height()) for x in range(ours.width()))
            raise AssertionError(f"{label}: {differing} pixels differ")

    same("as opened")
    helpers.click_row(qtbot, table, 4)
    helpers.click_row(qtbot, table, 7, Qt.KeyboardModifier.ControlModifier)
    helpers.click_row(qtbot, table, 9, Qt.KeyboardModifier.ShiftModifier)
    # Fusion frames the current cell once focus has moved by keyboard (Qt notes it on the window).
    window.setAttribute(Qt.WidgetAttribute.WA_KeyboardFocusChange)
    qtbot.keyClick(table, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    assert table.hasFocus() and table.currentIndex().row() == 10
    same("rows selected, current cell framed")
    table.verticalScrollBar().setValue(table.verticalScrollBar().value() + 57)  # part of a row cut off at the top
    table.horizontalScrollBar().setValue(40)
    same("scrolled down and sideways")
    header = table.horizontalHeader()
    header.moveSection(header.visualIndex(INDEX["status"]), 1)
    table.setColumnWidth(INDEX["error"], 60)
    same("a column moved, another too narrow for its texts")
    table.verticalScrollBar().setValue(0)
    same("the row with its warning icon")
