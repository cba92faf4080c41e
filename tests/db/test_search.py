"""Search over the attempts with the text-search index and without it: the same rows either way
(checked against a plain reading of the rows), an index that follows every insert, update and
delete, one the database really uses, and one that is left alone once a trigger is missing."""

from __future__ import annotations

import random
import time
from typing import Any

import pytest
from sqlalchemy import delete, insert, select, update

from tests.support import factories
from waadmin.cli.main import main
from waadmin.db import listing, search, search_index
from waadmin.db.database import Database, open_database
from waadmin.db.models import CustomUser, V2Base
from waadmin.db.schema import ensure_user_table
from waadmin.domain.clock import utcnow
from waadmin.domain.filters import AttemptFilter, Sort

WORDS = ["Colis", "arrivé", "Bamako", "Guangzhou", "timeout", "instance", "désactivée", "lot", "ABC-42", "wamid", "OTP", "code"]
TERMS = [
    "76555", "+8613", "colis", "BAMAKO", "abc-4", "wamid.X", "zzz-none", "Désactivée", "ti", "o", "imeou",
    "76 555", "(76) 555-1", "#3", "awa", "TRAOR", "lot_e", "100%", 'say "hi"', "NEAR(a b)", "title : x", "a*", "^col", "OR",
]


def _text(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


def _add_users(database: Database) -> list[int]:
    ensure_user_table(database)
    people = [("Awa", "Traoré"), ("Moussa", "Keita"), ("Li", "Wei"), ("Fatoumata", "Traore")]
    ids = []
    with database.write() as conn:
        for i, (first, last) in enumerate(people):
            ids.append(
                conn.execute(
                    insert(CustomUser)
                    .values(password="!", is_superuser=False, first_name=first, last_name=last, email="", is_staff=False, is_active=True,
                            date_joined=utcnow(), telephone=f"+2237600000{i}", role="client", is_agent_chine=False, is_agent_mali=False,
                            is_admin_chine=False, is_admin_mali=False, is_client=True)
                    .returning(CustomUser.id)
                ).scalar_one()
            )
    return ids


def _fields(rng: random.Random, users: list[int]) -> dict[str, Any]:
    china = rng.random() < 0.5
    phone = f"+86 13{rng.randint(0, 99_999_999):08d}" if china else f"+223{rng.choice(['76555', '66', '9'])}{rng.randint(0, 9999):04d}"
    return {
        "phone_number": phone.replace(" ", "") if rng.random() < 0.8 else phone,
        "title": _text(rng, rng.randint(0, 4)),
        "category": rng.choice(["colis_arrive", "lot_expedie", "creation_compte", ""]),
        "error_message": _text(rng, rng.randint(0, 6)) + (' say "hi" 100% done' if rng.random() < 0.05 else ""),
        "provider_message_id": rng.choice(["", f"wamid.X{rng.randint(0, 999)}", "NEAR(a b)"]),
        "user_id": rng.choice([None, None, *users]),
        "status": rng.choice(["sent", "failed_retry", "pending"]),
    }


def _populate(database: Database, rng: random.Random, count: int) -> None:
    users = _add_users(database)
    for _ in range(count):
        factories.attempt(database, **_fields(rng, users))


def _reference(database: Database, term: str) -> list[int]:
    """The search read the slow way: every row and user in Python, ASCII case folding as SQL's,
    with the rules of the search box written out again here rather than taken from the code."""
    import re

    text = term.strip()
    compact = re.sub(r"[\s\-()]", "", text)
    digits = text.lstrip("#")
    t = search.Terms(text, compact if compact != text else None, int(digits) if digits.isascii() and digits.isdigit() else None)
    a = database.layout.attempt
    with database.read() as conn:
        rows = conn.execute(select(a.id, a.user_id, *(getattr(a, c) for c in search_index.COLUMNS))).all()
        names = {uid: (first, last) for uid, first, last in conn.execute(select(CustomUser.id, CustomUser.first_name, CustomUser.last_name))}

    def fold(value: str | None) -> str:
        return "".join(ch.lower() if ch.isascii() else ch for ch in (value or ""))

    wanted = fold(t.text)
    found = []
    for attempt_id, user_id, *texts in rows:
        hit = any(wanted in fold(v) for v in texts)
        hit = hit or (t.compact is not None and fold(t.compact) in fold(texts[0]))
        hit = hit or attempt_id == t.id
        hit = hit or (user_id in names and any(wanted in fold(v) for v in names[user_id]))
        if hit:
            found.append(attempt_id)
    return sorted(found, reverse=True)


def _searched(database: Database, term: str) -> list[int]:
    seen: list[int] = []
    cursor = None
    while True:
        page = listing.list_attempts(database, AttemptFilter(search=term), Sort("id", True), after=cursor, limit=70)
        seen += [r.id for r in page.rows]
        if page.next_cursor is None:
            return seen
        cursor = page.next_cursor


def _index_matches(database: Database, query: str) -> set[int]:
    name = search_index.name(database.layout)
    with database.read() as conn:
        return set(conn.exec_driver_sql(f'SELECT rowid FROM "{name}" WHERE "{name}" MATCH ?', (query,)).scalars())


def _check_index_follows(database: Database) -> None:
    """SQLite: the FTS table holds exactly what the attempts hold (its own integrity check
    compares the index with the content table)."""
    if not database.is_sqlite:
        return
    name = search_index.name(database.layout)
    with database.write() as conn:
        conn.exec_driver_sql(f"INSERT INTO \"{name}\"(\"{name}\", rank) VALUES ('integrity-check', 1)")


@pytest.fixture
def populated(database: Database) -> Database:
    _populate(database, random.Random(5), 300)
    return database


def test_a_database_waadmin_creates_has_the_index(populated: Database) -> None:
    assert search_index.state(populated) is search_index.State.READY


def test_search_finds_what_a_plain_reading_finds_with_the_index_and_without(populated: Database) -> None:
    # Every term on one database (building it is most of the time): rare, common, too short for
    # trigrams, phone forms, an id, user names, LIKE and FTS5 syntax taken literally.
    expected = {term: _reference(populated, term) for term in TERMS}
    for term in TERMS:
        assert _searched(populated, term) == expected[term], term
        assert listing.count_attempts(populated, AttemptFilter(search=term)).value == len(expected[term]), term
    with populated.write() as conn:
        search_index.uninstall(conn, populated.layout)
    for term in TERMS:
        assert _searched(populated, term) == expected[term], f"{term} without the index"


def test_the_index_follows_inserts_updates_and_deletes(populated: Database) -> None:
    database = populated
    a = database.layout.attempt
    with database.read() as conn:
        ids = list(conn.execute(select(a.id)).scalars())
    with database.write() as conn:
        for attempt_id in ids[:30]:  # what a failed send writes
            conn.execute(update(a).where(a.id == attempt_id).values(error_message="Instance quokka disconnected", status="failed_retry"))
        for attempt_id in ids[30:40]:  # fields the index does not hold
            conn.execute(update(a).where(a.id == attempt_id).values(attempt_count=3))
        conn.execute(update(a).where(a.id == ids[40]).values(phone_number="+22370707070", title="quokka title"))
        conn.execute(delete(a).where(a.id.in_(ids[41:80])))  # a cleanup
    added = factories.attempt(database, title="a new quokka")
    _check_index_follows(database)
    expected = _reference(database, "quokka")
    assert len(expected) == 32 and added in expected
    assert _searched(database, "quokka") == expected
    assert _searched(database, "70707070") == [ids[40]]
    if database.is_sqlite:
        assert _index_matches(database, '"quokka"') == set(expected)


def test_a_common_term_walks_the_list_and_a_rare_one_uses_the_index(populated: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    database = populated
    a = database.layout.attempt

    def plan(term: str) -> str:
        query = listing.base_select(database, [a.id], AttemptFilter(search=term)).order_by(a.created_at.desc()).limit(200)
        compiled = query.compile(dialect=database.engine.dialect, compile_kwargs={"render_postcompile": True})
        with database.read() as conn:
            if database.is_postgresql:
                # A small table is read whole anyway: forbid that (and plain index walks), so the
                # plan shows whether the query's expression is the one the index was built on.
                conn.exec_driver_sql("SET LOCAL enable_seqscan = off")
                conn.exec_driver_sql("SET LOCAL enable_indexscan = off")
                rows = conn.exec_driver_sql("EXPLAIN " + str(compiled), compiled.params).scalars()
                return "\n".join(rows)
            params = tuple(compiled.params[k] for k in compiled.positiontup or ())
            return "\n".join(r[3] for r in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + str(compiled), params))

    index = search_index.name(database.layout)
    assert index in plan("wamid.X1")
    if database.is_sqlite:
        assert index not in plan("ti")  # no trigrams in two letters: the list is walked
        monkeypatch.setattr(search, "lookup_budget", lambda rows: 10)
        assert index not in plan("colis")  # more matches than lookups are worth


def test_many_users_with_the_name_go_in_as_a_subquery(populated: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = _reference(populated, "traor")
    monkeypatch.setattr(search, "USER_ID_LIST_LIMIT", 1)
    assert _searched(populated, "traor") == expected


def test_the_lookup_budget_grows_with_the_table() -> None:
    assert search.lookup_budget(0) == 2_000
    assert 8_000 < search.lookup_budget(1_000_000) < 9_000
    assert search.lookup_budget(10**9) == 50_000


@pytest.mark.parametrize("raw, text, compact, attempt_id", [
    ("  76 55 51 11 ", "76 55 51 11", "76555111", None),
    ("#123", "#123", None, 123),
    ("١٢٣", "١٢٣", None, None),  # digits, but not an id anyone types
    ("a\x1fb\nc", "a b c", "abc", None),  # control characters never reach the SQL
    ("x" * 500, "x" * 200, None, None),
])
def test_terms(raw: str, text: str, compact: str | None, attempt_id: int | None) -> None:
    assert search.terms(raw) == search.Terms(text, compact, attempt_id)
    assert search.terms(" \t ") is None


def test_a_missing_trigger_makes_the_index_unused_until_doctor_rebuilds_it(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    if not db_url.startswith("sqlite"):
        pytest.skip("PostgreSQL keeps an index up to date by itself")
    database = open_database(db_url, create=True)
    factories.attempt(database, title="before the migration")
    with database.write() as conn:  # what a Django migration that rebuilds the table does to triggers
        conn.exec_driver_sql(f'DROP TRIGGER "{search_index.trigger_names(database.layout)[0]}"')
    late = factories.attempt(database, title="written while the trigger was gone")
    assert search_index.state(database) is search_index.State.BROKEN
    assert _searched(database, "while the trigger") == [late]  # found anyway: the index is not consulted
    assert main(["--lang", "en", "doctor", "--database", db_url]) == 1
    assert "text-search index is incomplete" in capsys.readouterr().out
    assert main(["--lang", "en", "doctor", "--database", db_url, "--apply", "--yes"]) == 0
    assert search_index.state(database) is search_index.State.READY
    _check_index_follows(database)
    assert _index_matches(database, '"while the trigger"') == {late}
    database.dispose()


def test_doctor_proposes_installs_and_removes_the_index_on_a_django_database(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    from sqlalchemy import create_engine

    engine = create_engine(db_url)
    V2Base.metadata.create_all(engine)
    engine.dispose()
    database = open_database(db_url)
    marked = factories.attempt(database, error_message="Instance 7 quokka")
    assert search_index.state(database) is search_index.State.ABSENT
    assert main(["--lang", "en", "doctor", "--database", db_url]) == 1
    out = capsys.readouterr().out
    assert "No text-search index" in out
    assert ("gin_trgm_ops" if database.is_postgresql else "tokenize='trigram'") in out
    assert search_index.state(database) is search_index.State.ABSENT  # nothing changed unasked
    assert main(["--lang", "en", "doctor", "--database", db_url, "--apply", "--yes"]) == 0
    assert search_index.state(database) is search_index.State.READY
    assert _searched(database, "7 quokk") == [marked]
    assert main(["--lang", "en", "doctor", "--database", db_url, "--remove-search-index", "--yes"]) == 0
    assert search_index.state(database) is search_index.State.ABSENT
    factories.attempt(database, title="writes go on without it")
    assert _searched(database, "7 quokk") == [marked]
    database.dispose()


def _stale_connection_writes(path: str) -> None:
    """A connection that read the schema, another that changes it, then writes through every
    trigger from the first: what a Django worker does after a migration ran elsewhere."""
    import sqlite3

    stale = sqlite3.connect(path, isolation_level=None)
    try:
        stale.execute("SELECT count(*) FROM whatsapp_monitoring_attempts").fetchone()
        other = sqlite3.connect(path, isolation_level=None)
        other.execute("CREATE TABLE IF NOT EXISTS some_new_django_table (id INTEGER PRIMARY KEY)")
        other.execute(f"ALTER TABLE some_new_django_table ADD COLUMN c{time.monotonic_ns()} INTEGER")
        other.close()
        stale.execute(
            "INSERT INTO whatsapp_monitoring_attempts (phone_number, source_app, message_type, category, priority, title, "
            "message_content, status, attempt_count, max_attempts, created_at, provider_message_id, provider_response, "
            "error_message, error_code, sender_role, context_data, retry_delay_seconds, exponential_backoff) VALUES "
            "('+22376000000', 'agent_mali', 'otp', '', 2, 'stale quokka', 'm', 'pending', 0, 3, '2025-10-01 10:00:00', '', '{}', "
            "'', '', '', '{}', 60, 1)"
        )
        stale.execute("UPDATE whatsapp_monitoring_attempts SET error_message = 'stale quokka failed' WHERE title = 'stale quokka'")
        stale.execute("DELETE FROM whatsapp_monitoring_attempts WHERE title = 'stale quokka'")
    finally:
        stale.close()


def test_a_connection_with_a_stale_schema_writes_through_the_triggers(tmp_path, capsys: pytest.CaptureFixture[str]) -> None:
    """SQLite fails such a write with "no such table" when an FTS5 trigger is newer than another
    trigger of the same event (seen as the demo data failing to load); ours are kept oldest."""
    from sqlalchemy import create_engine

    made = tmp_path / "made.sqlite3"
    open_database(f"sqlite:///{made}", create=True).dispose()  # summary, then the search index
    _stale_connection_writes(str(made))

    django = tmp_path / "django.sqlite3"
    engine = create_engine(f"sqlite:///{django}")
    V2Base.metadata.create_all(engine)
    engine.dispose()
    assert main(["--lang", "en", "doctor", "--database", str(django), "--apply", "--yes"]) == 0
    capsys.readouterr()
    _stale_connection_writes(str(django))
    database = open_database(f"sqlite:///{django}")
    with database.write() as conn:  # the summary is rebuilt: its triggers come after ours
        from waadmin.db import summary

        summary.uninstall(conn, database.layout)
        summary.install(conn, database.layout)
    database.dispose()
    _stale_connection_writes(str(django))


@pytest.mark.postgres
def test_doctor_adds_the_planner_statistics_an_index_lacks(pg_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    """Without statistics on the indexed expression PostgreSQL guesses how common a term is (a
    prefix in 7% of rows was taken for 0.2%, and read through the index ten times slower)."""
    database = open_database(pg_url, create=True)
    assert search_index.state(database) is search_index.State.READY
    with database.write() as conn:
        conn.exec_driver_sql(f'DROP STATISTICS "{search_index.statistics_name(database.layout)}"')
    assert search_index.state(database) is search_index.State.PARTIAL
    assert main(["--lang", "en", "doctor", "--database", pg_url]) == 1
    out = capsys.readouterr().out
    assert "lacks its planner statistics" in out and "CREATE STATISTICS" in out
    assert "DROP INDEX" not in out  # the index itself is kept
    assert main(["--lang", "en", "doctor", "--database", pg_url, "--apply", "--yes"]) == 0
    assert search_index.state(database) is search_index.State.READY
    database.dispose()
