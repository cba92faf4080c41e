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

log = logging.getLogger("waadmin.worker")
from waadmin.cli.provider import provider_from_env
from waadmin.engine.redact import age_words
from waadmin.engine.retry import DEFAULT_CONCURRENCY, DEFAULT_RATE, RetryReport
from waadmin.engine.worker import RetryWorker, WorkerConfig, WorkerState, WorkerStatus
from waadmin.providers.circuit import endpoints_of


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser(
        "worker",
        help="keep sending due retries on a schedule until stopped (a headless background worker)",
        description="Run the retry processing every --interval seconds until SIGINT/SIGTERM. "
        "Safe beside other workers, cron jobs and the Django app: an attempt is sent only by whoever claimed it.",
    )
    common.add_database_options(parser)
    parser.add_argument("--interval", type=common.positive_int, default=60, help="seconds between runs (default 60)")
    parser.add_argument("--batch", type=common.positive_int, default=100, help="attempts per run (default 100)")
    parser.add_argument("--rate", type=common.non_negative_float, default=DEFAULT_RATE, help="messages per second, 0 = unlimited (default 80)")
    parser.add_argument("--concurrency", type=common.bounded_int(1, 256), default=DEFAULT_CONCURRENCY, help=f"sends in flight at once (default {DEFAULT_CONCURRENCY})")
    parser.add_argument("--lease-minutes", type=common.minutes, default=10, help="a send older than this is stuck (default 10)")
    parser.add_argument(
        "--redact-after", metavar="AGE", type=_age,
        help="also mask the passwords, codes and reset tokens of sensitive messages finished longer ago than this (24h, 7d…); off by default",
    )
    parser.add_argument("--runs", type=common.positive_int, help="stop after this many runs (default: run until stopped)")
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
        raise common.UsageError("le worker modifie des données : connexion en lecture seule / the worker changes data: read-only connection")
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
                _say(f"fournisseur injoignable / provider down: {status.provider_reason} — sondé et repris automatiquement / probed, resumes by itself")
            else:
                _say("fournisseur de retour / provider back: les envois reprennent / sending resumes")
        if status.redacted != redacted[0]:
            _say(f"messages sensibles masqués / sensitive messages redacted: {status.redacted - redacted[0]} (total {status.redacted})")
            redacted[0] = status.redacted
        state = (status.state, status.database_down)
        if state == last_state[0]:
            return
        last_state[0] = state
        if status.state == WorkerState.DATABASE_DOWN:
            _say(f"base injoignable / database unreachable: {status.reason} — nouvel essai automatique / retrying")
        elif status.state == WorkerState.ERROR:
            _say(f"erreur / error: {status.reason}")
        elif status.state == WorkerState.STOPPED:
            finished.set()

    def on_report(report: RetryReport) -> None:
        runs[0] += 1
        if report.processed or report.recovered or report.rate_limited or report.aborted or report.not_sent:
            line = f"envoyés/sent {report.success} · échecs/failed {report.failed} (définitifs/final {report.final_failures}) · ignorés/skipped {report.skipped}"
            if report.rate_limited:
                line += f" · limités/rate-limited {report.rate_limited}"
            if report.recovered:
                line += f" · bloqués récupérés/stuck recovered {len(report.recovered)}"
            if report.not_sent or report.provider_down:
                line += f" · laissées telles quelles/left as they were {report.left_untouched}"
            if report.aborted:
                line += f" · interrompu/interrupted: {report.aborted}"
            _say(line)
        ops.after_run(report)
        if args.runs is not None and runs[0] >= args.runs:
            worker.request_stop()

    worker = RetryWorker(database, lambda: provider, config, audit=common.audit_for(database), on_status=on_status, on_report=on_report)

    def stop(signum: int, _frame: Any) -> None:
        _say("arrêt demandé / stopping: les envois en cours se terminent / sends under way finish")
        worker.request_stop()

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    redacting = f", masquage des secrets après / redacting secrets after {age_words(args.redact_after)}" if args.redact_after else ""
    _say(f"worker démarré / started on {database.display_name}: toutes les {args.interval} s, {args.batch} par passage / per run{redacting}")
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
    _say(f"arrêté / stopped: {status.runs} passages/runs, envoyés/sent {status.sent}, échecs/failed {status.failed}")
    sys.stdout.flush()
    if status.fatal:
        # Not an outage to wait out: a role without the right to write, a read-only file.
        print(f"waadmin: le worker s'est arrêté / the worker stopped: {status.reason}", file=sys.stderr)
        return 3
    return 0
