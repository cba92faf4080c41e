"""The database goes away, is locked, is read-only, or drops a connection between a claim and
its result. The CLI ends with one clear line and a non-zero status, never a traceback, and after
the database is back (plus lease recovery) nothing is stuck and nothing was sent twice."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import threading
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

import psycopg
import pytest

from tests.reliability.conftest import (
    assert_one_clear_line,
    cli_env,
    insert_due,
    rows_by_id,
    run_cli,
    status_counts,
    waadmin_command,
)
from tests.support.waiting import wait_until
from waadmin.db.database import open_database
from waadmin.domain.clock import utcnow
from waadmin.engine.retry import RetryOptions, RetryRun
from waadmin.providers.factory import build_provider


def _wait_for(predicate, seconds: float = 30.0) -> None:
    wait_until(predicate, seconds)


@pytest.mark.slow
@pytest.mark.postgres
def test_postgresql_stopped_mid_run_then_restarted(pg_server, pg_url, sandbox) -> None:
    database = open_database(pg_url, create=True)
    try:
        by_text = insert_due(database, 30)
        sandbox.set_latency(0.3)
        args = waadmin_command("retry", "--max-retries", "30", "--concurrency", "3", "--rate", "0")
        # The sends in flight wait for the database to record their results; 3 s of that
        # patience (60 by default) shows the same: nothing recorded, the run stops in one line.
        env = cli_env(pg_url, sandbox, WAADMIN_RECORD_PATIENCE="3")
        proc = subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            _wait_for(lambda: sandbox.count() >= 6)
            pg_server.stop("fast")
            out, err = proc.communicate(timeout=180)
        finally:
            if proc.poll() is None:
                proc.kill()
            pg_server.start()
        assert proc.returncode == 3, (out, err)
        assert "Traceback" not in out
        assert "Cannot reach" in out, out  # the report's own line
        assert_one_clear_line(subprocess.CompletedProcess(args, proc.returncode, out, err), "cannot reach")

        database.dispose()  # the old pool's connections died with the server
        sandbox.set_latency(0)
        a = database.layout.attempt
        from sqlalchemy import update

        with database.write() as conn:  # the lease runs out
            conn.execute(update(a).where(a.status == "sending").values(last_attempt_at=utcnow() - timedelta(minutes=11)))
        recovered = run_cli(pg_url, "recover-stuck", "--json")
        assert recovered.returncode == 0, recovered.stderr
        again = run_cli(pg_url, "retry", "--json", "--max-retries", "30", "--rate", "0", sandbox=sandbox)
        assert again.returncode == 0, again.stderr

        assert status_counts(database)["sending"] == 0
        sent = Counter(sandbox.sent_texts())
        assert max(sent.values()) == 1, "an attempt was sent twice"
        rows = rows_by_id(database)
        interrupted = {r["id"] for r in json.loads(recovered.stdout)["recovered"]}
        for text, attempt_id in by_text.items():
            row = rows[attempt_id]
            if attempt_id in interrupted:
                assert (row["status"], row["error_code"]) == ("failed_retry", "interrupted")
            else:
                assert row["status"] == "sent" and sent[text] == 1
    finally:
        database.dispose()


@pytest.mark.postgres
def test_postgresql_down_before_the_run_is_one_line(pg_server, pg_url) -> None:
    dead = pg_url.replace(f":{pg_server.port}/", ":1/")
    result = run_cli(dead, "retry")
    assert result.returncode == 3
    assert_one_clear_line(result, "cannot reach")


@pytest.mark.postgres
def test_connections_dropped_between_claim_and_result_are_reopened(pg_server, pg_url, sandbox) -> None:
    database = open_database(pg_url, create=True)
    provider = build_provider(sandbox.settings("wachap"))
    try:
        by_text = insert_due(database, 6)
        sandbox.set_latency(1.0)
        run = RetryRun(database, provider, RetryOptions(concurrency=6, rate_per_second=0))
        thread = threading.Thread(target=run.run)
        thread.start()
        _wait_for(lambda: sandbox.count() == 6)  # all claimed, all in flight
        with psycopg.connect(f"host=127.0.0.1 port={pg_server.port} user=postgres dbname=postgres", autocommit=True) as admin:
            killed = admin.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = 'waadmin'"
            ).fetchone()[0]
        assert killed >= 1
        thread.join(60)
        assert not run.report.aborted, run.report.errors
        assert status_counts(database) == Counter({"sent": 6})
        assert Counter(sandbox.sent_texts()) == Counter({text: 1 for text in by_text})
    finally:
        provider.close()
        database.dispose()


def _hold_exclusive_lock(path: Path, seconds: float, release: threading.Event | None = None) -> threading.Thread:
    """Another writer holding the file for ``seconds`` (that long is the point: a lock the
    waiting side outlasts), or until ``release`` is set once the side that gave up has ended."""
    locked = threading.Event()
    release = release or threading.Event()

    def hold() -> None:
        conn = sqlite3.connect(path, isolation_level=None)
        conn.execute("BEGIN EXCLUSIVE")
        locked.set()
        release.wait(seconds)
        conn.execute("ROLLBACK")
        conn.close()

    thread = threading.Thread(target=hold)
    thread.start()
    locked.wait(10)
    return thread


def test_sqlite_locked_by_another_writer_waits_then_runs(tmp_path, sandbox) -> None:
    path = tmp_path / "attempts.sqlite3"
    database = open_database(f"sqlite:///{path}", create=True)
    insert_due(database, 5)
    holder = _hold_exclusive_lock(path, 1.5)
    result = run_cli(f"sqlite:///{path}", "retry", "--json", "--rate", "0", sandbox=sandbox)
    holder.join()
    assert result.returncode == 0, result.stderr
    assert status_counts(database) == Counter({"sent": 5})
    database.dispose()


def test_sqlite_locked_longer_than_the_busy_timeout_aborts_cleanly(tmp_path, sandbox) -> None:
    path = tmp_path / "attempts.sqlite3"
    setup = open_database(f"sqlite:///{path}", create=True)
    insert_due(setup, 5)
    setup.dispose()
    database = open_database(f"sqlite:///{path}", busy_timeout_ms=300)
    gave_up = threading.Event()
    holder = _hold_exclusive_lock(path, 60, gave_up)  # held until the run has given up
    provider = build_provider(sandbox.settings("wachap"))
    try:
        report = RetryRun(database, provider, RetryOptions(rate_per_second=0)).run()
    finally:
        gave_up.set()
        holder.join()
        provider.close()
    assert "locked" in report.aborted
    assert sandbox.count() == 0 and status_counts(database) == Counter({"failed_retry": 5})
    database.dispose()


@pytest.mark.slow
def test_cli_on_an_sqlite_file_locked_for_good_says_so_in_one_line(tmp_path, sandbox) -> None:
    path = tmp_path / "attempts.sqlite3"
    database = open_database(f"sqlite:///{path}", create=True)
    insert_due(database, 10)
    database.dispose()
    gave_up = threading.Event()
    holder = _hold_exclusive_lock(path, 120, gave_up)  # held until the CLI, past its 15 s busy timeout, has ended
    started = time.monotonic()
    try:
        result = run_cli(f"sqlite:///{path}", "retry", sandbox=sandbox)
    finally:
        gave_up.set()
        holder.join()
    # It says so after one busy timeout, not one per attempt it had meant to claim (was 15 s x 11).
    assert time.monotonic() - started < 2 * 15 + 10
    assert result.returncode == 3
    assert_one_clear_line(result, "locked")
    assert sandbox.count() == 0


def test_a_read_only_database_file_is_one_clear_line(tmp_path, sandbox) -> None:
    """The tests run as root, who may write any file whatever its mode, so the file is made
    immutable (chattr +i): every open for writing fails, as for a user without the right."""
    path = tmp_path / "attempts.sqlite3"
    database = open_database(f"sqlite:///{path}", create=True)
    insert_due(database, 2)
    database.dispose()
    os.chmod(path, 0o444)
    if subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode != 0:
        pytest.skip("chattr +i is not available here")
    try:
        result = run_cli(f"sqlite:///{path}", "retry", "--rate", "0", sandbox=sandbox)
        assert result.returncode == 3, (result.stdout, result.stderr)
        assert_one_clear_line(result, "read-only")
        listing = run_cli(f"sqlite:///{path}", "list", "--json")  # reading still works
        assert listing.returncode == 0, listing.stderr
        assert len(json.loads(listing.stdout)) == 2 or "attempts" in listing.stdout
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=False)
        os.chmod(path, 0o644)
    check = open_database(f"sqlite:///{path}")
    assert status_counts(check) == Counter({"failed_retry": 2}) and sandbox.count() == 0
    check.dispose()
