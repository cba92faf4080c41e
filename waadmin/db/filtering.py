"""AttemptFilter to SQL. The only place a user's filter or search text becomes a WHERE clause,
always through bound parameters, with LIKE wildcards in the search text escaped."""

from __future__ import annotations

from sqlalchemy import and_, false, func, or_
from sqlalchemy.sql.elements import ColumnElement

from waadmin.db.layout import Layout
from waadmin.db.models import CustomUser
from waadmin.domain import error_groups, phones
from waadmin.domain.filters import AttemptFilter

LIKE_ESCAPE = "\\"
MAX_SEARCH_LENGTH = 200


def escape_like(term: str) -> str:
    return (
        term.replace(LIKE_ESCAPE, LIKE_ESCAPE * 2)
        .replace("%", LIKE_ESCAPE + "%")
        .replace("_", LIKE_ESCAPE + "_")
    )


def contains(column: ColumnElement[str], term: str) -> ColumnElement[bool]:
    """Case-insensitive substring match that treats %, _ and quotes as plain text."""
    return column.ilike(f"%{escape_like(term)}%", escape=LIKE_ESCAPE)


def search_clause(layout: Layout, term: str, has_users: bool) -> ColumnElement[bool] | None:
    term = term.strip()[:MAX_SEARCH_LENGTH]
    if not term:
        return None
    a = layout.attempt
    parts: list[ColumnElement[bool]] = [
        contains(a.phone_number, term),
        contains(a.title, term),
        contains(a.category, term),
        contains(a.error_message, term),
        contains(a.provider_message_id, term),
    ]
    compact = phones.strip_separators(term)
    if compact and compact != term:
        parts.append(contains(a.phone_number, compact))
    if term.lstrip("#").isdigit() and len(term) <= 18:
        parts.append(a.id == int(term.lstrip("#")))
    if has_users:
        parts.append(contains(CustomUser.first_name, term))
        parts.append(contains(CustomUser.last_name, term))
    return or_(*parts)


def where_clauses(layout: Layout, flt: AttemptFilter, has_users: bool = False) -> list[ColumnElement[bool]]:
    """Conditions for ``flt``; a query must outer-join the user table when has_users is used."""
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
    search = search_clause(layout, flt.search, has_users)
    if search is not None:
        clauses.append(search)
    return clauses


def combined(layout: Layout, flt: AttemptFilter, has_users: bool = False) -> ColumnElement[bool]:
    clauses = where_clauses(layout, flt, has_users)
    return and_(*clauses) if clauses else and_(True)


def needs_user_join(flt: AttemptFilter, has_users: bool) -> bool:
    return has_users and bool(flt.search.strip())


def recipient_name(has_users: bool) -> ColumnElement[str | None]:
    if not has_users:
        from sqlalchemy import String, literal

        return literal(None, String)
    return func.nullif(
        func.trim(func.coalesce(CustomUser.first_name, "") + " " + func.coalesce(CustomUser.last_name, "")),
        "",
    )
