"""Which WaChap instance, V4 account or Meta number sends a message — the reference's rules
(HEAD, edd3c2e), except that an empty region_override means "choose automatically" (its bug 20)."""

from __future__ import annotations

from collections.abc import Callable

from waadmin.domain import phones
from waadmin.providers.settings import REGIONS

SYSTEM_TYPES = frozenset({"otp", "alert", "admin_alert", "system", "account"})
BY_PHONE_TYPES = frozenset({"notification", "account", "creation_compte", "colis_arrive", "colis_livre", "rapport", "general"})
ROLE_REGIONS = {"agent_chine": "chine", "admin_chine": "chine", "agent_mali": "mali", "admin_mali": "mali"}


def explicit_region(region_override: str | None) -> str | None:
    value = (region_override or "").strip().lower()
    return value if value in REGIONS else None


def preferred_region(message_type: str, sender_role: str, phone: str) -> str:
    role = (sender_role or "").strip().lower()
    kind = (message_type or "").strip().lower()
    if role in ROLE_REGIONS:
        return ROLE_REGIONS[role]
    if role == "system" or kind in SYSTEM_TYPES:
        return "system"
    if kind in BY_PHONE_TYPES or kind == "otp":
        return "chine" if phones.country_region(phone) == "chine" else "mali"
    return "mali"


def choose_instance(
    message_type: str,
    sender_role: str,
    region_override: str | None,
    phone: str,
    usable: Callable[[str], bool],
) -> str:
    """The region whose WaChap instance sends. An explicit region is used as given; otherwise
    the preferred one, else the first usable of mali, chine, system; else the preferred one,
    so that the send fails with that instance's configuration error."""
    explicit = explicit_region(region_override)
    if explicit is not None:
        return explicit
    preferred = preferred_region(message_type, sender_role, phone)
    if usable(preferred):
        return preferred
    for region in ("mali", "chine", "system"):
        if region != preferred and usable(region):
            return region
    return preferred


V4_FALLBACKS = {"system": ("mali", "chine"), "chine": ("mali", "system")}


def v4_account(region: str, accounts: dict[str, str]) -> tuple[str, str] | None:
    """(region, accountId) for V4, with the reference's fallback order."""
    if accounts.get(region):
        return region, accounts[region]
    for other in V4_FALLBACKS.get(region, ("chine", "system")):
        if accounts.get(other):
            return other, accounts[other]
    return None


def meta_number(region: str, numbers: dict[str, str]) -> tuple[str, str] | None:
    if numbers.get(region):
        return region, numbers[region]
    if numbers.get("default"):
        return "default", numbers["default"]
    if numbers:
        key = sorted(numbers)[0]
        return key, numbers[key]
    return None
