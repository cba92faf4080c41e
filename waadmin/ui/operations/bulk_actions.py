""""Retry all matching" and "Cancel all matching": what the filter shows, across all pages.
The plan (exact count, states, a sample) is computed in the background and shown in a dialog;
one confirmation, then the engine runs in chunks behind a cancellable progress dialog."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QLocale, QObject
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QMessageBox,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from waadmin.domain.filters import AttemptFilter
from waadmin.domain.statuses import CANCELLABLE
from waadmin.engine import actions, bulk
from waadmin.engine.retry import RetryOptions
from waadmin.ui import labels, outage_text, timefmt
from waadmin.ui.attempts_model import shown_error
from waadmin.ui.operations.runner import LongActions
from waadmin.ui.session import Session
from waadmin.ui.settings import Preferences
from waadmin.ui.tasks import TaskTracker


class BulkConfirmDialog(QDialog):
    """The count, the states it covers and a sample, before anything is changed."""

    def __init__(self, title: str, question: str | Callable[[int], str], plan: bulk.BulkPlan, *, confirm: str, keep: str, offer_reopen: bool, time_zone: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("bulkConfirmDialog")
        self.setWindowTitle(title)
        self.plan = plan
        layout = QVBoxLayout(self)
        # The question may depend on the extra tries (how many can be sent now): it follows the box.
        self._question = question if callable(question) else (lambda _extra, text=question: text)
        self.question = QLabel(self._question(0))
        self.question.setObjectName("bulkQuestion")
        self.question.setWordWrap(True)
        layout.addWidget(self.question)
        states = ", ".join(f"{labels.status(s)}: {QLocale().toString(n)}" for s, n in sorted(plan.by_status.items()))
        breakdown = QLabel(self.tr("Matching now: {states}").format(states=states))
        breakdown.setWordWrap(True)
        layout.addWidget(breakdown)
        self.sample = QTableWidget(len(plan.sample), 5)
        self.sample.setObjectName("bulkSample")
        self.sample.setHorizontalHeaderLabels([self.tr("ID"), self.tr("Created"), self.tr("Phone"), self.tr("Status"), self.tr("Last error")])
        for row, item in enumerate(plan.sample):
            values = [str(item.id), timefmt.absolute(item.created_at, time_zone), item.phone_number, labels.status(item.status), shown_error(item)[:80]]
            for column, value in enumerate(values):
                self.sample.setItem(row, column, QTableWidgetItem(value))
        self.sample.verticalHeader().setVisible(False)
        self.sample.horizontalHeader().setStretchLastSection(True)
        self.sample.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.sample.resizeColumnsToContents()
        layout.addWidget(self.sample, 1)
        self.extra = QSpinBox()
        self.extra.setObjectName("bulkExtraAttempts")
        self.extra.setRange(0, bulk.MAX_EXTRA_ATTEMPTS)
        self.extra.setValue(0)
        self.extra.valueChanged.connect(lambda value: self.question.setText(self._question(value)))
        if offer_reopen and plan.final:
            form = QFormLayout()
            form.addRow(self.tr("Give the %Ln permanently failed attempts this many more tries:", "", plan.final), self.extra)
            layout.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setObjectName("bulkConfirm")
        # The buttons say what they do ("Send now", "Cancel them"), never a bare OK, and the way
        # out says nothing changes (a "Cancel" button beside "cancel these attempts" would be read
        # both ways).
        self.ok_button.setText(confirm)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(keep)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(760, 420)


class BulkActions(QObject):
    def __init__(
        self,
        session: Session,
        tracker: TaskTracker,
        prefs: Preferences,
        long_actions: LongActions,
        parent: QWidget,
        *,
        current_filter: Callable[[], AttemptFilter],
        show_error: Callable[[BaseException], None],
        show_provider_health: Callable[[], None],
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.tracker = tracker
        self.prefs = prefs
        self.long_actions = long_actions
        self.parent_widget = parent
        self.current_filter = current_filter  # the list's filters, all of them (what "matching" means)
        self.show_error = show_error
        self.show_provider_health = show_provider_health
        self.dialog: BulkConfirmDialog | None = None

    def _filter(self) -> AttemptFilter:
        return self.current_filter()

    # -- retry -------------------------------------------------------------------------------
    def retry_matching(self) -> None:
        database = self.session.database
        if database is None:
            return
        flt = self._filter()
        self.tracker.run(bulk.plan, database, flt, on_result=lambda plan: self._confirm_retry(flt, plan), on_error=self.show_error)

    def _confirm_retry(self, flt: AttemptFilter, plan: bulk.BulkPlan) -> None:
        title = self.tr("Retry all matching")
        if plan.retryable_now == 0 and plan.final == 0:
            QMessageBox.information(self.parent_widget, title, self.tr("None of the %Ln matching attempts can be sent: they are sent, sending, cancelled or out of attempts.", "", plan.count))
            return

        def question(extra: int) -> str:
            # Permanently failed ones can be sent only with extra tries: the count follows the box.
            ready = plan.retryable_now + (plan.final if extra else 0)
            matched = self.tr("%Ln attempts match the filter.", "", plan.count)
            if ready == 0:
                return matched + " " + self.tr("None can be sent now: give the permanently failed ones more tries below.")
            return matched + " " + self.tr("%Ln of them can be sent now, before their retry time. Nothing is changed until you confirm. Send them?", "", ready)

        self.dialog = BulkConfirmDialog(
            title, question, plan, confirm=self.tr("Send now"), keep=self.tr("Change nothing"), offer_reopen=True,
            time_zone=self.prefs.time_zone, parent=self.parent_widget,
        )
        dialog = self.dialog
        dialog.ok_button.setEnabled(plan.retryable_now > 0)
        dialog.extra.valueChanged.connect(lambda extra: dialog.ok_button.setEnabled(plan.retryable_now > 0 or extra > 0))
        if self.dialog.exec() != QDialog.DialogCode.Accepted:
            return
        extra = self.dialog.extra.value()
        if plan.retryable_now == 0 and not extra:
            return  # nothing it could send
        session = self.session
        database = self.session.database
        description = flt.describe()

        def work(progress: Any, stop: Any) -> bulk.BulkRetryReport:
            return bulk.retry_matching(
                database, session.provider(), flt, extra_attempts=extra, options=RetryOptions(), audit=session.audit,
                description=description, total=plan.count, progress=progress, stop=stop, limiter=session.limiter,
                health=session.health,
            )

        self.long_actions.start(
            title,
            self.tr("Sending the matching attempts…"),
            work,
            total=plan.count,
            describe=lambda p: self.tr("{done} of {total} gone through").format(done=QLocale().toString(p.done), total=QLocale().toString(plan.count)),
            on_done=lambda report: self._report_retry(title, report),
        )

    def _report_retry(self, title: str, report: bulk.BulkRetryReport) -> None:
        self.long_actions.show_summary(title, lambda: self._retry_text(report), warning=bool(report.aborted or report.unreachable or report.not_sent))
        self.show_provider_health()

    def _retry_text(self, report: bulk.BulkRetryReport) -> str:
        lines = [
            self.tr("Sent: {n}").format(n=report.success),
            self.tr("Failed: {n} (permanently: {final})").format(n=report.failed, final=report.final_failures),
        ]
        if report.skipped:
            lines.append(self.tr("Skipped (changed meanwhile, already sent or out of attempts): {n}").format(n=report.skipped))
        kept = report.reopened - report.restored
        if kept > 0:
            lines.append(self.tr("Permanently failed attempts given new tries: {n}").format(n=kept))
        if report.rate_limited:
            lines.append(self.tr("Postponed by the provider's rate limit: {n}").format(n=report.rate_limited))
        if report.stopped:
            lines.append(self.tr("Stopped on request; sends in progress were finished and recorded."))
            if report.not_reached:
                lines.append(self.tr("Not sent, left exactly as they were: %Ln", "", report.not_reached))
            if report.restored:
                lines.append(self.tr("Extra tries given and not used, taken back: %Ln", "", report.restored))
        elif report.restored:
            lines.append(self.tr("Extra tries not used, taken back: %Ln", "", report.restored))
        if report.aborted:
            lines.append(self.tr("Interrupted: {reason}").format(reason=report.aborted))
        outage = outage_text.summary_lines(report, self.session.health.policy.threshold)
        if outage:
            lines = [*outage, "", *lines]
        return "\n".join(lines)

    # -- cancel ------------------------------------------------------------------------------
    def cancel_matching(self) -> None:
        database = self.session.database
        if database is None:
            return
        flt = self._filter()
        scoped = flt.with_(statuses=frozenset(flt.statuses & CANCELLABLE if flt.statuses else CANCELLABLE))
        self.tracker.run(bulk.plan, database, scoped, on_result=lambda plan: self._confirm_cancel(flt, scoped, plan), on_error=self.show_error)

    def _confirm_cancel(self, flt: AttemptFilter, scoped: AttemptFilter, plan: bulk.BulkPlan) -> None:
        title = self.tr("Cancel all matching")
        if plan.count == 0:
            QMessageBox.information(self.parent_widget, title, self.tr("No matching attempt is still waiting: nothing to cancel."))
            return
        question = self.tr("%Ln matching attempts are still waiting. Cancel them all? They will not be sent.", "", plan.count)
        self.dialog = BulkConfirmDialog(
            title, question, plan, confirm=self.tr("Cancel them"), keep=self.tr("Change nothing"), offer_reopen=False,
            time_zone=self.prefs.time_zone, parent=self.parent_widget,
        )
        if self.dialog.exec() != QDialog.DialogCode.Accepted:
            return
        database = self.session.database
        audit = self.session.audit
        description = flt.describe()

        def work(progress: Any, stop: Any) -> actions.ActionReport:
            return actions.cancel_matching(database, scoped, audit=audit, filter_description=description, total=plan.count, progress=progress, stop=stop)

        self.long_actions.start(
            title,
            self.tr("Cancelling the matching attempts…"),
            work,
            total=plan.count,
            describe=lambda p: self.tr("{done} of {total} gone through").format(done=QLocale().toString(p.done), total=QLocale().toString(plan.count)),
            on_done=lambda report: self._report_cancel(title, report),
        )

    def _report_cancel(self, title: str, report: actions.ActionReport) -> None:
        self.long_actions.show_summary(title, lambda: self._cancel_text(report), warning=bool(report.errors))

    def _cancel_text(self, report: actions.ActionReport) -> str:
        lines = [
            self.tr("Cancelled: {n}").format(n=len(report.done)),
            self.tr("Skipped (changed meanwhile): {n}").format(n=len(report.skipped)),
        ]
        if report.stopped:
            lines.append(self.tr("Stopped on request."))
        lines += report.errors[:3]
        return "\n".join(lines)
