"""Attempt statuses as the Django app stores them, with the groups the rules are written in."""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    DELIVERED = "delivered"
    READ = "read"
    FAILED = "failed"  # declared by Django, never assigned; old or hand-edited rows may hold it
    FAILED_RETRY = "failed_retry"
    FAILED_FINAL = "failed_final"
    CANCELLED = "cancelled"


# The Django app's own French labels, and ours in English.
LABELS_FR: dict[str, str] = {
    Status.PENDING: "En attente",
    Status.SENDING: "En cours d'envoi",
    Status.SENT: "Envoyé",
    Status.DELIVERED: "Livré",
    Status.READ: "Lu",
    Status.FAILED: "Échec",
    Status.FAILED_RETRY: "Échec - Retry programmé",
    Status.FAILED_FINAL: "Échec définitif",
    Status.CANCELLED: "Annulé",
}
LABELS_EN: dict[str, str] = {
    Status.PENDING: "Pending",
    Status.SENDING: "Sending",
    Status.SENT: "Sent",
    Status.DELIVERED: "Delivered",
    Status.READ: "Read",
    Status.FAILED: "Failed",
    Status.FAILED_RETRY: "Failed, retry scheduled",
    Status.FAILED_FINAL: "Failed permanently",
    Status.CANCELLED: "Cancelled",
}

ALL: tuple[str, ...] = tuple(s.value for s in Status)

# Reached the provider and was accepted: what "success" means in stats. The reference
# leaves `read` out of success (its bug 12); a read message was certainly delivered.
SUCCESS: frozenset[str] = frozenset({Status.SENT, Status.DELIVERED, Status.READ})

# Statuses a send may start from (the reference's can_retry set).
RETRYABLE: frozenset[str] = frozenset({Status.PENDING, Status.FAILED, Status.FAILED_RETRY})

# A cancel applies to work not yet started: a row in `sending` is already on the wire.
CANCELLABLE: frozenset[str] = frozenset({Status.PENDING, Status.FAILED, Status.FAILED_RETRY})

# Finished rows that cleanup may delete. `read` is included (the reference forgets it).
CLEANABLE: frozenset[str] = frozenset(
    {Status.SENT, Status.DELIVERED, Status.READ, Status.FAILED_FINAL, Status.CANCELLED}
)

FINAL: frozenset[str] = CLEANABLE

# Delivery evidence outranks a send result: read > delivered > sent.
PRECEDENCE: dict[str, int] = {Status.SENT: 1, Status.DELIVERED: 2, Status.READ: 3}

# A delivery report may land on any row that is not cancelled and not already further on.
DELIVERABLE_FROM: frozenset[str] = frozenset(
    {Status.PENDING, Status.SENDING, Status.SENT, Status.FAILED, Status.FAILED_RETRY, Status.FAILED_FINAL}
)
READABLE_FROM: frozenset[str] = DELIVERABLE_FROM | {Status.DELIVERED}


def is_known(status: str | None) -> bool:
    return status in ALL


def label(status: str | None, language: str = "en") -> str:
    labels = LABELS_FR if language.startswith("fr") else LABELS_EN
    if status is None:
        return "?"
    return labels.get(status, status)
