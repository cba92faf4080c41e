"""A Prometheus scrape of `waadmin worker --metrics` at a million attempts: the /metrics body
built as the worker builds it (attempts by status over the whole table from the stats summary,
the work counts, the alerts and the provider's endpoints), and the same counts read from the
attempts table itself, to show what the summary saves.

    python -m benchmarks.metrics_scrape --sqlite /tmp/a.sqlite3 [--build 1000000]
    python -m benchmarks.metrics_scrape --pg-temp [--build N]
"""

from __future__ import annotations

import argparse
import contextlib

from sqlalchemy import func, select

from benchmarks import report, servers
from waadmin.db import aggregates
from waadmin.db.database import Database, open_database
from waadmin.domain.clock import utcnow
from waadmin.domain.filters import AttemptFilter
from waadmin.engine.metrics import WorkerMetrics, table_counts

SCRAPE_BUDGET_MS = 1000  # well inside Prometheus' default 10 s scrape timeout, at every 15 s


def run(database: Database) -> list[str]:
    metrics = WorkerMetrics(database)
    scrape_ms = report.best_ms(metrics.exposition, repeat=5)
    lines = [report.line("/metrics body (whole-table counts from the summary)", scrape_ms, "ms", f"<= {SCRAPE_BUDGET_MS} ms", scrape_ms <= SCRAPE_BUDGET_MS)]
    a = database.layout.attempt

    def direct() -> None:
        with database.read() as conn:
            conn.execute(select(a.status, func.count()).group_by(a.status)).all()

    summary_ms = report.best_ms(lambda: table_counts(database), repeat=5)
    lines.append(report.line("  of which attempts by status, from the summary", summary_ms, "ms", "", True))
    direct_ms = report.best_ms(direct, repeat=3)
    lines.append(report.line("  the same counts from the attempts (GROUP BY status)", direct_ms, "ms", "", True))
    work_ms = report.best_ms(lambda: aggregates.work_counts(database, AttemptFilter(), utcnow()), repeat=3)
    lines.append(report.line("  of which due and stuck (the dashboard's work counts)", work_ms, "ms", "", True))
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    servers.add_database_arguments(parser)
    args = parser.parse_args(argv)
    with contextlib.ExitStack() as stack:
        database = open_database(servers.database_url(args, stack))
        try:
            run(database)
        finally:
            database.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
