"""Export the attempts a filter shows to CSV or JSON, page by page, never holding the whole list.

Credential and OTP bodies are masked unless the caller reveals them (and audits it); in other
messages the secrets the Django templates put there (a reset code or link sent as a
notification) are masked the same way. CSV cells a spreadsheet would evaluate are neutralised
(waadmin.domain.spreadsheet_cells); JSON keeps every value as it is, for programs. The file is
written beside its target and renamed at the end, so a crash or a cancel never leaves a
half-written export under the chosen name.
"""

from __future__ import annotations

import csv
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from waadmin.db import listing
from waadmin.db.database import Database
from waadmin.db.rows import AttemptRow
from waadmin.domain import redaction, spreadsheet_cells
from waadmin.domain.filters import AttemptFilter, Sort
from waadmin.engine import shown_answers
from waadmin.engine.audit import AuditTrail
from waadmin.engine.progress import Progress, ProgressCallback, StopFlag, no_progress

MASK = "•••••• (masked)"
FORMATS = ("csv", "json")
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


def shown_body(message_type: str, category: str, body: str, *, reveal: bool) -> str:
    """The message text as an export writes it: whole for a reveal, masked for a credential-bearing
    kind, else with the secrets the templates recognise masked."""
    if reveal:
        return body
    if redaction.is_sensitive_kind(message_type, category):
        return MASK
    return redaction.redact(body, message_type=message_type, category=category)


def shown_error(r: AttemptRow, message_type: str, body: str, *, reveal: bool) -> str:
    """The error message, which quotes the provider's answer: a code or password the provider
    echoed back is masked as it is in the body."""
    if reveal:
        return r.error_message
    return str(shown_answers.answer(r.error_message, shown_answers.Message(message_type, r.category, body)))


def _values(r: AttemptRow, body: str, error: str) -> list[object]:
    return [
        r.id, _iso(r.created_at), r.phone_number, r.recipient, r.source_app, r.message_type, r.category, r.priority,
        r.status, r.attempt_count, r.max_attempts, _iso(r.next_retry_at), _iso(r.last_attempt_at), _iso(r.sent_at),
        r.error_code, error, r.provider_message_id, r.region_override, r.title, body,
    ]


class _CsvRows:
    def __init__(self, out: IO[str]) -> None:
        self.writer = csv.writer(out)
        self.writer.writerow(HEADER)

    def write(self, values: list[object]) -> None:
        self.writer.writerow([v if isinstance(v, int) else _cell(v) for v in values])

    def close(self) -> None:
        pass


class _JsonRows:
    """A JSON array written one object a line, so that a million rows never sit in memory."""

    def __init__(self, out: IO[str]) -> None:
        self.out = out
        self.first = True
        out.write("[")

    def write(self, values: list[object]) -> None:
        self.out.write("\n" if self.first else ",\n")
        self.first = False
        record = dict(zip(HEADER, values, strict=True))
        for key in HEADER:
            if key.endswith("_utc") and record[key] == "":
                record[key] = None  # no date: null, not an empty string
        self.out.write(json.dumps(record, ensure_ascii=False))

    def close(self) -> None:
        self.out.write("\n]\n")


def export_csv(database: Database, target: Path | str, flt: AttemptFilter = AttemptFilter(), sort: Sort = Sort(), **options: Any) -> ExportReport:
    """The GUI's export: CSV for spreadsheets."""
    return export_attempts(database, target, flt, sort, fmt="csv", **options)


def export_attempts(
    database: Database,
    target: Path | str,
    flt: AttemptFilter = AttemptFilter(),
    sort: Sort = Sort(),
    *,
    fmt: str = "csv",
    reveal: bool = False,
    page_size: int = 1000,
    stop: StopFlag | None = None,
    progress: ProgressCallback = no_progress,
    audit: AuditTrail | None = None,
    total: int | None = None,
) -> ExportReport:
    if fmt not in FORMATS:
        raise ValueError(f"export format must be one of {', '.join(FORMATS)} (got {fmt!r})")
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(prefix=".waadmin-export-", suffix=f".{fmt}", dir=target.parent)
    rows = 0
    stopped = False
    try:
        # utf-8-sig: Excel reads a CSV without the mark as the local code page.
        with os.fdopen(handle, "w", newline="", encoding="utf-8-sig" if fmt == "csv" else "utf-8") as out:
            sink: _CsvRows | _JsonRows = _CsvRows(out) if fmt == "csv" else _JsonRows(out)
            # Page by page, each read its own short transaction (on a Django SQLite file the
            # order is worked out aside: listing.iter_pages).
            for page in listing.iter_pages(database, flt, sort, page_size, stopped=lambda: stop is not None and stop.is_set()):
                bodies = listing.message_bodies(database, [r.id for r in page])
                for r in page:
                    kind, body = bodies.get(r.id, (r.message_type, ""))
                    sink.write(_values(r, shown_body(kind, r.category, body, reveal=reveal), shown_error(r, kind, body, reveal=reveal)))
                rows += len(page)
                progress(Progress(rows, total, f"{rows} rows"))
            stopped = stop is not None and stop.is_set()
            sink.close()
        if stopped:
            os.unlink(temp_name)
        else:
            os.replace(temp_name, target)
    except BaseException:
        if os.path.exists(temp_name):
            os.unlink(temp_name)
        raise
    if audit is not None and not stopped:
        action = f"export_{fmt}" if not reveal else f"export_{fmt}_revealed"
        audit.record(action, target=str(target), row_count=rows, details={"revealed": reveal, "format": fmt, "filter": flt.describe()})
    return ExportReport(target, rows, stopped)
