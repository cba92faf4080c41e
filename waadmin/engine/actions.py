"""What staff do to attempts: retry now, cancel, reset stuck sends. Each is a conditional
transition in the database, reported exactly (done vs. skipped because the state had changed)
and written to the audit log."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from waadmin.db import transitions
from waadmin.db.database import Database
from waadmin.db.errors import DatabaseProblem
from waadmin.db.listing import iter_matching_ids
from waadmin.domain.clock import utcnow
from waadmin.domain.filters import AttemptFilter
from waadmin.domain.rules import DEFAULT_LEASE
from waadmin.engine.audit import AuditEntry, AuditTrail, describe_ids, record_conflicts
from waadmin.engine.progress import Progress, ProgressCallback, StopFlag, no_progress
from waadmin.engine.retry import RetryOptions, RetryReport, RetryRun
from waadmin.engine.send_journal import SendJournal, replay
from waadmin.providers.base import Provider
from waadmin.providers.circuit import ProviderHealth
from waadmin.providers.ratelimit import RateLimiter


@dataclass
class ActionReport:
    action: str
    requested: int = 0
    done: list[int] = field(default_factory=list)
    skipped: list[int] = field(default_factory=list)  # no longer in a state the action applies to
    errors: list[str] = field(default_factory=list)
    stopped: bool = False

    @property
    def result(self) -> str:
        if self.errors:
            return "error" if not self.done else "partial"
        if self.stopped:
            return "stopped"
        return "ok"

    def to_json(self) -> dict[str, Any]:
        return {
            "action": self.action,
            "requested": self.requested,
            "done": len(self.done),
            "skipped": len(self.skipped),
            "errors": self.errors,
            "stopped": self.stopped,
            "done_ids": self.done[:1000],
            "skipped_ids": self.skipped[:1000],
        }


def _audit(audit: AuditTrail | None, action: str, target: str, count: int, result: str, details: dict[str, Any] | None = None) -> None:
    if audit is not None:
        audit.record(action, target=target, row_count=count, result=result, details=details)


def cancel_attempts(database: Database, ids: list[int], *, audit: AuditTrail | None = None) -> ActionReport:
    report = ActionReport("cancel", requested=len(ids))
    try:
        report.done = transitions.cancel(database, ids)
    except DatabaseProblem as problem:
        report.errors.append(problem.message)
        _audit(audit, "cancel", describe_ids(ids), 0, "error", {"error": problem.message})
        raise
    done = set(report.done)
    report.skipped = [i for i in ids if i not in done]
    _audit(audit, "cancel", describe_ids(ids), len(report.done), report.result, {"skipped": report.skipped[:200]})
    return report


def cancel_matching(
    database: Database,
    flt: AttemptFilter,
    *,
    audit: AuditTrail | None = None,
    filter_description: str = "",
    chunk: int = 500,
    stop: StopFlag | None = None,
    progress: ProgressCallback = no_progress,
    total: int | None = None,
) -> ActionReport:
    """Cancel everything the filter matches, chunk by chunk; a stop ends after the current chunk,
    leaving every row either cancelled or untouched."""
    report = ActionReport("cancel_matching")
    try:
        for ids in iter_matching_ids(database, flt, chunk):
            report.requested += len(ids)
            cancelled = transitions.cancel(database, ids)
            report.done += cancelled
            done = set(cancelled)
            report.skipped += [i for i in ids if i not in done]
            progress(Progress(report.requested, total, f"{len(report.done)} cancelled"))
            if stop is not None and stop.is_set():
                report.stopped = True
                break
    except DatabaseProblem as problem:
        report.errors.append(problem.message)
    _audit(
        audit,
        "cancel_matching",
        filter_description or "filter",
        len(report.done),
        report.result,
        {"skipped": len(report.skipped), "errors": report.errors},
    )
    return report


def reset_stuck(
    database: Database,
    *,
    ids: list[int] | None = None,
    lease: timedelta = DEFAULT_LEASE,
    force: bool = False,
    audit: AuditTrail | None = None,
    journal: SendJournal | None = None,
) -> list[transitions.Recovered]:
    """Recover rows left in `sending`. ``force`` ignores the lease: the user says these sends are
    dead (their result, should it still arrive, is accepted while nobody re-claimed the row)."""
    # An accepted send whose result could not be written is written now; one that still cannot
    # stays in `sending` even when forced: given back, it would go to the customer twice.
    unwritten = replay(database, journal or SendJournal.for_url(database.masked_url), utcnow())
    recovered = transitions.recover_stuck(database, utcnow(), timedelta(0) if force else lease, ids, exclude=unwritten)
    if recovered or ids:
        _audit(
            audit,
            "reset_stuck",
            describe_ids(ids) if ids else f"all sending rows older than {lease}",
            len(recovered),
            "ok",
            {"recovered": [r.id for r in recovered][:200], "forced": force},
        )
    return recovered


def retry_now(
    database: Database,
    provider: Provider,
    ids: list[int],
    *,
    audit: AuditTrail | None = None,
    limiter: RateLimiter | None = None,
    progress: ProgressCallback = no_progress,
    stop: StopFlag | None = None,
    concurrency: int = 4,
    health: ProviderHealth | None = None,
) -> RetryReport:
    """Send these attempts now, before their next_retry_at, if attempts remain."""
    options = RetryOptions(
        limit=max(len(ids), 1), ids=tuple(ids), due_only=False, recover_stuck=False, concurrency=concurrency
    )
    report = RetryRun(database, provider, options, limiter=limiter, progress=progress, stop=stop, health=health).run()
    _audit(
        audit,
        "retry_now",
        describe_ids(ids),
        report.processed,
        report.result,
        {
            "success": report.success,
            "failed": report.failed,
            "not_sent": report.not_sent,
            "left_as_they_were": report.left_untouched,
            "skipped": len(ids) - report.processed - report.rate_limited - report.not_sent,
            **_outage_details(report),
        },
    )
    record_conflicts(audit, report)
    return report


def _outage_details(report: RetryReport) -> dict[str, Any]:
    if not report.provider_down:
        return {}
    return {"provider_unreachable": [f"{e.label}: {e.reason}" for e in report.unreachable]}


def audited_retry_run(run: RetryRun, audit: AuditTrail | None, description: str) -> RetryReport:
    """Run a batch retry and audit it when it changed anything: recorded "in_progress" before its
    first send (a run killed half-way stays visible) and completed at the end with the ids of
    the attempts it changed."""
    entry: list[AuditEntry] = []
    if audit is not None:
        run.on_started = lambda: entry.append(audit.begin("retry_run", target=description))
    report = run.run()
    if entry or report.processed or report.recovered or report.rate_limited or report.not_sent or report.provider_down:
        details = {
            "success": report.success,
            "failed": report.failed,
            "final_failures": report.final_failures,
            "rate_limited": report.rate_limited,
            "not_sent": report.not_sent,
            "left_as_they_were": report.left_untouched,
            "stopped": report.stopped,
            "recovered": [r.id for r in report.recovered][:200],
            "attempt_ids": report.changed_ids(),
            **_outage_details(report),
        }
        if entry and audit is not None:
            audit.finish(entry[0], row_count=report.processed, result=report.result, details=details)
        else:
            _audit(audit, "retry_run", description, report.processed, report.result, details)
    record_conflicts(audit, report)
    return report
