"""AttemptFilter to SQL. The only place a user's filter becomes a WHERE clause, always through
bound parameters (the search text through waadmin.db.search)."""

from __future__ import annotations

from sqlalchemy import and_, false, func, or_
from sqlalchemy.sql.elements import ColumnElement

from waadmin.db.database import Database
from waadmin.db.figure_attempts import FigureKind, figure_clause
from waadmin.db.like import LIKE_ESCAPE
from waadmin.db.models import CustomUser
from waadmin.db.search import search_clause
from waadmin.domain import error_groups
from waadmin.domain.filters import AttemptFilter


def where_clauses(database: Database, flt: AttemptFilter) -> list[ColumnElement[bool]]:
    """Conditions for ``flt``, on the attempts table alone (no join needed)."""
    layout = database.layout
    a = layout.attempt
    clauses: list[ColumnElement[bool]] = []
    if flt.ids:
        clauses.append(a.id.in_(sorted(flt.ids)))
    if flt.statuses:
        clauses.append(a.status.in_(sorted(flt.statuses)))
    if flt.message_types:
        clauses.append(a.message_type.in_(sorted(flt.message_types)))
    if flt.source_apps:
        if layout.has_source_app:
            clauses.append(a.source_app.in_(sorted(flt.source_apps)))
        else:
            clauses.append(false())  # V1 rows have no source app to match
    if flt.priorities:
        clauses.append(a.priority.in_(sorted(flt.priorities)))
    if flt.categories:
        clauses.append(a.category.in_(sorted(flt.categories)))
    if flt.error_codes:
        clauses.append(a.error_code.in_(sorted(flt.error_codes)))
    if flt.error_like:
        clauses.append(a.error_message.like(error_groups.like_pattern(flt.error_like, LIKE_ESCAPE), escape=LIKE_ESCAPE))
    if flt.regions:
        named = sorted(r for r in flt.regions if r)
        region_parts: list[ColumnElement[bool]] = []
        if named:
            region_parts.append(a.region_override.in_(named))
        if "" in flt.regions:
            region_parts.append(or_(a.region_override.is_(None), a.region_override == ""))
        clauses.append(or_(*region_parts))
    if flt.created_from is not None:
        clauses.append(a.created_at >= flt.created_from)
    if flt.created_to is not None:
        clauses.append(a.created_at < flt.created_to)
    search = search_clause(database, flt.search)
    if search is not None:
        clauses.append(search)
    if flt.figure:
        clauses.append(figure_clause(layout, FigureKind(flt.figure), flt.as_of))
    return clauses


def combined(database: Database, flt: AttemptFilter) -> ColumnElement[bool]:
    clauses = where_clauses(database, flt)
    return and_(*clauses) if clauses else and_(True)


def recipient_name(has_users: bool) -> ColumnElement[str | None]:
    if not has_users:
        from sqlalchemy import String, literal

        return literal(None, String)
    return func.nullif(
        func.trim(func.coalesce(CustomUser.first_name, "") + " " + func.coalesce(CustomUser.last_name, "")),
        "",
    )
