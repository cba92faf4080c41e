"""Status colours derived from the palette, so they read on light and dark themes alike."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from waadmin.domain.statuses import Status

# Hue per status (degrees); None = neutral grey.
_HUES: dict[str, int | None] = {
    Status.PENDING: 45,
    Status.SENDING: 200,
    Status.SENT: 130,
    Status.DELIVERED: 140,
    Status.READ: 160,
    Status.FAILED: 15,
    Status.FAILED_RETRY: 30,
    Status.FAILED_FINAL: 0,
    Status.CANCELLED: None,
}


def _dark_theme() -> bool:
    app = QApplication.instance()
    palette = app.palette() if isinstance(app, QApplication) else QPalette()
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


def background(status: str) -> QColor | None:
    if status not in _HUES:
        return None
    hue = _HUES[status]
    dark = _dark_theme()
    if hue is None:
        return QColor.fromHsl(0, 0, 70 if dark else 225)
    return QColor.fromHsl(hue, 110 if dark else 170, 60 if dark else 215)


def foreground(status: str) -> QColor | None:
    if status not in _HUES:
        return None
    hue = _HUES[status]
    dark = _dark_theme()
    if hue is None:
        return QColor.fromHsl(0, 0, 200 if dark else 90)
    return QColor.fromHsl(hue, 200, 190 if dark else 70)
