"""The Grafana dashboard (packaging/grafana/waadmin.json) reads only what the worker exports:
every metric and label its queries name is in a real /metrics exposition after a real run."""

from __future__ import annotations

import json
import re
from pathlib import Path

from prometheus_client.parser import text_string_to_metric_families

from tests.support import factories
from tests.support.waiting import wait_until
from waadmin.engine.metrics import METRIC_NAMES, WorkerMetrics
from waadmin.engine.worker import RetryWorker, WorkerConfig
from waadmin.providers.circuit import ProviderHealth, endpoints_of
from waadmin.providers.factory import build_provider
from waadmin.providers.sandbox import SandboxServer

DASHBOARD = Path(__file__).resolve().parents[2] / "packaging" / "grafana" / "waadmin.json"
PROMQL_WORDS = {"by", "without", "on", "ignoring", "le"}


def _expressions(node: object) -> list[str]:
    if isinstance(node, dict):
        found = [node["expr"]] if isinstance(node.get("expr"), str) else []
        return found + [e for value in node.values() for e in _expressions(value)]
    if isinstance(node, list):
        return [e for value in node for e in _expressions(value)]
    return []


def _exported(sqlite_url: str) -> dict[str, set[str]]:
    """Sample name → its label names, from the exposition of a worker that ran once."""
    from waadmin.db.database import open_database

    database = open_database(sqlite_url, create=True)
    factories.due_retry(database)
    with SandboxServer() as sandbox:
        provider = build_provider(sandbox.settings("wachap"))
        health = ProviderHealth()
        metrics = WorkerMetrics(database, endpoints=lambda: endpoints_of(provider), health=health.snapshot)
        reports: list[object] = []

        def on_report(report) -> None:
            metrics.record_report(report, provider.name)
            reports.append(report)

        worker = RetryWorker(database, lambda: provider, WorkerConfig(interval_seconds=3600, rate_per_second=0), on_report=on_report, health=health)
        worker.start()
        wait_until(lambda: reports, 30, "the worker's first run")
        worker.stop(10)
        provider.close()
        metrics.record_alerts(worker.status.alerts)
        text = metrics.exposition().decode()
    database.dispose()
    out: dict[str, set[str]] = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            out.setdefault(sample.name, set()).update(sample.labels)
    return out


def test_every_metric_and_label_the_dashboard_queries_is_exported(sqlite_url) -> None:
    dashboard = json.loads(DASHBOARD.read_text(encoding="utf-8"))
    expressions = _expressions(dashboard["panels"])
    assert len(expressions) >= 14
    exported = _exported(sqlite_url)
    queried: set[str] = set()
    for expr in expressions:
        names = set(re.findall(r"\bwaadmin_[a-z_]+\b", expr))
        assert names, expr
        queried |= names
        labels = set(re.findall(r"\b([a-z_]+)\s*(?:=~|!=|!~|=)\s*\"", expr)) - {"instance", "job"}  # Prometheus adds these two
        for group in re.findall(r"\bby \(([^)]*)\)", expr):
            labels |= {g.strip() for g in group.split(",")} - PROMQL_WORDS
        for name in names:
            assert name in exported, f"{name} (in {expr!r}) is not exported"
            assert labels <= exported[name] | {"le"} or any(labels <= exported[n] for n in names), f"{labels} not on {name}"
    # And the dashboard shows every family the worker exports.
    families = {re.sub(r"_(bucket|count|sum)$", "", n) for n in queried}
    assert families == set(METRIC_NAMES), set(METRIC_NAMES) ^ families
