"""The list's sort arrow, as painted: it points down when the newest come first and up for
oldest first, on Fusion and on the Windows style (they draw Qt's SortUp in opposite ways)."""

from __future__ import annotations

from collections import Counter

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QStyleFactory

from waadmin.ui.columns import INDEX


def _arrow_direction(header, section: int) -> str:
    """'down' or 'up', read from the header's pixels at the right end of the section, where the
    styles put the arrow: a triangle's broad side is its base."""
    image = header.grab().toImage()
    scale = image.devicePixelRatio()
    right = header.sectionViewportPosition(section) + header.sectionSize(section)
    xs = range(int((right - 24) * scale), int((right - 3) * scale))
    ys = range(int(2 * scale), int((header.height() - 2) * scale))
    counts = Counter(image.pixelColor(x, y).rgb() for x in xs for y in ys)
    background = QColor.fromRgb(counts.most_common(1)[0][0])

    def ink(x: int, y: int) -> bool:
        c = image.pixelColor(x, y)
        return abs(c.red() - background.red()) + abs(c.green() - background.green()) + abs(c.blue() - background.blue()) > 40

    widths = []
    for y in ys:
        found = [x for x in xs if ink(x, y)]
        if found:
            widths.append(max(found) - min(found) + 1)
    assert len(widths) >= 3, "no arrow painted"
    half = len(widths) // 2
    return "down" if max(widths[:half]) > max(widths[-half:]) else "up"


@pytest.mark.parametrize("style_name", ["Fusion", "Windows"])
def test_the_sort_arrow_points_down_for_newest_first_and_up_after_a_click(app_context, qtbot, style_name) -> None:
    view = app_context.window.attempts
    header = view.header
    style = QStyleFactory.create(style_name)
    assert style is not None, f"{style_name} style missing"
    header.setStyle(style)
    try:
        assert header.sortIndicatorSection() == INDEX["created"] and view.model.sort_spec.descending
        assert _arrow_direction(header, INDEX["created"]) == "down"
        click = QPoint(header.sectionViewportPosition(INDEX["created"]) + 10, header.height() // 2)
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=click)
        qtbot.waitUntil(lambda: not view.model.sort_spec.descending, timeout=5000)
        assert _arrow_direction(header, INDEX["created"]) == "up"  # oldest first
    finally:
        header.setStyle(None)
