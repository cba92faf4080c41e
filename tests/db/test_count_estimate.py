"""The list's count line on SQLite, for a filter that matches too many rows to count within its
budget (a common search term): an estimate from a sample of id windows spread over the table,
close to the exact count and marked as an estimate."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks import dataset
from waadmin.db import listing
from waadmin.db.database import open_database
from waadmin.domain.filters import AttemptFilter
from waadmin.domain.statuses import Status

ROWS = 40_000


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("estimate") / "attempts.sqlite3"
    dataset.build(f"sqlite:///{path}", ROWS, quiet=True).dispose()
    return path


@pytest.mark.parametrize(
    "flt",
    [
        AttemptFilter(search="+8613"),  # a country prefix: about 7% of the rows
        AttemptFilter(search="Colis"),  # half the rows
        AttemptFilter(search="503", statuses=frozenset({Status.FAILED_RETRY, Status.FAILED_FINAL})),
    ],
    ids=["prefix", "half", "failed-with-503"],
)
def test_a_sampled_estimate_is_near_the_exact_count(big: Path, flt: AttemptFilter) -> None:
    database = open_database(f"sqlite:///{big}")
    try:
        exact = listing.count_attempts(database, flt, exact=True)
        matching = listing.base_select(database, [database.layout.attempt.id], flt)
        estimate = listing.sampled_estimate(database, matching)
        assert not estimate.exact and not estimate.at_least
        assert abs(estimate.value - exact.value) <= max(0.3 * exact.value, 30)
        # What the count line shows is the exact count, the capped one, or such an estimate.
        shown = listing.count_attempts(database, flt, exact=False)
        assert shown.exact and shown.value == exact.value or shown.at_least or abs(shown.value - exact.value) <= 0.3 * exact.value
    finally:
        database.dispose()


def test_an_empty_table_is_estimated_exactly_empty(tmp_path: Path) -> None:
    database = open_database(f"sqlite:///{tmp_path / 'empty.sqlite3'}", create=True)
    try:
        matching = listing.base_select(database, [database.layout.attempt.id], AttemptFilter(search="+8613"))
        assert listing.sampled_estimate(database, matching) == listing.Count(0, exact=True)
    finally:
        database.dispose()
