"""The waadmin_audit_log table: who changed what through waadmin. waadmin's own table, created
on first use; it never alters the Django tables."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Integer, MetaData, String, Text, desc, insert, inspect, select, update
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from waadmin.db.database import Database
from waadmin.db.models import BigId
from waadmin.db.types import DjangoJSON, UTCDateTime

AUDIT_TABLE = "waadmin_audit_log"


class AuditBase(DeclarativeBase):
    metadata = MetaData()


class AuditLog(AuditBase):
    __tablename__ = AUDIT_TABLE

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    os_user: Mapped[str] = mapped_column(String(150))
    host: Mapped[str] = mapped_column(String(255))
    interface: Mapped[str] = mapped_column(String(10))  # "gui" or "cli"
    action: Mapped[str] = mapped_column(String(50), index=True)
    target: Mapped[str] = mapped_column(Text)  # ids, or the filter in words
    row_count: Mapped[int] = mapped_column(Integer)
    result: Mapped[str] = mapped_column(String(20))
    details: Mapped[Any] = mapped_column(DjangoJSON)
    app_version: Mapped[str] = mapped_column(String(20))

    __table_args__ = ({"sqlite_autoincrement": True},)


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: datetime | None
    os_user: str
    host: str
    interface: str
    action: str
    target: str
    row_count: int
    result: str
    details: Any
    app_version: str


def ensure_table(database: Database) -> None:
    with database.engine.begin() as conn:
        if AUDIT_TABLE not in inspect(conn).get_table_names():
            AuditBase.metadata.create_all(conn, checkfirst=True)


def table_exists(database: Database) -> bool:
    with database.read() as conn:
        return AUDIT_TABLE in inspect(conn).get_table_names()


def insert_entry(database: Database, values: dict[str, Any]) -> int:
    # Not database.write(): a read-only profile still records what it revealed.
    with database.engine.begin() as conn:
        return int(conn.execute(insert(AuditLog).values(**values).returning(AuditLog.id)).scalar_one())


def update_entry(database: Database, entry_id: int, values: dict[str, Any]) -> bool:
    """Complete an entry written when its action started (a run that is killed keeps it
    "in_progress", so the audit still shows it happened)."""
    with database.engine.begin() as conn:
        return conn.execute(update(AuditLog).where(AuditLog.id == entry_id).values(**values)).rowcount == 1


def list_entries(
    database: Database,
    *,
    action: str | None = None,
    since: datetime | None = None,
    search: str = "",
    limit: int = 500,
) -> list[AuditRow]:
    from waadmin.db.like import contains

    if not table_exists(database):
        return []  # nothing has been audited in this database yet
    query = select(AuditLog)
    if action:
        query = query.where(AuditLog.action == action)
    if since is not None:
        query = query.where(AuditLog.at >= since)
    if search.strip():
        term = search.strip()
        from sqlalchemy import or_

        query = query.where(or_(contains(AuditLog.target, term), contains(AuditLog.os_user, term), contains(AuditLog.action, term)))
    query = query.order_by(desc(AuditLog.id)).limit(limit)
    with database.read() as conn:
        rows = conn.execute(query).all()
    return [AuditRow(*(getattr(r, c.name) for c in AuditLog.__table__.columns)) for r in rows]
