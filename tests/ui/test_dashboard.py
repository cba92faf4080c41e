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
    assert "⚠" in view.alerts.labels["success_rate"].text()


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


# -- a monitoring screen on the 1,500-row demo database ------------------------------------------

class Heartbeat:
    """The longest gap between ticks of a 5 ms timer on the GUI thread, beyond its interval:
    how long the window could not answer."""

    INTERVAL_MS = 5

    def __init__(self) -> None:
        import time

        from PySide6.QtCore import QTimer

        self._clock = time.perf_counter
        self.worst_ms = 0.0
        self.ticks = 0  # since the last restart
        self._last = self._clock()
        self.timer = QTimer()
        self.timer.setInterval(self.INTERVAL_MS)
        self.timer.timeout.connect(self._tick)
        self.timer.start()

    def _tick(self) -> None:
        now = self._clock()
        self.worst_ms = max(self.worst_ms, (now - self._last) * 1000 - self.INTERVAL_MS)
        self.ticks += 1
        self._last = now

    def restart(self) -> None:
        self.worst_ms = 0.0
        self.ticks = 0
        self._last = self._clock()

    def wait_ticks(self, qtbot, count: int) -> None:
        """Until the GUI thread has answered ``count`` more ticks (a stall in them is measured)."""
        start = self.ticks
        qtbot.waitUntil(lambda: self.ticks >= start + count, timeout=15_000)


@pytest.fixture
def monitoring(app_context, qtbot):
    """The demo window with the Dashboard tab shown over the last 30 days, every chart drawn."""
    window = app_context.window
    view = window.dashboard
    view.set_window("30d")
    window.tabs.setCurrentWidget(view)
    qtbot.waitUntil(lambda: view.settled and view.stats.end - view.stats.start == timedelta(days=30) and not app_context.tracker.busy, timeout=15_000)
    return app_context


def test_showing_the_dashboard_changing_its_window_and_refreshing_never_freeze_the_window(app_context, qtbot) -> None:
    window = app_context.window
    view = window.dashboard
    beat = Heartbeat()
    # What the machine alone costs, measured over the list's first queries until they are done
    # and for at least 200 ticks (a second on an idle machine).
    beat.wait_ticks(qtbot, 200)
    qtbot.waitUntil(lambda: not app_context.tracker.busy, timeout=15_000)
    idle = beat.worst_ms
    stalls = {}
    beat.restart()
    window.tabs.setCurrentWidget(view)
    qtbot.waitUntil(lambda: view.settled and not app_context.tracker.busy, timeout=15_000)
    beat.wait_ticks(qtbot, 20)  # the last paints are in the measure
    stalls["first show"] = beat.worst_ms
    for key in ("1h", "7d", "30d", "90d", "24h"):
        beat.restart()
        before = view.stats
        view.set_window(key)
        qtbot.waitUntil(lambda before=before: view.stats is not before and view.settled and not app_context.tracker.busy, timeout=15_000)
        beat.wait_ticks(qtbot, 10)
        stalls[key] = beat.worst_ms
    beat.restart()
    before = view.stats
    window.act_refresh.trigger()
    qtbot.waitUntil(lambda: view.stats is not before and view.settled and not app_context.tracker.busy, timeout=15_000)
    beat.wait_ticks(qtbot, 10)
    stalls["refresh"] = beat.worst_ms
    beat.timer.stop()
    print(f"idle {idle:.1f} ms; stalls: " + ", ".join(f"{k} {v:.1f} ms" for k, v in stalls.items()))
    # The target is 50 ms beyond idle (benchmarks/gui.py); tests share a loaded machine.
    assert max(stalls.values()) < idle + 250, stalls


def _db_count(database, *conditions) -> int:
    from sqlalchemy import func, select

    a = database.layout.attempt
    with database.read() as conn:
        return conn.execute(select(func.count()).select_from(a).where(*conditions)).scalar_one()


def _listed_after(qtbot, window, click) -> int:
    """Click, then the number of attempts the list shows once its count is in."""
    model = window.attempts.model
    click()
    qtbot.waitUntil(lambda: window.tabs.currentWidget() is window.attempts and model.count is not None and not window.tracker.busy, timeout=10_000)
    assert model.count.exact
    return model.count.value


def test_clicking_each_key_figure_lists_exactly_the_attempts_it_counts(monitoring, qtbot) -> None:
    window = monitoring.window
    view = window.dashboard
    database = monitoring.session.database
    a = database.layout.attempt
    stats = view.stats
    in_window = (a.created_at >= stats.start, a.created_at < stats.end)
    # Make the queue figures worth clicking: three sends stuck for an hour.
    from sqlalchemy import select, update

    with database.read() as conn:
        stuck_ids = [i for (i,) in conn.execute(select(a.id).where(a.status == "delivered").limit(3))]
    with database.write() as conn:
        conn.execute(update(a).where(a.id.in_(stuck_ids)).values(status="sending", last_attempt_at=utcnow() - timedelta(hours=1)))
    window.tabs.setCurrentWidget(view)
    view.reload()
    qtbot.waitUntil(lambda: view.stats is not stats and view.settled and not monitoring.tracker.busy, timeout=10_000)
    stats = view.stats
    expected = {
        "total": (stats.total, _db_count(database, *in_window)),
        "success_rate": (sum(stats.counts.get(s, 0) for s in ("sent", "delivered", "read")), _db_count(database, *in_window, a.status.in_(["sent", "delivered", "read"]))),
        "failure_rate": (stats.counts["failed_final"], _db_count(database, *in_window, a.status == "failed_final")),
        "waiting": (stats.work.waiting_retries, _db_count(database, a.status == "failed_retry")),
        "due_now": (stats.work.ready_now, None),
        "stuck": (stats.work.stuck, 3),
        "mean_delay": (stats.delay.count, _db_count(database, *in_window, a.sent_at.is_not(None), a.sent_at >= a.created_at)),
        "p95_delay": (stats.delay.count, None),
    }
    assert stats.work.stuck == 3 and stats.work.ready_now > 0
    for key, (figure, counted) in expected.items():
        window.tabs.setCurrentWidget(view)
        tile = view.figures.tiles[key]
        listed = _listed_after(qtbot, window, lambda tile=tile: qtbot.mouseClick(tile, Qt.MouseButton.LeftButton))
        assert listed == figure, key
        if counted is not None:
            assert listed == counted, key
    # The list says which figure it shows (the filter bar has no widget for it).
    assert window.attempts.model.filter.figure == "delayed"
    assert "dashboard figure: sent, with their delay" in window.attempts.filter_bar.extra_description()


def test_clicking_each_alert_lists_the_attempts_it_measured(monitoring, qtbot) -> None:
    window = monitoring.window
    view = window.dashboard
    database = monitoring.session.database
    a = database.layout.attempt
    end = view.stats.end
    expected = {
        "success_rate": _db_count(database, a.created_at >= end - timedelta(hours=1), a.created_at < end),
        "waiting_retries": _db_count(database, a.status == "failed_retry"),
        "final_failures": _db_count(database, a.created_at >= end - timedelta(hours=24), a.created_at < end, a.status == "failed_final"),
        "mean_delay": _db_count(database, a.created_at >= end - timedelta(hours=24), a.created_at < end, a.sent_at.is_not(None), a.sent_at >= a.created_at),
    }
    for key, count in expected.items():
        window.tabs.setCurrentWidget(view)
        label = view.alerts.labels[key]
        assert _listed_after(qtbot, window, lambda label=label: qtbot.mouseClick(label, Qt.MouseButton.LeftButton)) == count, key


def _wheel(widget, point, modifiers=Qt.KeyboardModifier.NoModifier, delta: int = -240) -> None:
    """A wheel turn as the window system delivers it: through the window, so Qt passes it on to
    the parent widgets when the one under the mouse does not take it (a synthesized one stays
    with its receiver)."""
    from PySide6.QtCore import QPoint, QPointF
    from PySide6.QtTest import QTest

    top = widget.window()
    QTest.wheelEvent(top.windowHandle(), QPointF(widget.mapTo(top, point)), QPoint(0, delta), QPoint(0, 0), modifiers)


def test_the_wheel_over_a_chart_scrolls_the_page_and_zooms_only_when_asked(monitoring, qtbot) -> None:
    view = monitoring.window.dashboard
    chart = view.volume
    bar = view.scroll.verticalScrollBar()
    assert bar.maximum() > 0
    bar.setValue(0)
    home = chart.view_box.viewRange()
    middle = chart.plot.viewport().rect().center()
    _wheel(chart.plot.viewport(), middle)
    qtbot.waitUntil(lambda: bar.value() > 0, timeout=3000)
    assert chart.view_box.viewRange() == home and not chart.reset_button.isEnabled()
    # Ctrl + wheel zooms the time axis, Reset view puts it back.
    scrolled = bar.value()
    _wheel(chart.plot.viewport(), middle, Qt.KeyboardModifier.ControlModifier, delta=240)
    qtbot.waitUntil(lambda: chart.view_box.viewRange()[0] != home[0], timeout=3000)
    zoomed = chart.view_box.viewRange()[0]
    assert zoomed[1] - zoomed[0] < home[0][1] - home[0][0] and bar.value() == scrolled
    assert chart.reset_button.isEnabled()
    qtbot.mouseClick(chart.reset_button, Qt.MouseButton.LeftButton)
    assert chart.view_box.viewRange()[0] == home[0] and not chart.reset_button.isEnabled()
    # A click into the chart engages it: the plain wheel zooms until the mouse leaves.
    qtbot.mouseClick(chart.plot.viewport(), Qt.MouseButton.LeftButton, pos=middle)
    assert chart.engaged
    _wheel(chart.plot.viewport(), middle, delta=240)
    qtbot.waitUntil(lambda: chart.view_box.viewRange()[0] != home[0], timeout=3000)
    assert bar.value() == scrolled
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    QApplication.sendEvent(chart.plot.viewport(), QEvent(QEvent.Type.Leave))
    assert not chart.engaged
    # A refresh keeps the user's zoom; a new window shows it whole again.
    kept = chart.view_box.viewRange()[0]
    before = view.stats
    view.reload()
    qtbot.waitUntil(lambda: view.stats is not before and view.settled, timeout=10_000)
    assert chart.view_box.viewRange()[0] == kept


def _differs(image, x: int, y: int, background) -> bool:
    pixel = image.pixelColor(x, y)
    return abs(pixel.lightness() - background.lightness()) > 40


def test_save_png_writes_the_chart_alone_with_its_title_window_and_zone(monitoring, qtbot, tmp_path, monkeypatch) -> None:
    from PySide6.QtGui import QImage
    from PySide6.QtWidgets import QFileDialog

    view = monitoring.window.dashboard
    chart = view.volume
    offered = []

    def ask(parent, title, suggested, filters):  # the person accepts the suggested name, in tmp_path
        offered.append(suggested)
        return str(tmp_path / suggested), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(ask))
    with qtbot.waitSignal(view.saved, timeout=10_000) as written:
        qtbot.mouseClick(chart.save_button, Qt.MouseButton.LeftButton)
    name = offered[0]
    assert name.startswith("attempts-by-outcome-") and name.endswith(".png") and name[-14:-4] == f"{utcnow().astimezone():%Y-%m-%d}"
    target = tmp_path / name
    assert written.args == [str(target), True]
    image = QImage(str(target))
    plot = chart.plot.grab()
    assert image.width() == plot.width() + 20 and image.height() > plot.height() + 30
    assert chart.caption == view.window_caption(view.stats) and "→" in chart.caption and "(Local time)" in chart.caption
    header = image.height() - plot.height() - 10
    background = image.pixelColor(2, 2)
    # The title is painted at the top left; where the buttons were (top right), nothing.
    assert any(_differs(image, x, y, background) for x in range(10, 200) for y in range(8, header))
    assert not any(_differs(image, x, y, background) for x in range(image.width() - 260, image.width() - 4) for y in range(2, header - 2))


def test_save_all_charts_writes_one_png_or_one_pdf_page(monitoring, qtbot, tmp_path) -> None:
    from PySide6.QtGui import QImage

    view = monitoring.window.dashboard
    png = tmp_path / "all.png"
    with qtbot.waitSignal(view.saved, timeout=10_000) as written:
        view.save_all(str(png))
    assert written.args == [str(png), True]
    image = QImage(str(png))
    assert image.width() >= 2 * view.volume.plot.width() and image.height() > 4 * view.volume.plot.height()
    pdf = tmp_path / "all.pdf"
    with qtbot.waitSignal(view.saved, timeout=10_000) as written:
        view.save_all(str(pdf))
    assert written.args == [str(pdf), True]
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF") and data.count(b"/Type /Page\n") + data.count(b"/Type /Page\r") + data.count(b"/Type /Page ") + data.count(b"/Type/Page") >= 1


def test_axes_and_tooltips_speak_french_in_french(qtbot) -> None:
    from PySide6.QtCore import QLocale

    from waadmin.ui.dashboard import localized
    from waadmin.ui.dashboard.charts import LocaleDateAxis

    before = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.French, QLocale.Country.France))
    try:
        from pyqtgraph.graphicsItems.DateAxisItem import DAY_HOUR_ZOOM_LEVEL, DAY_SPACING

        axis = LocaleDateAxis(orientation="bottom")
        axis.utcOffset = -3600  # shown one hour east of UTC
        axis.zoomLevel = DAY_HOUR_ZOOM_LEVEL  # a few days wide: "%a %d" day ticks
        tuesday = 1_764_633_600.0  # Tue 2 Dec 2025 00:00 UTC
        assert axis.tickStrings([tuesday - 3600], 1.0, DAY_SPACING) == ["mar. 02"]
        assert localized.bucket_range(tuesday, 3600, 0) == "mar. 02 déc., 00:00 – 01:00"
        assert localized.duration(90) == "1,5 min" and localized.percent(92.04) == "92,0 %"
        assert localized.number(12345) == "12\u202f345"
    finally:
        QLocale.setDefault(before)


def test_the_health_panel_shows_each_endpoint_down_since_its_outage_and_the_worker_with_times(monitoring, sandbox, qtbot) -> None:
    import dataclasses

    from tests.support.pg import free_port

    window = monitoring.window
    view = window.dashboard
    assert "no send yet" in view.health.provider_label.text() and view.health.worker_label.text() == "Worker: stopped"
    # The provider's address answers nothing: a batch meets the outage and opens the circuit.
    monitoring.session.set_provider_settings(dataclasses.replace(sandbox.settings("wachap"), wachap_url=f"http://127.0.0.1:{free_port()}/wachap/api"))
    with qtbot.waitSignal(window.batch_finished, timeout=60_000):
        window.act_retry_due.trigger()
    window.tabs.setCurrentWidget(view)
    down = [e for e in monitoring.session.health.snapshot() if e.down]
    assert down
    qtbot.waitUntil(lambda: "down since" in view.health.provider_label.text(), timeout=3000)
    text = view.health.provider_label.text()
    since = f"{down[0].opened_at.astimezone():%H:%M:%S}"
    assert f"{down[0].label}: down since {since}" in text and "next probe in" in text and "no probe yet" in text
    assert down[0].reason in text
    # The worker, started paused: its state and since when.
    window.worker.start(paused=True)
    qtbot.waitUntil(lambda: "paused" in view.health.worker_label.text(), timeout=10_000)
    assert "since " in view.health.worker_label.text()
    done = []
    window.worker.stop(then=lambda: done.append(True))
    qtbot.waitUntil(lambda: bool(done), timeout=30_000)
    assert view.health.worker_label.text() == "Worker: stopped"


def test_f11_shows_the_dashboard_alone_full_screen_with_large_figures_and_esc_leaves(monitoring, qtbot) -> None:
    window = monitoring.window
    view = window.dashboard
    from PySide6.QtWidgets import QApplication

    normal_size = view.figures.labels["total"].font().pointSizeF()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
    window.tabs.tabBar().setFocus()  # where a click on the tab leaves it
    qtbot.keyClick(window.tabs.tabBar(), Qt.Key.Key_F11)
    assert window.isFullScreen() and view.wall_button.isChecked()
    assert not window.menuBar().isVisible() and not window.statusBar().isVisible() and not window.toolbar.isVisible()
    assert not window.tabs.tabBar().isVisible() and not view.controls.isVisible()
    assert view.figures.labels["total"].font().pointSizeF() >= 1.9 * normal_size
    assert not any(chart.save_button.isVisible() for chart in view.charts)
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    assert not window.isFullScreen() and not view.wall_button.isChecked()
    assert window.menuBar().isVisible() and window.tabs.tabBar().isVisible() and view.controls.isVisible()
    assert view.figures.labels["total"].font().pointSizeF() == normal_size


def test_the_dashboard_says_it_follows_the_auto_refresh_and_reloads_with_it(monitoring, qtbot) -> None:
    window = monitoring.window
    view = window.dashboard
    window.auto_combo.setCurrentIndex(window.auto_combo.findData(10))
    qtbot.waitUntil(lambda: "Live, every 10 s" in view.live.text(), timeout=3000)
    window.auto_timer.setInterval(300)  # the interval's effect, without waiting 10 s
    before = view.stats
    qtbot.waitUntil(lambda: view.stats is not before, timeout=10_000)
    window.auto_combo.setCurrentIndex(window.auto_combo.findData(0))
    qtbot.waitUntil(lambda: "Live" not in view.live.text(), timeout=3000)
