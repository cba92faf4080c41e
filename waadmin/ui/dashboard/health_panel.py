"""Provider health per endpoint (up, or down since when and why, its last and next probe) and the
background worker's state with its times, from the session's shared ProviderHealth and the
worker controller's status. Both are in memory: reading them never blocks on I/O."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from PySide6.QtCore import QObject
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QGroupBox, QLabel, QVBoxLayout, QWidget

from waadmin.engine.worker import WorkerState, WorkerStatus
from waadmin.providers.circuit import CircuitState, EndpointHealth
from waadmin.ui import timefmt
from waadmin.ui.dashboard import localized
from waadmin.ui.session import Session
from waadmin.ui.worker.describe import describe_status


class HealthPanel(QGroupBox):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("healthPanel")
        self.setTitle(self.tr("Provider and worker"))
        self.session = session
        self.zone = "local"
        self.provider_label = QLabel()
        self.provider_label.setObjectName("healthProvider")
        self.provider_label.setWordWrap(True)
        self.worker_label = QLabel()
        self.worker_label.setObjectName("healthWorker")
        self.worker_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.provider_label)
        layout.addWidget(self.worker_label)
        self.worker_status: WorkerStatus | None = None
        self._state_since: datetime | None = None
        self._last_run_at: datetime | None = None
        self._runs = 0
        self.refresh()

    def watch_worker(self, controller: QObject) -> None:
        """The window's WorkerController: its status_changed signal keeps this panel current."""
        controller.status_changed.connect(self.show_worker)  # type: ignore[attr-defined]
        self.show_worker(controller.status)  # type: ignore[attr-defined]

    def show_worker(self, status: WorkerStatus) -> None:
        now = datetime.now(UTC)
        if self.worker_status is None or status.state != self.worker_status.state:
            self._state_since = now
        if status.runs > self._runs:
            self._last_run_at = now
        self._runs = status.runs
        self.worker_status = status
        self.refresh()

    def _time(self, at: datetime | None) -> str:
        return timefmt.absolute(at, self.zone, seconds=True)[11:] if at is not None else ""

    def endpoint_line(self, endpoint: EndpointHealth, clock_now: float, wall_now: datetime) -> str:
        if endpoint.state is CircuitState.CLOSED:
            return "✓ " + self.tr("{name}: up").format(name=endpoint.label)
        parts = ["⚠ " + self.tr("{name}: down").format(name=endpoint.label)]
        if endpoint.opened_at is not None:
            parts.append(self.tr("since {time}").format(time=self._time(endpoint.opened_at)))
        if endpoint.reason:
            parts.append(f"({endpoint.reason})")
        text = " ".join(parts)
        if endpoint.state is CircuitState.PROBING:
            return text + " · " + self.tr("probing now")
        if endpoint.next_probe_at is not None:
            # The probe is scheduled when the circuit opens or a probe fails: that moment is the
            # next probe time less the wait, on the health's own clock.
            scheduled = wall_now - timedelta(seconds=clock_now - (endpoint.next_probe_at - endpoint.backoff))
            if endpoint.opened_at is None or abs((scheduled - endpoint.opened_at).total_seconds()) > 1:
                text += " · " + self.tr("last probe {time}").format(time=self._time(scheduled))
            else:
                text += " · " + self.tr("no probe yet")
            wait = max(0.0, endpoint.next_probe_at - clock_now)
            text += " · " + self.tr("next probe in {time}").format(time=localized.duration(wait))
        return text

    def refresh(self) -> None:
        health = self.session.health
        endpoints = health.snapshot()
        wall_now = datetime.now(UTC)
        if not endpoints:
            provider = "○ " + self.tr("Provider: no send yet in this session")
        else:
            clock_now = health.now()
            provider = "\n".join(self.endpoint_line(e, clock_now, wall_now) for e in endpoints)
        self.provider_label.setText(provider)
        down = any(e.down for e in endpoints)
        palette = self.provider_label.palette()
        base = self.palette().color(QPalette.ColorRole.Window)
        if down:
            palette.setColor(QPalette.ColorRole.Window, QColor.fromHsl(0, 150, 70 if base.lightness() < 128 else 215))
        else:
            palette.setColor(QPalette.ColorRole.Window, base)
        self.provider_label.setAutoFillBackground(down)
        self.provider_label.setPalette(palette)
        status = self.worker_status
        if status is None:
            self.worker_label.setText(self.tr("Worker: stopped"))
            return
        text = self.tr("Worker: {state}").format(state=describe_status(self, status))
        if status.state != WorkerState.STOPPED and self._state_since is not None:
            text += " · " + self.tr("since {time}").format(time=self._time(self._state_since))
        if self._last_run_at is not None:
            text += " · " + self.tr("last run {time}").format(time=self._time(self._last_run_at))
        self.worker_label.setText(text)
