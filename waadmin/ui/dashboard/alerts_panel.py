"""The four recommended alerts with their current values: red when on, plain when off. A click
on one lists the attempts it measured."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLocale, Qt, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QWidget

from waadmin.domain.alerts import Alert
from waadmin.ui.dashboard.figures import ClickableMixin

TITLES = {
    "success_rate": QT_TRANSLATE_NOOP("AlertPanel", "Success rate, last hour"),
    "waiting_retries": QT_TRANSLATE_NOOP("AlertPanel", "Retries waiting"),
    "final_failures": QT_TRANSLATE_NOOP("AlertPanel", "Failed for good, last 24 h"),
    "mean_delay": QT_TRANSLATE_NOOP("AlertPanel", "Mean delay to send, last 24 h"),
}
RULES = {"success_rate": "<", "waiting_retries": ">", "final_failures": ">", "mean_delay": ">"}  # alert when the figure is


def _figure(value: float) -> str:
    """One decimal at most, in the UI language: "85.7", "85,7" in French, "90"."""
    locale = QLocale()
    if float(value).is_integer():
        return locale.toString(int(value))
    return locale.toString(float(value), "f", 1)


class AlertLabel(ClickableMixin, QLabel):
    """An alert's line, a button to the attempts it measured."""

    clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)



class AlertPanel(QGroupBox):
    chosen = Signal(str)  # the key of the clicked alert

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("alertPanel")
        self.setTitle(self.tr("Alerts"))
        self.labels: dict[str, QLabel] = {}
        self.active: dict[str, bool] = {}
        grid = QGridLayout(self)
        for index, key in enumerate(TITLES):
            label = AlertLabel()
            label.setToolTip(self.tr("Show the attempts this alert measured"))
            label.clicked.connect(lambda key=key: self.chosen.emit(key))
            label.setObjectName(f"alert_{key}")
            label.setMargin(6)
            label.setAutoFillBackground(True)
            grid.addWidget(label, index // 2, index % 2)
            self.labels[key] = label

    def show_alerts(self, alerts: list[Alert]) -> None:
        for alert in alerts:
            label = self.labels.get(alert.key)
            if label is None:
                continue
            title = QCoreApplication.translate("AlertPanel", TITLES[alert.key])
            unit = self.tr("{n}%") if alert.unit == "%" else ("{n} " + alert.unit if alert.unit else "{n}")  # "90 %" in French
            value = "—" if alert.value is None else unit.format(n=_figure(round(alert.value, 1)))
            rule = RULES[alert.key] + " " + unit.format(n=_figure(alert.threshold))
            state = self.tr("ALERT") if alert.active else self.tr("ok")
            when = self.tr("alert when")
            # Glyphs every common UI font has: an emoji font is not there on every desktop.
            mark = "⚠" if alert.active else "✓"
            label.setText(self.tr("{mark} {title}: {value}  ({when} {rule}) — {state}").format(mark=mark, title=title, value=value, when=when, rule=rule, state=state))
            palette = label.palette()
            base = self.palette().color(QPalette.ColorRole.Window)
            if alert.active:
                dark = base.lightness() < 128
                palette.setColor(QPalette.ColorRole.Window, QColor.fromHsl(0, 150, 70 if dark else 215))
            else:
                palette.setColor(QPalette.ColorRole.Window, base)
            label.setPalette(palette)
            self.active[alert.key] = alert.active
