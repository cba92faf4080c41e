"""How the command line writes times: the attempts' own times in UTC, a run's start and end in
local time (as the Django command prints them). ``--utc-offset`` (or WAADMIN_UTC_OFFSET=1) adds
the UTC offset to every one of them, as the window's View → Always show the UTC offset does; a
local time the clocks going back make happen twice always carries it."""

from __future__ import annotations

from datetime import UTC, datetime

from waadmin.domain import wall_clock

ENV = "WAADMIN_UTC_OFFSET"
_always_offset = False


def configure(always_offset: bool) -> None:
    global _always_offset
    _always_offset = bool(always_offset)


def utc(value: datetime | None, *, seconds: bool = False, label: bool = False) -> str:
    """"2026-12-02 09:30", or "2026-12-02 09:30 +00:00" with --utc-offset; ``label``: say
    "UTC" when the offset does not (where the text alone would not tell the zone)."""
    if value is None:
        return "—"
    shown = value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)
    text = wall_clock.stamp(shown, seconds=seconds, offset=_always_offset)
    return text + " UTC" if label and not _always_offset else text


def local_now() -> str:
    """Now on this machine's clock, with seconds."""
    zone = wall_clock.local_zone()
    now = datetime.now(zone) if zone is not None else datetime.now().astimezone()
    return wall_clock.stamp(now, seconds=True, offset=_always_offset)
