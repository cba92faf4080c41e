"""Failures grouped by cause: an error message with its variable parts (numbers, ids, phone
numbers, amounts of time) replaced, so "503 after 15000 ms to +22376…" and the same error for
another customer fall in one group. Pure text work; the database side turns a group's
template into a LIKE pattern."""

from __future__ import annotations

import re

# Order matters: the longer, more specific shapes go first.
_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\bwamid\.[A-Za-z0-9_=+/-]+"), "<id>"),
    (re.compile(r"\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b"), "<id>"),
    (re.compile(r"\+?\d[\d \-]{6,}\d"), "<phone>"),
    (re.compile(r"\b(?=[A-Za-z0-9]*\d)[A-Za-z0-9]{12,}\b"), "<id>"),
    (re.compile(r"\d+(?:[.,]\d+)?"), "<n>"),
)
_SPACES = re.compile(r"\s+")
_PLACEHOLDER = re.compile(r"<(?:id|phone|n)>")
MAX_TEMPLATE = 300


def template(message: str | None) -> str:
    """The message with its variable parts replaced by <n>, <id> or <phone>."""
    text = _SPACES.sub(" ", (message or "").strip())
    for pattern, placeholder in _RULES:
        text = pattern.sub(placeholder, text)
    return text[:MAX_TEMPLATE]


def like_pattern(template_text: str, escape: str = "\\") -> str:
    """A SQL LIKE pattern matching the messages of a template's group (with ``ESCAPE escape``).
    Placeholders and runs of spaces become %, everything else matches literally."""
    parts = _PLACEHOLDER.split(template_text)
    literal = [p.replace(escape, escape * 2).replace("%", escape + "%").replace("_", escape + "_") for p in parts]
    pattern = "%".join(literal)
    if len(template_text) >= MAX_TEMPLATE:
        pattern += "%"  # the template was cut short
    return re.sub(r"%{2,}", "%", pattern)
