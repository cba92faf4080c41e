"""Stats figures against values computed by hand on a small seeded database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.support import factories
from waadmin.domain.alerts import AlertThresholds
from waadmin.engine.stats import compute_stats

END = datetime(2025, 10, 10, 12, 0, tzinfo=UTC)


def at(hours_before_end: float) -> datetime:
    return END - timedelta(hours=hours_before_end)


@pytest.fixture
def seeded(database):
    # Ten attempts in the last 24 h, created on whole hours; delays 10 s .. 90 s for sent ones.
    plan = [
        # (hours before END, status, attempt_count, delay s, type, source, error)
        (1.5, "sent", 1, 10, "otp", "agent_chine", ""),
        (2.5, "delivered", 1, 20, "otp", "agent_chine", ""),
        (3.5, "read", 2, 30, "colis_status", "agent_mali", ""),
        (4.5, "read", 1, 40, "colis_status", "agent_mali", ""),
        (5.5, "sent", 1, 90, "colis_status", "agent_mali", ""),
        (6.5, "failed_final", 3, None, "colis_status", "agent_mali", "invalid_number"),
        (7.5, "failed_retry", 1, None, "account", "admin_mali", "timeout"),
        (8.5, "failed_retry", 2, None, "account", "admin_mali", "timeout"),
        (9.5, "pending", 0, None, "account", "client_app", ""),
        (10.5, "cancelled", 0, None, "otp", "client_app", ""),
    ]
    for hours, status, count, delay, kind, app, error in plan:
        created = at(hours)
        factories.attempt(
            database,
            created_at=created,
            status=status,
            attempt_count=count,
            sent_at=created + timedelta(seconds=delay) if delay is not None else None,
            message_type=kind,
            source_app=app,
            error_code=error,
            error_message=error and f"{error} happened",
            next_retry_at=END + timedelta(hours=1) if status == "failed_retry" else None,
            region_override="mali" if app != "agent_chine" else "chine",
            category="cat_" + kind,
        )
    # Outside the window: must not count.
    factories.attempt(database, created_at=at(30), status="failed_final")
    return database


def test_counts_rates_and_averages(seeded) -> None:
    stats = compute_stats(seeded, window=timedelta(hours=24), end=END)
    assert stats.total == 10
    assert {k: stats.counts[k] for k in ("sent", "delivered", "read", "failed_final", "failed_retry", "pending", "cancelled")} == {
        "sent": 2, "delivered": 1, "read": 2, "failed_final": 1, "failed_retry": 2, "pending": 1, "cancelled": 1,
    }
    assert stats.success_rate == pytest.approx(50.0)  # 5 of 10, read included
    assert stats.failure_rate == pytest.approx(10.0)
    assert stats.pending_rate == pytest.approx(30.0)
    assert stats.avg_attempts == pytest.approx(12 / 10)
    ref = stats.reference_dict()
    assert ref["total"] == 10 and ref["read"] == 2
    otp = next(b for b in ref["by_type"] if b["message_type"] == "otp")
    assert (otp["count"], otp["sent_count"], otp["failed_count"]) == (3, 2, 0)


def test_delay_mean_and_nearest_rank_percentiles(seeded) -> None:
    stats = compute_stats(seeded, window=timedelta(hours=24), end=END)
    assert stats.delay.count == 5
    assert stats.delay.mean == pytest.approx((10 + 20 + 30 + 40 + 90) / 5)
    assert stats.delay.p50 == pytest.approx(30)  # rank ceil(0.5*5) = 3
    assert stats.delay.p95 == pytest.approx(90)  # rank ceil(0.95*5) = 5


def test_hourly_series_and_breakdowns(seeded) -> None:
    stats = compute_stats(seeded, window=timedelta(hours=24), end=END)
    assert stats.bucket == "hour" and len(stats.series) == 24
    nonempty = {p.start: p for p in stats.series if p.total}
    assert len(nonempty) == 10
    bucket = nonempty[datetime(2025, 10, 10, 10, 0, tzinfo=UTC)]  # created 10:30
    assert bucket.counts == {"sent": 1} and bucket.success_rate == 100.0
    assert bucket.delay is not None and bucket.delay.p50 == pytest.approx(10)
    by_app = {b.key: (b.count, b.success, b.failed_final) for b in stats.by_source_app}
    assert by_app == {"agent_chine": (2, 2, 0), "agent_mali": (4, 3, 1), "admin_mali": (2, 0, 0), "client_app": (2, 0, 0)}
    assert dict(stats.top_errors) == {"timeout": 2, "invalid_number": 1}
    assert {b.key: b.count for b in stats.by_region} == {"chine": 2, "mali": 8}
    assert {b.key: b.count for b in stats.by_category}["cat_account"] == 3


def test_daily_buckets_follow_the_display_zone(seeded) -> None:
    utc = compute_stats(seeded, window=timedelta(days=3), end=END, bucket="day")
    assert {p.start: p.total for p in utc.series if p.total} == {datetime(2025, 10, 9, tzinfo=UTC): 1, datetime(2025, 10, 10, tzinfo=UTC): 10}
    shanghai = compute_stats(seeded, window=timedelta(days=3), end=END, bucket="day", tz=ZoneInfo("Asia/Shanghai"))
    days = {p.start.astimezone(ZoneInfo("Asia/Shanghai")).date(): p.total for p in shanghai.series if p.total}
    # 01:30 .. 10:30 UTC is 09:30 .. 18:30 in Shanghai; the row of 9 Oct 06:00 UTC is 14:00 there.
    assert days == {datetime(2025, 10, 9).date(): 1, datetime(2025, 10, 10).date(): 10}
    new_york = compute_stats(seeded, window=timedelta(days=3), end=END, bucket="day", tz=ZoneInfo("America/New_York"))
    # In New York (UTC-4) the rows created 01:30 .. 03:30 UTC fall on 9 October.
    ny = {p.start.astimezone(ZoneInfo("America/New_York")).date(): p.total for p in new_york.series if p.total}
    assert ny == {datetime(2025, 10, 9).date(): 4, datetime(2025, 10, 10).date(): 7}


def test_an_empty_window(seeded) -> None:
    stats = compute_stats(seeded, window=timedelta(hours=24), end=END - timedelta(days=10))
    assert stats.total == 0 and stats.success_rate == 0.0 and stats.avg_attempts is None
    assert stats.delay.count == 0 and stats.delay.mean is None
    assert not any(a.active for a in stats.alerts)


def test_a_window_with_only_failures(database) -> None:
    for n in range(4):
        factories.attempt(database, created_at=at(0.2 + n * 0.1), status="failed_final", attempt_count=3, error_code="config_error")
    stats = compute_stats(database, window=timedelta(hours=1), end=END)
    assert (stats.total, stats.success_rate, stats.failure_rate) == (4, 0.0, 100.0)
    active = {a.key for a in stats.alerts if a.active}
    assert active == {"success_rate", "final_failures"}


def test_alerts_turn_on_and_off_at_their_thresholds(database) -> None:
    # 9 successes and 1 failure in the last hour: exactly 90% is not an alert, below is.
    for _n in range(9):
        factories.attempt(database, created_at=at(0.5), status="sent", sent_at=at(0.5) + timedelta(minutes=1))
    factories.attempt(database, created_at=at(0.5), status="failed_retry", next_retry_at=END + timedelta(hours=1))
    stats = compute_stats(database, window=timedelta(hours=1), end=END)
    assert not next(a for a in stats.alerts if a.key == "success_rate").active
    stricter = compute_stats(database, window=timedelta(hours=1), end=END, thresholds=AlertThresholds(min_success_rate=95))
    assert next(a for a in stricter.alerts if a.key == "success_rate").active
    waiting = compute_stats(database, window=timedelta(hours=1), end=END, thresholds=AlertThresholds(max_waiting_retries=0))
    assert next(a for a in waiting.alerts if a.key == "waiting_retries").active
    slow = compute_stats(database, window=timedelta(hours=1), end=END, thresholds=AlertThresholds(max_mean_delay_minutes=0.5))
    assert next(a for a in slow.alerts if a.key == "mean_delay").active
