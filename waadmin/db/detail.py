"""One attempt in full, with its webhook logs; and short facts about several attempts."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import or_, select

from waadmin.db.database import Database
from waadmin.db.filtering import recipient_name
from waadmin.db.models import CustomUser
from waadmin.db.rows import AttemptDetail, WebhookRow
from waadmin.db.webhook_store import webhook_columns, webhook_row
from waadmin.domain import anomalies
from waadmin.domain.clock import utcnow


@dataclass(frozen=True)
class Brief:
    id: int
    phone_number: str
    message_type: str
    source_app: str | None
    status: str
    attempt_count: int
    max_attempts: int


def get_attempt(database: Database, attempt_id: int) -> AttemptDetail | None:
    layout = database.layout
    a = layout.attempt
    w = layout.webhook
    columns = [c for c in a.__table__.columns]
    query = select(*columns, recipient_name(database.has_users).label("recipient"))
    if database.has_users:
        query = query.add_columns(CustomUser.telephone.label("recipient_phone")).select_from(a).outerjoin(
            CustomUser, CustomUser.id == a.user_id
        )
    query = query.where(a.id == attempt_id)
    with database.read() as conn:
        row = conn.execute(query).first()
        if row is None:
            return None
        m = row._mapping
        # Logs linked to it, and logs that carry its provider id but were never linked.
        match = w.message_attempt_id == attempt_id
        if m["provider_message_id"]:
            match = or_(match, w.provider_message_id == m["provider_message_id"])
        hooks = conn.execute(select(*webhook_columns(w)).where(match).order_by(w.received_at.desc(), w.id.desc()).limit(500)).all()
    return AttemptDetail(
        id=m["id"],
        user_id=m["user_id"],
        recipient=m["recipient"],
        recipient_phone=m.get("recipient_phone"),
        phone_number=m["phone_number"] or "",
        source_app=m.get("source_app"),
        message_type=m["message_type"] or "",
        category=m["category"] or "",
        priority=m["priority"],
        title=m["title"] or "",
        message_content=m["message_content"] or "",
        status=m["status"] or "",
        attempt_count=m["attempt_count"] if m["attempt_count"] is not None else 0,
        max_attempts=m["max_attempts"] if m["max_attempts"] is not None else 0,
        created_at=m["created_at"],
        first_attempt_at=m["first_attempt_at"],
        last_attempt_at=m["last_attempt_at"],
        next_retry_at=m["next_retry_at"],
        sent_at=m["sent_at"],
        delivered_at=m["delivered_at"],
        provider_message_id=m["provider_message_id"] or "",
        provider_response=m["provider_response"],
        error_message=m["error_message"] or "",
        error_code=m["error_code"] or "",
        sender_role=m["sender_role"] or "",
        region_override=m["region_override"],
        context_data=m["context_data"],
        retry_delay_seconds=m["retry_delay_seconds"] if m["retry_delay_seconds"] is not None else 300,
        exponential_backoff=bool(m["exponential_backoff"]) if m["exponential_backoff"] is not None else True,
        webhooks=[webhook_row(h) for h in hooks],
        anomalies=anomalies.find(
            status=m["status"],
            message_type=m["message_type"],
            attempt_count=m["attempt_count"],
            max_attempts=m["max_attempts"],
            phone_number=m["phone_number"],
            created_at=m["created_at"],
            now=utcnow(),
        ),
    )


def brief_attempts(database: Database, ids: list[int]) -> dict[int, Brief]:
    if not ids:
        return {}
    layout = database.layout
    a = layout.attempt
    query = select(
        a.id, a.phone_number, a.message_type, layout.source_app(), a.status, a.attempt_count, a.max_attempts
    ).where(a.id.in_(ids))
    with database.read() as conn:
        return {
            row[0]: Brief(row[0], row[1] or "", row[2] or "", row[3], row[4] or "", row[5] or 0, row[6] or 0)
            for row in conn.execute(query).all()
        }


__all__ = ["Brief", "WebhookRow", "brief_attempts", "get_attempt"]
