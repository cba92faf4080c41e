"""Sending attempts now from the window: "Retry selected" (the list's rows or a detail window's
attempt) and "Retry all due", each asked first, run behind a progress dialog and reported with
what was not sent and why."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMessageBox, QWidget

from waadmin.db import aggregates
from waadmin.domain import rules
from waadmin.domain.clock import utcnow
from waadmin.domain.filters import AttemptFilter
from waadmin.engine import actions
from waadmin.engine.progress import Progress
from waadmin.engine.retry import RetryOptions, RetryReport, RetryRun
from waadmin.ui import labels, outage_text
from waadmin.ui.commands import Target, attempt_state
from waadmin.ui.operations.bulk_actions import BulkActions
from waadmin.ui.operations.runner import LongActions
from waadmin.ui.session import Session
from waadmin.ui.settings import Preferences
from waadmin.ui.tasks import TaskTracker


class RetryRuns(QObject):
    def __init__(
        self,
        session: Session,
        tracker: TaskTracker,
        prefs: Preferences,
        long_actions: LongActions,
        bulk: BulkActions,
        parent: QWidget,
        *,
        show_error: Callable[[BaseException], None],
        show_work: Callable[[aggregates.WorkCounts], None],
        show_provider_health: Callable[[], None],
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.tracker = tracker
        self.prefs = prefs
        self.long_actions = long_actions
        self.bulk = bulk
        self.parent_widget = parent
        self.show_error = show_error
        self.show_work = show_work
        self.show_provider_health = show_provider_health

    def retry_rows(self, target: Target) -> None:
        if target.all_matching:
            self.bulk.retry_matching()
            return
        rows = list(target.rows)
        origin = target.origin or self.parent_widget
        if not rows or self.session.database is None:
            return
        title = self.tr("Retry selected")
        sendable = [r for r in rows if rules.can_retry_now(attempt_state(r))]
        passed_over = {r.id: r.status for r in rows if not rules.can_retry_now(attempt_state(r))}  # not `r in sendable`: O(n²)
        lines = [self.tr("%n attempts selected:", "", len(rows)), self.tr("• %n can be sent now", "", len(sendable))]
        for status, n in sorted(Counter(passed_over.values()).items()):
            lines.append(self.tr("• %n not sent: {status}", "", n).format(status=labels.status(status)))
        if not sendable:
            QMessageBox.information(origin, title, "\n".join([*lines, "", self.tr("None of them can be sent.")]))
            return
        lines += ["", self.tr("Send %n attempts now?", "", len(sendable))]
        if QMessageBox.question(origin, title, "\n".join(lines)) != QMessageBox.StandardButton.Yes:
            return
        ids = [r.id for r in sendable]
        options = RetryOptions(limit=len(ids), ids=tuple(ids), due_only=False, recover_stuck=False, concurrency=4)
        self.long_actions.start(
            title,
            self.tr("Sending %n attempts…", "", len(ids)),
            self._retry_run(options, f"retry selected ({len(ids)} ids)"),
            total=len(ids),
            describe=self._describe_sending,
            on_done=lambda report: (self.report(title, report, ids=ids, passed_over=passed_over, parent=origin), target.done()),
        )

    def retry_all_due(self) -> None:
        database = self.session.database
        if database is None:
            return
        grace = timedelta(minutes=self.prefs.pending_grace_minutes)
        lease = timedelta(minutes=self.prefs.lease_minutes)
        self.tracker.run(aggregates.work_counts, database, AttemptFilter(), utcnow(), grace, lease, on_result=self._confirm_retry_due, on_error=self.show_error)

    def _confirm_retry_due(self, work: aggregates.WorkCounts) -> None:
        self.show_work(work)
        parent = self.parent_widget
        if work.ready_now == 0 and not work.estimated:
            QMessageBox.information(parent, self.tr("Retry all due"), self.tr("No attempt is due right now."))
            return
        if work.estimated:
            # Past a long backlog the number due is a sample's estimate: it must not cut the run
            # short. The run sends what is due when it claims it, up to every waiting attempt
            # (waiting and pending are exact), and its progress has no fixed end.
            question = self.tr("About %n attempts are due (estimated from a sample of a long queue). Send every attempt that is due now?", "", work.ready_now)
            limit, total = max(work.ready_now, work.waiting_retries + work.pending, 1), None
            label = self.tr("Sending the due attempts…")
        else:
            question = self.tr("%n attempts are due. Send them now?", "", work.ready_now)
            limit, total = work.ready_now, work.ready_now
            label = self.tr("Sending %n attempts…", "", work.ready_now)
        answer = QMessageBox.question(parent, self.tr("Retry all due"), question)
        if answer != QMessageBox.StandardButton.Yes:
            return
        options = RetryOptions(
            limit=limit,
            pending_grace=timedelta(minutes=self.prefs.pending_grace_minutes),
            lease=timedelta(minutes=self.prefs.lease_minutes),
        )
        self.long_actions.start(
            self.tr("Retry all due"),
            label,
            self._retry_run(options, f"retry all due ({'≈' if work.estimated else ''}{work.ready_now})"),
            total=total,
            describe=self._describe_sending if not work.estimated else (lambda p: self.tr("Sending… {done} done so far").format(done=p.done)),
            on_done=lambda report: self.report(self.tr("Retry all due"), report),
        )

    def _retry_run(self, options: RetryOptions, description: str):  # noqa: ANN202 - returns a task function
        database = self.session.database
        session = self.session
        audit = session.audit

        def work(progress: Any, stop: Any) -> RetryReport:
            provider = session.provider()
            run = RetryRun(database, provider, options, progress=progress, stop=stop, limiter=session.limiter, health=session.health)
            return actions.audited_retry_run(run, audit, description)

        return work

    def _describe_sending(self, progress: Progress) -> str:
        total = progress.total or 0
        return self.tr("Sending… {done} of {total} done").format(done=progress.done, total=total)

    def report(self, title: str, report: RetryReport, *, ids: list[int] | None = None, passed_over: dict[int, str] | None = None, parent: QWidget | None = None) -> None:
        # The summary is a builder: said again in the new language if it changes while open.
        warning = bool(report.aborted or report.unreachable or report.not_sent)
        self.long_actions.show_summary(title, lambda: self._text(report, ids, passed_over), warning=warning, parent=parent)
        self.show_provider_health()

    def _text(self, report: RetryReport, ids: list[int] | None, passed_over: dict[int, str] | None) -> str:
        lines = [
            self.tr("Sent: {n}").format(n=report.success),
            self.tr("Failed: {n} (permanently: {final})").format(n=report.failed, final=report.final_failures),
        ]
        if report.rate_limited:
            lines.append(self.tr("Postponed by the provider's rate limit: {n}").format(n=report.rate_limited))
        if report.skipped:
            lines.append(self.tr("Skipped (changed or taken by another sender): {n}").format(n=report.skipped))
        if report.recovered:
            lines.append(self.tr("Stuck sends recovered: {n}").format(n=len(report.recovered)))
        if report.stopped and not report.aborted:
            lines.append(self.tr("Stopped on request; sends in progress were finished and recorded."))
        if report.aborted:
            lines.append(self.tr("Interrupted: {reason}").format(reason=report.aborted))
        outage = outage_text.summary_lines(report, self.session.health.policy.threshold)
        if outage:
            lines = [*outage, "", *lines]
        errors = [r for r in report.results if r.outcome not in ("sent", "not_sent") and r.error_message][:5]
        if errors:
            lines.append("")
            lines += [f"#{r.attempt_id}: {r.error_code} — {r.error_message[:140]}" for r in errors]
        # The rows asked for and not sent, by name: "4 selected, Sent 3, Failed 0" said nothing
        # of the fourth.
        skipped = dict(passed_over or {})
        if ids is not None:
            reached = {r.attempt_id for r in report.results}
            skipped.update({i: "" for i in ids if i not in reached})
        if skipped:
            names = [f"#{i}" + (f" ({labels.status(status)})" if status else "") for i, status in sorted(skipped.items())[:20]]
            more = len(skipped) - len(names)
            lines += ["", self.tr("Not sent (%n): ", "", len(skipped)) + ", ".join(names) + (f" … +{more}" if more > 0 else "")]
        return "\n".join(lines)
