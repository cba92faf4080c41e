"""Delete old finished attempts in chunks, with an exact count.

The reference counts in one query and deletes in another (its count can drift) and deletes
even in --dry-run. Here each chunk re-checks its conditions in the DELETE and the count is the
sum of rows actually deleted; a dry run only counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, delete, func, select, update
from sqlalchemy.sql.elements import ColumnElement

from waadmin.db.database import Database
from waadmin.db.errors import DatabaseProblem
from waadmin.domain.clock import utcnow
from waadmin.domain.statuses import CLEANABLE
from waadmin.engine.audit import AuditTrail
from waadmin.engine.progress import Progress, ProgressCallback, StopFlag, no_progress

DEFAULT_DAYS = 30
MAX_DAYS = 36_500


@dataclass
class CleanupReport:
    days: int
    cutoff: datetime
    matched: int  # counted before starting
    deleted: int = 0
    webhooks_unlinked: int = 0
    dry_run: bool = False
    stopped: bool = False
    error: str = ""

    def to_json(self) -> dict[str, object]:
        return {
            "days": self.days,
            "cutoff": self.cutoff.isoformat(),
            "matched": self.matched,
            "deleted": self.deleted,
            "webhooks_unlinked": self.webhooks_unlinked,
            "dry_run": self.dry_run,
            "stopped": self.stopped,
            "error": self.error or None,
        }


def validate_days(days: int) -> int:
    if not isinstance(days, int) or days < 1 or days > MAX_DAYS:
        raise ValueError(f"the age must be a whole number of days between 1 and {MAX_DAYS} (got {days!r})")
    return days


def _eligible(database: Database, cutoff: datetime) -> ColumnElement[bool]:
    a = database.layout.attempt
    return and_(a.status.in_(sorted(CLEANABLE)), a.created_at < cutoff)


def count_cleanable(database: Database, days: int, now: datetime | None = None) -> int:
    cutoff = (now or utcnow()) - timedelta(days=validate_days(days))
    a = database.layout.attempt
    with database.read() as conn:
        return int(conn.execute(select(func.count()).select_from(a).where(_eligible(database, cutoff))).scalar_one())


def cleanup(
    database: Database,
    days: int = DEFAULT_DAYS,
    *,
    dry_run: bool = False,
    chunk: int = 1000,
    now: datetime | None = None,
    stop: StopFlag | None = None,
    progress: ProgressCallback = no_progress,
    audit: AuditTrail | None = None,
) -> CleanupReport:
    validate_days(days)
    if chunk < 1:
        raise ValueError("chunk size must be at least 1")
    cutoff = (now or utcnow()) - timedelta(days=days)
    report = CleanupReport(days, cutoff, count_cleanable(database, days, now), dry_run=dry_run)
    if dry_run or report.matched == 0:
        return report
    a = database.layout.attempt
    w = database.layout.webhook
    try:
        while True:
            with database.write("delete old attempts") as conn:
                pick = select(a.id).where(_eligible(database, cutoff)).order_by(a.id).limit(chunk)
                if database.is_postgresql:
                    pick = pick.with_for_update(skip_locked=True)
                ids = list(conn.execute(pick).scalars())
                if not ids:
                    break
                # Django's on_delete=SET_NULL lives in Python, not in the database: do it here.
                unlinked = conn.execute(
                    update(w).where(w.message_attempt_id.in_(ids)).values(message_attempt_id=None).execution_options(synchronize_session=False)
                ).rowcount
                deleted = conn.execute(
                    delete(a).where(a.id.in_(ids), _eligible(database, cutoff)).execution_options(synchronize_session=False)
                ).rowcount
            report.deleted += deleted
            report.webhooks_unlinked += unlinked
            progress(Progress(report.deleted, report.matched, f"{report.deleted} deleted"))
            if stop is not None and stop.is_set():
                report.stopped = True
                break
    except DatabaseProblem as problem:
        report.error = problem.message
    if audit is not None:
        audit.record(
            "cleanup",
            target=f"finished attempts older than {days} days (before {cutoff:%Y-%m-%d %H:%M} UTC)",
            row_count=report.deleted,
            result="error" if report.error else ("stopped" if report.stopped else "ok"),
            details={"matched": report.matched, "webhooks_unlinked": report.webhooks_unlinked, "error": report.error or None},
        )
    return report
