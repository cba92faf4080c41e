"""Ask how old is old enough, show the exact number of attempts that would go, then confirm."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QSpinBox, QVBoxLayout, QWidget

from waadmin.db.database import Database
from waadmin.engine import cleanup
from waadmin.ui.tasks import TaskTracker, user_message


class CleanupDialog(QDialog):
    def __init__(self, tracker: TaskTracker, database: Database, days: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("cleanupDialog")
        self.setWindowTitle(self.tr("Clean up old attempts"))
        self.tracker = tracker
        self.database = database
        self.count: int | None = None
        self._generation = 0
        self.days = QSpinBox()
        self.days.setObjectName("cleanupDays")
        self.days.setRange(1, cleanup.MAX_DAYS)
        self.days.setValue(max(1, days))
        self.days.setSuffix(self.tr(" days"))
        explanation = QLabel(
            self.tr("Deletes attempts that are finished (sent, delivered, read, failed permanently or cancelled) and older than this. Waiting, sending and retrying attempts are never deleted; webhook logs are kept.")
        )
        explanation.setWordWrap(True)
        self.summary = QLabel()
        self.summary.setObjectName("cleanupCount")
        self.summary.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.delete_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.delete_button.setText(self.tr("Delete"))
        self.delete_button.setObjectName("cleanupDelete")
        self.delete_button.setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("Older than:"), self.days)
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addWidget(self.buttons)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(300)
        self._timer.timeout.connect(self._recount)
        self.days.valueChanged.connect(lambda _: (self.delete_button.setEnabled(False), self._timer.start()))
        self._recount()

    def _recount(self) -> None:
        self._generation += 1
        generation = self._generation
        days = self.days.value()
        self.summary.setText(self.tr("Counting…"))
        self.tracker.run(
            cleanup.count_cleanable,
            self.database,
            days,
            on_result=lambda count: self._show(generation, days, count),
            on_error=lambda error: self.summary.setText("❌ " + user_message(error)),
        )

    def _show(self, generation: int, days: int, count: int) -> None:
        if generation != self._generation:
            return
        self.count = count
        if count:
            self.summary.setText(self.tr("{count} finished attempts older than {days} days will be deleted.").format(count=f"{count:,}", days=days))
        else:
            self.summary.setText(self.tr("Nothing to delete: no finished attempt is older than {days} days.").format(days=days))
        self.delete_button.setEnabled(count > 0 and not self.database.read_only)
