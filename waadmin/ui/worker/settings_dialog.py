"""Worker settings: schedule, batch size, rate limit, concurrency, start at launch, and what a
provider outage takes (failures before an endpoint counts as down, waits between probes), and
the redaction policy for finished sensitive messages."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QDialog, QDialogButtonBox, QDoubleSpinBox, QFormLayout, QLabel, QSpinBox, QWidget

from waadmin.config.worker_settings import (
    BATCH_RANGE,
    CONCURRENCY_RANGE,
    INTERVAL_RANGE,
    PROBE_RANGE,
    RATE_MAX,
    REDACT_HOURS_RANGE,
    WorkerSettings,
)
from waadmin.providers.circuit import THRESHOLD_RANGE
from waadmin.ui import retranslate


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
        self.outage_threshold = QSpinBox(objectName="workerOutageThreshold")
        self.outage_threshold.setRange(*THRESHOLD_RANGE)
        self.outage_threshold.setSuffix(self.tr(" failures in a row"))
        self.outage_threshold.setValue(settings.outage_threshold)
        self.outage_threshold.setToolTip(self.tr("Sends that could not reach the provider, or that it answered with a server error, before its endpoint counts as down"))
        self.probe_first = QSpinBox(objectName="workerProbeFirst")
        self.probe_first.setRange(*PROBE_RANGE)
        self.probe_first.setSuffix(self.tr(" s"))
        self.probe_first.setValue(settings.probe_first_seconds)
        self.probe_max = QSpinBox(objectName="workerProbeMax")
        self.probe_max.setRange(*PROBE_RANGE)
        self.probe_max.setSuffix(self.tr(" s"))
        self.probe_max.setValue(settings.probe_max_seconds)
        self.redact_after = QSpinBox(objectName="workerRedactAfter")
        self.redact_after.setRange(*REDACT_HOURS_RANGE)
        self.redact_after.setSpecialValueText(self.tr("never"))
        self.redact_after.setSuffix(self.tr(" h after they finished"))
        self.redact_after.setValue(settings.redact_after_hours)
        self.redact_after.setToolTip(self.tr("Replace the temporary passwords, codes and reset links of account, credentials and OTP messages with a mask once they are sent, delivered, read, failed for good or cancelled, this many hours ago. Irreversible; the rest of each message stays readable."))
        self.error = QLabel(objectName="workerSettingsError")
        self.error.setWordWrap(True)
        self.error.setVisible(False)
        self.at_launch = QCheckBox(self.tr("Start the worker when waadmin starts"), objectName="workerAtLaunch")
        self.at_launch.setChecked(settings.start_at_launch)
        note = QLabel(self.tr("Each run sends the attempts that are due, up to the batch size, and gives sends stuck past their lease back to the schedule. Other waadmin windows, cron jobs and the Django app can run at the same time: an attempt is only sent by whoever claimed it."))
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._accept_if_sound)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.tr("Run every:"), self.interval)
        form.addRow(self.tr("Attempts per run:"), self.batch)
        form.addRow(self.tr("Rate limit:"), self.rate)
        form.addRow(self.tr("Sends at once:"), self.concurrency)
        form.addRow(self.tr("Provider down after:"), self.outage_threshold)
        form.addRow(self.tr("First probe after:"), self.probe_first)
        form.addRow(self.tr("Longest wait between probes:"), self.probe_max)
        form.addRow(self.tr("Redact sensitive messages:"), self.redact_after)
        form.addRow(self.at_launch)
        form.addRow(note)
        form.addRow(self.error)
        form.addRow(buttons)

    def _accept_if_sound(self) -> None:
        if self.probe_max.value() < self.probe_first.value():
            first = self.probe_first.value()
            retranslate.set_text(self.error, lambda: "⚠️ " + self.tr("The longest wait between probes cannot be shorter than the first one ({first} s).").format(first=first))
            self.error.setVisible(True)
            self.probe_max.setFocus()
            return
        self.accept()

    def settings(self) -> WorkerSettings:
        return WorkerSettings(
            interval_seconds=self.interval.value(),
            batch_size=self.batch.value(),
            rate_per_second=self.rate.value(),
            concurrency=self.concurrency.value(),
            start_at_launch=self.at_launch.isChecked(),
            outage_threshold=self.outage_threshold.value(),
            probe_first_seconds=self.probe_first.value(),
            probe_max_seconds=self.probe_max.value(),
            redact_after_hours=self.redact_after.value(),
        )
