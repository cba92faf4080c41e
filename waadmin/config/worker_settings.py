"""The worker section: the desktop worker's schedule, batch size, rate, concurrency, outage
policy and redaction policy (the headless `waadmin worker` takes its own from its options)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from waadmin.config import qt_ini
from waadmin.config.sections import LegacyStores, SecretLookup, Section, register
from waadmin.providers.circuit import (
    BACKOFF_RANGE,
    DEFAULT_FIRST_BACKOFF,
    DEFAULT_MAX_BACKOFF,
    DEFAULT_THRESHOLD,
    THRESHOLD_RANGE,
    HealthPolicy,
)
from waadmin.providers.ratelimit import DEFAULT_CONCURRENCY, DEFAULT_RATE

INTERVAL_RANGE = (1, 86_400)
BATCH_RANGE = (1, 10_000)
CONCURRENCY_RANGE = (1, 32)
RATE_MAX = 1000.0
PROBE_RANGE = (1, int(BACKOFF_RANGE[1]))  # whole seconds in the dialog
REDACT_HOURS_RANGE = (0, 24 * 365)  # 0: the policy is off


@dataclass
class WorkerSettings:
    interval_seconds: int = 60
    batch_size: int = 100
    rate_per_second: float = DEFAULT_RATE  # 0 = no limit of our own (the provider's 429s still count)
    concurrency: int = DEFAULT_CONCURRENCY
    start_at_launch: bool = False
    outage_threshold: int = DEFAULT_THRESHOLD  # consecutive unreachable or 5xx sends that mark an endpoint down
    probe_first_seconds: int = int(DEFAULT_FIRST_BACKOFF)
    probe_max_seconds: int = int(DEFAULT_MAX_BACKOFF)
    redact_after_hours: int = 0  # mask the secrets of sensitive messages finished this long ago; 0: off

    def policy(self) -> HealthPolicy:
        return HealthPolicy(self.outage_threshold, float(self.probe_first_seconds), float(self.probe_max_seconds))


def _clamp(value: float, low: float, high: float) -> float:
    return max(low, min(value, high))


def worker_settings_from(data: Mapping[str, Any]) -> WorkerSettings:
    """Typed and bounded; a damaged or hand-edited value falls back to its default (text values,
    as the old QSettings file holds them, are understood)."""
    settings = WorkerSettings()
    for key, default in asdict(settings).items():
        raw = data.get(key, default)
        try:
            if isinstance(default, bool):
                value: object = raw if isinstance(raw, bool) else str(raw).lower() in ("true", "1", "yes")
            else:
                value = type(default)(raw)
        except (TypeError, ValueError):
            value = default  # a damaged setting must not stop the app
        setattr(settings, key, value)
    settings.interval_seconds = int(_clamp(settings.interval_seconds, *INTERVAL_RANGE))
    settings.batch_size = int(_clamp(settings.batch_size, *BATCH_RANGE))
    settings.concurrency = int(_clamp(settings.concurrency, *CONCURRENCY_RANGE))
    settings.rate_per_second = float(_clamp(settings.rate_per_second, 0.0, RATE_MAX))
    settings.outage_threshold = int(_clamp(settings.outage_threshold, *THRESHOLD_RANGE))
    settings.probe_first_seconds = int(_clamp(settings.probe_first_seconds, *PROBE_RANGE))
    settings.probe_max_seconds = int(_clamp(settings.probe_max_seconds, settings.probe_first_seconds, PROBE_RANGE[1]))
    settings.redact_after_hours = int(_clamp(settings.redact_after_hours, *REDACT_HOURS_RANGE))
    return settings


def _read(data: Mapping[str, Any], _secret: SecretLookup) -> WorkerSettings:
    return worker_settings_from(data)


def _legacy(stores: LegacyStores) -> dict[str, Any] | None:
    group = qt_ini.read_groups(stores.ini_file).get("worker")
    return {key: value for key, value in group.items() if isinstance(value, str)} if group else None


WORKER: Section[WorkerSettings] = register(Section(
    name="worker",
    version=1,
    default=WorkerSettings,
    read=_read,
    write=lambda settings: (asdict(settings), {}),
    legacy=_legacy,
))
