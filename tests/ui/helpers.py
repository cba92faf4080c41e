"""Small moves a user makes, for the GUI tests."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QPoint, Qt
from PySide6.QtWidgets import QTableView

from waadmin.ui.columns import INDEX


def row_point(table: QTableView, row: int, column: str = "phone") -> QPoint:
    table.scrollTo(table.model().index(row, INDEX[column]))
    return table.visualRect(table.model().index(row, INDEX[column])).center()


def click_row(qtbot, table: QTableView, row: int, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, modifier, row_point(table, row))


def double_click_row(qtbot, table: QTableView, row: int) -> None:
    point = row_point(table, row)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)


def select_rows(table: QTableView, rows: list[int]) -> None:
    selection = table.selectionModel()
    selection.clearSelection()
    for row in rows:
        selection.select(table.model().index(row, 0), QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows)


def rows_where(model, predicate) -> list[int]:
    found = []
    for row in range(model.rowCount()):
        item = model.row_at(row)
        if item is not None and predicate(item):
            found.append(row)
    return found


def choose_in_menu(button, value) -> None:
    """Tick one value in a filter button's menu, as a click on it does."""
    for action in button.menu().actions():
        if action.isCheckable() and action.data() == value:
            action.trigger()
            return
    raise AssertionError(f"{value!r} is not offered by {button.title}")
