"""Texts the lower layers hand to people (a webhook's processing error, a database problem, an
outage line), kept in English and translated where they are shown: by the command line through
its gettext catalogue, by the window through Qt Linguist (waadmin/ui/engine_text.py).

A text is marked with ``N_("...")`` (a no-op that tools/update_cli_catalogue.py finds) and its
variable parts are named fields, ``{provider_id}``: the English sentence is what is raised or
stored (the webhook table keeps it), and :func:`translate` recognises a finished sentence again
from its template, translates the template and puts the same values back in."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache

_FIELD = re.compile(r"\{(\w+)\}")
_SENTENCE_END = re.compile(r"(?<=\.) (?=[A-Z])")


def N_(text: str) -> str:  # noqa: N802 - gettext's conventional name for "mark, do not translate yet"
    """Marks an engine text for the catalogues (tools/update_cli_catalogue.py, and the window's
    waadmin/ui/engine_text.py lists the same); returns it unchanged."""
    return text


@lru_cache(maxsize=1024)
def _pattern(template: str) -> re.Pattern[str] | None:
    """The regular expression a finished sentence of ``template`` matches; None without fields."""
    parts = _FIELD.split(template)
    if len(parts) == 1:
        return None
    regex = []
    seen: set[str] = set()
    for index, part in enumerate(parts):
        if index % 2 == 0:
            regex.append(re.escape(part))
        elif part in seen:
            regex.append(f"(?P={part})")
        else:
            seen.add(part)
            regex.append(f"(?P<{part}>.+?)")
    return re.compile("".join(regex) + r"\Z", re.DOTALL)


def translate(text: str, templates: Iterable[str], lookup: Callable[[str], str]) -> str:
    """``text`` in the language of ``lookup`` (gettext's or Qt's: the text itself when it has no
    translation): a text it knows, or a finished sentence of one of ``templates`` with its values
    put back (each value translated the same way); any other text is returned as it is (a
    provider's own message, an old row's text)."""
    if not text:
        return text
    exact = lookup(text)
    if exact != text:
        return exact
    candidates = list(templates)
    found = _one(text, candidates, lookup)
    if found is not None:
        return found
    # Several marked sentences joined in one line ("WaChap V4: … is not set. WaChap V4: …"),
    # as a configuration's problems are: each sentence on its own.
    sentences = _SENTENCE_END.split(text)
    if len(sentences) > 1:
        return " ".join(_one(sentence, candidates, lookup) or lookup(sentence) for sentence in sentences)
    return text


def _one(text: str, candidates: list[str], lookup: Callable[[str], str]) -> str | None:
    exact = lookup(text)
    if exact != text:
        return exact
    for template in candidates:
        pattern = _pattern(template)
        match = pattern.match(text) if pattern is not None else None
        if match:
            translated = lookup(template)
            # A field may itself be a marked text ("… waadmin will not {action}.").
            values = {name: translate(value, candidates, lookup) for name, value in match.groupdict().items()}
            try:
                return translated.format(**values)
            except (KeyError, IndexError, ValueError):  # a translation whose fields do not match
                return text
    return None
