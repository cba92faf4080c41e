"""The Failures view's data: failed attempts grouped by error code and by the shape of their
error message, with what they affect, and the filter that selects one group."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from waadmin.db import aggregates
from waadmin.db.database import Database
from waadmin.domain import error_groups
from waadmin.domain.error_codes import ErrorCode
from waadmin.domain.filters import AttemptFilter
from waadmin.domain.statuses import Status
from waadmin.engine import shown_answers

FAILED = frozenset({Status.FAILED, Status.FAILED_RETRY, Status.FAILED_FINAL})
# Codes that flag an attempt whatever its status: a conflicting save is recorded on a sent row.
FLAGS = frozenset({ErrorCode.CONFLICTING_SAVE})


@dataclass
class FailureGroup:
    error_code: str
    template: str
    count: int = 0
    first_seen: datetime | None = None
    last_seen: datetime | None = None
    message_types: Counter[str] = field(default_factory=Counter)
    regions: Counter[str] = field(default_factory=Counter)  # "" = automatic routing
    example: str = ""
    messages: set[str] = field(default_factory=set, repr=False)

    @property
    def variants(self) -> int:
        """Distinct raw messages merged into the group."""
        return len(self.messages)

    def attempts_filter(self, base: AttemptFilter = AttemptFilter()) -> AttemptFilter:
        """The attempts of this group, within ``base`` (its statuses kept if it has some)."""
        if self.error_code in FLAGS:
            return base.with_(error_codes=frozenset({self.error_code}), error_like=self.template)
        statuses = base.statuses & FAILED if base.statuses else FAILED
        return base.with_(statuses=frozenset(statuses), error_codes=frozenset({self.error_code}), error_like=self.template)


def _earlier(a: datetime | None, b: datetime | None) -> datetime | None:
    return b if a is None else (a if b is None else min(a, b))


def _later(a: datetime | None, b: datetime | None) -> datetime | None:
    return b if a is None else (a if b is None else max(a, b))


def group_failures(database: Database, flt: AttemptFilter = AttemptFilter()) -> list[FailureGroup]:
    """Biggest groups first."""
    statuses = frozenset(flt.statuses & FAILED) if flt.statuses else FAILED
    groups: dict[tuple[str, str], FailureGroup] = {}
    also = FLAGS if not flt.statuses else frozenset()
    for row in aggregates.failure_rows(database, flt.with_(statuses=frozenset()), statuses, also):
        template = error_groups.template(row.error_message)
        key = (row.error_code, template)
        group = groups.get(key)
        if group is None:
            # The example is shown (Failures tab, `waadmin failures`): a provider quoting the
            # message back puts its code or password there, masked by the labelled rules.
            example = str(shown_answers.answer(row.error_message[:500], shown_answers.Message(row.message_type)))
            group = groups[key] = FailureGroup(row.error_code, template, example=example)
        group.count += row.count
        group.messages.add(row.error_message)
        group.first_seen = _earlier(group.first_seen, row.first_seen)
        group.last_seen = _later(group.last_seen, row.last_seen)
        group.message_types[row.message_type] += row.count
        group.regions[row.region or ""] += row.count
    return sorted(groups.values(), key=lambda g: (-g.count, g.error_code, g.template))
