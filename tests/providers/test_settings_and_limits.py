"""Configuration from the Django app's environment, the factory's refusals, the rate limiter
and the classification of odd answers."""

from __future__ import annotations

import threading

import httpx
import pytest

from waadmin.domain.error_codes import ErrorCode
from waadmin.providers import classify
from waadmin.providers.factory import ProviderUnavailable, build_provider
from waadmin.providers.ratelimit import RateLimiter
from waadmin.providers.settings import ProviderSettings, redact


def test_the_django_variables_are_read() -> None:
    env = {
        "WACHAP_MALI_ACCESS_TOKEN": "tok-mali-abcdefghijkl",
        "WACHAP_MALI_INSTANCE_ID": "I-MALI",
        "WACHAP_CHINE_ACCESS_TOKEN": "tok-chine-abcdefghij",
        "WACHAP_CHINE_INSTANCE_ID": "I-CHINE",
        "WACHAP_CHINE_ACTIVE": "false",
        "USE_WACHAP_V4": "false",
        "WAADMIN_WACHAP_URL": "http://127.0.0.1:9/api",
    }
    settings = ProviderSettings.from_env(env)
    assert settings.resolved_kind() == "wachap"
    assert settings.instance("mali").usable and not settings.instance("chine").usable
    assert settings.instance("system").configured is False
    assert settings.wachap_url == "http://127.0.0.1:9/api"
    assert any("chine" in p and "disabled" in p for p in settings.problems())
    assert "tok-mali" not in repr(settings) and "tok-mali" not in str(settings.redacted())


def test_v4_is_preferred_when_its_key_is_set_as_in_the_reference() -> None:
    env = {"WACHAP_V4_SECRET_KEY": "k" * 20, "WACHAP_V4_ACCOUNTS": '{"Mali": "acc_1"}', "WACHAP_MALI_ACCESS_TOKEN": "t", "WACHAP_MALI_INSTANCE_ID": "i"}
    settings = ProviderSettings.from_env(env)
    assert settings.resolved_kind() == "wachap_v4" and settings.accounts == {"mali": "acc_1"}
    assert ProviderSettings.from_env({**env, "USE_WACHAP_V4": "0"}).resolved_kind() == "wachap"


def test_bad_configuration_is_explained_not_raised() -> None:
    settings = ProviderSettings.from_env({"WACHAP_V4_SECRET_KEY": "k" * 20, "WACHAP_V4_ACCOUNTS": "{mali: acc}", "WAADMIN_PROVIDER": "twilio"})
    problems = settings.problems()
    assert any("WACHAP_V4_ACCOUNTS is not valid JSON" in p for p in problems)
    assert any("twilio" in p for p in problems)
    with pytest.raises(ProviderUnavailable, match="WACHAP_V4_ACCOUNTS"):
        build_provider(settings)
    with pytest.raises(ProviderUnavailable, match="No provider is configured"):
        build_provider(ProviderSettings.from_env({}))


def test_redact_shows_at_most_the_last_four_characters() -> None:
    assert redact("") == "" and redact("short") == "••••" and redact("abcdefghijkl1234") == "••••1234"


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_the_limiter_spends_a_burst_then_refills() -> None:
    clock = FakeClock()
    limiter = RateLimiter(rate=2, burst=2, clock=clock)
    assert limiter.acquire(timeout=0) and limiter.acquire(timeout=0)
    assert not limiter.acquire(timeout=0)
    clock.now += 0.5
    assert limiter.acquire(timeout=0)
    limiter.refund()
    assert limiter.acquire(timeout=0)


def test_a_pause_holds_every_sender_and_stop_interrupts_the_wait() -> None:
    clock = FakeClock()
    limiter = RateLimiter(rate=0, clock=clock)
    assert limiter.unlimited and limiter.acquire(timeout=0)
    limiter.pause_for(30)
    limiter.pause_for(5)  # never shortens
    assert limiter.paused_until() == 30
    assert not limiter.acquire(timeout=0)
    stop = threading.Event()
    stop.set()
    assert not limiter.acquire(stop=stop)
    clock.now = 31
    assert limiter.acquire(timeout=0)


def test_retry_after_accepts_seconds_and_dates_and_bounds_them() -> None:
    assert classify.retry_after_seconds("12") == 12
    assert classify.retry_after_seconds("-4") == 0
    assert classify.retry_after_seconds("999999") == classify.MAX_RETRY_AFTER
    assert classify.retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412470.0) == 10
    assert classify.retry_after_seconds("soon") is None


@pytest.mark.parametrize(
    ("words", "code"),
    [
        ("Numéro invalide", ErrorCode.INVALID_NUMBER),
        ("Instance WaChap Mali désactivée", ErrorCode.CONFIG_ERROR),
        ("Too many requests, slow down", ErrorCode.RATE_LIMITED),
        ("queue full", ErrorCode.APP_ERROR),
    ],
)
def test_application_errors_are_read_from_the_providers_words(words, code) -> None:
    assert classify.from_application_error(words, "WaChap mali").code == code


def test_meta_error_codes() -> None:
    assert classify.from_meta_error(400, {"code": 131026}, "Meta").code == ErrorCode.INVALID_NUMBER
    assert classify.from_meta_error(400, {"code": 131047, "message": "Re-engagement message"}, "Meta").code == ErrorCode.PROVIDER_REJECTED
    assert classify.from_meta_error(401, {"code": 190}, "Meta").permanent
    assert classify.from_meta_error(400, {"code": 80007}, "Meta", "60").retry_after == 60


def test_connect_failures_never_sent_and_read_timeouts_may_have() -> None:
    request = httpx.Request("POST", "http://127.0.0.1/send")
    assert not classify.from_exception(httpx.ConnectError("refused", request=request), "x").may_have_sent
    assert classify.from_exception(httpx.ReadTimeout("slow", request=request), "x").may_have_sent
    for before_sending in (
        httpx.ConnectError("[Errno 111] Connection refused", request=request),
        httpx.ConnectError("[Errno -2] Name or service not known", request=request),
        httpx.ConnectError("[SSL: WRONG_VERSION_NUMBER] wrong version number", request=request),
        httpx.ConnectTimeout("slow", request=request),
        httpx.PoolTimeout("busy", request=request),
    ):
        failure = classify.from_exception(before_sending, "WaChap mali")
        assert (failure.code, failure.not_sent, failure.may_have_sent, failure.permanent) == (ErrorCode.PROVIDER_UNREACHABLE, True, False, False)
    assert "no DNS answer" in classify.from_exception(httpx.ConnectError("[Errno -2] Name or service not known", request=request), "x").message
    assert "TLS" in classify.from_exception(httpx.ConnectError("[SSL: WRONG_VERSION_NUMBER]", request=request), "x").message
    for after_sending in (httpx.ReadTimeout("slow", request=request), httpx.RemoteProtocolError("gone", request=request), httpx.ReadError("reset", request=request)):
        failure = classify.from_exception(after_sending, "x")
        assert failure.may_have_sent and not failure.not_sent
