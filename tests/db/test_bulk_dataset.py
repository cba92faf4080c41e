"""The benchmark's bulk data set (numpy columns, loaded with its indexes built afterwards) is
data the state machine could have made, on both databases: each status with the fields it
implies, the Django indexes and waadmin's back in place, the summary and search index ready and
agreeing with the rows; and the same rows whether made in this process or in others."""

from __future__ import annotations

import hashlib
from pathlib import Path

from sqlalchemy import inspect, text

from benchmarks import dataset
from waadmin.db import listing, search_index, summary
from waadmin.db.indexes import missing_indexes
from waadmin.domain.filters import AttemptFilter
from waadmin.domain.statuses import Status

ROWS = 6_000

# Rows that break what the status says happened (none expected).
INCONSISTENT = {
    "pending never tried": "status = 'pending' AND (attempt_count <> 0 OR first_attempt_at IS NOT NULL)",
    "sent has a send time and an id": "status IN ('sent', 'delivered', 'read') AND (sent_at IS NULL OR provider_message_id = '' OR error_code <> '')",
    "delivered has its report": "status IN ('delivered', 'read') AND delivered_at IS NULL",
    "not delivered has none": "status NOT IN ('delivered', 'read') AND delivered_at IS NOT NULL",
    "waiting has a next try": "status = 'failed_retry' AND (next_retry_at IS NULL OR error_code = '' OR attempt_count >= max_attempts)",
    "final has no next try": "status IN ('failed_final', 'sent', 'delivered', 'read', 'cancelled', 'pending') AND next_retry_at IS NOT NULL",
    "tries within the limit": "attempt_count > max_attempts",
    "tried after creation": "first_attempt_at < created_at OR last_attempt_at < first_attempt_at",
}


def _rows_digest(url: str) -> str:
    from waadmin.db.database import open_database

    database = open_database(url)
    try:
        with database.read() as conn:
            rows = conn.exec_driver_sql(f'SELECT * FROM "{database.layout.attempt_table}" ORDER BY id').all()
    finally:
        database.dispose()
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def test_bulk_rows_are_consistent_and_fully_indexed(db_url: str) -> None:
    database = dataset.build(db_url, ROWS, quiet=True, workers=1, batch=1_000)
    try:
        table = database.layout.attempt_table
        with database.read() as conn:
            assert conn.exec_driver_sql(f'SELECT count(*) FROM "{table}"').scalar_one() == ROWS
            for what, condition in INCONSISTENT.items():
                bad = conn.exec_driver_sql(f'SELECT count(*) FROM "{table}" WHERE {condition}').scalar_one()
                assert bad == 0, what
            statuses = {s for (s,) in conn.exec_driver_sql(f'SELECT DISTINCT status FROM "{table}"')}
            assert statuses >= {Status.SENT, Status.DELIVERED, Status.READ, Status.FAILED_RETRY, Status.FAILED_FINAL, Status.CANCELLED}
            # Ids follow creation, as the Django app gives them.
            out_of_order = conn.execute(
                text(f'SELECT count(*) FROM "{table}" a JOIN "{table}" b ON b.id = a.id + 1 WHERE b.created_at < a.created_at')
            ).scalar_one()
            assert out_of_order == 0
            assert missing_indexes(conn, database.layout) == []
            names = {i["name"] for i in inspect(conn).get_indexes(table)}
            assert "waadmin_wm_att_created_id" in names
            assert summary.state_of(conn, database.layout) is summary.State.READY
            assert search_index.state_of(conn, database.layout) is search_index.State.READY
            phone = conn.exec_driver_sql(f'SELECT phone_number FROM "{table}" WHERE id = 100').scalar_one()
            with_phone = conn.execute(text(f'SELECT count(*) FROM "{table}" WHERE phone_number = :p'), {"p": phone}).scalar_one()
        # The search index and the list agree with the rows themselves.
        found = listing.count_attempts(database, AttemptFilter(search=phone))
        assert found.exact and found.value >= with_phone >= 1
    finally:
        database.dispose()


def test_the_same_rows_made_here_or_in_other_processes(tmp_path: Path) -> None:
    here, there = f"sqlite:///{tmp_path / 'here.sqlite3'}", f"sqlite:///{tmp_path / 'there.sqlite3'}"
    dataset.build(here, ROWS, quiet=True, workers=0, batch=1_000).dispose()
    dataset.build(there, ROWS, quiet=True, workers=2, batch=1_000).dispose()
    assert _rows_digest(here) == _rows_digest(there)
