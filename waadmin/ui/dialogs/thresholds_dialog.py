"""The four alert thresholds, editable (the reference's recommended values by default)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QDoubleSpinBox, QFormLayout, QSpinBox, QWidget

from waadmin.ui import settings as ui_settings


class ThresholdsDialog(QDialog):
    def __init__(self, prefs: ui_settings.Preferences, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("thresholdsDialog")
        self.setWindowTitle(self.tr("Alert thresholds"))
        self.success = QDoubleSpinBox()
        self.success.setRange(0, 100)
        self.success.setSuffix(" %")
        self.success.setValue(prefs.alert_min_success_rate)
        self.waiting = QSpinBox()
        self.waiting.setRange(0, 10_000_000)
        self.waiting.setValue(prefs.alert_max_waiting_retries)
        self.final = QDoubleSpinBox()
        self.final.setRange(0, 100)
        self.final.setSuffix(" %")
        self.final.setValue(prefs.alert_max_final_failure_rate)
        self.delay = QDoubleSpinBox()
        self.delay.setRange(0, 10_000)
        self.delay.setSuffix(" min")
        self.delay.setValue(prefs.alert_max_mean_delay_minutes)
        form = QFormLayout(self)
        form.addRow(self.tr("Success rate over the last hour below:"), self.success)
        form.addRow(self.tr("Retries waiting more than:"), self.waiting)
        form.addRow(self.tr("Failed for good over 24 h above:"), self.final)
        form.addRow(self.tr("Mean delay to send over 24 h above:"), self.delay)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def apply_to(self, prefs: ui_settings.Preferences) -> None:
        prefs.alert_min_success_rate = self.success.value()
        prefs.alert_max_waiting_retries = self.waiting.value()
        prefs.alert_max_final_failure_rate = self.final.value()
        prefs.alert_max_mean_delay_minutes = self.delay.value()
