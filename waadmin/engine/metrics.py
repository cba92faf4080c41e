"""The worker's figures in Prometheus' terms (prometheus_client), for ``waadmin worker --metrics``.

Two kinds: what the worker did (sends by outcome and provider, their durations, runs, the last
run's time), counted as its reports arrive; and what the table holds (attempts by status, due,
stuck, the alerts, the provider's endpoints), read when Prometheus scrapes. The table's counts
come from the stats summary (window_stats.Reader over every hour), so a scrape at a million rows
reads a few thousand summary rows, not the attempts. A scrape that cannot reach the database
still answers, with ``waadmin_database_up 0`` and the worker's own figures.

Only this module and the HTTP server beside it (engine/ops_server.py) import prometheus_client.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, disable_created_metrics, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from waadmin.db import aggregates
from waadmin.db.database import Database
from waadmin.db.window_stats import Reader
from waadmin.domain import alerts
from waadmin.domain.clock import utcnow
from waadmin.domain.filters import AttemptFilter
from waadmin.domain.statuses import ALL as ALL_STATUSES
from waadmin.engine.retry import RetryReport
from waadmin.providers.base import Endpoint
from waadmin.providers.circuit import EndpointHealth

log = logging.getLogger(__name__)
# The *_created series (when each counter was made) only double what a dashboard reads; the
# process runs no other Prometheus code, so this setting of the library's is ours to make.
disable_created_metrics()

# Every hour the summary can hold: the whole table in one read of the summary's rows.
EVER_FROM = datetime(1970, 1, 1, tzinfo=UTC)
EVER_TO = datetime(2200, 1, 1, tzinfo=UTC)
# Sends take from a few milliseconds (a refusal) to the provider's timeout (30 s by default).
SEND_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)

# The metric names, for the README and the dashboard's test.
METRIC_NAMES = (
    "waadmin_attempts",
    "waadmin_attempts_due",
    "waadmin_attempts_stuck",
    "waadmin_alert_active",
    "waadmin_provider_up",
    "waadmin_database_up",
    "waadmin_sends_total",
    "waadmin_worker_runs_total",
    "waadmin_send_seconds",
    "waadmin_worker_last_run_timestamp_seconds",
)


def table_counts(database: Database) -> dict[str, int]:
    """Attempts per status over the whole table, from the summary where it serves."""
    reader = Reader.open(database, AttemptFilter())
    return reader.counts(EVER_FROM, EVER_TO)


class _TableCollector(Collector):
    def __init__(self, owner: WorkerMetrics) -> None:
        self._owner = owner

    def collect(self) -> Iterator[Metric]:
        owner = self._owner
        up = GaugeMetricFamily("waadmin_database_up", "1 when the last scrape could read the database")
        attempts = GaugeMetricFamily("waadmin_attempts", "Attempts in the table, by status", labels=["status"])
        due = GaugeMetricFamily("waadmin_attempts_due", "Attempts the worker would send now (pending past their grace, retries due)")
        stuck = GaugeMetricFamily("waadmin_attempts_stuck", "Sends under way for longer than the lease")
        try:
            counts = table_counts(owner.database)
            work = aggregates.work_counts(owner.database, AttemptFilter(), utcnow())
        except Exception as error:  # noqa: BLE001 - the scrape answers with what it has
            log.warning("metrics: the database could not be read: %s", error)
            up.add_metric([], 0)
        else:
            up.add_metric([], 1)
            for status in (*ALL_STATUSES, *sorted(set(counts) - set(ALL_STATUSES))):
                attempts.add_metric([status], counts.get(status, 0))
            due.add_metric([], work.ready_now)
            stuck.add_metric([], work.stuck)
            yield attempts
            yield due
            yield stuck
        yield up

        active = GaugeMetricFamily("waadmin_alert_active", "1 while the alert is on (the worker's last evaluation)", labels=["alert"])
        current = {a.key: a.active for a in owner.alerts()}
        for key in alerts.KEYS:
            active.add_metric([key], 1 if current.get(key) else 0)
        yield active

        provider = GaugeMetricFamily("waadmin_provider_up", "0 while the endpoint's circuit is open (down or being probed)", labels=["endpoint"])
        for key, is_up in sorted(owner.endpoints_up().items()):
            provider.add_metric([key], 1 if is_up else 0)
        yield provider


class WorkerMetrics:
    """The registry a worker fills; ``exposition()`` is the /metrics body."""

    def __init__(
        self,
        database: Database,
        *,
        endpoints: Callable[[], Iterable[Endpoint]] = lambda: (),
        health: Callable[[], Iterable[EndpointHealth]] = lambda: (),
    ) -> None:
        self.database = database
        self._endpoints = endpoints  # what the provider is configured for: up until proved down
        self._health = health
        self._lock = threading.Lock()
        self._alerts: tuple[alerts.Alert, ...] = ()
        self.registry = CollectorRegistry(auto_describe=True)
        self.sends = Counter(
            "waadmin_sends", "Sends by outcome (sent, failed_retry, failed_final, rate_limited, not_sent…) and provider",
            ["outcome", "provider"], registry=self.registry,
        )
        self.runs = Counter("waadmin_worker_runs", "Runs of the worker", registry=self.registry)
        self.send_seconds = Histogram("waadmin_send_seconds", "Time a send took, request to answer", buckets=SEND_BUCKETS, registry=self.registry)
        self.last_run = Gauge("waadmin_worker_last_run_timestamp_seconds", "When the worker's last run ended (Unix time)", registry=self.registry)
        self.registry.register(_TableCollector(self))

    # -- fed by the worker -----------------------------------------------------------------------
    def record_report(self, report: RetryReport, provider: str) -> None:
        for result in report.results:
            self.sends.labels(outcome=result.outcome, provider=provider).inc()
            if result.elapsed_ms:
                self.send_seconds.observe(result.elapsed_ms / 1000.0)
        self.runs.inc()
        end = report.finished_at or utcnow()
        self.last_run.set(end.timestamp())

    def record_alerts(self, found: Iterable[alerts.Alert]) -> None:
        with self._lock:
            self._alerts = tuple(found)

    # -- read at scrape time -----------------------------------------------------------------------
    def alerts(self) -> tuple[alerts.Alert, ...]:
        with self._lock:
            return self._alerts

    def endpoints_up(self) -> dict[str, bool]:
        found: dict[str, bool] = {}
        try:
            for endpoint in self._endpoints():
                found[endpoint.key] = True
        except Exception:  # noqa: BLE001 - a provider that cannot list its endpoints
            log.debug("metrics: the provider's endpoints could not be listed", exc_info=True)
        for health in self._health():
            found[health.key] = not health.down
        return found

    def exposition(self) -> bytes:
        return generate_latest(self.registry)


__all__ = ["METRIC_NAMES", "WorkerMetrics", "table_counts"]
