"""Work on the whole table rather than on chosen attempts: Cleanup (delete old finished
attempts), Export CSV (the filtered list) and reprocessing the webhook logs. Each runs behind a
cancellable progress dialog and says what it did."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from waadmin.engine import cleanup as cleanup_engine
from waadmin.engine import webhooks
from waadmin.engine.export import export_csv
from waadmin.ui import retranslate
from waadmin.ui import settings as ui_settings
from waadmin.ui.attempts_view import AttemptsView
from waadmin.ui.dialogs.cleanup_dialog import CleanupDialog
from waadmin.ui.long_operation import LongOperation
from waadmin.ui.operations.runner import LongActions
from waadmin.ui.session import Session
from waadmin.ui.tasks import TaskTracker
from waadmin.ui.webhooks_view import WebhooksView


class Maintenance(QObject):
    def __init__(
        self,
        session: Session,
        tracker: TaskTracker,
        prefs: ui_settings.Preferences,
        long_actions: LongActions,
        attempts: AttemptsView,
        webhooks_view: WebhooksView,
        parent: QWidget,
        *,
        show_status: Callable[[retranslate.TextBuilder | str, int], None],
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.tracker = tracker
        self.prefs = prefs
        self.long_actions = long_actions
        self.attempts = attempts
        self.webhooks_view = webhooks_view
        self.parent_widget = parent
        self.show_status = show_status

    # -- cleanup -------------------------------------------------------------------------------
    def cleanup(self) -> None:
        database = self.session.database
        if database is None:
            return
        dialog = CleanupDialog(self.tracker, database, self.prefs.cleanup_days, self.parent_widget)
        if not dialog.exec() or not dialog.count:
            return
        days = dialog.days.value()
        self.prefs.cleanup_days = days
        ui_settings.save_preferences(self.prefs)
        self.long_actions.start(
            self.tr("Cleanup"),
            self.tr("Deleting %Ln attempts…", "", dialog.count),
            cleanup_engine.cleanup,
            database,
            days,
            audit=self.session.audit,
            total=dialog.count,
            describe=lambda p: self.tr("Deleted {done} of {total}").format(done=p.done, total=p.total or dialog.count),
            on_done=self._report_cleanup,
        )

    def _report_cleanup(self, report: cleanup_engine.CleanupReport) -> None:
        self.attempts.model.count_exactly_next()
        text = self.tr("%Ln attempts deleted.", "", report.deleted)
        if report.stopped:
            text += " " + self.tr("Stopped on request.")
        if report.error:
            text += " " + self.tr("Interrupted: {reason}").format(reason=report.error)
        QMessageBox.information(self.parent_widget, self.tr("Cleanup"), text)

    # -- export --------------------------------------------------------------------------------
    def export_csv(self) -> None:
        database = self.session.database
        if database is None:
            return
        parent = self.parent_widget
        suggested = f"waadmin-attempts-{datetime.now():%Y%m%d-%H%M}.csv"
        path, _ = QFileDialog.getSaveFileName(parent, self.tr("Export CSV"), suggested, self.tr("CSV files (*.csv)"))
        if not path:
            return
        reveal = QMessageBox.question(
            parent,
            self.tr("Export CSV"),
            self.tr("Write the passwords and codes of account, credentials and OTP messages in clear? No masks them (recommended); Yes is recorded in the audit log."),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        ) == QMessageBox.StandardButton.Yes
        self.start_export(path, reveal=reveal)

    def start_export(self, path: str, *, reveal: bool = False) -> LongOperation | None:
        """The list as it is filtered and sorted, written to ``path`` (what Export CSV does once asked)."""
        database = self.session.database
        if database is None:
            return None
        count = self.attempts.model.count
        total = count.value if count and count.exact else None
        return self.long_actions.start(
            self.tr("Export CSV"),
            lambda: self.tr("Writing {path}…").format(path=path),
            export_csv,
            database,
            path,
            self.attempts.current_filter(),
            self.attempts.current_sort(),
            reveal=reveal,
            audit=self.session.audit,
            total=total,
            describe=lambda p: self.tr("{done} rows written").format(done=p.done),
            on_done=lambda report: self.show_status(
                lambda: self.tr("Export stopped; no file was written.") if report.stopped else self.tr("{n} rows written to {path}").format(n=report.rows, path=report.path),
                15000,
            ),
        )

    # -- webhooks ------------------------------------------------------------------------------
    def reprocess_webhooks(self, ids: list[int] | None) -> None:
        database = self.session.database
        if database is None:
            return
        self.long_actions.start(
            self.tr("Reprocess webhooks"),
            self.tr("Applying webhook logs…"),
            webhooks.reprocess,
            database,
            ids,
            audit=self.session.audit,
            total=len(ids) if ids else None,
            on_done=self._report_webhooks,
        )

    def _report_webhooks(self, report: webhooks.WebhookReport) -> None:
        QMessageBox.information(
            self.parent_widget,
            self.tr("Reprocess webhooks"),
            self.tr("{examined} logs examined: {applied} applied, {unchanged} without change, {no_match} matching no attempt, {ambiguous} matching several.").format(
                examined=report.examined, applied=report.applied, unchanged=report.unchanged, no_match=report.no_match, ambiguous=report.ambiguous
            ),
        )
        self.webhooks_view.model.reload()
