"""Paints the attempts list's cells from text laid out once.

Qt's own delegate lays each cell's text out again at every paint and asks the model for seven
roles: ~19 ms for a screen of 31 rows × 13 columns, more while worker threads held the
interpreter lock, enough to stall the window past 50 ms when two repaints fell in one pass.
Here one call to the model gives what a cell shows, the text is a QStaticText kept per
(text, width), and a repaint only fills backgrounds and places glyphs. Backgrounds and the
selection are flat fills in the palette's colours (what Qt's Fusion style draws); the frame
around the current cell is the style's own.

The list itself (waadmin.ui.cell_table) paints a whole screen of cells with CellPainter in
one call; the delegate paints one cell the same way wherever Qt asks it to.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, QRect, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette, QStaticText, QTransform
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionFocusRect, QStyleOptionViewItem, QWidget

# Enough for every cell of forty pages at a few widths; older layouts are dropped first.
MAX_LAYOUTS = 20_000

_SELECTED = int(QStyle.StateFlag.State_Selected.value)
_ACTIVE = int(QStyle.StateFlag.State_Active.value)
_FOCUS = int(QStyle.StateFlag.State_HasFocus.value)
_ENABLED = int(QStyle.StateFlag.State_Enabled.value)
_ALTERNATE = int(QStyleOptionViewItem.ViewItemFeature.Alternate.value)
_FRAME_STATES = QStyle.StateFlag.State_HasFocus | QStyle.StateFlag.State_KeyboardFocusChange | QStyle.StateFlag.State_Item
# Qt's enum members read once: each read costs more than the fill it chooses.
_ACTIVE_GROUP, _INACTIVE_GROUP = QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive
_HIGHLIGHT, _HIGHLIGHTED_TEXT = QPalette.ColorRole.Highlight, QPalette.ColorRole.HighlightedText
_TEXT, _ALTERNATE_BASE = QPalette.ColorRole.Text, QPalette.ColorRole.AlternateBase
_NORMAL_GROUP, _DISABLED_GROUP, _WINDOW = QPalette.ColorGroup.Normal, QPalette.ColorGroup.Disabled, QPalette.ColorRole.Window

# What a cell shows: (text, foreground colour, background colour, right-aligned, icon).
Cell = tuple[str, Any, Any, bool, Any]


class TextLayouts:
    """Cell texts laid out once per (text, width) in one font, elided to fit."""

    def __init__(self) -> None:
        self._layouts: OrderedDict[tuple[str, int], QStaticText] = OrderedDict()
        self._font: QFont | None = None
        self._metrics: QFontMetrics | None = None

    def clear(self) -> None:
        self._layouts.clear()
        self._font = self._metrics = None

    def use_font(self, font: QFont) -> None:
        if self._font is None or self._font != font:
            self._layouts.clear()
            self._font, self._metrics = QFont(font), QFontMetrics(font)

    def get(self, text: str, width: int) -> QStaticText:
        """``text`` on one line, cut with an ellipsis to ``width``, in the font of use_font()."""
        key = (text, width)
        layout = self._layouts.get(key)
        if layout is not None:
            return layout
        line = " ".join(text.split()) if "\n" in text or "\t" in text else text
        layout = self._prepared(line)
        if layout.size().width() > width and self._metrics is not None:  # most texts fit: laid out once, not measured first
            layout = self._prepared(self._metrics.elidedText(line, Qt.TextElideMode.ElideRight, width))
        self._layouts[key] = layout
        if len(self._layouts) > MAX_LAYOUTS:
            self._layouts.popitem(last=False)
        return layout

    def _prepared(self, text: str) -> QStaticText:
        layout = QStaticText(text)
        layout.setTextFormat(Qt.TextFormat.PlainText)
        layout.prepare(QTransform(), self._font if self._font is not None else QFont())
        return layout


class CellPainter:
    """What painting cells needs that stays the same for a whole paint: the palette's colours
    for the widget's state, the margin, the icon size, the font."""

    def __init__(self, widget: QWidget, option: QStyleOptionViewItem, layouts: TextLayouts) -> None:
        palette = option.palette
        group = _ACTIVE_GROUP if int(option.state.value) & _ACTIVE else _INACTIVE_GROUP
        self.highlight = palette.brush(group, _HIGHLIGHT)
        self.highlighted_text = palette.color(group, _HIGHLIGHTED_TEXT)
        self.alternate = palette.brush(group, _ALTERNATE_BASE)
        self.text = palette.color(group, _TEXT)
        self.margin = widget.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, widget) + 1
        self.icon_side = option.decorationSize.height()
        layouts.use_font(option.font)
        self.layouts = layouts

    def paint(self, painter: QPainter, rect: QRect, cell: Cell, selected: bool, alternate: bool) -> None:
        text, foreground, background, right, icon = cell
        if selected:
            painter.fillRect(rect, self.highlight)
        elif background is not None:
            painter.fillRect(rect, background)
        elif alternate:
            painter.fillRect(rect, self.alternate)
        margin = self.margin
        x, y, height = rect.x(), rect.y(), rect.height()
        left, width = x + margin, rect.width() - 2 * margin
        if icon is not None:
            side = min(self.icon_side, height)
            icon.paint(painter, QRect(left, y + (height - side) // 2, side, side))
            left, width = left + side + margin, width - side - margin
        if text and width > 0:
            painter.setPen(self.highlighted_text if selected else foreground if foreground is not None else self.text)
            layout = self.layouts.get(text, width)
            size = layout.size()
            painter.drawStaticText(QPointF(left + width - size.width() if right else left, y + (height - size.height()) / 2), layout)


def paint_focus(painter: QPainter, widget: QWidget, option: QStyleOptionViewItem, rect: QRect, selected: bool) -> None:
    """The style's frame around the current cell, drawn the way Qt's item delegate draws it
    (Fusion draws none for a view item's own option, only for a focus-frame option)."""
    frame = QStyleOptionFocusRect()
    frame.state = option.state | _FRAME_STATES
    frame.direction = option.direction
    frame.rect = rect
    frame.fontMetrics = option.fontMetrics
    frame.palette = option.palette
    frame.styleObject = option.styleObject
    group = _NORMAL_GROUP if int(option.state.value) & _ENABLED else _DISABLED_GROUP
    frame.backgroundColor = option.palette.color(group, _HIGHLIGHT if selected else _WINDOW)
    widget.style().drawPrimitive(QStyle.PrimitiveElement.PE_FrameFocusRect, frame, painter, widget)


class CellDelegate(QStyledItemDelegate):
    """For a model with ``cell(row, column) -> Cell`` (waadmin.ui.attempts_model.AttemptsModel)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.layouts = TextLayouts()

    def forget_layouts(self) -> None:
        """The font or the style changed: every text is laid out again."""
        self.layouts.clear()

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        model = index.model()
        widget = option.widget
        if widget is None or not hasattr(model, "cell"):
            super().paint(painter, option, index)
            return
        state = int(option.state.value)
        cells = CellPainter(widget, option, self.layouts)
        cells.paint(painter, option.rect, model.cell(index.row(), index.column()), bool(state & _SELECTED), bool(int(option.features.value) & _ALTERNATE))
        if state & _FOCUS:
            paint_focus(painter, widget, option, option.rect, bool(state & _SELECTED))
