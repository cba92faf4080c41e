"""A time as a person reads it on a clock: its text in a zone, and when that text needs its UTC
offset to say which moment it is (the hour the clocks go back happens twice)."""

from __future__ import annotations

import functools
import os
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def local_zone() -> ZoneInfo | None:
    """The machine's zone as a named zone (TZ, or what /etc/localtime points to), so that times
    on the night the clocks go back can be told apart; None when it has no name."""
    return _named_zone(os.environ.get("TZ", ""))


@functools.cache
def _named_zone(tz: str) -> ZoneInfo | None:
    candidates = [tz.lstrip(":")]
    try:
        target = os.path.realpath("/etc/localtime")
        if "zoneinfo/" in target:
            candidates.append(target.split("zoneinfo/", 1)[1])
    except OSError:
        pass
    for key in candidates:
        if key:
            try:
                return ZoneInfo(key)
            except (ZoneInfoNotFoundError, ValueError):
                continue
    return None


def ambiguous(shown: datetime) -> bool:
    """Whether this wall-clock time happens twice in its zone (the hour the clocks go back)."""
    if not isinstance(shown.tzinfo, ZoneInfo):
        return False
    other = shown.replace(fold=1 - shown.fold)
    return other.utcoffset() != shown.utcoffset()


def offset_text(shown: datetime) -> str:
    """"+02:00", "-03:30", "+00:00"."""
    raw = shown.strftime("%z")
    return raw[:3] + ":" + raw[3:] if raw else ""


def stamp(shown: datetime, *, seconds: bool = False, offset: bool = False) -> str:
    """``shown`` (already in the zone to show) as text, with its UTC offset when ``offset`` or
    when the same wall-clock time happens twice that night."""
    text = shown.strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")
    if (offset or ambiguous(shown)) and shown.tzinfo is not None:
        text += " " + offset_text(shown)
    return text
