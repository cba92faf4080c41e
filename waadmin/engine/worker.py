"""The background retry worker: the engine's retry processing on a schedule, in its own thread.

It runs a batch every ``interval_seconds`` (stuck sends past their lease are recovered at the
start of each batch), can be paused, resumed and asked to run now, and stops cleanly: a pause
or a stop lets the sends already handed to the provider finish and be recorded. When the
database goes away the worker stops sending, pings with back-off and resumes by itself when
it answers again. Several workers, cron jobs or the Django app on one database stay safe
through the engine's claims; keeping one worker per desktop session is the caller's job.

With ``redact_after`` set (off by default), the worker also redacts the secrets of finished
sensitive messages older than that (waadmin.engine.redact), at most every REDACT_EVERY_SECONDS,
after a batch that reached the database.

No Qt here: the desktop app relays ``on_status``/``on_report`` to its GUI thread, the CLI
prints them.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import timedelta
from enum import StrEnum

from waadmin.db.database import Database
from waadmin.db.errors import DatabaseProblem, ProblemKind
from waadmin.db.transitions import DEFAULT_LEASE, DEFAULT_PENDING_GRACE
from waadmin.domain import alerts
from waadmin.engine import actions, stats
from waadmin.engine import redact as redaction_engine
from waadmin.engine.audit import AuditTrail
from waadmin.engine.progress import StopFlag
from waadmin.engine.retry import DEFAULT_CONCURRENCY, DEFAULT_RATE, RetryOptions, RetryReport, RetryRun
from waadmin.providers.base import Provider
from waadmin.providers.circuit import (
    DEFAULT_FIRST_BACKOFF,
    DEFAULT_MAX_BACKOFF,
    DEFAULT_THRESHOLD,
    EndpointHealth,
    HealthPolicy,
    ProviderHealth,
    describe,
)
from waadmin.providers.ratelimit import RateLimiter

log = logging.getLogger(__name__)

REDACT_EVERY_SECONDS = 600.0  # a redaction pass reads every candidate: not on every minute's run
BACKOFF_FIRST = 2.0
BACKOFF_MAX = 60.0
# Database problems that waiting will not fix: the worker stops and says why, instead of
# calling the database "unreachable" and trying again forever (a SELECT-only role, a read-only file).
CONFIGURATION_PROBLEMS = frozenset(
    {ProblemKind.PERMISSION, ProblemKind.READ_ONLY, ProblemKind.REFUSED, ProblemKind.AUTH, ProblemKind.SCHEMA, ProblemKind.NO_TABLES}
)


class WorkerState(StrEnum):
    STOPPED = "stopped"
    IDLE = "idle"  # waiting for the next run
    RUNNING = "running"
    PAUSED = "paused"  # by the user
    DATABASE_DOWN = "database_down"  # sending paused until the database answers again
    PROVIDER_DOWN = "provider_down"  # a provider endpoint is down; the worker probes it and resumes by itself
    ERROR = "error"  # the last run could not start (no provider configured, ...)


@dataclass(frozen=True)
class WorkerConfig:
    interval_seconds: float = 60.0
    batch_size: int = 100
    rate_per_second: float = DEFAULT_RATE
    concurrency: int = DEFAULT_CONCURRENCY
    lease: timedelta = DEFAULT_LEASE
    pending_grace: timedelta = DEFAULT_PENDING_GRACE
    check_alerts: bool = True
    thresholds: alerts.AlertThresholds = alerts.AlertThresholds()
    failure_threshold: int = DEFAULT_THRESHOLD  # consecutive unreachable or 5xx sends that open a circuit
    probe_first_seconds: float = DEFAULT_FIRST_BACKOFF
    probe_max_seconds: float = DEFAULT_MAX_BACKOFF
    redact_after: timedelta | None = None  # redact finished sensitive messages older than this; None: off

    def __post_init__(self) -> None:
        if self.interval_seconds <= 0:
            raise ValueError("the worker's interval must be positive")
        if self.redact_after is not None:
            redaction_engine.validate_age(self.redact_after)
        self.options()  # the rest is checked where the engine checks it
        self.policy()

    def policy(self) -> HealthPolicy:
        return HealthPolicy(self.failure_threshold, self.probe_first_seconds, self.probe_max_seconds)

    def options(self) -> RetryOptions:
        return RetryOptions(
            limit=self.batch_size,
            concurrency=self.concurrency,
            rate_per_second=self.rate_per_second,
            lease=self.lease,
            pending_grace=self.pending_grace,
        )


@dataclass(frozen=True)
class WorkerStatus:
    state: WorkerState
    reason: str = ""  # why the database is considered down, or why the last run failed
    next_run_at: float | None = None  # on the worker's clock (time.monotonic by default)
    runs: int = 0
    sent: int = 0
    failed: int = 0
    final_failures: int = 0
    database_down: bool = False
    fatal: bool = False  # stopped on a problem waiting would not fix (reason says which)
    provider_down: bool = False
    provider_reason: str = ""  # "WaChap mali (connection refused)"
    endpoints: tuple[EndpointHealth, ...] = ()  # provider health as last seen
    alerts: tuple[alerts.Alert, ...] = ()
    redacted: int = 0  # messages whose secrets the redaction policy masked, since the start
    last_report: RetryReport | None = field(default=None, compare=False)
    # Increases with every status; a listener that receives them through a queue from two
    # threads keeps the highest, so a late one never overwrites a newer one.
    seq: int = field(default=0, compare=False)

    def seconds_to_next(self, now: float) -> float | None:
        return None if self.next_run_at is None else max(0.0, self.next_run_at - now)

    @property
    def active_alerts(self) -> tuple[str, ...]:
        return tuple(a.key for a in self.alerts if a.active)


class RetryWorker:
    def __init__(
        self,
        database: Database,
        provider: Callable[[], Provider],
        config: WorkerConfig = WorkerConfig(),
        *,
        audit: AuditTrail | None = None,
        on_status: Callable[[WorkerStatus], None] | None = None,
        on_report: Callable[[RetryReport], None] | None = None,
        clock: Callable[[], float] = time.monotonic,
        backoff: tuple[float, float] = (BACKOFF_FIRST, BACKOFF_MAX),
        limiter: RateLimiter | None = None,
        thread_setup: Callable[[], None] | None = None,
        health: ProviderHealth | None = None,
    ) -> None:
        self.database = database
        # Kept across runs (and shared with the desktop's own batches when it passes its own), so
        # the worker knows an endpoint is down between runs and probes it when the time comes.
        self.health = health or ProviderHealth(config.policy())
        self.health.set_policy(config.policy())
        self._thread_setup = thread_setup  # run first on the worker's thread (a desktop lowers its priority)
        self._provider = provider
        self._config = config
        self.audit = audit
        self._on_status = on_status
        self._on_report = on_report
        self._clock = clock
        self._backoff_first, self._backoff_max = backoff
        self._backoff = self._backoff_first
        # One pace across runs, and shared with the app's other sends when it passes its own.
        self._limiter = limiter or RateLimiter(config.rate_per_second)
        self._limiter.set_rate(config.rate_per_second)
        self._cond = threading.Condition()
        self._thread: threading.Thread | None = None
        self._quit = False
        self._paused = False
        self._run_requested = False
        self._running = False
        self._run_stop: StopFlag | None = None
        self._error = False
        self._status = WorkerStatus(WorkerState.STOPPED)
        self._last_redaction: float | None = None

    # -- control, from any thread ---------------------------------------------------------
    @property
    def status(self) -> WorkerStatus:
        return self._status

    @property
    def config(self) -> WorkerConfig:
        return self._config

    @property
    def alive(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self, *, paused: bool = False, run_first: bool = True) -> None:
        """Start the thread; the first run happens at once unless ``run_first`` is False."""
        with self._cond:
            if self.alive:
                return
            self._quit = False
            self._paused = paused
            self._status = replace(self._status, next_run_at=self._clock() + (0 if run_first else self._config.interval_seconds))
            self._thread = threading.Thread(target=self._loop, name="waadmin-retry-worker", daemon=True)
            self._thread.start()
        self._publish()

    def pause(self) -> None:
        """No new sends; a batch under way finishes the sends it started and stops."""
        with self._cond:
            self._paused = True
            if self._run_stop is not None:
                self._run_stop.set()
            self._cond.notify_all()
        self._publish()

    def resume(self) -> None:
        with self._cond:
            self._paused = False
            self._cond.notify_all()
        self._publish()

    def run_now(self) -> None:
        """One batch at once (also while paused: the user asked for it)."""
        with self._cond:
            self._run_requested = True
            self._cond.notify_all()

    def set_config(self, config: WorkerConfig) -> None:
        with self._cond:
            interval_changed = config.interval_seconds != self._config.interval_seconds
            if config.rate_per_second != self._config.rate_per_second:
                self._limiter.set_rate(config.rate_per_second)
            self.health.set_policy(config.policy())
            self._config = config
            if interval_changed and not self._running and not self._status.database_down:
                self._status = replace(self._status, next_run_at=self._clock() + config.interval_seconds)
            self._cond.notify_all()
        self._publish()

    def request_stop(self) -> None:
        """Ask the thread to end after the sends in flight are recorded; does not wait."""
        with self._cond:
            self._quit = True
            if self._run_stop is not None:
                self._run_stop.set()
            self._cond.notify_all()

    def stop(self, timeout: float | None = None) -> bool:
        """Stop and wait; True when the thread has ended (always, with no timeout)."""
        self.request_stop()
        thread = self._thread
        if thread is not None:
            thread.join(timeout)
            if thread.is_alive():
                return False
        return True

    # -- the thread --------------------------------------------------------------------------
    def _loop(self) -> None:
        if self._thread_setup is not None:
            try:
                self._thread_setup()
            except Exception:  # the worker runs at normal priority rather than not at all
                log.exception("worker thread setup failed")
        try:
            while self._wait_for_turn():
                try:
                    if self._status.database_down and not self._database_answers():
                        continue
                    self._run_batch()
                except Exception as error:
                    # A bug of ours: say so in the status and try again next turn, rather than
                    # end the thread with nothing on screen but "stopped".
                    log.exception("worker: the turn failed")
                    self._finish_turn(next_in=self._config.interval_seconds, reason=f"{type(error).__name__}: {error}", error=True)
        finally:
            with self._cond:
                self._running = False
                self._run_stop = None
            self._set(state=WorkerState.STOPPED, next_run_at=None)

    def _wait_for_turn(self) -> bool:
        with self._cond:
            while True:
                if self._quit:
                    return False
                due = self._status.next_run_at
                now = self._clock()
                if self._run_requested or (not self._paused and due is not None and now >= due):
                    self._run_requested = False
                    self._running = True
                    self._run_stop = StopFlag()
                    break
                self._cond.wait(None if self._paused or due is None else min(due - now, 1.0))
        self._publish()
        return True

    def _database_answers(self) -> bool:
        try:
            self.database.ping()
        except DatabaseProblem as problem:
            self._backoff = min(self._backoff * 2, self._backoff_max)
            self._finish_turn(next_in=self._backoff, reason=problem.message, down=True)
            return False
        log.info("worker: the database answers again")
        self._backoff = self._backoff_first
        self._set(database_down=False, reason="")
        return True

    def _run_batch(self) -> None:
        config = self._config
        try:
            provider = self._provider()
        except Exception as error:  # a missing or broken provider configuration
            log.warning("worker: cannot build the provider: %s", error)
            self._finish_turn(next_in=config.interval_seconds, reason=str(error), error=True)
            return
        run = RetryRun(self.database, provider, config.options(), limiter=self._limiter, stop=self._run_stop, health=self.health)
        try:
            report = actions.audited_retry_run(run, self.audit, "background worker")
        except DatabaseProblem as problem:  # the audit write, after a run that went fine
            report = run.report
            report.aborted = report.aborted or problem.message
            report.aborted_kind = report.aborted_kind or str(problem.kind)
        except Exception as error:
            log.exception("worker: the run failed")
            self._finish_turn(next_in=config.interval_seconds, reason=f"{type(error).__name__}: {error}", error=True)
            return
        found = self._status.alerts
        if config.check_alerts and not report.aborted:
            try:
                found = tuple(stats.evaluate_alerts(self.database, thresholds=config.thresholds))
            except DatabaseProblem as problem:
                report.aborted = problem.message
            except Exception:
                # The sends are recorded; a fault in the alert figures must not end the worker.
                log.exception("worker: the alerts could not be evaluated")
        status = self._status
        down = self.health.down()
        self._set(
            runs=status.runs + 1,
            sent=status.sent + report.success,
            failed=status.failed + report.failed,
            final_failures=status.final_failures + report.final_failures,
            alerts=found,
            last_report=report,
            provider_down=bool(down),
            provider_reason=describe(down),
            endpoints=self.health.snapshot(),
        )
        self._tell(self._on_report, report)
        if not report.aborted:
            self._redact_if_due(config)
        if report.aborted and report.aborted_kind in CONFIGURATION_PROBLEMS:
            log.warning("worker: stopping, the database refuses its writes: %s", report.aborted)
            self._set(reason=report.aborted, fatal=True)
            self.request_stop()
            self._finish_turn(next_in=config.interval_seconds, reason=report.aborted, error=True)
        elif report.aborted:
            self._backoff = self._backoff_first
            self._finish_turn(next_in=self._backoff, reason=report.aborted, down=True)
        elif down:
            # Come back when the first probe is due, not a whole interval later.
            probe_in = self.health.next_probe_in()
            self._finish_turn(next_in=min(config.interval_seconds, probe_in if probe_in is not None else config.interval_seconds))
        else:
            self._finish_turn(next_in=config.interval_seconds)

    def _redact_if_due(self, config: WorkerConfig) -> None:
        """The redaction policy's pass, if one is set and the last pass is old enough. Only texts
        not yet redacted are read (fresh_only), and the audit gets an entry for a pass that
        masked something or failed, not for every empty one."""
        if config.redact_after is None:
            return
        now = self._clock()
        if self._last_redaction is not None and now - self._last_redaction < REDACT_EVERY_SECONDS:
            return
        self._last_redaction = now
        try:
            report = redaction_engine.redact(self.database, config.redact_after, fresh_only=True, stop=self._run_stop)
        except Exception:  # the sends are recorded; a fault in the redaction must not end the worker
            log.exception("worker: the redaction pass failed")
            return
        if report.error:
            log.warning("worker: redaction stopped: %s", report.error)
        if self.audit is not None and (report.redacted or report.error):
            self.audit.record(
                "redact",
                target=f"finished sensitive messages older than {redaction_engine.age_words(config.redact_after)} (background worker policy)",
                row_count=report.redacted,
                result="error" if report.error else "ok",
                details={"examined": report.examined, "skipped": report.skipped, "error": report.error or None, "via": "background worker"},
            )
        if report.redacted:
            self._set(redacted=self._status.redacted + report.redacted)

    def _finish_turn(self, *, next_in: float, reason: str = "", down: bool = False, error: bool = False) -> None:
        with self._cond:
            self._running = False
            self._run_stop = None
            self._error = error
        self._set(next_run_at=self._clock() + next_in, reason=reason, database_down=down)

    # -- status -------------------------------------------------------------------------------
    def _state(self, status: WorkerStatus) -> WorkerState:
        if self._running:
            return WorkerState.RUNNING
        if self._paused:
            return WorkerState.PAUSED
        if status.database_down:
            return WorkerState.DATABASE_DOWN
        if status.provider_down:
            return WorkerState.PROVIDER_DOWN
        if self._error:
            return WorkerState.ERROR
        return WorkerState.IDLE

    def _set(self, state: WorkerState | None = None, **changes: object) -> None:
        with self._cond:
            status = replace(self._status, **changes)  # type: ignore[arg-type]
            self._status = replace(status, state=state or self._state(status), seq=status.seq + 1)
            current = self._status
        self._tell(self._on_status, current)

    def _publish(self) -> None:
        if self._thread is None:
            return
        with self._cond:
            if self._status.state == WorkerState.STOPPED and not self.alive:
                current = self._status
            else:
                self._status = replace(self._status, state=self._state(self._status), seq=self._status.seq + 1)
                current = self._status
        self._tell(self._on_status, current)

    @staticmethod
    def _tell(callback: Callable[..., None] | None, value: object) -> None:
        if callback is None:
            return
        try:
            callback(value)
        except Exception:  # a listener's bug must not kill the worker thread
            log.exception("worker: a listener failed")
