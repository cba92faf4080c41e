"""Who changed what through waadmin, recorded for every change the engine makes.

Entries go to the ``waadmin_audit_log`` table. Where the database user may not create it (or
the database is read-only), they go to a local JSON-lines file instead, and the app says so.
Entries never hold message text or secrets: only ids, counts, filters and results.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import logging
import socket
import threading
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from platformdirs import user_data_path

from waadmin import __version__
from waadmin.db import audit_store
from waadmin.db.database import Database
from waadmin.db.errors import DatabaseProblem
from waadmin.domain.clock import utcnow

log = logging.getLogger(__name__)

MAX_TARGET_IDS = 200


@dataclass(frozen=True)
class Actor:
    os_user: str
    host: str
    interface: str  # "gui" or "cli"


def current_actor(interface: str) -> Actor:
    try:
        user = getpass.getuser()
    except Exception:  # no login name in some containers
        user = "unknown"
    return Actor(user, socket.gethostname(), interface)


def describe_ids(ids: list[int]) -> str:
    shown = ", ".join(str(i) for i in ids[:MAX_TARGET_IDS])
    more = f" (+{len(ids) - MAX_TARGET_IDS} more)" if len(ids) > MAX_TARGET_IDS else ""
    return f"ids {shown}{more}" if ids else "no ids"


IN_PROGRESS = "in_progress"
FILE_ONLY = {"file_only": True}  # for the log file; the console shows what the command itself says


@dataclass(frozen=True)
class AuditEntry:
    """An entry begun and not yet finished."""

    action: str
    target: str
    token: str  # ties a local file's completion line to its start
    entry_id: int | None  # the audit table's row, when it went there


class AuditTrail:
    def __init__(self, database: Database, interface: str = "cli", local_dir: Path | None = None) -> None:
        self.database = database
        self.actor = current_actor(interface)
        self._local_dir = local_dir
        self._lock = threading.Lock()
        self._table_ready: bool | None = None
        self.fallback_reason = ""

    @property
    def local_file(self) -> Path:
        digest = hashlib.sha256(self.database.masked_url.encode()).hexdigest()[:12]
        base = self._local_dir or user_data_path("waadmin", appauthor=False)
        return base / f"audit-{digest}.jsonl"

    @property
    def location(self) -> str:
        return "database" if self._table_ready else str(self.local_file)

    def _ensure_table(self) -> bool:
        if self._table_ready is None:
            try:
                audit_store.ensure_table(self.database)
                self._table_ready = True
            except DatabaseProblem as problem:
                self._table_ready = False
                self.fallback_reason = f"cannot create {audit_store.AUDIT_TABLE}: {problem.message}"
            except Exception as exc:  # permission errors surface as driver errors
                from waadmin.db.errors import explain

                self._table_ready = False
                self.fallback_reason = f"cannot create {audit_store.AUDIT_TABLE}: {explain(exc).message}"
        return bool(self._table_ready)

    def begin(self, action: str, *, target: str, details: dict[str, Any] | None = None) -> AuditEntry:
        """An entry for an action that starts now, result "in_progress" until finish(): a run
        killed half-way still shows in the audit, with what it set out to do."""
        token = uuid.uuid4().hex
        entry_id = self.record(action, target=target, row_count=0, result=IN_PROGRESS, details={**(details or {}), "entry": token})
        return AuditEntry(action, target, token, entry_id)

    def finish(self, entry: AuditEntry, *, row_count: int, result: str, details: dict[str, Any] | None = None) -> None:
        """Never raises, like record()."""
        values = {"row_count": int(row_count), "result": result[:20], "details": {**(details or {}), "entry": entry.token}}
        with self._lock:
            if entry.entry_id is not None:
                try:
                    if audit_store.update_entry(self.database, entry.entry_id, values):
                        return
                except Exception as exc:
                    # The log file, not the console: a command's one line is about what it did.
                    log.warning("audit row not completed in the database (%s); using %s", type(exc).__name__, self.local_file, extra=FILE_ONLY)
            # The local file is append-only: the completion is a second line with the same
            # token, which the reader takes in place of the first.
            self._append_local(self._values(entry.action, entry.target, row_count, result, values["details"]))

    def _values(self, action: str, target: str, row_count: int, result: str, details: dict[str, Any] | None) -> dict[str, Any]:
        return {
            "at": utcnow(),
            "os_user": self.actor.os_user[:150],
            "host": self.actor.host[:255],
            "interface": self.actor.interface,
            "action": action[:50],
            "target": target,
            "row_count": int(row_count),
            "result": result[:20],
            "details": details or {},
            "app_version": __version__,
        }

    def record(
        self,
        action: str,
        *,
        target: str,
        row_count: int,
        result: str = "ok",
        details: dict[str, Any] | None = None,
    ) -> int | None:
        """Never raises: an audit failure must not undo or hide the change it describes. Returns
        the row's id in the audit table (None when it went to the local file)."""
        values = self._values(action, target, row_count, result, details)
        with self._lock:
            if self._ensure_table():
                try:
                    return audit_store.insert_entry(self.database, values)
                except Exception as exc:
                    log.warning("audit row not written to the database (%s); using %s", type(exc).__name__, self.local_file, extra=FILE_ONLY)
            self._append_local(values)
        return None

    def _append_local(self, values: dict[str, Any]) -> None:
        try:
            self.local_file.parent.mkdir(parents=True, exist_ok=True)
            entry = dict(values, at=values["at"].isoformat(), database=self.database.masked_url)
            with self.local_file.open("a", encoding="utf-8") as handle:
                handle.write(json.dumps(entry, ensure_ascii=False, default=str) + "\n")
        except OSError as exc:
            log.error("audit entry lost: %s", exc)

    # -- reading -------------------------------------------------------------------------------
    def entries(self, *, action: str | None = None, search: str = "", limit: int = 500) -> list[audit_store.AuditRow]:
        """Newest first, from the table and from this database's local fallback file."""
        found = audit_store.list_entries(self.database, action=action, search=search, limit=limit)
        found += self._local_entries(action, search, limit)
        found.sort(key=lambda e: (e.at is not None, e.at), reverse=True)
        return found[:limit]

    def _local_entries(self, action: str | None, search: str, limit: int) -> list[audit_store.AuditRow]:
        from datetime import datetime

        try:
            lines = self.local_file.read_text(encoding="utf-8").splitlines()
        except OSError:
            return []
        term = search.strip().lower()
        rows: list[audit_store.AuditRow] = []
        completed: set[str] = set()  # tokens whose completion line is newer than their start
        for line in reversed(lines):
            try:
                item = json.loads(line)
                at = datetime.fromisoformat(item["at"])
            except (ValueError, KeyError, TypeError):
                continue  # a torn last line after a crash
            token = (item.get("details") or {}).get("entry") if isinstance(item.get("details"), dict) else None
            if token:
                if token in completed:
                    continue  # the start of an entry already shown completed
                completed.add(token)
            if action and item.get("action") != action:
                continue
            if term and not any(term in str(item.get(k, "")).lower() for k in ("target", "os_user", "action")):
                continue
            rows.append(
                audit_store.AuditRow(
                    0, at, str(item.get("os_user", "")), str(item.get("host", "")), str(item.get("interface", "")),
                    str(item.get("action", "")), str(item.get("target", "")), int(item.get("row_count", 0)),
                    str(item.get("result", "")), item.get("details", {}), str(item.get("app_version", "")) + " (local file)",
                )
            )
            if len(rows) >= limit:
                break
        return rows


def record_conflicts(audit: AuditTrail | None, report: Any) -> None:
    """One entry per run (a RetryReport) that met whole-row saves of another program over the
    attempts it was sending: the Django admin or a service saving an object loaded before the
    claim (see the README). Recorded as sent when the provider had taken them, else left as saved."""
    conflicts = report.conflicts
    if audit is None or not conflicts:
        return
    audit.record(
        "conflicting_save",
        target=describe_ids([r.attempt_id for r in conflicts]),
        row_count=len(conflicts),
        result="flagged",
        details={
            "recorded_as_sent": [r.attempt_id for r in conflicts if r.outcome == "sent"][:200],
            "left_as_saved": [r.attempt_id for r in conflicts if r.outcome != "sent"][:200],
        },
    )
