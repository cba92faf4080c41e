"""A table view that paints a screen of cells in one call into Python.

QTableView paints cell by cell: for each one it asks the model for an index and the delegate to
paint, two trips from C++ into Python, ~650 for a screen of the attempts list. Each trip takes
the interpreter lock, and while a worker thread runs Python (a page being turned into rows, a
statement compiled) each waits for the worker to let go of it: a repaint that takes 11 ms
alone took 25–75 ms during loading, the window's longest stalls. Here the viewport's paint
event is one Python call that lays the cells out from the headers and paints them with the
delegate's CellPainter, drawing the grid and the focus frame the way QTableView does
(qtbase src/widgets/itemviews/qtableview.cpp, paintEvent and drawCell).

It falls back to QTableView's own painting where it would differ: a model without ``cell()``,
another delegate, right-to-left layouts, spans, hidden rows.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QLineF, QRect
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QStyle, QStyleOptionViewItem, QTableView

from waadmin.ui.cell_delegate import CellDelegate, CellPainter, paint_focus


class CellTable(QTableView):
    paints_cells = True  # False paints through QTableView (the tests' reference picture)
    _spans = False

    def setSpan(self, row: int, column: int, row_span: int, column_span: int) -> None:  # noqa: N802
        self._spans = True
        super().setSpan(row, column, row_span, column_span)

    def paintEvent(self, event: Any) -> None:  # noqa: N802 - Qt signature
        model = self.model()
        delegate = self.itemDelegate()
        if not (self.paints_cells and isinstance(delegate, CellDelegate) and hasattr(model, "cell")) or self.isRightToLeft():
            super().paintEvent(event)
            return
        rows, columns = self.verticalHeader(), self.horizontalHeader()
        if rows.sectionsHidden() or self._spans:
            super().paintEvent(event)
            return
        if columns.count() == 0 or rows.count() == 0:
            return
        option = QStyleOptionViewItem()
        self.initViewItemOption(option)
        grid = 1 if self.showGrid() else 0
        right_edge = columns.length() - columns.offset() - 1
        bottom_edge = rows.length() - rows.offset() - 1
        dirty = event.rect()
        dirty.setRight(min(dirty.right(), right_edge))
        dirty.setBottom(min(dirty.bottom(), bottom_edge))
        if not dirty.isValid():
            return
        first, last = columns.visualIndexAt(dirty.left()), columns.visualIndexAt(dirty.right())
        first, last = max(first, 0), (columns.count() - 1 if last < 0 else last)
        top, bottom = rows.visualIndexAt(dirty.top()), rows.visualIndexAt(dirty.bottom())
        if bottom < 0:
            bottom = rows.count() - 1
        if top < 0 or top > bottom:
            return
        # Visible columns as (logical index, x, width), left to right.
        placed: list[tuple[int, int, int]] = []
        for visual in range(first, last + 1):
            column = columns.logicalIndex(visual)
            if not columns.isSectionHidden(column):
                placed.append((column, columns.sectionViewportPosition(column), columns.sectionSize(column) - grid))
        selection = [(r.top(), r.bottom(), r.left(), r.right()) for r in self.selectionModel().selection()] if self.selectionModel() else []
        current = self.currentIndex()
        focus_at = (current.row(), current.column()) if current.isValid() and (self.hasFocus() or self.viewport().hasFocus()) else None
        alternate = self.alternatingRowColors()

        painter = QPainter(self.viewport())
        cells = CellPainter(self, option, delegate.layouts)
        cell = model.cell
        focus_rect: QRect | None = None
        focus_selected = False
        lines: list[int] = []
        for visual in range(top, bottom + 1):
            row = rows.logicalIndex(visual)
            y, height = rows.sectionViewportPosition(row), rows.sectionSize(row) - grid
            lines.append(y + height)
            shaded = alternate and bool(visual & 1)
            ranges = [(left, right) for low, high, left, right in selection if low <= row <= high]
            for column, x, width in placed:
                rect = QRect(x, y, width, height)
                selected = any(left <= column <= right for left, right in ranges) if ranges else False
                cells.paint(painter, rect, cell(row, column), selected, shaded)
                if focus_at is not None and focus_at == (row, column):
                    focus_rect, focus_selected = rect, selected
        if focus_rect is not None:
            paint_focus(painter, self, option, focus_rect, focus_selected)
        if grid:
            self._paint_grid(painter, option, dirty, lines, placed)
        painter.end()

    def _paint_grid(self, painter: QPainter, option: QStyleOptionViewItem, dirty: QRect, lines: list[int], placed: list[tuple[int, int, int]]) -> None:
        colour = QColor.fromRgba(self.style().styleHint(QStyle.StyleHint.SH_Table_GridLineColor, option, self) & 0xFFFFFFFF)
        painter.setPen(QPen(colour, 1, self.gridStyle()))
        for y in lines:
            painter.drawLine(QLineF(dirty.left() + 0.5, y + 0.5, dirty.right() + 0.5, y + 0.5))
        for _column, x, width in placed:
            painter.drawLine(QLineF(x + width + 0.5, dirty.top() + 0.5, x + width + 0.5, dirty.bottom() + 0.5))
        if self.verticalHeader().isHidden() and self.style().styleHint(QStyle.StyleHint.SH_Table_AlwaysDrawLeftTopGridLines, option, self):
            x = self.columnViewportPosition(self.horizontalHeader().logicalIndexAt(0))
            painter.drawLine(QLineF(x + 0.5, dirty.top() + 0.5, x + 0.5, dirty.bottom() + 0.5))
        if self.horizontalHeader().isHidden() and self.style().styleHint(QStyle.StyleHint.SH_Table_AlwaysDrawLeftTopGridLines, option, self):
            y = self.rowViewportPosition(self.verticalHeader().logicalIndexAt(0))
            painter.drawLine(QLineF(dirty.left() + 0.5, y + 0.5, dirty.right() + 0.5, y + 0.5))
