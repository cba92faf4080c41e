"""Acting on everything a filter matches, across all pages: first a plan (exact count, the
states involved, a sample), then the action in chunks that a stop ends cleanly.

A row that changed between the plan and its chunk (sent meanwhile, cancelled by someone else)
is skipped by the conditional claim and reported as such, never acted on blindly.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import func

from waadmin.db import listing, transitions
from waadmin.db.database import Database
from waadmin.db.errors import DatabaseProblem
from waadmin.db.rows import AttemptRow
from waadmin.domain.clock import utcnow
from waadmin.domain.filters import AttemptFilter, Sort
from waadmin.domain.statuses import CANCELLABLE, Status
from waadmin.engine.audit import AuditTrail, record_conflicts
from waadmin.engine.progress import Progress, ProgressCallback, StopFlag, no_progress
from waadmin.engine.retry import OutageFigures, RetryOptions, RetryReport, RetryRun
from waadmin.providers.base import Provider
from waadmin.providers.circuit import EndpointHealth, ProviderHealth
from waadmin.providers.ratelimit import RateLimiter

SAMPLE_SIZE = 10
CHUNK = 500
MAX_EXTRA_ATTEMPTS = 10


@dataclass(frozen=True)
class BulkPlan:
    count: int
    by_status: dict[str, int]
    sample: list[AttemptRow]

    @property
    def retryable_now(self) -> int:
        return self.by_status.get(Status.PENDING, 0) + self.by_status.get(Status.FAILED_RETRY, 0)

    @property
    def final(self) -> int:
        return self.by_status.get(Status.FAILED_FINAL, 0)

    @property
    def cancellable(self) -> int:
        return sum(n for status, n in self.by_status.items() if status in CANCELLABLE)


def plan(database: Database, flt: AttemptFilter, sample_size: int = SAMPLE_SIZE) -> BulkPlan:
    a = database.layout.attempt
    query = listing.base_select(database, [a.status, func.count()], flt).group_by(a.status)
    with database.read() as conn:
        by_status = {str(status or ""): int(n) for status, n in conn.execute(query).all()}
    page = listing.list_attempts(database, flt, Sort("created_at", True), limit=sample_size)
    return BulkPlan(sum(by_status.values()), by_status, list(page.rows))


@dataclass
class BulkRetryReport(OutageFigures):
    requested: int = 0  # rows the filter matched while we went through it
    reopened: int = 0  # failed_final rows given new attempts
    processed: int = 0
    success: int = 0
    failed: int = 0
    final_failures: int = 0
    rate_limited: int = 0
    skipped: int = 0  # not retryable when their chunk came (sent, cancelled, no attempt left, taken)
    not_reached: int = 0  # a stop came first: left exactly as they were (extra tries given back)
    restored: int = 0  # rows put back as they were after a stop or an outage (extra tries not used)
    changed: int = 0  # rows this action really changed (what the audit counts)
    stopped: bool = False
    aborted: str = ""
    errors: list[str] = field(default_factory=list)
    not_sent: int = 0  # given back as they were: the provider could not be reached
    left_untouched: int = 0  # matching attempts left exactly as they were because of an outage
    unreachable: tuple[EndpointHealth, ...] = ()  # endpoints down when the set stopped

    def add(self, run: RetryReport, chunk_size: int, *, ended_early: bool = False) -> None:
        self.processed += run.processed
        self.success += run.success
        self.failed += run.failed
        self.final_failures += run.final_failures
        self.rate_limited += run.rate_limited
        self.not_sent += run.not_sent
        rest = max(0, chunk_size - run.processed - run.rate_limited - run.not_sent - run.held - run.left_untouched)
        if ended_early:
            # The rows of the chunk the run never came to were not passed over: a stop (or an
            # outage, an error) ended it first. Only those whose claim was lost were skipped.
            self.skipped += min(run.skipped, rest)
            self.not_reached += rest - min(run.skipped, rest)
        else:
            self.skipped += rest
        self.errors += run.errors[:20]

    @property
    def result(self) -> str:
        if self.aborted:
            return "error"
        if self.provider_down or self.not_sent:
            return "partial" if self.success else "provider_unreachable"
        if self.stopped:
            return "stopped"
        if self.failed:
            return "partial" if self.success else "failed"
        return "ok"

    def to_json(self) -> dict[str, Any]:
        data = {k: v for k, v in self.__dict__.items() if k != "unreachable"}
        data["result"] = self.result
        data["provider_unreachable"] = [e.to_json() for e in self.unreachable] or None
        data["left_as_they_were"] = data.pop("left_untouched")
        return data


def retry_matching(
    database: Database,
    provider: Provider,
    flt: AttemptFilter,
    *,
    extra_attempts: int = 0,
    options: RetryOptions = RetryOptions(),
    audit: AuditTrail | None = None,
    description: str = "",
    chunk: int = CHUNK,
    total: int | None = None,
    progress: ProgressCallback = no_progress,
    stop: StopFlag | None = None,
    limiter: RateLimiter | None = None,
    health: ProviderHealth | None = None,
) -> BulkRetryReport:
    """Send every matching attempt that can be sent now, even before its retry time. With
    ``extra_attempts``, failed_final rows get that many new attempts (after an outage was fixed),
    chunk by chunk just before the chunk is sent; a stop leaves every attempt not sent exactly as
    it was, the extra tries not used taken back. One rate limiter paces the whole set (pass the app's own to share it with the
    background worker, so both together keep to the provider's rate)."""
    if not 0 <= extra_attempts <= MAX_EXTRA_ATTEMPTS:
        raise ValueError(f"extra attempts must be between 0 and {MAX_EXTRA_ATTEMPTS}")
    stop = stop or StopFlag()
    limiter = limiter or RateLimiter(options.rate_per_second)
    health = health or ProviderHealth()  # one across the chunks: an outage seen in one stops the set
    report = BulkRetryReport()
    started = utcnow()
    try:
        for ids in listing.iter_matching_ids(database, flt, chunk):
            if stop.is_set():
                report.stopped = True
                break
            report.requested += len(ids)
            # Each chunk as it was, read just before this action touches it: a stop puts back
            # what the action changed without sending (extra tries, a postponed retry time).
            before = transitions.snapshot(database, ids)
            reopened: set[int] = set()
            if extra_attempts:
                # Given right before the chunk is sent, never to rows a stop may leave unsent
                # in later chunks (the worker would send those on its own).
                reopened = set(transitions.requeue_final(database, ids, extra_attempts, utcnow()))
                report.reopened += len(reopened)
            chunk_options = replace(options, ids=tuple(ids), flt=None, source_app=None, limit=len(ids), due_only=False, recover_stuck=False, dry_run=False)
            done_before = report.processed

            def chunk_progress(p: Progress, before: int = done_before) -> None:
                progress(Progress(before + p.done, total, f"{report.success + p.done} sent"))

            run = RetryRun(database, provider, chunk_options, limiter=limiter, stop=stop, progress=chunk_progress, health=health).run()
            ended_early = bool(stop.is_set() or run.aborted or run.provider_down)
            restored: set[int] = set()
            if ended_early:
                if stop.is_set():
                    # Asked to stop: every row of the chunk not sent goes back exactly as it was.
                    restored = set(transitions.restore_untried(database, before))
                elif reopened:
                    # An outage or an error: the extra tries not used are taken back; the rest
                    # keeps the outage's own handling (given back, waiting for the probe).
                    restored = set(transitions.restore_untried(database, {i: before[i] for i in reopened if i in before}))
            report.restored += len(restored)
            touched = {r.attempt_id for r in run.results} | reopened  # every result followed a claim
            report.changed += len(touched - restored)
            report.add(run, len(ids), ended_early=ended_early)
            record_conflicts(audit, run)
            progress(Progress(report.processed + report.skipped, total, f"{report.success} sent"))
            if run.aborted:
                report.aborted = run.aborted
                break
            if run.provider_down:
                # Stop early: the rest of the set would only be passed over, or charged for 5xx.
                report.unreachable = run.unreachable
                break
            if stop.is_set():
                report.stopped = True
                break
        if report.stopped and total is not None:
            report.not_reached += max(0, total - report.requested)  # later chunks were never read
        if report.provider_down or report.not_sent:
            report.left_untouched = transitions.count_candidates(database, utcnow(), 10**9, flt=flt, due_only=False, untouched_since=started)
    except DatabaseProblem as problem:
        report.aborted = problem.message
        report.errors.append(problem.message)
    if audit is not None and (report.changed or report.processed or report.aborted):
        audit.record(
            "retry_matching",
            target=description or "filter",
            row_count=report.changed,
            result=report.result,
            details={k: v for k, v in report.to_json().items() if k != "errors"} | {"extra_attempts": extra_attempts},
        )
    return report
