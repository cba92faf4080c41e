"""Creation-to-send delays as histograms: two significant digits per bin, so a million delays
fit in a few hundred bins that add up across hours, and percentiles come from the bins.

A percentile is the nearest-rank one (the value at rank ceil(n·p)); the figure given for it is
the mean of the delays in the bin holding that rank, so it is exact when the bin holds one value
and never more than the bin's width (under 10 %) away otherwise.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

# Delays of this many milliseconds or more share the last bin (115 days).
TOP_BIN = 999
_DECADES = 9  # bins 100·k + m for delays of k + 2 digits, k = 0..8


def bin_of(delay_ms: int) -> int:
    """The bin of a delay in milliseconds: itself under 100 ms, else 100·k + its first two digits
    for a delay of k + 2 digits. Mirrors delay_bin_sql() exactly."""
    if delay_ms < 100:
        return max(delay_ms, 0)
    for k in range(1, _DECADES):
        if delay_ms < 10 ** (k + 2):
            return 100 * k + delay_ms // 10**k
    return TOP_BIN


def bin_cases() -> list[tuple[int, int, int]]:
    """(upper bound, base, divisor) for each bin range, for building the SQL expression."""
    return [(10 ** (k + 2), 100 * k, 10**k) for k in range(_DECADES)]


@dataclass(frozen=True)
class DelayFigures:
    count: int
    mean: float | None  # seconds
    p50: float | None
    p95: float | None


EMPTY = DelayFigures(0, None, None, None)


class Histogram:
    """Counts and millisecond sums per bin; counts may arrive negative (a row that changed)."""

    __slots__ = ("bins",)

    def __init__(self) -> None:
        self.bins: dict[int, list[int]] = {}

    def add(self, bin_: int, count: int, total_ms: int) -> None:
        cell = self.bins.setdefault(int(bin_), [0, 0])
        cell[0] += int(count)
        cell[1] += int(total_ms)

    def merge(self, other: Histogram) -> None:
        for b, (n, total) in other.bins.items():
            self.add(b, n, total)

    def figures(self) -> DelayFigures:
        cells = sorted((b, n, total) for b, (n, total) in self.bins.items() if n > 0)
        count = sum(n for _, n, _ in cells)
        if not count:
            return EMPTY
        mean = sum(total for _, _, total in cells) / count / 1000.0
        return DelayFigures(count, mean, _at_rank(cells, count, 50), _at_rank(cells, count, 95))


def _at_rank(cells: list[tuple[int, int, int]], count: int, percent: int) -> float:
    rank = (count * percent + 99) // 100  # ceil(count · p) in integers
    seen = 0
    for _, n, total in cells:
        seen += n
        if seen >= rank:
            return total / n / 1000.0
    _, n, total = cells[-1]
    return total / n / 1000.0


def merged(histograms: Iterable[Histogram]) -> Histogram:
    out = Histogram()
    for h in histograms:
        out.merge(h)
    return out


def figures_by_key(histograms: Mapping[object, Histogram]) -> dict[object, DelayFigures]:
    return {key: h.figures() for key, h in histograms.items()}
