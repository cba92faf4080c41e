"""The files a Linux desktop reads about waadmin: desktop entry, AppStream metadata, icons."""

from __future__ import annotations

import configparser
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

ROOT = Path(__file__).resolve().parents[2]
APP_ID = "com.tsaircargo.waadmin"


def test_desktop_entry_launches_waadmin_with_its_icon() -> None:
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # keys are case-sensitive in desktop files
    entry.read(ROOT / "packaging" / f"{APP_ID}.desktop", encoding="utf-8")
    section = entry["Desktop Entry"]
    assert section["Type"] == "Application"
    assert section["Exec"].split()[0] == "waadmin"
    assert section["Icon"] == APP_ID
    assert section["Categories"].endswith(";")


def test_appstream_metadata_names_the_desktop_entry_and_is_valid() -> None:
    path = ROOT / "packaging" / f"{APP_ID}.metainfo.xml"
    root = ET.parse(path).getroot()
    assert root.tag == "component" and root.get("type") == "desktop-application"
    assert root.findtext("id") == APP_ID
    assert root.find("launchable").text == f"{APP_ID}.desktop"
    tool = shutil.which("appstreamcli")
    if tool is None:
        pytest.skip("appstreamcli is not installed (apt-get install appstream); the XML is well-formed")
    done = subprocess.run([tool, "validate", "--no-net", str(path)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("size", [16, 24, 32, 48, 64, 128, 256])
def test_app_icon_png_has_its_size(size: int) -> None:
    image = QImage(str(ROOT / "resources" / "icons" / "app" / f"waadmin-{size}.png"))
    assert not image.isNull()
    assert (image.width(), image.height()) == (size, size)
    assert image.hasAlphaChannel()


def test_installing_waadmin_pulls_only_runtime_packages() -> None:
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    names = [dep.split("[")[0].split(">")[0].split("<")[0].split("=")[0].strip().lower() for dep in project["dependencies"]]
    assert not {"pytest", "pytest-qt", "pytest-timeout", "pyinstaller"} & set(names)
    assert "pyside6-essentials" in names and "pyside6" not in names  # the smallest Qt that has QtSvg
    assert "pyinstaller" in " ".join(project["optional-dependencies"]["build"]).lower()
