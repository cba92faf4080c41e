"""Refresh the French translation: collect the UI's strings into the .ts (lupdate keeps what is
already translated), fill new ones from tools/fr_seed*.py where known, compile the .qm.

A seed key "context|source" gives one context its own French where one English text needs two
(the status "Failed permanently" is "Échec définitif", the dashboard's figure "Échecs
définitifs"). French spaces before ":", ";", "?", "!" are made no-break ones.

Texts with a count (``self.tr("%n attempts", "", n)``) take their forms from fr_seed.PLURALS, in
French and in English: English needs a small .ts of its own (waadmin_en.ts, plural forms only),
or Qt would show the source text, "1 attempts".

    python tools/update_translations.py          # after changing UI text
    python tools/update_translations.py --check  # exit 1 if a string has no French
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TS = ROOT / "resources" / "translations" / "waadmin_fr.ts"
QM = TS.with_suffix(".qm")
TS_EN = ROOT / "resources" / "translations" / "waadmin_en.ts"


def tool(name: str) -> str:
    found = shutil.which(name) or str(Path(sys.executable).with_name(name))
    if not Path(found).exists():
        raise SystemExit(f"{name} not found: pip install PySide6-Essentials")
    return found


def fill(ts: Path, seed: dict[str, str], plurals: dict[str, tuple[str, str]]) -> list[str]:
    tree = ET.parse(ts)
    missing = []
    for context, message in ((c.findtext("name") or "", m) for c in tree.iter("context") for m in c.iter("message")):
        source = message.findtext("source") or ""
        # "context|source" in a seed gives one context its own French (a status "Échec
        # définitif" beside the dashboard's figure "Échecs définitifs" for the same English).
        if f"{context}|{source}" in seed:
            source_key = f"{context}|{source}"
        else:
            source_key = source
        translation = message.find("translation")
        if translation is None:
            translation = ET.SubElement(message, "translation")
        if message.get("numerus") == "yes":
            forms = translation.findall("numerusform")
            if translation.get("type") == "unfinished" or not forms or not all((f.text or "").strip() for f in forms):
                if source in plurals:
                    for form in forms:
                        translation.remove(form)
                    translation.text = None
                    for text in plurals[source]:
                        ET.SubElement(translation, "numerusform").text = text
                    translation.attrib.pop("type", None)
                else:
                    missing.append(source)
            for form in translation.findall("numerusform"):
                if form.text and ts == TS:
                    form.text = french_spacing(form.text)
            continue
        if source_key != source and translation.text != seed[source_key]:
            translation.text = seed[source_key]
            translation.attrib.pop("type", None)
        if translation.get("type") == "unfinished" or not (translation.text or "").strip():
            if source_key in seed:
                translation.text = seed[source_key]
                translation.attrib.pop("type", None)
            else:
                missing.append(source)
        if translation.text and ts == TS:
            translation.text = french_spacing(translation.text)
    tree.write(ts, encoding="utf-8", xml_declaration=True)
    return missing


def french_spacing(text: str) -> str:
    """French puts a space before ":", ";", "?", "!" and inside « »: a no-break one, or a
    lone ":" wraps to the next line of a label (seen on the welcome panel)."""
    text = re.sub(r" ([:;?!»])", "\u00a0\\1", text)
    return text.replace("« ", "«\u00a0")


def seeds() -> tuple[dict[str, str], dict[str, dict[str, list[str]]]]:
    """fr_seed.py and every tools/fr_seed_*.py beside it (one per area, so work on separate
    windows does not edit one dict), merged; a text given two different translations is an error."""
    import importlib.util

    merged: dict[str, str] = {}
    plurals: dict[str, dict[str, list[str]]] = {}
    for path in sorted((ROOT / "tools").glob("fr_seed*.py")):
        spec = importlib.util.spec_from_file_location(path.stem, path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        for source, text in getattr(module, "FR", {}).items():
            if merged.get(source, text) != text:
                raise SystemExit(f"{path.name}: {source!r} translated twice, differently")
            merged[source] = text
        plurals.update(getattr(module, "PLURALS", {}))
    return merged, plurals


def main(argv: list[str]) -> int:
    FR, PLURALS = seeds()

    sources = sorted(str(p) for p in (ROOT / "waadmin" / "ui").rglob("*.py"))
    subprocess.run([tool("pyside6-lupdate"), *sources, "-ts", str(TS), "-no-obsolete", "-locations", "none"], check=True)
    missing = fill(TS, FR, {source: forms["fr"] for source, forms in PLURALS.items()})
    subprocess.run([tool("pyside6-lrelease"), str(TS), "-qm", str(QM)], check=True)
    subprocess.run(
        [tool("pyside6-lupdate"), *sources, "-ts", str(TS_EN), "-pluralonly", "-target-language", "en", "-no-obsolete", "-locations", "none"], check=True
    )
    missing += [f"{source} (English plural)" for source in fill(TS_EN, {}, {source: forms["en"] for source, forms in PLURALS.items()})]
    subprocess.run([tool("pyside6-lrelease"), str(TS_EN), "-qm", str(TS_EN.with_suffix(".qm"))], check=True)
    for source in missing:
        print(f"untranslated: {source!r}")
    return 1 if missing and "--check" in argv else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
