"""Worker settings: schedule, batch size, rate limit, concurrency, start at launch."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QDialog, QDialogButtonBox, QDoubleSpinBox, QFormLayout, QLabel, QSpinBox, QWidget

from waadmin.ui.worker.settings import BATCH_RANGE, CONCURRENCY_RANGE, INTERVAL_RANGE, RATE_MAX, WorkerSettings


class WorkerSettingsDialog(QDialog):
    def __init__(self, settings: WorkerSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("workerSettingsDialog")
        self.setWindowTitle(self.tr("Background worker"))
        self.interval = QSpinBox(objectName="workerInterval")
        self.interval.setRange(*INTERVAL_RANGE)
        self.interval.setSuffix(self.tr(" s"))
        self.interval.setValue(settings.interval_seconds)
        self.batch = QSpinBox(objectName="workerBatch")
        self.batch.setRange(*BATCH_RANGE)
        self.batch.setValue(settings.batch_size)
        self.rate = QDoubleSpinBox(objectName="workerRate")
        self.rate.setRange(0.0, RATE_MAX)
        self.rate.setDecimals(1)
        self.rate.setSpecialValueText(self.tr("no limit"))
        self.rate.setSuffix(self.tr(" messages/s"))
        self.rate.setValue(settings.rate_per_second)
        self.concurrency = QSpinBox(objectName="workerConcurrency")
        self.concurrency.setRange(*CONCURRENCY_RANGE)
        self.concurrency.setValue(settings.concurrency)
        self.at_launch = QCheckBox(self.tr("Start the worker when waadmin starts"), objectName="workerAtLaunch")
        self.at_launch.setChecked(settings.start_at_launch)
        note = QLabel(self.tr("Each run sends the attempts that are due, up to the batch size, and gives sends stuck past their lease back to the schedule. Other waadmin windows, cron jobs and the Django app can run at the same time: an attempt is only sent by whoever claimed it."))
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.tr("Run every:"), self.interval)
        form.addRow(self.tr("Attempts per run:"), self.batch)
        form.addRow(self.tr("Rate limit:"), self.rate)
        form.addRow(self.tr("Sends at once:"), self.concurrency)
        form.addRow(self.at_launch)
        form.addRow(note)
        form.addRow(buttons)

    def settings(self) -> WorkerSettings:
        return WorkerSettings(
            interval_seconds=self.interval.value(),
            batch_size=self.batch.value(),
            rate_per_second=self.rate.value(),
            concurrency=self.concurrency.value(),
            start_at_launch=self.at_launch.isChecked(),
        )
