"""The attempts list: keyset pages in every sort order, filters in SQL, hostile search text."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.support import factories
from waadmin.db import listing
from waadmin.db.database import open_database
from waadmin.domain.clock import utcnow
from waadmin.domain.filters import SORT_KEYS, AttemptFilter, Sort


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def seeded(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    """37 attempts, made once per kind of database for every test of the module that only
    reads them (the paging tests alone are 160: their setup had been most of the file's time)."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('listing') / 'attempts.sqlite3'}"
    else:
        server = request.getfixturevalue("pg_server")
        url = server.url(server.create_database(with_schema=True))
    database = open_database(url, create=True)
    try:
        yield _seed(database)
    finally:
        database.dispose()


def _seed(database):
    now = utcnow()
    ids = []
    for i in range(37):
        ids.append(
            factories.attempt(
                database,
                created_at=now - timedelta(minutes=i),
                status=["sent", "failed_retry", "pending", "failed_final"][i % 4],
                priority=1 + i % 5,
                message_type=["otp", "colis_status", "account"][i % 3],
                source_app=["agent_chine", "agent_mali"][i % 2],
                region_override=[None, "mali", "chine", ""][i % 4],
                next_retry_at=(now + timedelta(minutes=i)) if i % 3 == 0 else None,
                error_message=f"error {i % 5}" if i % 2 else "",
                category="creation_compte" if i % 7 == 0 else "colis_arrive",
            )
        )
    return database, ids


def _all_pages(database, flt: AttemptFilter, sort: Sort, size: int = 5) -> list[int]:
    seen: list[int] = []
    cursor = None
    while True:
        page = listing.list_attempts(database, flt, sort, after=cursor, limit=size)
        seen += [r.id for r in page.rows]
        if page.next_cursor is None:
            return seen
        cursor = page.next_cursor


@pytest.mark.parametrize("key", [k for k in SORT_KEYS])
@pytest.mark.parametrize("descending", [True, False])
def test_paging_by_key_visits_every_row_once_in_any_sort(seeded, key: str, descending: bool) -> None:
    database, ids = seeded
    seen = _all_pages(database, AttemptFilter(), Sort(key, descending))
    assert sorted(seen) == sorted(ids)
    assert len(seen) == len(set(seen))


def _all_pages_backwards(database, flt: AttemptFilter, sort: Sort, after=None, size: int = 5) -> list[int]:
    seen: list[int] = []
    cursor = after
    while True:
        page = listing.list_attempts(database, flt, sort, after=cursor, limit=size, backwards=True)
        seen += [r.id for r in page.rows]
        if page.next_cursor is None:
            return seen
        cursor = page.next_cursor


@pytest.mark.parametrize("key", [k for k in SORT_KEYS])
@pytest.mark.parametrize("descending", [True, False])
def test_paging_backwards_from_the_end_is_the_exact_reverse_in_any_sort(seeded, key: str, descending: bool) -> None:
    """Ctrl+End then scrolling up: the rows come nearest first, NULLs and ties in the reverse
    of the forward order, none missed or repeated, and a backward read from the middle meets
    the forward pages exactly."""
    database, _ = seeded
    sort = Sort(key, descending)
    forward = _all_pages(database, AttemptFilter(), sort)
    assert _all_pages_backwards(database, AttemptFilter(), sort) == forward[::-1]
    middle = listing.list_attempts(database, AttemptFilter(), sort, limit=17).rows[-1]
    cursor = listing.list_attempts(database, AttemptFilter(), sort, limit=16).next_cursor
    assert cursor is not None and cursor.id == listing.list_attempts(database, AttemptFilter(), sort, limit=16).rows[-1].id
    after_middle = listing.list_attempts(database, AttemptFilter(), sort, after=cursor, limit=1).rows
    assert [r.id for r in after_middle] == [middle.id]
    assert _all_pages_backwards(database, AttemptFilter(), sort, after=cursor, size=4) == forward[:15][::-1]


@pytest.mark.parametrize("key", ["created_at", "next_retry_at", "priority"])
def test_the_rows_before_a_cursor_are_counted_up_to_a_cap(seeded, key: str) -> None:
    database, _ = seeded
    sort = Sort(key, True)
    page = listing.list_attempts(database, AttemptFilter(), sort, limit=20)
    assert listing.count_before(database, AttemptFilter(), sort, page.next_cursor, cap=100) == 19
    assert listing.count_before(database, AttemptFilter(), sort, page.next_cursor, cap=5) == 6  # "more than 5"
    first = listing.list_attempts(database, AttemptFilter(), sort, limit=1).next_cursor
    assert listing.count_before(database, AttemptFilter(), sort, first) == 0


def test_pages_follow_the_sort_order(seeded) -> None:
    database, _ = seeded
    one_page = listing.list_attempts(database, AttemptFilter(), Sort("created_at", True), limit=100).rows
    paged = _all_pages(database, AttemptFilter(), Sort("created_at", True), size=7)
    assert paged == [r.id for r in one_page]
    times = [r.created_at for r in one_page]
    assert times == sorted(times, reverse=True)


def test_nulls_sort_last_both_ways(seeded) -> None:
    database, _ = seeded
    for descending in (True, False):
        rows = listing.list_attempts(database, AttemptFilter(), Sort("next_retry_at", descending), limit=100).rows
        values = [r.next_retry_at for r in rows]
        first_null = values.index(None)
        assert all(v is None for v in values[first_null:])
        present = values[:first_null]
        assert present == sorted(present, reverse=descending)


def test_filters_are_combined(seeded) -> None:
    database, _ = seeded
    flt = AttemptFilter(statuses=frozenset({"sent", "pending"}), source_apps=frozenset({"agent_chine"}))
    rows = _all_pages(database, flt, Sort())
    fetched = listing.list_attempts(database, flt, Sort(), limit=100).rows
    assert rows and all(r.status in ("sent", "pending") and r.source_app == "agent_chine" for r in fetched)
    assert listing.count_attempts(database, flt).value == len(rows)


def test_auto_region_matches_null_and_empty(seeded) -> None:
    database, _ = seeded
    rows = listing.list_attempts(database, AttemptFilter(regions=frozenset({""})), limit=100).rows
    assert rows and all(r.region_override in (None, "") for r in rows)
    mixed = listing.count_attempts(database, AttemptFilter(regions=frozenset({"", "mali"}))).value
    assert mixed == len(rows) + listing.count_attempts(database, AttemptFilter(regions=frozenset({"mali"}))).value


def test_created_range_is_inclusive_exclusive(seeded) -> None:
    database, _ = seeded
    rows = listing.list_attempts(database, limit=100).rows
    start, end = rows[10].created_at, rows[5].created_at
    found = listing.list_attempts(database, AttemptFilter(created_from=start, created_to=end), limit=100).rows
    assert [r.id for r in found] == [r.id for r in rows[6:11]]


@pytest.mark.parametrize("term", ["%", "_", "'", "\\", "' OR 1=1 --", "%' ; DROP TABLE whatsapp_monitoring_attempts; --", '"', "100%_sure"])
def test_hostile_search_text_is_plain_text(database, term: str) -> None:
    factories.attempt(database, title="ordinary")
    marked = factories.attempt(database, title=f"contains {term} here")
    found = listing.list_attempts(database, AttemptFilter(search=term), limit=100).rows
    assert [r.id for r in found] == [marked]
    assert listing.count_attempts(database).value == 2


def test_search_covers_phone_title_category_error_and_provider_id(database) -> None:
    a = factories.attempt(database, phone_number="+22376555111")
    b = factories.attempt(database, title="Colis ABC-42")
    c = factories.attempt(database, category="lot_expedie_special")
    d = factories.attempt(database, error_message="Instance DéSactivée")
    e = factories.attempt(database, provider_message_id="wamid.XYZ77")

    def ids(term: str) -> list[int]:
        return [r.id for r in listing.list_attempts(database, AttemptFilter(search=term), limit=50).rows]

    assert ids("76 555 111") == [a]
    assert ids("abc-42") == [b]
    assert ids("EXPEDIE_SP") == [c]
    assert ids("xyz77") == [e]
    assert ids("DéSactivée") == [d]


def test_estimated_counts(seeded) -> None:
    database, ids = seeded
    estimate = listing.count_attempts(database, exact=False)
    assert estimate.value > 0
    filtered = listing.count_attempts(database, AttemptFilter(statuses=frozenset({"sent"})), exact=False)
    assert filtered.value > 0


def test_matching_ids_come_in_chunks(seeded) -> None:
    database, ids = seeded
    chunks = list(listing.iter_matching_ids(database, AttemptFilter(), chunk=10))
    assert [len(c) for c in chunks] == [10, 10, 10, 7]
    assert sorted(i for c in chunks for i in c) == sorted(ids)


def test_recipient_names_come_from_the_user_table_when_it_exists(database) -> None:
    from sqlalchemy import insert

    from waadmin.db.models import CustomUser
    from waadmin.db.schema import ensure_user_table

    ensure_user_table(database)
    with database.write() as conn:
        user_id = conn.execute(
            insert(CustomUser)
            .values(password="!", is_superuser=False, first_name="Awa", last_name="Traoré", email="", is_staff=False, is_active=True,
                    date_joined=utcnow(), telephone="+22376000001", role="client", is_agent_chine=False, is_agent_mali=False,
                    is_admin_chine=False, is_admin_mali=False, is_client=True)
            .returning(CustomUser.id)
        ).scalar_one()
    with_user = factories.attempt(database, user_id=user_id)
    without = factories.attempt(database)
    rows = {r.id: r for r in listing.list_attempts(database, limit=10).rows}
    assert rows[with_user].recipient == "Awa Traoré"
    assert rows[without].recipient is None
    assert [r.id for r in listing.list_attempts(database, AttemptFilter(search="traoré"), limit=10).rows] == [with_user]
