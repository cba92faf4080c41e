"""Refresh the French translation: collect the UI's strings into the .ts (lupdate keeps what is
already translated), fill new ones from tools/fr_seed.py where known, compile the .qm.

    python tools/update_translations.py          # after changing UI text
    python tools/update_translations.py --check  # exit 1 if a string has no French
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TS = ROOT / "resources" / "translations" / "waadmin_fr.ts"
QM = TS.with_suffix(".qm")


def tool(name: str) -> str:
    found = shutil.which(name) or str(Path(sys.executable).with_name(name))
    if not Path(found).exists():
        raise SystemExit(f"{name} not found: pip install PySide6-Essentials")
    return found


def fill(seed: dict[str, str]) -> list[str]:
    tree = ET.parse(TS)
    missing = []
    for message in tree.iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        if translation is None:
            translation = ET.SubElement(message, "translation")
        if translation.get("type") == "unfinished" or not (translation.text or "").strip():
            if source in seed:
                translation.text = seed[source]
                translation.attrib.pop("type", None)
            else:
                missing.append(source)
    tree.write(TS, encoding="utf-8", xml_declaration=True)
    return missing


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(ROOT / "tools"))
    from fr_seed import FR

    sources = sorted(str(p) for p in (ROOT / "waadmin" / "ui").rglob("*.py"))
    subprocess.run([tool("pyside6-lupdate"), *sources, "-ts", str(TS), "-no-obsolete", "-locations", "none"], check=True)
    missing = fill(FR)
    subprocess.run([tool("pyside6-lrelease"), str(TS), "-qm", str(QM)], check=True)
    for source in missing:
        print(f"untranslated: {source!r}")
    return 1 if missing and "--check" in argv else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
