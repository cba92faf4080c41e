"""A send the provider accepted is never sent again, even when its result cannot be written:
answers the database refuses are made storable, a row that still cannot be written is skipped
without ending the run, and a result that waited in the send journal is written by the next run
instead of the row going back to the schedule. Real SQLite files (a full tmpfs too), a real
PostgreSQL server, the sandbox provider on 127.0.0.1."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import threading
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, text

from tests.reliability.conftest import insert_due, rows_by_id, status_counts
from tests.support.waiting import wait_until
from waadmin.db.database import open_database
from waadmin.engine.retry import RetryOptions, RetryRun
from waadmin.engine.send_journal import SendJournal
from waadmin.providers.factory import build_provider


def _run(database, sandbox, journal: SendJournal | None = None, **options) -> object:
    provider = build_provider(sandbox.settings("wachap"))
    try:
        return RetryRun(database, provider, RetryOptions(rate_per_second=0, **options), journal=journal).run()
    finally:
        provider.close()


def _response(database, attempt_id: int):
    a = database.layout.attempt
    with database.read() as conn:
        return conn.execute(select(a.provider_response).where(a.id == attempt_id)).scalar_one()


def test_answers_with_a_nul_or_of_megabytes_are_stored_cleaned_and_capped(database, sandbox) -> None:
    texts = insert_due(database, 6)
    nul_phone, huge_phone = "+22370000000", "+22370000001"
    sandbox.script("ok_nul", phone=nul_phone)
    sandbox.script("ok_huge", phone=huge_phone)
    report = _run(database, sandbox)
    assert not report.aborted and report.success == 6
    assert status_counts(database) == Counter({"sent": 6})
    assert Counter(sandbox.sent_texts()) == Counter({t: 1 for t in texts})
    nul = _response(database, texts["colis #0"])
    assert nul["body"]["note"] == "acceptedqueued"  # the NUL is gone, the rest kept
    huge = _response(database, texts["colis #1"])
    assert len(json.dumps(huge)) <= 16_000 and "truncated" in huge and huge["result"] == "ok"


def _refuse_writes_of_sent(database, attempt_id: int, message: str) -> None:
    """The database itself refuses to record this row as sent (the way a full disk or a value
    it cannot hold does), through a trigger: waadmin's code is not touched."""
    table = database.layout.attempt_table
    with database.write() as conn:
        if database.is_postgresql:
            conn.execute(text(
                "CREATE FUNCTION refuse_sent() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                f"IF NEW.status = 'sent' AND NEW.id = {attempt_id} THEN RAISE EXCEPTION '{message}' USING ERRCODE = '22000'; END IF; "
                "RETURN NEW; END $$"
            ))
            conn.execute(text(f'CREATE TRIGGER refuse_sent BEFORE UPDATE ON "{table}" FOR EACH ROW EXECUTE FUNCTION refuse_sent()'))
        else:
            conn.execute(text(
                f'CREATE TRIGGER refuse_sent BEFORE UPDATE ON "{table}" WHEN NEW.status = \'sent\' AND NEW.id = {attempt_id} '
                f"BEGIN SELECT RAISE(ABORT, '{message}'); END"
            ))


def _allow_writes(database) -> None:
    table = database.layout.attempt_table
    with database.write() as conn:
        if database.is_postgresql:
            conn.execute(text(f'DROP TRIGGER refuse_sent ON "{table}"'))
            conn.execute(text("DROP FUNCTION refuse_sent()"))
        else:
            conn.execute(text("DROP TRIGGER refuse_sent"))


def test_a_row_that_cannot_be_written_is_skipped_and_written_later_never_resent(database, sandbox) -> None:
    texts = insert_due(database, 8)
    stuck = texts["colis #3"]
    _refuse_writes_of_sent(database, stuck, "value too long for type character varying(20)")
    report = _run(database, sandbox, concurrency=2)
    # The run went on: every other row is sent and recorded.
    assert not report.aborted and report.success == 7
    [unwritten] = report.not_recorded
    assert unwritten.attempt_id == stuck and unwritten.journaled
    assert rows_by_id(database)[stuck]["status"] == "sending"
    assert sandbox.sent_texts().count("colis #3") == 1
    # Later runs, even one that recovers every stuck row at once, do not send it again...
    again = _run(database, sandbox, lease=timedelta(seconds=0.001))
    assert again.recovered == [] and rows_by_id(database)[stuck]["status"] == "sending"
    # ...and once the database takes it, the next run writes it as sent, with the provider's id.
    _allow_writes(database)
    _run(database, sandbox, lease=timedelta(seconds=0.001))
    row = rows_by_id(database)[stuck]
    assert row["status"] == "sent" and row["provider_message_id"].startswith("SBX")
    assert Counter(sandbox.sent_texts()) == Counter({t: 1 for t in texts})
    assert SendJournal.for_url(database.masked_url).pending() == []


def test_reset_stuck_leaves_an_accepted_send_alone_until_it_is_written(database, sandbox) -> None:
    from waadmin.engine.actions import reset_stuck

    texts = insert_due(database, 2)
    stuck = texts["colis #1"]
    _refuse_writes_of_sent(database, stuck, "value too long for type character varying(20)")
    _run(database, sandbox, concurrency=1)
    assert reset_stuck(database, ids=[stuck], force=True) == []
    assert rows_by_id(database)[stuck]["status"] == "sending"
    _allow_writes(database)
    assert reset_stuck(database, ids=[stuck], force=True) == []  # written as sent, not reset
    assert rows_by_id(database)[stuck]["status"] == "sent"
    assert sandbox.sent_texts().count("colis #1") == 1


@pytest.fixture
def small_disk(tmp_path: Path):
    """A 4 MB tmpfs: the SQLite file's disk can really fill up. Needs root (CI runs as root)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    if shutil.which("mount") is None or os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root and mount(8)")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mount)], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True)


def _fill(folder: Path) -> Path:
    filler = folder / "filler"
    with open(filler, "wb") as out:
        try:
            while True:
                out.write(b"\0" * 65536)
                out.flush()
        except OSError:
            pass
    return filler


def test_a_full_disk_keeps_the_accepted_send_and_the_next_run_records_it(small_disk: Path, sandbox) -> None:
    url = f"sqlite:///{small_disk / 'attempts.sqlite3'}"
    database = open_database(url, create=True)
    try:
        texts = insert_due(database, 1)
        [attempt_id] = texts.values()
        sandbox.set_latency(0.8)
        provider = build_provider(sandbox.settings("wachap"))
        run = RetryRun(database, provider, RetryOptions(rate_per_second=0, concurrency=1, record_patience=1.0))
        result = {}
        worker = threading.Thread(target=lambda: result.setdefault("report", run.run()))
        worker.start()
        wait_until(sandbox.count, 10, "the provider is answering")
        filler = _fill(small_disk)  # the disk fills while the provider is answering
        worker.join(30)
        provider.close()
        report = result["report"]
        assert "full" in report.aborted
        [unwritten] = report.not_recorded
        assert unwritten.journaled and sandbox.sent_texts() == ["colis #0"]
        filler.unlink()  # space again
        sandbox.set_latency(0)
        _run(database, sandbox, lease=timedelta(seconds=0.001))
        row = rows_by_id(database)[attempt_id]
        assert row["status"] == "sent" and row["attempt_count"] == 2
        assert sandbox.sent_texts() == ["colis #0"]  # once, ever
    finally:
        database.dispose()
