"""Case-insensitive substring matching with the user's text taken literally: LIKE wildcards
and the escape character in it are escaped, and it always travels as a bound parameter."""

from __future__ import annotations

from sqlalchemy.sql.elements import ColumnElement

LIKE_ESCAPE = "\\"


def escape_like(term: str) -> str:
    return (
        term.replace(LIKE_ESCAPE, LIKE_ESCAPE * 2)
        .replace("%", LIKE_ESCAPE + "%")
        .replace("_", LIKE_ESCAPE + "_")
    )


def contains(column: ColumnElement[str], term: str) -> ColumnElement[bool]:
    """Case-insensitive substring match that treats %, _ and quotes as plain text."""
    return column.ilike(f"%{escape_like(term)}%", escape=LIKE_ESCAPE)
