"""The Dashboard tab on seeded databases: figures against values worked out by hand, empty and
failures-only windows, bars that open the filtered list, hover values, PNG export, and the alert
panel switching at its thresholds."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt

from tests.support import factories
from waadmin.db.database import open_database
from waadmin.domain.clock import utcnow


@pytest.fixture
def seeded(tmp_path):
    """10 attempts from the last half hour: 6 delivered and 2 read (sent 60 s and 120 s after
    creation), 1 failed for good, 1 waiting for a retry."""
    url = f"sqlite:///{tmp_path / 'dash.sqlite3'}"
    database = open_database(url, create=True)
    now = utcnow()
    created = now - timedelta(minutes=30)
    for n in range(8):
        status = "delivered" if n < 6 else "read"
        factories.attempt(database, status=status, message_type="colis_status" if n < 5 else "otp", source_app="agent_mali",
                          created_at=created, sent_at=created + timedelta(seconds=60 if n < 4 else 120), attempt_count=1)
    factories.attempt(database, status="failed_final", message_type="otp", source_app="agent_chine", created_at=created, error_code="invalid_number", attempt_count=3)
    factories.attempt(database, status="failed_retry", message_type="otp", source_app="agent_chine", created_at=created, error_code="timeout",
                      attempt_count=1, next_retry_at=now + timedelta(hours=1))
    database.dispose()
    return url


@pytest.fixture
def dashboard(qtbot, seeded, answers):
    from waadmin.ui.app import start

    context = start(seeded)
    qtbot.addWidget(context.window)
    qtbot.waitUntil(lambda: context.window.attempts.model.rowCount() > 0, timeout=10_000)
    view = context.window.dashboard
    context.window.tabs.setCurrentWidget(view)
    view.set_window("24h")
    qtbot.waitUntil(lambda: view.settled and view.stats.total == 10 and not context.tracker.busy, timeout=10_000)
    yield context
    context.window.close()
    context.tracker.wait_idle(20_000)
    context.session.close()


def _hover(widget, point) -> None:
    """A mouse move as the window system delivers it (QTest's moves the cursor, which the
    offscreen platform ignores)."""
    from PySide6.QtCore import QEvent, QPointF
    from PySide6.QtGui import QMouseEvent
    from PySide6.QtWidgets import QApplication

    local = QPointF(point)
    event = QMouseEvent(QEvent.Type.MouseMove, local, QPointF(widget.mapToGlobal(point)), Qt.MouseButton.NoButton, Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, event)


def _figures(view) -> dict[str, str]:
    return {key: label.text() for key, label in view.figures.labels.items()}


def test_figures_match_the_hand_computed_values(dashboard) -> None:
    view = dashboard.window.dashboard
    figures = _figures(view)
    assert figures["total"] == "10"
    assert figures["success_rate"] == "80.0 %"  # 8 of 10 delivered or read
    assert figures["failure_rate"] == "10.0 %"
    assert figures["waiting"] == "1"
    assert figures["due_now"] == "0" and figures["stuck"] == "0"
    assert figures["mean_delay"] == "1.5 min"  # (4 × 60 s + 4 × 120 s) / 8
    assert figures["p95_delay"] == "2.0 min"
    series = view.stats.series
    assert sum(p.total for p in series) == 10
    assert [item[:3] for item in view.by_type.items] == [("colis_status", "Parcel status", 5), ("otp", "OTP code", 5)] or \
        sorted(item[2] for item in view.by_type.items) == [5, 5]
    assert [(code, n) for code, _label, n, _d in view.errors.items] == [("invalid_number", 1), ("timeout", 1)]


def test_an_empty_window_shows_dashes_not_zeros(dashboard, qtbot) -> None:
    view = dashboard.window.dashboard
    database = dashboard.session.database
    a = database.layout.attempt
    from sqlalchemy import update

    with database.write() as conn:
        conn.execute(update(a).values(created_at=utcnow() - timedelta(hours=5)))
    view.set_window("1h")
    qtbot.waitUntil(lambda: view.settled and view.stats.total == 0 and not dashboard.tracker.busy, timeout=10_000)
    figures = _figures(view)
    assert (figures["total"], figures["success_rate"], figures["failure_rate"], figures["mean_delay"]) == ("0", "—", "—", "—")
    assert view.by_type.items == [] and view.errors.items == []


def test_a_window_with_only_failures_raises_the_success_alert(dashboard, qtbot) -> None:
    view = dashboard.window.dashboard
    database = dashboard.session.database
    a = database.layout.attempt
    from sqlalchemy import update

    with database.write() as conn:
        conn.execute(update(a).values(status="failed_final", sent_at=None, error_code="http_5xx"))
    view.reload()
    qtbot.waitUntil(lambda: view.stats is not None and view.stats.counts.get("failed_final") == 10 and not dashboard.tracker.busy, timeout=10_000)
    figures = _figures(view)
    assert (figures["success_rate"], figures["failure_rate"], figures["mean_delay"]) == ("0.0 %", "100.0 %", "—")
    assert view.alerts.active["success_rate"] and view.alerts.active["final_failures"]
    assert "🚨" in view.alerts.labels["success_rate"].text()


def test_the_alert_panel_switches_at_its_threshold(dashboard, qtbot) -> None:
    view = dashboard.window.dashboard
    assert view.alerts.active == {"success_rate": True, "waiting_retries": False, "final_failures": True, "mean_delay": False}
    view.prefs.alert_max_waiting_retries = 0  # 1 waiting > 0
    view.prefs.alert_min_success_rate = 75.0  # 80 % is not below
    view.prefs.alert_max_final_failure_rate = 10.0  # 10 % is not above
    view.reload()
    qtbot.waitUntil(lambda: view.alerts.active["waiting_retries"] and not dashboard.tracker.busy, timeout=10_000)
    assert not view.alerts.active["success_rate"] and not view.alerts.active["final_failures"]
    view.prefs.alert_max_waiting_retries = 1  # 1 is not above 1
    view.reload()
    qtbot.waitUntil(lambda: not view.alerts.active["waiting_retries"] and not dashboard.tracker.busy, timeout=10_000)


def test_clicking_a_type_bar_opens_the_list_filtered_to_it(dashboard, qtbot) -> None:
    window = dashboard.window
    view = window.dashboard
    chart = view.by_type
    index = next(i for i, item in enumerate(chart.items) if item[0] == "otp")
    qtbot.mouseClick(chart.plot.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, chart.bar_point(index))
    assert window.tabs.currentWidget() is window.attempts
    model = window.attempts.model
    qtbot.waitUntil(lambda: model.filter.message_types == frozenset({"otp"}) and model.rowCount() == 5, timeout=5000)
    assert model.filter.created_from == view.stats.start


def test_clicking_an_error_code_lists_those_failures(dashboard, qtbot) -> None:
    window = dashboard.window
    chart = window.dashboard.errors
    index = next(i for i, item in enumerate(chart.items) if item[0] == "timeout")
    qtbot.mouseClick(chart.plot.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, chart.bar_point(index))
    model = window.attempts.model
    qtbot.waitUntil(lambda: model.filter.error_codes == frozenset({"timeout"}) and model.rowCount() == 1, timeout=5000)
    assert model.row_at(0).status == "failed_retry"


def test_hover_shows_exact_values_and_the_buckets_time_range(dashboard, qtbot) -> None:
    view = dashboard.window.dashboard
    chart = view.by_type
    _hover(chart.plot.viewport(), chart.bar_point(0))
    qtbot.waitUntil(lambda: ": 5" in chart.hover_text, timeout=3000)
    volume = view.volume
    bucket = next(i for i, n in enumerate(volume.series.totals) if n)
    _hover(volume.plot.viewport(), volume.scene_point(volume.center(bucket), 1))
    qtbot.waitUntil(lambda: "Attempts: 10" in volume.hover_text, timeout=3000)
    assert "Succeeded: 8" in volume.hover_text and "Failed for good: 1" in volume.hover_text
    assert " – " in volume.hover_text.splitlines()[0]  # "Tue 01 Dec, 14:00 – 15:00"
    delay = view.delay
    _hover(delay.plot.viewport(), delay.scene_point(delay.center(bucket), 2))
    qtbot.waitUntil(lambda: "Median 1.5 min" in delay.hover_text or "Median 2.0 min" in delay.hover_text or "Median 1.0 min" in delay.hover_text, timeout=3000)
