"""What the three HTTP clients share: one pooled httpx client, timing, turning transport
errors and odd bodies into a :class:`SendOutcome`, and keeping secrets out of every text.

Every call has an overall deadline and a cap on the answer's size. httpx's timeouts apply per
socket read, so an answer trickling one byte every few seconds would hold a send (and its row in
`sending`, and a worker asked to stop) for as long as it likes; and a 50 MB answer, or a small
gzip body that inflates to gigabytes, would be read whole. Here the exchange runs on a thread of
its own that the caller waits for until the deadline, the body is read in chunks and inflated by
us with a bound, and a call past its deadline has its socket shut so that thread ends too.
"""

from __future__ import annotations

import contextlib
import functools
import json
import socket
import ssl
import threading
import time
import zlib
from dataclasses import dataclass, field
from typing import Any

import httpx

from waadmin import __version__
from waadmin.domain.error_codes import ErrorCode
from waadmin.providers import classify
from waadmin.providers.base import RESPONSE_EXCERPT_CHARS, SendOutcome
from waadmin.providers.ratelimit import MAX_CONCURRENCY
from waadmin.providers.settings import DEFAULT_MAX_ANSWER_BYTES, DEFAULT_SEND_DEADLINE

# A connection for every send a run may have in flight, plus the UI's own calls, all kept open
# between sends: with fewer kept than in flight (16 of 160 at 1,000/s) most sends paid a new
# TCP (and TLS) connection. The connections are split over SHARDS clients, each calling thread
# always using the same one: httpcore's pool takes one lock per request and walks every
# connection under it, and with 160 sends at once on one pool a quarter of the process's time
# went to waiting for that lock (benchmarks/retry_throughput.py at 1,000/s, py-spy).
SHARD_CONNECTIONS = 16
SHARDS = -(-MAX_CONCURRENCY // SHARD_CONNECTIONS)
POOL = httpx.Limits(max_connections=SHARD_CONNECTIONS + 16, max_keepalive_connections=SHARD_CONNECTIONS + 16)


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
        # Only encodings we inflate ourselves, with a bound (see _Exchange._read).
        headers={"User-Agent": f"waadmin/{__version__}", "Accept-Encoding": "gzip, deflate"},
    )


class AnswerTooLarge(Exception):
    pass


class DeadlinePassed(Exception):
    pass


@dataclass
class _Exchange:
    """One call, run on a thread of its own; the caller waits for ``done`` until the deadline."""

    client: httpx.Client
    method: str
    url: str
    kwargs: dict[str, Any]
    deadline: float  # time.monotonic()
    max_bytes: int
    done: threading.Event = field(default_factory=threading.Event)
    result: Any = None  # (status, reason, text, retry_after) or an exception
    abandoned: bool = False
    # Set once httpcore starts writing the request: before that, a call cut at its deadline
    # (still connecting) sent nothing and must not charge an attempt.
    request_started: bool = False
    _sockets: list[socket.socket] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def run(self) -> None:
        try:
            extensions = dict(self.kwargs.pop("extensions", {}) or {})
            extensions["trace"] = self._trace
            with self.client.stream(self.method, self.url, extensions=extensions, **self.kwargs) as response:
                self._keep(response.extensions.get("network_stream"))
                body = self._read(response)
                self.result = (response.status_code, response.reason_phrase, body, response.headers.get("retry-after"))
        except BaseException as error:  # noqa: BLE001 - handed to the caller, who classifies it
            self.result = error
        finally:
            self.done.set()

    def _trace(self, name: str, info: dict[str, Any]) -> None:
        if name.endswith("send_request_headers.started"):
            self.request_started = True
        # A new connection's socket, so that a call past its deadline can be cut even while it
        # waits for the answer's first bytes.
        if name in ("connection.connect_tcp.complete", "connection.start_tls.complete"):
            self._keep(info.get("return_value"))

    def _keep(self, stream: Any) -> None:
        if stream is None:
            return
        with contextlib.suppress(Exception):
            sock = stream.get_extra_info("socket")
            if sock is not None:
                with self._lock:
                    self._sockets.append(sock)
                    cut = self.abandoned
                if cut:
                    self.cut()

    def _read(self, response: httpx.Response) -> str:
        encoding = (response.headers.get("content-encoding") or "identity").strip().lower()
        inflate = None
        if encoding in ("gzip", "x-gzip", "deflate"):
            inflate = zlib.decompressobj(zlib.MAX_WBITS | 32)  # gzip or zlib header, found by zlib
        elif encoding not in ("identity", ""):
            raise AnswerTooLarge(f"an answer in an encoding waadmin did not ask for ({encoding})")
        raw_size = 0
        parts: list[bytes] = []
        size = 0
        for chunk in response.iter_raw():
            if time.monotonic() > self.deadline or self.abandoned:
                raise DeadlinePassed()
            raw_size += len(chunk)
            if raw_size > self.max_bytes:
                raise AnswerTooLarge(f"an answer over {self.max_bytes:,} bytes")
            if inflate is not None:
                # Inflated a bounded piece at a time: a gzip bomb never gets past the cap.
                data = inflate.decompress(chunk, self.max_bytes - size + 1)
                while data:
                    size += len(data)
                    if size > self.max_bytes:
                        raise AnswerTooLarge(f"an answer inflating to over {self.max_bytes:,} bytes")
                    parts.append(data)
                    data = inflate.decompress(inflate.unconsumed_tail, self.max_bytes - size + 1) if inflate.unconsumed_tail else b""
            else:
                size += len(chunk)
                parts.append(chunk)
        body = b"".join(parts)
        return body.decode(response.encoding or "utf-8", "replace")

    def cut(self) -> None:
        """Past the deadline: end the exchange's thread too (its blocked read returns)."""
        with self._lock:
            self.abandoned = True
            sockets = list(self._sockets)
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)


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

    def __init__(
        self,
        provider: str,
        secrets: list[str],
        timeout: float,
        connect_timeout: float,
        client: httpx.Client | None = None,
        *,
        deadline: float = DEFAULT_SEND_DEADLINE,
        max_bytes: int = DEFAULT_MAX_ANSWER_BYTES,
    ) -> None:
        self.provider = provider
        self._secrets = sorted(set(secrets), key=len, reverse=True)
        self._given = client  # a test's client, used alone
        self._timeouts = (min(timeout, deadline), connect_timeout)
        self._shards: dict[int, httpx.Client] = {}
        self._shards_lock = threading.Lock()
        self._thread = threading.local()
        self._next_shard = 0
        self.deadline = deadline
        self.max_bytes = max_bytes

    def _client(self) -> httpx.Client:
        """The calling thread's shard (made on first use), so its connection stays kept for it."""
        if self._given is not None:
            return self._given
        index = getattr(self._thread, "shard", None)
        if index is None:  # threads take the shards in turn
            with self._shards_lock:
                index = self._thread.shard = self._next_shard % SHARDS
                self._next_shard += 1
        client = self._shards.get(index)
        if client is None:
            with self._shards_lock:
                client = self._shards.get(index)
                if client is None:
                    client = self._shards[index] = make_client(*self._timeouts)
        return client

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
        exchange = _Exchange(self._client(), method, url, kwargs, started + self.deadline, self.max_bytes)
        threading.Thread(target=exchange.run, name="waadmin-http", daemon=True).start()
        if not exchange.done.wait(self.deadline):
            exchange.cut()
            if not exchange.request_started:
                return classify.unreachable(label, f"not connected within the {self.deadline:g} s deadline")
            return self._past_deadline(label, started)
        outcome = exchange.result
        if isinstance(outcome, DeadlinePassed):
            return self._past_deadline(label, started)
        if isinstance(outcome, AnswerTooLarge):
            return classify.Failure(ErrorCode.INVALID_RESPONSE, False, self.scrub(f"{label}: unreadable answer: {outcome}; the message may have been sent"), may_have_sent=True)
        if isinstance(outcome, BaseException):
            if not isinstance(outcome, Exception):
                raise outcome  # KeyboardInterrupt and the like: not ours to swallow
            failure = classify.from_exception(outcome, label)
            return classify.Failure(
                failure.code, failure.permanent, self.scrub(failure.message), failure.retry_after, failure.may_have_sent, failure.not_sent
            )
        status, reason, text, retry_after = outcome
        elapsed = (time.monotonic() - started) * 1000
        try:
            data = json.loads(text) if text.strip() else None
        except (ValueError, RecursionError):  # not JSON, or nested deeper than any real answer
            data = None
        if data is not None and not _shallow(data):
            data = None  # read as unreadable rather than walked by every function after this one
        return Answer(status, reason, data, text, retry_after, elapsed)

    def _past_deadline(self, label: str, started: float) -> classify.Failure:
        waited = time.monotonic() - started
        return classify.Failure(
            ErrorCode.TIMEOUT, False,
            self.scrub(f"{label}: no complete answer within {self.deadline:g} s (waited {waited:.1f} s); the message may have been sent"),
            may_have_sent=True,
        )

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
        with self._shards_lock:
            shards, self._shards = list(self._shards.values()), {}
        for client in shards:  # a given client is its owner's to close
            client.close()


MAX_NESTING = 64  # no provider's answer comes near; a hostile one is refused here


def _shallow(data: Any) -> bool:
    """Whether a parsed answer nests at most MAX_NESTING deep (walked without recursion)."""
    stack = [(data, 0)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_NESTING:
            return False
        if isinstance(value, dict):
            stack.extend((v, depth + 1) for v in value.values())
        elif isinstance(value, list):
            stack.extend((v, depth + 1) for v in value)
    return True


def unreadable(answer: Answer, label: str) -> classify.Failure:
    return classify.invalid_response(answer.status, answer.text, label)


def dig(data: Any, *path: str) -> Any:
    """data[path[0]][path[1]]…, or None where the shape differs."""
    for key in path:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data
