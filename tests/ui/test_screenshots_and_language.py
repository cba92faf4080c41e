"""The window in English and French: rendered to PNG with every label and button wide enough
for its text, and every UI string translated."""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tools import screenshots

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "resources" / "translations" / "waadmin_fr.ts"


@pytest.mark.parametrize("language", ["en", "fr"])
def test_every_main_screen_renders_with_nothing_cut_off(qapp, tmp_path, language) -> None:
    url = screenshots.demo_database(tmp_path)
    shots = tmp_path / "shots"
    problems = screenshots.render(shots, language, url) | screenshots.render_welcome(shots, language, tmp_path / "welcome")
    assert set(problems) == set(screenshots.SCREENS)
    for name in screenshots.SCREENS:
        png = shots / f"{name}-{language}.png"
        small = name in ("cleanup", "provider", "worker-settings")
        assert png.stat().st_size > (5_000 if small else 20_000), f"{png} looks empty"
    assert problems == {name: [] for name in screenshots.SCREENS}


def test_french_window_titles_are_french(qapp, tmp_path) -> None:
    from waadmin.ui import settings as ui_settings
    from waadmin.ui.app import start

    prefs = ui_settings.load_preferences()
    prefs.language = "fr"
    ui_settings.save_preferences(prefs)
    context = start(screenshots.demo_database(tmp_path), show=False)
    try:
        assert context.language == "fr"
        assert context.window.act_retry_due.text() == "Réessayer tout ce qui est dû"
    finally:
        context.window.close()
        context.tracker.wait_idle(20_000)
        context.session.close()
        from waadmin.ui import i18n

        i18n.install(context.app, "en")


def test_every_ui_string_has_a_french_translation(tmp_path) -> None:
    lupdate = shutil.which("pyside6-lupdate") or str(Path(sys.executable).with_name("pyside6-lupdate"))
    fresh = tmp_path / "fresh.ts"
    sources = sorted(str(p) for p in (ROOT / "waadmin" / "ui").rglob("*.py"))
    subprocess.run([lupdate, *sources, "-ts", str(fresh), "-locations", "none"], check=True, capture_output=True)
    wanted = {m.findtext("source") for m in ET.parse(fresh).iter("message")}
    missing = sorted(wanted - _translated(TS))
    assert not missing, f"run tools/update_translations.py and translate: {missing}"
    plural = {m.findtext("source") for m in ET.parse(fresh).iter("message") if m.get("numerus") == "yes"}
    missing_en = sorted(plural - _translated(TS.with_name("waadmin_en.ts")))
    assert not missing_en, f"English plural forms missing (tools/fr_seed.py PLURALS): {missing_en}"


def _translated(ts: Path) -> set[str]:
    done = set()
    for m in ET.parse(ts).iter("message"):
        translation = m.find("translation")
        if translation is None or translation.get("type") == "unfinished":
            continue
        forms = translation.findall("numerusform")
        if (forms and all((f.text or "").strip() for f in forms)) or (not forms and (translation.text or "").strip()):
            done.add(m.findtext("source"))
    return done
