"""What the three HTTP clients share: one pooled httpx client, timing, turning transport
errors and odd bodies into a :class:`SendOutcome`, and keeping secrets out of every text."""

from __future__ import annotations

import functools
import json
import ssl
import time
from dataclasses import dataclass
from typing import Any

import httpx

from waadmin import __version__
from waadmin.providers import classify
from waadmin.providers.base import RESPONSE_EXCERPT_CHARS, SendOutcome

# Enough for the default concurrency of a run plus the UI's own calls.
POOL = httpx.Limits(max_connections=32, max_keepalive_connections=16)


@functools.cache
def tls_context() -> ssl.SSLContext:
    """One TLS context for every client: building it parses the whole CA bundle (~25 ms with
    the interpreter lock held), which each new client would otherwise do again."""
    return httpx.create_ssl_context(verify=True, trust_env=True)


def warm_up() -> None:
    """Do now what the first client would do in the middle of the first send: import the
    transport (httpcore, h11) and build the TLS context. The desktop app calls it before its
    event loop runs; done later in a worker thread it held the interpreter lock ~60 ms (imports
    run with it held) and froze the window while a batch started."""
    make_client(1.0, 1.0).close()


def make_client(timeout: float, connect_timeout: float) -> httpx.Client:
    return httpx.Client(
        verify=tls_context(),
        timeout=httpx.Timeout(timeout, connect=min(connect_timeout, timeout)),
        limits=POOL,
        follow_redirects=False,  # a redirect would resend credentials somewhere unexpected
        headers={"User-Agent": f"waadmin/{__version__}"},
    )


@dataclass
class Answer:
    """A response, read: the status, its JSON (None if not JSON) and its text."""

    status: int
    reason: str
    data: Any
    text: str
    retry_after: str | None
    elapsed_ms: float

    @property
    def is_json(self) -> bool:
        return self.data is not None

    def body(self) -> Any:
        return self.data if self.data is not None else self.text[:RESPONSE_EXCERPT_CHARS]


class HttpClient:
    """Sends requests and never raises for transport trouble."""

    def __init__(self, provider: str, secrets: list[str], timeout: float, connect_timeout: float, client: httpx.Client | None = None) -> None:
        self.provider = provider
        self._secrets = sorted(set(secrets), key=len, reverse=True)
        self._client = client or make_client(timeout, connect_timeout)
        self._owns = client is None

    def scrub(self, value: Any) -> Any:
        """Removes every configured secret from a text or a JSON-like value."""
        if isinstance(value, str):
            return classify.scrub(value, self._secrets)
        if isinstance(value, dict):
            return {k: self.scrub(v) for k, v in value.items()}
        if isinstance(value, list):
            return [self.scrub(v) for v in value]
        return value

    def request(self, method: str, url: str, label: str, **kwargs: Any) -> Answer | classify.Failure:
        started = time.monotonic()
        try:
            response = self._client.request(method, url, **kwargs)
        except Exception as exc:  # noqa: BLE001 - every transport failure must become an outcome
            failure = classify.from_exception(exc, label)
            return classify.Failure(
                failure.code, failure.permanent, self.scrub(failure.message), failure.retry_after, failure.may_have_sent, failure.not_sent
            )
        elapsed = (time.monotonic() - started) * 1000
        text = response.text
        try:
            data = json.loads(text) if text.strip() else None
        except ValueError:
            data = None
        return Answer(response.status_code, response.reason_phrase, data, text, response.headers.get("retry-after"), elapsed)

    def failed(self, failure: classify.Failure, *, route: str = "", answer: Answer | None = None, elapsed_ms: float = 0.0) -> SendOutcome:
        return SendOutcome(
            ok=False,
            provider=self.provider,
            route=route,
            error_code=str(failure.code),
            error_message=self.scrub(failure.message),
            permanent=failure.permanent,
            retry_after=failure.retry_after,
            may_have_sent=failure.may_have_sent,
            not_sent=failure.not_sent,
            http_status=answer.status if answer else None,
            body=self.scrub(answer.body()) if answer else None,
            elapsed_ms=answer.elapsed_ms if answer else elapsed_ms,
        )

    def succeeded(self, answer: Answer, *, route: str, message_id: str) -> SendOutcome:
        return SendOutcome(
            ok=True,
            provider=self.provider,
            route=route,
            provider_message_id=message_id[:100],  # the column is varchar(100)
            http_status=answer.status,
            body=self.scrub(answer.body()),
            elapsed_ms=answer.elapsed_ms,
        )

    def close(self) -> None:
        if self._owns:
            self._client.close()


def unreadable(answer: Answer, label: str) -> classify.Failure:
    return classify.invalid_response(answer.status, answer.text, label)


def dig(data: Any, *path: str) -> Any:
    """data[path[0]][path[1]]…, or None where the shape differs."""
    for key in path:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data
