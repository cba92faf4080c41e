"""Group commit: the state changes many sender threads want at the same moment, written in one
transaction by one thread, so they share a commit (one fsync of the journal) instead of queueing
for the write lock one transaction at a time.

Each change is still its own conditional UPDATE whose row count decides who won, and the thread
that asked for it waits until the commit holding it has returned: a claim is durable before its
send starts and a result before the run reports it, exactly as with a transaction each. Only the
wait is shared. On SQLite the sender threads no longer take turns at the file's write lock
through its busy handler (sleeps of 1, 2, 5 … 100 ms, during which the lock often sat free):
this process has one writer. If a grouped transaction fails (a row the database will not take,
a lost connection), it is rolled back whole and each change is made again in a transaction of
its own, so each thread gets its own result or its own error, as it would have alone.

On PostgreSQL several writers run side by side, each with a connection it keeps: one writer
spent nine tenths of its time waiting for the server's answer to each statement in turn (a
round trip each, plus the pool's ping at every checkout), which held a run at 1,000/s to a few
hundred. SQLite has one writer, the file one write lock.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from sqlalchemy.engine import Connection

from waadmin.db.database import Database, is_database_error
from waadmin.db.errors import ProblemKind, explain

T = TypeVar("T")

# At most this many changes in one transaction: it holds SQLite's write lock (and, on
# PostgreSQL, its rows' locks) for their time, ~0.3 ms each; other programs wait no longer.
MAX_GROUP = 64
POSTGRESQL_WRITERS = 4  # of the pool's 10 (+10): the senders' reads and the UI keep the rest


@dataclass
class _Change(Generic[T]):
    work: Callable[[Connection], T]
    action: str
    done: threading.Event = field(default_factory=threading.Event)
    result: Any = None
    error: BaseException | None = None


class GroupCommit:
    """One writer thread for a retry run's state changes; ``write(work)`` blocks until ``work``
    has run and its transaction is committed, and returns what ``work`` returned."""

    def __init__(self, database: Database, max_group: int = MAX_GROUP, writers: int | None = None) -> None:
        self.database = database
        self.max_group = max_group
        self.writers = writers or (POSTGRESQL_WRITERS if database.is_postgresql else 1)
        self._waiting: deque[_Change[Any]] = deque()
        self._ready = threading.Condition()
        self._closed = False
        self._threads: list[threading.Thread] = []
        self.groups = 0  # transactions committed with more than one change (for benchmarks)

    def write(self, action: str, work: Callable[[Connection], T]) -> T:
        change: _Change[T] = _Change(work, action)
        with self._ready:
            if self._closed:
                raise RuntimeError("group commit used after close()")
            self._waiting.append(change)
            if len(self._threads) < self.writers and len(self._waiting) > 0:
                thread = threading.Thread(target=self._serve, name=f"waadmin-writes-{len(self._threads)}", daemon=True)
                self._threads.append(thread)
                thread.start()
            self._ready.notify()
        change.done.wait()
        if change.error is not None:
            raise change.error
        return change.result  # type: ignore[no-any-return]

    def close(self) -> None:
        """Let the changes already asked for be written, then end the writer thread."""
        with self._ready:
            self._closed = True
            self._ready.notify_all()
            threads = list(self._threads)
        for thread in threads:
            thread.join()

    def _serve(self) -> None:
        kept: list[Connection] = []  # this writer's connection, once it has one
        try:
            while True:
                with self._ready:
                    while not self._waiting and not self._closed:
                        self._ready.wait()
                    if not self._waiting:
                        return
                    group = [self._waiting.popleft() for _ in range(min(len(self._waiting), self.max_group))]
                self._commit(group, kept)
        finally:
            for conn in kept:
                conn.close()

    def _commit(self, group: list[_Change[Any]], kept: list[Connection]) -> None:
        if not self.database.read_only:  # a read-only database: each change is refused below
            try:
                if not kept:
                    conn = self.database.engine.connect()
                    conn.execution_options(waadmin_begin="IMMEDIATE")  # as Database.write does on SQLite
                    kept.append(conn)
                with kept[0].begin():
                    results = [change.work(kept[0]) for change in group]
            except BaseException as error:  # noqa: BLE001 - each change is made again alone, below
                # The connection may be the trouble (a server restarted): the next group takes a new one.
                for conn in kept:
                    conn.invalidate()
                    conn.close()
                kept.clear()
                if _locked(error):
                    # The file stayed locked for the whole busy timeout: not one change's fault, and
                    # each made again alone would wait that long again, one after another (a CLI
                    # on a file locked for good said so after 4 x 15 s instead of 15). The changes
                    # that queued up meanwhile were waiting for that same lock: they get the news
                    # too, as each would have alone, in its own transaction, at about this time.
                    with self._ready:
                        group += list(self._waiting)
                        self._waiting.clear()
                    for change in group:
                        change.error = explain(error, self.database.display_name)  # an object each
                        change.done.set()
                    return
            else:
                if len(group) > 1:
                    self.groups += 1
                for change, result in zip(group, results, strict=True):
                    change.result = result
                    change.done.set()
                return
        for change in group:
            try:
                with self.database.write(change.action) as conn:
                    change.result = change.work(conn)
            except BaseException as error:  # noqa: BLE001 - raised in the thread that asked
                change.error = error
            change.done.set()


def _locked(error: BaseException) -> bool:
    return is_database_error(error) and explain(error).kind is ProblemKind.LOCKED
