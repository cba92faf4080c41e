"""A provider that misbehaves on purpose — trickling, huge, compressed, deep, of the wrong type —
cannot hold a send past its deadline, grow the process without bound or end in an "unexpected
error": a hostile HTTP server on 127.0.0.1, real SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses
import gzip
import resource
import socket
import threading
import time
from collections.abc import Iterator

import pytest

from tests.reliability.conftest import insert_due, rows_by_id, status_counts
from tests.support.waiting import wait_until
from waadmin.domain.error_codes import ErrorCode
from waadmin.engine.retry import RetryOptions, RetryRun
from waadmin.providers.base import OutgoingMessage
from waadmin.providers.factory import build_provider


def _bomb() -> bytes:
    """200 MB of zeros, gzipped to about 200 kB."""
    out = gzip.compress(b"\0" * (200 * 1024 * 1024), compresslevel=9)
    assert len(out) < 1_000_000
    return out


BOMB = None


class HostileServer:
    """Answers every request on a plain socket the way its mode says."""

    def __init__(self, mode: str) -> None:
        self.mode = mode
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(64)
        self.port = self.listener.getsockname()[1]
        self.requests = 0
        self._stop = threading.Event()
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._answer, args=(conn,), daemon=True).start()

    def _answer(self, conn: socket.socket) -> None:
        global BOMB
        try:
            conn.settimeout(30)
            data = b""
            while b"\r\n\r\n" not in data:
                data += conn.recv(65536)
            head, _, rest = data.partition(b"\r\n\r\n")
            length = next((int(line.split(b":")[1]) for line in head.split(b"\r\n") if line.lower().startswith(b"content-length")), 0)
            while len(rest) < length:
                rest += conn.recv(65536)
            self.requests += 1
            if self.mode == "trickle":
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n")
                for _ in range(1000):
                    if self._stop.wait(0.5):
                        return
                    conn.sendall(b" ")
            elif self.mode == "trickle_headers":
                for byte in b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n":
                    if self._stop.wait(0.5):
                        return
                    conn.sendall(bytes([byte]))
            elif self.mode == "huge":
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 52428800\r\n\r\n")
                chunk = b'{"x": "' + b"a" * 65000 + b'"}'
                sent = 0
                while sent < 52428800:
                    conn.sendall(chunk)
                    sent += len(chunk)
            elif self.mode == "bomb":
                BOMB = BOMB or _bomb()
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\n"
                             + f"Content-Length: {len(BOMB)}\r\n\r\n".encode() + BOMB)
            elif self.mode == "deep":
                body = b"[" * 100_000 + b"]" * 100_000
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n" + f"Content-Length: {len(body)}\r\n\r\n".encode() + body)
            elif self.mode == "wrong_type":
                body = b"<html><body>Gateway says hello</body></html>"
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n" + f"Content-Length: {len(body)}\r\n\r\n".encode() + body)
        except OSError:
            pass
        finally:
            conn.close()

    def stop(self) -> None:
        self._stop.set()
        self.listener.close()


@pytest.fixture
def hostile(request) -> Iterator[HostileServer]:
    server = HostileServer(request.param)
    yield server
    server.stop()


def _settings(sandbox, server: HostileServer, deadline: float = 2.0):
    return dataclasses.replace(sandbox.settings("wachap", timeout=10.0), wachap_url=f"http://127.0.0.1:{server.port}/api", send_deadline=deadline)


def _message() -> OutgoingMessage:
    return OutgoingMessage(attempt_id=1, phone_number="+22376001122", text="Votre colis est arrivé")


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@pytest.mark.parametrize("hostile", ["trickle", "trickle_headers"], indirect=True)
def test_a_trickling_answer_cannot_outlive_the_deadline(hostile, sandbox) -> None:
    provider = build_provider(_settings(sandbox, hostile, deadline=2.0))
    try:
        started = time.monotonic()
        outcome = provider.send(_message())
        took = time.monotonic() - started
    finally:
        provider.close()
    assert took < 3.0, took
    assert (outcome.error_code, outcome.may_have_sent) == (ErrorCode.TIMEOUT, True)
    assert "no complete answer within 2 s" in outcome.error_message


@pytest.mark.parametrize("hostile", ["huge", "bomb"], indirect=True)
def test_huge_and_inflating_answers_are_cut_with_bounded_memory(hostile, sandbox) -> None:
    if hostile.mode == "bomb":
        global BOMB
        BOMB = BOMB or _bomb()  # built before measuring
    before = _peak_rss_mb()
    provider = build_provider(_settings(sandbox, hostile, deadline=20.0))
    try:
        outcome = provider.send(_message())
    finally:
        provider.close()
    grew = _peak_rss_mb() - before
    assert outcome.error_code == ErrorCode.INVALID_RESPONSE and outcome.may_have_sent
    assert "over 1,000,000 bytes" in outcome.error_message
    assert grew < 60, f"peak RSS grew {grew:.0f} MB"


@pytest.mark.parametrize("hostile", ["deep", "wrong_type"], indirect=True)
def test_deep_or_wrong_type_answers_are_invalid_responses_not_errors(hostile, sandbox) -> None:
    provider = build_provider(_settings(sandbox, hostile))
    try:
        outcome = provider.send(_message())
    finally:
        provider.close()
    assert outcome.error_code == ErrorCode.INVALID_RESPONSE, outcome
    assert "unreadable answer" in outcome.error_message


@pytest.mark.parametrize("hostile", ["trickle"], indirect=True)
def test_a_run_against_a_trickling_provider_leaves_nothing_sending(database, hostile, sandbox) -> None:
    texts = insert_due(database, 4, attempt_count=1, max_attempts=5)
    provider = build_provider(_settings(sandbox, hostile, deadline=1.5))
    try:
        started = time.monotonic()
        report = RetryRun(database, provider, RetryOptions(rate_per_second=0, concurrency=4)).run()
        took = time.monotonic() - started
    finally:
        provider.close()
    assert took < 5.0, took
    assert status_counts(database)["sending"] == 0
    rows = rows_by_id(database)
    assert {rows[i]["error_code"] for i in texts.values()} == {"timeout"}
    assert report.failed == 4


@pytest.mark.parametrize("hostile", ["trickle"], indirect=True)
def test_sigterm_stops_the_worker_within_the_deadline(db_url, database, hostile, sandbox) -> None:
    import signal
    import subprocess

    from tests.reliability.conftest import ROOT, cli_env, waadmin_command

    insert_due(database, 2)
    env = cli_env(db_url, sandbox, WAADMIN_WACHAP_URL=f"http://127.0.0.1:{hostile.port}/api", WAADMIN_SEND_DEADLINE="3")
    process = subprocess.Popen(waadmin_command("worker", "--interval", "60", "--rate", "0"), env=env, cwd=ROOT,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    wait_until(lambda: hostile.requests, 30, "the worker's first send")
    process.send_signal(signal.SIGTERM)
    started = time.monotonic()
    out, err = process.communicate(timeout=30)
    took = time.monotonic() - started
    assert process.returncode == 0, err
    assert took < 3.0 + 2.0, took  # the send's deadline, and the time to record it
    assert status_counts(database)["sending"] == 0


@pytest.mark.parametrize("hostile", ["trickle"], indirect=True)
def test_a_call_cut_while_still_connecting_charges_nothing(hostile, sandbox) -> None:
    """The deadline passes during the TLS handshake (a server that never answers the client's
    hello): nothing of the request left, so it is `provider_unreachable`, not a maybe-sent timeout."""
    settings = dataclasses.replace(
        sandbox.settings("wachap", timeout=10.0), wachap_url=f"https://127.0.0.1:{hostile.port}/api", send_deadline=1.5, connect_timeout=10.0,
    )
    provider = build_provider(settings)
    try:
        started = time.monotonic()
        outcome = provider.send(_message())
        took = time.monotonic() - started
    finally:
        provider.close()
    assert took < 3.0, took
    assert (outcome.error_code, outcome.not_sent, outcome.may_have_sent) == (ErrorCode.PROVIDER_UNREACHABLE, True, False), outcome
    assert hostile.requests == 0  # no HTTP request ever reached it
