"""Redaction at rest on a big database while the list reads (issue 19): how long the redaction
takes, and the longest wait of the list's SELECTs meanwhile, against the same SELECTs with the
redaction idle. Each chunk of the redaction is one committed UPDATE, so no reader should wait for
more than a chunk.

    python -m benchmarks.redaction_locks --pg-temp --build 1000000
    python -m benchmarks.redaction_locks --sqlite /tmp/r.sqlite3 --build 200000
"""

from __future__ import annotations

import argparse
import multiprocessing
import statistics
import time
from datetime import timedelta
from pathlib import Path

from benchmarks import dataset
from benchmarks.report import line
from benchmarks.servers import temporary_postgresql
from waadmin.db import listing
from waadmin.db.database import open_database
from waadmin.domain.filters import AttemptFilter, Sort
from waadmin.engine.redact import count_candidates, redact

READS = (
    ("first page, newest first", AttemptFilter(), Sort()),
    ("first page, status sent", AttemptFilter(statuses=frozenset({"sent"})), Sort()),
    ("first page, type otp", AttemptFilter(message_types=frozenset({"otp"})), Sort()),
)


def _read_pages(url: str, go, stop, out) -> None:  # noqa: ANN001 - runs in its own process
    """The list at work, in a process of its own as the desktop app is: its pages read over and
    over; each SELECT's time, which page, and when (seconds from the start)."""
    database = open_database(url)
    for _, flt, sort in READS:  # connected and warm before the clock starts
        listing.list_attempts(database, flt, sort, limit=100)
    go.wait()
    started = time.perf_counter()
    waits: list[tuple[float, str, float]] = []
    while not stop.is_set():
        for name, flt, sort in READS:
            began = time.perf_counter()
            listing.list_attempts(database, flt, sort, limit=100)
            waits.append(((time.perf_counter() - began) * 1000, name, began - started))
        time.sleep(0.01)
    database.dispose()
    out.send(waits)


def _reading(url: str, seconds: float | None = None, work=None) -> tuple[list[tuple[float, str, float]], object]:  # noqa: ANN001
    context = multiprocessing.get_context("spawn")
    go, stop = context.Event(), context.Event()
    receive, send = context.Pipe(duplex=False)
    reader = context.Process(target=_read_pages, args=(url, go, stop, send), daemon=True)
    reader.start()
    time.sleep(3)  # the reader's imports and first pages, before the clock starts
    go.set()
    result = None
    began = time.perf_counter()
    try:
        if work is not None:
            result = work()
        else:
            time.sleep(seconds or 5)
    finally:
        took = time.perf_counter() - began
        stop.set()
        waits = receive.recv()
        reader.join()
    print(f"  ({took:.1f} s measured)")
    return waits, result


def _figures(name: str, timed: list[tuple[float, str, float]]) -> tuple[float, float]:
    waits = [w for w, _, _ in timed]
    longest = max(waits)
    p99 = statistics.quantiles(waits, n=100)[98] if len(waits) >= 100 else longest
    print(f"  {name}: {len(waits)} SELECTs, median {statistics.median(waits):.1f} ms, p99 {p99:.1f} ms, longest {longest:.1f} ms")
    for wait, page, at in sorted(timed, reverse=True)[:5]:
        print(f"    {wait:8.1f} ms  {page} (at {at:.1f} s)")
    return longest, p99


def measure(url: str, build: int | None, chunk: int) -> None:
    if build:
        print(f"building {build:,} attempts…")
        dataset.build(url, build).dispose()
    database = open_database(url)
    try:
        older_than = timedelta(hours=24)  # the data set's dates are fixed in 2025: every row is old
        started = time.perf_counter()
        candidates = count_candidates(database, older_than)
        print(f"  {candidates:,} candidates counted in {(time.perf_counter() - started) * 1000:.0f} ms")
        baseline, _ = _reading(url, seconds=5)
        idle_longest, _ = _figures("list, redaction idle", baseline)
        timing: dict[str, float] = {}

        def work():  # noqa: ANN202
            began = time.perf_counter()
            done = redact(database, older_than, chunk=chunk)
            timing["took"] = time.perf_counter() - began
            return done

        during, report = _reading(url, work=work)
        took = timing["took"]
        busy_longest, busy_p99 = _figures("list, during the redaction", during)
        print(f"  redacted {report.redacted:,} of {report.examined:,} read in {took:.1f} s ({report.examined / took:,.0f} rows/s), chunk {chunk}, error: {report.error or 'none'}")
        started = time.perf_counter()
        again = redact(database, older_than, chunk=chunk)
        print(f"  second run: {again.redacted} changed, {again.examined:,} read in {time.perf_counter() - started:.1f} s")
        line("longest list SELECT during the redaction", busy_longest, "ms", "≤ 500 ms", busy_longest <= 500)
        line("p99 list SELECT during the redaction", busy_p99, "ms", "≤ 100 ms", busy_p99 <= 100)
        line("longest list SELECT, redaction idle", idle_longest, "ms", "(baseline)", True)
    finally:
        database.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--sqlite", type=Path)
    where.add_argument("--pg-url")
    where.add_argument("--pg-temp", action="store_true", help="a throwaway PostgreSQL server, as the tests start")
    parser.add_argument("--build", type=int, help="fill the database with this many demo attempts first")
    parser.add_argument("--chunk", type=int, default=500)
    args = parser.parse_args(argv)
    if args.pg_temp:
        with temporary_postgresql() as url:
            measure(url, args.build or 1_000_000, args.chunk)
        return 0
    url = f"sqlite:///{args.sqlite}" if args.sqlite else args.pg_url
    measure(url, args.build, args.chunk)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
