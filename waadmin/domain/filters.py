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

    def is_empty(self) -> bool:
        return self == AttemptFilter()

    def with_(self, **changes: object) -> "AttemptFilter":
        return replace(self, **changes)  # type: ignore[arg-type]


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
