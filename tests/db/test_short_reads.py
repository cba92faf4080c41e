"""On an SQLite file in rollback-journal mode (Django's default) waadmin's long reads are cut
into short transactions; what the dashboard, `stats` and the list show is the same as from one
long read."""

from __future__ import annotations

import shutil
import sqlite3
import time
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import event, text

from benchmarks import dataset
from waadmin.db import listing, search_index, short_reads, summary
from waadmin.db.aggregates import failure_rows, work_counts
from waadmin.db.database import Database, open_database
from waadmin.domain.filters import AttemptFilter, Sort
from waadmin.engine.stats import compute_stats

ROWS = 30_000
WHOLE_MS = "1000000"  # a budget no read reaches: every read in one transaction
SLICED_MS = "2"  # a budget every long read here passes, on a quiet fast machine too: read in slices


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("short-reads") / "django.sqlite3"
    dataset.build(f"sqlite:///{path}", ROWS, quiet=True).dispose()
    with sqlite3.connect(path) as con:
        con.execute("PRAGMA journal_mode = DELETE")  # as Django leaves a file it created
    return path


def _variant(built: Path, tmp_path: Path, *, with_summary: bool, with_created_index: bool) -> Database:
    path = tmp_path / "copy.sqlite3"
    shutil.copy(built, path)
    database = open_database(f"sqlite:///{path}")
    with database.write() as conn:
        search_index.uninstall(conn, database.layout)  # a Django database has none
        if not with_summary:
            summary.uninstall(conn, database.layout)
        if not with_created_index:
            conn.exec_driver_sql("DROP INDEX waadmin_wm_att_created_id")
    return database


class Transactions:
    """The read transactions an engine runs and how long each held the file."""

    def __init__(self, database: Database) -> None:
        self.spans: list[float] = []
        began: dict[int, float] = {}

        @event.listens_for(database.engine, "begin")
        def _begin(conn) -> None:
            began[id(conn)] = time.perf_counter()

        @event.listens_for(database.engine, "rollback")
        def _end(conn) -> None:
            start = began.pop(id(conn), None)
            if start is not None:
                self.spans.append(time.perf_counter() - start)


def _read_whole_then_sliced(monkeypatch: pytest.MonkeyPatch, database: Database, compute):
    transactions = Transactions(database)
    monkeypatch.setenv("WAADMIN_SQLITE_READ_MS", WHOLE_MS)
    whole = compute()
    whole_reads = len(transactions.spans)
    monkeypatch.setenv("WAADMIN_SQLITE_READ_MS", SLICED_MS)
    sliced = compute()
    return whole, sliced, whole_reads, len(transactions.spans) - whole_reads


@pytest.mark.parametrize(
    ("with_summary", "with_created_index", "zone"),
    [
        pytest.param(True, True, None, id="summary"),
        pytest.param(False, True, None, id="no-summary-created-index"),
        pytest.param(False, False, None, id="as-django-leaves-it"),
        pytest.param(False, False, "Asia/Kolkata", id="as-django-leaves-it-half-hour-zone"),
    ],
)
def test_dashboard_figures_read_in_short_slices_equal_those_of_one_long_read(monkeypatch, built, tmp_path, with_summary, with_created_index, zone):
    database = _variant(built, tmp_path, with_summary=with_summary, with_created_index=with_created_index)
    tz = ZoneInfo(zone) if zone else None

    def figures():
        return [
            compute_stats(database, window=window, end=dataset.NOW - timedelta(minutes=17), tz=tz).to_json()
            for window in (timedelta(days=30), timedelta(days=7), timedelta(hours=24))
        ] + [compute_stats(database, window=timedelta(days=7), end=dataset.NOW, message_type="otp").to_json()]

    whole, sliced, whole_reads, sliced_reads = _read_whole_then_sliced(monkeypatch, database, figures)
    assert whole[0]["total"] > ROWS * 0.9 and whole[0]["by_type"]
    assert sliced == whole
    if not with_summary:
        # Without the summary every window is read from the attempts: in many short reads.
        assert sliced_reads > 4 * whole_reads
    database.dispose()


def test_list_pages_counts_filter_menus_and_failures_read_in_short_slices_equal_those_of_one_long_read(monkeypatch, built, tmp_path):
    database = _variant(built, tmp_path, with_summary=False, with_created_index=False)
    failed = AttemptFilter(statuses=frozenset({"failed_retry", "failed_final"}))
    searched = AttemptFilter(search="timeout")

    def reads():
        out: list[object] = []
        for flt, sort in (
            (AttemptFilter(), Sort("created_at", descending=True)),
            (failed, Sort("created_at", descending=False)),
            (searched, Sort("recipient", descending=False)),
            (AttemptFilter(), Sort("next_retry_at", descending=True)),  # NULLs last, in ties by id
        ):
            page = listing.list_attempts(database, flt, sort, limit=150)
            out.append([row.id for row in page.rows])
            page = listing.list_attempts(database, flt, sort, after=page.next_cursor, limit=150)
            out.append(([row.id for row in page.rows], page.next_cursor))
        for flt in (AttemptFilter(), failed, searched, AttemptFilter(search="no such text anywhere")):
            exact = listing.count_attempts(database, flt, exact=True)
            estimate = listing.count_attempts(database, flt, exact=False)
            out.append(exact)
            # The count line's estimate is exact when the capped count fits its budget, else a
            # sample marked as such (which one depends on the budget and the machine's speed).
            out.append(estimate == exact or not estimate.exact)
        out += [listing.distinct_values(database, column) for column in ("category", "message_type", "source_app", "status")]
        out.append(work_counts(database, AttemptFilter(), dataset.NOW))
        failures = failure_rows(database, AttemptFilter(), frozenset({"failed_retry", "failed_final"}), frozenset({"conflicting_save"}))
        out.append(sorted(failures, key=lambda f: (f.error_code, f.error_message, f.message_type, f.region or "")))
        return out

    whole, sliced, whole_reads, sliced_reads = _read_whole_then_sliced(monkeypatch, database, reads)
    assert sliced == whole
    assert len(whole[0]) == 150 and whole[12] == listing.Count(whole[12].value, exact=True) and whole[12].value > 100 and len(whole[-1]) > 5
    # It did slice; how many more transactions depends on the machine's speed within the budget.
    assert sliced_reads > 2 * whole_reads
    database.dispose()


def test_a_read_past_its_budget_is_interrupted_and_lets_the_file_go(tmp_path):
    path = tmp_path / "plain.sqlite3"
    open_database(f"sqlite:///{path}", create=True).dispose()
    with sqlite3.connect(path) as con:
        con.execute("PRAGMA journal_mode = DELETE")
    database = open_database(f"sqlite:///{path}")
    slow = text("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n WHERE i < 0")
    started = time.perf_counter()
    with pytest.raises(short_reads.TooLong):
        short_reads.bounded(database, lambda conn: conn.execute(slow).scalar_one(), 0.05)
    assert time.perf_counter() - started < 1.0
    # The connection went back to the pool unlocked: a writer gets in at once.
    with sqlite3.connect(path, timeout=0) as other:
        other.execute("CREATE TABLE written_meanwhile (x)")
    assert short_reads.bounded(database, lambda conn: conn.execute(text("SELECT 1")).scalar_one()) == 1
    database.dispose()


def test_reads_are_cut_only_on_sqlite_outside_wal_mode(built, tmp_path):
    database = _variant(built, tmp_path, with_summary=True, with_created_index=True)
    slicing = short_reads.Slicing.for_database(database, windows=True)
    assert slicing is not None and slicing.by_time
    with sqlite3.connect(database.url.database) as con:
        con.execute("PRAGMA journal_mode = WAL")
    assert short_reads.Slicing.for_database(database) is None
    database.dispose()
