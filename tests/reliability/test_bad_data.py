"""Rows as a Django database can hold them, not as waadmin would write them: the list, the
detail, the stats, the engine and the CLI cope, show the odd row marked, and leave the others be."""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy import text, update

from tests.reliability.conftest import insert_due, rows_by_id, run_cli
from tests.support import factories
from waadmin.cli.main import main
from waadmin.db.detail import get_attempt
from waadmin.db.listing import count_attempts, list_attempts
from waadmin.domain.clock import utcnow
from waadmin.engine import stats, webhooks
from waadmin.engine.retry import RetryOptions, RetryRun
from waadmin.providers.factory import build_provider

MEGABYTE = "é" * 300_000 + "x" * 400_000  # ~1 MB of UTF-8


def _odd_rows(database) -> dict[str, int]:
    now = utcnow()
    due = {"status": "failed_retry", "attempt_count": 1, "next_retry_at": now - timedelta(minutes=1)}
    return {
        "unknown_status": factories.attempt(database, status="retry"),
        "unknown_type": factories.attempt(database, message_type="credentials_v9", **due),
        "megabyte": factories.attempt(database, message_content=MEGABYTE, **due),
        "letters": factories.attempt(database, phone_number="+223 ABC DEF", **due),
        "future": factories.attempt(database, created_at=now + timedelta(days=400), sent_at=now + timedelta(days=400), status="sent"),
        "negative": factories.attempt(database, attempt_count=-5, max_attempts=-1, priority=-3, status="failed_retry", next_retry_at=now),
        "huge": factories.attempt(database, attempt_count=2_000_000_000, max_attempts=2_000_000_000, retry_delay_seconds=2_000_000_000, priority=99),
        "huge_delay_due": factories.attempt(
            database, phone_number="+22370999999", max_attempts=5, retry_delay_seconds=2_000_000_000, **due
        ),
    }


def _loosen_sqlite(database) -> None:
    """Drop NOT NULL from the SQLite attempts table, as a hand-edited or older Django schema has."""
    table = database.layout.attempt.__table__.name
    with database.write() as conn:
        ddl = conn.exec_driver_sql(f"SELECT sql FROM sqlite_master WHERE type='table' AND name='{table}'").scalar_one()
        conn.exec_driver_sql(f'ALTER TABLE "{table}" RENAME TO old_attempts')
        conn.exec_driver_sql(re.sub(r"\s+NOT NULL", "", ddl))
        conn.exec_driver_sql(f'INSERT INTO "{table}" SELECT * FROM old_attempts')
        conn.exec_driver_sql("DROP TABLE old_attempts")


def _check_everything_copes(database, odd: dict[str, int], normal: list[int], db_url: str, sandbox, capsys) -> None:
    total = len(odd) + len(normal)
    # The list shows every row, odd ones marked, normal ones not.
    rows, after = [], None
    while True:
        page = list_attempts(database, after=after, limit=4)
        rows.extend(page.rows)
        after = page.next_cursor
        if after is None:
            break
    assert sorted(r.id for r in rows) == sorted([*odd.values(), *normal])
    assert count_attempts(database).value == total
    by_id = {r.id: r for r in rows}
    for name in ("unknown_status", "unknown_type", "letters", "future", "negative"):
        assert by_id[odd[name]].anomalies, name
    assert not any(by_id[i].anomalies for i in normal)
    # The detail opens for each.
    for attempt_id in [*odd.values(), *normal]:
        assert get_attempt(database, attempt_id) is not None
    assert len(get_attempt(database, odd["megabyte"]).message_content) == len(MEGABYTE)
    # The stats add up.
    figures = stats.compute_stats(database, window=timedelta(days=30))
    assert figures.total >= total - 1  # the row created 400 days ahead may fall outside the window
    # The CLI reads it all.
    listing = run_cli(db_url, "list", "--json", "--limit", "100")
    assert listing.returncode == 0, listing.stderr
    assert len(json.loads(listing.stdout)) == total
    for attempt_id in odd.values():  # in this process: a dozen interpreters would prove no more than the three others
        code = main(["show", str(attempt_id), "--json", "--database", db_url])
        _, err = capsys.readouterr()
        assert code == 0 and "Traceback" not in err, err
    figures_cli = run_cli(db_url, "stats", "--json", "--days", "30")
    assert figures_cli.returncode == 0, figures_cli.stderr
    # A retry run sends the normal rows and deals with the odd due ones without stopping.
    sandbox.script("http_500", phone="22370999999")  # the huge back-off must not overflow
    result = run_cli(db_url, "retry", "--json", "--rate", "0", sandbox=sandbox)
    assert result.returncode == 0, result.stderr
    after_run = rows_by_id(database)
    assert all(after_run[i]["status"] == "sent" for i in normal)
    assert after_run[odd["megabyte"]]["status"] == "sent"
    assert len(sandbox.sent_texts()[0]) > 0 and MEGABYTE in sandbox.sent_texts()
    assert (after_run[odd["letters"]]["status"], after_run[odd["letters"]]["error_code"]) == ("failed_final", "invalid_number")
    assert after_run[odd["huge_delay_due"]]["status"] == "failed_retry"
    assert after_run[odd["unknown_status"]]["status"] == "retry" and after_run[odd["future"]]["status"] == "sent"
    assert after_run[odd["huge"]]["status"] == "pending"  # no attempts left: never sent
    # -5 < -1: due by the Django rule (count < max), so sent once and counted from where it was.
    assert (after_run[odd["negative"]]["status"], after_run[odd["negative"]]["attempt_count"]) == ("sent", -4)
    assert Counter(after_run[i]["status"] for i in after_run)["sending"] == 0


def test_odd_values_are_shown_marked_and_do_not_disturb_other_rows(database, db_url, sandbox, capsys) -> None:
    odd = _odd_rows(database)
    normal = list(insert_due(database, 3, prefix="normal").values())
    _check_everything_copes(database, odd, normal, db_url, sandbox, capsys)


def test_nulls_and_invalid_json_on_sqlite(tmp_path, sandbox, capsys) -> None:
    from waadmin.db.database import open_database

    url = f"sqlite:///{tmp_path / 'django.sqlite3'}"
    database = open_database(url, create=True)
    _loosen_sqlite(database)
    a = database.layout.attempt
    table = a.__table__.name
    odd = _odd_rows(database)
    nulls = factories.attempt(database, message_content="x", status="failed_retry", attempt_count=1, next_retry_at=utcnow())
    with database.write() as conn:
        conn.execute(
            update(a).where(a.id == nulls).values(
                message_content=None, title=None, category=None, error_message=None, error_code=None,
                sender_role=None, provider_message_id=None, message_type=None, max_attempts=None, priority=None,
            )
        )
        conn.exec_driver_sql("PRAGMA ignore_check_constraints = ON")
        conn.execute(text(f'UPDATE "{table}" SET provider_response = :bad, context_data = :bad WHERE id = :id'), {"bad": "{not json", "id": odd["unknown_type"]})
    odd["nulls"] = nulls
    odd["null_phone"] = factories.attempt(database, status="failed_retry", attempt_count=1, next_retry_at=utcnow(), phone_number="+22370000001")
    with database.write() as conn:
        conn.execute(update(a).where(a.id == odd["null_phone"]).values(phone_number=None, status=None))
    normal = list(insert_due(database, 3, prefix="normal").values())
    assert get_attempt(database, odd["unknown_type"]) is not None  # the broken JSON is shown, not fatal
    _check_everything_copes(database, odd, normal, url, sandbox, capsys)
    database.dispose()


def test_a_webhook_matching_several_attempts_changes_none(database) -> None:
    first = factories.attempt(database, status="sent", provider_message_id="wamid.shared")
    second = factories.attempt(database, status="sent", provider_message_id="wamid.shared")
    webhook_id, outcome = webhooks.receive(database, "wamid.shared", "delivery", "delivered", {"id": "wamid.shared"})
    assert outcome == "ambiguous"
    assert factories.row(database, first)["status"] == factories.row(database, second)["status"] == "sent"
    report = webhooks.reprocess(database)
    assert report.ambiguous == 1 and report.applied == 0


def test_the_engine_copes_with_an_odd_due_row_in_process(database, sandbox) -> None:
    odd = _odd_rows(database)
    provider = build_provider(sandbox.settings("wachap"))
    try:
        report = RetryRun(database, provider, RetryOptions(rate_per_second=0)).run()
    finally:
        provider.close()
    assert not report.aborted, report.errors
    assert rows_by_id(database)[odd["megabyte"]]["status"] == "sent"


pytestmark = pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
