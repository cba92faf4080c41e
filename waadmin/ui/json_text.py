"""JSON values on one line, as table cells show them."""

from __future__ import annotations

import json
from typing import Any

from waadmin.db.types import InvalidJSON


def compact_json(value: Any) -> str:
    """A webhook payload on one table line."""
    if value is None or value == {}:
        return ""
    if isinstance(value, InvalidJSON):
        return value.raw
    try:
        return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    except (TypeError, ValueError):
        return str(value)
