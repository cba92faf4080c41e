"""Save all charts: the whole dashboard (figures, alerts, health and every chart with its title)
as one PNG image or one PDF page, without the buttons."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QMarginsF, QRectF, Qt
from PySide6.QtGui import QFont, QFontMetrics, QImage, QPageLayout, QPageSize, QPainter, QPalette, QPdfWriter
from PySide6.QtWidgets import QWidget

from waadmin.ui.dashboard.charts import Chart

GAP = 12


def dashboard_image(title: str, caption: str, panels: Sequence[QWidget], charts: Sequence[Chart]) -> QImage:
    reference = charts[0] if charts else panels[0]
    palette = reference.palette()
    base, text = palette.color(QPalette.ColorRole.Base), palette.color(QPalette.ColorRole.Text)
    pictures = [chart.export_image() for chart in charts]
    column = max((p.width() for p in pictures), default=600)
    width = 2 * column + 3 * GAP
    panel_images = [p.grab().toImage() for p in panels]
    title_font = QFont(reference.font())
    title_font.setBold(True)
    title_font.setPointSizeF(title_font.pointSizeF() * 1.6)
    title_h = QFontMetrics(title_font).height()
    caption_h = QFontMetrics(reference.font()).height()
    rows = [max(p.height() for p in pictures[i:i + 2]) for i in range(0, len(pictures), 2)]
    height = GAP + title_h + caption_h + GAP + sum(p.height() + GAP for p in panel_images) + sum(r + GAP for r in rows)
    image = QImage(width, height, QImage.Format.Format_ARGB32)
    image.fill(base)
    painter = QPainter(image)
    painter.setPen(text)
    painter.setFont(title_font)
    painter.drawText(QRectF(GAP, GAP, width - 2 * GAP, title_h), Qt.AlignmentFlag.AlignLeft, title)
    painter.setFont(reference.font())
    painter.drawText(QRectF(GAP, GAP + title_h, width - 2 * GAP, caption_h), Qt.AlignmentFlag.AlignLeft, caption)
    y = GAP + title_h + caption_h + GAP
    for panel in panel_images:
        painter.drawImage(GAP, y, panel)
        y += panel.height() + GAP
    for index, picture in enumerate(pictures):
        painter.drawImage(GAP + (index % 2) * (column + GAP), y, picture)
        if index % 2 == 1 or index == len(pictures) - 1:
            y += rows[index // 2] + GAP
    painter.end()
    return image


def write_image(path: str, image: QImage, title: str = "") -> bool:
    """PNG, or one PDF page with the image fitted to it. Safe on a task thread (QImage and
    QPdfWriter are not widgets): the GUI thread only composes the image."""
    if not path.lower().endswith(".pdf"):
        return image.save(path, "PNG")
    writer = QPdfWriter(path)
    writer.setTitle(title)
    writer.setResolution(150)
    orientation = QPageLayout.Orientation.Landscape if image.width() > image.height() else QPageLayout.Orientation.Portrait
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), orientation, QMarginsF(8, 8, 8, 8), QPageLayout.Unit.Millimeter))
    painter = QPainter()
    if not painter.begin(writer):
        return False
    target = QRectF(painter.viewport())
    scale = min(target.width() / image.width(), target.height() / image.height())
    painter.drawImage(QRectF(0, 0, image.width() * scale, image.height() * scale), image)
    return painter.end()
