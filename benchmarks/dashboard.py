"""The 30-day dashboard's figures on databases built by benchmarks.dataset, whole and part by part
(series, delays, breakdowns, work counts), medians of --repeat runs after one warm-up, beside a
fixed piece of Python work timed in the same run (the machine's own speed at that moment).

    python -m benchmarks.dashboard a1m.sqlite3 a10m.sqlite3 postgresql+psycopg://…/a10m

It imports nothing of benchmarks/, so another checkout's code can be measured on the same files
by running it as a script with that checkout first on the path:
``PYTHONPATH=../before .venv/bin/python benchmarks/dashboard.py FILE``.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from datetime import timedelta

from sqlalchemy import func, select

from waadmin.db import aggregates
from waadmin.db.database import open_database
from waadmin.db.window_stats import Reader
from waadmin.domain.filters import AttemptFilter
from waadmin.engine.stats import compute_stats

TARGET_MS = 300


def baseline_ms() -> float:
    began = time.perf_counter()
    sum(i * i for i in range(300_000))
    return (time.perf_counter() - began) * 1000


def median_ms(work: Callable[[], object], repeat: int) -> tuple[float, list[float]]:
    work()
    runs = []
    for _ in range(repeat):
        began = time.perf_counter()
        work()
        runs.append((time.perf_counter() - began) * 1000)
    return statistics.median(runs), runs


def measure(url: str, repeat: int) -> None:
    database = open_database(url if "://" in url else f"sqlite:///{url}")
    with database.read() as conn:
        newest = conn.execute(select(func.max(database.layout.attempt.created_at))).scalar_one()
    end = newest + timedelta(seconds=1)
    start = end - timedelta(days=30)
    print(f"{database.display_name}: baseline {baseline_ms():.1f} ms")
    whole, runs = median_ms(lambda: compute_stats(database, window=timedelta(days=30), end=end), repeat)
    verdict = "ok  " if whole <= TARGET_MS else "MISS"
    print(f"  {verdict} dashboard, 30 days {whole:8.1f} ms (runs {', '.join(f'{r:.0f}' for r in runs)})  target <= {TARGET_MS}")
    reader = Reader.open(database, AttemptFilter())
    parts: dict[str, Callable[[], object]] = {
        "series": lambda: reader.series(start, end, "day"),
        "delays": lambda: reader.delays(start, end, "day"),
        "breakdowns": lambda: reader.groups(start, end),
        "work counts": lambda: aggregates.work_counts(database, AttemptFilter(), end),
    }
    for label, work in parts.items():
        print(f"       {label:<16} {median_ms(work, repeat)[0]:8.1f} ms")
    print(f"  baseline again {baseline_ms():.1f} ms")
    database.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("databases", nargs="+", help="SQLite files or database URLs")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    for url in args.databases:
        measure(url, args.repeat)


if __name__ == "__main__":
    main()
