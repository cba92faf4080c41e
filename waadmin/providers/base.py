"""What the engine asks of a provider, and what it gets back.

A provider never raises for provider or network trouble: every send ends in a
:class:`SendOutcome` with an error code from :mod:`waadmin.domain.error_codes`, so the engine
records it instead of leaving the attempt in `sending`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

# provider_response keeps at most this much of a provider's body.
RESPONSE_EXCERPT_CHARS = 2_000


@dataclass(frozen=True)
class OutgoingMessage:
    attempt_id: int
    phone_number: str
    text: str
    message_type: str = "notification"
    sender_role: str = ""
    region_override: str | None = None
    source_app: str | None = None


@dataclass(frozen=True)
class SendOutcome:
    ok: bool
    provider: str  # "wachap", "wachap_v4", "meta"
    route: str = ""  # instance or account used: "chine", "mali", "system", a phone-number id…
    provider_message_id: str = ""
    error_code: str = ""  # an ErrorCode value when not ok
    error_message: str = ""  # for people; never holds a secret
    permanent: bool = False  # straight to failed_final
    retry_after: float | None = None  # seconds the provider asked us to wait (rate limits)
    may_have_sent: bool = False  # the provider may have taken it despite the error (timeouts)
    not_sent: bool = False  # failed before the request left (refused, DNS, TLS, connect timeout, open circuit)
    http_status: int | None = None
    body: Any = None  # parsed JSON, or a text excerpt
    elapsed_ms: float = 0.0

    def provider_response(self, now: datetime) -> dict[str, Any]:
        """What goes into the attempt's provider_response. The reference stores
        ``{result, timestamp}``; we keep those keys and add what a person needs to diagnose."""
        result = "ok" if self.ok else self.error_message
        data: dict[str, Any] = {
            "result": result,
            "timestamp": now.isoformat(),
            "provider": self.provider,
            "route": self.route,
            "http_status": self.http_status,
            "elapsed_ms": round(self.elapsed_ms, 1),
        }
        if self.body is not None:
            data["body"] = self.body if not isinstance(self.body, str) else self.body[:RESPONSE_EXCERPT_CHARS]
        if not self.ok:
            data["error_code"] = self.error_code
        return data


@dataclass(frozen=True)
class CheckResult:
    target: str  # what was checked: "WaChap chine", "Meta phone number 123…"
    ok: bool
    message: str


@dataclass(frozen=True)
class Endpoint:
    """Where a send goes: one WaChap instance, one V4 account, one Meta phone-number id. An
    outage is per endpoint (one region's instance can be down while the other works)."""

    key: str  # stable: "wachap:mali", "wachap_v4:chine", "meta:100200300400"
    label: str  # for people: "WaChap mali"


@dataclass(frozen=True)
class ProviderInfo:
    name: str
    base_url: str
    routes: tuple[str, ...] = field(default_factory=tuple)


class Provider(Protocol):
    name: str

    def send(self, message: OutgoingMessage) -> SendOutcome:
        """Send one text message. Thread-safe; never raises for provider or network errors."""
        ...

    def check(self) -> list[CheckResult]:
        """A harmless call per configured route, where the API has one."""
        ...

    # Optional (see waadmin.providers.circuit): endpoint(message) -> Endpoint,
    # endpoints() -> list[Endpoint], probe(endpoint) -> CheckResult | None (None: no health call).

    def close(self) -> None: ...
