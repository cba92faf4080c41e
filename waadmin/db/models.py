"""SQLAlchemy models of the Django tables, in both layouts, and the optional user table.

V2 (``whatsapp_monitoring_app``) has ``source_app``; V1 (``agent_chine_app``) has not and keeps
``region_override`` NOT NULL. Columns, NULL rules and index names follow the reference's
migration exactly, so a database created here is one the Django app can use unchanged. Django
puts no defaults in the database, which is why every column is written explicitly on insert.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Identity,
    Index,
    Integer,
    MetaData,
    String,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

from waadmin.db.types import DjangoJSON, UTCDateTime

# bigint everywhere but SQLite, where only "integer primary key" is the rowid alias Django uses.
BigId = BigInteger().with_variant(Integer(), "sqlite")
FkId = BigInteger()

USER_TABLE = "authentication_customuser"


def django_names_digest(*parts: str, length: int) -> str:
    """Django's ``names_digest``: how it names implicit FK indexes."""
    digest = hashlib.md5(usedforsecurity=False)
    for part in parts:
        digest.update(part.encode())
    return digest.hexdigest()[:length]


def django_fk_name(table: str, column: str, to_table: str, to_column: str = "id", max_length: int = 63) -> str:
    """Django's ``_fk_constraint_name`` on PostgreSQL: the digest and target shortened so the name
    fits the server's 63 characters, as ``_create_index_name`` does."""
    hashed = f"{django_names_digest(table, column, length=8)}_fk_{to_table}_{to_column}"
    name = f"{table}_{column}_{hashed}"
    if len(name) <= max_length:
        return name
    if len(hashed) > max_length // 3:
        hashed = hashed[: max_length // 3]
    other = (max_length - len(hashed)) // 2 - 1
    return f"{table[:other]}_{column[:other]}_{hashed}"


def django_fk_index_name(table: str, column: str) -> str:
    return f"{table}_{column}_{django_names_digest(table, column, length=8)}"


def _json_check(table: str, column: str) -> CheckConstraint:
    # Django's SQLite JSONField check; PostgreSQL validates jsonb itself.
    return CheckConstraint(
        f'(JSON_VALID("{column}") OR "{column}" IS NULL)', name=f"{table}_{column}_json_valid"
    ).ddl_if(dialect="sqlite")


class _AttemptColumns:
    """Columns shared by both layouts, in the reference's order."""

    id: Mapped[int] = mapped_column(BigId, Identity(), primary_key=True, sort_order=10)
    user_id: Mapped[int | None] = mapped_column(FkId, nullable=True, sort_order=20)
    phone_number: Mapped[str] = mapped_column(String(20), sort_order=30)
    message_type: Mapped[str] = mapped_column(String(20), sort_order=40)
    category: Mapped[str] = mapped_column(String(50), sort_order=50)
    priority: Mapped[int] = mapped_column(Integer, sort_order=60)
    title: Mapped[str] = mapped_column(String(200), sort_order=70)
    message_content: Mapped[str] = mapped_column(Text, sort_order=80)
    status: Mapped[str] = mapped_column(String(20), sort_order=90)
    attempt_count: Mapped[int] = mapped_column(Integer, sort_order=100)
    max_attempts: Mapped[int] = mapped_column(Integer, sort_order=110)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, sort_order=120)
    first_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True, sort_order=130)
    last_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True, sort_order=140)
    next_retry_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True, sort_order=150)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True, sort_order=160)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True, sort_order=170)
    provider_message_id: Mapped[str] = mapped_column(String(100), sort_order=180)
    provider_response: Mapped[Any] = mapped_column(DjangoJSON, sort_order=190)
    error_message: Mapped[str] = mapped_column(Text, sort_order=200)
    error_code: Mapped[str] = mapped_column(String(50), sort_order=210)
    sender_role: Mapped[str] = mapped_column(String(50), sort_order=220)
    context_data: Mapped[Any] = mapped_column(DjangoJSON, sort_order=230)
    retry_delay_seconds: Mapped[int] = mapped_column(Integer, sort_order=240)
    exponential_backoff: Mapped[bool] = mapped_column(Boolean, sort_order=250)


class _WebhookColumns:
    id: Mapped[int] = mapped_column(BigId, Identity(), primary_key=True, sort_order=10)
    provider_message_id: Mapped[str] = mapped_column(String(100), sort_order=20)
    webhook_type: Mapped[str] = mapped_column(String(50), sort_order=30)
    status: Mapped[str] = mapped_column(String(50), sort_order=40)
    raw_payload: Mapped[Any] = mapped_column(DjangoJSON, sort_order=50)
    processed: Mapped[bool] = mapped_column(Boolean, sort_order=60)
    processing_error: Mapped[str] = mapped_column(Text, sort_order=70)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, sort_order=80)
    processed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True, sort_order=90)


# --- V2: whatsapp_monitoring_app -------------------------------------------------------------

class V2Base(DeclarativeBase):
    metadata = MetaData()


class AttemptV2(_AttemptColumns, V2Base):
    __tablename__ = "whatsapp_monitoring_attempts"

    source_app: Mapped[str] = mapped_column(String(20), sort_order=35)
    # Migration 0002 made region_override nullable in V2.
    region_override: Mapped[str | None] = mapped_column(String(20), nullable=True, sort_order=225)

    __table_args__ = (
        Index("whatsapp_mo_status_0137b6_idx", "status", "created_at"),
        Index("whatsapp_mo_phone_n_b16804_idx", "phone_number", "created_at"),
        Index("whatsapp_mo_next_re_a2d7f4_idx", "next_retry_at"),
        Index("whatsapp_mo_status_f1a440_idx", "status", "priority", "created_at"),
        Index("whatsapp_mo_source__def115_idx", "source_app", "status"),
        Index("whatsapp_mo_message_a5fc14_idx", "message_type", "status"),
        Index(django_fk_index_name("whatsapp_monitoring_attempts", "user_id"), "user_id"),
        _json_check("whatsapp_monitoring_attempts", "provider_response"),
        _json_check("whatsapp_monitoring_attempts", "context_data"),
        {"sqlite_autoincrement": True},
    )


class WebhookV2(_WebhookColumns, V2Base):
    __tablename__ = "whatsapp_monitoring_webhooks"

    @declared_attr
    def message_attempt_id(cls) -> Mapped[int | None]:
        return mapped_column(
            FkId,
            ForeignKey(
                "whatsapp_monitoring_attempts.id", deferrable=True, initially="DEFERRED"
            ),
            nullable=True,
            sort_order=15,
        )

    __table_args__ = (
        Index("whatsapp_mo_provide_0caecd_idx", "provider_message_id"),
        Index("whatsapp_mo_process_6c530b_idx", "processed", "received_at"),
        Index("whatsapp_mo_webhook_47611c_idx", "webhook_type", "received_at"),
        Index(
            django_fk_index_name("whatsapp_monitoring_webhooks", "message_attempt_id"),
            "message_attempt_id",
        ),
        _json_check("whatsapp_monitoring_webhooks", "raw_payload"),
        {"sqlite_autoincrement": True},
    )


# --- V1: agent_chine_app ---------------------------------------------------------------------

class V1Base(DeclarativeBase):
    metadata = MetaData()


class AttemptV1(_AttemptColumns, V1Base):
    __tablename__ = "agent_chine_whatsapp_monitoring"

    region_override: Mapped[str] = mapped_column(String(20), sort_order=225)

    __table_args__ = (
        Index("agent_chine_status_e25a99_idx", "status", "created_at"),
        Index("agent_chine_phone_n_b47e8d_idx", "phone_number", "created_at"),
        Index("agent_chine_next_re_7e6f2f_idx", "next_retry_at"),
        Index("agent_chine_status_dbe992_idx", "status", "priority", "created_at"),
        Index(django_fk_index_name("agent_chine_whatsapp_monitoring", "user_id"), "user_id"),
        _json_check("agent_chine_whatsapp_monitoring", "provider_response"),
        _json_check("agent_chine_whatsapp_monitoring", "context_data"),
        {"sqlite_autoincrement": True},
    )


class WebhookV1(_WebhookColumns, V1Base):
    __tablename__ = "agent_chine_whatsapp_webhooks"

    @declared_attr
    def message_attempt_id(cls) -> Mapped[int | None]:
        return mapped_column(
            FkId,
            ForeignKey(
                "agent_chine_whatsapp_monitoring.id", deferrable=True, initially="DEFERRED"
            ),
            nullable=True,
            sort_order=15,
        )

    __table_args__ = (
        Index("agent_chine_provide_e5cd0f_idx", "provider_message_id"),
        Index("agent_chine_process_404962_idx", "processed", "received_at"),
        Index(
            django_fk_index_name("agent_chine_whatsapp_webhooks", "message_attempt_id"),
            "message_attempt_id",
        ),
        _json_check("agent_chine_whatsapp_webhooks", "raw_payload"),
        {"sqlite_autoincrement": True},
    )


# --- The Django user table: read when present, never required -------------------------------

class UserBase(DeclarativeBase):
    metadata = MetaData()


class CustomUser(UserBase):
    """``authentication.CustomUser`` after the reference's three migrations: waadmin reads the
    names and the demo fills every column. The table itself is made by
    :mod:`waadmin.db.django_users`, with the tables and migration records Django expects."""

    __tablename__ = USER_TABLE

    id: Mapped[int] = mapped_column(BigId, Identity(), primary_key=True)
    password: Mapped[str] = mapped_column(String(128))
    last_login: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    is_superuser: Mapped[bool] = mapped_column(Boolean)
    first_name: Mapped[str] = mapped_column(String(150))
    last_name: Mapped[str] = mapped_column(String(150))
    email: Mapped[str] = mapped_column(String(254))
    is_staff: Mapped[bool] = mapped_column(Boolean)
    is_active: Mapped[bool] = mapped_column(Boolean)
    date_joined: Mapped[datetime] = mapped_column(UTCDateTime)
    telephone: Mapped[str] = mapped_column(String(15), unique=True)
    role: Mapped[str] = mapped_column(String(20))
    is_agent_chine: Mapped[bool] = mapped_column(Boolean)
    is_agent_mali: Mapped[bool] = mapped_column(Boolean)
    is_admin_chine: Mapped[bool] = mapped_column(Boolean)
    is_admin_mali: Mapped[bool] = mapped_column(Boolean)
    is_client: Mapped[bool] = mapped_column(Boolean)
    # Added by the reference's authentication 0003 (§8.2); Django's own code selects it with every
    # user it loads, so a user table without it fails every send of the Django app.
    has_changed_default_password: Mapped[bool] = mapped_column(Boolean, default=False)

    __table_args__ = ({"sqlite_autoincrement": True},)


AttemptModel = type[AttemptV2] | type[AttemptV1]
WebhookModel = type[WebhookV2] | type[WebhookV1]
