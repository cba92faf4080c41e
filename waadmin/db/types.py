"""Column types that read and write what Django stores.

On SQLite Django keeps datetimes as naive UTC text (``str(datetime)``: "2025-10-01 12:00:00" or
with ".ffffff") and JSON as text. On PostgreSQL they are timestamptz and jsonb. Values read back
are always aware UTC datetimes and parsed JSON; text that does not parse comes back marked
instead of raising, because a hand-edited Django row must not crash a listing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime, Text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.types import String, TypeDecorator, TypeEngine


class _DjangoSQLiteDateTime(String):
    """Plain text on the wire, declared as Django declares it ("datetime")."""

    __visit_name__ = "django_sqlite_datetime"


@compiles(_DjangoSQLiteDateTime)
def _compile_sqlite_datetime(element: Any, compiler: Any, **kw: Any) -> str:
    return "datetime"


@dataclass(frozen=True)
class InvalidJSON:
    """A JSON column whose stored text does not parse; shown as-is, never rewritten."""

    raw: str

    def __str__(self) -> str:
        return self.raw


def parse_sqlite_datetime(value: Any) -> datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        parsed = value
    else:
        text = str(value).strip()
        try:
            parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            return None
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def format_sqlite_datetime(value: datetime) -> str:
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return str(value)  # exactly Django's adapt_datetimefield_value on SQLite


class UTCDateTime(TypeDecorator[datetime]):
    impl = DateTime(timezone=True)
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "sqlite":
            return dialect.type_descriptor(_DjangoSQLiteDateTime())
        return dialect.type_descriptor(DateTime(timezone=True))

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        if dialect.name == "sqlite":
            return format_sqlite_datetime(value)
        return value.astimezone(UTC)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if dialect.name == "sqlite" or not isinstance(value, datetime):
            return parse_sqlite_datetime(value)
        return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)


class DjangoJSON(TypeDecorator[Any]):
    """jsonb on PostgreSQL, text with a JSON_VALID check on SQLite (the check lives on the table)."""

    impl = Text
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "postgresql":
            return dialect.type_descriptor(JSONB())
        return dialect.type_descriptor(Text())

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        if isinstance(value, InvalidJSON):
            value = {"invalid_json": value.raw}
        if dialect.name == "postgresql":
            return value
        if value is None:
            return None
        return json.dumps(value, ensure_ascii=False, default=str)

    def process_result_value(self, value: Any, dialect: Dialect) -> Any:
        if value is None or dialect.name == "postgresql":
            return value
        if isinstance(value, bytes):
            value = value.decode("utf-8", "replace")
        if not isinstance(value, str):
            return value
        try:
            return json.loads(value)
        except ValueError:
            return InvalidJSON(value)
