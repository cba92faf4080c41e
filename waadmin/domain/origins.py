"""Where a message comes from (V2's source_app) and where it goes (region_override)."""

from __future__ import annotations

SOURCE_APPS: tuple[str, ...] = (
    "agent_chine",
    "agent_mali",
    "admin_chine",
    "admin_mali",
    "client_app",
    "notifications_app",
    "system",
)

# WaChap instances. An empty or NULL region_override means "choose automatically".
REGIONS: tuple[str, ...] = ("chine", "mali", "system")
AUTO_REGION = ""

SENDER_ROLES: tuple[str, ...] = (
    "agent_chine",
    "agent_mali",
    "admin_chine",
    "admin_mali",
    "client",
    "system",
)
