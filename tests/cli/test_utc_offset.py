"""`--utc-offset` (before or after the command) and WAADMIN_UTC_OFFSET=1 write every time the
CLI prints with its UTC offset, as the window's setting does; without them the short forms stay,
and the run's local start line carries its offset when the clocks going back make it ambiguous."""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime, timedelta

import pytest

from tests.support import factories
from waadmin.cli import times
from waadmin.cli.main import main
from waadmin.domain.clock import utcnow

MOMENT = datetime(2026, 10, 25, 0, 30, 15, tzinfo=UTC)


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(autouse=True)
def short_form_after(monkeypatch):
    monkeypatch.delenv(times.ENV, raising=False)
    yield
    times.configure(False)


def _url(database) -> str:
    return database.engine.url.render_as_string(hide_password=False)


def test_list_and_show_write_the_offset_only_when_asked(capsys, database, monkeypatch) -> None:
    attempt_id = factories.attempt(database, created_at=MOMENT, status="failed_retry", next_retry_at=MOMENT + timedelta(hours=1))
    url = _url(database)
    code, out, _ = run(capsys, "list", "--database", url, "--limit", "5")
    assert code == 0 and "2026-10-25 00:30 " in out and "+00:00" not in out
    code, out, _ = run(capsys, "show", str(attempt_id), "--database", url)
    assert code == 0 and "2026-10-25 00:30:15 UTC" in out and "2026-10-25 01:30:15 UTC" in out

    for argv in (["--utc-offset", "list", "--database", url], ["list", "--database", url, "--utc-offset"]):
        code, out, _ = run(capsys, *argv)
        assert code == 0 and "2026-10-25 00:30 +00:00" in out, argv
    code, out, _ = run(capsys, "show", str(attempt_id), "--database", url, "--utc-offset")
    assert code == 0 and "2026-10-25 00:30:15 +00:00" in out and " UTC" not in out.split("Créée", 1)[1].splitlines()[0]

    monkeypatch.setenv(times.ENV, "1")
    code, out, _ = run(capsys, "show", str(attempt_id), "--database", url)
    assert code == 0 and "2026-10-25 01:30:15 +00:00" in out


def test_the_retry_report_start_line_carries_the_local_offset_when_asked(capsys, database, monkeypatch) -> None:
    monkeypatch.setenv("TZ", "Africa/Bamako")
    time.tzset()
    try:
        code, out, _ = run(capsys, "retry", "--database", _url(database), "--dry-run")
        assert code == 0 and re.search(r"^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\] ", out, re.M), out
        code, out, _ = run(capsys, "--utc-offset", "retry", "--database", _url(database), "--dry-run")
        assert code == 0 and re.search(r"^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \+00:00\] ", out, re.M), out
    finally:
        monkeypatch.undo()
        time.tzset()


def test_a_local_time_that_happens_twice_always_shows_its_offset(monkeypatch) -> None:
    from zoneinfo import ZoneInfo

    from waadmin.domain import wall_clock

    paris = ZoneInfo("Europe/Paris")
    first, second = (datetime(2026, 10, 25, h, 30, tzinfo=UTC).astimezone(paris) for h in (0, 1))
    assert (wall_clock.stamp(first), wall_clock.stamp(second)) == ("2026-10-25 02:30 +02:00", "2026-10-25 02:30 +01:00")
    assert wall_clock.stamp(datetime(2026, 10, 25, 11, 0, tzinfo=UTC).astimezone(paris)) == "2026-10-25 12:00"
    assert times.utc(utcnow()).count(":") == 1
