"""On a file only Django has written (no ANALYZE, so no planner statistics) SQLite is free to read
a slice of waadmin's sliced reads through any index on a filtered column — the status index for
the failures, the type index for a dashboard scoped to one type — and then reads every match in
the whole table for each slice. Every slice must be read along its own key: an id slice by the
integer primary key, a date slice through the index that leads with the creation date. Checked
on the statements waadmin really executes, with SQLite's own EXPLAIN QUERY PLAN."""

from __future__ import annotations

import re
import shutil
import sqlite3
from collections.abc import Callable
from contextlib import closing
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from benchmarks import dataset
from benchmarks.sqlite_locks import add_webhook_logs, make_django_like
from waadmin.db import listing, webhook_store
from waadmin.db.aggregates import failure_rows, work_counts
from waadmin.db.database import Database, open_database
from waadmin.db.window_stats import Reader
from waadmin.domain.filters import AttemptFilter, Sort, WebhookFilter

ROWS = 20_000
SEED_ROWS = 10_000  # generated; the rest copies of them
ATTEMPTS = "whatsapp_monitoring_attempts"
FAILED = AttemptFilter(statuses=frozenset({"failed_retry", "failed_final"}))
NEWEST_FIRST = Sort("created_at", descending=True)
SLICED_MS = "2"  # every read here but the tiny ones goes past it and is read again in slices


@pytest.fixture(scope="module")
def django_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("slice-plans") / "django.sqlite3"
    make_django_like(path, ROWS, seed_rows=SEED_ROWS)  # Django's indexes only, no statistics, DELETE mode
    add_webhook_logs(path, ROWS // 2)
    with closing(sqlite3.connect(path)) as con:
        # An outage's worth of failures: a third of the rows, so the failures' reads are long
        # enough to be sliced (a few hundred failures are read whole in well under the budget).
        con.execute(f"UPDATE {ATTEMPTS} SET status = 'failed_final', error_code = 'E' || (id % 7) WHERE id % 3 = 0")
        con.commit()
        assert not con.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").fetchone() or not con.execute(
            "SELECT count(*) FROM sqlite_stat1"
        ).fetchone()[0]
        assert con.execute("SELECT 1 FROM sqlite_master WHERE name = 'whatsapp_mo_status_0137b6_idx'").fetchone()
    return path


class Statements:
    """What an engine executed, with its parameters, and SQLite's plan for each."""

    def __init__(self, database: Database, path: Path) -> None:
        self.path = path
        self.executed: list[tuple[str, tuple[Any, ...]]] = []
        self._plans: dict[str, list[str]] = {}

        @event.listens_for(database.engine, "before_cursor_execute")
        def _seen(conn, cursor, statement, parameters, context, executemany) -> None:
            self.executed.append((statement, tuple(parameters or ())))

    def taken(self) -> list[tuple[str, tuple[Any, ...]]]:
        out, self.executed = self.executed, []
        return out

    def plan(self, statement: str, parameters: tuple[Any, ...]) -> list[str]:
        # Slices differ only by their bounds, and a plan by the statement (no statistics here).
        if statement not in self._plans:
            with closing(sqlite3.connect(self.path)) as con:
                self._plans[statement] = [row[3] for row in con.execute("EXPLAIN QUERY PLAN " + statement, parameters)]
        return self._plans[statement]


def _id_ranges(statement: str) -> set[str]:
    """The tables this statement reads an id range [lo, hi) of: an id slice."""
    low = set(re.findall(r'"?(\w+)"?\.id >= \?', statement))
    high = set(re.findall(r'"?(\w+)"?\.id < \?', statement))
    return low & high


def _lines_for(plan: list[str], table: str) -> list[str]:
    return [line for line in plan if re.match(rf"(SCAN|SEARCH) {table}\b", line)]


def _figures(database: Database, scope: AttemptFilter, window: timedelta) -> None:
    """The dashboard's window figures (what compute_stats reads through window_stats)."""
    reader = Reader.open(database, scope)
    start = dataset.NOW - window
    reader.series(start, dataset.NOW, "day")
    reader.delays(start, dataset.NOW, "day")
    reader.groups(start, dataset.NOW)


def _copy(django_file: Path, tmp_path: Path, monkeypatch) -> tuple[Database, Statements]:
    path = tmp_path / "django.sqlite3"
    shutil.copy(django_file, path)
    database = open_database(f"sqlite:///{path}")
    monkeypatch.setenv("WAADMIN_SQLITE_READ_MS", SLICED_MS)
    return database, Statements(database, path)


def _id_slices_off_the_key(seen: Statements, readers: dict[str, Callable[[], object]]) -> tuple[list[str], dict[str, int]]:
    """Each reader run in turn: the plans of its id slices that do not search the primary key
    alone, and how many id slices it ran."""
    slices: dict[str, int] = {}
    wrong: list[str] = []
    for reader, read in readers.items():
        read()
        slices[reader] = 0
        for statement, parameters in seen.taken():
            tables = _id_ranges(statement)
            if not tables:
                continue
            slices[reader] += 1
            plan = seen.plan(statement, parameters)
            for table in tables:
                lines = _lines_for(plan, table)
                if not lines or any(not line.startswith(f"SEARCH {table} USING INTEGER PRIMARY KEY (rowid>? AND rowid<?)") for line in lines):
                    wrong.append(f"{reader}: {' / '.join(plan)}\n    {' '.join(statement.split())[:300]}")
    return list(dict.fromkeys(wrong)), slices


def test_every_id_slice_is_read_by_the_integer_primary_key_not_by_the_status_or_type_index(monkeypatch, django_file, tmp_path) -> None:
    database, seen = _copy(django_file, tmp_path, monkeypatch)
    with database.read() as conn:
        name = conn.exec_driver_sql("SELECT last_name FROM authentication_customuser WHERE last_name != '' ORDER BY id LIMIT 1").scalar()
    seen.taken()
    # Filters an index is tempting for (processed, status) and that its slices must not take.
    processed = WebhookFilter(processed=True, search="BULK0000123")
    settled_arrivals = AttemptFilter(statuses=FAILED.statuses | {"sent", "delivered", "read"}, categories=frozenset({"colis_arrive"}))
    readers: dict[str, Callable[[], object]] = {
        "dashboard, 30 days": lambda: _figures(database, AttemptFilter(), timedelta(days=30)),
        "dashboard, one type": lambda: _figures(database, AttemptFilter(message_types=frozenset({"colis_status"})), timedelta(days=7)),
        "failures view": lambda: failure_rows(database, AttemptFilter(), frozenset({"failed_retry", "failed_final"})),
        "failed attempts list": lambda: listing.list_attempts(database, FAILED, NEWEST_FIRST),
        "attempts count": lambda: listing.count_attempts(database, settled_arrivals, exact=True),
        "filter menu": lambda: listing.distinct_values(database, "category"),
        "export of failed attempts": lambda: list(listing.iter_pages(database, FAILED, Sort("phone_number"))),
        "webhooks tab": lambda: webhook_store.list_webhooks(database, processed, limit=40),
        "webhooks count": lambda: webhook_store.count_webhooks(database, processed),
        "reprocess ids": lambda: list(webhook_store.iter_webhook_ids(database, processed)),
        "search by a user's name": lambda: listing.list_attempts(database, AttemptFilter(search=name), NEWEST_FIRST),
    }
    wrong, slices = _id_slices_off_the_key(seen, readers)
    database.dispose()
    assert not wrong, "\n".join(wrong)
    # Each of them did read in id slices here (else the test would prove nothing about it).
    assert not [reader for reader, n in slices.items() if n == 0], slices


def test_the_retry_queue_counts_id_slices_are_read_by_the_integer_primary_key(monkeypatch, django_file, tmp_path) -> None:
    database, seen = _copy(django_file, tmp_path, monkeypatch)
    # A worker that has not run for a while: half the rows wait, so the pass over the backlog
    # (through the status index, rightly, when read whole) goes past the budget and is sliced.
    with database.write() as conn:
        conn.exec_driver_sql(f"UPDATE {ATTEMPTS} SET status = 'failed_retry' WHERE id % 2 = 0")
    seen.taken()
    wrong, slices = _id_slices_off_the_key(seen, {"work counts": lambda: work_counts(database, AttemptFilter(), dataset.NOW)})
    database.dispose()
    assert not wrong, "\n".join(wrong)
    assert slices["work counts"] > 0


def _dates(parameters: tuple[Any, ...]) -> list[datetime]:
    return [datetime.fromisoformat(p) for p in parameters if isinstance(p, str) and re.match(r"\d{4}-\d\d-\d\d[ T]\d\d:\d\d", p)]


def test_date_slices_keep_reading_through_the_creation_date_index_whatever_the_filter(monkeypatch, django_file, tmp_path) -> None:
    database, seen = _copy(django_file, tmp_path, monkeypatch)
    with database.write() as conn:
        # What `waadmin doctor --apply` adds; the dashboard's windows are then cut by date.
        conn.exec_driver_sql(f"CREATE INDEX waadmin_wm_att_created_id ON {ATTEMPTS} (created_at, id)")
    seen.taken()
    # Two hours: the slices are as narrow as they go (a minute) at this budget, a hundred of them.
    window = timedelta(hours=2)
    _figures(database, AttemptFilter(message_types=frozenset({"colis_status"})), window)  # half the rows
    _figures(database, AttemptFilter(source_apps=frozenset({"agent_chine"})), window)
    date_slices = 0
    wrong: list[str] = []
    for statement, parameters in seen.taken():
        dates = _dates(parameters)
        if f"FROM {ATTEMPTS}" not in statement or _id_ranges(statement) or len(dates) != 2:
            continue
        if max(dates) - min(dates) >= window:
            continue  # the window tried whole, first, in one read (interrupted past the budget)
        date_slices += 1
        plan = seen.plan(statement, parameters)
        lines = _lines_for(plan, ATTEMPTS)
        if not lines or any(not line.startswith(f"SEARCH {ATTEMPTS} USING INDEX waadmin_wm_att_created_id (created_at>? AND created_at<?)") for line in lines):
            wrong.append(f"{' / '.join(plan)}\n    {' '.join(statement.split())[:300]}")
    database.dispose()
    assert not wrong, "\n".join(dict.fromkeys(wrong))
    # Both windows were cut by date (how many slices depends on the machine's speed).
    assert date_slices >= 2
