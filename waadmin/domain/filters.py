"""What the user asked to see: filters and sort, as plain values the database layer turns into SQL."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime

# Sortable columns, by the names the UI and CLI use. The database layer maps each to SQL.
SORT_KEYS: tuple[str, ...] = (
    "id",
    "created_at",
    "phone_number",
    "recipient",
    "source_app",
    "message_type",
    "category",
    "priority",
    "status",
    "attempt_count",
    "next_retry_at",
    "last_attempt_at",
    "sent_at",
    "error_message",
    "error_code",
    "provider_message_id",
    "region_override",
    "title",
)


@dataclass(frozen=True)
class AttemptFilter:
    statuses: frozenset[str] = frozenset()
    message_types: frozenset[str] = frozenset()
    source_apps: frozenset[str] = frozenset()
    priorities: frozenset[int] = frozenset()
    # "" stands for automatic routing (region_override NULL or empty).
    regions: frozenset[str] = frozenset()
    categories: frozenset[str] = frozenset()
    error_codes: frozenset[str] = frozenset()
    created_from: datetime | None = None  # inclusive
    created_to: datetime | None = None  # exclusive
    search: str = ""
    ids: frozenset[int] = frozenset()
    # A failure group's template (see error_groups): messages of that shape, whatever their numbers.
    error_like: str = ""
    # A dashboard figure's rows, as of a moment: "due" (what the retry worker would send),
    # "stuck" (in sending past the lease), "delayed" (sent, with a creation-to-send delay).
    figure: str = ""
    as_of: datetime | None = None

    def is_empty(self) -> bool:
        return self == AttemptFilter()

    def with_(self, **changes: object) -> "AttemptFilter":
        return replace(self, **changes)  # type: ignore[arg-type]

    def describe(self) -> str:
        """The filter in words, for the audit log and confirmations; the same from the CLI and
        the GUI, so their audit rows for one filter read alike (no message text, no secrets)."""
        parts: list[str] = []
        for label, values in (
            ("status", self.statuses),
            ("type", self.message_types),
            ("source_app", self.source_apps),
            ("priority", self.priorities),
            ("region", self.regions),
            ("category", self.categories),
            ("error_code", self.error_codes),
        ):
            if values:
                parts.append(f"{label}={','.join(sorted(str(v) or 'auto' for v in values))}")
        if self.created_from:
            parts.append(f"since={self.created_from:%Y-%m-%d %H:%M}")
        if self.created_to:
            parts.append(f"until={self.created_to:%Y-%m-%d %H:%M}")
        if self.search:
            parts.append(f"search={self.search!r}")
        if self.ids:
            parts.append(f"ids={','.join(str(i) for i in sorted(self.ids)[:50])}")
        if self.error_like:
            parts.append(f"error_like={self.error_like!r}")
        if self.figure:
            parts.append(f"figure={self.figure}" + (f"@{self.as_of:%Y-%m-%d %H:%M}" if self.as_of else ""))
        return " ".join(parts) or "all attempts"


@dataclass(frozen=True)
class Sort:
    key: str = "created_at"
    descending: bool = True

    def __post_init__(self) -> None:
        if self.key not in SORT_KEYS:
            raise ValueError(f"cannot sort by {self.key!r}")


@dataclass(frozen=True)
class WebhookFilter:
    processed: bool | None = None  # None: both
    attempt_id: int | None = None
    search: str = ""
    errors_only: bool = False
    ids: frozenset[int] = field(default_factory=frozenset)
