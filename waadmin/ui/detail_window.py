"""One attempt in full, in its own window: every field, the message (masked for credential and
OTP messages until revealed, and each reveal audited), JSON, timeline, the remaining retry
schedule, webhook logs, and the commands the attempt's state allows: the main window's own
(waadmin.ui.commands), with their rules, shortcuts and confirmations, acting on this attempt."""

from __future__ import annotations

import json
from typing import Any, Protocol

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtGui import QAction, QFontDatabase, QKeySequence, QShortcut
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
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from waadmin.db.detail import get_attempt
from waadmin.db.rows import AttemptDetail
from waadmin.db.types import InvalidJSON
from waadmin.domain import backoff, redaction, statuses
from waadmin.domain.clock import utcnow
from waadmin.engine import shown_answers
from waadmin.ui import commands, engine_text, labels, retranslate, status_style, timefmt
from waadmin.ui.commands import CommandState, Target
from waadmin.ui.json_text import compact_json
from waadmin.ui.resources import icon
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


class CommandHost(Protocol):
    """The main window, as the detail window sees it: where the commands' work is done."""

    batch_finished: Any

    def command_state(self, rows: tuple[Any, ...] = (), *, all_matching: bool = False) -> CommandState: ...

    def read_only_tip(self) -> str: ...


class AttemptDetailWindow(QWidget):
    changed = Signal(int)  # the attempt changed through this window

    def __init__(self, attempt_id: int, session: Session, tracker: TaskTracker, time_zone: str, parent: QWidget | None = None, *, host: CommandHost) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.host = host
        self.setObjectName("attemptDetail")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.attempt_id = attempt_id
        self.session = session
        self.tracker = tracker
        self.time_zone = time_zone
        self.detail: AttemptDetail | None = None
        self.revealed = False
        retranslate.keep(self, "windowTitle", lambda: self.tr("Attempt #{id}").format(id=attempt_id), self.setWindowTitle, self.windowTitle)
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
        for key, _title in self._field_titles():
            value = QLabel()
            value.setObjectName(f"field_{key}")
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setWordWrap(True)
            name = QLabel()
            name.setObjectName(f"fieldName_{key}")
            self.fields.addRow(name, value)
            self.field_labels[key] = value
        self._field_names()

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
        self.webhooks = QTableWidget(0, 7)
        self.webhooks.setObjectName("webhooksTable")
        for table, headers in (
            (self.timeline, [self.tr("Event"), self.tr("When")]),
            (self.schedule, [self.tr("Attempt"), self.tr("Earliest time")]),
            (self.webhooks, [self.tr("Received"), self.tr("Type"), self.tr("Status"), self.tr("Processed"), self.tr("Error"), self.tr("Log id"), self.tr("Payload")]),
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
        self.tabs.addTab(self.context_json, self.tr("Context data"))
        self.tabs.addTab(self.response_json, self.tr("Provider response"))

        # The main window's commands, made here from the same declarations: same rules, same
        # shortcuts (typed in this window), same confirmations; they act on this attempt.
        self.actions_by_id: dict[str, QAction] = {}
        self.buttons: dict[str, QToolButton] = {}
        buttons = QHBoxLayout()
        for command_id in commands.DETAIL_COMMANDS:
            command = commands.BY_ID[command_id]
            slot = command.slot_of(host)
            action = commands.make_action(command, self, icon(command.icon), lambda slot=slot: slot(self.target()), one=True)
            self.addAction(action)
            self.actions_by_id[command_id] = action
            button = QToolButton()
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            button.setObjectName(f"detail_{command_id}")
            self.buttons[command_id] = button
            buttons.addWidget(button)
        self.retry_button = self.buttons["actRetrySelected"]
        self.cancel_button = self.buttons["actCancelSelected"]
        self.reset_button = self.buttons["actResetRow"]
        self.copy_button = self.buttons["actCopyPhone"]
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.refresh_button.setObjectName("detailRefresh")
        self.refresh_button.setToolTip(self.tr("Read this attempt again (F5)"))
        QShortcut(QKeySequence("F5"), self, activated=self.load)
        close_button = QPushButton(self.tr("Close"))
        self.refresh_button.clicked.connect(self.load)
        close_button.clicked.connect(self.close)
        self.busy_label = QLabel()
        self.busy_label.setObjectName("detailBusy")
        # A long action (a retry, from here or the main window) may have changed this attempt.
        host.batch_finished.connect(self._after_batch)

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
        self.update_commands()
        self.load()

    def _field_titles(self) -> tuple[tuple[str, str], ...]:
        return (
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
        )

    def _field_names(self) -> None:
        """The form's field names, in the current language ("Téléphone :" in French)."""
        for key, title in self._field_titles():
            name = self.fields.labelForField(self.field_labels[key])
            if isinstance(name, QLabel):
                name.setText(self.tr("{field}:").format(field=title))

    # -- loading ------------------------------------------------------------------------------
    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange and hasattr(self, "tracker"):
            self._field_names()
            self.load()  # fields, timeline and schedule are built from the attempt in the new language

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
            self.update_commands()
            return
        self.detail = detail
        zone = self.time_zone
        self.heading.setText(self.tr("Attempt #{id}").format(id=detail.id))
        self.status_label.setText(labels.status(detail.status))
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
        f["type"].setText(f"{labels.message_type(detail.message_type)} ({detail.message_type}) / {detail.category or '—'}")
        f["priority"].setText(f"{detail.priority} · {labels.priority(detail.priority)}")
        f["title"].setText(detail.title or "—")
        automatic = self.tr("automatic")
        f["routing"].setText(f"{detail.sender_role or '—'} / {detail.region_override or automatic}")
        f["attempts"].setText(f"{detail.attempt_count} / {detail.max_attempts}")
        mode = self.tr("exponential") if detail.exponential_backoff else self.tr("fixed")
        f["backoff"].setText(self.tr("{seconds} s base, {mode}").format(seconds=detail.retry_delay_seconds, mode=mode))
        f["provider_id"].setText(detail.provider_message_id or "—")
        self.revealed = False
        self._show_message()
        self.context_json.setPlainText(pretty_json(detail.context_data))
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
        self.tabs.setTabText(2, self.tr("Webhooks ({n})").format(n=len(detail.webhooks)))
        self.update_commands()

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
        # The provider's answers (the provider_response tab, the last error that quotes it, the
        # webhook payloads) can echo the code or password: masked with the message, revealed with it.
        answers = shown_answers.of_detail(detail, reveal=self.revealed)
        code = f"{labels.error_code(detail.error_code)} ({detail.error_code})" if detail.error_code else ""
        error = answers.error_message
        self.field_labels["error"].setText(self.tr("{code}: {message}").format(code=code, message=error) if code and error else (error or "—"))
        self.response_json.setPlainText(pretty_json(answers.provider_response))
        self._fill(
            self.webhooks,
            [
                (
                    timefmt.absolute(h.received_at, self.time_zone, seconds=True),
                    labels.webhook_type(h.webhook_type),
                    labels.webhook_status(h.status),
                    self.tr("yes") if h.processed else self.tr("no"),
                    engine_text.translate(h.processing_error),
                    str(h.id),
                    compact_json(payload),
                )
                for h, payload in zip(detail.webhooks, answers.payloads, strict=True)
            ],
        )
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
        hides = hides or answers.hides
        self.reveal_button.setVisible(hides)
        self.reveal_button.setEnabled(hides and not self.revealed)

    def _reveal(self) -> None:
        if self.detail is None or self.session.audit is None:
            return
        self.revealed = True
        self._show_message()
        audit = self.session.audit
        self.tracker.run(lambda: audit.record("reveal", target=f"ids {self.attempt_id}", row_count=1, details={"interface": "detail window"}))

    # -- commands ------------------------------------------------------------------------------
    def target(self) -> Target:
        """This attempt, for the commands: their questions and reports open over this window,
        and it is read again once they are done."""
        rows = (self.detail,) if self.detail is not None else ()
        return Target(rows, origin=self, after=self._after_command, note=lambda text: retranslate.set_text(self.busy_label, text))

    def update_commands(self) -> None:
        """Enabled as the main window's rules say for this attempt alone."""
        rows = (self.detail,) if self.detail is not None else ()
        commands.update_actions([commands.BY_ID[i] for i in commands.DETAIL_COMMANDS], self.actions_by_id, self.host.command_state(rows), self.host.read_only_tip())
        # Shown where it applies, as in the list's row menu (a send stuck in 'sending').
        self.reset_button.setVisible(self.actions_by_id["actResetRow"].isVisible())

    def _after_command(self) -> None:
        self.changed.emit(self.attempt_id)
        self.load()

    def _after_batch(self, _result: object) -> None:
        if self.isVisible():
            self.load()
