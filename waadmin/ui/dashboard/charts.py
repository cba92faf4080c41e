"""The dashboard's charts, drawn with pyqtgraph. Each can be saved as PNG, shows exact values
under the mouse, and the bar charts say which bar was clicked so the list can be filtered."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import pyqtgraph as pg
from PySide6.QtCore import QPoint, QPointF, Qt, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QPushButton, QToolTip, QVBoxLayout, QWidget

from waadmin.domain.statuses import Status
from waadmin.engine.stats import SeriesPoint
from waadmin.ui import status_style

# Outcome groups stacked in the volume chart, bottom to top.
OUTCOMES: tuple[tuple[str, frozenset[str], str], ...] = (
    ("success", frozenset({Status.SENT, Status.DELIVERED, Status.READ}), Status.DELIVERED),
    ("failed_retry", frozenset({Status.FAILED_RETRY, Status.FAILED}), Status.FAILED_RETRY),
    ("failed_final", frozenset({Status.FAILED_FINAL}), Status.FAILED_FINAL),
    ("cancelled", frozenset({Status.CANCELLED}), Status.CANCELLED),
    ("waiting", frozenset({Status.PENDING, Status.SENDING}), Status.PENDING),
)


def _palette_colors() -> tuple[QColor, QColor]:
    palette = QWidget().palette()
    return palette.color(QPalette.ColorRole.Base), palette.color(QPalette.ColorRole.Text)


def _strong(status: str) -> QColor:
    """A bar colour: the status hue, stronger than the list's cell background."""
    color = status_style.background(status) or QColor("gray")
    return QColor.fromHsl(color.hslHue(), min(255, color.hslSaturation() + 40), max(60, color.lightness() - 70)) if color.hslHue() >= 0 else QColor.fromHsl(0, 0, 140)


class Chart(QWidget):
    """A titled plot with a Save PNG button."""

    def __init__(self, title: str, object_name: str, parent: QWidget | None = None, *, date_axis: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        base, text = _palette_colors()
        axis = {"bottom": pg.DateAxisItem(orientation="bottom")} if date_axis else {}
        self.plot = pg.PlotWidget(axisItems=axis, background=base)
        self.plot.setObjectName(f"{object_name}Plot")
        self.plot.setMenuEnabled(False)
        self.plot.hideButtons()
        for name in ("left", "bottom"):
            self.plot.getAxis(name).setTextPen(text)
            self.plot.getAxis(name).setPen(text)
        self.text_color = text
        self.title = QLabel(title)
        self.title.setObjectName(f"{object_name}Title")
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.save_button = QPushButton(self.tr("Save PNG…"))
        self.save_button.setObjectName(f"{object_name}Save")
        self.save_button.clicked.connect(self._ask_save)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addLayout(top)
        layout.addWidget(self.plot, 1)
        self.hover_text = ""
        self.plot.scene().sigMouseMoved.connect(self._moved)

    def save_png(self, path: str) -> bool:
        return self.grab().save(path, "PNG")

    def _ask_save(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save chart"), f"{self.objectName()}.png", self.tr("PNG images (*.png)"))
        if path:
            self.save_png(path if path.lower().endswith(".png") else path + ".png")

    def _moved(self, scene_pos: QPointF) -> None:
        if not self.plot.plotItem.vb.sceneBoundingRect().contains(scene_pos):
            return
        point = self.plot.plotItem.vb.mapSceneToView(scene_pos)
        text = self.describe_at(point.x(), point.y())
        if text and text != self.hover_text:
            self.hover_text = text
            QToolTip.showText(self.plot.mapToGlobal(self.plot.mapFromScene(scene_pos)), text, self.plot)

    def describe_at(self, x: float, y: float) -> str:  # noqa: ARG002 - subclasses use what they need
        return ""

    def scene_point(self, x: float, y: float) -> QPoint:
        """Where view coordinates (x, y) are in the plot's viewport, for a click or a hover."""
        scene = self.plot.plotItem.vb.mapViewToScene(QPointF(x, y))
        return self.plot.mapFromScene(scene)


class TimeChart(Chart):
    """Bars or lines over the window's hours or days; the axis shows the chosen time zone."""

    def __init__(self, title: str, object_name: str, parent: QWidget | None = None) -> None:
        super().__init__(title, object_name, parent, date_axis=True)
        self.series: list[SeriesPoint] = []
        self.step = 3600.0
        self.label_for: Callable[[datetime], str] = lambda at: at.isoformat()
        self.plot.setMouseEnabled(x=True, y=False)

    def set_zone_offset(self, seconds: int) -> None:
        # DateAxisItem wants seconds west of UTC, like time.timezone.
        self.plot.getAxis("bottom").utcOffset = -seconds

    def load(self, series: list[SeriesPoint], step: timedelta, label_for: Callable[[datetime], str]) -> None:
        self.series = series
        self.step = step.total_seconds()
        self.label_for = label_for
        self.plot.clear()
        self.draw()
        if series:
            first = series[0].start.timestamp()
            self.plot.setXRange(first, first + self.step * len(series), padding=0.01)

    def draw(self) -> None:
        raise NotImplementedError

    def index_at(self, x: float) -> int | None:
        if not self.series:
            return None
        index = int((x - self.series[0].start.timestamp()) // self.step)
        return index if 0 <= index < len(self.series) else None

    def center(self, index: int) -> float:
        return self.series[index].start.timestamp() + self.step / 2


class VolumeChart(TimeChart):
    def draw(self) -> None:
        bottoms = [0.0] * len(self.series)
        xs = [self.center(i) for i in range(len(self.series))]
        for _key, statuses, color_status in OUTCOMES:
            heights = [float(sum(n for s, n in p.counts.items() if s in statuses)) for p in self.series]
            if not any(heights):
                continue
            color = _strong(color_status)
            self.plot.addItem(pg.BarGraphItem(x=xs, height=heights, y0=list(bottoms), width=self.step * 0.8, brush=color, pen=color))
            bottoms = [b + h for b, h in zip(bottoms, heights, strict=True)]
        self.plot.setYRange(0, max(bottoms, default=0) * 1.1 or 1, padding=0)

    def describe_at(self, x: float, y: float) -> str:
        index = self.index_at(x)
        if index is None:
            return ""
        point = self.series[index]
        parts = [f"{self.label_for(point.start)} — {point.total}"]
        for key, statuses, _ in OUTCOMES:
            count = sum(n for s, n in point.counts.items() if s in statuses)
            if count:
                parts.append(f"{key}: {count}")
        return "\n".join(parts)


class RateChart(TimeChart):
    threshold = 90.0

    def draw(self) -> None:
        xs, ys = [], []
        for i, point in enumerate(self.series):
            rate = point.success_rate
            if rate is not None:
                xs.append(self.center(i))
                ys.append(rate)
        self.plot.addItem(pg.InfiniteLine(pos=self.threshold, angle=0, pen=pg.mkPen(_strong(Status.FAILED_FINAL), width=1, style=Qt.PenStyle.DashLine)))
        if xs:
            self.plot.plot(xs, ys, pen=pg.mkPen(_strong(Status.DELIVERED), width=2), symbol="o", symbolSize=5, symbolBrush=_strong(Status.DELIVERED))
        self.plot.setYRange(0, 100, padding=0.02)

    def describe_at(self, x: float, y: float) -> str:
        index = self.index_at(x)
        if index is None:
            return ""
        point = self.series[index]
        rate = point.success_rate
        shown = "—" if rate is None else f"{rate:.1f} %"
        return f"{self.label_for(point.start)} — {shown} ({point.total})"


class DelayChart(TimeChart):
    def draw(self) -> None:
        for attribute, status, width in (("p50", Status.SENT, 2), ("p95", Status.FAILED_RETRY, 2)):
            xs, ys = [], []
            for i, point in enumerate(self.series):
                value = getattr(point.delay, attribute) if point.delay else None
                if value is not None:
                    xs.append(self.center(i))
                    ys.append(value / 60)
            if xs:
                self.plot.plot(xs, ys, pen=pg.mkPen(_strong(status), width=width), symbol="o", symbolSize=4, symbolBrush=_strong(status), name=attribute)
        self.plot.setLabel("left", "min")

    def describe_at(self, x: float, y: float) -> str:
        index = self.index_at(x)
        if index is None:
            return ""
        point = self.series[index]
        if point.delay is None or point.delay.p50 is None:
            return f"{self.label_for(point.start)} — —"
        return f"{self.label_for(point.start)} — p50 {point.delay.p50 / 60:.1f} min, p95 {(point.delay.p95 or 0) / 60:.1f} min"


class BarsChart(Chart):
    """Horizontal bars, one per key, biggest on top; a click says which key."""

    chosen = Signal(object)  # the key of the clicked bar

    def __init__(self, title: str, object_name: str, parent: QWidget | None = None, color_status: str = Status.SENDING) -> None:
        super().__init__(title, object_name, parent)
        self.color_status = color_status
        self.items: list[tuple[object, str, int, str]] = []  # key, label, count, detail
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.scene().sigMouseClicked.connect(self._clicked)

    def load(self, items: list[tuple[object, str, int, str]]) -> None:
        self.items = items[:12]
        self.plot.clear()
        count = len(self.items)
        ys = [count - 1 - i for i in range(count)]
        widths = [float(n) for _k, _l, n, _d in self.items]
        if self.items:
            color = _strong(self.color_status)
            self.plot.addItem(pg.BarGraphItem(x0=0, y=ys, height=0.7, width=widths, brush=color, pen=color))
        self.plot.getAxis("left").setTicks([[(y, label[:22]) for y, (_k, label, _n, _d) in zip(ys, self.items, strict=True)]])
        self.plot.setYRange(-0.6, max(count, 1) - 0.4, padding=0)
        self.plot.setXRange(0, max(widths, default=1) * 1.05, padding=0)

    def index_at(self, y: float) -> int | None:
        position = round(y)
        index = len(self.items) - 1 - position
        return index if 0 <= index < len(self.items) and abs(y - position) <= 0.35 else None

    def bar_point(self, index: int) -> QPoint:
        """The middle of a bar, in the viewport (what a click lands on)."""
        count = self.items[index][2]
        return self.scene_point(max(count / 2, 0.01), len(self.items) - 1 - index)

    def describe_at(self, x: float, y: float) -> str:
        index = self.index_at(y)
        if index is None:
            return ""
        _key, label, count, detail = self.items[index]
        return f"{label}: {count:,}" + (f"\n{detail}" if detail else "")

    def _clicked(self, event: object) -> None:
        scene_pos = event.scenePos()  # type: ignore[attr-defined]
        if not self.plot.plotItem.vb.sceneBoundingRect().contains(scene_pos):
            return
        point = self.plot.plotItem.vb.mapSceneToView(scene_pos)
        index = self.index_at(point.y())
        if index is not None and 0 <= point.x() <= self.items[index][2] * 1.02 + 0.5:
            self.chosen.emit(self.items[index][0])
