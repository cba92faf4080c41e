"""Ask how old is old enough, show the exact number of attempts that would go, then confirm.

Deleting takes a click on the button that names the count ("Delete 812 attempts"): Enter in the
days box, which a user presses to take the number typed, must never delete."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QPushButton, QSpinBox, QVBoxLayout, QWidget

from waadmin.db.database import Database
from waadmin.engine import cleanup
from waadmin.ui import retranslate
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
        self._counted_days = 0
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
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.delete_button = QPushButton(self.tr("Delete"))
        self.delete_button.setObjectName("cleanupDelete")
        self.delete_button.setEnabled(False)
        # Never the default button: a dialog's Enter presses the default (or focused
        # auto-default) button, and Enter in the days box deleted 812 rows at once.
        self.delete_button.setAutoDefault(False)
        self.delete_button.setDefault(False)
        self.buttons.addButton(self.delete_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        self.delete_button.clicked.connect(self.accept)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setAutoDefault(False)
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
        self.days.valueChanged.connect(lambda _: self._changed())
        self.setMinimumWidth(520)
        self._recount()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange and getattr(self, "count", None) is not None:
            self._show(self._generation, self._counted_days, self.count)  # "Delete 1 253 attempts" in the new language

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt signature
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            # The days box has taken the value; Enter does nothing more here.
            event.accept()
            return
        super().keyPressEvent(event)

    def _changed(self) -> None:
        if self.count is not None and self.days.value() == self._counted_days:
            return  # Enter in the box says the same value again (QSpinBox emits it anyway)
        self.count = None
        self.delete_button.setEnabled(False)
        self.delete_button.setText(self.tr("Delete"))
        self._timer.start()

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
            on_error=lambda error: retranslate.set_text(self.summary, lambda: "❌ " + user_message(error)),
        )

    def _show(self, generation: int, days: int, count: int) -> None:
        if generation != self._generation:
            return
        self.count = count
        self._counted_days = days
        if count:
            self.summary.setText(self.tr("%Ln finished attempts older than {days} days will be deleted.", "", count).format(days=days))
            self.delete_button.setText(self.tr("Delete %Ln attempts", "", count))
        else:
            self.summary.setText(self.tr("Nothing to delete: no finished attempt is older than {days} days.").format(days=days))
            self.delete_button.setText(self.tr("Delete"))
        self.delete_button.setEnabled(count > 0 and not self.database.read_only)
