"""Insert attempt and webhook rows the way Django's ``objects.create`` would fill them.

Django keeps its defaults in Python, not in the database, so every NOT NULL column is written
here explicitly with the model's default.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import insert

from waadmin.db.database import Database
from waadmin.db.layout import Layout
from waadmin.domain import backoff, message_types, priorities
from waadmin.domain.clock import utcnow
from waadmin.domain.statuses import Status

_CHUNK = 2_000


def attempt_defaults(layout: Layout, now: datetime | None = None) -> dict[str, Any]:
    values: dict[str, Any] = {
        "user_id": None,
        "message_type": message_types.DEFAULT,
        "category": "",
        "priority": priorities.DEFAULT,
        "title": "",
        "status": Status.PENDING,
        "attempt_count": 0,
        "max_attempts": 3,
        "created_at": now or utcnow(),
        "first_attempt_at": None,
        "last_attempt_at": None,
        "next_retry_at": None,
        "sent_at": None,
        "delivered_at": None,
        "provider_message_id": "",
        "provider_response": {},
        "error_message": "",
        "error_code": "",
        "sender_role": "",
        "context_data": {},
        "retry_delay_seconds": backoff.DEFAULT_BASE_SECONDS,
        "exponential_backoff": True,
        # V1 keeps region_override NOT NULL with '' as default; V2 allows NULL.
        "region_override": None if layout.has_source_app else "",
    }
    if layout.has_source_app:
        values["source_app"] = "system"
    return values


def attempt_values(layout: Layout, fields: Mapping[str, Any], now: datetime | None = None) -> dict[str, Any]:
    values = attempt_defaults(layout, now)
    for key, value in fields.items():
        if key == "source_app" and not layout.has_source_app:
            continue
        values[key] = value
    if "phone_number" not in values or "message_content" not in values:
        raise ValueError("an attempt needs phone_number and message_content")
    if not layout.has_source_app and values.get("region_override") is None:
        values["region_override"] = ""
    return values


def insert_attempts(database: Database, rows: Iterable[Mapping[str, Any]], *, returning_ids: bool = True) -> list[int]:
    layout = database.layout
    now = utcnow()
    batch: list[dict[str, Any]] = []
    ids: list[int] = []

    def flush() -> None:
        if not batch:
            return
        with database.write("add attempts") as conn:
            if returning_ids:
                for values in batch:
                    ids.append(conn.execute(insert(layout.attempt).values(**values).returning(layout.attempt.id)).scalar_one())
            else:
                conn.execute(insert(layout.attempt), batch)
        batch.clear()

    for fields in rows:
        batch.append(attempt_values(layout, fields, now))
        if len(batch) >= _CHUNK:
            flush()
    flush()
    return ids


def webhook_values(fields: Mapping[str, Any], now: datetime | None = None) -> dict[str, Any]:
    values: dict[str, Any] = {
        "message_attempt_id": None,
        "provider_message_id": "",
        "webhook_type": "status",
        "status": "unknown",
        "raw_payload": {},
        "processed": False,
        "processing_error": "",
        "received_at": now or utcnow(),
        "processed_at": None,
    }
    values.update(fields)
    return values


def insert_webhooks(database: Database, rows: Iterable[Mapping[str, Any]]) -> list[int]:
    webhook = database.layout.webhook
    now = utcnow()
    ids: list[int] = []
    with database.write("add webhook logs") as conn:
        for fields in rows:
            ids.append(conn.execute(insert(webhook).values(**webhook_values(fields, now)).returning(webhook.id)).scalar_one())
    return ids
