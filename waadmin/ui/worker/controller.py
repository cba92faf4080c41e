"""The desktop side of the background retry worker: starts it on the session's database (one per
database per desktop session, see lock.py), relays its thread's reports to the GUI thread as
signals, and turns condition changes into notices (one per change, never a storm)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta

from PySide6.QtCore import QCoreApplication, QElapsedTimer, QEventLoop, QObject, Signal

from waadmin.config.alert_channels import AlertChannelStore
from waadmin.config.worker_settings import WORKER, WorkerSettings
from waadmin.db.database import Database
from waadmin.domain import alerts
from waadmin.domain.notices import ConditionTracker
from waadmin.engine.alert_delivery import AlertNotifier, AlertOutbox
from waadmin.engine.retry import RetryReport
from waadmin.engine.worker import RetryWorker, WorkerConfig, WorkerState, WorkerStatus
from waadmin.ui import engine_text
from waadmin.ui import settings as ui_settings
from waadmin.ui.session import Session
from waadmin.ui.tasks import lower_this_thread
from waadmin.ui.worker.lock import WorkerLock

log = logging.getLogger(__name__)

# How long quitting waits for the sends in flight: the provider's timeout bounds each of them.
SHUTDOWN_WAIT_MS = 90_000


class _Relay(QObject):
    """Lives on the GUI thread; the worker thread emits, Qt queues the delivery."""

    status = Signal(object)
    report = Signal(object)


class WorkerController(QObject):
    status_changed = Signal(object)  # WorkerStatus
    run_finished = Signal(object)  # RetryReport
    notice = Signal(str, str, bool)  # title, text, is_warning
    blocked = Signal(str)  # why the worker could not start
    stopped = Signal()

    def __init__(self, session: Session, prefs: ui_settings.Preferences, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.prefs = prefs
        # The saved settings come from a background task at start (saved_settings.restore);
        # until then the defaults, and a start asked for meanwhile waits for them.
        self.settings = WorkerSettings()
        self.settings_loaded = False
        self._start_when_loaded: bool | None = None  # paused?
        session.limiter.set_rate(self.settings.rate_per_second)
        session.health.set_policy(self.settings.policy())
        self.worker: RetryWorker | None = None
        self.status = WorkerStatus(WorkerState.STOPPED)
        # Why the worker is not running and the last notice, kept as builders: the status bar
        # says them again in the new language when the language changes (ui.retranslate).
        self._blocked: Callable[[], str] | None = None
        self.last_notice: tuple[Callable[[], str], Callable[[], str]] | None = None
        self._lock: WorkerLock | None = None
        self._after_stop: list[Callable[[], None]] = []
        self._conditions = ConditionTracker()
        self._launched = False  # "start at launch" happens on the first connection only
        # Alerts also go to the channels saved in Alerts → Notification channels… (read and
        # delivered on the outbox's threads; the GUI thread only hands it the changes).
        self.alert_outbox = AlertOutbox(lambda: AlertChannelStore().load())
        self._notifier: AlertNotifier | None = None
        self._relay = _Relay(self)
        self._relay.status.connect(self._on_status)
        self._relay.report.connect(self._on_report)
        session.connected.connect(self._on_connected)

    # -- state ---------------------------------------------------------------------------------
    @property
    def blocked_reason(self) -> str:
        return self._blocked() if self._blocked is not None else ""

    @property
    def running(self) -> bool:
        """Started and not stopped (it may be paused or waiting for the database)."""
        return self.worker is not None

    @property
    def paused(self) -> bool:
        return self.status.state == WorkerState.PAUSED

    def config(self) -> WorkerConfig:
        s = self.settings
        return WorkerConfig(
            interval_seconds=s.interval_seconds,
            batch_size=s.batch_size,
            rate_per_second=s.rate_per_second,
            concurrency=s.concurrency,
            thresholds=ui_settings.alert_thresholds(self.prefs),
            failure_threshold=s.outage_threshold,
            probe_first_seconds=float(s.probe_first_seconds),
            probe_max_seconds=float(s.probe_max_seconds),
            redact_after=timedelta(hours=s.redact_after_hours) if s.redact_after_hours else None,
        )

    # -- control ----------------------------------------------------------------------------------
    def start(self, *, paused: bool = False) -> bool:
        database = self.session.database
        if self.worker is not None:
            return True
        if not self.settings_loaded:
            self._start_when_loaded = paused
            return True
        if database is None:
            return self._refuse(lambda: self.tr("No database is open."))
        if database.read_only:
            return self._refuse(lambda: self.tr("The connection is read-only: the worker would change data."))
        lock = WorkerLock(database.masked_url)
        try:
            held = lock.acquire()
        except OSError as error:
            held, lock = True, None  # no lock folder: run unguarded, the engine's claims still hold
            log.warning("worker lock unavailable: %s", error)
        if not held:
            owner = lock.owner_pid() if lock is not None else None
            return self._refuse(
                lambda: self.tr("Another waadmin window (process {pid}) already runs the worker for this database.").format(pid=owner or "?")
            )
        self._lock = lock
        self._blocked = None
        self._conditions.forget()
        self.status = WorkerStatus(WorkerState.STOPPED)
        self.worker = RetryWorker(
            database,
            self.session.provider,
            self.config(),
            audit=self.session.audit,
            on_status=self._relay.status.emit,
            on_report=self._relay.report.emit,
            limiter=self.session.limiter,
            thread_setup=lower_this_thread,
            health=self.session.health,
        )
        self._notifier = AlertNotifier(self.alert_outbox, self.config().thresholds, database.display_name)
        self.worker.start(paused=paused)
        return True

    def _refuse(self, reason: Callable[[], str]) -> bool:
        self._blocked = reason
        self.blocked.emit(reason())
        return False

    def _notify(self, title: Callable[[], str], text: Callable[[], str], warning: bool) -> None:
        self.last_notice = (title, text)
        self.notice.emit(title(), text(), warning)

    def pause(self) -> None:
        if self.worker is not None:
            self.worker.pause()

    def resume(self) -> None:
        if self.worker is not None:
            self.worker.resume()

    def toggle_pause(self) -> None:
        if self.paused:
            self.resume()
        else:
            self.pause()

    def run_now(self) -> None:
        if self.worker is None:
            self.start()  # a fresh worker runs at once
        else:
            self.worker.run_now()

    def use_saved_settings(self, settings: WorkerSettings) -> None:
        """The settings read at start; a start asked for meanwhile, or "start at launch" on a
        database already open, happens now."""
        self._use(settings)
        self.settings_loaded = True
        pending, self._start_when_loaded = self._start_when_loaded, None
        if pending is not None:
            self.start(paused=pending)
        elif self.session.database is not None and self.session.is_connected:
            self._on_connected(self.session.database)

    def apply_settings(self, settings: WorkerSettings) -> None:
        """Changed in the dialog: used at once, saved in the background."""
        self.settings_loaded = True
        self._use(settings)
        self.session.tracker.run(
            self.session.settings.save, WORKER, settings,
            on_error=lambda error: self._notify(lambda: self.tr("Worker settings not saved"), lambda: str(error), True),
        )

    def _use(self, settings: WorkerSettings) -> None:
        self.settings = settings
        self.session.limiter.set_rate(settings.rate_per_second)
        self.session.health.set_policy(settings.policy())
        if self.worker is not None:
            self.worker.set_config(self.config())

    def thresholds_changed(self) -> None:
        if self.worker is not None:
            self.worker.set_config(self.config())
        if self._notifier is not None:
            self._notifier.thresholds = self.config().thresholds

    def alert_channels_changed(self) -> None:
        """The channels were saved anew: the next alert goes to the new ones."""
        self.alert_outbox.reload()

    def stop(self, then: Callable[[], None] | None = None) -> None:
        """Ask the worker to stop; ``then`` runs once it has (sends in flight recorded)."""
        if then is not None:
            self._after_stop.append(then)
        if self.worker is None:
            self._stopped()
            return
        self.worker.request_stop()

    def shutdown(self, timeout_ms: int = SHUTDOWN_WAIT_MS) -> bool:
        """Stop and wait for it, keeping the window painted; for quitting. True when stopped."""
        if self.worker is None:
            return True
        self.stop()
        timer = QElapsedTimer()
        timer.start()
        worker = self.worker
        while worker is not None and worker.alive and timer.elapsed() < timeout_ms:
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
            worker.stop(0.05)
        QCoreApplication.sendPostedEvents()
        if self.worker is not None and not self.worker.alive:
            self._stopped()
        return self.worker is None

    def _stopped(self) -> None:
        self.worker = None
        if self._lock is not None:
            self._lock.release()
            self._lock = None
        self.status = WorkerStatus(WorkerState.STOPPED)
        self.status_changed.emit(self.status)
        self.stopped.emit()
        callbacks, self._after_stop = self._after_stop, []
        for callback in callbacks:
            callback()

    # -- reports from the thread -------------------------------------------------------------------
    def _on_status(self, status: WorkerStatus) -> None:
        if self.worker is None:
            return  # a late report from a worker already let go
        if status.seq <= self.status.seq and status.state != WorkerState.STOPPED:
            return  # overtaken: the GUI thread's own pause/resume was delivered first
        if status.state == WorkerState.STOPPED:
            self.worker.stop(1.0)  # the thread says so as its last act: it is ending now
            self._stopped()
            if status.fatal:
                # Stopped on a problem waiting would not fix: say it where the worker's state is
                # shown, and once as a notice.
                self._blocked = lambda: engine_text.translate(status.reason)
                self.status_changed.emit(self.status)
                self._notify(
                    lambda: self.tr("Worker stopped"),
                    lambda: self.tr("The database refuses the worker's changes: {reason}").format(reason=engine_text.translate(status.reason)),
                    True,
                )
            return
        self.status = status
        self.status_changed.emit(status)
        self._announce(status)

    def _on_report(self, report: RetryReport) -> None:
        if self.worker is None:
            return
        self.run_finished.emit(report)
        if self._notifier is not None:
            self._notifier.observe(self.status.alerts)
        if report.final_failures:
            self._notify(
                lambda: self.tr("Final failures"),
                lambda: self.tr("The last background run ended with %n attempts failed for good.", "", report.final_failures),
                True,
            )

    def _announce(self, status: WorkerStatus) -> None:
        conditions = {"database_down": status.database_down, "provider_down": status.provider_down}
        for alert in status.alerts:
            conditions[f"alert:{alert.key}"] = alert.active
        by_key = {a.key: a for a in status.alerts}
        for key, on in self._conditions.changes(conditions):
            if key == "database_down":
                if on:
                    self._notify(
                        lambda: self.tr("Database unreachable"),
                        lambda: self.tr("The worker paused: {reason}. It resumes by itself when the database answers.").format(reason=engine_text.translate(status.reason)),
                        True,
                    )
                else:
                    self._notify(lambda: self.tr("Database back"), lambda: self.tr("The database answers again; the worker resumed."), False)
            elif key == "provider_down":
                if on:
                    self._notify(
                        lambda: self.tr("Provider unreachable"),
                        lambda: self.tr("Sending paused for {where}. Nothing is charged meanwhile; the worker probes and resumes by itself.").format(where=status.provider_reason),
                        True,
                    )
                else:
                    self._notify(lambda: self.tr("Provider back"), lambda: self.tr("The provider answers again; sending resumed."), False)
            elif on:
                alert = by_key[key.split(":", 1)[1]]
                self._notify(lambda: self.tr("Alert"), lambda alert=alert: alert_text(self, alert), True)

    # -- the session's database changed --------------------------------------------------------------
    def _on_connected(self, database: Database) -> None:
        if not self.settings_loaded:
            return  # use_saved_settings decides once they are read
        if self.worker is not None and self.worker.database is not database:
            self.stop(then=lambda: self.start())
        elif self.worker is None and self.settings.start_at_launch and not database.read_only and not self._launched:
            self._launched = True
            self.start()


def alert_text(owner: QObject, alert: alerts.Alert) -> str:
    value = "—" if alert.value is None else f"{alert.value:.1f}"
    texts = {
        alerts.SUCCESS_RATE: owner.tr("Success rate over the last hour is {value}% (below {threshold}%)."),
        alerts.WAITING_RETRIES: owner.tr("{value} retries are waiting (more than {threshold})."),
        alerts.FINAL_FAILURES: owner.tr("Final failures over 24 h are {value}% (above {threshold}%)."),
        alerts.MEAN_DELAY: owner.tr("Mean delay from creation to send is {value} min (above {threshold} min)."),
    }
    template = texts.get(alert.key, "{value} / {threshold}")
    if alert.key == alerts.WAITING_RETRIES:
        value = "—" if alert.value is None else str(int(alert.value))
    return template.format(value=value, threshold=f"{alert.threshold:g}")

