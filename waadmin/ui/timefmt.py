"""How times are shown: in UTC, the machine's local time, or Bamako time, as the user chooses."""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo
from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication

ZONES = ("utc", "local", "bamako")
BAMAKO = ZoneInfo("Africa/Bamako")


def zone_for(choice: str) -> tzinfo | None:
    """None stands for the machine's local zone (astimezone() without argument)."""
    if choice == "utc":
        return UTC
    if choice == "bamako":
        return BAMAKO
    return None


def zone_label(choice: str) -> str:
    return {"utc": "UTC", "local": QCoreApplication.translate("timefmt", "Local time"), "bamako": "Africa/Bamako"}.get(choice, choice)


def zone_info(choice: str) -> ZoneInfo | None:
    """For aggregates bucketed by day in the display zone."""
    if choice == "utc":
        return ZoneInfo("UTC")
    if choice == "bamako":
        return BAMAKO
    local = datetime.now().astimezone().tzinfo
    key = getattr(local, "key", None)
    return ZoneInfo(key) if key else None


def to_zone(value: datetime, choice: str) -> datetime:
    zone = zone_for(choice)
    return value.astimezone(zone) if zone is not None else value.astimezone()


def absolute(value: datetime | None, choice: str, seconds: bool = False) -> str:
    if value is None:
        return ""
    shown = to_zone(value, choice)
    return shown.strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")


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
