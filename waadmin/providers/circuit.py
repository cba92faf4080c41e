"""Provider health: one circuit breaker per provider endpoint.

During an outage every send fails the same way. Without a breaker a run works through its whole
batch, and each failure that may have reached the provider costs the attempt a try. With it,
``threshold`` consecutive failures that say "the provider is not there" (nothing sent: refused,
DNS, TLS, connect timeout) or "the provider is failing" (5xx) open the circuit of that endpoint:
no attempt for it is claimed, the other endpoints go on. After a back-off (30 s, doubling to
10 min) one probe decides: success closes the circuit, failure keeps it open for longer.

The probe is the provider's health call when the circuit opened because the provider could not be
reached (a health call proves it answers again), and one real send when it opened on server
errors (the health call of a provider answering 503 to sends often still says "fine").

Thread-safe; no Qt. A desktop session, a worker and a CLI run each keep one
:class:`ProviderHealth` across their runs.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from typing import Any

from waadmin.domain.clock import utcnow
from waadmin.providers.base import CheckResult, Endpoint, OutgoingMessage

DEFAULT_THRESHOLD = 5
DEFAULT_FIRST_BACKOFF = 30.0
DEFAULT_MAX_BACKOFF = 600.0
THRESHOLD_RANGE = (1, 1000)
BACKOFF_RANGE = (0.05, 86_400.0)  # the low end is for tests; a person picks seconds or minutes


class CircuitState(StrEnum):
    CLOSED = "closed"  # sends go
    OPEN = "open"  # no sends until the probe time
    PROBING = "probing"  # one probe under way; everything else waits for its answer


class Cause(StrEnum):
    UNREACHABLE = "unreachable"  # nothing could be sent
    SERVER_ERROR = "server_error"  # the provider answered 5xx


class Admission(StrEnum):
    SEND = "send"
    HOLD = "hold"  # open: leave the attempt as it is
    PROBE = "probe"  # this caller makes the one probe


@dataclass(frozen=True)
class HealthPolicy:
    threshold: int = DEFAULT_THRESHOLD
    first_backoff: float = DEFAULT_FIRST_BACKOFF
    max_backoff: float = DEFAULT_MAX_BACKOFF

    def __post_init__(self) -> None:
        low, high = THRESHOLD_RANGE
        if not low <= self.threshold <= high:
            raise ValueError(f"the failure threshold must be between {low} and {high}")
        low_b, high_b = BACKOFF_RANGE
        if not low_b <= self.first_backoff <= high_b:
            raise ValueError(f"the first probe delay must be between {low_b:g} and {high_b:g} seconds")
        if not self.first_backoff <= self.max_backoff <= high_b:
            raise ValueError(f"the longest probe delay must be between the first ({self.first_backoff:g} s) and {high_b:g} seconds")


@dataclass(frozen=True)
class EndpointHealth:
    """One endpoint as last seen."""

    key: str
    label: str
    state: CircuitState = CircuitState.CLOSED
    failures: int = 0  # consecutive counted failures
    reason: str = ""  # the last failure, for people ("connection refused")
    cause: Cause | None = None  # why it opened
    opened_at: datetime | None = None  # wall clock, for "down since"
    next_probe_at: float | None = None  # on the health's clock
    backoff: float = 0.0  # the current wait between probes

    @property
    def down(self) -> bool:
        return self.state is not CircuitState.CLOSED

    def to_json(self, now: float | None = None) -> dict[str, Any]:
        wait = None
        if self.next_probe_at is not None and now is not None:
            wait = round(max(0.0, self.next_probe_at - now), 1)
        return {
            "endpoint": self.key,
            "label": self.label,
            "state": str(self.state),
            "failures": self.failures,
            "reason": self.reason or None,
            "since": self.opened_at.isoformat() if self.opened_at else None,
            "next_probe_in_seconds": wait,
        }


class ProviderHealth:
    def __init__(self, policy: HealthPolicy = HealthPolicy(), *, clock: Callable[[], float] = time.monotonic) -> None:
        self._policy = policy
        self._clock = clock
        self._lock = threading.Lock()
        self._endpoints: dict[str, EndpointHealth] = {}

    @property
    def policy(self) -> HealthPolicy:
        return self._policy

    def set_policy(self, policy: HealthPolicy) -> None:
        with self._lock:
            self._policy = policy

    def reset(self) -> None:
        """Forget every endpoint (the provider's configuration changed: what was down may be a
        wrong address that is now fixed)."""
        with self._lock:
            self._endpoints.clear()

    def now(self) -> float:
        return self._clock()

    # -- the engine's questions ---------------------------------------------------------------
    def admit(self, endpoint: Endpoint) -> Admission:
        with self._lock:
            current = self._get(endpoint)
            if current.state is CircuitState.CLOSED:
                return Admission.SEND
            if current.state is CircuitState.PROBING:
                return Admission.HOLD
            if current.next_probe_at is not None and self._clock() < current.next_probe_at:
                return Admission.HOLD
            self._endpoints[endpoint.key] = replace(current, state=CircuitState.PROBING)
            return Admission.PROBE

    def probe_kind(self, endpoint: Endpoint) -> Cause | None:
        """What the open circuit's probe should be: a health call (UNREACHABLE) or a send."""
        with self._lock:
            current = self._endpoints.get(endpoint.key)
            return current.cause if current is not None else None

    def succeeded(self, endpoint: Endpoint) -> bool:
        """The provider answered (a send went, or it refused one for a reason of its own).
        True when this closed an open circuit."""
        with self._lock:
            current = self._get(endpoint)
            reopened = current.state is not CircuitState.CLOSED
            self._endpoints[endpoint.key] = EndpointHealth(endpoint.key, endpoint.label)
            return reopened

    def failed(self, endpoint: Endpoint, reason: str, cause: Cause) -> bool:
        """A counted failure (nothing sent, or a 5xx). True when this opened the circuit."""
        with self._lock:
            current = self._get(endpoint)
            policy = self._policy
            now = self._clock()
            if current.state is CircuitState.PROBING:
                backoff = min(max(current.backoff, policy.first_backoff) * 2, policy.max_backoff)
                self._endpoints[endpoint.key] = replace(
                    current, state=CircuitState.OPEN, failures=current.failures + 1, reason=reason, next_probe_at=now + backoff, backoff=backoff
                )
                return False
            failures = current.failures + 1
            if current.state is CircuitState.OPEN:
                # An in-flight send that failed after the circuit opened: no new opening.
                self._endpoints[endpoint.key] = replace(current, failures=failures, reason=reason)
                return False
            if failures < policy.threshold:
                self._endpoints[endpoint.key] = replace(current, failures=failures, reason=reason)
                return False
            self._endpoints[endpoint.key] = replace(
                current,
                state=CircuitState.OPEN,
                failures=failures,
                reason=reason,
                cause=cause,
                opened_at=utcnow(),
                next_probe_at=now + policy.first_backoff,
                backoff=policy.first_backoff,
            )
            return True

    def probe_abandoned(self, endpoint: Endpoint) -> None:
        """The caller admitted to probe did not (the attempt was taken by someone else): the next
        caller may probe at once."""
        with self._lock:
            current = self._get(endpoint)
            if current.state is CircuitState.PROBING:
                self._endpoints[endpoint.key] = replace(current, state=CircuitState.OPEN, next_probe_at=self._clock())

    # -- what people see -------------------------------------------------------------------
    def get(self, endpoint: Endpoint) -> EndpointHealth:
        with self._lock:
            return self._get(endpoint)

    def snapshot(self) -> tuple[EndpointHealth, ...]:
        with self._lock:
            return tuple(sorted(self._endpoints.values(), key=lambda e: e.key))

    def down(self) -> tuple[EndpointHealth, ...]:
        return tuple(e for e in self.snapshot() if e.down)

    def next_probe_in(self) -> float | None:
        """Seconds until the earliest probe of an open circuit (0 when one is due)."""
        now = self._clock()
        waits = [max(0.0, e.next_probe_at - now) for e in self.down() if e.next_probe_at is not None]
        return min(waits) if waits else None

    def _get(self, endpoint: Endpoint) -> EndpointHealth:
        current = self._endpoints.get(endpoint.key)
        if current is None:
            current = EndpointHealth(endpoint.key, endpoint.label)
            self._endpoints[endpoint.key] = current
        return current


def describe(endpoints: tuple[EndpointHealth, ...] | list[EndpointHealth]) -> str:
    """ "WaChap chine, WaChap mali (connection refused); Meta default (HTTP 503 …)": endpoints
    that failed the same way are named together, so a whole-provider outage reads as one."""
    by_reason: dict[str, list[str]] = {}
    for e in endpoints:
        by_reason.setdefault(e.reason or "down", []).append(e.label)
    return "; ".join(f"{', '.join(labels)} ({reason})" for reason, labels in by_reason.items())


# -- what the engine asks of a provider, for providers that do not say -------------------------

def endpoint_of(provider: Any, message: OutgoingMessage) -> Endpoint:
    method = getattr(provider, "endpoint", None)
    if method is not None:
        found = method(message)
        if found is not None:
            return found
    name = str(getattr(provider, "name", "provider"))
    return Endpoint(name, name)


def endpoints_of(provider: Any) -> list[Endpoint]:
    """Every endpoint the provider is configured for; empty when it cannot say."""
    method = getattr(provider, "endpoints", None)
    if method is None:
        return []
    try:
        return list(method())
    except Exception:  # noqa: BLE001 - a provider that cannot list its endpoints still sends
        return []


def probe_of(provider: Any, endpoint: Endpoint) -> CheckResult | None:
    """The provider's health call for one endpoint; None when it has none."""
    method = getattr(provider, "probe", None)
    if method is None:
        return None
    try:
        return method(endpoint)
    except Exception as error:  # noqa: BLE001 - a probe that raises is a failed probe
        return CheckResult(endpoint.label, False, f"{type(error).__name__}: {error}")
