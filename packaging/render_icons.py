"""Render the app icon's PNG sizes (and a Windows .ico) from resources/icons/app/waadmin.svg.

The PNGs are committed: desktop files, AppStream and PyInstaller need bitmaps, and a build
machine should not need to render anything. Run again after changing the SVG:
``QT_QPA_PLATFORM=offscreen python packaging/render_icons.py``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

SIZES = (16, 24, 32, 48, 64, 128, 256)
APP_ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons" / "app"


def render(renderer: QSvgRenderer, size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    return image


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 - QPainter needs it
    renderer = QSvgRenderer(str(APP_ICONS / "waadmin.svg"))
    if not renderer.isValid():
        print(f"render_icons: {APP_ICONS / 'waadmin.svg'} is not a valid SVG", file=sys.stderr)
        return 1
    for size in SIZES:
        target = APP_ICONS / f"waadmin-{size}.png"
        if not render(renderer, size).save(str(target), "PNG"):
            print(f"render_icons: could not write {target}", file=sys.stderr)
            return 1
        print(target.relative_to(APP_ICONS.parent.parent.parent))
    # Qt's ICO writer stores one image; 256 px is what Windows scales down from.
    ico = APP_ICONS / "waadmin.ico"
    if render(renderer, 256).save(str(ico), "ICO"):
        print(ico.relative_to(APP_ICONS.parent.parent.parent))
    else:
        print("render_icons: this Qt has no ICO writer; Windows builds fall back to the PNG", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
