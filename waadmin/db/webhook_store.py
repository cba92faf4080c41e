"""Webhook log rows: listing, matching to attempts, marking processed."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.engine import Connection, Row
from sqlalchemy.sql.elements import ColumnElement

from waadmin.db import short_reads
from waadmin.db.database import Database
from waadmin.db.layout import Layout
from waadmin.db.like import contains
from waadmin.db.rows import WebhookRow
from waadmin.domain.filters import WebhookFilter


def webhook_columns(w: Any) -> list[ColumnElement[Any]]:
    return [
        w.id,
        w.message_attempt_id,
        w.provider_message_id,
        w.webhook_type,
        w.status,
        w.raw_payload,
        w.processed,
        w.processing_error,
        w.received_at,
        w.processed_at,
    ]


def webhook_row(row: Row[Any]) -> WebhookRow:
    m = row._mapping
    return WebhookRow(
        id=m["id"],
        message_attempt_id=m["message_attempt_id"],
        provider_message_id=m["provider_message_id"] or "",
        webhook_type=m["webhook_type"] or "",
        status=m["status"] or "",
        raw_payload=m["raw_payload"],
        processed=bool(m["processed"]),
        processing_error=m["processing_error"] or "",
        received_at=m["received_at"],
        processed_at=m["processed_at"],
    )


def _where(layout: Layout, flt: WebhookFilter) -> list[ColumnElement[bool]]:
    w = layout.webhook
    clauses: list[ColumnElement[bool]] = []
    if flt.processed is not None:
        clauses.append(w.processed == flt.processed)
    if flt.attempt_id is not None:
        clauses.append(w.message_attempt_id == flt.attempt_id)
    if flt.errors_only:
        clauses.append(w.processing_error != "")
    if flt.ids:
        clauses.append(w.id.in_(sorted(flt.ids)))
    term = flt.search.strip()
    if term:
        from sqlalchemy import or_

        clauses.append(or_(contains(w.provider_message_id, term), contains(w.status, term), contains(w.webhook_type, term)))
    return clauses


def list_webhooks(database: Database, flt: WebhookFilter = WebhookFilter(), *, before_id: int | None = None, limit: int = 200) -> list[WebhookRow]:
    """Newest first, keyset on id. On an SQLite file in rollback-journal mode a page whose
    filter is rare (unprocessed logs, a search) would read far into the table in one
    transaction while the Django app waits to save: past the short-read budget it is read
    again in id slices from the newest down, each its own short transaction, until the page
    is full (the same rows in the same order)."""
    w = database.layout.webhook
    limit = max(1, min(limit, 5000))
    query = select(*webhook_columns(w)).where(*_where(database.layout, flt))
    if before_id is not None:
        query = query.where(w.id < before_id)
    query = query.order_by(w.id.desc())
    slicing = short_reads.Slicing.for_database(database)
    if slicing is None:
        with database.read() as conn:
            return [webhook_row(r) for r in conn.execute(query.limit(limit)).all()]
    try:
        rows = slicing.bounded(lambda conn: conn.execute(query.limit(limit)).all())
    except short_reads.TooLong:
        rows = slicing.id_slices(
            lambda conn, lo, hi: conn.execute(short_reads.range_only(query.where(w.id >= lo, w.id < hi), w).limit(limit)).all(),
            enough=lambda found: len(found) >= limit, column=w.id, below=before_id, descending=True,
        )
    return [webhook_row(r) for r in rows[:limit]]


def count_webhooks(database: Database, flt: WebhookFilter = WebhookFilter()) -> int:
    w = database.layout.webhook
    query = select(func.count()).select_from(w).where(*_where(database.layout, flt))
    slicing = short_reads.Slicing.for_database(database)
    if slicing is None:
        with database.read() as conn:
            return int(conn.execute(query).scalar_one())
    counts = slicing.whole_or_sliced(
        lambda conn: [conn.execute(query).scalar_one()],
        lambda conn, lo, hi: [conn.execute(short_reads.range_only(query.where(w.id >= lo, w.id < hi), w)).scalar_one()],
        column=w.id,
    )
    return sum(int(n) for n in counts)


def iter_webhook_ids(database: Database, flt: WebhookFilter, chunk: int = 200) -> Iterator[list[int]]:
    """The matching ids in ascending chunks, each read in its own short transaction (in id
    slices where a rare filter would read far for one chunk)."""
    w = database.layout.webhook
    last = 0
    slicing = short_reads.Slicing.for_database(database)
    while True:
        query = select(w.id).where(*_where(database.layout, flt), w.id > last).order_by(w.id).limit(chunk)
        if slicing is None:
            with database.read() as conn:
                ids = list(conn.execute(query).scalars())
        else:
            try:
                ids = slicing.bounded(lambda conn, query=query: list(conn.execute(query).scalars()))
            except short_reads.TooLong:
                ids = slicing.id_slices(
                    lambda conn, lo, hi, query=query: list(conn.execute(short_reads.range_only(query.where(w.id >= lo, w.id < hi), w)).scalars()),
                    enough=lambda found: len(found) >= chunk, column=w.id, above=last,
                )[:chunk]
        if not ids:
            return
        yield ids
        last = ids[-1]


def attempt_messages(database: Database, ids: list[int]) -> dict[int, tuple[str, str, str]]:
    """(message_type, category, message_content) of these attempts, for masking what their
    webhook logs echo (a lookup by primary key: a short read)."""
    if not ids:
        return {}
    a = database.layout.attempt
    with database.read() as conn:
        rows = conn.execute(select(a.id, a.message_type, a.category, a.message_content).where(a.id.in_(sorted(set(ids))))).all()
    return {r[0]: (r[1] or "", r[2] or "", r[3] or "") for r in rows}


def load_for_processing(conn: Connection, layout: Layout, webhook_id: int) -> WebhookRow | None:
    w = layout.webhook
    row = conn.execute(select(*webhook_columns(w)).where(w.id == webhook_id)).first()
    return webhook_row(row) if row is not None else None


def matching_attempt_ids(conn: Connection, layout: Layout, provider_message_id: str, limit: int = 20) -> list[int]:
    a = layout.attempt
    if not provider_message_id:
        return []
    return list(conn.execute(select(a.id).where(a.provider_message_id == provider_message_id).order_by(a.id).limit(limit)).scalars())


def mark_processed(conn: Connection, layout: Layout, webhook_id: int, *, attempt_id: int | None, at: datetime) -> None:
    w = layout.webhook
    values: dict[str, Any] = {"processed": True, "processed_at": at, "processing_error": ""}
    if attempt_id is not None:
        values["message_attempt_id"] = attempt_id
    conn.execute(update(w).where(w.id == webhook_id).values(**values).execution_options(synchronize_session=False))


def mark_error(conn: Connection, layout: Layout, webhook_id: int, message: str) -> None:
    """Left unprocessed, so a later reprocess can match it (e.g. once the send recorded its id)."""
    w = layout.webhook
    conn.execute(
        update(w).where(w.id == webhook_id).values(processed=False, processing_error=message).execution_options(synchronize_session=False)
    )
