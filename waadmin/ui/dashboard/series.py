"""The dashboard's chart data as numpy arrays, made on a task thread from the engine's Stats.

The GUI thread only hands these arrays to chart items that already exist: the Python loops over
buckets and statuses (up to 90 buckets × 5 outcomes × 3 charts) used to run on it at every
refresh. No Qt here, so it is tested and run anywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import numpy as np

from waadmin.db.database import Database
from waadmin.domain.statuses import Status
from waadmin.engine.stats import Stats, compute_stats

# Outcome groups stacked in the volume chart, bottom to top: key, statuses, the status whose
# colour the group takes.
OUTCOMES: tuple[tuple[str, frozenset[str], str], ...] = (
    ("success", frozenset({Status.SENT, Status.DELIVERED, Status.READ}), Status.DELIVERED),
    ("failed_retry", frozenset({Status.FAILED_RETRY, Status.FAILED}), Status.FAILED_RETRY),
    ("failed_final", frozenset({Status.FAILED_FINAL}), Status.FAILED_FINAL),
    ("cancelled", frozenset({Status.CANCELLED}), Status.CANCELLED),
    ("waiting", frozenset({Status.PENDING, Status.SENDING}), Status.PENDING),
)


@dataclass(frozen=True)
class ChartSeries:
    """One value per bucket of the window; NaN where a bucket has nothing to measure."""

    starts: np.ndarray  # epoch seconds (UTC) of each bucket's start
    step: float  # seconds per bucket
    totals: np.ndarray  # attempts per bucket
    outcomes: np.ndarray  # shape (len(OUTCOMES), buckets): attempts per outcome group
    rate: np.ndarray  # success rate in percent
    p50: np.ndarray  # median delay, seconds
    p95: np.ndarray  # 95th percentile delay, seconds

    @property
    def centers(self) -> np.ndarray:
        return self.starts + self.step / 2

    @property
    def tops(self) -> np.ndarray:
        """Cumulated outcome heights: row i is the top of outcome i's bar."""
        return np.cumsum(self.outcomes, axis=0)

    def __len__(self) -> int:
        return len(self.starts)

    def index_at(self, x: float) -> int | None:
        if not len(self.starts):
            return None
        index = int((x - self.starts[0]) // self.step)
        return index if 0 <= index < len(self.starts) else None


def chart_series(stats: Stats) -> ChartSeries:
    step = (timedelta(hours=1) if stats.bucket == "hour" else timedelta(days=1)).total_seconds()
    n = len(stats.series)
    starts = np.fromiter((p.start.timestamp() for p in stats.series), dtype=np.float64, count=n)
    outcomes = np.zeros((len(OUTCOMES), n), dtype=np.float64)
    group_of = {status: g for g, (_key, statuses, _c) in enumerate(OUTCOMES) for status in statuses}
    success = np.zeros(n, dtype=np.float64)
    totals = np.zeros(n, dtype=np.float64)
    p50 = np.full(n, np.nan)
    p95 = np.full(n, np.nan)
    for i, point in enumerate(stats.series):
        for status, count in point.counts.items():
            totals[i] += count
            group = group_of.get(status)
            if group is not None:
                outcomes[group, i] += count
            if status in (Status.SENT, Status.DELIVERED, Status.READ):
                success[i] += count
        if point.delay is not None:
            if point.delay.p50 is not None:
                p50[i] = point.delay.p50
            if point.delay.p95 is not None:
                p95[i] = point.delay.p95
    with np.errstate(invalid="ignore", divide="ignore"):
        rate = np.where(totals > 0, 100.0 * success / totals, np.nan)
    return ChartSeries(starts, step, totals, outcomes, rate, p50, p95)


# Ticks of the delay chart's log axis: durations people read at a glance.
DELAY_TICKS: tuple[float, ...] = (1, 2, 5, 10, 30, 60, 300, 600, 1800, 3600, 3 * 3600, 6 * 3600, 12 * 3600, 86400, 2 * 86400, 7 * 86400, 30 * 86400)


def delay_ticks(low: float, high: float) -> list[float]:
    """The ticks between ``low`` and ``high`` seconds, at most about eight of them."""
    inside = [t for t in DELAY_TICKS if low <= t <= high] or [DELAY_TICKS[0]]
    while len(inside) > 8:
        inside = inside[::2]
    return inside


@dataclass(frozen=True)
class DashboardData:
    stats: Stats
    series: ChartSeries


def load_dashboard(database: Database, **options: Any) -> DashboardData:
    """The task the dashboard runs: the engine's stats and the charts' arrays, both off the GUI
    thread."""
    stats = compute_stats(database, **options)
    return DashboardData(stats, chart_series(stats))
