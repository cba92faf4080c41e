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
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from sqlalchemy.engine import Connection

from waadmin.db.database import Database

T = TypeVar("T")

# At most this many changes in one transaction: it holds SQLite's write lock (and, on
# PostgreSQL, its rows' locks) for their time, ~0.3 ms each; other programs wait no longer.
MAX_GROUP = 64


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

    def __init__(self, database: Database, max_group: int = MAX_GROUP) -> None:
        self.database = database
        self.max_group = max_group
        self._waiting: deque[_Change[Any]] = deque()
        self._ready = threading.Condition()
        self._closed = False
        self._thread: threading.Thread | None = None
        self.groups = 0  # transactions committed with more than one change (for benchmarks)

    def write(self, action: str, work: Callable[[Connection], T]) -> T:
        change: _Change[T] = _Change(work, action)
        with self._ready:
            if self._closed:
                raise RuntimeError("group commit used after close()")
            self._waiting.append(change)
            if self._thread is None:
                self._thread = threading.Thread(target=self._serve, name="waadmin-writes", daemon=True)
                self._thread.start()
            self._ready.notify()
        change.done.wait()
        if change.error is not None:
            raise change.error
        return change.result  # type: ignore[no-any-return]

    def close(self) -> None:
        """Let the changes already asked for be written, then end the writer thread."""
        with self._ready:
            self._closed = True
            self._ready.notify()
            thread = self._thread
        if thread is not None:
            thread.join()

    def _serve(self) -> None:
        while True:
            with self._ready:
                while not self._waiting and not self._closed:
                    self._ready.wait()
                if not self._waiting:
                    return
                group = [self._waiting.popleft() for _ in range(min(len(self._waiting), self.max_group))]
            self._commit(group)

    def _commit(self, group: list[_Change[Any]]) -> None:
        if len(group) > 1:
            try:
                with self.database.write(group[0].action) as conn:
                    results = [change.work(conn) for change in group]
            except BaseException:  # noqa: BLE001 - each change is made again alone, below
                pass
            else:
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
