"""Times in the window: in the chosen zone, with their offset when the clocks going back make
one wall-clock time happen twice."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest

from waadmin.ui import timefmt


@pytest.fixture
def paris(monkeypatch):
    monkeypatch.setenv("TZ", "Europe/Paris")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_the_hour_the_clocks_go_back_shows_its_offset(paris) -> None:
    first = datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
    second = datetime(2026, 10, 25, 1, 30, tzinfo=UTC)
    assert timefmt.absolute(first, "local") == "2026-10-25 02:30 +02:00"
    assert timefmt.absolute(second, "local") == "2026-10-25 02:30 +01:00"
    # An ordinary time keeps its short form, unless the offset is asked for.
    noon = datetime(2026, 10, 25, 11, 0, tzinfo=UTC)
    assert timefmt.absolute(noon, "local") == "2026-10-25 12:00"
    assert timefmt.absolute(noon, "local", offset=True) == "2026-10-25 12:00 +01:00"


def test_utc_and_bamako_never_need_an_offset() -> None:
    moment = datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
    assert timefmt.absolute(moment, "utc") == "2026-10-25 00:30"
    assert timefmt.absolute(moment, "bamako") == "2026-10-25 00:30"


def test_the_always_offset_setting_gives_every_time_its_offset(paris, monkeypatch) -> None:
    monkeypatch.setattr(timefmt, "_always_offset", False)
    noon = datetime(2026, 10, 25, 11, 0, tzinfo=UTC)
    timefmt.set_always_offset(True)
    assert timefmt.absolute(noon, "local") == "2026-10-25 12:00 +01:00"
    assert timefmt.absolute(noon, "utc", seconds=True) == "2026-10-25 11:00:00 +00:00"
    assert timefmt.absolute(datetime(2026, 7, 1, 11, 0, tzinfo=UTC), "local") == "2026-07-01 13:00 +02:00"
    timefmt.set_always_offset(False)
    assert timefmt.absolute(noon, "local") == "2026-10-25 12:00"
