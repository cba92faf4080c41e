"""Every way a provider fails is classified, recorded with its code and message, and retried or
finalised by the rules in waadmin.domain.error_codes (reference §6 bugs 5 and 7: everything was
retried and recorded as one of two codes)."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import pytest

from tests.reliability.conftest import insert_due, rows_by_id, status_counts
from tests.support.pg import free_port
from waadmin.domain.clock import utcnow
from waadmin.domain.error_codes import ErrorCode, rule_for
from waadmin.engine.retry import RetryOptions, RetryRun
from waadmin.providers.factory import build_provider
from waadmin.providers.sandbox import SandboxServer

# behaviour -> (error code recorded, status after the 2nd of 3 attempts, may have reached the provider)
EXPECTED = {
    "ok": ("", "sent", True),
    "slow": ("", "sent", True),
    "timeout": (ErrorCode.TIMEOUT, "failed_retry", True),
    "http_500": (ErrorCode.HTTP_5XX, "failed_retry", False),
    "http_502": (ErrorCode.HTTP_5XX, "failed_retry", False),
    "http_503": (ErrorCode.HTTP_5XX, "failed_retry", False),
    "html": (ErrorCode.INVALID_RESPONSE, "failed_retry", True),
    "invalid_json": (ErrorCode.INVALID_RESPONSE, "failed_retry", True),
    "app_error": (ErrorCode.APP_ERROR, "failed_retry", False),
    "invalid_number": (ErrorCode.INVALID_NUMBER, "failed_final", False),
    "auth_error": (ErrorCode.CONFIG_ERROR, "failed_final", False),
    # The connection closed after the request left: the client cannot know, so it says "maybe".
    "drop": (ErrorCode.NETWORK_ERROR, "failed_retry", True),
}


@pytest.fixture
def slow_sandbox():
    # "timeout" hangs 3 s, the provider gives up after 1 s; "slow" answers in 0.5 s, in time.
    with SandboxServer(hang_seconds=3.0) as server:
        yield server


def _run(database, settings, **options):
    provider = build_provider(settings)
    try:
        return RetryRun(database, provider, RetryOptions(rate_per_second=0, **options)).run()
    finally:
        provider.close()


def test_each_provider_fault_is_classified_recorded_and_scheduled(database, slow_sandbox) -> None:
    by_behaviour = {}
    for n, behaviour in enumerate(EXPECTED):
        phone = f"+2237600{n:04d}"
        slow_sandbox.script(behaviour, phone=phone)
        [by_behaviour[behaviour]] = insert_due(database, 1, prefix=behaviour, phone_number=phone).values()
    before = utcnow()
    report = _run(database, slow_sandbox.settings("wachap", timeout=1.0), concurrency=len(EXPECTED))
    rows = rows_by_id(database)
    results = {r.attempt_id: r for r in report.results}
    for behaviour, (code, status, may_have_sent) in EXPECTED.items():
        attempt_id = by_behaviour[behaviour]
        row, result = rows[attempt_id], results[attempt_id]
        assert (row["status"], row["error_code"]) == (status, code), behaviour
        assert row["attempt_count"] == 2, behaviour  # each fault burns the attempt it was
        assert result.may_have_sent == may_have_sent, behaviour
        if code:
            assert row["error_message"] and row["error_message"] != code, f"{behaviour}: no message recorded"
            assert rule_for(code).permanent == (status == "failed_final"), behaviour
        if status == "failed_retry":
            assert row["next_retry_at"] > before + timedelta(minutes=1), behaviour
        else:
            assert row["next_retry_at"] is None, behaviour
    assert report.processed == len(EXPECTED) and report.success == 2
    assert slow_sandbox.count() == len(EXPECTED)  # no fault makes waadmin resend on its own


def test_connection_refused_charges_nothing_and_waits_for_the_next_probe(database, sandbox) -> None:
    [attempt_id] = insert_due(database, 1).values()
    before = rows_by_id(database)[attempt_id]
    settings = dataclasses.replace(sandbox.settings("wachap"), wachap_url=f"http://127.0.0.1:{free_port()}/wachap/api")
    started = utcnow()
    report = _run(database, settings)
    row = rows_by_id(database)[attempt_id]
    assert (row["status"], row["error_code"], row["attempt_count"]) == ("failed_retry", "provider_unreachable", before["attempt_count"])
    assert (row["first_attempt_at"], row["last_attempt_at"]) == (before["first_attempt_at"], before["last_attempt_at"])
    assert "connection refused" in row["error_message"]
    assert row["next_retry_at"] >= started + timedelta(seconds=29)  # the first probe, 30 s on
    assert not report.results[0].may_have_sent and report.results[0].outcome == "not_sent"
    assert (report.processed, report.failed, report.not_sent, report.left_untouched) == (0, 0, 1, 1)
    assert report.result == "provider_unreachable"


def test_a_retryable_fault_on_the_last_attempt_is_final(database, sandbox) -> None:
    [attempt_id] = insert_due(database, 1, attempt_count=2, max_attempts=3).values()
    sandbox.script("http_503")
    _run(database, sandbox.settings("wachap"))
    row = rows_by_id(database)[attempt_id]
    assert (row["status"], row["error_code"], row["attempt_count"], row["next_retry_at"]) == ("failed_final", "http_5xx", 3, None)


@pytest.mark.parametrize(("behaviour", "wait_seconds"), [("rate_limited", 30), ("rate_limited_no_header", 45)])
def test_a_429_gives_the_attempt_back_without_burning_it(database, sandbox, behaviour, wait_seconds) -> None:
    [attempt_id] = insert_due(database, 1).values()
    sandbox.script(behaviour)
    before = utcnow()
    report = _run(database, sandbox.settings("wachap"), rate_limit_wait=45)
    row = rows_by_id(database)[attempt_id]
    assert (row["status"], row["error_code"], row["attempt_count"]) == ("failed_retry", "rate_limited", 1)
    assert row["error_message"]
    waited = (row["next_retry_at"] - before).total_seconds()
    assert wait_seconds - 2 <= waited <= wait_seconds + 5  # Retry-After when given, else the configured wait
    assert report.rate_limited == 1 and report.processed == 0
    assert status_counts(database)["sending"] == 0
