"""Real receivers on loopback for alert delivery tests: an HTTP server standing for Slack's
incoming webhook and for a JSON webhook (it records what it got and can refuse), and an SMTP
server (aiosmtpd) that offers STARTTLS with a certificate made for the test and wants a login."""

from __future__ import annotations

import datetime as dt
import json
import socket
import ssl
import threading
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: Any


class HookServer:
    """POSTs are recorded while ``status`` is 200; any other status is answered and not kept
    (a channel that refuses). ``stop()`` then ``start()`` again on the same port stands for an
    unreachable channel that comes back."""

    def __init__(self, port: int = 0) -> None:
        self.status = 200
        self.received: list[Received] = []
        self.refused = 0
        self._lock = threading.Lock()
        self._port = port
        self._server: ThreadingHTTPServer | None = None

    def start(self) -> HookServer:
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                pass

            def do_POST(self) -> None:  # noqa: N802
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                with owner._lock:
                    status = owner.status
                    if status == 200:
                        owner.received.append(Received(self.path, dict(self.headers), json.loads(raw or b"null")))
                    else:
                        owner.refused += 1
                self.send_response(status)
                body = b"ok" if status == 200 else b"no"
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self._server = ThreadingHTTPServer(("127.0.0.1", self._port), Handler)
        self._server.daemon_threads = True
        self._port = self._server.server_address[1]
        threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True).start()  # stop() waits for a poll
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._port}/hook"

    def bodies(self) -> list[Any]:
        with self._lock:
            return [r.body for r in self.received]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 made now (cert file, key file); the cert is also the CA the
    client is told to trust."""
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "smtp-cert.pem", folder / "smtp-key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    return cert_path, key_path


@dataclass
class SmtpServer:
    """aiosmtpd on 127.0.0.1: STARTTLS required before AUTH, one user and password."""

    folder: Path
    implicit_tls: bool = False  # smtps:// (TLS from the first byte) instead of STARTTLS
    user: str = "alerts@example.test"
    password: str = "s3cret-smtp"
    messages: list[Message] = field(default_factory=list)
    logins: list[str] = field(default_factory=list)

    def start(self) -> SmtpServer:
        from aiosmtpd.controller import Controller
        from aiosmtpd.smtp import AuthResult, LoginPassword

        self.cafile, key = self_signed_certificate(self.folder)
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(self.cafile, key)
        owner = self

        class Handler:
            async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 - aiosmtpd's name
                owner.messages.append(message_from_bytes(envelope.content))
                return "250 OK"

        def authenticator(server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any) -> AuthResult:
            ok = isinstance(auth_data, LoginPassword) and auth_data.login.decode() == owner.user and auth_data.password.decode() == owner.password
            if ok:
                owner.logins.append(auth_data.login.decode())
            return AuthResult(success=ok, handled=False)

        self.port = free_port()
        # aiosmtpd counts only STARTTLS as TLS for AUTH; with TLS from the first byte every
        # command is encrypted anyway.
        tls: dict[str, Any] = (
            {"ssl_context": context, "auth_require_tls": False} if self.implicit_tls
            else {"tls_context": context, "require_starttls": True, "auth_require_tls": True}
        )
        self._controller = Controller(
            Handler(), hostname="127.0.0.1", port=self.port, **tls,
            authenticator=authenticator, auth_required=True,
        )
        self._controller.start()
        return self

    def stop(self) -> None:
        self._controller.stop()

    @property
    def url(self) -> str:
        from urllib.parse import quote

        if self.implicit_tls:
            return f"smtps://{quote(self.user)}@127.0.0.1:{self.port}?cafile={quote(str(self.cafile))}"
        return f"smtp://{quote(self.user)}@127.0.0.1:{self.port}?starttls=required&cafile={quote(str(self.cafile))}"
