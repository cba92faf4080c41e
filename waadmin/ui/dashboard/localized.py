"""Dates, durations and numbers on the dashboard in the UI's language, through QLocale: French
day names and decimal commas in French, on axes, tooltips, figures and exported images."""

from __future__ import annotations

import math

from PySide6.QtCore import QCoreApplication, QDateTime, QLocale, QTimeZone

# strftime pieces pyqtgraph's date axis uses, as QDateTime format pieces.
_STRFTIME_TO_QT = {"%Y": "yyyy", "%b": "MMM", "%a": "ddd", "%d": "dd", "%H": "HH", "%M": "mm", "%S": "ss", "%f": "zzz", "%m": "MM", "%B": "MMMM"}


def qt_format(strftime_format: str) -> str:
    out = strftime_format
    for piece, qt in _STRFTIME_TO_QT.items():
        out = out.replace(piece, qt)
    return out


def wall_time(epoch: float, offset_seconds: int) -> QDateTime:
    """The wall-clock time at ``epoch`` in a zone ``offset_seconds`` east of UTC (shown as UTC,
    so Qt adds no offset of the machine's own)."""
    return QDateTime.fromSecsSinceEpoch(int(round(epoch)) + offset_seconds, QTimeZone.utc())


def moment(epoch: float, offset_seconds: int, qt_fmt: str) -> str:
    return QLocale().toString(wall_time(epoch, offset_seconds), qt_fmt)


def bucket_range(start: float, step: float, offset_seconds: int) -> str:
    """ "Tue 01 Dec, 14:00 – 15:00" for an hour, "Tue 01 Dec 2026" for a day."""
    if step >= 86400:
        return moment(start, offset_seconds, "ddd dd MMM yyyy")
    return f"{moment(start, offset_seconds, 'ddd dd MMM, HH:mm')} – {moment(start + step, offset_seconds, 'HH:mm')}"


def number(value: float | int) -> str:
    if isinstance(value, float) and not value.is_integer():
        return QLocale().toString(value, "f", 1)
    return QLocale().toString(int(value))


def percent(value: float | None) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    return QLocale().toString(float(value), "f", 1) + " %"


def _tr(text: str) -> str:
    return QCoreApplication.translate("Durations", text)


def duration(seconds: float | None) -> str:
    """ "45 s", "1.5 min" ("1,5 min" in French), "2.3 h", "3.0 d"."""
    if seconds is None or math.isnan(seconds):
        return "—"
    locale = QLocale()
    if seconds < 60:
        return locale.toString(float(seconds), "f", 1 if seconds < 10 else 0) + " " + QCoreApplication.translate("Durations", "s")
    if seconds < 3600:
        return locale.toString(seconds / 60, "f", 1) + " " + QCoreApplication.translate("Durations", "min")
    if seconds < 86400:
        return locale.toString(seconds / 3600, "f", 1) + " " + QCoreApplication.translate("Durations", "h")
    return locale.toString(seconds / 86400, "f", 1) + " " + QCoreApplication.translate("Durations", "d")


def tick_duration(seconds: float) -> str:
    """A round duration for an axis tick: "30 s", "5 min", "6 h", "2 d"."""
    for size, unit in ((86400, "d"), (3600, "h"), (60, "min")):
        if seconds >= size:
            return f"{QLocale().toString(round(seconds / size))} {_tr(unit)}"
    return f"{QLocale().toString(round(seconds))} {_tr('s')}"
