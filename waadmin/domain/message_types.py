"""Message types seen in the Django data, and which of them carry secrets."""

from __future__ import annotations

# V1 choices, then the two V2 added, then values the live callers and guide store anyway.
KNOWN: tuple[str, ...] = (
    "account",
    "otp",
    "system",
    "notification",
    "urgent",
    "report",
    "colis_status",
    "lot_status",
    "delivery",
    "marketing",
    "other",
    "credentials",
    "expedition",
    "colis_creation",
)

LABELS_EN: dict[str, str] = {
    "account": "Account",
    "otp": "OTP code",
    "system": "System",
    "notification": "Notification",
    "urgent": "Urgent",
    "report": "Report",
    "colis_status": "Parcel status",
    "lot_status": "Lot status",
    "delivery": "Delivery",
    "marketing": "Marketing",
    "other": "Other",
    "credentials": "Credentials",
    "expedition": "Shipment",
    "colis_creation": "Parcel created",
}
LABELS_FR: dict[str, str] = {
    "account": "Compte",
    "otp": "Code OTP",
    "system": "Système",
    "notification": "Notification",
    "urgent": "Urgent",
    "report": "Rapport",
    "colis_status": "Statut colis",
    "lot_status": "Statut lot",
    "delivery": "Livraison",
    "marketing": "Marketing",
    "other": "Autre",
    "credentials": "Identifiants",
    "expedition": "Expédition",
    "colis_creation": "Création colis",
}

# Bodies of these types hold temporary passwords or one-time codes (reference §3.3, bug 21).
SENSITIVE: frozenset[str] = frozenset({"account", "otp", "credentials"})

DEFAULT = "notification"


def is_sensitive(message_type: str | None) -> bool:
    return (message_type or "") in SENSITIVE


def label(message_type: str | None, language: str = "en") -> str:
    labels = LABELS_FR if language.startswith("fr") else LABELS_EN
    if not message_type:
        return "?"
    return labels.get(message_type, message_type)
