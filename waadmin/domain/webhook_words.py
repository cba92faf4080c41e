"""The words the provider's webhook logs carry in ``webhook_type`` and ``status`` (the reference
stores them as received: "status, delivery, read, etc."), for labelling them; unknown words are
shown as they are."""

from __future__ import annotations

TYPES: tuple[str, ...] = ("status", "delivery", "read", "message", "unknown")

STATUSES: tuple[str, ...] = (
    "delivered",
    "delivery",
    "delivered_to_device",
    "livre",
    "livré",
    "read",
    "seen",
    "played",
    "lu",
    "sent",
    "success",
    "ok",
    "failed",
    "error",
    "pending",
)
