"""Retry throughput against the sandbox provider answering after 100 ms, with the Cloud API's
80 messages/s limit, beside a one-at-a-time loop like the reference's cron job.

    python -m benchmarks.retry_throughput [--count 400] [--concurrency 8] [--pg-temp]
"""

from __future__ import annotations

import argparse
import contextlib
import tempfile
from datetime import timedelta
from pathlib import Path

from benchmarks import report
from benchmarks.servers import temporary_postgresql
from waadmin.db.database import Database, open_database
from waadmin.db.inserts import insert_attempts
from waadmin.domain.clock import utcnow
from waadmin.engine.retry import RetryOptions, run_retries
from waadmin.providers.factory import build_provider
from waadmin.providers.ratelimit import RateLimiter
from waadmin.providers.sandbox import SandboxServer

LATENCY = 0.100
RATE = 80.0


def _due_retries(database: Database, count: int, tag: str) -> None:
    now = utcnow()
    rows = (
        {
            "phone_number": f"+2237{n:07d}",
            "message_content": f"Bonjour, votre colis TS{n:08d} est arrivé ({tag}).",
            "source_app": tag,
            "status": "failed_retry",
            "attempt_count": 1,
            "max_attempts": 3,
            "created_at": now - timedelta(minutes=30),
            "last_attempt_at": now - timedelta(minutes=10),
            "next_retry_at": now - timedelta(minutes=1),
            "error_code": "TIMEOUT",
            "error_message": "TIMEOUT - WaChap Mali: délai dépassé",
        }
        for n in range(count)
    )
    insert_attempts(database, rows, returning_ids=False)


def _rate(database: Database, sandbox: SandboxServer, count: int, concurrency: int, tag: str) -> float:
    _due_retries(database, count, tag)
    provider = build_provider(sandbox.settings("wachap"))
    options = RetryOptions(limit=count, source_app=tag, concurrency=concurrency, rate_per_second=RATE, recover_stuck=False)
    # burst=1: no first-second allowance, so the figure is the sustained rate under the limit.
    result = run_retries(database, provider, options, limiter=RateLimiter(RATE, burst=1))
    if result.aborted or result.success < count:
        print(f"  warning: {result.success} of {count} sent; {result.errors[:3]}")
    sent = result.success
    return sent / max(result.duration_seconds, 1e-9)


def run(url: str, count: int, concurrency: int) -> list[str]:
    database = open_database(url, create=True)
    lines = []
    try:
        with SandboxServer() as sandbox:
            sandbox.set_latency(LATENCY)
            fast = _rate(database, sandbox, count, concurrency, "bench_par")
            lines.append(report.line(f"retry run, concurrency {concurrency}, limit {RATE:.0f}/s, 100 ms latency", fast, "msg/s", ">= 72 msg/s", fast >= 0.9 * RATE))
            slow = _rate(database, sandbox, max(count // 8, 20), 1, "bench_one")
            lines.append(report.line("one at a time (the reference's loop)", slow, "msg/s", "<= 10 msg/s", slow <= 10.5))
    finally:
        database.dispose()
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=400)
    parser.add_argument("--concurrency", type=int, default=RetryOptions().concurrency)
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--pg-url")
    where.add_argument("--pg-temp", action="store_true")
    args = parser.parse_args(argv)
    with contextlib.ExitStack() as stack:
        if args.pg_temp:
            url = stack.enter_context(temporary_postgresql())
        elif args.pg_url:
            url = args.pg_url
        else:
            folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="waadmin-bench-")))
            url = f"sqlite:///{folder / 'retry.sqlite3'}"
        run(url, args.count, args.concurrency)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
