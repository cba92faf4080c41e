"""A stand-in for WaChap (legacy and V4) and the Meta Cloud API on 127.0.0.1.

Tests point providers at it, and so can a person trying the app without a real account
(``python -m waadmin.providers.sandbox``). Each send can be scripted to fail the way real
providers do: server errors, rate limits, timeouts, HTML pages, wrong numbers, dropped
connections.
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import json
import re
import socket
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from waadmin.providers.settings import REGIONS, ProviderSettings, WaChapInstance

BEHAVIOURS = (
    "ok", "slow", "http_500", "http_502", "http_503", "rate_limited", "rate_limited_no_header", "timeout",
    "html", "invalid_json", "app_error", "invalid_number", "auth_error", "drop",
    "ok_nul", "ok_huge",  # accepted, with an answer holding a NUL character / of 300 kB
    "ok_echo", "rejected_echo",  # accepted with the text echoed back / refused, quoting the text
)
# Behaviours after which the provider has the message, as a real one would.
ACCEPTED = frozenset({"ok", "slow", "timeout", "ok_nul", "ok_huge", "ok_echo"})

TOKENS = {region: f"sandbox-token-{region}-0123456789" for region in REGIONS}
INSTANCES = {region: f"SBX{region.upper()}01" for region in REGIONS}
V4_KEY = "sandbox-v4-secret-key-0123456789"
V4_ACCOUNTS = {"chine": "acc_chine", "mali": "acc_mali", "system": "acc_system"}
META_TOKEN = "sandbox-meta-token-0123456789"
META_NUMBERS = {"default": "100200300400", "chine": "100200300486"}
POLL_S = 0.05  # how often serve_forever looks whether stop() was called


@dataclass
class RecordedRequest:
    api: str  # "wachap", "wachap_v4", "meta"
    method: str
    path: str
    body: Any
    headers: dict[str, str]
    phone: str = ""  # digits only
    text: str = ""
    route: str = ""  # instance id, V4 account or Meta phone-number id
    behaviour: str = ""
    accepted: bool = False
    message_id: str = ""
    at: float = field(default_factory=time.time)


@dataclass
class _Rule:
    behaviour: str
    phone: str | None
    contains: str | None
    times: int | None

    def matches(self, phone: str, text: str) -> bool:
        if self.times is not None and self.times <= 0:
            return False
        if self.phone is not None and re.sub(r"\D", "", self.phone) != phone:
            return False
        return self.contains is None or self.contains in text


class _Server(ThreadingHTTPServer):
    # The default listen backlog of 5 drops SYNs when a run opens a dozen connections at once;
    # the client then sees a connect timeout that no real provider would have caused.
    request_queue_size = 128
    daemon_threads = True


class SandboxServer:
    def __init__(self, host: str = "127.0.0.1", port: int = 0, *, hang_seconds: float = 3.0) -> None:
        self.hang_seconds = hang_seconds
        self.latency = 0.0
        self.requests: list[RecordedRequest] = []
        self._rules: list[_Rule] = []
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        self._closing = threading.Event()
        self._connections: set[Any] = set()  # open client sockets, for a stop that is a real outage
        handler = type("Handler", (_Handler,), {"sandbox": self})
        self._server = _Server((host, port), handler)
        self._thread: threading.Thread | None = None

    # -- lifecycle ---------------------------------------------------------------------------
    def start(self) -> SandboxServer:
        # shutdown() waits for serve_forever to look at its flag, which it does between polls:
        # at the default 0.5 s every stop (the demo's, the self-test's) took up to half a second.
        self._thread = threading.Thread(target=self._server.serve_forever, args=(POLL_S,), name="wa-sandbox", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Go away as a crashed provider does: no new connection is accepted, and kept-alive
        connections are closed once the request each is answering (if any) is answered, so a
        client's next request finds nobody there rather than a server that still answers."""
        self._closing.set()
        self._server.shutdown()
        self._server.server_close()
        with self._lock:
            connections = list(self._connections)
        for sock in connections:
            # Reading side only: a handler waiting for the next request sees the end and closes;
            # one in the middle of a request still writes its answer.
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RD)

    def __enter__(self) -> SandboxServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- addresses and settings ----------------------------------------------------------------
    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def wachap_url(self) -> str:
        return f"{self.base_url}/wachap/api"

    @property
    def wachap_v4_url(self) -> str:
        return f"{self.base_url}/wachap-v4/v1"

    @property
    def meta_url(self) -> str:
        return f"{self.base_url}/meta/v21.0"

    def settings(self, kind: str = "wachap", timeout: float = 5.0) -> ProviderSettings:
        return ProviderSettings(
            kind=kind,
            wachap_url=self.wachap_url,
            wachap_instances=tuple(WaChapInstance(r, TOKENS[r], INSTANCES[r]) for r in REGIONS),
            wachap_timeout=timeout,
            v4_url=self.wachap_v4_url,
            v4_secret_key=V4_KEY,
            v4_accounts=tuple(sorted(V4_ACCOUNTS.items())),
            v4_timeout=timeout,
            meta_url=self.meta_url,
            meta_token=META_TOKEN,
            meta_phone_number_ids=tuple(sorted(META_NUMBERS.items())),
            meta_timeout=timeout,
            connect_timeout=min(timeout, 2.0),
        )

    def environment(self, kind: str = "wachap") -> dict[str, str]:
        """The environment variables that point the Django-compatible configuration here."""
        env = {"WAADMIN_PROVIDER": kind, "WAADMIN_WACHAP_URL": self.wachap_url, "WAADMIN_WACHAP_V4_URL": self.wachap_v4_url,
               "WAADMIN_META_URL": self.meta_url, "WACHAP_V4_SECRET_KEY": V4_KEY, "WACHAP_V4_ACCOUNTS": json.dumps(V4_ACCOUNTS),
               "WAADMIN_META_TOKEN": META_TOKEN, "WAADMIN_META_PHONE_NUMBER_IDS": json.dumps(META_NUMBERS)}
        for region in REGIONS:
            env[f"WACHAP_{region.upper()}_ACCESS_TOKEN"] = TOKENS[region]
            env[f"WACHAP_{region.upper()}_INSTANCE_ID"] = INSTANCES[region]
        return env

    # -- scripting -----------------------------------------------------------------------------
    def script(self, behaviour: str, phone: str | None = None, contains: str | None = None, times: int | None = None) -> None:
        """From now on, sends to ``phone`` (or whose text has ``contains``, or all) behave so,
        ``times`` times or for good. Later rules are looked at first."""
        if behaviour not in BEHAVIOURS:
            raise ValueError(f"unknown behaviour {behaviour!r}; one of {', '.join(BEHAVIOURS)}")
        with self._lock:
            self._rules.insert(0, _Rule(behaviour, phone, contains, times))

    def set_latency(self, seconds: float) -> None:
        self.latency = seconds

    def clear(self) -> None:
        with self._lock:
            self._rules.clear()
            self.requests.clear()
            self.latency = 0.0

    def _behaviour_for(self, phone: str, text: str) -> str:
        with self._lock:
            for rule in self._rules:
                if rule.matches(phone, text):
                    if rule.times is not None:
                        rule.times -= 1
                    return rule.behaviour
        return "ok"

    def _record(self, request: RecordedRequest) -> None:
        with self._lock:
            if request.accepted:
                request.message_id = f"SBX{next(self._ids):010d}"
            self.requests.append(request)

    # -- reading -------------------------------------------------------------------------------
    def sends(self) -> list[RecordedRequest]:
        with self._lock:
            return [r for r in self.requests if r.method == "POST"]

    def count(self) -> int:
        """Send requests received, whatever the answer."""
        return len(self.sends())

    def sent_texts(self) -> list[str]:
        """Texts the provider took (a customer would get them)."""
        return [r.text for r in self.sends() if r.accepted]


class _Handler(BaseHTTPRequestHandler):
    sandbox: SandboxServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        pass

    def setup(self) -> None:
        super().setup()
        with self.sandbox._lock:
            self.sandbox._connections.add(self.connection)

    def finish(self) -> None:
        with self.sandbox._lock:
            self.sandbox._connections.discard(self.connection)
        with contextlib.suppress(OSError):
            super().finish()

    # -- plumbing ----------------------------------------------------------------------------------
    def _read_json(self) -> Any:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            return json.loads(raw.decode("utf-8")) if raw else None
        except ValueError:
            return raw.decode("utf-8", "replace")

    def _reply(self, status: int, body: Any, *, content_type: str = "application/json", headers: dict[str, str] | None = None) -> None:
        data = body.encode("utf-8") if isinstance(body, str) else json.dumps(body).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(data)

    def _bearer(self) -> str:
        value = self.headers.get("Authorization", "")
        return value[7:] if value.startswith("Bearer ") else ""

    # -- routing -----------------------------------------------------------------------------------
    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        url = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        self.sandbox._record(RecordedRequest("", "GET", url.path, query, dict(self.headers)))
        if url.path.startswith("/wachap/api/get_qrcode"):
            known = query.get("access_token") in TOKENS.values() and query.get("instance_id") in INSTANCES.values()
            if known:
                self._reply(200, {"status": "success", "message": "Instance connected", "base64": ""})
            else:
                self._reply(200, {"status": "error", "message": "Invalid access token or instance id"})
        elif url.path.startswith("/wachap-v4/"):
            if self._bearer() != V4_KEY:
                self._reply(401, {"success": False, "message": "Unauthorized"})
            else:
                self._reply(200, {"success": True, "data": [{"id": a, "status": "connected"} for a in V4_ACCOUNTS.values()]})
        elif url.path.startswith("/meta/"):
            phone_id = url.path.rstrip("/").rsplit("/", 1)[-1]
            if self._bearer() != META_TOKEN:
                self._reply(401, {"error": {"message": "Invalid OAuth access token.", "type": "OAuthException", "code": 190}})
            elif phone_id not in META_NUMBERS.values():
                self._reply(400, {"error": {"message": f"Unsupported get request. Object with ID '{phone_id}' does not exist", "code": 100}})
            else:
                self._reply(200, {"display_phone_number": "+223 70 00 00 00", "verified_name": "Cargo Sandbox", "quality_rating": "GREEN", "id": phone_id})
        else:
            self._reply(404, {"error": "not found"})

    def do_POST(self) -> None:  # noqa: N802
        path = urlsplit(self.path).path
        body = self._read_json()
        if path == "/wachap/api/send":
            self._send("wachap", path, body, _legacy_fields(body))
        elif path == "/wachap-v4/v1/whatsapp/messages/send":
            self._send("wachap_v4", path, body, _v4_fields(body))
        elif re.fullmatch(r"/meta/v[\d.]+/\d+/messages", path):
            self._send("meta", path, body, _meta_fields(body, path))
        else:
            self._reply(404, {"error": "not found"})

    def _send(self, api: str, path: str, body: Any, fields: tuple[str, str, str]) -> None:
        phone, text, route = fields
        sandbox = self.sandbox
        behaviour = sandbox._behaviour_for(phone, text)
        if api == "wachap":
            authorised = isinstance(body, dict) and body.get("access_token") in TOKENS.values() and route in INSTANCES.values()
        elif api == "wachap_v4":
            authorised = self._bearer() == V4_KEY and route in V4_ACCOUNTS.values()
        else:
            authorised = self._bearer() == META_TOKEN and route in META_NUMBERS.values()
        if not authorised and behaviour in ACCEPTED:
            behaviour = "auth_error"
        record = RecordedRequest(api, "POST", path, body, dict(self.headers), phone, text, route, behaviour, behaviour in ACCEPTED)
        sandbox._record(record)
        if sandbox.latency:
            time.sleep(sandbox.latency)
        if behaviour == "slow":
            time.sleep(0.5)
        if behaviour == "timeout":
            sandbox._closing.wait(sandbox.hang_seconds)
        if behaviour == "drop":
            self.close_connection = True
            return
        status, reply, headers, content_type = _answer(api, behaviour, record)
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client gave up (timeout behaviour)
            self._reply(status, reply, headers=headers, content_type=content_type)


def _digits(value: Any) -> str:
    return re.sub(r"\D", "", str(value or ""))


def _legacy_fields(body: Any) -> tuple[str, str, str]:
    body = body if isinstance(body, dict) else {}
    return _digits(body.get("number")), str(body.get("message", "")), str(body.get("instance_id", ""))


def _v4_fields(body: Any) -> tuple[str, str, str]:
    data = body.get("data", {}) if isinstance(body, dict) else {}
    data = data if isinstance(data, dict) else {}
    return _digits(data.get("to")), str(data.get("content", "")), str(data.get("accountId", ""))


def _meta_fields(body: Any, path: str) -> tuple[str, str, str]:
    body = body if isinstance(body, dict) else {}
    text = body.get("text", {}).get("body", "") if isinstance(body.get("text"), dict) else ""
    return _digits(body.get("to")), str(text), path.split("/")[-2]


def _answer(api: str, behaviour: str, record: RecordedRequest) -> tuple[int, Any, dict[str, str], str]:
    """What each API answers for a behaviour: status, body, headers, content type."""
    json_type = "application/json"
    if behaviour in ("ok_nul", "ok_huge", "ok_echo"):
        status, body, headers, content_type = _answer(api, "ok", record)
        if behaviour == "ok_echo":
            # As gateways built on WhatsApp Web do: the message sent, text and all, comes back.
            if api == "wachap":
                body["message"]["message"] = {"extendedTextMessage": {"text": record.text}}
            elif api == "wachap_v4":
                body["data"] = {"to": record.phone, "content": record.text}
            else:
                body["messages"][0]["text"] = {"body": record.text}
        elif behaviour == "ok_nul":
            body["note"] = "accepted\u0000queued"  # real gateways have sent such bytes back
        else:
            body["trace"] = ["x" * 1000] * 300  # 300 kB: under the 1 MB cap on answers
        return status, body, headers, content_type
    if behaviour in ("ok", "slow", "timeout"):
        mid = record.message_id
        if api == "wachap":
            return 200, {"status": "success", "message": {"key": {"remoteJid": f"{record.phone}@s.whatsapp.net", "fromMe": True, "id": mid}, "status": "success"}}, {}, json_type
        if api == "wachap_v4":
            return 200, {"success": True, "message": "Message envoyé avec succès.", "messageId": mid}, {}, json_type
        return 200, {"messaging_product": "whatsapp", "contacts": [{"input": record.phone, "wa_id": record.phone}], "messages": [{"id": f"wamid.{mid}"}]}, {}, json_type
    if behaviour.startswith("http_5"):
        code = int(behaviour[5:])
        return code, {500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable"}[code], {}, "text/plain"
    if behaviour in ("rate_limited", "rate_limited_no_header"):
        headers = {"Retry-After": "30"} if behaviour == "rate_limited" else {}
        if api == "meta":
            return 429, {"error": {"message": "(#130429) Rate limit hit", "type": "OAuthException", "code": 130429}}, headers, json_type
        return 429, {"status": "error", "success": False, "message": "Too many requests"}, headers, json_type
    if behaviour == "html":
        return 200, "<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>", {}, "text/html"
    if behaviour == "invalid_json":
        return 200, '{"status": "success", "message": ', {}, json_type
    if behaviour == "app_error":
        if api == "wachap":
            return 200, {"status": "error", "message": "Something went wrong while processing the message"}, {}, json_type
        if api == "wachap_v4":
            return 200, {"success": False, "message": "Erreur interne lors du traitement"}, {}, json_type
        return 500, {"error": {"message": "An unknown error occurred", "type": "OAuthException", "code": 1}}, {}, json_type
    if behaviour == "rejected_echo":
        quoted = f"Message refusé par le filtre de contenu: « {record.text} »"
        if api == "wachap":
            return 200, {"status": "error", "message": quoted}, {}, json_type
        if api == "wachap_v4":
            return 200, {"success": False, "message": quoted}, {}, json_type
        return 400, {"error": {"message": f"(#131008) {quoted}", "type": "OAuthException", "code": 131008}}, {}, json_type
    if behaviour == "invalid_number":
        if api == "wachap":
            return 200, {"status": "error", "message": f"The number {record.phone} is not registered on WhatsApp"}, {}, json_type
        if api == "wachap_v4":
            return 200, {"success": False, "message": "Invalid phone number: not on WhatsApp"}, {}, json_type
        return 400, {"error": {"message": "(#131026) Message undeliverable", "type": "OAuthException", "code": 131026}}, {}, json_type
    # auth_error
    if api == "wachap":
        return 200, {"status": "error", "message": "Invalid access token"}, {}, json_type
    if api == "wachap_v4":
        return 401, {"success": False, "message": "Unauthorized: invalid API key"}, {}, json_type
    return 401, {"error": {"message": "Invalid OAuth access token.", "type": "OAuthException", "code": 190}}, {}, json_type


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m waadmin.providers.sandbox", description="A fake WaChap / Meta Cloud API server on 127.0.0.1 for trying waadmin without sending real messages.")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--kind", choices=("wachap", "wachap_v4", "meta"), default="wachap")
    parser.add_argument("--fail-every", type=int, default=0, metavar="N", help="answer HTTP 503 to every Nth send")
    parser.add_argument("--latency", type=float, default=0.0, metavar="SECONDS", help="wait this long before each answer")
    args = parser.parse_args(argv)
    server = SandboxServer(port=args.port)
    server.start()
    server.set_latency(max(args.latency, 0.0))
    if args.fail_every > 0:
        counter = itertools.count(1)
        original = server._behaviour_for
        server._behaviour_for = lambda phone, text: "http_503" if next(counter) % args.fail_every == 0 else original(phone, text)  # type: ignore[method-assign]
    print(f"Sandbox listening on {server.base_url}. Use these variables (Ctrl-C stops):")
    for key, value in sorted(server.environment(args.kind).items()):
        print(f"export {key}='{value}'")
    print(flush=True)  # an empty line ends the list for a script reading it
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        server.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
