"""The search box's text as a WHERE clause, written so the database can use its indexes.

An attempt matches when its phone, title, category, error message or provider id contains the
term (any case), its phone contains the term without separators ("76 55 51 11"), its id is the
term ("#1234"), or its user's first or last name contains it. Each part is a condition an index
can answer on its own, so PostgreSQL can combine them (a bitmap OR) and SQLite can use several
indexes in one query: the user's name is a list of user ids looked up first, not a join.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.engine import Connection
from sqlalchemy.sql.elements import ColumnElement

from waadmin.db import search_index, short_reads
from waadmin.db.database import Database
from waadmin.db.like import contains
from waadmin.db.models import CustomUser
from waadmin.db.sizes import id_span
from waadmin.domain import phones

MAX_SEARCH_LENGTH = 200
# Up to this many users whose name matches, their ids go into the query as a list (an index
# lookup); more, and a subquery is cheaper to send than the list.
USER_ID_LIST_LIMIT = 1000
# Control characters: never typed on purpose, and one of them joins the columns PostgreSQL
# indexes (search_index.SEPARATOR_SQL).
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class Terms:
    text: str  # what the columns must contain
    compact: str | None  # the same without phone separators, when that differs
    id: int | None  # the attempt id the text names, if it is one


def terms(raw: str) -> Terms | None:
    text = _CONTROL.sub(" ", raw).strip()[:MAX_SEARCH_LENGTH]
    if not text:
        return None
    compact = phones.strip_separators(text)
    digits = text.lstrip("#")
    return Terms(
        text,
        compact if compact and compact != text else None,
        int(digits) if digits.isascii() and digits.isdigit() and len(digits) <= 18 else None,
    )


def _text_match(database: Database, t: Terms) -> ColumnElement[bool]:
    layout = database.layout
    a = layout.attempt
    if database.is_postgresql:
        # The five columns as one expression, the one the trigram index is built on.
        doc = search_index.document(layout)
        match = contains(doc, t.text)
        if t.compact is None:
            return match
        # The document narrows through the index; the phone column decides.
        return or_(match, and_(contains(doc, t.compact), contains(a.phone_number, t.compact)))
    match = or_(*(contains(getattr(a, c), t.text) for c in search_index.COLUMNS))
    if t.compact is not None:
        match = or_(match, contains(a.phone_number, t.compact))
    return match


def _matching_users(database: Database, text: str) -> list[int] | Select[Any] | None:
    """The ids of the users whose name contains text: a list, a subquery when there are more
    than USER_ID_LIST_LIMIT, None when none does (or there is no user table)."""
    if not database.has_users:
        return None
    named = or_(contains(CustomUser.first_name, text), contains(CustomUser.last_name, text))
    first = select(CustomUser.id).where(named).order_by(CustomUser.id).limit(USER_ID_LIST_LIMIT + 1)
    slicing = short_reads.Slicing.for_database(database)
    if slicing is None:
        with database.read() as conn:
            ids = list(conn.execute(first).scalars())
    else:
        # A big user table read whole (no index serves "%name%") would hold the Django app's
        # saves: past the budget, in id slices until more than the list's worth is found.
        ids = slicing.whole_or_sliced(
            lambda conn: list(conn.execute(first).scalars()),
            lambda conn, lo, hi: list(conn.execute(short_reads.range_only(first.where(CustomUser.id >= lo, CustomUser.id < hi), CustomUser)).scalars()),
            column=CustomUser.id, enough=lambda found: len(found) > USER_ID_LIST_LIMIT,
        )
        ids = sorted(ids)[: USER_ID_LIST_LIMIT + 1]
    if not ids:
        return None
    return select(CustomUser.id).where(named) if len(ids) > USER_ID_LIST_LIMIT else sorted(ids)


def lookup_budget(rows: int) -> int:
    """Up to how many matching attempts a search should look up by id and sort, rather than walk
    the list's own index reading rows until a page is full. Looking up costs ~7 µs a match;
    walking ~3 µs a row read, and a page of 200 needs about 200 × rows / matches of them: the two
    meet near sqrt(75 × rows) (8,700 matches at a million rows, both ~60 ms)."""
    return int(min(max(math.sqrt(75 * max(rows, 0)), 2_000), 50_000))


def _sqlite_narrowing(database: Database, t: Terms, users: list[int] | Select[Any] | None) -> ColumnElement[bool] | None:
    """``id IN (the FTS index's matches)`` when this search is rare enough for the index to serve
    it: then every part of the search is an index lookup and SQLite unites them. None otherwise
    (no index, a term too short for trigrams, a common term or name)."""
    query = search_index.fts_query(t.text, t.compact)
    if query is None or isinstance(users, Select):
        return None
    layout = database.layout
    a = layout.attempt

    def matches(conn: Connection) -> int | None:
        budget = lookup_budget(id_span(conn, layout))
        found = search_index.count_matches(conn, layout, query, budget)
        if found is None or found > budget:
            return None
        if users:
            by_users = select(a.id).where(a.user_id.in_(users)).limit(budget - found + 1).subquery()
            found += int(conn.execute(select(func.count()).select_from(by_users)).scalar_one())
            if found > budget:
                return None
        return found

    slicing = short_reads.Slicing.for_database(database)
    if slicing is None:
        with database.read() as conn:
            found = matches(conn)
    else:
        try:
            found = slicing.bounded(matches)
        except short_reads.TooLong:
            # Counting the index's matches took longer than the budget: a common term, which
            # the list's own sliced reads serve better than the index would.
            found = None
    if found is None:
        return None
    return search_index.matches_clause(layout, query)


def search_clause(database: Database, raw: str) -> ColumnElement[bool] | None:
    t = terms(raw)
    if t is None:
        return None
    a = database.layout.attempt
    users = _matching_users(database, t.text)
    text_match = _text_match(database, t)
    if database.is_sqlite:
        narrowed = _sqlite_narrowing(database, t, users)
        if narrowed is not None:
            # The index only narrows; the LIKE conditions decide, so a search finds the same rows
            # with the index or without it.
            text_match = and_(narrowed, text_match)
    parts = [text_match]
    if t.id is not None:
        parts.append(a.id == t.id)
    if users is not None:
        parts.append(a.user_id.in_(users))
    return or_(*parts)
