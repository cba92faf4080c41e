"""`waadmin worker`: the desktop app's background retry worker without the desktop, for a
server or a container (systemd, docker). One line per run that did something and per change of
state; SIGINT or SIGTERM stop it cleanly (sends under way finish and are recorded)."""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading
from datetime import timedelta
from typing import Any

from waadmin.cli import common, times, worker_ops
from waadmin.cli.i18n import _, engine_text

log = logging.getLogger("waadmin.worker")
from waadmin.cli.provider import provider_from_env
from waadmin.engine.redact import age_words
from waadmin.engine.retry import DEFAULT_CONCURRENCY, DEFAULT_RATE, RetryReport
from waadmin.engine.worker import RetryWorker, WorkerConfig, WorkerState, WorkerStatus
from waadmin.providers.circuit import endpoints_of


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser(
        "worker",
        help=_("keep sending due retries on a schedule until stopped (a headless background worker)"),
        description=_(
            "Run the retry processing every --interval seconds until SIGINT/SIGTERM. "
            "Safe beside other workers, cron jobs and the Django app: an attempt is sent only by whoever claimed it."
        ),
    )
    common.add_database_options(parser)
    parser.add_argument("--interval", type=common.positive_int, default=60, help=_("seconds between runs (default 60)"))
    parser.add_argument("--batch", type=common.positive_int, default=100, help=_("attempts per run (default 100)"))
    parser.add_argument("--rate", type=common.non_negative_float, default=DEFAULT_RATE, help=_("messages per second, 0 = unlimited (default 80)"))
    parser.add_argument("--concurrency", type=common.bounded_int(1, 256), default=DEFAULT_CONCURRENCY, help=_("sends in flight at once (default {n})").format(n=DEFAULT_CONCURRENCY))
    parser.add_argument("--lease-minutes", type=common.minutes, default=10, help=_("a send older than this is stuck (default 10)"))
    parser.add_argument(
        "--redact-after", metavar="AGE", type=_age,
        help=_("also mask the passwords, codes and reset tokens of sensitive messages finished longer ago than this (24h, 7d…); off by default"),
    )
    parser.add_argument("--runs", type=common.positive_int, help=_("stop after this many runs (default: run until stopped)"))
    common.add_outage_options(parser, probes=True)
    worker_ops.add_options(parser)
    parser.set_defaults(handler=run)


def _age(text: str) -> timedelta:
    try:
        return common.parse_age(text, "--redact-after")
    except common.UsageError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _stamp() -> str:
    return times.local_now()


def _say(text: str) -> None:
    """A line for whoever watches (systemd's journal reads stdout) and for the log file."""
    print(f"[{_stamp()}] {text}", flush=True)
    log.info("%s", text)


def run(args: argparse.Namespace) -> int:
    policy = common.health_policy_from_args(args)
    database = common.open_from_args(args)
    if database.read_only:
        raise common.UsageError(_("the worker changes data: read-only connection"))
    provider = provider_from_env(getattr(args, "profile", None))
    ops = worker_ops.WorkerOps(args, database, _say)
    config = WorkerConfig(
        interval_seconds=args.interval,
        batch_size=args.batch,
        rate_per_second=args.rate,
        concurrency=args.concurrency,
        lease=timedelta(minutes=args.lease_minutes),
        # The alerts cost a few reads per run: evaluated when something outside reads them.
        check_alerts=ops.wants_alerts,
        thresholds=ops.thresholds,
        failure_threshold=policy.threshold,
        probe_first_seconds=policy.first_backoff,
        probe_max_seconds=policy.max_backoff,
        redact_after=args.redact_after,
    )
    finished = threading.Event()
    runs = [0]
    last_state: list[Any] = [None]

    provider_down = [False]
    redacted = [0]

    def on_status(status: WorkerStatus) -> None:
        # One line when the provider goes down and one when it is back, not one per probe.
        if status.provider_down != provider_down[0]:
            provider_down[0] = status.provider_down
            if status.provider_down:
                _say(_("provider down: {reason} — probed, resumes by itself").format(reason=engine_text(status.provider_reason or "")))
            else:
                _say(_("provider back: sending resumes"))
        if status.redacted != redacted[0]:
            _say(_("sensitive messages redacted: {count} (total {total})").format(count=status.redacted - redacted[0], total=status.redacted))
            redacted[0] = status.redacted
        state = (status.state, status.database_down)
        if state == last_state[0]:
            return
        last_state[0] = state
        if status.state == WorkerState.DATABASE_DOWN:
            _say(_("database unreachable: {reason} — retrying by itself").format(reason=engine_text(status.reason or "")))
        elif status.state == WorkerState.ERROR:
            _say(_("error: {reason}").format(reason=engine_text(status.reason or "")))
        elif status.state == WorkerState.STOPPED:
            finished.set()

    def on_report(report: RetryReport) -> None:
        runs[0] += 1
        if report.processed or report.recovered or report.rate_limited or report.aborted or report.not_sent:
            line = _("sent {sent} · failed {failed} (final {final}) · skipped {skipped}").format(
                sent=report.success, failed=report.failed, final=report.final_failures, skipped=report.skipped,
            )
            if report.rate_limited:
                line += " · " + _("rate-limited {count}").format(count=report.rate_limited)
            if report.recovered:
                line += " · " + _("stuck recovered {count}").format(count=len(report.recovered))
            if report.not_sent or report.provider_down:
                line += " · " + _("left as they were {count}").format(count=report.left_untouched)
            if report.aborted:
                line += " · " + _("interrupted: {error}").format(error=engine_text(report.aborted))
            _say(line)
        ops.after_run(report)
        if args.runs is not None and runs[0] >= args.runs:
            worker.request_stop()

    worker = RetryWorker(database, lambda: provider, config, audit=common.audit_for(database), on_status=on_status, on_report=on_report)

    def stop(signum: int, _frame: Any) -> None:
        _say(_("stopping: sends under way finish"))
        worker.request_stop()

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    redacting = _(", redacting secrets after {age}").format(age=engine_text(age_words(args.redact_after))) if args.redact_after else ""
    _say(_("worker started on {database}: every {seconds} s, {batch} per run{redacting}").format(
        database=database.display_name, seconds=args.interval, batch=args.batch, redacting=redacting,
    ))
    try:
        ops.start(worker, str(getattr(provider, "name", "provider")), lambda: endpoints_of(provider))
        worker.start()
        ops.serve()
        while not finished.wait(0.5):
            pass
        worker.stop()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        ops.stop()
        provider.close()
        database.dispose()
    status = worker.status
    _say(_("stopped: {runs} runs, sent {sent}, failed {failed}").format(runs=status.runs, sent=status.sent, failed=status.failed))
    sys.stdout.flush()
    if status.fatal:
        # Not an outage to wait out: a role without the right to write, a read-only file.
        print("waadmin: " + _("the worker stopped: {reason}").format(reason=engine_text(status.reason or "")), file=sys.stderr)
        return 3
    return 0
