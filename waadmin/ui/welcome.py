"""The first-run panel: shown while waadmin's own embedded database is empty, it offers the
three ways to start: demo data, the Django app's database, a provider for sends."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCommandLinkButton,
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from waadmin.db import listing
from waadmin.db.database import Database
from waadmin.engine.audit import AuditTrail
from waadmin.engine.demo import DemoSummary, load_demo
from waadmin.engine.progress import Progress, StopFlag
from waadmin.ui import engine_text, retranslate
from waadmin.ui.dialogs.provider_dialog import ProviderDialog
from waadmin.ui.resources import icon
from waadmin.ui.session import Session
from waadmin.ui.tasks import TaskTracker, user_message

DEMO_ATTEMPTS = 5000
KIND_NAMES = {"wachap": "WaChap", "wachap_v4": "WaChap V4", "meta": "Meta WhatsApp Cloud API"}


def _load_demo(database: Database, audit: AuditTrail | None, progress: Any, stop: StopFlag) -> DemoSummary:
    # A few seconds of inserts into an empty file: not worth a Cancel that leaves half a demo.
    summary = load_demo(database, DEMO_ATTEMPTS, progress=progress)
    if audit is not None:  # every change made from the window is audited, the demo's rows too
        audit.record("demo", target=f"{DEMO_ATTEMPTS} demo attempts", row_count=summary.attempts)
    return summary


class WelcomePanel(QFrame):
    """Knows the session and the task tracker only; the main window puts it in place of its
    tabs (``shown_changed``), opens the connection dialog (``connect_requested``) and shows
    the demo once it is loaded (``demo_loaded``)."""

    demo_loaded = Signal(object)  # DemoSummary, or the exception
    shown_changed = Signal(bool)
    connect_requested = Signal()

    def __init__(self, session: Session, tracker: TaskTracker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("welcomePanel")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.session = session
        self.tracker = tracker
        self.dismissed = False
        self.database: Database | None = None

        title = QLabel(self.tr("Welcome to waadmin"))
        title.setObjectName("welcomeTitle")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        title.setFont(font)
        intro = QLabel(self.tr("waadmin opened its own database on this computer, and it is still empty. Choose how to start:"))
        intro.setWordWrap(True)

        self.demo_button = QCommandLinkButton(self.tr("Load demo data"), self.tr("A month of realistic attempts to explore, in this embedded database only."))
        self.demo_button.setObjectName("welcomeDemo")
        self.demo_button.setIcon(icon("run-now"))
        self.demo_button.clicked.connect(self.load_demo)
        self.connect_button = QCommandLinkButton(self.tr("Connect to a database…"), self.tr("The Django app's PostgreSQL database or its SQLite file."))
        self.connect_button.setObjectName("welcomeConnect")
        self.connect_button.setIcon(icon("database"))
        self.connect_button.clicked.connect(lambda _=False: self.connect_requested.emit())
        self.provider_button = QCommandLinkButton(self.tr("Configure a provider…"), self.tr("WaChap, WaChap V4 or the Meta Cloud API, to send retries."))
        self.provider_button.setObjectName("welcomeProvider")
        self.provider_button.setIcon(icon("settings"))
        self.provider_button.clicked.connect(self.configure_provider)

        self.progress = QProgressBar()
        self.progress.setObjectName("welcomeProgress")
        self.progress.setVisible(False)
        self.status = QLabel()
        self.status.setObjectName("welcomeStatus")
        self.status.setWordWrap(True)
        self.provider_status = QLabel()
        self.provider_status.setObjectName("welcomeProviderStatus")
        self.provider_status.setWordWrap(True)
        skip = QPushButton(self.tr("Start with the empty database"))
        skip.setObjectName("welcomeSkip")
        skip.setFlat(True)
        skip.clicked.connect(self.dismiss)

        column = QWidget()
        # Word-wrapped labels and command links take the width they are given, so give one.
        column.setMinimumWidth(520)
        column.setMaximumWidth(680)
        layout = QVBoxLayout(column)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addSpacing(8)
        for widget in (self.demo_button, self.connect_button, self.provider_button, self.progress, self.status, self.provider_status):
            layout.addWidget(widget)
        layout.addWidget(skip, 0, Qt.AlignmentFlag.AlignLeft)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(column, 3)
        row.addStretch(1)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)
        self.setVisible(False)

        self.session.connected.connect(self._on_connected)
        self.session.provider_changed.connect(self.show_provider)
        self.show_provider()

    # -- when to show ------------------------------------------------------------------------------
    def _on_connected(self, database: Database) -> None:
        self.database = database
        if not database.embedded or self.dismissed:
            self._set_shown(False)
            return
        self.tracker.run(listing.count_attempts, database, on_result=lambda count: self._on_counted(database, count))

    def _on_counted(self, database: Database, count: listing.Count) -> None:
        if database is self.database:
            self._set_shown(count.value == 0 and not self.dismissed)

    def _set_shown(self, shown: bool) -> None:
        self.setVisible(shown)
        self.shown_changed.emit(shown)

    def dismiss(self) -> None:
        self.dismissed = True
        self._set_shown(False)

    # -- the three ways to start ------------------------------------------------------------------------
    def load_demo(self) -> None:
        database = self.database
        if database is None:
            return
        for button in (self.demo_button, self.connect_button):
            button.setEnabled(False)
        self.progress.setRange(0, DEMO_ATTEMPTS)
        self.progress.setValue(0)
        self.progress.setVisible(True)
        self.status.setText(self.tr("Creating demo data…"))
        self.tracker.run(
            _load_demo, database, self.session.audit,
            on_progress=self._on_progress, on_result=self._on_demo_loaded, on_error=self._on_demo_failed,
        )

    def _on_progress(self, progress: Progress) -> None:
        self.progress.setValue(progress.done)
        retranslate.set_text(self.status, lambda: self.tr("Creating demo data… {done} of {total} attempts").format(done=progress.done, total=progress.total or DEMO_ATTEMPTS))

    def _on_demo_loaded(self, summary: DemoSummary) -> None:
        self.progress.setVisible(False)
        self.status.setText("")
        for button in (self.demo_button, self.connect_button):
            button.setEnabled(True)
        self._set_shown(False)
        self.demo_loaded.emit(summary)

    def loaded_text(self, summary: DemoSummary) -> str:
        """What the status bar says once the demo is in (built again on a language change)."""
        return self.tr("Demo data loaded: {n} attempts, {w} webhook logs.").format(n=summary.attempts, w=summary.webhooks)

    def _on_demo_failed(self, error: BaseException) -> None:
        self.progress.setVisible(False)
        for button in (self.demo_button, self.connect_button):
            button.setEnabled(True)
        retranslate.set_text(self.status, lambda: "❌ " + self.tr("The demo data could not be created: {reason}").format(reason=user_message(error)))
        self.demo_loaded.emit(error)

    def configure_provider(self) -> None:
        dialog = ProviderDialog(self.tracker, self.session.provider_settings, self.window())
        if dialog.exec() and dialog.saved is not None:
            self.session.set_provider_settings(dialog.saved)
            self.show_provider(dialog.warnings)

    def show_provider(self, warnings: list[str] | None = None) -> None:
        retranslate.set_text(self.provider_status, lambda: self._provider_text(warnings))

    def _provider_text(self, warnings: list[str] | None) -> str:
        kind = self.session.provider_settings.resolved_kind()
        if kind is None:
            text = self.tr("No provider is configured yet: you can look at attempts, but not send them.")
        else:
            text = "✅ " + self.tr("Provider: {name}").format(name=KIND_NAMES.get(kind, kind))
        if warnings:
            text += "\n⚠️ " + " ".join(engine_text.translate(w) for w in warnings)
        return text
