"""The stats summary against the attempts themselves: every figure the dashboard reads comes out
the same from the summary as from reading every attempt, through inserts, updates, deletes and
folds, for unaligned windows, display zones and scopes; a broken summary is never used."""

from __future__ import annotations

import random
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import delete, select, update

from tests.support import factories
from tests.support.waiting import wait_until
from waadmin.cli.main import main
from waadmin.db import summary
from waadmin.db.database import Database, open_database
from waadmin.db.models import V2Base
from waadmin.db.window_stats import Reader
from waadmin.domain.filters import AttemptFilter

END = datetime(2025, 10, 10, 12, 0, tzinfo=UTC)
STATUSES = ["pending", "sending", "sent", "delivered", "read", "failed_retry", "failed_final", "cancelled"]
SCOPES = [
    AttemptFilter(),
    AttemptFilter(message_types=frozenset({"otp"})),
    AttemptFilter(source_apps=frozenset({"agent_chine"})),
    AttemptFilter(message_types=frozenset({"otp", "account"}), source_apps=frozenset({"agent_mali"})),
]
WINDOWS = [  # (start, end): unaligned edges, whole hours, whole days, shorter than an hour
    (END - timedelta(hours=50, minutes=-17), END - timedelta(minutes=3)),
    (END - timedelta(days=3), END),
    (datetime(2025, 10, 7, tzinfo=UTC), datetime(2025, 10, 10, tzinfo=UTC)),
    (END - timedelta(minutes=40), END - timedelta(minutes=5)),
]


def _fields(rng: random.Random) -> dict[str, Any]:
    created = END - timedelta(seconds=rng.uniform(0, 4 * 86400))
    status = rng.choice(STATUSES)
    sent = created + timedelta(seconds=rng.choice([0.2, 1.5, 1.5, 9.87, 75, 3600.5])) if status in ("sent", "delivered", "read") else None
    return {
        "created_at": created,
        "status": status,
        "sent_at": sent,
        "attempt_count": rng.randint(0, 5),
        "message_type": rng.choice(["otp", "account", "colis_status"]),
        "source_app": rng.choice(["agent_chine", "agent_mali", "client_app"]),
        "category": rng.choice(["", "cat_a", "cat_b"]),
        "region_override": rng.choice([None, "", "mali", "chine"]),
        "error_code": rng.choice(["", "timeout"]) if status.startswith("failed") else "",
    }


def _populate(database: Database, rng: random.Random, count: int) -> None:
    for _ in range(count):
        factories.attempt(database, **_fields(rng))


def _mutate(database: Database, rng: random.Random) -> None:
    """What the retry worker, the webhooks, the Django app and a cleanup do to existing rows."""
    a = database.layout.attempt
    with database.read() as conn:
        ids = list(conn.execute(select(a.id)).scalars())
    rng.shuffle(ids)
    with database.write() as conn:
        for attempt_id in ids[:40]:
            new = _fields(rng)
            conn.execute(update(a).where(a.id == attempt_id).values(status=new["status"], sent_at=new["sent_at"], attempt_count=new["attempt_count"]))
        for attempt_id in ids[40:45]:
            conn.execute(update(a).where(a.id == attempt_id).values(created_at=END - timedelta(hours=rng.uniform(0, 90))))
        for attempt_id in ids[45:50]:
            conn.execute(update(a).where(a.id == attempt_id).values(phone_number="+22370000000"))  # not read by the stats
        conn.execute(delete(a).where(a.id.in_(ids[50:60])))
    _populate(database, rng, 15)


def _figures(reader: Reader, start: datetime, end: datetime, unit: str | None) -> tuple[Any, ...]:
    delays = {key: {b: tuple(v) for b, v in h.bins.items() if v[0]} for key, h in reader.delays(start, end, unit).items()}
    return reader.series(start, end, unit), Counter(reader.groups(start, end)), {k: v for k, v in delays.items() if v}


def _assert_summary_matches_attempts(database: Database) -> None:
    for scope in SCOPES:
        for offset in (0, 8 * 3600, -5 * 3600):
            fast = Reader.open(database, scope, offset)
            assert fast.use_summary
            slow = Reader(database, scope, offset, use_summary=False)
            for start, end in WINDOWS:
                for unit in ("hour", "day", None):
                    assert _figures(fast, start, end, unit) == _figures(slow, start, end, unit), (scope, offset, start, unit)


def _pending_log(database: Database) -> int:
    with database.read() as conn:
        return int(conn.exec_driver_sql(f'SELECT count(*) FROM "{summary.log_table(database.layout)}"').scalar_one())


def test_the_summary_gives_the_figures_a_full_read_gives(database: Database) -> None:
    rng = random.Random(5)
    _populate(database, rng, 250)
    assert summary.state(database) is summary.State.READY
    assert _pending_log(database) == 250  # nothing folded yet: readers add the log in
    _assert_summary_matches_attempts(database)  # opening a reader folds
    assert _pending_log(database) == 0
    _mutate(database, rng)
    assert _pending_log(database) > 0
    slow = Reader(database, AttemptFilter(), 0, use_summary=False)
    unfolded = Reader(database, AttemptFilter(), 0, use_summary=True)  # summary plus the log, unfolded
    for start, end in WINDOWS:
        assert _figures(unfolded, start, end, "hour") == _figures(slow, start, end, "hour")
    _assert_summary_matches_attempts(database)


def test_rows_brought_to_zero_are_pruned(database: Database) -> None:
    attempt_id = factories.attempt(database, created_at=END - timedelta(hours=2), status="sending")
    summary.fold(database)
    a = database.layout.attempt
    with database.write() as conn:
        conn.execute(update(a).where(a.id == attempt_id).values(status="sent", sent_at=END - timedelta(hours=2) + timedelta(seconds=3)))
    assert summary.fold(database) == 2  # the old values out, the new ones in
    hs = summary.rollup_table(database.layout, "hs")
    with database.read() as conn:
        rows = conn.exec_driver_sql(f'SELECT status, n FROM "{hs}"').all()
    assert rows == [("sent", 1)]


def test_a_zone_off_whole_hours_reads_the_attempts(database: Database) -> None:
    _populate(database, random.Random(9), 60)
    reader = Reader.open(database, AttemptFilter(), offset=5 * 3600 + 1800)  # India
    assert not reader.use_summary
    assert not Reader.open(database, AttemptFilter(statuses=frozenset({"sent"}))).use_summary  # not a key of the summary
    days = reader.series(END - timedelta(days=5), END + timedelta(seconds=1), "day")
    assert sum(n for cells in days.values() for n, _ in cells.values()) == 60
    assert {at.hour for at in days} == {18}  # local midnight at UTC+05:30 is 18:30 UTC the day before
    assert {at.minute for at in days} == {30}


def test_the_breakdowns_read_only_the_minutes_at_the_edges_from_the_attempts(database: Database) -> None:
    rng = random.Random(21)
    _populate(database, rng, 300)
    reader = Reader.open(database, AttemptFilter())
    assert reader.marginals
    start, end = WINDOWS[0]  # 17 minutes past at one edge, 3 minutes short at the other
    assert reader.marginals_serve(start, end)
    direct = reader.groups_read_directly(start, end)
    assert direct and all(hi - lo < timedelta(hours=1) for lo, hi in direct), direct
    assert not Reader.open(database, SCOPES[1]).marginals_serve(start, end)  # they do not keep the type beside the app
    _mutate(database, rng)
    _assert_summary_matches_attempts(database)


def _drop_marginals(database: Database) -> None:
    """The summary as a waadmin from before the breakdowns per dimension installed it."""
    with database.write() as conn:
        for rollup in (r for r in summary.ROLLUPS if r.added_later):
            conn.exec_driver_sql(f'DROP TABLE "{summary.rollup_table(database.layout, rollup)}"')
        if database.is_postgresql:  # its TRUNCATE function knew nothing of them
            old = tuple(r for r in summary.ROLLUPS if not r.added_later)
            for statement in summary.function_sql(database.layout, summary.schema_of(conn), old):
                conn.exec_driver_sql(statement)


def test_a_summary_from_before_the_breakdowns_per_dimension_still_serves_and_doctor_adds_them(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    database = open_database(db_url, create=True)
    rng = random.Random(23)
    _populate(database, rng, 200)
    summary.fold(database)
    _drop_marginals(database)
    assert summary.state(database) is summary.State.READY
    reader = Reader.open(database, AttemptFilter())
    assert reader.use_summary and not reader.marginals
    _mutate(database, rng)  # folded into the tables there are
    _assert_summary_matches_attempts(database)
    _mutate(database, rng)  # a log not folded yet when doctor counts: the new tables must not hold it twice
    assert _pending_log(database) > 0

    assert main(["--lang", "en", "doctor", "--database", db_url]) == 1
    assert "lacks its breakdowns per dimension" in capsys.readouterr().out
    assert main(["--lang", "en", "doctor", "--database", db_url, "--apply", "--yes"]) == 0
    assert "breakdowns per dimension added" in capsys.readouterr().out
    reader = Reader.open(database, AttemptFilter())
    assert reader.marginals and reader.marginals_serve(*WINDOWS[0])
    _assert_summary_matches_attempts(database)
    if database.is_postgresql:  # the new tables are emptied with the rest
        with database.write() as conn:
            conn.exec_driver_sql(f'TRUNCATE "{database.layout.attempt_table}" CASCADE')
        summary.fold(database)
        with database.read() as conn:
            for suffix in (summary.DAILY_MARGINALS, summary.HOURLY_MARGINALS):
                assert conn.exec_driver_sql(f'SELECT count(*) FROM "{summary.rollup_table(database.layout, suffix)}"').scalar_one() == 0
    database.dispose()


@pytest.mark.parametrize("suffix", ["dm", "hm"])
def test_breakdowns_per_dimension_left_behind_are_not_used(database: Database, suffix: str) -> None:
    """An older waadmin on the same database folds the log into the tables it knows only: the
    breakdowns per dimension miss what it folded, and the counts per hour do not."""
    rng = random.Random(25)
    _populate(database, rng, 200)
    reader = Reader.open(database, AttemptFilter())
    start, end = WINDOWS[0]
    assert reader.marginals_serve(start, end)
    table = summary.rollup_table(database.layout, suffix)
    unit = "day" if suffix == "dm" else "hour"
    last = int(end.timestamp()) // (86400 if suffix == "dm" else 3600)
    with database.write() as conn:  # the window's last (partial) day, or its last hour with attempts
        conn.exec_driver_sql(f"UPDATE \"{table}\" SET n = n + 1 WHERE dim = 'message_type' AND {unit} = (SELECT max({unit}) FROM \"{table}\" WHERE {unit} <= {last})")
    assert not reader.marginals_serve(start, end)
    assert max(hi - lo for lo, hi in reader.groups_read_directly(start, end)) > timedelta(hours=1)  # the edges from the attempts again
    assert Counter(reader.groups(start, end)) == Counter(Reader(database, AttemptFilter(), 0, use_summary=False).groups(start, end))


def test_a_missing_trigger_makes_the_summary_unused_until_doctor_rebuilds_it(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    database = open_database(db_url, create=True)
    _populate(database, random.Random(3), 80)
    trigger = summary.trigger_names(database.layout, database.kind)[-1]
    with database.write() as conn:
        on = f' ON "{database.layout.attempt_table}"' if database.is_postgresql else ""
        conn.exec_driver_sql(f'DROP TRIGGER "{trigger}"{on}')
    assert summary.state(database) is summary.State.BROKEN
    assert not Reader.open(database, AttemptFilter()).use_summary
    assert main(["--lang", "en", "doctor", "--database", db_url]) == 1
    assert "The stats summary is incomplete" in capsys.readouterr().out
    _mutate(database, random.Random(4))  # changes the broken summary would have missed
    assert main(["--lang", "en", "doctor", "--database", db_url, "--apply", "--yes"]) == 0
    assert summary.state(database) is summary.State.READY
    _assert_summary_matches_attempts(database)
    database.dispose()


def test_doctor_installs_the_summary_on_a_django_database_with_rows(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    from sqlalchemy import create_engine

    engine = create_engine(db_url)
    V2Base.metadata.create_all(engine)  # the tables as Django's migration leaves them
    engine.dispose()
    database = open_database(db_url)
    _populate(database, random.Random(8), 120)
    assert summary.state(database) is summary.State.ABSENT
    assert not Reader.open(database, AttemptFilter()).use_summary
    assert main(["--lang", "en", "doctor", "--database", db_url]) == 1
    out = capsys.readouterr().out
    assert "No stats summary" in out and "CREATE TRIGGER" in out
    assert summary.state(database) is summary.State.ABSENT  # printed, not applied
    assert main(["--lang", "en", "doctor", "--database", db_url, "--apply", "--yes"]) == 0
    _assert_summary_matches_attempts(database)
    assert main(["--lang", "en", "doctor", "--database", db_url, "--remove-summary", "--yes"]) == 0
    assert summary.state(database) is summary.State.ABSENT
    factories.attempt(database, created_at=END)  # writes go on without the triggers
    database.dispose()


def test_a_read_only_connection_reads_the_log_without_folding(db_url: str) -> None:
    writer = open_database(db_url, create=True)
    _populate(writer, random.Random(11), 70)
    reader_db = open_database(db_url, read_only=True)
    reader = Reader.open(reader_db, AttemptFilter())
    assert reader.use_summary
    assert _pending_log(writer) == 70
    start, end = WINDOWS[1]
    assert _figures(reader, start, end, "day") == _figures(Reader(writer, AttemptFilter(), 0, use_summary=False), start, end, "day")
    reader_db.dispose()
    writer.dispose()


@pytest.mark.postgres
def test_truncating_the_attempts_empties_the_summary(pg_url: str) -> None:
    database = open_database(pg_url, create=True)
    _populate(database, random.Random(2), 30)
    summary.fold(database)
    with database.write() as conn:
        conn.exec_driver_sql(f'TRUNCATE "{database.layout.attempt_table}" CASCADE')
    reader = Reader.open(database, AttemptFilter())
    assert reader.series(*WINDOWS[1], "day") == {}
    database.dispose()


@pytest.mark.postgres
def test_a_fold_cut_off_by_the_server_is_a_database_problem_and_the_log_waits(pg_url: str) -> None:
    """The background worker folds after each run; a server going away mid-fold once surfaced
    as a raw driver error and ended the worker's thread."""
    import threading

    import psycopg

    database = open_database(pg_url, create=True)
    factories.attempt(database)
    plain = pg_url.replace("postgresql+psycopg://", "postgresql://")
    rollup = summary.rollup_table(database.layout, summary.ROLLUPS[0])
    folded: list[int] = []
    try:
        with psycopg.connect(plain) as blocker:
            blocker.execute(f'LOCK TABLE "{rollup}" IN ACCESS EXCLUSIVE MODE')  # the fold will wait here
            fold = threading.Thread(target=lambda: folded.append(summary.fold(database)))
            fold.start()
            waiting = "SELECT pid FROM pg_stat_activity WHERE application_name = 'waadmin' AND wait_event_type = 'Lock'"
            wait_until(lambda: blocker.execute(waiting).fetchall(), 10, "the fold waits for the lock")
            blocker.execute(f"SELECT pg_terminate_backend(pid) FROM ({waiting}) AS w")
            fold.join(10)
            blocker.rollback()
        assert folded == [0]
        assert _pending_log(database) == 1  # nothing lost: the next fold takes it
        assert summary.fold(database) == 1
        _assert_summary_matches_attempts(database)
    finally:
        database.dispose()


@pytest.mark.postgres
def test_installing_again_or_repairing_replaces_functions_from_before_security_definer(pg_url: str) -> None:
    """Both ways waadmin puts the summary in place leave definer functions, whatever was there."""
    database = open_database(pg_url, create=True)  # the automatic install, on a database waadmin creates
    _populate(database, random.Random(6), 20)

    def make_old_style() -> None:
        with database.write() as conn:
            for name in summary.function_names(database.layout):
                conn.exec_driver_sql(f'ALTER FUNCTION "{name}"() SECURITY INVOKER RESET search_path')
        assert summary.state(database) is summary.State.OUTDATED

    with database.read() as conn:
        functions = summary.trigger_functions(conn, database.layout)
    assert [(f.name, f.security_definer, f.search_path) for f in functions] == [
        (name, True, "public, pg_temp") for name in sorted(summary.function_names(database.layout))
    ]
    make_old_style()
    assert Reader.open(database, AttemptFilter()).use_summary  # still right, so still read
    with database.write() as conn:
        summary.install(conn, database.layout)
    assert summary.state(database) is summary.State.READY
    make_old_style()
    with database.write() as conn:
        summary.repair(conn, database.layout)
    assert summary.state(database) is summary.State.READY
    _mutate(database, random.Random(7))
    _assert_summary_matches_attempts(database)
    database.dispose()


def test_waadmin_s_own_database_gets_the_breakdowns_per_dimension_unasked() -> None:
    database = open_database(None)  # the embedded default, in the test's own home
    assert database.embedded
    _populate(database, random.Random(27), 60)
    _drop_marginals(database)
    reader = Reader.open(database, AttemptFilter())
    assert reader.marginals
    _assert_summary_matches_attempts(database)
    database.dispose()
