"""Refresh the command line's French catalogue: collect every ``_("…")``, ``ngettext("…", "…", n)``
and ``N_("…")`` literal of waadmin/cli and waadmin/api.py, and every ``N_("…")`` engine text of
waadmin/domain, config, db, engine and providers (waadmin.domain.messages), into
resources/translations/waadmin_cli_fr.po, keeping the French already written there, and compile
it to the .mo gettext reads (a small writer of the GNU .mo format: no msgfmt needed).

    python tools/update_cli_catalogue.py          # after changing CLI or engine text
    python tools/update_cli_catalogue.py --check  # exit 1 on an untranslated, fuzzy or obsolete
                                                  # entry, a translation whose fields differ, or a
                                                  # .mo that is not the .po's

New texts come in with an empty msgstr: write their French in the .po, then run it again.
Entries no longer in the code are dropped (their French stays in git's history).
"""

from __future__ import annotations

import ast
import re
import struct
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PO = ROOT / "resources" / "translations" / "waadmin_cli_fr.po"
MO = PO.with_suffix(".mo")

# Where each marker is looked for: the CLI prints through _ and ngettext; the layers below it only
# mark (N_), and their texts are translated where they are shown.
CLI_SOURCES = [ROOT / "waadmin" / "cli", ROOT / "waadmin" / "api.py"]
ENGINE_SOURCES = [ROOT / "waadmin" / name for name in ("domain", "config", "db", "engine", "providers")]
CLI_MARKERS = {"_": 1, "N_": 1, "ngettext": 2}
ENGINE_MARKERS = {"N_": 1}
# The engine's texts carry this msgctxt: they are the templates waadmin.cli.i18n.engine_text
# recognises a finished sentence by (only those: a CLI text such as "error: {reason}" would
# match far too much), looked up with pgettext.
ENGINE_CONTEXT = "engine"
Key = tuple[str | None, str, str | None]  # (msgctxt, msgid, msgid_plural)

HEADER = (
    "Project-Id-Version: waadmin\n"
    "Language: fr\n"
    "MIME-Version: 1.0\n"
    "Content-Type: text/plain; charset=UTF-8\n"
    "Content-Transfer-Encoding: 8bit\n"
    "Plural-Forms: nplurals=2; plural=(n > 1);\n"
)


@dataclass
class Entry:
    msgid: str
    plural: str | None = None
    msgstr: list[str] = field(default_factory=list)
    fuzzy: bool = False
    where: list[str] = field(default_factory=list)
    context: str | None = None

    @property
    def key(self) -> Key:
        return (self.context, self.msgid, self.plural)

    def translated(self) -> bool:
        forms = 2 if self.plural is not None else 1
        return len(self.msgstr) == forms and all(self.msgstr) and not self.fuzzy


# -- extraction ------------------------------------------------------------------------------

def _files(sources: list[Path]) -> list[Path]:
    found: list[Path] = []
    for source in sources:
        found.extend(sorted(source.rglob("*.py")) if source.is_dir() else [source])
    return found


def engine_texts() -> list[str]:
    """The texts the lower layers mark (N_), which both surfaces translate where they show them:
    waadmin/ui/engine_text.py must list each (tests/cli/test_language.py checks it)."""
    return [entry.msgid for entry in extract([(ENGINE_SOURCES, ENGINE_MARKERS, ENGINE_CONTEXT)]).values()]


def extract(groups: list[tuple[list[Path], dict[str, int], str | None]] | None = None) -> dict[Key, Entry]:
    entries: dict[Key, Entry] = {}
    for sources, markers, context in groups or [(CLI_SOURCES, CLI_MARKERS, None), (ENGINE_SOURCES, ENGINE_MARKERS, ENGINE_CONTEXT)]:
        for file in _files(sources):
            tree = ast.parse(file.read_text(encoding="utf-8"), filename=str(file))
            for node in ast.walk(tree):
                if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in markers):
                    continue
                count = markers[node.func.id]
                args = node.args[:count]
                if len(args) < count or not all(isinstance(a, ast.Constant) and isinstance(a.value, str) for a in args):
                    raise SystemExit(f"{file.relative_to(ROOT)}:{node.lineno}: {node.func.id}() needs literal text")
                msgid = args[0].value  # type: ignore[attr-defined]
                plural = args[1].value if count == 2 else None  # type: ignore[attr-defined]
                entry = entries.setdefault((context, msgid, plural), Entry(msgid, plural, context=context))
                entry.where.append(f"{file.relative_to(ROOT)}:{node.lineno}")
    return entries


# -- .po reading and writing -------------------------------------------------------------------

def _unquote(text: str) -> str:
    return ast.literal_eval(text)


def read_po(path: Path) -> tuple[dict[Key, Entry], list[str]]:
    """The entries of a .po file, and the obsolete ones (``#~``) it still holds."""
    entries: dict[Key, Entry] = {}
    obsolete: list[str] = []
    if not path.exists():
        return entries, obsolete
    current: dict[str, str] = {}
    fuzzy = False
    last = ""

    def flush() -> None:
        nonlocal current, fuzzy
        if "msgid" in current and current["msgid"]:
            plural = current.get("msgid_plural")
            forms = [current[k] for k in sorted(k for k in current if k.startswith("msgstr["))] if plural is not None else [current.get("msgstr", "")]
            context = current.get("msgctxt")
            entries[(context, current["msgid"], plural)] = Entry(current["msgid"], plural, forms, fuzzy, context=context)
        current, fuzzy = {}, False

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line.startswith("#~"):
            obsolete.append(line)
            continue
        if line.startswith("#,") and "fuzzy" in line:
            fuzzy = True
            continue
        if not line or line.startswith("#"):
            if not line and current:
                flush()
            continue
        if line.startswith('"'):
            current[last] += _unquote(line)
            continue
        keyword, _, rest = line.partition(" ")
        if keyword in ("msgid", "msgctxt") and "msgid" in current:
            flush()
        current[keyword] = _unquote(rest)
        last = keyword
    flush()
    return entries, obsolete


def _quote(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t")
    if "\n" in text.rstrip("\n") or len(escaped) > 100:
        lines = escaped.split("\n")
        pieces = [line + "\\n" for line in lines[:-1]] + ([lines[-1]] if lines[-1] else [])
        return '""\n' + "\n".join(f'"{piece}"' for piece in pieces)
    return '"' + escaped.replace("\n", "\\n") + '"'


def write_po(path: Path, entries: list[Entry]) -> None:
    out = [
        "# French of waadmin's command line and of the engine texts it shows.",
        "# Refreshed by tools/update_cli_catalogue.py, which keeps what is written here.",
        'msgid ""',
        "msgstr " + _quote(HEADER),
        "",
    ]
    for entry in entries:
        out.extend(f"#: {where}" for where in entry.where[:3])
        if entry.fuzzy:
            out.append("#, fuzzy")
        if entry.context is not None:
            out.append("msgctxt " + _quote(entry.context))
        out.append("msgid " + _quote(entry.msgid))
        if entry.plural is not None:
            out.append("msgid_plural " + _quote(entry.plural))
            forms = entry.msgstr + [""] * (2 - len(entry.msgstr))
            out.extend(f"msgstr[{n}] " + _quote(form) for n, form in enumerate(forms[:2]))
        else:
            out.append("msgstr " + _quote(entry.msgstr[0] if entry.msgstr else ""))
        out.append("")
    path.write_text("\n".join(out), encoding="utf-8")


# -- checks ----------------------------------------------------------------------------------

_FORMAT = re.compile(r"%\(\w+\)[#0\-+]*\d*(?:\.\d+)?[a-zA-Z%]|%[#0\-+]*\d*(?:\.\d+)?[sdrfgx%]|\{\w*(?:![rsa])?(?::[^}]*)?\}")


def _fields(text: str) -> list[str]:
    return sorted(_FORMAT.findall(text))


def field_problems(entry: Entry) -> list[str]:
    """A translation must keep the source's fields ({name}, %(name)s, %s), or it raises at run time."""
    problems = []
    sources = [entry.msgid] + ([entry.plural] if entry.plural else [])
    for n, form in enumerate(entry.msgstr):
        if not form:
            continue
        wanted = set(_fields(sources[min(n, len(sources) - 1)])) | (set(_fields(entry.plural)) if entry.plural else set())
        got = set(_fields(form))
        # French's singular form may leave the count out ("une tentative"), never add one.
        if not got <= wanted or (entry.plural is None and got != wanted):
            problems.append(f"fields differ: {entry.msgid!r} -> {form!r}")
    return problems


# -- .mo writing ------------------------------------------------------------------------------

def mo_bytes(entries: list[Entry]) -> bytes:
    """The GNU .mo format (what gettext.GNUTranslations reads): a header, two tables of
    (length, offset) for the sorted ids and their translations, then the strings."""
    pairs = {"": HEADER}
    for entry in entries:
        if not entry.translated():
            continue
        prefix = f"{entry.context}\x04" if entry.context is not None else ""
        if entry.plural is not None:
            pairs[prefix + entry.msgid + "\0" + entry.plural] = "\0".join(entry.msgstr)
        else:
            pairs[prefix + entry.msgid] = entry.msgstr[0]
    keys = sorted(pairs, key=lambda k: k.encode("utf-8"))
    ids = [k.encode("utf-8") for k in keys]
    strs = [pairs[k].encode("utf-8") for k in keys]
    count = len(keys)
    start = 7 * 4 + 16 * count
    id_table, str_table, blob = [], [], b""
    for data in ids:
        id_table.append((len(data), start + len(blob)))
        blob += data + b"\0"
    for data in strs:
        str_table.append((len(data), start + len(blob)))
        blob += data + b"\0"
    header = struct.pack("<7I", 0x950412DE, 0, count, 7 * 4, 7 * 4 + 8 * count, 0, 0)
    tables = b"".join(struct.pack("<2I", *pair) for pair in id_table + str_table)
    return header + tables + blob


# -- main ---------------------------------------------------------------------------------------

def merged() -> tuple[list[Entry], list[str]]:
    """The extracted entries with the .po's translations, and what is wrong with the .po as it is."""
    found = extract()
    existing, obsolete_lines = read_po(PO)
    problems = [f"obsolete: {line}" for line in obsolete_lines]
    problems += [f"obsolete: {key[1]!r}" for key in existing if key not in found]
    entries = []
    for key, entry in found.items():
        old = existing.get(key)
        if old is not None:
            entry.msgstr, entry.fuzzy = old.msgstr, old.fuzzy
        if entry.fuzzy:
            problems.append(f"fuzzy: {entry.msgid!r}")
        elif not entry.translated():
            problems.append(f"untranslated: {entry.msgid!r} ({entry.where[0]})")
        problems += field_problems(entry)
        entries.append(entry)
    return entries, problems


def main(argv: list[str]) -> int:
    check = "--check" in argv
    entries, problems = merged()
    if check:
        if MO.exists() and MO.read_bytes() != mo_bytes(entries):
            problems.append(f"{MO.relative_to(ROOT)} is not compiled from the current .po: run tools/update_cli_catalogue.py")
        elif not MO.exists():
            problems.append(f"{MO.relative_to(ROOT)} is missing")
        for problem in problems:
            print(problem)
        print(f"{len(entries)} CLI texts, {sum(e.translated() for e in entries)} translated into French")
        return 1 if problems else 0
    write_po(PO, entries)
    MO.write_bytes(mo_bytes(entries))
    for problem in problems:
        if not problem.startswith("obsolete"):
            print(problem)
    print(f"{len(entries)} CLI texts, {sum(e.translated() for e in entries)} translated; wrote {PO.relative_to(ROOT)} and {MO.name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
