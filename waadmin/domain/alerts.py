"""The four alerts the reference's README recommends, with editable thresholds."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta


@dataclass(frozen=True)
class AlertThresholds:
    min_success_rate: float = 90.0  # percent, over success_window
    success_window: timedelta = timedelta(hours=1)
    max_waiting_retries: int = 100
    max_final_failure_rate: float = 5.0  # percent, over final_failure_window
    final_failure_window: timedelta = timedelta(hours=24)
    max_mean_delay_minutes: float = 30.0  # creation to send, over delay_window
    delay_window: timedelta = timedelta(hours=24)


@dataclass(frozen=True)
class AlertInputs:
    """Current values; None where the window holds no data (no alert can be raised on nothing)."""

    success_rate: float | None
    waiting_retries: int
    final_failure_rate: float | None
    mean_delay_seconds: float | None


@dataclass(frozen=True)
class Alert:
    key: str
    active: bool
    value: float | None
    threshold: float
    unit: str  # "%", "", "min"


SUCCESS_RATE = "success_rate"
WAITING_RETRIES = "waiting_retries"
FINAL_FAILURES = "final_failures"
MEAN_DELAY = "mean_delay"
KEYS = (SUCCESS_RATE, WAITING_RETRIES, FINAL_FAILURES, MEAN_DELAY)


def evaluate(inputs: AlertInputs, thresholds: AlertThresholds) -> list[Alert]:
    delay_minutes = None if inputs.mean_delay_seconds is None else inputs.mean_delay_seconds / 60
    return [
        Alert(
            SUCCESS_RATE,
            inputs.success_rate is not None and inputs.success_rate < thresholds.min_success_rate,
            inputs.success_rate,
            thresholds.min_success_rate,
            "%",
        ),
        Alert(
            WAITING_RETRIES,
            inputs.waiting_retries > thresholds.max_waiting_retries,
            float(inputs.waiting_retries),
            float(thresholds.max_waiting_retries),
            "",
        ),
        Alert(
            FINAL_FAILURES,
            inputs.final_failure_rate is not None
            and inputs.final_failure_rate > thresholds.max_final_failure_rate,
            inputs.final_failure_rate,
            thresholds.max_final_failure_rate,
            "%",
        ),
        Alert(
            MEAN_DELAY,
            delay_minutes is not None and delay_minutes > thresholds.max_mean_delay_minutes,
            delay_minutes,
            thresholds.max_mean_delay_minutes,
            "min",
        ),
    ]
