"""The app's connection: which database is open, whether it is reachable, and the provider.

Opening, pinging and reconnecting all run as background tasks. When a task reports a
transient database problem the session marks the connection lost, pings with back-off and
says when it is back; widgets only listen.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass

from PySide6.QtCore import QObject, QTimer, Signal

from waadmin.config.service import SettingsService
from waadmin.db.database import Database, open_database
from waadmin.db.errors import DatabaseProblem, ProblemKind
from waadmin.engine.audit import AuditTrail
from waadmin.providers.base import Provider
from waadmin.providers.circuit import ProviderHealth
from waadmin.providers.ratelimit import DEFAULT_RATE, RateLimiter
from waadmin.providers.settings import ProviderSettings
from waadmin.ui import engine_text
from waadmin.ui.tasks import TaskTracker

log = logging.getLogger(__name__)

RECONNECT_FIRST_MS = 2_000
RECONNECT_MAX_MS = 60_000


def _file_of(url: str) -> str:
    """The file a SQLite URL (or a bare path) names."""
    if "://" not in url:
        return url
    from sqlalchemy.engine import make_url

    return make_url(url).database or url


@dataclass(frozen=True)
class ConnectRequest:
    url: str | None
    read_only: bool = False
    layout: str | None = None
    create: bool | None = None


class Session(QObject):
    connected = Signal(object)  # Database
    connect_failed = Signal(str)
    missing_file = Signal(str)  # a SQLite file that does not exist: the window offers to create it
    connection_lost = Signal(str)
    connection_restored = Signal()
    provider_changed = Signal()

    def __init__(self, tracker: TaskTracker, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.tracker = tracker
        self.database: Database | None = None
        self.audit: AuditTrail | None = None
        self.request: ConnectRequest | None = None
        self.lost_reason = ""
        self._provider: Provider | None = None
        self._provider_settings: ProviderSettings | None = None
        # The settings and secrets of this desktop session (one, so secrets kept for the session
        # only are shared by every dialog). Used from background tasks only: it does file and
        # keyring I/O.
        self.settings = SettingsService()
        self._reconnect_timer = QTimer(self)
        self._reconnect_timer.setSingleShot(True)
        self._reconnect_timer.timeout.connect(self._ping)
        self._reconnect_delay = RECONNECT_FIRST_MS
        # Every send the app makes (worker, Retry all due, filtered retries) takes its turn
        # here, so together they never go faster than the provider's rate.
        self.limiter = RateLimiter(DEFAULT_RATE)
        # Likewise one view of the provider's health: an outage the worker met holds the
        # window's own batches too, and the status bar shows it.
        self.health = ProviderHealth()

    # -- connecting -----------------------------------------------------------------------
    def connect_to(self, request: ConnectRequest) -> None:
        self.request = request
        self.tracker.run(
            open_database,
            request.url,
            read_only=request.read_only,
            layout=request.layout,
            create=request.create,
            on_result=self._on_opened,
            on_error=self._on_open_failed,
        )

    def _on_opened(self, database: Database) -> None:
        previous = self.database
        self.database = database
        self.audit = AuditTrail(database, "gui")
        self.lost_reason = ""
        self._reconnect_timer.stop()
        self._reconnect_delay = RECONNECT_FIRST_MS
        if previous is not None and previous is not database:
            previous.dispose()
        self.connected.emit(database)

    def _on_open_failed(self, error: BaseException) -> None:
        if isinstance(error, DatabaseProblem) and error.kind is ProblemKind.MISSING_DATABASE and self.request is not None and self.request.url:
            self.missing_file.emit(_file_of(self.request.url))
            return
        # In English (an engine text): the window says it in the language of the moment, and
        # again in the new one if it changes while the banner shows it.
        self.connect_failed.emit(error.message if isinstance(error, DatabaseProblem) else str(error))

    @property
    def is_connected(self) -> bool:
        return self.database is not None and not self.lost_reason

    # -- losing and finding the database again ---------------------------------------------
    def report_problem(self, error: BaseException) -> bool:
        """Called by widgets when a task failed. True when it was a connection problem that
        the session now handles (reconnecting), so the widget need not show a dialog."""
        if not isinstance(error, DatabaseProblem) or not error.transient or self.database is None:
            return False
        if not self.lost_reason:
            self.lost_reason = engine_text.translate(error.message)
            self.connection_lost.emit(error.message)  # in English, as connect_failed
        if not self._reconnect_timer.isActive():
            self._reconnect_timer.start(self._reconnect_delay)
        return True

    def _ping(self) -> None:
        database = self.database
        if database is None:
            return
        self.tracker.run(database.ping, on_result=lambda _: self._on_back(), on_error=self._on_still_down)

    def _on_back(self) -> None:
        if self.lost_reason:
            self.lost_reason = ""
            self._reconnect_delay = RECONNECT_FIRST_MS
            self.connection_restored.emit()

    def _on_still_down(self, error: BaseException) -> None:
        if isinstance(error, DatabaseProblem):
            self.lost_reason = error.message
        self._reconnect_delay = min(self._reconnect_delay * 2, RECONNECT_MAX_MS)
        self._reconnect_timer.start(self._reconnect_delay)

    # -- provider ---------------------------------------------------------------------------
    @property
    def provider_settings(self) -> ProviderSettings:
        if self._provider_settings is None:
            self._provider_settings = ProviderSettings.from_env(os.environ)
        return self._provider_settings

    def set_provider_settings(self, settings: ProviderSettings) -> None:
        self._provider_settings = settings
        self.health.reset()
        if self._provider is not None:
            self._provider.close()
            self._provider = None
        self.provider_changed.emit()

    def provider(self) -> Provider:
        """Built on first use (in a worker thread is fine: building does no I/O)."""
        if self._provider is None:
            from waadmin.providers.factory import build_provider

            self._provider = build_provider(self.provider_settings)
        return self._provider

    def close(self) -> None:
        self._reconnect_timer.stop()
        if self._provider is not None:
            self._provider.close()
            self._provider = None
        if self.database is not None:
            self.database.dispose()
