"""How big the attempts table is, cheaply: the span of its ids, two index lookups. Django never
reuses ids, so the gaps are deletions only."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from waadmin.db.layout import Layout


def id_range(conn: Connection, layout: Layout) -> tuple[int, int] | None:
    """(lowest, highest) attempt id, None when the table is empty. Two scalar subqueries, not
    one SELECT min(), max(): SQLite answers a lone min or max from the index, both at once by
    reading every row."""
    a = layout.attempt
    low, high = conn.execute(select(select(func.min(a.id)).scalar_subquery(), select(func.max(a.id)).scalar_subquery())).one()
    return None if low is None else (int(low), int(high))


def id_span(conn: Connection, layout: Layout) -> int:
    found = id_range(conn, layout)
    return 0 if found is None else found[1] - found[0] + 1
