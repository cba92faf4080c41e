"""Rows for tests, written through the same insert path the demo uses."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select

from waadmin.db.database import Database, open_database
from waadmin.db.inserts import insert_attempts
from waadmin.domain.clock import utcnow

_counter = [0]


def attempt(database: Database, **fields: Any) -> int:
    _counter[0] += 1
    values: dict[str, Any] = {
        "phone_number": f"+2237{_counter[0]:07d}",
        "message_content": f"Message de test #{_counter[0]}",
        "source_app": "agent_mali",
    }
    values.update(fields)
    return insert_attempts(database, [values])[0]


def due_retry(database: Database, **fields: Any) -> int:
    values: dict[str, Any] = {
        "status": "failed_retry",
        "attempt_count": 1,
        "next_retry_at": utcnow() - timedelta(minutes=1),
        "created_at": utcnow() - timedelta(minutes=20),
    }
    values.update(fields)
    return attempt(database, **values)


def row(database: Database, attempt_id: int) -> dict[str, Any]:
    a = database.layout.attempt
    with database.read() as conn:
        found = conn.execute(select(a).where(a.id == attempt_id)).first()
    assert found is not None, f"attempt {attempt_id} missing"
    return dict(found._mapping)


def minutes_ago(n: float) -> datetime:
    return utcnow() - timedelta(minutes=n)


def statuses_at(url: str) -> Counter[str]:
    """How many attempts are in each status, read through a connection of its own (for tests
    where the app or another process holds the database)."""
    database = open_database(url)
    try:
        a = database.layout.attempt
        with database.read() as conn:
            return Counter(conn.execute(select(a.status)).scalars())
    finally:
        database.dispose()
