"""waadmin's triggers and indexes lost to the Django app's migration 0002 (it rebuilds the
attempts table on SQLite) are noticed, told apart from objects never installed, ignored by the
dashboard until reinstalled — whose figures stay those of the attempts — and put back."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import create_engine, delete, func, select, update

from tests.support import factories
from tests.support.django_rebuild import rebuild_like_django
from waadmin.db import lost_objects, search_index, summary
from waadmin.db.database import Database, open_database
from waadmin.db.errors import ReadOnlyRefused
from waadmin.db.models import V2Base
from waadmin.db.window_stats import Reader
from waadmin.domain.filters import AttemptFilter
from waadmin.engine.stats import compute_stats

END = datetime(2025, 10, 10, 12, 0, tzinfo=UTC)
STATUSES = ("pending", "sent", "delivered", "failed_retry", "failed_final")


def _populate(database: Database, count: int, offset: int = 0) -> None:
    for i in range(count):
        created = END - timedelta(hours=(i * 7 + offset) % 150, minutes=(i * 13) % 60)
        status = STATUSES[(i + offset) % len(STATUSES)]
        factories.attempt(
            database,
            created_at=created,
            status=status,
            attempt_count=i % 3,
            sent_at=created + timedelta(seconds=5 + i % 40) if status in ("sent", "delivered") else None,
            message_type=("otp", "account")[i % 2],
            title=f"colis {offset}-{i}",
        )


def _direct_counts(database: Database, start: datetime, end: datetime) -> Counter[str]:
    a = database.layout.attempt
    with database.read() as conn:
        rows = conn.execute(select(a.status, func.count()).where(a.created_at >= start, a.created_at < end).group_by(a.status)).all()
    return Counter({status: n for status, n in rows})


def _dashboard_counts(database: Database) -> tuple[Counter[str], int]:
    stats = compute_stats(database, window=timedelta(days=7), end=END, tz=ZoneInfo("Africa/Bamako"))
    return Counter({s: n for s, n in stats.counts.items() if n}), stats.total


def _change_after_the_migration(database: Database) -> None:
    """What the Django app goes on doing once the triggers are gone: the summary misses it all."""
    a = database.layout.attempt
    with database.read() as conn:
        ids = list(conn.execute(select(a.id).order_by(a.id)).scalars())
    with database.write() as conn:
        conn.execute(update(a).where(a.id.in_(ids[:20])).values(status="read"))
        conn.execute(delete(a).where(a.id.in_(ids[20:30])))
    _populate(database, 25, offset=3)


def test_django_s_rebuild_loses_the_triggers_and_the_dashboard_reads_the_attempts_until_reinstalled(sqlite_url: str) -> None:
    database = open_database(sqlite_url, create=True)
    _populate(database, 120)
    assert not lost_objects.lost_objects(database)
    assert Reader.open(database, AttemptFilter()).use_summary  # folds the log into the summary

    rebuild_like_django(sqlite_url)
    _change_after_the_migration(database)

    lost = lost_objects.lost_objects(database)
    assert lost.summary and lost.search_index
    assert [item.wanted.name for item in lost.indexes] == ["waadmin_wm_att_created_id"]
    assert summary.state(database) is summary.State.BROKEN  # its tables survived, stale
    assert not Reader.open(database, AttemptFilter()).use_summary
    expected = _direct_counts(database, END - timedelta(days=7), END)
    assert _dashboard_counts(database) == (expected, sum(expected.values()))

    reinstalled = lost_objects.reinstall(database)
    assert reinstalled.names() == ["stats summary triggers", "text-search index triggers", "waadmin_wm_att_created_id"]
    assert not lost_objects.lost_objects(database)
    assert summary.state(database) is summary.State.READY
    assert search_index.state(database) is search_index.State.READY
    assert Reader.open(database, AttemptFilter()).use_summary
    assert _dashboard_counts(database) == (expected, sum(expected.values()))  # rebuilt from the attempts
    _populate(database, 5, offset=9)  # and following them again
    expected = _direct_counts(database, END - timedelta(days=7), END)
    assert _dashboard_counts(database) == (expected, sum(expected.values()))
    database.dispose()


def test_objects_never_installed_on_a_django_database_are_not_lost(db_url: str) -> None:
    engine = create_engine(db_url)
    V2Base.metadata.create_all(engine)  # the tables as Django's migration leaves them
    engine.dispose()
    database = open_database(db_url)
    _populate(database, 10)
    with database.read() as conn:
        assert lost_objects.find(conn, database.layout) == lost_objects.LostObjects()  # doctor's advice, not a warning
    database.dispose()


def test_a_read_only_connection_notices_but_does_not_reinstall(sqlite_url: str) -> None:
    open_database(sqlite_url, create=True).dispose()
    rebuild_like_django(sqlite_url)
    reader = open_database(sqlite_url, read_only=True)
    assert lost_objects.lost_objects(reader).summary
    with pytest.raises(ReadOnlyRefused):
        lost_objects.reinstall(reader)
    assert lost_objects.lost_objects(reader).summary
    reader.dispose()


@pytest.mark.postgres
def test_triggers_and_an_index_dropped_by_hand_on_postgresql_are_lost_and_reinstalled(pg_url: str) -> None:
    database = open_database(pg_url, create=True)
    _populate(database, 60)
    assert not lost_objects.lost_objects(database)
    table = database.layout.attempt_table
    with database.write() as conn:
        for trigger in summary.trigger_names(database.layout, "postgresql"):
            conn.exec_driver_sql(f'DROP TRIGGER "{trigger}" ON "{table}"')
        conn.exec_driver_sql('DROP INDEX "waadmin_wm_att_status_created_id"')
    _change_after_the_migration(database)

    lost = lost_objects.lost_objects(database)
    assert lost.summary and not lost.search_index
    assert [item.wanted.name for item in lost.indexes] == ["waadmin_wm_att_status_created_id"]
    assert not Reader.open(database, AttemptFilter()).use_summary
    expected = _direct_counts(database, END - timedelta(days=7), END)
    assert _dashboard_counts(database) == (expected, sum(expected.values()))

    lost_objects.reinstall(database)
    assert not lost_objects.lost_objects(database)
    assert summary.state(database) is summary.State.READY
    assert _dashboard_counts(database) == (expected, sum(expected.values()))
    database.dispose()
