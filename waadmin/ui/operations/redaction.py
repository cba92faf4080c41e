""""Redact sensitive messages…": the dialog counts and shows a masked sample, then the engine
redacts in committed chunks behind a cancellable progress dialog (waadmin.engine.redact)."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMessageBox, QWidget

from waadmin.engine import redact
from waadmin.ui.dialogs.redact_dialog import RedactDialog
from waadmin.ui.operations.runner import LongActions
from waadmin.ui.session import Session
from waadmin.ui.tasks import TaskTracker


class RedactionActions(QObject):
    def __init__(self, session: Session, tracker: TaskTracker, long_actions: LongActions, parent: QWidget) -> None:
        super().__init__(parent)
        self.session = session
        self.tracker = tracker
        self.long_actions = long_actions
        self.parent_widget = parent

    def redact_sensitive(self) -> None:
        database = self.session.database
        if database is None:
            return
        dialog = RedactDialog(self.tracker, database, parent=self.parent_widget)
        if not dialog.exec() or not dialog.count or dialog.plan is None:
            return
        count = dialog.count
        self.long_actions.start(
            self.tr("Redact sensitive messages"),
            self.tr("Masking the secrets of {n} messages…").format(n=count),
            redact.redact,
            database,
            dialog.older_than(),
            audit=self.session.audit,
            total=dialog.plan.examined,
            interface_detail="gui",
            describe=lambda p: self.tr("{done} of {total} examined").format(done=p.done, total=p.total or dialog.plan.examined),
            on_done=self._report,
        )

    def _report(self, report: redact.RedactReport) -> None:
        text = self.tr("{n} messages redacted.").format(n=report.redacted)
        if report.skipped:
            text += " " + self.tr("{n} left as they were: they changed meanwhile.").format(n=report.skipped)
        if report.stopped:
            text += " " + self.tr("Stopped on request; what was done is kept.")
        if report.error:
            text += " " + self.tr("Interrupted: {reason}").format(reason=report.error)
        QMessageBox.information(self.parent_widget, self.tr("Redact sensitive messages"), text)
