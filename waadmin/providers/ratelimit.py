"""A token bucket shared by the threads of one retry run.

Providers cap sends per second (the Cloud API's default is 80 per number); a 429 asks for a
pause that applies to every thread, not just the one that got it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

# The provider's pace, here so the settings (below the engine) share the engine's defaults.
DEFAULT_RATE = 80.0  # the Cloud API's default per sending number
# 80 msg/s × (100 ms of provider latency + a claim and a record in the database) needs ~12
# sends in flight; 8 held a run to ~52/s (benchmarks/README.md).
DEFAULT_CONCURRENCY = 16

# Waits are cut into slices this long so a stop request is noticed quickly.
_SLICE = 0.05


class RateLimiter:
    def __init__(self, rate: float, burst: float | None = None, clock: Callable[[], float] = time.monotonic) -> None:
        self.rate = float(rate)
        # A tenth of a second's worth: a run that starts never hands the provider more than
        # rate + rate/10 messages in its first second.
        self.burst = float(burst) if burst is not None else max(1.0, self.rate / 10)
        self._clock = clock
        self._tokens = self.burst
        self._stamp = clock()
        self._paused_until = 0.0
        self._lock = threading.Lock()

    def set_rate(self, rate: float) -> None:
        """Change the pace for every sender sharing this limiter (tokens in hand are kept)."""
        with self._lock:
            self._refill(self._clock())
            self.rate = float(rate)
            self.burst = max(1.0, self.rate / 10)
            self._tokens = min(self._tokens, self.burst)

    @property
    def unlimited(self) -> bool:
        return self.rate <= 0

    def _refill(self, now: float) -> None:
        self._tokens = min(self.burst, self._tokens + (now - self._stamp) * self.rate)
        self._stamp = now

    def _wait_needed(self) -> float:
        """Seconds to wait before a token can be taken; takes it when that is 0."""
        now = self._clock()
        if now < self._paused_until:
            return self._paused_until - now
        if self.unlimited:
            return 0.0
        self._refill(now)
        if self._tokens >= 1.0:
            self._tokens -= 1.0
            return 0.0
        return (1.0 - self._tokens) / self.rate

    def acquire(self, stop: threading.Event | None = None, timeout: float | None = None) -> bool:
        """Take one send's worth of budget. False when ``stop`` was set or ``timeout`` passed."""
        deadline = None if timeout is None else self._clock() + timeout
        while True:
            if stop is not None and stop.is_set():
                return False
            with self._lock:
                wait = self._wait_needed()
            if wait <= 0:
                return True
            if deadline is not None:
                left = deadline - self._clock()
                if left <= 0:
                    return False
                wait = min(wait, left)
            wait = min(wait, _SLICE)
            if stop is not None:
                if stop.wait(wait):
                    return False
            else:
                time.sleep(wait)

    def refund(self) -> None:
        """Give back a token taken for a send that did not happen."""
        if self.unlimited:
            return
        with self._lock:
            self._tokens = min(self.burst, self._tokens + 1.0)

    def pause_for(self, seconds: float) -> None:
        """Hold every sender for ``seconds`` (a provider's Retry-After); never shortens a pause."""
        if seconds <= 0:
            return
        with self._lock:
            self._paused_until = max(self._paused_until, self._clock() + seconds)

    def paused_until(self) -> float:
        with self._lock:
            return self._paused_until
