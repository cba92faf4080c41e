"""Reading the groups of a QSettings INI file without Qt (the configuration layer has none), for
moving the window's old [provider] and [worker] groups into the settings file.

Qt writes a plain value as is, one needing it in double quotes with C escapes, a string list as
values separated by commas, and other types as ``@Type(...)``; keys are percent-encoded. Only
what those two groups ever held is understood: strings, numbers and booleans (as text)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", '"': '"', "0": "\0", "a": "\a", "b": "\b", "f": "\f", "v": "\v", "'": "'", "?": "?"}


def read_groups(path: Path) -> dict[str, dict[str, str | list[str]]]:
    """{group: {key: value}}; a missing or unreadable file has no groups."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return {}
    groups: dict[str, dict[str, str | list[str]]] = {}
    current = groups.setdefault("General", {})
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith((";", "#")):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = groups.setdefault(unquote(line[1:-1]), {})
            continue
        key, sep, value = line.partition("=")
        if not sep:
            continue
        parts = _values(value.strip())
        current[unquote(key.strip())] = parts[0] if len(parts) == 1 else parts
    return groups


def _values(text: str) -> list[str]:
    """One value, or the items of a string list; quoted parts unescaped."""
    parts: list[str] = []
    buf: list[str] = []
    quoted = False
    i = 0
    while i < len(text):
        ch = text[i]
        if quoted:
            if ch == "\\" and i + 1 < len(text):
                nxt = text[i + 1]
                if nxt == "x":  # \xHHHH: a character by its code
                    j = i + 2
                    while j < len(text) and j < i + 6 and text[j] in "0123456789abcdefABCDEF":
                        j += 1
                    buf.append(chr(int(text[i + 2 : j] or "0", 16)))
                    i = j
                    continue
                buf.append(_ESCAPES.get(nxt, nxt))
                i += 2
                continue
            if ch == '"':
                quoted = False
            else:
                buf.append(ch)
        elif ch == '"':
            quoted = True
        elif ch == ",":
            parts.append("".join(buf).strip())
            buf = []
        else:
            buf.append(ch)
        i += 1
    parts.append("".join(buf) if not parts and text.startswith('"') else "".join(buf).strip())
    return parts
