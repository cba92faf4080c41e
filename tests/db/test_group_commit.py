"""Sender threads' claims and results written together: each thread still gets its own claim,
and a change the database refuses fails alone."""

from __future__ import annotations

import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import event, text

from tests.support import factories
from waadmin.db import transitions
from waadmin.db.database import open_database
from waadmin.db.errors import DatabaseProblem, ProblemKind
from waadmin.db.group_commit import GroupCommit
from waadmin.domain.clock import utcnow


def test_twelve_senders_claim_and_record_through_one_group_commit_and_each_row_is_claimed_once(database) -> None:
    ids = [factories.due_retry(database) for _ in range(12)]
    candidates = [c for c in transitions.select_candidates(database, utcnow(), 100) if c.id in ids]
    writes = GroupCommit(database)
    start = threading.Barrier(24)

    def send(candidate: transitions.Candidate) -> transitions.Claim | None:
        start.wait()
        claim = transitions.claim(database, candidate, utcnow(), writes=writes)
        if claim is not None:
            transitions.record_sent(database, claim, utcnow(), f"wamid.{claim.id}", {"result": "ok"}, writes=writes)
        return claim

    try:
        with ThreadPoolExecutor(24) as pool:
            claims = list(pool.map(send, candidates + candidates))  # every row asked for twice
    finally:
        writes.close()
    won = sorted(c.id for c in claims if c is not None)
    assert won == sorted(ids)  # each row once, whichever thread got there first
    for attempt_id in ids:
        row = factories.row(database, attempt_id)
        assert (row["status"], row["attempt_count"], row["provider_message_id"]) == ("sent", 2, f"wamid.{attempt_id}")


def test_a_change_the_database_refuses_fails_alone_and_the_others_are_committed(database) -> None:
    ids = [factories.due_retry(database) for _ in range(6)]
    table = database.layout.attempt_table
    writes = GroupCommit(database)
    start = threading.Barrier(len(ids) + 1)

    def good(attempt_id: int) -> int:
        start.wait()
        return writes.write("mark", lambda conn: conn.execute(text(f'UPDATE "{table}" SET error_code = \'grouped\' WHERE id = :i'), {"i": attempt_id}).rowcount)

    def bad() -> None:
        start.wait()
        writes.write("refused", lambda conn: conn.execute(text('UPDATE "no_such_table" SET x = 1')))

    try:
        with ThreadPoolExecutor(len(ids) + 1) as pool:
            done = [pool.submit(good, i) for i in ids]
            refused = pool.submit(bad)
            assert [f.result() for f in done] == [1] * len(ids)
            with pytest.raises(DatabaseProblem):
                refused.result()
    finally:
        writes.close()
    assert all(factories.row(database, i)["error_code"] == "grouped" for i in ids)


def test_a_file_locked_for_good_fails_every_waiting_change_after_one_busy_timeout(tmp_path) -> None:
    """Another program holds the SQLite file's write lock past the busy timeout: every change
    asked for meanwhile gets 'locked' after that one wait, instead of one more wait each."""
    path = tmp_path / "locked.sqlite3"
    setup = open_database(f"sqlite:///{path}", create=True)
    ids = [factories.due_retry(setup) for _ in range(8)]
    setup.dispose()
    database = open_database(f"sqlite:///{path}", busy_timeout_ms=400)
    table = database.layout.attempt_table
    waits = []
    event.listen(database.engine, "before_cursor_execute", lambda conn, cursor, statement, *rest: waits.append(1) if statement.startswith("BEGIN") else None)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    writes = GroupCommit(database)
    start = threading.Barrier(len(ids))

    def mark(attempt_id: int) -> int:
        start.wait()
        return writes.write("mark", lambda conn: conn.execute(text(f'UPDATE "{table}" SET error_code = \'x\' WHERE id = :i'), {"i": attempt_id}).rowcount)

    try:
        with ThreadPoolExecutor(len(ids)) as pool:
            futures = [pool.submit(mark, i) for i in ids]
            problems = []
            for future in futures:
                with pytest.raises(DatabaseProblem) as raised:
                    future.result()
                problems.append(raised.value)
    finally:
        writes.close()
        holder.execute("ROLLBACK")
        holder.close()
    assert {p.kind for p in problems} == {ProblemKind.LOCKED}
    assert len({id(p) for p in problems}) == len(ids)  # each thread its own error object
    # One transaction waited for the lock (two at most: changes that came after it had failed).
    assert len(waits) <= 2, len(waits)
    database.dispose()
    # Nothing was written, and the next change, once the file is free, goes through.
    check = open_database(f"sqlite:///{path}")
    writes = GroupCommit(check)
    try:
        assert writes.write("mark", lambda conn: conn.execute(text(f'UPDATE "{table}" SET error_code = \'y\' WHERE id = :i'), {"i": ids[0]}).rowcount) == 1
    finally:
        writes.close()
    codes = [factories.row(check, i)["error_code"] for i in ids]
    assert codes[0] == "y" and "x" not in codes
    check.dispose()
