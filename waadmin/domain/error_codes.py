"""Error codes recorded on failed attempts, and what each one means for retrying.

The reference only ever writes ``wachap_error`` or ``technical_error`` and retries everything
(its bug 7). We classify, so that a wrong number is not retried five times and a rate limit does
not burn an attempt.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class ErrorCode(StrEnum):
    TIMEOUT = "timeout"  # the request left; the provider may have accepted it
    NETWORK_ERROR = "network_error"  # never reached the provider
    # Not sent at all: refused, no DNS answer, TLS handshake failed, connect or pool timeout, or
    # an open circuit. The attempt is given back as it was (no attempt charged).
    PROVIDER_UNREACHABLE = "provider_unreachable"
    HTTP_5XX = "http_5xx"
    RATE_LIMITED = "rate_limited"
    INVALID_NUMBER = "invalid_number"
    CONFIG_ERROR = "config_error"  # missing/wrong credentials, disabled instance
    PROVIDER_REJECTED = "provider_rejected"  # a 4xx the provider will answer the same way again
    APP_ERROR = "app_error"  # a 200 with an application error we cannot place
    INVALID_RESPONSE = "invalid_response"  # HTML page, broken JSON
    INTERRUPTED = "interrupted"  # left in `sending` by a crash, recovered after the lease
    # Another program saved the whole row (an old copy) while waadmin was sending it: status and
    # attempt_count went back. The send's result is recorded over it and the row flagged.
    CONFLICTING_SAVE = "conflicting_save"
    UNEXPECTED = "unexpected_error"
    # Written by the Django app; kept so its rows read well.
    WACHAP_ERROR = "wachap_error"
    TECHNICAL_ERROR = "technical_error"


@dataclass(frozen=True)
class ErrorRule:
    permanent: bool  # straight to failed_final
    may_have_sent: bool  # the provider may have taken the message despite the error
    burns_attempt: bool = True


RULES: dict[str, ErrorRule] = {
    ErrorCode.TIMEOUT: ErrorRule(permanent=False, may_have_sent=True),
    ErrorCode.NETWORK_ERROR: ErrorRule(permanent=False, may_have_sent=False),
    ErrorCode.PROVIDER_UNREACHABLE: ErrorRule(permanent=False, may_have_sent=False, burns_attempt=False),
    ErrorCode.HTTP_5XX: ErrorRule(permanent=False, may_have_sent=False),
    ErrorCode.RATE_LIMITED: ErrorRule(permanent=False, may_have_sent=False, burns_attempt=False),
    ErrorCode.INVALID_NUMBER: ErrorRule(permanent=True, may_have_sent=False),
    ErrorCode.CONFIG_ERROR: ErrorRule(permanent=True, may_have_sent=False),
    ErrorCode.PROVIDER_REJECTED: ErrorRule(permanent=True, may_have_sent=False),
    ErrorCode.APP_ERROR: ErrorRule(permanent=False, may_have_sent=False),
    ErrorCode.INVALID_RESPONSE: ErrorRule(permanent=False, may_have_sent=True),
    ErrorCode.INTERRUPTED: ErrorRule(permanent=False, may_have_sent=True),
    ErrorCode.CONFLICTING_SAVE: ErrorRule(permanent=False, may_have_sent=True),
    ErrorCode.UNEXPECTED: ErrorRule(permanent=False, may_have_sent=False),
    ErrorCode.WACHAP_ERROR: ErrorRule(permanent=False, may_have_sent=False),
    ErrorCode.TECHNICAL_ERROR: ErrorRule(permanent=False, may_have_sent=False),
}

_UNKNOWN = ErrorRule(permanent=False, may_have_sent=False)


def rule_for(code: str | None) -> ErrorRule:
    return RULES.get(code or "", _UNKNOWN)


def is_permanent(code: str | None) -> bool:
    return rule_for(code).permanent
