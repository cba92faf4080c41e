"""What the reliability tests share: a recording provider on 127.0.0.1, the CLI as a real
subprocess, bulk due rows, and the questions every test asks of the database afterwards."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from waadmin.db.database import Database
from waadmin.db.inserts import insert_attempts
from waadmin.domain.clock import utcnow
from waadmin.providers.sandbox import SandboxServer

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def sandbox() -> Iterator[SandboxServer]:
    with SandboxServer() as server:
        yield server


def cli_env(database_url: str, sandbox: SandboxServer | None = None, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WAADMIN_", "WACHAP_"))}
    env["WAADMIN_DATABASE_URL"] = database_url
    env["PYTHONPATH"] = str(ROOT)
    env["USE_WACHAP_V4"] = "false"
    env["WAADMIN_LANG"] = "en"  # whatever this machine's locale; a test of the French report passes WAADMIN_LANG="fr"
    if sandbox is not None:
        env.update(sandbox.environment("wachap"))
    env.update(extra)
    return env


def waadmin_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "waadmin", *args]


def run_cli(database_url: str, *args: str, sandbox: SandboxServer | None = None, timeout: float = 120, **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        waadmin_command(*args), env=cli_env(database_url, sandbox, **extra), cwd=ROOT,
        capture_output=True, text=True, timeout=timeout,
    )


def assert_one_clear_line(result: subprocess.CompletedProcess[str], *words: str) -> str:
    """A failure a user can act on: non-zero, one line on stderr, no traceback."""
    assert result.returncode != 0, result.stdout
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout, result.stderr
    assert len(lines) == 1, result.stderr
    for word in words:
        assert word.lower() in lines[0].lower(), lines[0]
    return lines[0]


def insert_due(database: Database, count: int, *, prefix: str = "colis", **fields: Any) -> dict[str, int]:
    """``count`` attempts due for their second try; returns message text -> id."""
    now = utcnow()
    rows = []
    for n in range(count):
        row = {
            "phone_number": f"+2237{n % 10_000_000:07d}",
            "message_content": f"{prefix} #{n}",
            "source_app": "agent_mali",
            "status": "failed_retry",
            "attempt_count": 1,
            "max_attempts": 3,
            "next_retry_at": now - timedelta(minutes=1),
            "created_at": now - timedelta(minutes=20),
        }
        row.update(fields)
        rows.append(row)
    ids = insert_attempts(database, rows)
    return {row["message_content"]: attempt_id for row, attempt_id in zip(rows, ids, strict=True)}


def status_counts(database: Database) -> Counter[str]:
    a = database.layout.attempt
    with database.read() as conn:
        return Counter({status: n for status, n in conn.execute(select(a.status, func.count()).group_by(a.status))})


def rows_by_id(database: Database, ids: list[int] | None = None) -> dict[int, dict[str, Any]]:
    a = database.layout.attempt
    query = select(
        a.id, a.status, a.attempt_count, a.error_code, a.error_message, a.next_retry_at, a.provider_message_id,
        a.first_attempt_at, a.last_attempt_at,
    )
    if ids is not None:
        query = query.where(a.id.in_(ids))
    with database.read() as conn:
        return {r.id: dict(r._mapping) for r in conn.execute(query)}
