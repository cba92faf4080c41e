"""The other long reads on an SQLite file in rollback-journal mode — the webhooks tab, exports,
searches through the FTS index and users' names, and the stats summary's fold — go in short
transactions too, and give exactly what one long read gave."""

from __future__ import annotations

import shutil
import sqlite3
import time
from pathlib import Path

import pytest
from sqlalchemy import event, select, text

from benchmarks import dataset
from benchmarks.sqlite_locks import add_webhook_logs
from waadmin.db import listing, search_index, summary, webhook_store
from waadmin.db.database import Database, open_database
from waadmin.db.models import CustomUser
from waadmin.domain.filters import AttemptFilter, Sort, WebhookFilter
from waadmin.engine.export import export_attempts

ROWS = 30_000
WEBHOOKS = 150_000
WHOLE_MS = "1000000"  # a budget no read reaches: every read in one transaction
SLICED_MS = "5"  # a budget every long read here passes: read in slices


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("short-reads-elsewhere") / "django.sqlite3"
    dataset.build(f"sqlite:///{path}", ROWS, quiet=True).dispose()
    add_webhook_logs(path, WEBHOOKS)
    with sqlite3.connect(path) as con:
        con.execute("PRAGMA journal_mode = DELETE")  # as Django leaves a file it created
    return path


def _copy(built: Path, tmp_path: Path, name: str = "copy.sqlite3") -> Database:
    path = tmp_path / name
    shutil.copy(built, path)
    return open_database(f"sqlite:///{path}")


class Transactions:
    """How many transactions an engine ran (reads end in a rollback, writes in a commit)."""

    def __init__(self, database: Database) -> None:
        self.reads = 0
        self.writes = 0

        @event.listens_for(database.engine, "rollback")
        def _read(conn) -> None:
            self.reads += 1

        @event.listens_for(database.engine, "commit")
        def _write(conn) -> None:
            self.writes += 1


def _whole_then_sliced(monkeypatch, database: Database, compute):
    counted = Transactions(database)
    monkeypatch.setenv("WAADMIN_SQLITE_READ_MS", WHOLE_MS)
    whole = compute()
    whole_reads = counted.reads
    monkeypatch.setenv("WAADMIN_SQLITE_READ_MS", SLICED_MS)
    sliced = compute()
    return whole, sliced, whole_reads, counted.reads - whole_reads


def test_the_webhooks_tab_and_a_reprocess_read_in_short_slices_what_one_long_read_gave(monkeypatch, built, tmp_path) -> None:
    database = _copy(built, tmp_path)
    unprocessed = WebhookFilter(processed=False)

    def reads() -> list[object]:
        out: list[object] = []
        for flt in (unprocessed, WebhookFilter(errors_only=True), WebhookFilter(search="BULK00012"), WebhookFilter()):
            page = webhook_store.list_webhooks(database, flt, limit=40)
            out.append([r.id for r in page])
            if page:
                out.append([r.id for r in webhook_store.list_webhooks(database, flt, before_id=page[-1].id, limit=40)])
        out += [webhook_store.count_webhooks(database, flt) for flt in (unprocessed, WebhookFilter())]
        out.append(list(webhook_store.iter_webhook_ids(database, unprocessed, chunk=30)))
        return out

    whole, sliced, whole_reads, sliced_reads = _whole_then_sliced(monkeypatch, database, reads)
    assert sliced == whole
    assert len(whole[0]) == 40 and whole[0] == sorted(whole[0], reverse=True) and whole[1][0] < whole[0][-1]
    assert whole[-3] >= WEBHOOKS // 2000  # the bulk's unprocessed logs, and the demo's
    assert whole[-2] > WEBHOOKS and sum(len(c) for c in whole[-1]) == whole[-3]
    # It did slice: more transactions than whole reads. How many more depends on how fast this
    # machine gets through a slice within its budget (an idle one needs fewer), so no ratio.
    assert sliced_reads > whole_reads
    database.dispose()


def test_an_export_reads_in_short_transactions_and_writes_the_same_file(monkeypatch, built, tmp_path) -> None:
    database = _copy(built, tmp_path)
    with database.write() as conn:
        search_index.uninstall(conn, database.layout)  # a Django database has none: the search reads the table

    def exports() -> list[bytes]:
        files = []
        for n, (flt, sort) in enumerate(((AttemptFilter(search="timeout"), Sort("created_at")), (AttemptFilter(statuses=frozenset({"failed_final"})), Sort("recipient", descending=False)))):
            target = tmp_path / f"export-{n}-{time.monotonic_ns()}.csv"
            report = export_attempts(database, target, flt, sort, page_size=300)
            assert report.rows > 300  # several pages
            files.append(target.read_bytes())
        return files

    whole, sliced, whole_reads, sliced_reads = _whole_then_sliced(monkeypatch, database, exports)
    assert sliced == whole
    assert sliced_reads > whole_reads  # it did slice (how many times depends on the machine's speed)
    database.dispose()


def test_searches_through_the_fts_index_and_users_names_read_in_short_slices_what_one_long_read_gave(monkeypatch, built, tmp_path) -> None:
    database = _copy(built, tmp_path)
    assert search_index.state(database) is search_index.State.READY
    with database.read() as conn:
        name = conn.execute(select(CustomUser.last_name).where(CustomUser.last_name != "").order_by(CustomUser.id).limit(1)).scalar_one()
        rare = conn.execute(text(f"SELECT phone_number FROM {database.layout.attempt_table} ORDER BY id DESC LIMIT 1")).scalar_one()

    def reads() -> list[object]:
        out: list[object] = []
        for term in ("timeout", rare[-7:], name, "no such text anywhere"):
            page = listing.list_attempts(database, AttemptFilter(search=term), Sort("created_at"), limit=100)
            out.append([r.id for r in page.rows])
            out.append(listing.count_attempts(database, AttemptFilter(search=term), exact=True))
        return out

    whole, sliced, _whole_reads, _sliced_reads = _whole_then_sliced(monkeypatch, database, reads)
    assert sliced == whole
    assert whole[0] and whole[2] and whole[4] and whole[6] == []
    database.dispose()


def _rollups(database: Database) -> dict[str, list[tuple]]:
    with database.read() as conn:
        return {
            r.suffix: sorted(tuple(row) for row in conn.exec_driver_sql(f'SELECT * FROM "{summary.rollup_table(database.layout, r)}"'))
            for r in summary.ROLLUPS
        }


def test_the_summary_log_is_folded_in_short_writes_into_the_figures_a_recount_gives(monkeypatch, built, tmp_path) -> None:
    database = _copy(built, tmp_path)
    assert summary.state(database) is summary.State.READY
    # The Django app changed every failed row, and deleted some: a long log to fold.
    with database.write() as conn:
        table = database.layout.attempt_table
        conn.exec_driver_sql(f"UPDATE \"{table}\" SET status = 'cancelled' WHERE status IN ('failed_retry', 'pending')")
        conn.exec_driver_sql(f'UPDATE "{table}" SET attempt_count = attempt_count + 1 WHERE id % 3 = 0')
        hooks = database.layout.webhook.__table__.name
        conn.exec_driver_sql(f'DELETE FROM "{table}" WHERE id % 11 = 0 AND id NOT IN (SELECT message_attempt_id FROM "{hooks}" WHERE message_attempt_id IS NOT NULL)')
        pending = conn.exec_driver_sql(f'SELECT count(*) FROM "{summary.log_table(database.layout)}"').scalar_one()
    assert pending > 20_000
    monkeypatch.setenv("WAADMIN_SQLITE_READ_MS", SLICED_MS)
    counted = Transactions(database)
    assert summary.fold(database) == pending
    assert counted.writes > 5  # in parts, each its own write
    folded = _rollups(database)
    with database.write() as conn:  # the figures counted again from the attempts
        summary.uninstall(conn, database.layout)
        summary.install(conn, database.layout)
    assert folded == _rollups(database)
    database.dispose()
