"""Ask how long after they finished sensitive messages lose their secrets, show how many would
and a sample as it would read afterwards, then confirm."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QLocale, QTimer
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QPlainTextEdit, QSpinBox, QVBoxLayout, QWidget

from waadmin.db.database import Database
from waadmin.engine import redact
from waadmin.ui import engine_text, retranslate
from waadmin.ui.tasks import TaskTracker, user_message

HOURS_RANGE = (1, 24 * 3650)


class RedactDialog(QDialog):
    def __init__(self, tracker: TaskTracker, database: Database, hours: int = 24, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("redactDialog")
        self.setWindowTitle(self.tr("Redact sensitive messages"))
        self.tracker = tracker
        self.database = database
        self.plan: redact.RedactReport | None = None
        self._generation = 0
        self.hours = QSpinBox(objectName="redactHours")
        self.hours.setRange(*HOURS_RANGE)
        self.hours.setValue(max(HOURS_RANGE[0], hours))
        self.hours.setSuffix(self.tr(" h"))
        explanation = QLabel(
            self.tr(
                "Replaces the temporary passwords, verification codes and reset links in account, credentials and OTP messages "
                "with a mask, keeping the rest of each message readable. Only messages finished (sent, delivered, read, failed "
                "permanently or cancelled) longer ago than this are changed; a message that may still be sent keeps its text. "
                "This cannot be undone."
            )
        )
        explanation.setWordWrap(True)
        self.summary = QLabel(objectName="redactCount")
        self.summary.setWordWrap(True)
        self.sample = QPlainTextEdit(objectName="redactSample")
        self.sample.setReadOnly(True)
        self.sample.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.sample.setMaximumHeight(140)
        self.sample.setVisible(False)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.redact_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.redact_button.setText(self.tr("Redact"))
        self.redact_button.setObjectName("redactConfirm")
        self.redact_button.setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("Finished more than:"), self.hours)
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addWidget(self.sample)
        layout.addWidget(self.buttons)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(300)
        self._timer.timeout.connect(self._recount)
        self.hours.valueChanged.connect(lambda _: (self.redact_button.setEnabled(False), self._timer.start()))
        self._recount()

    def older_than(self) -> timedelta:
        return timedelta(hours=self.hours.value())

    @property
    def count(self) -> int:
        return self.plan.matched if self.plan is not None else 0

    def _recount(self) -> None:
        self._generation += 1
        generation = self._generation
        hours = self.hours.value()
        self.summary.setText(self.tr("Counting…"))
        self.tracker.run(
            redact.redact,
            self.database,
            self.older_than(),
            dry_run=True,
            on_result=lambda plan: self._show(generation, hours, plan),
            on_error=lambda error: retranslate.set_text(self.summary, lambda: "❌ " + user_message(error)),
        )

    def _show(self, generation: int, hours: int, plan: redact.RedactReport) -> None:
        if generation != self._generation:
            return
        self.plan = plan
        retranslate.set_text(self.summary, lambda: self._summary_text(hours, plan))
        self.sample.setPlainText("\n\n".join(f"#{attempt_id}: {text}" for attempt_id, text in plan.sample))
        self.sample.setVisible(bool(plan.sample))
        self.redact_button.setEnabled(plan.matched > 0 and not plan.error and not self.database.read_only)

    def _summary_text(self, hours: int, plan: redact.RedactReport) -> str:
        if plan.error:
            return "❌ " + engine_text.translate(plan.error)
        if plan.matched:
            return self.tr("{count} finished sensitive messages older than {hours} h hold a secret that will be masked. For example, afterwards:").format(
                count=QLocale().toString(plan.matched), hours=hours
            )
        return self.tr("Nothing to redact: no finished sensitive message older than {hours} h holds a secret.").format(hours=hours)
