"""The one way tests wait outside Qt's event loop: poll a condition until a deadline (qtbot.waitUntil
does the same inside it). Never a fixed sleep: a fast machine goes on at once, a busy one gets
the whole deadline, and a miss says what was awaited."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

POLL = 0.01


def wait_until(condition: Callable[[], T], timeout: float = 20.0, what: str | Callable[[], str] = "", poll: float = POLL) -> T:
    """The condition's first truthy value; AssertionError when the deadline passes first, saying
    ``what`` was awaited (a callable is asked then, e.g. for a process's log)."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() >= deadline:
            said = what() if callable(what) else what
            raise AssertionError(f"not true after {timeout:g} s: {said or getattr(condition, '__name__', 'condition')}")
        time.sleep(poll)
