"""The three HTTP clients against the sandbox server on 127.0.0.1: what each failure becomes."""

from __future__ import annotations

from datetime import UTC

import pytest

from waadmin.domain.error_codes import ErrorCode
from waadmin.providers.base import OutgoingMessage
from waadmin.providers.factory import build_provider
from waadmin.providers.sandbox import META_TOKEN, TOKENS, V4_KEY, SandboxServer

KINDS = ("wachap", "wachap_v4", "meta")


@pytest.fixture(scope="module")
def sandbox():
    with SandboxServer(hang_seconds=2.0) as server:
        yield server


@pytest.fixture(autouse=True)
def _fresh(sandbox):
    sandbox.clear()
    yield


def _message(phone: str = "+223 76 00 11 22", text: str = "Votre colis est arrivé", **extra) -> OutgoingMessage:
    return OutgoingMessage(attempt_id=1, phone_number=phone, text=text, **extra)


@pytest.mark.parametrize("kind", KINDS)
def test_a_send_reaches_the_api_with_the_right_shape(sandbox, kind) -> None:
    with _built(sandbox, kind) as provider:
        outcome = provider.send(_message())
    assert outcome.ok and outcome.provider == kind and outcome.provider_message_id
    [request] = sandbox.sends()
    assert request.phone == "22376001122" and request.text == "Votre colis est arrivé" and request.accepted
    assert outcome.provider_message_id.endswith(request.message_id)
    if kind == "wachap":
        assert request.body["number"] == "22376001122" and request.body["type"] == "text"
        assert request.body["instance_id"] == "SBXMALI01"  # a Mali number goes through the Mali instance
    elif kind == "wachap_v4":
        assert request.body == {"data": {"accountId": "acc_mali", "to": "+22376001122", "type": "text", "content": "Votre colis est arrivé"}}
        assert request.headers["Authorization"] == f"Bearer {V4_KEY}"
    else:
        assert request.body["to"] == "22376001122" and request.body["text"]["body"] == "Votre colis est arrivé"
        assert request.path.endswith("/100200300400/messages")


class _built:
    def __init__(self, sandbox, kind, timeout: float = 5.0) -> None:
        self.provider = build_provider(sandbox.settings(kind, timeout=timeout))

    def __enter__(self):
        return self.provider

    def __exit__(self, *exc):
        self.provider.close()


EXPECTED = {
    # behaviour: (error code, permanent, may have sent)
    "http_500": (ErrorCode.HTTP_5XX, False, False),
    "http_503": (ErrorCode.HTTP_5XX, False, False),
    "rate_limited": (ErrorCode.RATE_LIMITED, False, False),
    "html": (ErrorCode.INVALID_RESPONSE, False, True),
    "invalid_json": (ErrorCode.INVALID_RESPONSE, False, True),
    "invalid_number": (ErrorCode.INVALID_NUMBER, True, False),
    "auth_error": (ErrorCode.CONFIG_ERROR, True, False),
    "drop": (ErrorCode.NETWORK_ERROR, False, True),
}


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("behaviour", sorted(EXPECTED))
def test_each_failure_is_classified(sandbox, kind, behaviour) -> None:
    sandbox.script(behaviour)
    with _built(sandbox, kind) as provider:
        outcome = provider.send(_message())
    code, permanent, may_have_sent = EXPECTED[behaviour]
    if kind == "meta" and behaviour == "http_500":
        code = ErrorCode.HTTP_5XX
    assert not outcome.ok
    assert (outcome.error_code, outcome.permanent, outcome.may_have_sent) == (code, permanent, may_have_sent), outcome
    assert outcome.error_message


@pytest.mark.parametrize("kind", KINDS)
def test_a_rate_limit_carries_the_providers_wait(sandbox, kind) -> None:
    sandbox.script("rate_limited")
    with _built(sandbox, kind) as provider:
        assert provider.send(_message()).retry_after == 30
    sandbox.script("rate_limited_no_header")
    with _built(sandbox, kind) as provider:
        outcome = provider.send(_message())
    assert outcome.error_code == ErrorCode.RATE_LIMITED and outcome.retry_after is None


@pytest.mark.parametrize("kind", KINDS)
def test_a_timeout_is_flagged_as_maybe_sent(sandbox, kind) -> None:
    sandbox.script("timeout")
    with _built(sandbox, kind, timeout=0.4) as provider:
        outcome = provider.send(_message())
    assert (outcome.error_code, outcome.may_have_sent, outcome.permanent) == (ErrorCode.TIMEOUT, True, False)
    assert sandbox.sent_texts() == ["Votre colis est arrivé"]  # the provider did take it


def test_app_errors_in_a_200(sandbox) -> None:
    sandbox.script("app_error")
    for kind, code in (("wachap", ErrorCode.APP_ERROR), ("wachap_v4", ErrorCode.APP_ERROR), ("meta", ErrorCode.HTTP_5XX)):
        with _built(sandbox, kind) as provider:
            outcome = provider.send(_message())
        assert (outcome.ok, outcome.error_code, outcome.permanent) == (False, code, False), kind


def test_an_unreachable_host_is_a_provider_outage_that_never_sent(sandbox) -> None:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    settings = sandbox.settings("wachap").with_overrides(wachap_url=f"http://127.0.0.1:{port}/api")
    with _Closing(build_provider(settings)) as provider:
        outcome = provider.send(_message())
    assert (outcome.error_code, outcome.may_have_sent, outcome.not_sent) == (ErrorCode.PROVIDER_UNREACHABLE, False, True)
    assert "connection refused" in outcome.error_message


def test_a_failed_tls_handshake_never_sent(sandbox) -> None:
    """A server that closes the connection during the handshake: nothing of the request left."""
    import socket
    import threading

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    port = listener.getsockname()[1]

    def refuse_tls() -> None:
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            conn.recv(1024)
            conn.sendall(b"HTTP/1.1 400 Bad Request\r\n\r\n")  # not a TLS server hello
            conn.close()

    threading.Thread(target=refuse_tls, daemon=True).start()
    try:
        settings = sandbox.settings("wachap").with_overrides(wachap_url=f"https://127.0.0.1:{port}/api")
        with _Closing(build_provider(settings)) as provider:
            outcome = provider.send(_message())
    finally:
        listener.close()
    assert (outcome.error_code, outcome.not_sent, outcome.may_have_sent) == (ErrorCode.PROVIDER_UNREACHABLE, True, False)


def test_each_endpoint_has_a_key_and_a_health_call(sandbox) -> None:
    with _Closing(build_provider(sandbox.settings("wachap"))) as provider:
        endpoint = provider.endpoint(_message())
        assert endpoint.key.startswith("wachap:") and endpoint.label.startswith("WaChap ")
        assert endpoint in provider.endpoints()
        assert provider.probe(endpoint).ok
    for kind in ("wachap_v4", "meta"):
        with _Closing(build_provider(sandbox.settings(kind))) as provider:
            endpoint = provider.endpoint(_message())
            assert endpoint in provider.endpoints() and provider.probe(endpoint).ok, kind


class _Closing:
    def __init__(self, provider) -> None:
        self.provider = provider

    def __enter__(self):
        return self.provider

    def __exit__(self, *exc):
        self.provider.close()


@pytest.mark.parametrize("kind", KINDS)
def test_no_secret_ever_reaches_an_outcome(sandbox, kind) -> None:
    secrets = [*TOKENS.values(), V4_KEY, META_TOKEN]
    for behaviour in ("ok", "auth_error", "http_500", "html", "invalid_number"):
        sandbox.script(behaviour, times=1)
        with _built(sandbox, kind) as provider:
            outcome = provider.send(_message())
        from datetime import datetime

        shown = repr(outcome) + repr(outcome.provider_response(datetime.now(UTC)))
        assert not any(secret in shown for secret in secrets), (behaviour, shown)
    assert not any(secret in repr(sandbox.settings(kind)) for secret in secrets)


def test_routing_follows_type_role_region_and_prefix(sandbox) -> None:
    cases = [
        (_message("+8613800138000"), "SBXCHINE01"),
        (_message("+22376001122"), "SBXMALI01"),
        (_message("+22376001122", message_type="otp"), "SBXSYSTEM01"),
        (_message("+8613800138000", sender_role="agent_mali"), "SBXMALI01"),
        (_message("+22376001122", region_override="chine"), "SBXCHINE01"),
        (_message("+8613800138000", region_override=""), "SBXCHINE01"),  # "" chooses, unlike the reference
    ]
    with _built(sandbox, "wachap") as provider:
        for message, instance in cases:
            provider.send(message)
            assert sandbox.sends()[-1].route == instance, message


def test_a_disabled_instance_falls_back_to_another(sandbox) -> None:
    settings = sandbox.settings("wachap")
    instances = tuple(i if i.region != "chine" else type(i)(i.region, i.access_token, i.instance_id, active=False) for i in settings.wachap_instances)
    with _Closing(build_provider(settings.with_overrides(wachap_instances=instances))) as provider:
        assert provider.send(_message("+8613800138000")).ok
        explicit = provider.send(_message("+8613800138000", region_override="chine"))
    assert sandbox.sends()[0].route == "SBXMALI01"
    assert (explicit.ok, explicit.error_code, explicit.permanent) == (False, ErrorCode.CONFIG_ERROR, True)
    assert "désactivée" in explicit.error_message


@pytest.mark.parametrize("kind", KINDS)
def test_check_reports_each_route(sandbox, kind) -> None:
    with _built(sandbox, kind) as provider:
        results = provider.check()
    assert results and all(r.ok for r in results), results
    bad = sandbox.settings(kind)
    bad = bad.with_overrides(
        wachap_instances=tuple(type(i)(i.region, "wrong-token-123456", i.instance_id) for i in bad.wachap_instances),
        v4_secret_key="wrong-key-1234567890", meta_token="wrong-token-1234567890",
    )
    with _Closing(build_provider(bad)) as provider:
        results = provider.check()
    assert results and not any(r.ok for r in results)
    assert not any("wrong-" in r.message for r in results)
