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
# The most sends in flight a run may ask for (the CLI's and settings' bound): at the 1,000/s
# tier with 100 ms answers a run needs ~160, and each needs a connection of its own.
MAX_CONCURRENCY = 256

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

    def acquire(self, stop: threading.Event | None = None, timeout: float | None = None) -> bool:
        """Take one send's worth of budget. False when ``stop`` was set, or when the turn would
        come after ``timeout``.

        A caller who finds no token reserves the next one (the bucket goes below zero) and
        sleeps until its turn: each sender wakes once, at its own time. (Every waiter used to
        compute the same wait, about one token's time, and wake together to find one token for
        all: at 1,000/s, 160 senders woke a thousand times a second for nothing.)"""
        deadline = None if timeout is None else self._clock() + timeout
        turn: float | None = None  # when the token reserved by this call becomes ours
        while True:
            if stop is not None and stop.is_set():
                if turn is not None:
                    self.refund()
                return False
            with self._lock:
                now = self._clock()
                if now < self._paused_until:
                    wait = self._paused_until - now  # a 429's pause holds every sender
                elif turn is not None:
                    if now >= turn:
                        return True
                    wait = turn - now
                elif self.unlimited:
                    return True
                else:
                    self._refill(now)
                    self._tokens -= 1.0
                    if self._tokens >= 0.0:
                        return True
                    turn = now - self._tokens / self.rate
                    wait = turn - now
            if deadline is not None and now + wait > deadline:
                if turn is not None:
                    self.refund()
                return False
            wait = min(wait, _SLICE)
            if stop is not None:
                stop.wait(wait)
            else:
                time.sleep(wait)

    def refund(self) -> None:
        """Give back a token taken (or reserved) for a send that did not happen."""
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
