"""Sends the provider accepted whose result is not in the database yet, kept on disk until it is.

A send's result normally lands in its row at once. When it cannot (the SQLite file's disk is
full, the server went away, a value the database refuses), the row stays in `sending` and lease
recovery would later give it back to the schedule, and the message would go out a second time
although the customer already has it. So the first time writing an accepted send's result fails,
the send is written here (one JSON line, fsynced) and crossed out once the row has it. Before
recovering stuck rows, every run writes what is here first; a row whose accepted send still
cannot be written is left in `sending` rather than sent again.

One file per database (by its URL without the password) in waadmin's data folder, shared by the
processes of this machine: lines are appended in one write each (O_APPEND), and the file is
rewritten only under an exclusive lock. Another machine's journal is not seen here: its sends
are recovered by its own next run.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import logging
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from platformdirs import user_data_path

from waadmin.db import storable

log = logging.getLogger(__name__)

FOLDER = "send-journal"


@dataclass(frozen=True)
class AcceptedSend:
    attempt_id: int
    token: int  # the attempt_count of the claim: the row must still carry it to be written
    provider_message_id: str
    response: dict[str, Any] | None
    sent_at: datetime

    def to_line(self) -> str:
        return json.dumps(
            {
                "id": self.attempt_id,
                "token": self.token,
                "message_id": self.provider_message_id,
                "response": storable.response(self.response),
                "sent_at": self.sent_at.isoformat(),
            },
            ensure_ascii=False,
            default=str,
        )

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> AcceptedSend:
        return cls(int(data["id"]), int(data["token"]), str(data.get("message_id") or ""), data.get("response"), datetime.fromisoformat(data["sent_at"]))


def journal_key(url: Any) -> str:
    """The database's name for the journal: its URL without a password, hashed."""
    from waadmin.db.urls import mask

    return hashlib.sha256(mask(url).encode("utf-8")).hexdigest()[:24]


class SendJournal:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()

    @classmethod
    def for_url(cls, url: Any, folder: Path | None = None) -> SendJournal:
        base = folder or (user_data_path("waadmin", appauthor=False) / FOLDER)
        return cls(base / f"{journal_key(url)}.jsonl")

    # -- writing ---------------------------------------------------------------------------
    def remember(self, send: AcceptedSend) -> bool:
        """Durably (fsync) before returning. False when the journal itself cannot be written
        (its disk is full too): the caller goes on, the row's own lease rules then apply."""
        return self._append(send.to_line(), sync=True)

    def forget(self, attempt_id: int, token: int) -> None:
        """The row has it now. Not fsynced: if this line is lost, the next replay finds the row
        already written and the conditional write changes nothing."""
        self._append(json.dumps({"done": [attempt_id, token]}), sync=False)

    def _append(self, line: str, *, sync: bool) -> bool:
        data = (line + "\n").encode("utf-8")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self._lock:
                fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
                try:
                    fcntl.flock(fd, fcntl.LOCK_SH)
                    os.write(fd, data)
                    if sync:
                        os.fsync(fd)
                finally:
                    os.close(fd)  # closing drops the lock
            return True
        except OSError as error:
            log.warning("send journal %s not written: %s", self.path, error)
            return False

    # -- reading ---------------------------------------------------------------------------
    def pending(self) -> list[AcceptedSend]:
        """Accepted sends not crossed out, oldest first."""
        found: dict[tuple[int, int], AcceptedSend] = {}
        for data in self._lines():
            if "done" in data:
                with contextlib.suppress(TypeError, ValueError):
                    found.pop((int(data["done"][0]), int(data["done"][1])), None)
                continue
            try:
                send = AcceptedSend.from_json(data)
            except (KeyError, TypeError, ValueError):
                continue  # a damaged line: the others still count
            found[(send.attempt_id, send.token)] = send
        return list(found.values())

    def _lines(self) -> Iterator[dict[str, Any]]:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return
        except OSError as error:
            log.warning("send journal %s not readable: %s", self.path, error)
            return
        for line in raw.splitlines():
            try:
                data = json.loads(line)
            except ValueError:
                continue  # a line cut by a crash mid-write
            if isinstance(data, dict):
                yield data

    def compact(self) -> None:
        """Keep only what is pending. Under an exclusive lock, and never by removing the file:
        another process may hold it open, waiting to append."""
        if not self.path.exists():
            return
        try:
            fd = os.open(self.path, os.O_RDWR)
        except OSError:
            return
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            left = self.pending()
            data = "".join(s.to_line() + "\n" for s in left).encode("utf-8")
            os.ftruncate(fd, 0)
            os.lseek(fd, 0, os.SEEK_SET)
            os.write(fd, data)
            os.fsync(fd)
        except OSError as error:
            log.warning("send journal %s not compacted: %s", self.path, error)
        finally:
            os.close(fd)


def replay(database: Any, journal: SendJournal, now: datetime) -> set[int]:
    """Write every accepted send the journal holds into its row (as `sent`, the provider's id and
    answer), while the row still carries the claim that sent it. Returns the attempts whose send
    could still not be written: recovery must leave them alone, or they would be sent again."""
    from waadmin.db import transitions
    from waadmin.db.errors import DatabaseProblem, ProblemKind

    left: set[int] = set()
    pending = journal.pending()
    for send in pending:
        token = transitions.ClaimToken(send.attempt_id, send.token)
        try:
            try:
                transitions.record_sent(database, token, send.sent_at, send.provider_message_id, send.response or {})
            except DatabaseProblem as problem:
                if problem.kind is not ProblemKind.DATA:
                    raise
                transitions.record_sent(database, token, send.sent_at, send.provider_message_id, storable.minimal_response(send.response))
        except DatabaseProblem as problem:
            log.info("accepted send of attempt %s still not written: %s", send.attempt_id, problem.message)
            left.add(send.attempt_id)
            continue
        # Written, or the row moved on (recorded meanwhile, or a delivery report came first):
        # either way the journal has nothing more to give it.
        journal.forget(send.attempt_id, send.token)
    if pending:
        journal.compact()
    return left
