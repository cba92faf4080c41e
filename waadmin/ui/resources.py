"""Files from resources/: icons (SVG), translations (.qm), styles. Found beside the checkout,
inside an installed package (waadmin.resources) or inside a PyInstaller bundle."""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

from PySide6.QtGui import QIcon


@cache
def resources_dir() -> Path:
    here = Path(__file__).resolve().parent.parent  # the waadmin package
    candidates = [
        here / "resources",  # installed: setup.py maps resources/ to waadmin.resources
        here.parent / "resources",  # a checkout
    ]
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        candidates.insert(0, Path(bundle) / "waadmin" / "resources")
    for candidate in candidates:
        if (candidate / "icons").is_dir():
            return candidate
    return candidates[-1]


def path(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


@cache
def icon(name: str) -> QIcon:
    """An icon from resources/icons/<name>.svg (an empty icon if it is missing)."""
    file = path("icons", f"{name}.svg")
    return QIcon(str(file)) if file.exists() else QIcon()
