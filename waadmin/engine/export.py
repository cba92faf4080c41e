"""Export the attempts a filter shows to CSV, page by page, never holding the whole list.

Credential and OTP bodies are masked unless the caller reveals them (and audits it). The file
is written beside its target and renamed at the end, so a crash or a cancel never leaves a
half-written export under the chosen name.
"""

from __future__ import annotations

import csv
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from waadmin.db import listing
from waadmin.db.database import Database
from waadmin.domain import message_types, spreadsheet_cells
from waadmin.domain.filters import AttemptFilter, Sort
from waadmin.engine.audit import AuditTrail
from waadmin.engine.progress import Progress, ProgressCallback, StopFlag, no_progress

MASK = "•••••• (masked)"
HEADER = [
    "id",
    "created_at_utc",
    "phone_number",
    "recipient",
    "source_app",
    "message_type",
    "category",
    "priority",
    "status",
    "attempt_count",
    "max_attempts",
    "next_retry_at_utc",
    "last_attempt_at_utc",
    "sent_at_utc",
    "error_code",
    "error_message",
    "provider_message_id",
    "region_override",
    "title",
    "message_content",
]


@dataclass
class ExportReport:
    path: Path
    rows: int
    stopped: bool = False


def _iso(value: object) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else ""  # type: ignore[union-attr]


def _cell(value: object) -> str:
    return spreadsheet_cells.neutralise("" if value is None else str(value))


def export_csv(
    database: Database,
    target: Path | str,
    flt: AttemptFilter = AttemptFilter(),
    sort: Sort = Sort(),
    *,
    reveal: bool = False,
    page_size: int = 1000,
    stop: StopFlag | None = None,
    progress: ProgressCallback = no_progress,
    audit: AuditTrail | None = None,
    total: int | None = None,
) -> ExportReport:
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(prefix=".waadmin-export-", suffix=".csv", dir=target.parent)
    rows = 0
    stopped = False
    try:
        with os.fdopen(handle, "w", newline="", encoding="utf-8-sig") as out:
            writer = csv.writer(out)
            writer.writerow(HEADER)
            cursor = None
            while True:
                page = listing.list_attempts(database, flt, sort, after=cursor, limit=page_size)
                bodies = listing.message_bodies(database, [r.id for r in page.rows])
                for r in page.rows:
                    kind, body = bodies.get(r.id, (r.message_type, ""))
                    if message_types.is_sensitive(kind) and not reveal:
                        body = MASK
                    writer.writerow(
                        [
                            r.id,
                            _iso(r.created_at),
                            _cell(r.phone_number),
                            _cell(r.recipient),
                            _cell(r.source_app),
                            _cell(r.message_type),
                            _cell(r.category),
                            r.priority,
                            _cell(r.status),
                            r.attempt_count,
                            r.max_attempts,
                            _iso(r.next_retry_at),
                            _iso(r.last_attempt_at),
                            _iso(r.sent_at),
                            _cell(r.error_code),
                            _cell(r.error_message),
                            _cell(r.provider_message_id),
                            _cell(r.region_override),
                            _cell(r.title),
                            _cell(body),
                        ]
                    )
                rows += len(page.rows)
                progress(Progress(rows, total, f"{rows} rows"))
                if page.next_cursor is None:
                    break
                if stop is not None and stop.is_set():
                    stopped = True
                    break
                cursor = page.next_cursor
        if stopped:
            os.unlink(temp_name)
        else:
            os.replace(temp_name, target)
    except BaseException:
        if os.path.exists(temp_name):
            os.unlink(temp_name)
        raise
    if audit is not None and not stopped:
        audit.record("export_csv" if not reveal else "export_csv_revealed", target=str(target), row_count=rows, details={"revealed": reveal})
    return ExportReport(target, rows, stopped)
