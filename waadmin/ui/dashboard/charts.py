"""The dashboard's charts, drawn with pyqtgraph.

Each chart builds its plot items once and afterwards only hands them new numpy arrays (making
items and looping over buckets in Python on the GUI thread is what stalled the window). The
mouse wheel belongs to the page: a chart zooms and pans only with Ctrl held, or after a click
into it (until the mouse leaves it or Esc), and *Reset view* puts it back. Every series has a
legend entry, hovering shows exact values and the bucket's time range, and Save PNG writes the
chart alone with its title, time window and time zone.
"""

from __future__ import annotations

import math
import re
from datetime import datetime

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, QObject, QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QImage, QPainter, QPalette
from PySide6.QtWidgets import QFileDialog, QFrame, QHBoxLayout, QLabel, QPushButton, QToolTip, QVBoxLayout, QWidget

from waadmin.domain.statuses import Status
from waadmin.ui import status_style
from waadmin.ui.dashboard import localized
from waadmin.ui.dashboard.series import OUTCOMES, ChartSeries, delay_ticks

OUTCOME_NAMES = {
    "success": QT_TRANSLATE_NOOP("Charts", "Succeeded"),
    "failed_retry": QT_TRANSLATE_NOOP("Charts", "Failed, retry planned"),
    "failed_final": QT_TRANSLATE_NOOP("Charts", "Failed for good"),
    "cancelled": QT_TRANSLATE_NOOP("Charts", "Cancelled"),
    "waiting": QT_TRANSLATE_NOOP("Charts", "Waiting or sending"),
}


def _tr(text: str) -> str:
    return QCoreApplication.translate("Charts", text)


def _palette_colors(widget: QWidget) -> tuple[QColor, QColor]:
    palette = widget.palette()
    return palette.color(QPalette.ColorRole.Base), palette.color(QPalette.ColorRole.Text)


def _strong(status: str) -> QColor:
    """A bar colour: the status hue, stronger than the list's cell background."""
    color = status_style.background(status) or QColor("gray")
    return QColor.fromHsl(color.hslHue(), min(255, color.hslSaturation() + 40), max(60, color.lightness() - 70)) if color.hslHue() >= 0 else QColor.fromHsl(0, 0, 140)


def file_slug(title: str) -> str:
    """A file name from a chart's title: "Attempts by outcome" → "attempts-by-outcome"."""
    words = re.sub(r"\(.*?\)", "", title).lower()
    slug = re.sub(r"[^\w]+", "-", words, flags=re.UNICODE).strip("-")
    return slug[:50].rstrip("-") or "chart"


class ChartViewBox(pg.ViewBox):
    """Zooms and pans only while its chart is engaged (clicked into) or Ctrl is held; otherwise
    the wheel goes on to the page, which scrolls."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.engaged = False

    def _allowed(self, ev: object) -> bool:
        return self.engaged or bool(ev.modifiers() & Qt.KeyboardModifier.ControlModifier)  # type: ignore[attr-defined]

    def wheelEvent(self, ev: object, axis: object = None) -> None:  # noqa: N802
        if not self._allowed(ev):
            ev.ignore()  # type: ignore[attr-defined]
            return
        super().wheelEvent(ev, axis)

    def mouseDragEvent(self, ev: object, axis: object = None) -> None:  # noqa: N802
        if not self._allowed(ev):
            ev.ignore()  # type: ignore[attr-defined]
            return
        super().mouseDragEvent(ev, axis)


class LocaleDateAxis(pg.DateAxisItem):
    """pyqtgraph's date axis with its labels written by QLocale ("mar. 01" in French)."""

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:  # noqa: N802
        spec = next((s for s in self.zoomLevel.tickSpecs if s.spacing == spacing), None)
        if spec is None:
            return super().tickStrings(values, scale, spacing)
        fmt = localized.qt_format(spec.format)
        offset = -int(self.utcOffset or 0)
        return [localized.moment(v, offset, fmt) for v in values]


class CountAxis(pg.AxisItem):
    """Counts and percentages with the UI language's separators."""

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:  # noqa: N802
        if spacing >= 1:
            return [localized.number(round(v * scale)) for v in values]
        return [localized.number(float(v * scale)) for v in values]


class Chart(QFrame):
    """A titled plot with Reset view and Save PNG buttons. Made in two steps, each short enough
    for one turn of the event loop: the widget and its plot, then populate() adds the items."""

    save_requested = Signal(object, str)  # the exported QImage, the chosen path
    zoomable = False
    left_axis = "count"
    populated = False

    def __init__(self, title: str, object_name: str, parent: QWidget | None = None, *, date_axis: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        base, text = _palette_colors(self)
        self.base_color, self.text_color = base, text
        axes: dict[str, pg.AxisItem] = {"left": DurationAxis(orientation="left") if self.left_axis == "duration" else CountAxis(orientation="left")}
        if date_axis:
            axes["bottom"] = LocaleDateAxis(orientation="bottom")
        else:
            axes["bottom"] = CountAxis(orientation="bottom")
        self.view_box = ChartViewBox()
        self.plot = pg.PlotWidget(viewBox=self.view_box, axisItems=axes, background=base)
        self.plot.setObjectName(f"{object_name}Plot")
        self.plot.setMenuEnabled(False)
        self.plot.hideButtons()
        for name in ("left", "bottom"):
            self.plot.getAxis(name).setTextPen(text)
            self.plot.getAxis(name).setPen(text)
        self.title_text = title
        self.title = QLabel(title)
        self.title.setObjectName(f"{object_name}Title")
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.hint = QLabel()
        self.hint.setObjectName(f"{object_name}Hint")
        self.reset_button = QPushButton(self.tr("Reset view"))
        self.reset_button.setObjectName(f"{object_name}Reset")
        self.reset_button.setToolTip(self.tr("Zoom and pan: click into the chart or hold Ctrl, then use the wheel and drag"))
        self.reset_button.clicked.connect(self.reset_view)
        self.reset_button.setVisible(self.zoomable)
        self.reset_button.setEnabled(False)
        self.save_button = QPushButton(self.tr("Save PNG…"))
        self.save_button.setObjectName(f"{object_name}Save")
        self.save_button.clicked.connect(self._ask_save)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.hint)
        top.addWidget(self.reset_button)
        top.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.plot, 1)
        self.hover_text = ""
        self.caption = ""  # the time window and zone, for exported images
        self.user_zoomed = False
        self.plot.scene().sigMouseMoved.connect(self._moved)
        self.view_box.sigRangeChangedManually.connect(self._zoomed_by_user)
        self.plot.viewport().installEventFilter(self)

    def populate(self) -> None:
        """Add the plot items and the legend (once)."""
        if not self.populated:
            self.populated = True
            self._populate()

    def _populate(self) -> None:
        pass

    # -- mouse modes ----------------------------------------------------------------------------
    @property
    def engaged(self) -> bool:
        return self.view_box.engaged

    def set_engaged(self, engaged: bool) -> None:
        if not self.zoomable or engaged == self.view_box.engaged:
            return
        self.view_box.engaged = engaged
        self.hint.setText(self.tr("Wheel: zoom · drag: pan · Esc: done") if engaged else "")
        self.setFrameShadow(QFrame.Shadow.Sunken if engaged else QFrame.Shadow.Plain)
        self.setLineWidth(2 if engaged else 1)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        kind = event.type()
        if kind == QEvent.Type.MouseButtonPress:
            self.set_engaged(True)
        elif kind == QEvent.Type.Leave or (kind == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Escape):  # type: ignore[attr-defined]
            self.set_engaged(False)
        return False

    def _zoomed_by_user(self, *_: object) -> None:
        self.user_zoomed = True
        self.reset_button.setEnabled(True)

    def reset_view(self) -> None:
        self.user_zoomed = False
        self.reset_button.setEnabled(False)
        self.home_view()

    def home_view(self) -> None:
        """The chart's whole data, as it is first shown."""

    # -- hover ----------------------------------------------------------------------------------
    def _moved(self, scene_pos: QPointF) -> None:
        if not self.view_box.sceneBoundingRect().contains(scene_pos):
            return
        point = self.view_box.mapSceneToView(scene_pos)
        text = self.describe_at(point.x(), point.y())
        if text and text != self.hover_text:
            self.hover_text = text
            QToolTip.showText(self.plot.mapToGlobal(self.plot.mapFromScene(scene_pos)), text, self.plot)

    def describe_at(self, x: float, y: float) -> str:  # noqa: ARG002 - subclasses use what they need
        return ""

    def scene_point(self, x: float, y: float) -> QPoint:
        """Where view coordinates (x, y) are in the plot's viewport, for a click or a hover."""
        scene = self.view_box.mapViewToScene(QPointF(x, y))
        return self.plot.mapFromScene(scene)

    # -- export ---------------------------------------------------------------------------------
    def export_image(self, scale: float = 1.0) -> QImage:
        """The chart alone (no buttons): its title and time window above the plot."""
        plot = self.plot.grab().toImage()
        title_font = QFont(self.font())
        title_font.setBold(True)
        title_font.setPointSizeF(title_font.pointSizeF() * 1.25 * scale)
        small = QFont(self.font())
        small.setPointSizeF(small.pointSizeF() * scale)
        margin = int(10 * scale)
        title_h = QFontMetrics(title_font).height()
        small_h = QFontMetrics(small).height() if self.caption else 0
        header = margin + title_h + (small_h + 2 if self.caption else 0) + margin // 2
        image = QImage(plot.width() + 2 * margin, plot.height() + header + margin, QImage.Format.Format_ARGB32)
        image.fill(self.base_color)
        painter = QPainter(image)
        painter.setPen(self.text_color)
        painter.setFont(title_font)
        painter.drawText(QRectF(margin, margin, plot.width(), title_h), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, self.title_text)
        if self.caption:
            painter.setFont(small)
            painter.drawText(QRectF(margin, margin + title_h + 2, plot.width(), small_h), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, self.caption)
        painter.drawImage(margin, header, plot)
        painter.end()
        return image

    def suggested_name(self, today: datetime | None = None) -> str:
        return f"{file_slug(self.title_text)}-{(today or datetime.now()):%Y-%m-%d}.png"

    def save_png(self, path: str) -> bool:
        return self.export_image().save(path, "PNG")

    def _ask_save(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save chart"), self.suggested_name(), self.tr("PNG images (*.png)"))
        if path:
            # The dashboard writes the file on a task thread; the image is made here.
            self.save_requested.emit(self.export_image(), path if path.lower().endswith(".png") else path + ".png")

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange and self.populated:
            self.relabel_legend()

    def _legend_entry(self, legend: pg.LegendItem, item: object, source: str) -> None:
        """A legend line, kept with its source text: the legend is drawn in the plot's scene,
        not made of widgets, so a language switch relabels it from here."""
        legend.addItem(item, _tr(source))
        self.legend = legend
        self._legend_sources = [*getattr(self, "_legend_sources", []), source]

    def relabel_legend(self) -> None:
        legend = getattr(self, "legend", None)
        sources = getattr(self, "_legend_sources", [])
        if legend is None or len(legend.items) != len(sources):
            return
        for (_sample, label), source in zip(legend.items, sources, strict=True):
            label.setText(_tr(source))

    def _legend(self, columns: int, offset: tuple[float, float]) -> pg.LegendItem:
        return self.plot.addLegend(offset=offset, colCount=columns, labelTextColor=self.text_color, brush=pg.mkBrush(self.base_color), pen=pg.mkPen(self.text_color))


class TimeChart(Chart):
    """Bars or lines over the window's hours or days; the axis shows the chosen time zone."""

    zoomable = True

    def __init__(self, title: str, object_name: str, parent: QWidget | None = None) -> None:
        super().__init__(title, object_name, parent, date_axis=True)
        self.series: ChartSeries | None = None
        self.offset = 0  # seconds east of UTC of the shown zone
        self.plot.setMouseEnabled(x=True, y=False)

    def set_series(self, series: ChartSeries, offset_seconds: int) -> None:
        self.populate()
        self.series = series
        self.offset = offset_seconds
        # DateAxisItem wants seconds west of UTC, like time.timezone.
        self.plot.getAxis("bottom").utcOffset = -offset_seconds
        self.update_items(series)
        if not self.user_zoomed:
            self.home_view()

    def update_items(self, series: ChartSeries) -> None:
        raise NotImplementedError

    def home_view(self) -> None:
        series = self.series
        if series is None or not len(series):
            return
        first = float(series.starts[0])
        self.view_box.setXRange(first, first + series.step * len(series), padding=0.01)
        self.home_y()

    def home_y(self) -> None:
        """The y range of the whole window."""

    def index_at(self, x: float) -> int | None:
        return None if self.series is None else self.series.index_at(x)

    def center(self, index: int) -> float:
        assert self.series is not None
        return float(self.series.starts[index] + self.series.step / 2)

    def bucket_label(self, index: int) -> str:
        assert self.series is not None
        return localized.bucket_range(float(self.series.starts[index]), self.series.step, self.offset)


class VolumeChart(TimeChart):
    def __init__(self, title: str, object_name: str, parent: QWidget | None = None) -> None:
        super().__init__(title, object_name, parent)
        self.bars: list[pg.BarGraphItem] = []
        self._top = 1.0

    def _populate(self) -> None:
        legend = self._legend(3, (6, 4))
        for key, _statuses, color_status in OUTCOMES:
            color = _strong(color_status)
            item = pg.BarGraphItem(x=[0.0], height=[0.0], y0=[0.0], width=1.0, brush=color, pen=color)
            self.plot.addItem(item)
            self._legend_entry(legend, item, OUTCOME_NAMES[key])
            self.bars.append(item)

    def update_items(self, series: ChartSeries) -> None:
        tops = series.tops
        bottoms = tops - series.outcomes
        centers = series.centers
        for item, heights, y0 in zip(self.bars, series.outcomes, bottoms, strict=True):
            item.setOpts(x=centers, height=heights, y0=y0, width=series.step * 0.8)
        self._top = float(tops[-1].max()) if len(series) else 0.0

    def home_y(self) -> None:
        # Room above the bars for the legend.
        self.view_box.setYRange(0, (self._top or 1) * 1.35, padding=0)

    def describe_at(self, x: float, y: float) -> str:
        index = self.index_at(x)
        if index is None or self.series is None:
            return ""
        total = int(self.series.totals[index])
        parts = [self.bucket_label(index), QCoreApplication.translate("Charts", "Attempts: {n}").format(n=localized.number(total))]
        for (key, _s, _c), counts in zip(OUTCOMES, self.series.outcomes, strict=True):
            if counts[index]:
                parts.append(f"{_tr(OUTCOME_NAMES[key])}: {localized.number(int(counts[index]))}")
        return "\n".join(parts)


class RateChart(TimeChart):
    def __init__(self, title: str, object_name: str, parent: QWidget | None = None) -> None:
        super().__init__(title, object_name, parent)
        self.threshold = 90.0

    def _populate(self) -> None:
        legend = self._legend(2, (6, -28))
        color = _strong(Status.DELIVERED)
        self.line = pg.PlotDataItem([], [], pen=pg.mkPen(color, width=2), symbol="o", symbolSize=5, symbolBrush=color, symbolPen=color, connect="finite")
        self.plot.addItem(self.line)
        alarm = _strong(Status.FAILED_FINAL)
        self.threshold_line = pg.InfiniteLine(pos=self.threshold, angle=0, pen=pg.mkPen(alarm, width=1, style=Qt.PenStyle.DashLine))
        self.plot.addItem(self.threshold_line)
        # A line item only for the legend's sample of the threshold (an InfiniteLine has none).
        self.threshold_sample = pg.PlotDataItem([], [], pen=pg.mkPen(alarm, width=1, style=Qt.PenStyle.DashLine))
        self.plot.addItem(self.threshold_sample)
        self._legend_entry(legend, self.line, QT_TRANSLATE_NOOP("Charts", "Success rate"))
        self._legend_entry(legend, self.threshold_sample, QT_TRANSLATE_NOOP("Charts", "Alert threshold"))

    def update_items(self, series: ChartSeries) -> None:
        self.line.setData(series.centers, series.rate)
        self.threshold_line.setValue(self.threshold)

    def home_y(self) -> None:
        self.view_box.setYRange(0, 100, padding=0.02)

    def describe_at(self, x: float, y: float) -> str:
        index = self.index_at(x)
        if index is None or self.series is None:
            return ""
        rate = float(self.series.rate[index])
        total = localized.number(int(self.series.totals[index]))
        return f"{self.bucket_label(index)}\n" + QCoreApplication.translate("Charts", "Success rate: {rate} of {n} attempts").format(rate=localized.percent(None if math.isnan(rate) else rate), n=total)


class DurationAxis(pg.AxisItem):
    """A log axis of seconds with round durations as ticks ("30 s", "5 min", "6 h")."""

    def tickValues(self, minVal: float, maxVal: float, size: float) -> list[tuple[float, list[float]]]:  # noqa: N802
        ticks = delay_ticks(10 ** minVal, 10 ** maxVal)
        return [(1.0, [math.log10(t) for t in ticks])]

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:  # noqa: N802
        return [localized.tick_duration(10 ** v) for v in values]


class DelayChart(TimeChart):
    left_axis = "duration"

    def __init__(self, title: str, object_name: str, parent: QWidget | None = None) -> None:
        super().__init__(title, object_name, parent)
        self.plot.setLogMode(y=True)
        self.lines: dict[str, pg.PlotDataItem] = {}
        self._span = (1.0, 3600.0)

    def _populate(self) -> None:
        legend = self._legend(2, (6, 4))
        for attribute, status, name in (("p50", Status.SENT, QT_TRANSLATE_NOOP("Charts", "Median (p50)")), ("p95", Status.FAILED_RETRY, QT_TRANSLATE_NOOP("Charts", "95th percentile (p95)"))):
            color = _strong(status)
            item = pg.PlotDataItem([], [], pen=pg.mkPen(color, width=2), symbol="o", symbolSize=4, symbolBrush=color, symbolPen=color, connect="finite")
            self.plot.addItem(item)
            self._legend_entry(legend, item, name)
            self.lines[attribute] = item

    def update_items(self, series: ChartSeries) -> None:
        # A log axis cannot show 0 s: a send within the same second reads as 1 s.
        p50 = np.maximum(series.p50, 1.0)
        p95 = np.maximum(series.p95, 1.0)
        self.lines["p50"].setData(series.centers, p50)
        self.lines["p95"].setData(series.centers, p95)
        known = np.concatenate([p50[~np.isnan(p50)], p95[~np.isnan(p95)]])
        self._span = (float(known.min()), float(known.max())) if len(known) else (1.0, 3600.0)

    def home_y(self) -> None:
        low, high = self._span
        # Room above for the legend (log scale: a factor, not a margin).
        self.view_box.setYRange(math.log10(max(low / 2, 0.5)), math.log10(max(high, low * 10) * 6), padding=0)

    def describe_at(self, x: float, y: float) -> str:
        index = self.index_at(x)
        if index is None or self.series is None:
            return ""
        p50, p95 = float(self.series.p50[index]), float(self.series.p95[index])
        if math.isnan(p50):
            return f"{self.bucket_label(index)}\n" + QCoreApplication.translate("Charts", "No attempt sent")
        return f"{self.bucket_label(index)}\n" + QCoreApplication.translate("Charts", "Median {p50}, 95th percentile {p95}").format(p50=localized.duration(p50), p95=localized.duration(p95))


class BarsChart(Chart):
    """Horizontal bars, one per key, biggest on top; a click says which key."""

    chosen = Signal(object)  # the key of the clicked bar

    def __init__(self, title: str, object_name: str, parent: QWidget | None = None, color_status: str = Status.SENDING) -> None:
        super().__init__(title, object_name, parent)
        self.color_status = color_status
        self.items: list[tuple[object, str, int, str]] = []  # key, label, count, detail
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.scene().sigMouseClicked.connect(self._clicked)
        self.plot.setCursor(Qt.CursorShape.PointingHandCursor)

    def _populate(self) -> None:
        color = _strong(self.color_status)
        self.bar_item = pg.BarGraphItem(x0=0, y=[0.0], height=0.7, width=[0.0], brush=color, pen=color)
        self.plot.addItem(self.bar_item)

    def load(self, items: list[tuple[object, str, int, str]]) -> None:
        self.populate()
        self.items = items[:12]
        count = len(self.items)
        ys = np.arange(count - 1, -1, -1, dtype=np.float64)
        widths = np.array([float(n) for _k, _l, n, _d in self.items], dtype=np.float64)
        self.bar_item.setOpts(x0=0, y=ys, height=0.7, width=widths)
        self.bar_item.setVisible(bool(count))
        labels = [label[:22] for _k, label, _n, _d in self.items]
        axis = self.plot.getAxis("left")
        axis.setTicks([list(zip(ys.tolist(), labels, strict=True))])
        # pyqtgraph widens the axis for its labels only after painting them once: a chart first
        # painted off screen (or exported) showed them cut. Its width is set from the labels.
        metrics = QFontMetrics(axis.style.get("tickFont") or self.plot.font())
        axis.setWidth(max((metrics.horizontalAdvance(text) for text in labels), default=20) + 14)
        self.view_box.setYRange(-0.6, max(count, 1) - 0.4, padding=0)
        self.view_box.setXRange(0, float(widths.max()) * 1.05 if count else 1, padding=0)

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
        return f"{label}: {localized.number(count)}" + (f"\n{detail}" if detail else "") + "\n" + QCoreApplication.translate("Charts", "Click to see these attempts")

    def _clicked(self, event: object) -> None:
        scene_pos = event.scenePos()  # type: ignore[attr-defined]
        if not self.view_box.sceneBoundingRect().contains(scene_pos):
            return
        point = self.view_box.mapSceneToView(scene_pos)
        index = self.index_at(point.y())
        if index is not None and 0 <= point.x() <= self.items[index][2] * 1.02 + 0.5:
            self.chosen.emit(self.items[index][0])
