"""The columns of the attempts list: what they show and which database key sorts them."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP


@dataclass(frozen=True)
class Column:
    key: str
    title: str  # source text; translated in the "columns" context
    sort_key: str | None
    width: int
    needs_users: bool = False


COLUMNS: tuple[Column, ...] = (
    Column("id", QT_TRANSLATE_NOOP("columns", "ID"), "id", 64),
    Column("created", QT_TRANSLATE_NOOP("columns", "Created"), "created_at", 130),
    Column("phone", QT_TRANSLATE_NOOP("columns", "Phone"), "phone_number", 125),
    Column("recipient", QT_TRANSLATE_NOOP("columns", "Recipient"), "recipient", 140, needs_users=True),
    Column("source_app", QT_TRANSLATE_NOOP("columns", "Source app"), "source_app", 115),
    Column("type", QT_TRANSLATE_NOOP("columns", "Type"), "message_type", 105),
    Column("category", QT_TRANSLATE_NOOP("columns", "Category"), "category", 120),
    Column("priority", QT_TRANSLATE_NOOP("columns", "Priority"), "priority", 105),
    Column("status", QT_TRANSLATE_NOOP("columns", "Status"), "status", 145),
    Column("attempts", QT_TRANSLATE_NOOP("columns", "Attempts"), "attempt_count", 72),
    Column("next_retry", QT_TRANSLATE_NOOP("columns", "Next retry"), "next_retry_at", 165),
    Column("error", QT_TRANSLATE_NOOP("columns", "Last error"), "error_message", 240),
    Column("provider_id", QT_TRANSLATE_NOOP("columns", "Provider id"), "provider_message_id", 170),
)

INDEX = {column.key: number for number, column in enumerate(COLUMNS)}

# Left to right as first shown (and after "Reset columns"): what operators read first, with
# Last error on screen at 1440 px; COLUMNS keeps the model's column numbers.
DEFAULT_ORDER = ("id", "created", "phone", "recipient", "status", "attempts", "next_retry", "error", "type", "source_app", "category", "priority", "provider_id")
HIDDEN_BY_DEFAULT: frozenset[str] = frozenset()
