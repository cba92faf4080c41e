"""The key figures of the chosen window, as large numbers; each tile is a button to the attempts
it counts."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from waadmin.engine.stats import Stats
from waadmin.ui.dashboard import localized

FIGURES = (
    ("total", QT_TRANSLATE_NOOP("KeyFigures", "Attempts")),
    ("success_rate", QT_TRANSLATE_NOOP("KeyFigures", "Success rate")),
    ("failure_rate", QT_TRANSLATE_NOOP("KeyFigures", "Failed for good")),
    ("waiting", QT_TRANSLATE_NOOP("KeyFigures", "Retries waiting")),
    ("due_now", QT_TRANSLATE_NOOP("KeyFigures", "Due now")),
    ("stuck", QT_TRANSLATE_NOOP("KeyFigures", "Stuck in sending")),
    ("mean_delay", QT_TRANSLATE_NOOP("KeyFigures", "Mean delay to send")),
    ("p95_delay", QT_TRANSLATE_NOOP("KeyFigures", "95% sent within")),
)


def values(stats: Stats) -> dict[str, str]:
    """What each figure shows; "—" where the window has nothing to measure."""
    empty = stats.total == 0
    return {
        "total": localized.number(stats.total),
        "success_rate": "—" if empty else localized.percent(stats.success_rate),
        "failure_rate": "—" if empty else localized.percent(stats.failure_rate),
        # Every scheduled retry, whatever its creation date: what the alert counts too.
        "waiting": localized.number(stats.work.waiting_retries),
        # Estimated from a sample past a long backlog (aggregates.EXACT_BACKLOG_ROWS): "≈".
        "due_now": ("≈\u202f" if stats.work.estimated else "") + localized.number(stats.work.ready_now),
        "stuck": ("≈\u202f" if stats.work.estimated else "") + localized.number(stats.work.stuck),
        "mean_delay": localized.duration(stats.delay.mean),
        "p95_delay": localized.duration(stats.delay.p95),
    }


class ClickableMixin:
    """A widget that emits its ``clicked`` signal on a left click or Enter/Space, like a button:
    the dashboard's tiles and alert lines (each class declares ``clicked`` itself)."""

    clicked: Any

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(event.position().toPoint()):  # type: ignore[attr-defined]
            self.clicked.emit()
        super().mouseReleaseEvent(event)  # type: ignore[misc]

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.clicked.emit()
            return
        super().keyPressEvent(event)  # type: ignore[misc]


class Tile(ClickableMixin, QFrame):
    """A figure people click (or press Enter/Space on) to see its attempts."""

    clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)


class KeyFigures(QWidget):
    chosen = Signal(str)  # the key of the clicked tile

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("keyFigures")
        self.labels: dict[str, QLabel] = {}
        self.tiles: dict[str, Tile] = {}
        self.captions: list[QLabel] = []
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        self.scale = 1.0
        big = QFont(self.font())
        big.setPointSizeF(big.pointSizeF() * 1.6)
        big.setBold(True)
        for column, (key, caption) in enumerate(FIGURES):
            box = Tile()
            box.setObjectName(f"tile_{key}")
            box.setToolTip(self.tr("Show these attempts in the list"))
            box.clicked.connect(lambda key=key: self.chosen.emit(key))
            self.tiles[key] = box
            inner = QVBoxLayout(box)
            number = QLabel("—")
            number.setObjectName(f"figure_{key}")
            number.setFont(big)
            number.setAlignment(Qt.AlignmentFlag.AlignCenter)
            title = QLabel(QCoreApplication.translate("KeyFigures", caption))
            title.setAlignment(Qt.AlignmentFlag.AlignCenter)
            title.setWordWrap(True)
            inner.addWidget(number)
            inner.addWidget(title)
            self.captions.append(title)
            grid.addWidget(box, column // 4, column % 4)
            self.labels[key] = number

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange and len(getattr(self, "captions", ())) == len(FIGURES):
            # From their sources: "Échecs définitifs" is also another text's French.
            for title, (_key, caption) in zip(self.captions, FIGURES, strict=True):
                title.setText(QCoreApplication.translate("KeyFigures", caption))

    def show_stats(self, stats: Stats) -> None:
        for key, text in values(stats).items():
            self.labels[key].setText(text)

    def set_scale(self, scale: float) -> None:
        """Larger figures for the wall screen (1.0: as in the window)."""
        self.scale = scale
        base = QFont(self.font())
        big = QFont(base)
        big.setPointSizeF(base.pointSizeF() * 1.6 * scale)
        big.setBold(True)
        caption = QFont(base)
        caption.setPointSizeF(base.pointSizeF() * max(1.0, scale * 0.7))
        for label in self.labels.values():
            label.setFont(big)
        for label in self.captions:
            label.setFont(caption)
