"""Which conditions deserve a notification: only their changes, never their repetitions.

The worker reports its state after every run; staff want to hear once that the database went
away, once that it is back, once that an alert turned on, not every minute while it stays on.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass
class ConditionTracker:
    """Remembers each condition's last value and tells which ones changed."""

    _last: dict[str, bool] = field(default_factory=dict)

    def changes(self, current: Mapping[str, bool]) -> list[tuple[str, bool]]:
        """(key, now_on) for every condition that changed. A condition seen for the first time
        counts as a change only when it is on: nothing was wrong before anyone looked."""
        changed = []
        for key, on in current.items():
            before = self._last.get(key)
            if (before is None and on) or (before is not None and before != on):
                changed.append((key, on))
            self._last[key] = on
        return changed

    def forget(self) -> None:
        self._last.clear()
