"""What ``waadmin worker`` adds for operations: the ``--metrics`` server (Prometheus and the
read-only JSON API, engine/ops_server.py) and the alerts delivered to Slack, e-mail and a
webhook (engine/alert_delivery.py, channels from the environment or the desktop's settings)."""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from waadmin.cli import common
from waadmin.cli.i18n import _
from waadmin.config import alert_channels
from waadmin.config.secrets import SecretStore
from waadmin.config.service import secret_name
from waadmin.db.database import Database
from waadmin.domain import alerts
from waadmin.domain.filters import AttemptFilter
from waadmin.engine.alert_delivery import AlertDispatcher, AlertEvent, AlertNotifier, channels_for
from waadmin.engine.worker import RetryWorker

if TYPE_CHECKING:
    from waadmin.engine.metrics import WorkerMetrics
    from waadmin.engine.ops_server import OpsServer

ENV_METRICS_TOKEN = "WAADMIN_METRICS_TOKEN"
# `keyring set waadmin.settings worker/metrics_token` stores it where the worker finds it (the
# settings service's naming scheme: the worker section's secret).
TOKEN_PROFILE, TOKEN_KEY = "worker", "metrics_token"
THRESHOLD_NAMES = {
    "min_success_rate": float,
    "max_waiting_retries": int,
    "max_final_failure_rate": float,
    "max_mean_delay_minutes": float,
}
# Query parameters of /api/attempts → the `waadmin list` options they stand for.
LIST_PARAMETERS = {
    "status": "status", "type": "message_type", "source_app": "source_app", "priority": "priority", "region": "region",
    "category": "category", "error_code": "error_code", "id": "ids",
}


def add_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group(_("monitoring and alerts"))
    group.add_argument(
        "--metrics", metavar="HOST:PORT", type=_listen,
        help=_("serve /metrics (Prometheus), /api/… (read-only JSON) and /healthz on this address; "
               "a bare port listens on 127.0.0.1 (off by default)"),
    )
    group.add_argument(
        "--metrics-token", metavar="TOKEN",
        help=_("bearer token required on /api (default: $WAADMIN_METRICS_TOKEN, else the keyring's worker/metrics_token)"),
    )
    group.add_argument(
        "--alert", dest="alert_thresholds", metavar="NAME=VALUE", action="append", default=[], type=_threshold,
        help=_("an alert threshold: min_success_rate, max_waiting_retries, max_final_failure_rate, max_mean_delay_minutes (repeatable)"),
    )


# The metrics server and prometheus_client are imported when --metrics asks for them: every
# other command (and a worker without --metrics) starts without them.
def _listen(text: str) -> tuple[str, int]:
    from waadmin.engine.ops_server import parse_listen

    try:
        return parse_listen(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _threshold(text: str) -> tuple[str, float]:
    name, _sep, value = text.partition("=")
    kind = THRESHOLD_NAMES.get(name.strip())
    if kind is None:
        raise argparse.ArgumentTypeError(_("unknown alert threshold {name!r} (one of {names})").format(name=name, names=", ".join(THRESHOLD_NAMES)))
    try:
        number = kind(value.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(_("{name}: {value!r} is not a number").format(name=name, value=value)) from None
    if number < 0:
        raise argparse.ArgumentTypeError(_("{name}: must not be negative").format(name=name))
    return name.strip(), number


def thresholds_from_args(args: argparse.Namespace) -> alerts.AlertThresholds:
    return replace(alerts.AlertThresholds(), **dict(args.alert_thresholds))


def metrics_token(args: argparse.Namespace) -> str:
    if args.metrics_token:
        return args.metrics_token.strip()
    if os.environ.get(ENV_METRICS_TOKEN, "").strip():
        return os.environ[ENV_METRICS_TOKEN].strip()
    if args.metrics is None:
        return ""
    return SecretStore().get(secret_name(TOKEN_PROFILE, TOKEN_KEY))


def filter_from_query(query: dict[str, list[str]]) -> AttemptFilter:
    """/api/attempts' parameters read exactly as `waadmin list` reads its options."""
    from waadmin.engine.ops_server import BadQuery

    values: dict[str, Any] = {dest: list(query.get(name, [])) for name, dest in LIST_PARAMETERS.items()}
    for name in ("since", "until"):
        values[name] = (query.get(name) or [None])[-1]
    values["search"] = (query.get("search") or [""])[-1]
    values["error_like"] = (query.get("error_like") or [""])[-1]
    try:
        return common.filter_from_args(argparse.Namespace(**values))
    except common.UsageError as error:
        raise BadQuery(str(error)) from None


class WorkerOps:
    """The metrics server and the alert channels of one worker process."""

    def __init__(self, args: argparse.Namespace, database: Database, say: Callable[[str], None]) -> None:
        self.database = database
        self.thresholds = thresholds_from_args(args)
        self._say = say
        self.metrics: WorkerMetrics | None = None
        self.server: OpsServer | None = None
        self.listen: tuple[str, int] | None = args.metrics
        self.token = metrics_token(args) if args.metrics else ""
        if self.listen is not None:
            from waadmin.engine.ops_server import UnsafeBind, check_bind

            try:
                # Refused before anything starts: one line, exit 2 (never a half-started worker).
                check_bind(self.listen[0], self.token)
            except UnsafeBind as error:
                raise common.UsageError(str(error)) from None
        settings = alert_channels.configured()
        problems = settings.problems()
        if problems:
            raise common.UsageError(_("alert channels: {problem}").format(problem=problems[0]))
        self.dispatcher = AlertDispatcher(channels_for(settings), on_delivery=self._delivered)
        self.notifier = AlertNotifier(self.dispatcher, self.thresholds, database.display_name)

    @property
    def wants_alerts(self) -> bool:
        return bool(self.dispatcher.channel_names) or self.listen is not None

    def start(self, worker: RetryWorker, provider_name: str, endpoints: Callable[[], Any]) -> None:
        self._worker = worker
        self._provider_name = provider_name
        self.dispatcher.start()
        if self.dispatcher.channel_names:
            self._say(_("alerts delivered to: {channels}").format(channels=", ".join(self.dispatcher.channel_names)))
        if self.listen is None:
            return
        from waadmin.engine.metrics import WorkerMetrics
        from waadmin.engine.ops_server import OpsServer, OpsSources

        self.metrics = WorkerMetrics(self.database, endpoints=endpoints, health=worker.health.snapshot)
        sources = OpsSources(
            database=self.database, metrics=self.metrics, status=self._status, thresholds=lambda: self.thresholds,
            attempt_filter=filter_from_query,
        )
        try:
            # Bound now, so a port in use stops the command before the first send; served once
            # the worker runs, so /healthz never answers for a worker not yet started.
            self.server = OpsServer(sources, *self.listen, token=self.token)
        except OSError as error:
            raise common.UsageError(_("cannot listen on {host}:{port}: {error}").format(host=self.listen[0], port=self.listen[1], error=error.strerror or error)) from None

    def serve(self) -> None:
        if self.server is None:
            return
        self.server.start()
        guarded = _(", /api needs the bearer token") if self.token else ""
        self._say(_("metrics on {url}/metrics, JSON API on {url}/api{guarded}").format(url=self.server.url, guarded=guarded))

    def after_run(self, report: Any) -> None:
        status = self._worker.status
        if self.metrics is not None:
            self.metrics.record_report(report, self._provider_name)
            self.metrics.record_alerts(status.alerts)
        self.notifier.observe(status.alerts)

    def stop(self) -> None:
        if self.server is not None:
            self.server.stop()
        self.dispatcher.close()

    def _status(self) -> dict[str, Any]:
        status = self._worker.status
        return {
            "state": str(status.state), "reason": status.reason or None, "runs": status.runs, "sent": status.sent, "failed": status.failed,
            "database_down": status.database_down, "provider_down": status.provider_down, "fatal": status.fatal,
            "active_alerts": list(status.active_alerts),
            "endpoints": [e.to_json(self._worker.health.now()) for e in status.endpoints],
        }

    def _delivered(self, channel: str, event: AlertEvent, error: str) -> None:
        what = event.subject
        if error:
            self._say(_("alert to {channel} not delivered ({error}); trying again later: {what}").format(channel=channel, error=error, what=what))
        else:
            self._say(_("alert sent to {channel}: {what}").format(channel=channel, what=what))
