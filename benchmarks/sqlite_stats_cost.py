"""What short reads cost waadmin's own stats on a Django SQLite file in rollback-journal mode
(issue 24, 3): `stats` and the dashboard's figures timed with every read in one transaction
(the baseline, as before), then cut into short reads (the default), each with waadmin alone on
the file and while the Django ORM saves in a loop in another process; then the same with the
stats summary installed (`waadmin doctor --apply`).

    python -m benchmarks.sqlite_stats_cost --build 300000 --sqlite /tmp/django-300k.sqlite3
    python -m benchmarks.sqlite_stats_cost --sqlite /tmp/django-300k.sqlite3 [--runs 5] [--no-django]

Medians of --runs runs. The file is made as benchmarks/sqlite_locks.py makes it (no waadmin
objects, DELETE journal mode); with the summary phase it is installed on a copy.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from benchmarks import dataset
from benchmarks.sqlite_locks import django_saving, make_django_like
from waadmin.db import summary
from waadmin.db.database import open_database
from waadmin.engine.stats import compute_stats

ONE_READ_MS = "100000000"  # out of reach: every read in one transaction, as before


def _figures(url: str) -> list[tuple[str, Callable[[], object]]]:
    database = open_database(url)
    zone = ZoneInfo("Africa/Bamako")
    return [
        ("stats --days 7", lambda: compute_stats(database, window=timedelta(days=7), end=dataset.NOW, with_series=False)),
        ("dashboard 30 days", lambda: compute_stats(database, window=timedelta(days=30), end=dataset.NOW, tz=zone)),
    ]


def _time(url: str, runs: int, budget_ms: str | None) -> dict[str, float]:
    if budget_ms is None:
        os.environ.pop("WAADMIN_SQLITE_READ_MS", None)
    else:
        os.environ["WAADMIN_SQLITE_READ_MS"] = budget_ms
    medians = {}
    for name, step in _figures(url):
        step()  # warm the page cache
        taken = []
        for _ in range(runs):
            began = time.perf_counter()
            step()
            taken.append(time.perf_counter() - began)
        medians[name] = 1000 * statistics.median(taken)
    return medians


def _phase(label: str, url: str, path: Path, runs: int, *, with_django: bool) -> None:
    def both() -> tuple[dict[str, float], dict[str, float]]:
        return _time(url, runs, ONE_READ_MS), _time(url, runs, None)

    if with_django:
        with django_saving(path) as saves:
            one, short = both()
        extra = f" (Django: {saves['saves']} saves, longest {saves['longest_ms']} ms, {saves['error_count']} locked)"
    else:
        one, short = both()
        extra = ""
    print(f"{label}{extra}")
    for name in one:
        print(f"  {name:<20} one read each {one[name]:>8.0f} ms   short reads {short[name]:>8.0f} ms   × {short[name] / one[name]:.2f}", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sqlite", type=Path, required=True)
    parser.add_argument("--build", type=int, help="first make a Django-like file of this many attempts")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-django", action="store_true", help="skip the phases with the Django ORM saving")
    args = parser.parse_args(argv)
    if args.build:
        if args.sqlite.exists():
            parser.error(f"{args.sqlite} exists already")
        make_django_like(args.sqlite, args.build)
    print(f"{args.sqlite}: medians of {args.runs} runs; load average {os.getloadavg()[0]:.1f} at the start")
    url = f"sqlite:///{args.sqlite}"
    _phase("as Django leaves the file, waadmin alone", url, args.sqlite, args.runs, with_django=False)
    if not args.no_django:
        _phase("as Django leaves the file, Django saving every 20 ms", url, args.sqlite, args.runs, with_django=True)
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "with-summary.sqlite3"
        shutil.copy(args.sqlite, copy)
        database = open_database(f"sqlite:///{copy}")
        with database.write() as conn:
            summary.install(conn, database.layout)
        database.dispose()
        _phase("with the stats summary, waadmin alone", f"sqlite:///{copy}", copy, args.runs, with_django=False)
        if not args.no_django:
            _phase("with the stats summary, Django saving every 20 ms", f"sqlite:///{copy}", copy, args.runs, with_django=True)
    print(f"load average {os.getloadavg()[0]:.1f} at the end")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
