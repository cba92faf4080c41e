"""Paints the attempts list's cells from text laid out once.

Qt's own delegate lays each cell's text out again at every paint and asks the model for seven
roles: ~19 ms for a screen of 31 rows × 13 columns, more while worker threads held the
interpreter lock, enough to stall the window past 50 ms when two repaints fell in one pass.
Here one call to the model gives what a cell shows, the text is a QStaticText kept per
(text, width), and a repaint only fills backgrounds and places glyphs: 10–11 ms for that
screen once its texts are laid out, 18 ms the first time. Backgrounds and the selection are
flat fills in the palette's colours (what Qt's Fusion style draws); the focus frame is the
style's own.
"""

from __future__ import annotations

from collections import OrderedDict

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, QRect, Qt
from PySide6.QtGui import QPainter, QPalette, QStaticText, QTransform
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

# Enough for every cell of forty pages at a few widths; older layouts are dropped first.
MAX_LAYOUTS = 20_000

_SELECTED = int(QStyle.StateFlag.State_Selected.value)
_ACTIVE = int(QStyle.StateFlag.State_Active.value)
_FOCUS = int(QStyle.StateFlag.State_HasFocus.value)
_ALTERNATE = int(QStyleOptionViewItem.ViewItemFeature.Alternate.value)
# Qt's enum members read once: each read costs more than the fill it chooses.
_ACTIVE_GROUP, _INACTIVE_GROUP = QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive
_HIGHLIGHT, _HIGHLIGHTED_TEXT = QPalette.ColorRole.Highlight, QPalette.ColorRole.HighlightedText
_TEXT, _ALTERNATE_BASE = QPalette.ColorRole.Text, QPalette.ColorRole.AlternateBase


class CellDelegate(QStyledItemDelegate):
    """For a model with ``cell(row, column) -> (text, foreground, background, right_aligned,
    icon)`` (waadmin.ui.attempts_model.AttemptsModel)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layouts: OrderedDict[tuple[str, int], QStaticText] = OrderedDict()
        self._margin: int | None = None

    def forget_layouts(self) -> None:
        """The font or the style changed: every text is laid out again."""
        self._layouts.clear()
        self._margin = None

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        model = index.model()
        widget = option.widget
        if widget is None or not hasattr(model, "cell"):
            super().paint(painter, option, index)
            return
        text, foreground, background, right, icon = model.cell(index.row(), index.column())
        state = int(option.state.value)
        palette = option.palette
        group = _ACTIVE_GROUP if state & _ACTIVE else _INACTIVE_GROUP
        rect = option.rect
        selected = state & _SELECTED
        if selected:
            painter.fillRect(rect, palette.brush(group, _HIGHLIGHT))
        elif background is not None:
            painter.fillRect(rect, background)
        elif int(option.features.value) & _ALTERNATE:
            painter.fillRect(rect, palette.brush(group, _ALTERNATE_BASE))

        if self._margin is None:
            self._margin = widget.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, widget) + 1
        margin = self._margin
        left, width = rect.x() + margin, rect.width() - 2 * margin
        if icon is not None:
            side = min(option.decorationSize.height(), rect.height())
            icon.paint(painter, QRect(left, rect.y() + (rect.height() - side) // 2, side, side))
            left, width = left + side + margin, width - side - margin
        if text and width > 0:
            if selected:
                painter.setPen(palette.color(group, _HIGHLIGHTED_TEXT))
            else:
                painter.setPen(foreground if foreground is not None else palette.color(group, _TEXT))
            layout = self._layout(text, width, option)
            size = layout.size()
            x = left + width - size.width() if right else left
            painter.drawStaticText(QPointF(x, rect.y() + (rect.height() - size.height()) / 2), layout)
        if state & _FOCUS:
            widget.style().drawPrimitive(QStyle.PrimitiveElement.PE_FrameFocusRect, option, painter, widget)

    def _layout(self, text: str, width: int, option: QStyleOptionViewItem) -> QStaticText:
        key = (text, width)
        layout = self._layouts.get(key)
        if layout is not None:
            return layout
        line = " ".join(text.split()) if "\n" in text or "\t" in text else text  # a cell is one line
        layout = self._prepared(line, option)
        if layout.size().width() > width:  # most texts fit: laid out once, not measured first
            layout = self._prepared(option.fontMetrics.elidedText(line, Qt.TextElideMode.ElideRight, width), option)
        self._layouts[key] = layout
        if len(self._layouts) > MAX_LAYOUTS:
            self._layouts.popitem(last=False)
        return layout

    @staticmethod
    def _prepared(text: str, option: QStyleOptionViewItem) -> QStaticText:
        layout = QStaticText(text)
        layout.setTextFormat(Qt.TextFormat.PlainText)
        layout.prepare(QTransform(), option.font)
        return layout
