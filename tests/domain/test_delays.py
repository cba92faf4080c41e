"""Delay histograms: the bins SQL computes are the ones Python computes, and percentiles come
from the bins within the bin's width of the exact nearest-rank value."""

from __future__ import annotations

import math
import random
import sqlite3

import pytest

from waadmin.db.summary import delay_bin_sql
from waadmin.domain.delays import TOP_BIN, Histogram, bin_of

EDGES = [0, 1, 9, 99, 100, 101, 999, 1000, 1099, 1100, 9999, 10_000, 59_999, 60_000, 10**9, 10**10 - 1, 10**10, 10**12]


def test_bins_keep_two_significant_digits() -> None:
    assert [bin_of(v) for v in (0, 42, 99)] == [0, 42, 99]
    assert bin_of(100) == 110 and bin_of(999) == 199
    assert bin_of(1000) == 210 and bin_of(1099) == 210 and bin_of(1100) == 211
    assert bin_of(10**10) == TOP_BIN
    values = sorted(random.Random(1).randint(0, 10**9) for _ in range(2000))
    assert [bin_of(v) for v in values] == sorted(bin_of(v) for v in values)  # ordered like the delays


def test_sql_bins_are_the_python_bins() -> None:
    values = EDGES + [random.Random(2).randint(0, 10**11) for _ in range(500)]
    con = sqlite3.connect(":memory:")
    con.execute("CREATE TABLE d (delay_ms INTEGER)")
    con.executemany("INSERT INTO d VALUES (?)", [(v,) for v in values])
    got = [row[0] for row in con.execute(f"SELECT {delay_bin_sql('delay_ms')} FROM d ORDER BY rowid")]
    assert got == [bin_of(v) for v in values]


def _exact(values: list[int], percent: int) -> float:
    ordered = sorted(values)
    return ordered[math.ceil(len(ordered) * percent / 100) - 1] / 1000


@pytest.mark.parametrize("seed", range(5))
def test_percentiles_are_within_a_bin_of_the_nearest_rank(seed: int) -> None:
    rng = random.Random(seed)
    values = [int(rng.lognormvariate(8, 1.5)) for _ in range(rng.randint(1, 3000))]
    h = Histogram()
    for v in values:
        h.add(bin_of(v), 1, v)
    f = h.figures()
    assert f.count == len(values)
    assert f.mean == pytest.approx(sum(values) / len(values) / 1000)
    for got, percent in ((f.p50, 50), (f.p95, 95)):
        exact = _exact(values, percent)
        assert got is not None and abs(got - exact) <= max(0.1 * exact, 0.001)


def test_distinct_bins_give_exact_percentiles_and_removals_cancel() -> None:
    h = Histogram()
    for seconds in (10, 20, 30, 40, 90, 55):
        h.add(bin_of(seconds * 1000), 1, seconds * 1000)
    h.add(bin_of(55_000), -1, -55_000)  # an attempt that changed since
    f = h.figures()
    assert (f.count, f.p50, f.p95, f.mean) == (5, 30.0, 90.0, 38.0)
    assert Histogram().figures().count == 0
