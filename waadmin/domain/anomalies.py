"""Odd values a Django database can hold, named so the UI can mark the row instead of failing."""

from __future__ import annotations

from datetime import datetime, timedelta

from waadmin.domain import message_types, phones, statuses

# Clock skew between the Django host and this one is normal; a day ahead is not.
FUTURE_TOLERANCE = timedelta(hours=1)


def find(
    *,
    status: str | None,
    message_type: str | None,
    attempt_count: int | None,
    max_attempts: int | None,
    phone_number: str | None,
    created_at: datetime | None,
    now: datetime,
) -> tuple[str, ...]:
    found: list[str] = []
    if not statuses.is_known(status):
        found.append(f"unknown status {status!r}")
    if message_type not in message_types.KNOWN:
        found.append(f"unknown message type {message_type!r}")
    if attempt_count is None or attempt_count < 0:
        found.append(f"attempt count {attempt_count!r}")
    if max_attempts is None or max_attempts < 1 or max_attempts > 1000:
        found.append(f"max attempts {max_attempts!r}")
    elif attempt_count is not None and attempt_count > max_attempts:
        found.append("more attempts than allowed")
    if not phones.is_valid(phone_number):
        found.append("phone number not dialable")
    if created_at is None:
        found.append("no creation date")
    elif created_at > now + FUTURE_TOLERANCE:
        found.append("created in the future")
    return tuple(found)
