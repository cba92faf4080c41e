"""Retry processing: claim each due attempt with one conditional UPDATE, send it, record the result.

What the reference gets wrong and this module does not (reference §6):
- no attempt is sent twice: a row is sent only by the process whose claim UPDATE changed it;
- no stale write: results are written only while the row still carries our claim;
- nothing stays in `sending`: rows past their lease are recovered first, and a result that
  cannot be written right away is retried before the run gives up on it;
- `pending` rows nobody sent are picked up after a grace period;
- sends run concurrently under a rate limit, so one slow call never stalls the batch;
- an outage charges nothing that was never sent: a send that failed before the request left
  (refused, DNS, TLS, connect timeout) gives the attempt back as it was, and after a few such
  failures (or 5xx answers) the endpoint's circuit opens: no attempt for it is claimed until a
  probe says it is back, and a run whose every endpoint is down stops early.
"""

from __future__ import annotations

import functools
import logging
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from waadmin.db import storable, transitions
from waadmin.db.database import Database
from waadmin.db.errors import DatabaseProblem, ProblemKind
from waadmin.db.group_commit import GroupCommit
from waadmin.domain import phones
from waadmin.domain.clock import utcnow
from waadmin.domain.error_codes import ErrorCode
from waadmin.domain.filters import AttemptFilter
from waadmin.domain.rules import DEFAULT_LEASE, DEFAULT_PENDING_GRACE
from waadmin.engine.progress import Progress, ProgressCallback, StopFlag, no_progress
from waadmin.engine.send_journal import AcceptedSend, SendJournal, replay
from waadmin.providers.base import Endpoint, OutgoingMessage, Provider, SendOutcome
from waadmin.providers.circuit import Admission, Cause, EndpointHealth, ProviderHealth, describe, endpoint_of, endpoints_of, probe_of
from waadmin.providers.ratelimit import DEFAULT_CONCURRENCY, DEFAULT_RATE, RateLimiter

log = logging.getLogger(__name__)

DEFAULT_RATE_LIMIT_WAIT = 60.0  # a 429 without Retry-After
# How long a finished send keeps trying to write its result while the database is away
# (WAADMIN_RECORD_PATIENCE, 1 to 3600 s, sets it).
RECORD_PATIENCE = 60.0
RECORD_PATIENCE_RANGE = (1.0, 3600.0)


def record_patience_from_env() -> float:
    raw = os.environ.get("WAADMIN_RECORD_PATIENCE", "").strip()
    try:
        value = float(raw) if raw else RECORD_PATIENCE
    except ValueError:
        return RECORD_PATIENCE
    low, high = RECORD_PATIENCE_RANGE
    return value if low <= value <= high else RECORD_PATIENCE  # NaN too
# Candidates passed over because their endpoint is down, per attempt of the run's budget, before
# the run stops looking (a large backlog for a region that is down is not read to its end).
HELD_PER_BUDGET = 10


@dataclass(frozen=True)
class RetryOptions:
    limit: int = 50
    source_app: str | None = None
    flt: AttemptFilter | None = None
    ids: tuple[int, ...] | None = None  # exactly these attempts
    due_only: bool = True  # False: "retry now", ignoring next_retry_at (attempts must remain)
    concurrency: int = DEFAULT_CONCURRENCY
    rate_per_second: float = DEFAULT_RATE
    pending_grace: timedelta = DEFAULT_PENDING_GRACE
    lease: timedelta = DEFAULT_LEASE
    recover_stuck: bool = True
    dry_run: bool = False
    rate_limit_wait: float = DEFAULT_RATE_LIMIT_WAIT
    record_patience: float = field(default_factory=record_patience_from_env)

    def __post_init__(self) -> None:
        if self.limit < 1:
            raise ValueError("the number of attempts per run must be at least 1")
        if self.concurrency < 1:
            raise ValueError("concurrency must be at least 1")
        if self.rate_per_second < 0:
            raise ValueError("the rate limit cannot be negative")
        if self.pending_grace < timedelta(0) or self.lease <= timedelta(0):
            raise ValueError("grace period and lease must be positive")

    def effective_filter(self) -> AttemptFilter | None:
        flt = self.flt
        if self.source_app:
            flt = (flt or AttemptFilter()).with_(source_apps=frozenset({self.source_app}))
        return flt


@dataclass(frozen=True)
class AttemptResult:
    attempt_id: int
    outcome: str  # sent, failed_retry, failed_final, rate_limited, not_sent, not_recorded, or the status found
    attempt_count: int
    max_attempts: int
    phone_number: str
    message_type: str
    source_app: str | None
    error_code: str = ""
    error_message: str = ""
    provider_message_id: str = ""
    may_have_sent: bool = False
    state_changed: bool = False  # someone else changed the row while we sent it
    elapsed_ms: float = 0.0
    journaled: bool = False  # not_recorded, but kept in the send journal: never sent again
    conflict: bool = False  # another program saved an old copy of the row while it was being sent


@dataclass(frozen=True)
class PlannedAttempt:
    """A dry run's line: what would be sent."""

    attempt_id: int
    phone_number: str
    message_type: str
    source_app: str | None
    attempt_count: int
    max_attempts: int
    status: str


class OutageFigures:
    """What a run's report (one run, or a set of them) says of a provider outage; the report
    holds ``unreachable``, ``not_sent`` and ``left_untouched``."""

    unreachable: tuple[EndpointHealth, ...]
    not_sent: int
    left_untouched: int

    @property
    def provider_down(self) -> bool:
        return bool(self.unreachable)

    def outage_line(self) -> str:
        """One line for people: "provider unreachable: WaChap mali (connection refused); 74
        attempts left as they were"; empty when there was no outage."""
        if not (self.provider_down or self.not_sent):
            return ""
        where = describe(self.unreachable) or "some sends could not reach it"
        return f"provider unreachable: {where}; {self.left_untouched} attempt(s) left as they were"


@dataclass
class RetryReport(OutageFigures):
    started_at: datetime
    finished_at: datetime | None = None
    dry_run: bool = False
    processed: int = 0
    success: int = 0
    failed: int = 0
    rate_limited: int = 0
    skipped: int = 0  # taken or changed by someone else before our claim
    errors: list[str] = field(default_factory=list)
    results: list[AttemptResult] = field(default_factory=list)
    planned: list[PlannedAttempt] = field(default_factory=list)
    recovered: list[transitions.Recovered] = field(default_factory=list)
    stopped: bool = False  # on request
    aborted: str = ""  # why the run stopped early (a database problem), if it did
    aborted_kind: str = ""  # its ProblemKind: a permission problem is not an outage
    not_sent: int = 0  # given back as they were: the provider could not be reached
    held: int = 0  # not claimed: their endpoint's circuit was open
    left_untouched: int = 0  # attempts of this run left exactly as they were because of an outage
    unreachable: tuple[EndpointHealth, ...] = ()  # endpoints down when the run ended
    outage_stopped: bool = False  # every endpoint was down: the run stopped early

    @property
    def result(self) -> str:
        """What the audit records: never "ok" when nothing went out because of an outage."""
        if self.aborted:
            return "error"
        if self.provider_down or self.not_sent:
            return "partial" if self.success else "provider_unreachable"
        if self.failed:
            return "partial" if self.success else "failed"
        if self.stopped:
            return "stopped"
        return "ok"

    @property
    def final_failures(self) -> int:
        return sum(1 for r in self.results if r.outcome == "failed_final")

    def changed_ids(self, limit: int = 1000) -> list[int]:
        """The attempts this run changed (sent, failed, given back, recovered): what its audit
        row leads to."""
        ids = [r.attempt_id for r in self.results if r.outcome not in ("missing",) and not r.state_changed]
        ids += [r.id for r in self.recovered]
        return sorted(set(ids))[:limit]

    @property
    def conflicts(self) -> list[AttemptResult]:
        """Attempts another program saved an old copy of while they were being sent."""
        return [r for r in self.results if r.conflict]

    @property
    def not_recorded(self) -> list[AttemptResult]:
        return [r for r in self.results if r.outcome == "not_recorded"]

    @property
    def duration_seconds(self) -> float:
        end = self.finished_at or utcnow()
        return (end - self.started_at).total_seconds()

    def to_json(self) -> dict[str, Any]:
        return {
            "started_at": self.started_at.isoformat(),
            "finished_at": self.finished_at.isoformat() if self.finished_at else None,
            "duration_seconds": round(self.duration_seconds, 3),
            "dry_run": self.dry_run,
            "processed": self.processed,
            "success": self.success,
            "failed": self.failed,
            "final_failures": self.final_failures,
            "rate_limited": self.rate_limited,
            "skipped": self.skipped,
            "errors": list(self.errors),
            "stopped": self.stopped,
            "aborted": self.aborted or None,
            "result": self.result,
            "not_sent": self.not_sent,
            "left_as_they_were": self.left_untouched,
            "provider_unreachable": [e.to_json() for e in self.unreachable] or None,
            "outage_stopped": self.outage_stopped,
            "conflicting_saves": [r.attempt_id for r in self.conflicts] or None,
            "recovered": [
                {"id": r.id, "status": r.status, "may_have_reached_provider": True} for r in self.recovered
            ],
            "would_process": [p.attempt_id for p in self.planned] if self.dry_run else None,
            "results": [
                {
                    "id": r.attempt_id,
                    "outcome": r.outcome,
                    "attempt": f"{r.attempt_count}/{r.max_attempts}",
                    "error_code": r.error_code or None,
                    "error": r.error_message or None,
                    "provider_message_id": r.provider_message_id or None,
                    "may_have_sent": r.may_have_sent,
                }
                for r in self.results
            ],
        }


class _CandidateFeed:
    """Hands out due candidates to the sender threads, in order, within the run's budget."""

    def __init__(self, database: Database, options: RetryOptions, clock: Callable[[], datetime]) -> None:
        self.database = database
        self.options = options
        self.clock = clock
        self.flt = options.effective_filter()
        self._lock = threading.Lock()
        self._queue: list[transitions.Candidate] = []
        self._after: tuple[int, datetime | None, int] | None = None
        self._exhausted = False
        self._reserved = 0

    def take(self) -> transitions.Candidate | None:
        with self._lock:
            if self._reserved >= self.options.limit:
                return None
            if not self._queue and not self._exhausted:
                self._refill()
            if not self._queue:
                return None
            self._reserved += 1
            return self._queue.pop(0)

    def give_back(self) -> None:
        """A candidate did not become a claim: its place in the budget is free again."""
        with self._lock:
            self._reserved -= 1

    def _refill(self) -> None:
        want = max(self.options.concurrency * 4, 50)
        ids = list(self.options.ids) if self.options.ids is not None else None
        batch = transitions.select_candidates(
            self.database,
            self.clock(),
            min(want, max(self.options.limit - self._reserved, 1) * 2),
            grace=self.options.pending_grace,
            flt=self.flt,
            after=self._after,
            ids=ids,
            due_only=self.options.due_only,
        )
        if not batch:
            self._exhausted = True
            return
        self._after = batch[-1].order_key
        self._queue.extend(batch)


def _routing_message(candidate: transitions.Candidate) -> OutgoingMessage:
    """Enough of the attempt to know its endpoint before claiming it."""
    return OutgoingMessage(
        attempt_id=candidate.id,
        phone_number=candidate.phone_number,
        text="",
        message_type=candidate.message_type,
        sender_role=candidate.sender_role,
        region_override=candidate.region_override,
    )


def _message_for(claim: transitions.Claim) -> OutgoingMessage:
    return OutgoingMessage(
        attempt_id=claim.id,
        phone_number=claim.phone_number,
        text=claim.message_content,
        message_type=claim.message_type,
        sender_role=claim.sender_role,
        region_override=claim.region_override,
        source_app=claim.source_app,
    )


def _safe_send(provider: Provider, message: OutgoingMessage) -> SendOutcome:
    if not phones.is_valid(message.phone_number):
        # Letters or too few digits: no provider will ever deliver it, so do not retry.
        return SendOutcome(
            ok=False,
            provider=getattr(provider, "name", "provider"),
            error_code=ErrorCode.INVALID_NUMBER,
            error_message=f"Numéro invalide / invalid phone number: {message.phone_number!r}",
            permanent=True,
        )
    try:
        return provider.send(message)
    except Exception as exc:  # a provider bug must still end in a recorded result
        log.exception("provider raised for attempt %s", message.attempt_id)
        return SendOutcome(
            ok=False,
            provider=getattr(provider, "name", "provider"),
            error_code=ErrorCode.UNEXPECTED,
            error_message=f"{type(exc).__name__}: {exc}"[:300],
            may_have_sent=True,
        )


class RetryRun:
    """One retry run. ``run()`` blocks; ``stop()`` (from any thread) lets sends in flight finish
    and be recorded, then returns."""

    def __init__(
        self,
        database: Database,
        provider: Provider | None,
        options: RetryOptions = RetryOptions(),
        *,
        limiter: RateLimiter | None = None,
        progress: ProgressCallback = no_progress,
        clock: Callable[[], datetime] = utcnow,
        stop: StopFlag | None = None,
        on_result: Callable[[AttemptResult], None] | None = None,
        health: ProviderHealth | None = None,
        journal: SendJournal | None = None,
        on_started: Callable[[], None] | None = None,
    ) -> None:
        self.database = database
        self.journal = journal or SendJournal.for_url(database.masked_url)
        self.provider = provider
        self.options = options
        self.limiter = limiter or RateLimiter(options.rate_per_second)
        self.progress = progress
        self.clock = clock
        self.stop_flag = stop or StopFlag()
        self.on_result = on_result
        self.report = RetryReport(started_at=clock(), dry_run=options.dry_run)
        self._lock = threading.Lock()
        # Kept across runs by a worker or a desktop session, so an outage seen by one run is
        # known to the next; a run on its own starts with every circuit closed.
        self.health = health or ProviderHealth()
        self._endpoints: dict[str, Endpoint] = {}  # every endpoint met or configured
        self._halt = threading.Event()  # the run ends early by itself (outage), not on request
        # Called once, before the first send: the audit records the run as started then, so a
        # run killed half-way still shows (a run that finds nothing to do writes nothing).
        self.on_started = on_started
        self._started_sending = False
        # The senders' claims and results share commits while the run sends (group_commit.py).
        self._writes: GroupCommit | None = None

    def stop(self) -> None:
        self.stop_flag.set()

    def _ending(self) -> bool:
        return self.stop_flag.is_set() or self._halt.is_set()

    # -- the run --------------------------------------------------------------------------
    def run(self) -> RetryReport:
        try:
            if self.options.dry_run:
                self._plan()
            else:
                if self.provider is None:
                    raise ValueError("a provider is needed to send")
                # Accepted sends whose result could not be written earlier go in first; the rows
                # still not written are kept out of recovery, or they would be sent again.
                unwritten = replay(self.database, self.journal, self.clock())
                if self.options.recover_stuck:
                    self.report.recovered = transitions.recover_stuck(self.database, self.clock(), self.options.lease, exclude=unwritten)
                for endpoint in endpoints_of(self.provider):
                    self._endpoints.setdefault(endpoint.key, endpoint)
                self._probe_due()
                if self._all_down():
                    self._halt.set()
                else:
                    self._send_all()
                self._account_outage()
        except DatabaseProblem as problem:
            self.report.aborted = problem.message
            self.report.aborted_kind = str(problem.kind)
            self.report.errors.append(problem.message)
        self.report.stopped = self.stop_flag.is_set()
        self.report.finished_at = self.clock()
        return self.report

    def _plan(self) -> None:
        """Dry run: list what would be sent, change nothing (not even stuck rows)."""
        from waadmin.db.detail import brief_attempts

        candidates = transitions.select_candidates(
            self.database,
            self.clock(),
            self.options.limit,
            grace=self.options.pending_grace,
            flt=self.options.effective_filter(),
            ids=list(self.options.ids) if self.options.ids is not None else None,
            due_only=self.options.due_only,
        )
        briefs = brief_attempts(self.database, [c.id for c in candidates])
        for candidate in candidates:
            brief = briefs.get(candidate.id)
            if brief is None:
                continue
            self.report.planned.append(
                PlannedAttempt(
                    candidate.id,
                    brief.phone_number,
                    brief.message_type,
                    brief.source_app,
                    candidate.attempt_count,
                    brief.max_attempts,
                    candidate.status,
                )
            )
        self.report.processed = len(self.report.planned)

    # -- provider health ------------------------------------------------------------------------
    def _probe_due(self) -> None:
        """Probe each open circuit whose time has come and that has a health call, before any
        send: a worker waiting out an outage resumes by itself when the provider is back."""
        for endpoint in list(self._endpoints.values()) + [
            Endpoint(e.key, e.label) for e in self.health.down() if e.key not in self._endpoints
        ]:
            if self.health.get(endpoint).down:
                self._endpoints.setdefault(endpoint.key, endpoint)
                if self.health.probe_kind(endpoint) is Cause.UNREACHABLE and self.health.admit(endpoint) is Admission.PROBE:
                    self._health_probe(endpoint)

    def _health_probe(self, endpoint: Endpoint) -> bool | None:
        """The provider's health call for a probe; None when it has none (a real send probes)."""
        result = probe_of(self.provider, endpoint)
        if result is None:
            return None
        if result.ok:
            self.health.succeeded(endpoint)
            log.info("provider endpoint %s answers again: %s", endpoint.label, result.message)
            return True
        self.health.failed(endpoint, result.message, Cause.UNREACHABLE)
        return False

    def _all_down(self) -> bool:
        """Every endpoint configured or met is down: nothing this run could send. (With one
        region down and another up, the run goes on, passing over the down one's attempts.)"""
        with self._lock:
            known = list(self._endpoints.values())
        return bool(known) and all(self.health.get(e).down for e in known)

    def _account_outage(self) -> None:
        """What an outage left behind: the endpoints still down, and how many attempts of this
        run's budget were left exactly as they were."""
        report = self.report
        with self._lock:
            mine = set(self._endpoints)
        down = tuple(h for h in self.health.down() if h.key in mine)
        report.unreachable = down
        report.outage_stopped = self._halt.is_set() and bool(down)
        if not (down or report.not_sent):
            return
        budget = self.options.limit - report.processed - report.rate_limited - report.not_sent
        ids = list(self.options.ids) if self.options.ids is not None else None
        count = functools.partial(
            transitions.count_candidates, self.database, self.clock(),
            grace=self.options.pending_grace, flt=self.options.effective_filter(), ids=ids, due_only=self.options.due_only,
        )
        if self.options.due_only:
            # Those given back wait for the probe, so they are no longer due: add them.
            report.left_untouched = report.not_sent + (count(budget) if down else 0)
        else:
            # "Retry now" ignores next_retry_at: those given back are still counted, those
            # attempted in this run are not.
            report.left_untouched = count(budget + report.not_sent, untouched_since=report.started_at)

    def _gate(self, candidate: transitions.Candidate) -> tuple[Endpoint, Admission]:
        endpoint = endpoint_of(self.provider, _routing_message(candidate))
        with self._lock:
            self._endpoints.setdefault(endpoint.key, endpoint)
        admission = self.health.admit(endpoint)
        if admission is Admission.PROBE:
            answered = self._health_probe(endpoint) if self.health.probe_kind(endpoint) is Cause.UNREACHABLE else None
            if answered is True:
                admission = Admission.SEND
            elif answered is False:
                admission = Admission.HOLD
        return endpoint, admission

    def _held(self, feed: _CandidateFeed) -> None:
        feed.give_back()
        with self._lock:
            self.report.held += 1
            too_many = self.report.held >= HELD_PER_BUDGET * max(self.options.limit, 1)
        if too_many or self._all_down():
            self._halt.set()

    def _health_after(self, endpoint: Endpoint, outcome: SendOutcome) -> None:
        if outcome.not_sent:
            opened = self.health.failed(endpoint, _short_reason(outcome.error_message), Cause.UNREACHABLE)
        elif outcome.error_code == ErrorCode.HTTP_5XX:
            opened = self.health.failed(endpoint, _short_reason(outcome.error_message), Cause.SERVER_ERROR)
        elif outcome.ok or outcome.http_status is not None:
            self.health.succeeded(endpoint)  # it answered: it is up, whatever it said
            return
        else:
            return  # a timeout or an error of ours says nothing either way
        if opened:
            log.info("provider endpoint %s is down: %s", endpoint.label, outcome.error_message)
            if self._all_down():
                self._halt.set()

    def _send_all(self) -> None:
        feed = _CandidateFeed(self.database, self.options, self.clock)
        workers = min(self.options.concurrency, self.options.limit)
        self._writes = GroupCommit(self.database)
        try:
            with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="waadmin-send") as pool:
                futures = [pool.submit(self._worker, feed) for _ in range(workers)]
                for future in futures:
                    future.result()
        finally:
            self._writes.close()
            self._writes = None

    def _abort(self, problem: DatabaseProblem) -> None:
        with self._lock:
            if not self.report.aborted:
                self.report.aborted = problem.message
                self.report.aborted_kind = str(problem.kind)
                self.report.errors.append(problem.message)
        self.stop_flag.set()

    def _worker(self, feed: _CandidateFeed) -> None:
        while not self._ending():
            try:
                candidate = feed.take()
            except DatabaseProblem as problem:
                self._abort(problem)
                return
            if candidate is None:
                return
            endpoint, admission = self._gate(candidate)
            if admission is Admission.HOLD:
                self._held(feed)
                continue
            if not self.limiter.acquire(stop=self.stop_flag.event):
                if admission is Admission.PROBE:
                    self.health.probe_abandoned(endpoint)
                feed.give_back()
                return
            try:
                claim = transitions.claim(
                    self.database,
                    candidate,
                    self.clock(),
                    due_only=self.options.due_only,
                    grace=self.options.pending_grace,
                    writes=self._writes,
                )
            except DatabaseProblem as problem:
                self.limiter.refund()
                feed.give_back()
                if admission is Admission.PROBE:
                    self.health.probe_abandoned(endpoint)
                self._abort(problem)
                return
            if claim is None:
                self.limiter.refund()
                feed.give_back()
                if admission is Admission.PROBE:
                    self.health.probe_abandoned(endpoint)
                with self._lock:
                    self.report.skipped += 1
                continue
            self._started()
            started = time.monotonic()
            outcome = _safe_send(self.provider, _message_for(claim))  # type: ignore[arg-type]
            elapsed = (time.monotonic() - started) * 1000
            self._health_after(endpoint, outcome)
            result = self._record(claim, outcome, elapsed)
            self._tally(result)

    def _started(self) -> None:
        with self._lock:
            first = not self._started_sending
            self._started_sending = True
        if first and self.on_started is not None:
            try:
                self.on_started()
            except Exception:  # the audit must not stop the sends
                log.exception("the run's start could not be recorded")

    # -- recording --------------------------------------------------------------------------
    def _record(self, claim: transitions.Claim, outcome: SendOutcome, elapsed_ms: float) -> AttemptResult:
        base = dict(
            attempt_id=claim.id,
            attempt_count=claim.attempt_count,
            max_attempts=claim.max_attempts,
            phone_number=claim.phone_number,
            message_type=claim.message_type,
            source_app=claim.source_app,
            error_code=outcome.error_code,
            error_message=outcome.error_message,
            provider_message_id=outcome.provider_message_id,
            may_have_sent=outcome.ok or outcome.may_have_sent,
            elapsed_ms=elapsed_ms,
        )
        deadline = time.monotonic() + self.options.record_patience
        delay = 0.5
        answered_at = self.clock()
        journaled = False
        minimal = False  # the provider's answer left out: the database would not take it
        while True:
            now = self.clock()
            try:
                if outcome.ok:
                    response = outcome.provider_response(answered_at)
                    written = transitions.record_sent(
                        self.database, claim, answered_at, outcome.provider_message_id,
                        storable.minimal_response(response) if minimal else response,
                        writes=self._writes,
                    )
                    label = "sent"
                elif outcome.error_code == ErrorCode.RATE_LIMITED:
                    wait = outcome.retry_after if outcome.retry_after is not None else self.options.rate_limit_wait
                    self.limiter.pause_for(wait)
                    written = transitions.release_rate_limited(
                        self.database, claim, now + timedelta(seconds=wait), outcome.error_message, writes=self._writes
                    )
                    label = "rate_limited"
                elif outcome.not_sent:
                    # Nothing left for the provider: no attempt is charged, and the row waits for
                    # the endpoint's next probe rather than its back-off.
                    wait = self.health.next_probe_in() or self.health.policy.first_backoff
                    written = transitions.release_unsent(
                        self.database, claim, now + timedelta(seconds=wait), ErrorCode.PROVIDER_UNREACHABLE, outcome.error_message,
                        writes=self._writes,
                    )
                    label = "not_sent"
                else:
                    written = transitions.record_failure(
                        self.database,
                        claim,
                        now,
                        outcome.error_code or ErrorCode.UNEXPECTED,
                        outcome.error_message,
                        permanent=outcome.permanent,
                        response=None if minimal else outcome.provider_response(now),
                        writes=self._writes,
                    )
                    label = written.status or "failed_retry"
                if journaled:
                    self.journal.forget(claim.id, claim.attempt_count)
                conflict = written.conflict is not None
                if conflict:
                    log.info("attempt %s was saved over by another program while sending: %s", claim.id, written.conflict)
                if written.applied:
                    return AttemptResult(outcome=label, conflict=conflict, **base)
                return AttemptResult(outcome=written.status or "missing", state_changed=True, conflict=conflict, **base)
            except DatabaseProblem as problem:
                if outcome.ok and not journaled:
                    # The customer has the message: from here on it must never be sent again,
                    # whatever happens to this process. The journal keeps it until the row has it.
                    journaled = self.journal.remember(
                        AcceptedSend(claim.id, claim.attempt_count, outcome.provider_message_id, outcome.provider_response(answered_at), answered_at)
                    )
                if problem.kind is ProblemKind.DATA and not minimal:
                    minimal = True  # storable.* cleaned it already; try once without the answer
                    continue
                if problem.kind is ProblemKind.DATA or not problem.transient or time.monotonic() + delay > deadline:
                    # Left in `sending`. An accepted send waits in the journal and is written by
                    # the next run before any recovery (never sent again); any other result is
                    # rescheduled by lease recovery, flagged "interrupted". The report carries it
                    # (errors, not_recorded); an ERROR log line per attempt would pile up on the
                    # CLI's stderr for one outage.
                    log.info("result of attempt %s not recorded: %s", claim.id, problem.message)
                    with self._lock:
                        self.report.errors.append(f"Résultat non enregistré pour la tentative {claim.id}: {problem.message}")
                    if problem.kind is not ProblemKind.DATA:
                        # This row's values are the trouble, not the database: the run goes on.
                        self._abort(problem)
                    return AttemptResult(outcome="not_recorded", journaled=journaled, **base)
                time.sleep(delay)
                delay = min(delay * 2, 5.0)

    def _tally(self, result: AttemptResult) -> None:
        with self._lock:
            report = self.report
            report.results.append(result)
            if result.outcome == "rate_limited":
                report.rate_limited += 1
            elif result.outcome == "not_sent":
                report.not_sent += 1
            else:
                report.processed += 1
                if result.outcome == "sent" or (result.state_changed and not result.error_code):
                    report.success += 1
                else:
                    report.failed += 1
                    if result.error_message and len(report.errors) < 1000:
                        report.errors.append(f"Tentative {result.attempt_id}: {result.error_message}")
            done = report.processed + report.rate_limited + report.not_sent
        self.progress(Progress(done, self.options.limit, f"attempt {result.attempt_id}: {result.outcome}"))
        if self.on_result is not None:
            self.on_result(result)


def _short_reason(message: str) -> str:
    """ "WaChap mali: provider unreachable (connection refused); not sent" -> "connection refused"."""
    if "(" in message and ")" in message:
        return message[message.index("(") + 1 : message.rindex(")")][:120]
    return message[:120]


def run_retries(
    database: Database,
    provider: Provider | None,
    options: RetryOptions = RetryOptions(),
    **kwargs: Any,
) -> RetryReport:
    return RetryRun(database, provider, options, **kwargs).run()
