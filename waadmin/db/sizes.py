"""How big the attempts table is, cheaply: the span of its ids, two index lookups. Django never
reuses ids, so the gaps are deletions only."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from waadmin.db.layout import Layout


def id_span(conn: Connection, layout: Layout) -> int:
    """Highest id - lowest id + 1 (0 for an empty table). Two scalar subqueries, not one
    SELECT min(), max(): SQLite answers a lone min or max from the index, both at once by
    reading every row."""
    a = layout.attempt
    low, high = conn.execute(select(select(func.min(a.id)).scalar_subquery(), select(func.max(a.id)).scalar_subquery())).one()
    return 0 if low is None else int(high) - int(low) + 1
