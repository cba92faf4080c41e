"""One line per measurement: the figure beside its target, and whether it is met."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any


def line(what: str, figure: float, unit: str, target: str, met: bool) -> str:
    mark = "ok  " if met else "MISS"
    text = f"{mark} {what:<58} {figure:>10.1f} {unit:<5} target {target}"
    print(text, flush=True)
    return text


def best_ms(action: Callable[[], Any], repeat: int = 5) -> float:
    """Best of ``repeat`` runs, in milliseconds: the figure a warm cache gives a user scrolling."""
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        best = min(best, (time.perf_counter() - started) * 1000)
    return best


def median_ms(action: Callable[[], Any], repeat: int = 5) -> float:
    """Median of ``repeat`` runs, in milliseconds: on a machine shared with other work a best
    run flatters, and a mean follows the one run another process got in the way of."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return times[len(times) // 2] if len(times) % 2 else (times[len(times) // 2 - 1] + times[len(times) // 2]) / 2
