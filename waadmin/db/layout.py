"""The two Django layouts, and which one an existing database holds."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import String, literal
from sqlalchemy.engine import Connection
from sqlalchemy.sql.elements import ColumnElement

from waadmin.db.models import (
    USER_TABLE,
    AttemptV1,
    AttemptV2,
    V1Base,
    V2Base,
    WebhookV1,
    WebhookV2,
)

USER_COLUMNS = frozenset({"id", "telephone", "first_name", "last_name"})


@dataclass(frozen=True)
class Layout:
    key: str  # "v2" or "v1"
    title: str
    attempt: type  # AttemptV2 | AttemptV1
    webhook: type  # WebhookV2 | WebhookV1
    metadata_owner: type

    @property
    def attempt_table(self) -> str:
        return self.attempt.__tablename__

    @property
    def webhook_table(self) -> str:
        return self.webhook.__tablename__

    @property
    def has_source_app(self) -> bool:
        return hasattr(self.attempt, "source_app")

    def source_app(self) -> ColumnElement[str | None]:
        """The source_app column, or a NULL that reads the same on V1."""
        if self.has_source_app:
            return self.attempt.source_app
        return literal(None, String(20))

    def required_columns(self, which: str) -> frozenset[str]:
        model = self.attempt if which == "attempt" else self.webhook
        return frozenset(c.name for c in model.__table__.columns)


V2 = Layout("v2", "V2 (whatsapp_monitoring_app)", AttemptV2, WebhookV2, V2Base)
V1 = Layout("v1", "V1 (agent_chine_app)", AttemptV1, WebhookV1, V1Base)
LAYOUTS: dict[str, Layout] = {"v2": V2, "v1": V1}


@dataclass(frozen=True)
class Detection:
    layout: Layout | None
    has_users: bool
    missing_columns: tuple[str, ...] = ()
    tables: tuple[str, ...] = ()


def detect(conn: Connection, prefer: str | None = None) -> Detection:
    """Find the layout by its tables; V2 wins when both exist unless ``prefer`` says otherwise."""
    from sqlalchemy import inspect

    inspector = inspect(conn)
    tables = set(inspector.get_table_names())
    order = [LAYOUTS[prefer]] if prefer else [V2, V1]
    layout = next((lay for lay in order if lay.attempt_table in tables), None)
    missing: list[str] = []
    if layout is not None:
        for which, table in (("attempt", layout.attempt_table), ("webhook", layout.webhook_table)):
            if table not in tables:
                missing.append(f"{table} (table)")
                continue
            present = {c["name"] for c in inspector.get_columns(table)}
            missing += [f"{table}.{c}" for c in sorted(layout.required_columns(which) - present)]
    has_users = False
    if USER_TABLE in tables:
        present = {c["name"] for c in inspector.get_columns(USER_TABLE)}
        has_users = present >= USER_COLUMNS
    return Detection(layout, has_users, tuple(missing), tuple(sorted(tables)))
