"""What the provider answered about an attempt, as waadmin shows or exports it: the message's
secrets masked wherever the provider echoed them (provider_response, the error message that
quotes the provider, webhook payloads), unless revealed. One place, so `waadmin show`, the
detail window, exports and the webhooks tab hide the same things (waadmin.domain.redaction)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from waadmin.db import webhook_store
from waadmin.db.database import Database
from waadmin.db.rows import AttemptDetail, WebhookRow
from waadmin.db.types import InvalidJSON
from waadmin.domain import redaction
from waadmin.domain.filters import WebhookFilter


@dataclass(frozen=True)
class Message:
    """What masking an answer needs to know of the message it answers."""

    message_type: str = ""
    category: str = ""
    body: str = ""


def answer(value: Any, message: Message) -> Any:
    """``value`` (parsed JSON, text, or an unparsable stored text) with the message's secrets masked."""
    if isinstance(value, InvalidJSON):
        return InvalidJSON(str(answer(value.raw, message)))
    return redaction.redact_answer(value, body=message.body, message_type=message.message_type, category=message.category)


@dataclass(frozen=True)
class ShownAnswers:
    provider_response: Any
    error_message: str
    payloads: list[Any] = field(default_factory=list)  # one per webhook log, in the detail's order
    hides: bool = False  # something was masked (a reveal would show more)


def of_detail(detail: AttemptDetail, *, reveal: bool = False) -> ShownAnswers:
    """The detail's provider answers as shown: masked, or as stored when revealed (``hides``
    still says whether a mask would have been needed, for the reveal's audit)."""
    message = Message(detail.message_type, detail.category, detail.message_content)
    masked = ShownAnswers(
        answer(detail.provider_response, message),
        str(answer(detail.error_message, message)),
        [answer(w.raw_payload, message) for w in detail.webhooks],
    )
    hides = (
        masked.provider_response != detail.provider_response
        or masked.error_message != detail.error_message
        or masked.payloads != [w.raw_payload for w in detail.webhooks]
    )
    if reveal:
        return ShownAnswers(detail.provider_response, detail.error_message, [w.raw_payload for w in detail.webhooks], hides)
    return ShownAnswers(masked.provider_response, masked.error_message, masked.payloads, hides)


@dataclass(frozen=True)
class ShownWebhooks:
    rows: list[WebhookRow]
    payloads: list[Any]  # each row's raw_payload, masked with its attempt's message


def list_webhooks(database: Database, flt: WebhookFilter = WebhookFilter(), **options: Any) -> ShownWebhooks:
    """The webhooks tab's page: the logs, and their payloads masked with the message of the
    attempt each is linked to (the rules alone for a log linked to none)."""
    rows = webhook_store.list_webhooks(database, flt, **options)
    messages = webhook_store.attempt_messages(database, [r.message_attempt_id for r in rows if r.message_attempt_id])
    payloads = []
    for row in rows:
        kind, category, body = messages.get(row.message_attempt_id or 0, ("", "", ""))
        payloads.append(answer(row.raw_payload, Message(kind, category, body)))
    return ShownWebhooks(rows, payloads)
