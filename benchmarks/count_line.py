"""The list's count line (``count_attempts(exact=False)``) for filters and searches, beside the
capped count it used before (exact up to 10,000, read to the end otherwise) and the exact count,
in the same run.

    python -m benchmarks.count_line --sqlite /tmp/attempts-1m.sqlite3
    python -m benchmarks.count_line --pg-url postgresql+psycopg://…/db
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from sqlalchemy import func, select

from benchmarks import report
from waadmin.db import listing
from waadmin.db.database import Database, open_database
from waadmin.domain.filters import AttemptFilter
from waadmin.domain.statuses import Status

FILTERS = [
    ("no filter", AttemptFilter()),
    ("status failed_retry", AttemptFilter(statuses=frozenset({Status.FAILED_RETRY}))),
    ("search a common prefix '+8613'", AttemptFilter(search="+8613")),
    ("search an error text 'timeout'", AttemptFilter(search="timeout")),
    ("search a family name 'Traoré'", AttemptFilter(search="Traoré")),
    ("search half the rows 'Colis'", AttemptFilter(search="Colis")),
    ("search no match '+22370000'", AttemptFilter(search="+22370000")),
    ("failed, search '503'", AttemptFilter(search="503", statuses=frozenset({Status.FAILED_RETRY, Status.FAILED_FINAL}))),
]


def _capped(database: Database, flt: AttemptFilter) -> int:
    """The count line's former way on SQLite: count up to the cap, however far that reads."""
    matching = listing.base_select(database, [database.layout.attempt.id], flt).limit(listing.ESTIMATE_CAP + 1).subquery()
    with database.read() as conn:
        return int(conn.execute(select(func.count()).select_from(matching)).scalar_one())


def _timed(action) -> tuple[float, object]:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    result = action()
    return (time.perf_counter() - started) * 1000, result


def run(database: Database) -> None:
    print(database.describe())
    for label, flt in FILTERS:
        shown_ms = report.best_ms(lambda flt=flt: listing.count_attempts(database, flt, exact=False), repeat=3)
        shown = listing.count_attempts(database, flt, exact=False)
        old_ms = report.best_ms(lambda flt=flt: _capped(database, flt), repeat=1) if database.is_sqlite else float("nan")
        exact_ms, exact = _timed(lambda flt=flt: listing.count_attempts(database, flt, exact=True))
        mark = "=" if shown.exact else (">" if shown.at_least else "≈")
        report.line(f"{label}: {mark} {shown.value:,} (exact {exact.value:,} in {exact_ms:,.0f} ms; capped count {old_ms:,.0f} ms)", shown_ms, "ms", "<= 200 ms", shown_ms <= 200)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--sqlite", type=Path)
    where.add_argument("--pg-url")
    args = parser.parse_args(argv)
    database = open_database(f"sqlite:///{args.sqlite}" if args.sqlite else args.pg_url)
    try:
        run(database)
    finally:
        database.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
