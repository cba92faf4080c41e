"""Redaction at rest: finished credential and OTP messages keep their text, minus the secret.

The Django app writes temporary passwords, OTP codes and reset links into ``message_content``
in clear, and they stay there until cleanup. This replaces the secrets (waadmin.domain.redaction)
with a fixed mask in attempts that reached a final state longer ago than a policy, in chunks
that commit one by one, so that a million rows never hold a long lock. Each chunk's UPDATE
re-checks, per row, the final status, the age and the text it read: a row reopened, retried or
re-saved by Django since is left alone (counted as skipped), and an attempt that may still be
sent is never touched. The row stays valid for Django: same columns, a non-empty text.
A second run finds nothing left to change.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import and_, case, func, or_, select, update
from sqlalchemy.sql.elements import ColumnElement

from waadmin.db.database import Database
from waadmin.db.errors import DatabaseProblem
from waadmin.db.filtering import combined
from waadmin.domain import message_types, redaction
from waadmin.domain.clock import utcnow
from waadmin.domain.filters import AttemptFilter
from waadmin.domain.messages import N_
from waadmin.domain.statuses import CLEANABLE
from waadmin.engine.audit import AuditTrail
from waadmin.engine.progress import Progress, ProgressCallback, StopFlag, no_progress

DEFAULT_OLDER_THAN = timedelta(hours=24)
MIN_OLDER_THAN = timedelta(minutes=1)
# Finished for good: nothing sends these again (the same set cleanup deletes).
FINAL: frozenset[str] = CLEANABLE
SAMPLE_SIZE = 3
SAMPLE_CHARS = 300
DEFAULT_CHUNK = 500  # rows per committed UPDATE: 2,500 bound values, under SQLite's limit


@dataclass
class RedactReport:
    older_than: timedelta
    cutoff: datetime
    dry_run: bool = False
    examined: int = 0  # candidate rows read
    matched: int = 0  # of those, rows holding a secret
    redacted: int = 0  # rows changed (0 in a dry run)
    skipped: int = 0  # changed by someone else between the read and the UPDATE: left alone
    sample: list[tuple[int, str]] = field(default_factory=list)  # (id, redacted text)
    stopped: bool = False
    error: str = ""

    def to_json(self) -> dict[str, object]:
        return {
            "older_than_hours": self.older_than.total_seconds() / 3600,
            "cutoff": self.cutoff.isoformat(),
            "dry_run": self.dry_run,
            "examined": self.examined,
            "matched": self.matched,
            "redacted": self.redacted,
            "skipped": self.skipped,
            "sample": [{"id": i, "message_content": text} for i, text in self.sample],
            "stopped": self.stopped,
            "error": self.error or None,
        }


def validate_age(older_than: timedelta) -> timedelta:
    if older_than < MIN_OLDER_THAN:
        raise ValueError("the age of the messages to redact must be at least one minute")
    return older_than


def _finished_before(database: Database, cutoff: datetime) -> ColumnElement[bool]:
    """Final, and every moment the row records (created, tried, sent, delivered) before ``cutoff``."""
    a = database.layout.attempt
    return and_(
        a.status.in_(sorted(FINAL)),
        a.created_at < cutoff,
        *(or_(column.is_(None), column < cutoff) for column in (a.last_attempt_at, a.sent_at, a.delivered_at)),
    )


def _may_hold_secret(database: Database) -> ColumnElement[bool]:
    """A pre-selection in SQL, at least as wide as the rules: credential-bearing kinds, and
    messages of any type whose text has a hint of a template (a reset typed `notification`)."""
    a = database.layout.attempt
    return or_(
        a.message_type.in_(sorted(message_types.SENSITIVE)),
        func.lower(func.trim(a.category)).in_(sorted(redaction.SENSITIVE_CATEGORIES)),
        *(a.message_content.ilike(f"%{hint}%") for hint in redaction.CONTENT_HINTS),
    )


def eligible(database: Database, cutoff: datetime, flt: AttemptFilter = AttemptFilter(), *, fresh_only: bool = False) -> ColumnElement[bool]:
    """``fresh_only``: leave out texts that already hold the mask (redacted before, by these very
    rules): the worker's frequent passes then read only new rows, not every redacted one again."""
    clauses = [combined(database, flt), _finished_before(database, cutoff), _may_hold_secret(database)]
    if fresh_only:
        clauses.append(~database.layout.attempt.message_content.contains(redaction.MASK, autoescape=True))
    return and_(*clauses)


def redact(
    database: Database,
    older_than: timedelta = DEFAULT_OLDER_THAN,
    flt: AttemptFilter = AttemptFilter(),
    *,
    dry_run: bool = False,
    chunk: int = DEFAULT_CHUNK,
    now: datetime | None = None,
    stop: StopFlag | None = None,
    progress: ProgressCallback = no_progress,
    audit: AuditTrail | None = None,
    total: int | None = None,
    interface_detail: str = "",
    fresh_only: bool = False,
) -> RedactReport:
    """Redact (or, ``dry_run``, count and sample) the finished sensitive messages older than
    ``older_than`` that ``flt`` selects. ``total``: candidates counted beforehand, for progress."""
    validate_age(older_than)
    if chunk < 1:
        raise ValueError("chunk size must be at least 1")
    cutoff = (now or utcnow()) - older_than
    report = RedactReport(older_than, cutoff, dry_run=dry_run)
    description = flt.describe()
    target = f"finished sensitive messages older than {age_words(older_than)} (before {cutoff:%Y-%m-%d %H:%M} UTC)" + (
        f", {description}" if not flt.is_empty() else ""
    )
    entry = None
    if audit is not None and not dry_run:
        entry = audit.begin("redact", target=target, details={"filter": description, "via": interface_detail or None})
    a = database.layout.attempt
    last_id = 0
    try:
        while True:
            with database.read() as conn:
                rows = conn.execute(
                    select(a.id, a.message_type, a.category, a.message_content)
                    .where(eligible(database, cutoff, flt, fresh_only=fresh_only), a.id > last_id)
                    .order_by(a.id)
                    .limit(chunk)
                ).all()
            if not rows:
                break
            last_id = rows[-1][0]
            changes: dict[int, tuple[str, str]] = {}
            for attempt_id, kind, category, text in rows:
                new = redaction.redact(text or "", message_type=kind, category=category)
                if new != (text or "") and new:
                    changes[attempt_id] = (text, new)
            report.examined += len(rows)
            report.matched += len(changes)
            for attempt_id, (_, new) in list(changes.items())[: SAMPLE_SIZE - len(report.sample)]:
                report.sample.append((attempt_id, new[:SAMPLE_CHARS]))
            if changes and not dry_run:
                report.redacted += _apply(database, cutoff, changes)
                report.skipped = report.matched - report.redacted
            progress(Progress(report.examined, total, f"{report.redacted if not dry_run else report.matched} redacted"))
            if stop is not None and stop.is_set():
                report.stopped = True
                break
    except DatabaseProblem as problem:
        report.error = problem.message
    if audit is not None and entry is not None:
        audit.finish(
            entry,
            row_count=report.redacted,
            result="error" if report.error else ("stopped" if report.stopped else "ok"),
            details={"examined": report.examined, "matched": report.matched, "skipped": report.skipped, "error": report.error or None},
        )
    return report


def _apply(database: Database, cutoff: datetime, changes: dict[int, tuple[str, str]]) -> int:
    """One committed UPDATE for the chunk; a row changes only if it is still final, still old
    enough and still holds the very text that was read (the database decides, not Python)."""
    a = database.layout.attempt
    ids = sorted(changes)
    read_text = case({i: changes[i][0] for i in ids}, value=a.id)
    new_text = case({i: changes[i][1] for i in ids}, value=a.id)
    with database.write("redact sensitive messages") as conn:
        return int(
            conn.execute(
                update(a)
                .where(a.id.in_(ids), _finished_before(database, cutoff), a.message_content == read_text)
                .values(message_content=new_text)
                .execution_options(synchronize_session=False)
            ).rowcount
        )


def count_candidates(database: Database, older_than: timedelta, flt: AttemptFilter = AttemptFilter(), *, now: datetime | None = None) -> int:
    """Rows the pre-selection reads (an upper bound of what a run changes), one COUNT."""
    cutoff = (now or utcnow()) - validate_age(older_than)
    a = database.layout.attempt
    with database.read() as conn:
        return int(conn.execute(select(func.count()).select_from(a).where(eligible(database, cutoff, flt))).scalar_one())


def age_words(age: timedelta) -> str:
    hours = age.total_seconds() / 3600
    if hours >= 48 and hours % 24 == 0:
        return N_("{days} days").format(days=int(hours // 24))
    if hours >= 1 and hours == int(hours):
        return f"{int(hours)} h"
    return f"{int(age.total_seconds() // 60)} min"


__all__ = ["DEFAULT_OLDER_THAN", "FINAL", "RedactReport", "count_candidates", "eligible", "redact", "validate_age"]
