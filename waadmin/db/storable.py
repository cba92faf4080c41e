"""Values made storable before they are written, so that a provider's answer can never be the
reason a send's result is lost.

PostgreSQL refuses a NUL character in text and in jsonb ("\\u0000 cannot be converted to text"),
and a provider's answer can be of any size. A result that cannot be written leaves the row in
`sending`, and lease recovery would send the message again although the provider had taken it;
so every text and JSON value of a send's result passes through here first.
"""

from __future__ import annotations

import json
from typing import Any

# provider_response keeps at most this much (as JSON); the rest is replaced by an excerpt.
RESPONSE_LIMIT = 16_000
ERROR_MESSAGE_LIMIT = 2_000
_NESTING_LIMIT = 40  # deeper than any real answer; a hostile one is cut there


def text(value: str | None, limit: int | None = None) -> str:
    """NUL characters removed (and lone surrogates, which no encoder takes), then cut to ``limit``."""
    if not value:
        return ""
    cleaned = value.replace("\x00", "")
    if any("\ud800" <= ch <= "\udfff" for ch in cleaned):
        cleaned = cleaned.encode("utf-8", "replace").decode("utf-8")
    if limit is not None and len(cleaned) > limit:
        cleaned = cleaned[: limit - 1] + "…"
    return cleaned


def _clean(value: Any, depth: int) -> Any:
    if depth > _NESTING_LIMIT:
        return "…"
    if isinstance(value, str):
        return text(value)
    if isinstance(value, dict):
        return {text(str(k)): _clean(v, depth + 1) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v, depth + 1) for v in value]
    if isinstance(value, float) and value != value:  # NaN: not JSON
        return None
    if value is None or isinstance(value, bool | int | float):
        return value
    return text(str(value))


def response(value: dict[str, Any] | None, limit: int = RESPONSE_LIMIT) -> dict[str, Any] | None:
    """A provider_response the database will take: no NUL anywhere, at most ``limit`` characters
    of JSON. An answer over the limit keeps its top-level keys but for ``body``, which becomes an
    excerpt (the part a person reads to diagnose)."""
    if value is None:
        return None
    cleaned = _clean(value, 0)
    encoded = json.dumps(cleaned, ensure_ascii=False, default=str)
    if len(encoded) <= limit:
        return cleaned
    body = cleaned.pop("body", None) if isinstance(cleaned, dict) else None
    kept = cleaned if isinstance(cleaned, dict) else {"result": str(cleaned)[:200]}
    room = max(limit - len(json.dumps(kept, ensure_ascii=False, default=str)) - 200, 200)
    if body is not None:
        kept["body_excerpt"] = text(json.dumps(body, ensure_ascii=False, default=str) if not isinstance(body, str) else body, room)
    kept["truncated"] = f"answer of {len(encoded):,} characters cut to {limit:,}"
    return kept


def minimal_response(value: dict[str, Any] | None) -> dict[str, Any]:
    """The last resort when even a cleaned answer cannot be written: what the Django app reads."""
    source = value or {}
    return {
        "result": text(str(source.get("result", "ok")), 200),
        "timestamp": text(str(source.get("timestamp", "")), 40),
        "note": "the provider's answer could not be stored",
    }
