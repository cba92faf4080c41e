"""How times are shown: in UTC, the machine's local time, or Bamako time, as the user chooses."""

from __future__ import annotations

import functools
from datetime import UTC, datetime, tzinfo
from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication, QLocale, QObject

from waadmin.domain import wall_clock

ZONES = ("utc", "local", "bamako")
BAMAKO = ZoneInfo("Africa/Bamako")


local_zone = wall_clock.local_zone


def zone_for(choice: str) -> tzinfo | None:
    """None stands for the machine's local zone when it has no name (astimezone() without argument)."""
    if choice == "utc":
        return UTC
    if choice == "bamako":
        return BAMAKO
    return local_zone()


def zone_label(choice: str) -> str:
    return {"utc": "UTC", "local": QCoreApplication.translate("timefmt", "Local time"), "bamako": "Africa/Bamako"}.get(choice, choice)


def zone_info(choice: str) -> ZoneInfo | None:
    """For aggregates bucketed by day in the display zone."""
    if choice == "utc":
        return ZoneInfo("UTC")
    if choice == "bamako":
        return BAMAKO
    return local_zone()


def to_zone(value: datetime, choice: str) -> datetime:
    zone = zone_for(choice)
    return value.astimezone(zone) if zone is not None else value.astimezone()


ambiguous = wall_clock.ambiguous

# View → Always show UTC offset (a saved preference, set by the window at start and on change):
# every absolute time then carries its offset, not only the ones the clocks make ambiguous.
_always_offset = False


def set_always_offset(on: bool) -> None:
    global _always_offset
    _always_offset = bool(on)


def always_offset() -> bool:
    return _always_offset


def absolute(value: datetime | None, choice: str, seconds: bool = False, *, offset: bool = False) -> str:
    """The time in the chosen zone; with its UTC offset when asked or always_offset(), and
    always when the same wall-clock time happens twice that night (00:30 and 01:30 UTC both
    read 02:30 in Paris on the last Sunday of October)."""
    if value is None:
        return ""
    return wall_clock.stamp(to_zone(value, choice), seconds=seconds, offset=offset or _always_offset)


class _Counted(QObject):
    """Texts with a count: pyside6-lupdate finds plural forms only in ``self.tr`` calls."""

    def ahead(self, unit: str, n: int) -> str:
        if unit == "min":
            return self.tr("in %n min", "", n)
        if unit == "h":
            return self.tr("in %n h", "", n)
        return self.tr("in %n days", "", n)

    def ago(self, unit: str, n: int) -> str:
        if unit == "min":
            return self.tr("%n min ago", "", n)
        if unit == "h":
            return self.tr("%n h ago", "", n)
        return self.tr("%n days ago", "", n)

    def amount(self, unit: str, n: int) -> str:
        if unit == "s":
            return self.tr("%n s", "", n)
        if unit == "min":
            return self.tr("%n min", "", n)
        if unit == "h":
            return self.tr("%n h", "", n)
        return self.tr("%n days", "", n)


@functools.cache
def _counted() -> _Counted:
    return _Counted()


def relative(value: datetime | None, now: datetime | None = None) -> str:
    """"in 12 min", "2 h ago", "in 3 days", with the plural forms of the language."""
    if value is None:
        return ""
    now = now or datetime.now(UTC)
    delta = (value - now).total_seconds()
    future = delta > 0
    seconds = abs(delta)
    if seconds < 45:
        return QCoreApplication.translate("timefmt", "now")
    if seconds < 3600:
        unit, n = "min", max(1, round(seconds / 60))
    elif seconds < 86400 * 2:
        unit, n = "h", round(seconds / 3600)
    else:
        unit, n = "d", round(seconds / 86400)
    return _counted().ahead(unit, n) if future else _counted().ago(unit, n)


def _number(value: float) -> str:
    return QLocale().toString(value, "f", 1)


def duration(seconds: float | None) -> str:
    """A measured delay with one decimal, in the locale's number format ("10,1 min" in French)."""
    if seconds is None:
        return "—"
    if seconds < 60:
        return QCoreApplication.translate("timefmt", "{n} s").format(n=_number(seconds))
    if seconds < 3600:
        return QCoreApplication.translate("timefmt", "{n} min").format(n=_number(seconds / 60))
    if seconds < 86400:
        return QCoreApplication.translate("timefmt", "{n} h").format(n=_number(seconds / 3600))
    return QCoreApplication.translate("timefmt", "{n} d").format(n=_number(seconds / 86400))


def span(seconds: float) -> str:
    """A set length of time in whole units ("10 min", "2 h 30 min", "3 days"), for settings
    and leases, with plural forms."""
    seconds = int(round(seconds))
    if seconds < 60:
        return _counted().amount("s", seconds)
    minutes, hours, days = seconds // 60 % 60, seconds // 3600 % 24, seconds // 86400
    parts = [_counted().amount(unit, n) for unit, n in (("d", days), ("h", hours), ("min", minutes)) if n]
    return " ".join(parts)
