"""Cancelling attempts and giving stuck sends back to the retry schedule: the list's selection or
a detail window's attempt, and "Reset stuck" for every send stuck past its lease. Each asks first
and reports what was done and what was left alone."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from waadmin.db import transitions
from waadmin.domain import statuses
from waadmin.domain.clock import utcnow
from waadmin.engine import actions
from waadmin.ui import retranslate
from waadmin.ui.commands import Target
from waadmin.ui.operations.bulk_actions import BulkActions
from waadmin.ui.session import Session
from waadmin.ui.settings import Preferences
from waadmin.ui.tasks import TaskTracker


class CancelAndReset(QObject):
    finished = Signal(object)  # the report of a cancel or a reset (the window passes it on)

    def __init__(
        self,
        session: Session,
        tracker: TaskTracker,
        prefs: Preferences,
        bulk: BulkActions,
        parent: QWidget,
        *,
        show_error: Callable[[BaseException], None],
        show_status: Callable[[retranslate.TextBuilder | str, int], None],
        refresh: Callable[[], None],
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.tracker = tracker
        self.prefs = prefs
        self.bulk = bulk
        self.parent_widget = parent
        self.show_error = show_error
        self.show_status = show_status
        self.refresh = refresh

    def cancel_rows(self, target: Target) -> None:
        database = self.session.database
        if target.all_matching:
            self.bulk.cancel_matching()
            return
        ids = target.ids
        if not ids or database is None:
            return
        origin = target.origin or self.parent_widget
        answer = QMessageBox.question(origin, self.tr("Cancel selected"), self.tr("Cancel %n selected attempts? Those still waiting will not be sent.", "", len(ids)))
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.tracker.run(
            actions.cancel_attempts,
            database,
            ids,
            audit=self.session.audit,
            on_result=lambda report: (self._report_cancel(report), target.done()),
            on_error=lambda error: (self.show_error(error), target.done()),
        )

    def _report_cancel(self, report: actions.ActionReport) -> None:
        self.show_status(
            lambda: self.tr("Cancelled: {done}. Not cancelled (already sending or finished): {skipped}.").format(done=len(report.done), skipped=len(report.skipped)),
            10000,
        )
        self.finished.emit(report)
        self.refresh()

    def reset_stuck(self) -> None:
        database = self.session.database
        if database is None:
            return
        lease = timedelta(minutes=self.prefs.lease_minutes)
        self.tracker.run(transitions.count_stuck, database, utcnow(), lease, on_result=self._confirm_reset, on_error=self.show_error)

    def _confirm_reset(self, count: int) -> None:
        database = self.session.database
        if database is None:
            return
        parent = self.parent_widget
        if count == 0:
            QMessageBox.information(parent, self.tr("Reset stuck"), self.tr("No send has been stuck for more than {n} minutes.").format(n=self.prefs.lease_minutes))
            return
        answer = QMessageBox.question(
            parent,
            self.tr("Reset stuck"),
            self.tr("%n attempts have been in 'sending' for more than {m} minutes. Give them back to the retry schedule?", "", count).format(m=self.prefs.lease_minutes),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.tracker.run(
            actions.reset_stuck,
            database,
            lease=timedelta(minutes=self.prefs.lease_minutes),
            audit=self.session.audit,
            on_result=self._report_reset,
            on_error=self.show_error,
        )

    def reset_stuck_row(self, target: Target) -> None:
        rows = list(target.rows)
        database = self.session.database
        if len(rows) != 1 or database is None or rows[0].status != statuses.Status.SENDING:
            return
        attempt_id = rows[0].id
        answer = QMessageBox.question(
            target.origin or self.parent_widget,
            self.tr("Reset stuck"),
            self.tr("Give attempt #{id} back to the retry schedule? If a send is still running elsewhere, the message may go out twice.").format(id=attempt_id),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.tracker.run(
            actions.reset_stuck,
            database,
            ids=[attempt_id],
            force=True,
            audit=self.session.audit,
            on_result=lambda recovered: (self._report_reset(recovered, parent=target.origin), target.done()),
            on_error=lambda error: (self.show_error(error), target.done()),
        )

    def _report_reset(self, recovered: list[transitions.Recovered], parent: QWidget | None = None) -> None:
        ids = ", ".join(f"#{r.id}" for r in recovered[:30])
        QMessageBox.information(
            parent or self.parent_widget,
            self.tr("Reset stuck"),
            self.tr("%n attempts are back in the retry schedule. They may have reached the provider before their sender stopped: {ids}", "", len(recovered)).format(ids=ids),
        )
        self.finished.emit(recovered)
        self.refresh()
