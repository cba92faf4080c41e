"""The worker's HTTP side for monitoring: ``/metrics`` for Prometheus, a read-only JSON API
(``/api/stats``, ``/api/alerts``, ``/api/attempts``) and ``/healthz``, on the standard library's
threading HTTP server (one small process, no web framework).

Nothing here changes data. ``/api`` shows phone numbers and errors, so a bearer token guards it
when one is set, and an address other than loopback is refused without one: a worker must not
put its attempts on the network by a typo in ``--metrics``.
"""

from __future__ import annotations

import base64
import hmac
import ipaddress
import json
import logging
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from prometheus_client import CONTENT_TYPE_LATEST

from waadmin.db import listing
from waadmin.db.database import Database
from waadmin.db.errors import DatabaseProblem
from waadmin.domain import alerts
from waadmin.domain.filters import SORT_KEYS, AttemptFilter, Sort
from waadmin.engine import stats as stats_engine
from waadmin.engine.alert_delivery import TITLES, window_of
from waadmin.engine.metrics import WorkerMetrics

log = logging.getLogger(__name__)

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 9464  # the port Prometheus' exporter list gives to "custom exporters" examples
MAX_PAGE = 1000


class UnsafeBind(ValueError):
    """An address off this machine with no token: the message is the one line to print."""


class BadQuery(ValueError):
    """A query parameter the API cannot take (answered 400 with the reason)."""


def parse_listen(text: str) -> tuple[str, int]:
    """``9464``, ``:9464``, ``0.0.0.0:9464``, ``[::1]:9464`` → (host, port); host 127.0.0.1
    unless given."""
    text = text.strip()
    host, port_text = DEFAULT_HOST, text
    if text.startswith("["):
        end = text.find("]")
        if end < 0 or not text[end + 1 :].startswith(":"):
            raise ValueError(f"{text!r}: expected [ADDRESS]:PORT")
        host, port_text = text[1:end], text[end + 2 :]
    elif ":" in text:
        given, port_text = text.rsplit(":", 1)
        host = given or DEFAULT_HOST
    # Port 0: any free port, said in the worker's first lines (for tests and one-off runs).
    if not port_text.isdigit() or not 0 <= int(port_text) < 65536:
        raise ValueError(f"{text!r}: the port must be a number from 0 to 65535")
    return host, int(port_text)


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False  # a host name: it may resolve to anything


def check_bind(host: str, token: str) -> None:
    if not token and not is_loopback(host):
        raise UnsafeBind(
            f"refusing to serve metrics and the API on {host} without a token: "
            "set --metrics-token or WAADMIN_METRICS_TOKEN, or listen on 127.0.0.1"
        )


# -- keyset cursors for /api/attempts ------------------------------------------------------

def encode_cursor(cursor: listing.Cursor) -> str:
    value = cursor.value
    kind = "dt" if isinstance(value, datetime) else "raw"
    data = {"t": kind, "v": value.isoformat() if kind == "dt" else value, "id": cursor.id}
    return base64.urlsafe_b64encode(json.dumps(data, separators=(",", ":")).encode()).decode().rstrip("=")


def decode_cursor(text: str) -> listing.Cursor:
    try:
        data = json.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))
        value = datetime.fromisoformat(data["v"]) if data["t"] == "dt" else data["v"]
        return listing.Cursor(value, int(data["id"]))
    except (ValueError, KeyError, TypeError) as error:
        raise BadQuery(f"after: not a cursor this API gave ({type(error).__name__})") from None


@dataclass
class OpsSources:
    """What the server reads: the worker's database and figures, and how to read a filter."""

    database: Database
    metrics: WorkerMetrics
    status: Callable[[], dict[str, Any]]  # the worker's state for /healthz
    thresholds: Callable[[], alerts.AlertThresholds]
    # The CLI's list filters from a query (``status=failed_final&since=24h``…); raises BadQuery.
    attempt_filter: Callable[[dict[str, list[str]]], AttemptFilter]


def alerts_document(database: Database, thresholds: alerts.AlertThresholds) -> list[dict[str, Any]]:
    found = stats_engine.evaluate_alerts(database, thresholds=thresholds)
    out = []
    for alert in found:
        window = window_of(alert.key, thresholds)
        out.append({
            "key": alert.key, "title": TITLES.get(alert.key, alert.key), "active": alert.active, "value": alert.value,
            "threshold": alert.threshold, "unit": alert.unit, "window_seconds": None if window is None else int(window.total_seconds()),
        })
    return out


def _one(query: dict[str, list[str]], name: str, default: str = "") -> str:
    values = query.get(name)
    return values[-1] if values else default


def _int(query: dict[str, list[str]], name: str, default: int, low: int, high: int) -> int:
    text = _one(query, name, str(default))
    if not text.lstrip("-").isdigit() or not low <= int(text) <= high:
        raise BadQuery(f"{name}: a whole number from {low} to {high} (got {text!r})")
    return int(text)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True


class OpsServer:
    def __init__(self, sources: OpsSources, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, *, token: str = "") -> None:
        check_bind(host, token)
        self.sources = sources
        self.token = token
        handler = type("OpsHandler", (_Handler,), {"ops": self})
        server_class = _Server
        if ":" in host:
            server_class = type("OpsServer6", (_Server,), {"address_family": socket.AF_INET6})
        self._server = server_class((host, port), handler)
        self._thread: threading.Thread | None = None

    @property
    def address(self) -> tuple[str, int]:
        host, port = self._server.server_address[:2]
        return str(host), int(port)

    @property
    def url(self) -> str:
        host, port = self.address
        return f"http://{'[' + host + ']' if ':' in host else host}:{port}"

    def start(self) -> OpsServer:
        # A short poll: stop() (the worker ending on SIGTERM) waits for serve_forever's next one.
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), name="waadmin-metrics", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._thread is not None:  # shutdown() waits for serve_forever: only once it runs
            self._server.shutdown()
            self._thread.join(5)
        self._server.server_close()

    def __enter__(self) -> OpsServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- the routes ----------------------------------------------------------------------------
    def answer(self, path: str, query: dict[str, list[str]], authorization: str) -> tuple[int, str, bytes, dict[str, str]]:
        if path == "/metrics":
            return 200, CONTENT_TYPE_LATEST, self.sources.metrics.exposition(), {}
        if path == "/healthz":
            status = self.sources.status()
            healthy = status.get("state") not in ("stopped", "database_down") and not status.get("fatal")
            return self._json(200 if healthy else 503, status)
        if path.startswith("/api/") or path == "/api":
            if self.token and not self._authorized(authorization):
                return self._json(401, {"error": "a bearer token is required: Authorization: Bearer <token>"}, {"WWW-Authenticate": 'Bearer realm="waadmin"'})
            try:
                return self._json(200, self._api(path, query))
            except BadQuery as error:
                return self._json(400, {"error": str(error)})
            except DatabaseProblem as problem:
                return self._json(503, {"error": problem.message})
        return self._json(404, {"error": f"no such path: {path} (try /metrics, /healthz, /api/stats, /api/alerts, /api/attempts)"})

    def _authorized(self, header: str) -> bool:
        scheme, _, given = header.partition(" ")
        return scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(), self.token.encode())

    def _api(self, path: str, query: dict[str, list[str]]) -> Any:
        database = self.sources.database
        if path == "/api/stats":
            days = _int(query, "days", 7, 1, 3650)
            report = stats_engine.compute_stats(
                database, window=stats_engine.window_from_days(days),
                source_app=_one(query, "source_app") or None, message_type=_one(query, "type") or None, with_series=True,
            )
            return report.to_json()
        if path == "/api/alerts":
            return alerts_document(database, self.sources.thresholds())
        if path == "/api/attempts":
            sort_key = _one(query, "sort", "created_at")
            if sort_key not in SORT_KEYS:
                raise BadQuery(f"sort: one of {', '.join(SORT_KEYS)}")
            limit = _int(query, "limit", 50, 1, MAX_PAGE)
            after = decode_cursor(_one(query, "after")) if _one(query, "after") else None
            flt = self.sources.attempt_filter(query)
            ascending = _one(query, "ascending").lower() in ("1", "true", "yes")
            page = listing.list_attempts(database, flt, Sort(sort_key, not ascending), after=after, limit=limit)
            return {
                "attempts": [row.__dict__ for row in page.rows],
                "next": encode_cursor(page.next_cursor) if page.next_cursor else None,
            }
        raise BadQuery(f"no such API: {path} (stats, alerts, attempts)")

    @staticmethod
    def _json(code: int, body: Any, headers: dict[str, str] | None = None) -> tuple[int, str, bytes, dict[str, str]]:
        data = json.dumps(body, ensure_ascii=False, default=str).encode()
        return code, "application/json; charset=utf-8", data, headers or {}


class _Handler(BaseHTTPRequestHandler):
    ops: OpsServer
    server_version = "waadmin"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        log.debug("metrics http: " + format, *args)

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        parts = urlsplit(self.path)
        query = parse_qs(parts.query, keep_blank_values=False)
        try:
            code, content_type, body, headers = self.ops.answer(parts.path.rstrip("/") or "/", query, self.headers.get("Authorization", ""))
        except Exception as error:  # a bug of ours: answer 500, keep serving
            log.exception("metrics http: %s failed", parts.path)
            code, content_type, body, headers = 500, "application/json", json.dumps({"error": f"{type(error).__name__}: {error}"}).encode(), {}
        self.send_response(code)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)


__all__ = ["DEFAULT_PORT", "BadQuery", "OpsServer", "OpsSources", "UnsafeBind", "check_bind", "decode_cursor", "encode_cursor", "parse_listen"]
