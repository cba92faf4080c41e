"""How times are shown: in UTC, the machine's local time, or Bamako time, as the user chooses."""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo
from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication

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


def relative(value: datetime | None, now: datetime | None = None) -> str:
    if value is None:
        return ""
    now = now or datetime.now(UTC)
    delta = (value - now).total_seconds()
    future = delta > 0
    seconds = abs(delta)
    if seconds < 45:
        return QCoreApplication.translate("timefmt", "now")
    if seconds < 3600:
        amount, unit = round(seconds / 60), QCoreApplication.translate("timefmt", "min")
    elif seconds < 86400 * 2:
        amount, unit = round(seconds / 3600), QCoreApplication.translate("timefmt", "h")
    else:
        amount, unit = round(seconds / 86400), QCoreApplication.translate("timefmt", "d")
    if future:
        return QCoreApplication.translate("timefmt", "in {n} {unit}").format(n=amount, unit=unit)
    return QCoreApplication.translate("timefmt", "{n} {unit} ago").format(n=amount, unit=unit)


def duration(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    if seconds < 60:
        return f"{seconds:.1f} s"
    if seconds < 3600:
        return f"{seconds / 60:.1f} min"
    if seconds < 86400:
        return f"{seconds / 3600:.1f} h"
    return f"{seconds / 86400:.1f} d"
