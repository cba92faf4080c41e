"""Provider failures turned into an error code and what to do about it.

The reference keeps only "wachap_error"/"technical_error" and retries everything (its bug 7);
here a wrong number or a bad token ends the attempt, a rate limit waits without using one up,
and a timeout is flagged as possibly delivered (its bug 5).
"""

from __future__ import annotations

import email.utils
import time
from dataclasses import dataclass

import httpx

from waadmin.domain.error_codes import ErrorCode
from waadmin.domain.messages import N_

EXCERPT = 300
MAX_RETRY_AFTER = 3600.0

INVALID_NUMBER_MARKS = (
    "invalid number",
    "invalid phone",
    "invalid recipient",
    "invalid whatsapp",
    "not a valid",
    "not on whatsapp",
    "not registered",
    "not exist on whatsapp",
    "number does not exist",
    "no whatsapp account",
    "unknown number",
    "undeliverable",
    "numéro invalide",
    "numero invalide",
    "n'est pas sur whatsapp",
    "n'existe pas sur whatsapp",
    "n'a pas whatsapp",
)
CONFIG_MARKS = (
    "instance inactive",
    "instance disconnected",
    "instance not found",
    "instance is not connected",
    "disconnected",
    "not connected",
    "logged out",
    "session expired",
    "invalid token",
    "invalid access token",
    "invalid api key",
    "unauthorized",
    "unauthenticated",
    "authentication failed",
    "account not found",
    "désactivée",
    "desactivee",
    "incomplète",
    "non connectée",
)
RATE_MARKS = ("rate limit", "too many requests", "throttl", "limite de débit")

# Meta Graph API error codes.
META_INVALID_NUMBER = frozenset({131026, 131021, 131009})
META_RATE_LIMITED = frozenset({4, 80007, 130429, 131048, 131056})
META_CONFIG = frozenset({0, 3, 10, 190, 200, 131030, 131031, 133010, 368})
META_TRANSIENT = frozenset({1, 2, 131000, 131016})


@dataclass(frozen=True)
class Failure:
    code: str
    permanent: bool
    message: str
    retry_after: float | None = None
    may_have_sent: bool = False
    not_sent: bool = False  # failed before any byte of the request left: nothing to charge


def excerpt(text: str, limit: int = EXCERPT) -> str:
    flat = " ".join((text or "").split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def scrub(text: str, secrets: list[str]) -> str:
    for secret in secrets:
        if secret:
            text = text.replace(secret, "••••")
    return text


def retry_after_seconds(value: str | None, now: float | None = None) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or an HTTP date), within sane bounds."""
    if not value:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        if when is None:
            return None
        seconds = when.timestamp() - (now if now is not None else time.time())
    if seconds != seconds:  # NaN
        return None
    return min(max(seconds, 0.0), MAX_RETRY_AFTER)


def message_code(text: str) -> str | None:
    """Classify a provider's own words."""
    low = (text or "").lower()
    if any(mark in low for mark in RATE_MARKS):
        return ErrorCode.RATE_LIMITED
    if any(mark in low for mark in INVALID_NUMBER_MARKS):
        return ErrorCode.INVALID_NUMBER
    if any(mark in low for mark in CONFIG_MARKS):
        return ErrorCode.CONFIG_ERROR
    return None


def _failure(code: str, message: str, *, retry_after: float | None = None, may_have_sent: bool = False) -> Failure:
    permanent = code in (ErrorCode.INVALID_NUMBER, ErrorCode.CONFIG_ERROR, ErrorCode.PROVIDER_REJECTED)
    return Failure(code, permanent, message, retry_after, may_have_sent)


def unreachable(label: str, why: str) -> Failure:
    """Nothing left for the provider: the attempt is given back untouched."""
    return Failure(ErrorCode.PROVIDER_UNREACHABLE, False, N_("{label}: provider unreachable ({why}); not sent").format(label=label, why=why), not_sent=True)


def _connect_reason(error: Exception) -> str:
    text = str(error).lower()
    if "refused" in text:
        return N_("connection refused")
    if "name or service" in text or "nodename" in text or "getaddrinfo" in text or "name resolution" in text:
        return N_("no DNS answer")
    if "ssl" in text or "certificate" in text or "tls" in text or "handshake" in text:
        return N_("TLS handshake failed")
    return excerpt(str(error), 120) or type(error).__name__


def from_exception(error: Exception, label: str) -> Failure:
    """A transport error. Whether the provider may have the message depends on whether the
    request had left: a connect failure (refused, DNS, TLS handshake, connect or pool timeout)
    never sent it, a read timeout or a connection lost mid-request may have."""
    name = type(error).__name__
    if isinstance(error, httpx.ConnectTimeout):
        return unreachable(label, N_("connection timed out"))
    if isinstance(error, httpx.PoolTimeout):
        return unreachable(label, N_("no free connection in time"))
    if isinstance(error, httpx.TimeoutException):
        return _failure(ErrorCode.TIMEOUT, N_("{label}: no answer in time ({name}); the message may have been sent").format(label=label, name=name), may_have_sent=True)
    if isinstance(error, httpx.ConnectError):
        return unreachable(label, _connect_reason(error))
    if isinstance(error, httpx.RemoteProtocolError | httpx.ReadError | httpx.WriteError):
        return _failure(ErrorCode.NETWORK_ERROR, N_("{label}: connection lost during the request ({name}); the message may have been sent").format(label=label, name=name), may_have_sent=True)
    if isinstance(error, httpx.TransportError):
        return _failure(ErrorCode.NETWORK_ERROR, N_("{label}: network error ({name}: {detail})").format(label=label, name=name, detail=excerpt(str(error), 160)))
    return _failure(ErrorCode.UNEXPECTED, f"{label}: {name}: {excerpt(str(error), 160)}", may_have_sent=True)


def from_status(status: int, reason: str, body: str, label: str, retry_after: str | None = None) -> Failure:
    """A non-2xx answer."""
    text = f"{label}: HTTP {status} {reason}".rstrip()
    detail = excerpt(body)
    if detail:
        text += f" — {detail}"
    if status == 429:
        return _failure(ErrorCode.RATE_LIMITED, text, retry_after=retry_after_seconds(retry_after))
    if status in (401, 403):
        return _failure(ErrorCode.CONFIG_ERROR, text)
    if status >= 500:
        return _failure(ErrorCode.HTTP_5XX, text, retry_after=retry_after_seconds(retry_after))
    by_words = message_code(body)
    if by_words == ErrorCode.INVALID_NUMBER:
        return _failure(ErrorCode.INVALID_NUMBER, text)
    if by_words == ErrorCode.RATE_LIMITED:
        return _failure(ErrorCode.RATE_LIMITED, text, retry_after=retry_after_seconds(retry_after))
    if status == 408:
        return _failure(ErrorCode.TIMEOUT, text, may_have_sent=True)
    return _failure(ErrorCode.PROVIDER_REJECTED, text)


def from_application_error(message: str, label: str) -> Failure:
    """A 200 whose body says the send failed."""
    text = f"{label}: {excerpt(message) or 'application error'}"
    code = message_code(message)
    if code is not None:
        return _failure(code, text)
    return _failure(ErrorCode.APP_ERROR, text)


def from_meta_error(status: int, error: dict, label: str, retry_after: str | None = None) -> Failure:
    """The Graph API's {"error": {"code", "message", ...}} body."""
    try:
        code = int(error.get("code", -1))
    except (TypeError, ValueError):
        code = -1
    details = error.get("error_data", {}).get("details", "") if isinstance(error.get("error_data"), dict) else ""
    words = " ".join(str(part) for part in (error.get("message", ""), details) if part)
    text = f"{label}: error {code} — {excerpt(words)}"
    if code in META_RATE_LIMITED or status == 429:
        return _failure(ErrorCode.RATE_LIMITED, text, retry_after=retry_after_seconds(retry_after))
    if code in META_INVALID_NUMBER:
        return _failure(ErrorCode.INVALID_NUMBER, text)
    if code in META_CONFIG or status in (401, 403):
        return _failure(ErrorCode.CONFIG_ERROR, text)
    if code in META_TRANSIENT or status >= 500:
        return _failure(ErrorCode.HTTP_5XX, text)
    if code == 100 and any(word in words.lower() for word in ("phone", "recipient", "to ")):
        return _failure(ErrorCode.INVALID_NUMBER, text)
    return _failure(ErrorCode.PROVIDER_REJECTED, text)


def invalid_response(status: int, body: str, label: str) -> Failure:
    """A 2xx that is not the JSON the API promises (an HTML error page, broken JSON): the
    provider may or may not have accepted the message."""
    return _failure(ErrorCode.INVALID_RESPONSE, f"{label}: unreadable answer (HTTP {status}) — {excerpt(body, 160)}", may_have_sent=True)
