"""One attempt in full, in its own window: every field, the message (masked for credential and
OTP messages until revealed, and each reveal audited), JSON, timeline, the remaining retry
schedule, webhook logs, and the actions the attempt's state allows."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QFontDatabase, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from waadmin.db.detail import get_attempt
from waadmin.db.rows import AttemptDetail
from waadmin.db.types import InvalidJSON
from waadmin.domain import backoff, message_types, priorities, redaction, rules, statuses
from waadmin.domain.clock import utcnow
from waadmin.engine import actions
from waadmin.ui import engine_text, outage_text, status_style, timefmt
from waadmin.ui.i18n import current_language
from waadmin.ui.session import Session
from waadmin.ui.tasks import TaskTracker, user_message

MASK = "••••••••••••"


def _tr(text: str) -> str:
    return QCoreApplication.translate("AttemptDetailWindow", text)


def pretty_json(value: Any) -> str:
    if isinstance(value, InvalidJSON):
        return _tr("Invalid JSON stored in the database:") + "\n" + value.raw
    try:
        return json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True, default=str)
    except (TypeError, ValueError):
        return str(value)


class AttemptDetailWindow(QWidget):
    changed = Signal(int)  # the attempt changed through this window

    def __init__(self, attempt_id: int, session: Session, tracker: TaskTracker, time_zone: str, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("attemptDetail")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.attempt_id = attempt_id
        self.session = session
        self.tracker = tracker
        self.time_zone = time_zone
        self.detail: AttemptDetail | None = None
        self.revealed = False
        self.setWindowTitle(self.tr("Attempt #{id}").format(id=attempt_id))
        self.resize(900, 720)

        self.heading = QLabel(self.tr("Loading…"))
        self.heading.setObjectName("detailHeading")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.heading.setFont(font)
        self.status_label = QLabel()
        self.status_label.setObjectName("detailStatus")
        self.status_label.setAutoFillBackground(True)
        self.status_label.setContentsMargins(8, 2, 8, 2)
        self.anomaly_label = QLabel()
        self.anomaly_label.setObjectName("detailAnomalies")
        self.anomaly_label.setWordWrap(True)
        self.anomaly_label.setVisible(False)

        self.fields = QFormLayout()
        self.fields.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.field_labels: dict[str, QLabel] = {}
        for key, title in (
            ("recipient", self.tr("Recipient")),
            ("phone", self.tr("Phone")),
            ("source", self.tr("Source app")),
            ("type", self.tr("Type / category")),
            ("priority", self.tr("Priority")),
            ("title", self.tr("Title")),
            ("routing", self.tr("Sender role / region")),
            ("attempts", self.tr("Attempts")),
            ("backoff", self.tr("Back-off")),
            ("provider_id", self.tr("Provider message id")),
            ("error", self.tr("Last error")),
        ):
            value = QLabel()
            value.setObjectName(f"field_{key}")
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setWordWrap(True)
            self.fields.addRow(title + ":", value)
            self.field_labels[key] = value

        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        self.message = QPlainTextEdit()
        self.message.setObjectName("messageText")
        self.message.setReadOnly(True)
        self.reveal_button = QPushButton(self.tr("Reveal"))
        self.reveal_button.setObjectName("revealButton")
        self.reveal_button.setToolTip(self.tr("This message carries credentials or a code; revealing it is recorded in the audit log."))
        self.reveal_button.clicked.connect(self._reveal)
        message_box = QWidget()
        message_layout = QVBoxLayout(message_box)
        message_layout.setContentsMargins(0, 0, 0, 0)
        message_header = QHBoxLayout()
        message_header.addWidget(QLabel(self.tr("Message")))
        message_header.addStretch(1)
        message_header.addWidget(self.reveal_button)
        message_layout.addLayout(message_header)
        message_layout.addWidget(self.message)

        self.timeline = QTableWidget(0, 2)
        self.timeline.setObjectName("timeline")
        self.schedule = QTableWidget(0, 2)
        self.schedule.setObjectName("schedule")
        self.webhooks = QTableWidget(0, 6)
        self.webhooks.setObjectName("webhooksTable")
        for table, headers in (
            (self.timeline, [self.tr("Event"), self.tr("When")]),
            (self.schedule, [self.tr("Attempt"), self.tr("Earliest time")]),
            (self.webhooks, [self.tr("Received"), self.tr("Type"), self.tr("Status"), self.tr("Processed"), self.tr("Error"), self.tr("Log id")]),
        ):
            table.setHorizontalHeaderLabels(headers)
            table.verticalHeader().setVisible(False)
            table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
            table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
            table.horizontalHeader().setStretchLastSection(True)
        self.context_json = QPlainTextEdit()
        self.context_json.setObjectName("contextJson")
        self.response_json = QPlainTextEdit()
        self.response_json.setObjectName("responseJson")
        for edit in (self.context_json, self.response_json):
            edit.setReadOnly(True)
            edit.setFont(mono)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.timeline, self.tr("Timeline"))
        self.tabs.addTab(self.schedule, self.tr("Retry schedule"))
        self.tabs.addTab(self.webhooks, self.tr("Webhooks"))
        self.tabs.addTab(self.context_json, "context_data")
        self.tabs.addTab(self.response_json, "provider_response")

        self.retry_button = QPushButton(self.tr("Retry now"))
        self.retry_button.setObjectName("detailRetry")
        self.cancel_button = QPushButton(self.tr("Cancel attempt"))
        self.cancel_button.setObjectName("detailCancel")
        self.reset_button = QPushButton(self.tr("Reset stuck"))
        self.reset_button.setObjectName("detailReset")
        self.copy_button = QPushButton(self.tr("Copy phone"))
        self.copy_button.setObjectName("detailCopyPhone")
        self.refresh_button = QPushButton(self.tr("Refresh"))
        close_button = QPushButton(self.tr("Close"))
        self.retry_button.clicked.connect(self._retry)
        self.cancel_button.clicked.connect(self._cancel)
        self.reset_button.clicked.connect(self._reset)
        self.copy_button.clicked.connect(self._copy_phone)
        self.refresh_button.clicked.connect(self.load)
        close_button.clicked.connect(self.close)
        self.busy_label = QLabel()
        self.busy_label.setObjectName("detailBusy")

        buttons = QHBoxLayout()
        for button in (self.retry_button, self.cancel_button, self.reset_button, self.copy_button):
            buttons.addWidget(button)
        buttons.addWidget(self.busy_label, 1)
        buttons.addWidget(self.refresh_button)
        buttons.addWidget(close_button)

        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        heading_row = QHBoxLayout()
        heading_row.addWidget(self.heading)
        heading_row.addWidget(self.status_label, 0, Qt.AlignmentFlag.AlignVCenter)
        heading_row.addStretch(1)
        top_layout.addLayout(heading_row)
        top_layout.addWidget(self.anomaly_label)
        top_layout.addLayout(self.fields)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(message_box)
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(1, 0)
        splitter.setStretchFactor(2, 1)
        # Most messages are a line or two: give the timeline and schedule the room.
        splitter.setSizes([260, 110, 300])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, activated=self.close)
        self._set_actions_enabled(False)
        self.load()

    # -- loading ------------------------------------------------------------------------------
    def load(self) -> None:
        database = self.session.database
        if database is None:
            return
        self.busy_label.setText(self.tr("Loading…"))
        self.tracker.run(get_attempt, database, self.attempt_id, on_result=self._show, on_error=self._on_error)

    def _on_error(self, error: BaseException) -> None:
        self.busy_label.setText("")
        self.session.report_problem(error)
        QMessageBox.warning(self, self.tr("Attempt #{id}").format(id=self.attempt_id), user_message(error))

    def _show(self, detail: AttemptDetail | None) -> None:
        self.busy_label.setText("")
        if detail is None:
            self.detail = None
            self.heading.setText(self.tr("Attempt #{id} no longer exists").format(id=self.attempt_id))
            self._set_actions_enabled(False)
            return
        self.detail = detail
        language = current_language()
        zone = self.time_zone
        self.heading.setText(self.tr("Attempt #{id}").format(id=detail.id))
        self.status_label.setText(statuses.label(detail.status, language))
        palette = self.status_label.palette()
        if (bg := status_style.background(detail.status)) is not None:
            palette.setColor(self.status_label.backgroundRole(), bg)
        if (fg := status_style.foreground(detail.status)) is not None:
            palette.setColor(self.status_label.foregroundRole(), fg)
        self.status_label.setPalette(palette)
        self.anomaly_label.setText("⚠ " + self.tr("Odd data: {details}").format(details="; ".join(detail.anomalies)))
        self.anomaly_label.setVisible(bool(detail.anomalies))
        f = self.field_labels
        f["recipient"].setText(detail.recipient or self.tr("(no user linked)"))
        f["phone"].setText(detail.phone_number)
        f["source"].setText(detail.source_app or "—")
        f["type"].setText(f"{message_types.label(detail.message_type, language)} ({detail.message_type}) / {detail.category or '—'}")
        f["priority"].setText(f"{detail.priority} · {priorities.label(detail.priority, language)}")
        f["title"].setText(detail.title or "—")
        automatic = self.tr("automatic")
        f["routing"].setText(f"{detail.sender_role or '—'} / {detail.region_override or automatic}")
        f["attempts"].setText(f"{detail.attempt_count} / {detail.max_attempts}")
        mode = self.tr("exponential") if detail.exponential_backoff else self.tr("fixed")
        f["backoff"].setText(self.tr("{seconds} s base, {mode}").format(seconds=detail.retry_delay_seconds, mode=mode))
        f["provider_id"].setText(detail.provider_message_id or "—")
        f["error"].setText(f"{detail.error_code}: {detail.error_message}" if detail.error_message else "—")
        self.revealed = False
        self._show_message()
        self.context_json.setPlainText(pretty_json(detail.context_data))
        self.response_json.setPlainText(pretty_json(detail.provider_response))
        self._fill(self.timeline, self._timeline_rows(detail, zone))
        now = utcnow()
        schedule = backoff.remaining_schedule(
            attempt_count=detail.attempt_count,
            max_attempts=detail.max_attempts,
            next_retry_at=detail.next_retry_at,
            base_seconds=detail.retry_delay_seconds,
            exponential=detail.exponential_backoff,
            now=now,
        )
        if detail.status in statuses.RETRYABLE:
            rows = [(f"{s.number}/{detail.max_attempts}", f"{timefmt.absolute(s.earliest, zone)} ({timefmt.relative(s.earliest, now)})") for s in schedule]
        else:
            rows = []
        if not rows:
            rows = [(self.tr("No further attempt"), "")]
        self._fill(self.schedule, rows)
        self._fill(
            self.webhooks,
            [
                (
                    timefmt.absolute(h.received_at, zone, seconds=True),
                    h.webhook_type,
                    h.status,
                    self.tr("yes") if h.processed else self.tr("no"),
                    engine_text.translate(h.processing_error),
                    str(h.id),
                )
                for h in detail.webhooks
            ],
        )
        self.tabs.setTabText(2, self.tr("Webhooks ({n})").format(n=len(detail.webhooks)))
        self._set_actions_enabled(True)

    def _timeline_rows(self, d: AttemptDetail, zone: str) -> list[tuple[str, str]]:
        events = [
            (self.tr("Created"), d.created_at),
            (self.tr("First attempt"), d.first_attempt_at),
            (self.tr("Last attempt"), d.last_attempt_at),
            (self.tr("Sent"), d.sent_at),
            (self.tr("Delivered"), d.delivered_at),
            (self.tr("Next retry"), d.next_retry_at),
        ]
        return [(name, timefmt.absolute(when, zone, seconds=True) if when else "—") for name, when in events]

    @staticmethod
    def _fill(table: QTableWidget, rows: list[tuple[str, ...]]) -> None:
        table.setRowCount(len(rows))
        for r, values in enumerate(rows):
            for c, value in enumerate(values):
                table.setItem(r, c, QTableWidgetItem(value))

    def _show_message(self) -> None:
        detail = self.detail
        if detail is None:
            return
        # Whole text hidden for a credential-bearing type or category; in any other message (a
        # reset sent as a notification) only the secrets the Django templates put there.
        kind, category, text = detail.message_type, detail.category, detail.message_content
        sensitive = redaction.is_sensitive_kind(kind, category)
        hides = sensitive or redaction.holds_secret(text, message_type=kind, category=category)
        if sensitive and not self.revealed:
            self.message.setPlainText(MASK + "\n" + self.tr("(credentials or code hidden — Reveal to show it)"))
        elif hides and not self.revealed:
            self.message.setPlainText(redaction.redact(text, message_type=kind, category=category))
        else:
            self.message.setPlainText(text)
        self.reveal_button.setVisible(hides)
        self.reveal_button.setEnabled(hides and not self.revealed)

    def _reveal(self) -> None:
        if self.detail is None or self.session.audit is None:
            return
        self.revealed = True
        self._show_message()
        audit = self.session.audit
        self.tracker.run(lambda: audit.record("reveal", target=f"ids {self.attempt_id}", row_count=1, details={"interface": "detail window"}))

    # -- actions ------------------------------------------------------------------------------
    def _state(self) -> rules.AttemptState | None:
        d = self.detail
        if d is None:
            return None
        return rules.AttemptState(d.status, d.attempt_count, d.max_attempts, d.created_at, d.next_retry_at, d.last_attempt_at)

    def _set_actions_enabled(self, loaded: bool) -> None:
        state = self._state() if loaded else None
        database = self.session.database
        writable = database is not None and not database.read_only
        self.retry_button.setEnabled(bool(state and writable and rules.can_retry_now(state)))
        self.cancel_button.setEnabled(bool(state and writable and rules.can_cancel(state)))
        self.reset_button.setEnabled(bool(state and writable and state.status == statuses.Status.SENDING))
        self.copy_button.setEnabled(state is not None)

    def _busy(self, text: str) -> None:
        self.busy_label.setText(text)
        for button in (self.retry_button, self.cancel_button, self.reset_button):
            button.setEnabled(False)

    def _done(self, message: str) -> None:
        self.busy_label.setText(message)
        self.changed.emit(self.attempt_id)
        self.load()

    def _retry(self) -> None:
        database = self.session.database
        if database is None:
            return
        self._busy(self.tr("Sending…"))
        session = self.session

        def work() -> Any:
            return actions.retry_now(database, session.provider(), [self.attempt_id], audit=session.audit, health=session.health)

        def finished(report: Any) -> None:
            if report.aborted:
                self._done(self.tr("Not sent: {reason}").format(reason=report.aborted))
            elif not report.results and report.provider_down:
                self._done(self.tr("Not sent, no try counted: the provider is down ({where})").format(where=outage_text.where(report.unreachable)))
            elif not report.results:
                self._done(self.tr("Not sent: its state changed meanwhile"))
            else:
                result = report.results[0]
                if result.outcome == "sent":
                    self._done(self.tr("Sent"))
                elif result.outcome == "not_sent":
                    self._done(self.tr("Not sent, no try counted: {error}").format(error=result.error_message))
                else:
                    self._done(self.tr("Failed: {error}").format(error=result.error_message or result.outcome))

        self.tracker.run(work, on_result=finished, on_error=self._action_failed)

    def _cancel(self) -> None:
        database = self.session.database
        if database is None:
            return
        answer = QMessageBox.question(self, self.tr("Cancel attempt"), self.tr("Cancel attempt #{id}? It will not be sent.").format(id=self.attempt_id))
        if answer != QMessageBox.StandardButton.Yes:
            return
        self._busy(self.tr("Cancelling…"))
        self.tracker.run(
            actions.cancel_attempts,
            database,
            [self.attempt_id],
            audit=self.session.audit,
            on_result=lambda report: self._done(self.tr("Cancelled") if report.done else self.tr("Not cancelled: its state changed meanwhile")),
            on_error=self._action_failed,
        )

    def _reset(self) -> None:
        database = self.session.database
        if database is None:
            return
        answer = QMessageBox.question(
            self,
            self.tr("Reset stuck"),
            self.tr("Give attempt #{id} back to the retry schedule? If a send is still running elsewhere, the message may go out twice.").format(id=self.attempt_id),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self._busy(self.tr("Resetting…"))
        self.tracker.run(
            actions.reset_stuck,
            database,
            ids=[self.attempt_id],
            force=True,
            audit=self.session.audit,
            on_result=lambda recovered: self._done(self.tr("Reset") if recovered else self.tr("Not reset: its state changed meanwhile")),
            on_error=self._action_failed,
        )

    def _action_failed(self, error: BaseException) -> None:
        self.busy_label.setText("")
        self.session.report_problem(error)
        QMessageBox.warning(self, self.tr("Action failed"), user_message(error))
        self.load()

    def _copy_phone(self) -> None:
        if self.detail is not None:
            QGuiApplication.clipboard().setText(self.detail.phone_number)
            self.busy_label.setText(self.tr("Phone copied"))
