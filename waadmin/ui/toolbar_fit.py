"""A toolbar that fits its window in any language: text beside the icons while it all fits; when
it does not, the least used commands lose their text first (their names stay in the tooltips),
down to icons only. No command is ever hidden behind the "»" overflow."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QToolBar, QToolButton


def fit_toolbar(bar: QToolBar, available: int, give_up_first: Sequence[QAction]) -> None:
    """``give_up_first``: the actions that lose their text first, in that order (the rarer
    commands first, the everyday ones last); the others lose it before them."""
    buttons = [b for b in (bar.widgetForAction(a) for a in bar.actions()) if isinstance(b, QToolButton)]
    for button in buttons:
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    order = [b for b in buttons if b.defaultAction() not in give_up_first]
    order += [b for b in (bar.widgetForAction(a) for a in give_up_first) if isinstance(b, QToolButton)]
    for button in order:
        if toolbar_width(bar) <= available:
            break
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)


def toolbar_width(bar: QToolBar) -> int:
    """The width the toolbar needs to show every button as it is now styled."""
    layout = bar.layout()
    spacing = layout.spacing()
    width = layout.contentsMargins().left() + layout.contentsMargins().right() + 2 * bar.style().pixelMetric(bar.style().PixelMetric.PM_ToolBarHandleExtent)
    for i in range(layout.count()):
        item = layout.itemAt(i)
        widget = item.widget()
        if widget is not None and widget.objectName() == "qt_toolbar_ext_button":
            continue
        if widget is not None and isinstance(widget, QToolButton):
            widget.ensurePolished()
        width += item.sizeHint().width() + spacing
    return width
