"""The key figures of the chosen window, as large numbers."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from waadmin.engine.stats import Stats
from waadmin.ui.timefmt import duration

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
        "total": f"{stats.total:,}",
        "success_rate": "—" if empty else f"{stats.success_rate:.1f} %",
        "failure_rate": "—" if empty else f"{stats.failure_rate:.1f} %",
        # Every scheduled retry, whatever its creation date: what the alert counts too.
        "waiting": f"{stats.work.waiting_retries:,}",
        "due_now": f"{stats.work.ready_now:,}",
        "stuck": f"{stats.work.stuck:,}",
        "mean_delay": duration(stats.delay.mean),
        "p95_delay": duration(stats.delay.p95),
    }


class KeyFigures(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("keyFigures")
        self.labels: dict[str, QLabel] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        big = QFont(self.font())
        big.setPointSizeF(big.pointSizeF() * 1.6)
        big.setBold(True)
        for column, (key, caption) in enumerate(FIGURES):
            box = QFrame()
            box.setFrameShape(QFrame.Shape.StyledPanel)
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
            grid.addWidget(box, column // 4, column % 4)
            self.labels[key] = number

    def show_stats(self, stats: Stats) -> None:
        for key, text in values(stats).items():
            self.labels[key].setText(text)
