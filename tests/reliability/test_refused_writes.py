"""A write the database or waadmin refuses — read-only mode, a SELECT-only PostgreSQL role — is one
line on stderr and a non-zero exit, with nothing printed as done; the worker stops and says why
instead of calling the database unreachable forever; destructive commands never act without a
confirmation, --json included."""

from __future__ import annotations

import uuid

import pytest

from tests.reliability.conftest import insert_due, run_cli, status_counts

MUTATING = [
    ("cancel", "--status", "failed_retry", "--yes"),
    ("cleanup", "--days", "1", "--yes"),
    ("recover-stuck",),
    ("webhooks", "reprocess"),
    ("retry", "--max-retries", "5"),
    ("retry", "--status", "failed_retry", "--yes"),
]


def _one_refusal(result, *words: str) -> str:
    assert result.returncode == 3, (result.returncode, result.stdout, result.stderr)
    lines = [line for line in result.stderr.splitlines() if line.strip() and not line.startswith("WARNING")]
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    assert "✅" not in result.stdout, result.stdout
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


@pytest.mark.parametrize("args", MUTATING, ids=lambda a: " ".join(a[:2]))
def test_read_only_connections_refuse_every_change_in_one_line(database, db_url, sandbox, args) -> None:
    insert_due(database, 3)
    result = run_cli(db_url, *args, "--read-only", sandbox=sandbox)
    _one_refusal(result, "read-only")
    assert status_counts(database) == {"failed_retry": 3}


@pytest.fixture
def reader_url(pg_server, pg_url, database):
    """A role that may read the attempts and nothing more (a reporting role)."""
    import psycopg

    role = "reader_" + uuid.uuid4().hex[:8]
    name = pg_url.rsplit("/", 1)[1]
    with psycopg.connect(f"host=127.0.0.1 port={pg_server.port} user=postgres dbname={name}", autocommit=True) as admin:
        admin.execute(f"CREATE ROLE {role} LOGIN")
        admin.execute(f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role}")
    return pg_url.replace("postgres@", f"{role}@", 1)


@pytest.mark.postgres
@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_a_select_only_role_is_refused_in_one_line_and_the_worker_stops(database, reader_url, sandbox) -> None:
    insert_due(database, 3)
    retry = run_cli(reader_url, "retry", "--max-retries", "5", "--rate", "0", sandbox=sandbox)
    _one_refusal(retry, "permission denied")
    worker = run_cli(reader_url, "worker", "--runs", "3", "--interval", "1", "--rate", "0", sandbox=sandbox, timeout=60)
    line = _one_refusal(worker, "the worker stopped", "permission denied")
    assert "unreachable" not in line and "injoignable" not in worker.stdout
    assert status_counts(database) == {"failed_retry": 3}
    assert sandbox.count() == 0


def test_json_does_not_skip_the_confirmation(database, db_url, sandbox) -> None:
    from datetime import timedelta

    from waadmin.domain.clock import utcnow

    insert_due(database, 2)
    insert_due(database, 2, prefix="old", status="sent", created_at=utcnow() - timedelta(days=90))
    for args in (("cleanup", "--days", "30", "--json"), ("cancel", "--status", "failed_retry", "--json"), ("retry", "--status", "failed_retry", "--json")):
        result = run_cli(db_url, *args, sandbox=sandbox)
        assert result.returncode == 2, (args, result.stdout, result.stderr)
        assert "--yes" in result.stderr.splitlines()[-1]
    assert status_counts(database) == {"failed_retry": 2, "sent": 2}
    assert sandbox.count() == 0
