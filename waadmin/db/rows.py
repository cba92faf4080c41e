"""Plain rows handed to the UI and CLI: no SQLAlchemy objects leave the database layer."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class AttemptRow:
    """One line of the attempts list (the message body stays in the database)."""

    id: int
    created_at: datetime | None
    phone_number: str
    recipient: str | None
    source_app: str | None
    message_type: str
    category: str
    priority: int | None
    status: str
    attempt_count: int
    max_attempts: int
    next_retry_at: datetime | None
    last_attempt_at: datetime | None
    sent_at: datetime | None
    error_code: str
    error_message: str  # first 200 characters
    provider_message_id: str
    region_override: str | None
    title: str
    anomalies: tuple[str, ...] = ()


@dataclass(frozen=True)
class WebhookRow:
    id: int
    message_attempt_id: int | None
    provider_message_id: str
    webhook_type: str
    status: str
    raw_payload: Any
    processed: bool
    processing_error: str
    received_at: datetime | None
    processed_at: datetime | None


@dataclass(frozen=True)
class AttemptDetail:
    id: int
    user_id: int | None
    recipient: str | None
    recipient_phone: str | None
    phone_number: str
    source_app: str | None
    message_type: str
    category: str
    priority: int | None
    title: str
    message_content: str
    status: str
    attempt_count: int
    max_attempts: int
    created_at: datetime | None
    first_attempt_at: datetime | None
    last_attempt_at: datetime | None
    next_retry_at: datetime | None
    sent_at: datetime | None
    delivered_at: datetime | None
    provider_message_id: str
    provider_response: Any
    error_message: str
    error_code: str
    sender_role: str
    region_override: str | None
    context_data: Any
    retry_delay_seconds: int
    exponential_backoff: bool
    webhooks: list[WebhookRow] = field(default_factory=list)
    anomalies: tuple[str, ...] = ()
