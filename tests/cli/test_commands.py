"""The headless CLI, run as a user runs it: arguments in, printed text and exit status out,
over real SQLite and PostgreSQL databases and the sandbox provider on 127.0.0.1."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from tests.support import factories
from waadmin.cli.main import arrange, main
from waadmin.db import aggregates
from waadmin.db.inserts import insert_webhooks
from waadmin.domain.clock import utcnow
from waadmin.providers.sandbox import SandboxServer


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def sandbox_env(monkeypatch):
    with SandboxServer() as server:
        for key, value in server.environment("wachap").items():
            monkeypatch.setenv(key, value)
        yield server


def test_init_db_creates_the_v2_layout_once(capsys, tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'new.sqlite3'}"
    code, out, _ = run(capsys, "init-db", "--database", url)
    assert code == 0 and "Tables créées" in out and "V2" in out
    code, out, _ = run(capsys, "init-db", "--database", url)
    assert code == 0 and "Déjà initialisée" in out


def test_demo_then_stats_json_has_the_reference_keys(capsys, db_url) -> None:
    assert run(capsys, "demo", "--database", db_url, "--count", "600", "--seed", "3")[0] == 0
    code, out, _ = run(capsys, "stats", "--database", db_url, "--days", "30", "--json")
    assert code == 0
    data = json.loads(out)
    for key in ("total", "pending", "sent", "delivered", "read", "failed_retry", "failed_final", "cancelled", "success_rate", "failure_rate", "pending_rate", "avg_attempts", "by_type"):
        assert key in data, key
    assert data["total"] == 600


def test_stats_marks_the_retry_queue_split_estimated_past_a_long_queue(capsys, db_url, monkeypatch) -> None:
    assert run(capsys, "demo", "--database", db_url, "--count", "600", "--seed", "3")[0] == 0
    code, out, _ = run(capsys, "stats", "--database", db_url, "--days", "30")
    assert code == 0 and "≈" not in out
    assert json.loads(run(capsys, "stats", "--database", db_url, "--days", "30", "--json")[1])["work_estimated"] is False
    # A queue longer than the exact count reads (here: any queue) is counted from a sample.
    monkeypatch.setattr(aggregates, "EXACT_BACKLOG_ROWS", 0)
    code, out, _ = run(capsys, "stats", "--database", db_url, "--days", "30")
    assert code == 0
    line = next(line for line in out.splitlines() if "Programmés" in line or "Programmées" in line or "≈" in line)
    assert line.count("≈") == 3, line
    data = json.loads(run(capsys, "stats", "--database", db_url, "--days", "30", "--json")[1])
    assert data["work_estimated"] is True and isinstance(data["ready_now"], int)


def test_retry_sends_what_is_due_and_reports_in_french_and_json(capsys, database, sandbox_env) -> None:
    ids = [factories.due_retry(database, message_content=f"colis {n}") for n in range(3)]
    code, out, _ = run(capsys, "retry", "--database", _url(database))
    assert code == 0
    assert "Messages traités: 3" in out and "Succès: 3" in out
    assert all(factories.row(database, i)["status"] == "sent" for i in ids)
    factories.due_retry(database)
    code, out, _ = run(capsys, "retry", "--database", _url(database), "--json")
    data = json.loads(out)
    assert code == 0 and (data["processed"], data["success"], data["failed"]) == (1, 1, 0) and "errors" in data


def _url(database) -> str:
    return database.engine.url.render_as_string(hide_password=False)


def test_dry_run_changes_nothing_at_all_cleanup_included(capsys, database, sandbox_env) -> None:
    due = factories.due_retry(database)
    old = factories.attempt(database, status="sent", created_at=utcnow() - timedelta(days=90))
    stuck = factories.attempt(database, status="sending", attempt_count=1, last_attempt_at=utcnow() - timedelta(hours=3))
    before = {i: factories.row(database, i) for i in (due, old, stuck)}
    code, out, _ = run(capsys, "retry", "--database", _url(database), "--dry-run", "--cleanup", "--cleanup-days", "30")
    assert code == 0 and "Mode simulation" in out and "qui seraient traités: 1" in out
    assert {i: factories.row(database, i) for i in (due, old, stuck)} == before
    assert sandbox_env.count() == 0


def test_retry_without_a_provider_says_what_to_configure(capsys, database, monkeypatch) -> None:
    factories.due_retry(database)
    code, _, err = run(capsys, "retry", "--database", _url(database))
    assert code == 4 and "WACHAP_" in err and "Traceback" not in err


def test_cleanup_counts_exactly_and_asks_before_deleting(capsys, database, monkeypatch) -> None:
    old = [factories.attempt(database, status=s, created_at=utcnow() - timedelta(days=40)) for s in ("sent", "delivered", "read", "failed_final", "cancelled")]
    kept = [
        factories.attempt(database, status="failed_retry", created_at=utcnow() - timedelta(days=40)),
        factories.attempt(database, status="sent", created_at=utcnow() - timedelta(days=10)),
    ]
    code, out, _ = run(capsys, "cleanup", "--database", _url(database), "--days", "30", "--dry-run", "--json")
    assert code == 0 and json.loads(out)["matched"] == 5
    code, out, err = run(capsys, "cleanup", "--database", _url(database), "--days", "30")
    assert code == 2 and "--yes" in err  # no terminal to ask on: refuse rather than delete
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda prompt="": "n")
    code, out, _ = run(capsys, "cleanup", "--database", _url(database), "--days", "30")
    assert "rien n'a été supprimé" in out
    code, out, _ = run(capsys, "cleanup", "--database", _url(database), "--days", "30", "--yes", "--json")
    assert code == 0 and json.loads(out)["deleted"] == 5
    for attempt_id in kept:
        factories.row(database, attempt_id)
    assert old


def test_cancel_by_filter_and_by_id(capsys, database) -> None:
    waiting = [factories.due_retry(database, message_type="otp") for _ in range(2)]
    other = factories.due_retry(database, message_type="colis_status")
    done = factories.attempt(database, status="delivered", message_type="otp")
    code, out, _ = run(capsys, "cancel", "--database", _url(database), "--type", "otp", "--yes", "--json")
    data = json.loads(out)
    assert code == 0 and sorted(data["done_ids"]) == sorted(waiting)
    assert [factories.row(database, i)["status"] for i in waiting] == ["cancelled", "cancelled"]
    assert factories.row(database, other)["status"] == "failed_retry"
    assert factories.row(database, done)["status"] == "delivered"
    code, _, err = run(capsys, "cancel", "--database", _url(database), "--yes")
    assert code == 2 and "--all" in err


def test_recover_stuck_and_webhooks_reprocess(capsys, database) -> None:
    stuck = factories.attempt(database, status="sending", attempt_count=1, max_attempts=3, last_attempt_at=utcnow() - timedelta(hours=1))
    code, out, _ = run(capsys, "recover-stuck", "--database", _url(database))
    assert code == 0 and f"#{stuck}" in out
    assert factories.row(database, stuck)["status"] == "failed_retry"
    sent = factories.attempt(database, status="sent", provider_message_id="wamid.X1")
    twins = [factories.attempt(database, status="sent", provider_message_id="wamid.DUP") for _ in range(2)]
    insert_webhooks(database, [
        {"provider_message_id": "wamid.X1", "status": "delivered", "raw_payload": {"status": "delivered"}},
        {"provider_message_id": "wamid.DUP", "status": "read", "raw_payload": {"status": "read"}},
    ])
    code, out, _ = run(capsys, "webhooks", "reprocess", "--database", _url(database), "--json")
    data = json.loads(out)
    assert factories.row(database, sent)["status"] == "delivered"
    assert [factories.row(database, i)["status"] for i in twins] == ["sent", "sent"]  # ambiguous: not guessed
    assert (code, data["applied"], data["ambiguous"]) == (0, 1, 1)
    webhook = database.layout.webhook
    from sqlalchemy import select

    with database.read() as conn:
        errors = dict(conn.execute(select(webhook.provider_message_id, webhook.processing_error)).all())
    assert errors["wamid.X1"] == "" and "2" in errors["wamid.DUP"]


def test_list_and_show(capsys, database) -> None:
    target = factories.attempt(database, status="failed_final", phone_number="+22376554433", error_code="invalid_number", error_message="Numéro invalide")
    factories.attempt(database, status="sent")
    code, out, _ = run(capsys, "list", "--database", _url(database), "--status", "failed_final", "--json")
    rows = json.loads(out)
    assert code == 0 and [r["id"] for r in rows] == [target]
    code, out, _ = run(capsys, "list", "--database", _url(database), "--search", "76554433")
    assert code == 0 and str(target) in out
    code, out, _ = run(capsys, "show", str(target), "--database", _url(database))
    assert code == 0 and "invalid_number" in out
    code, out, _ = run(capsys, "show", "999999", "--database", _url(database))
    assert code != 0


def test_credential_messages_are_hidden_unless_revealed(capsys, database) -> None:
    secret = factories.attempt(database, message_type="credentials", message_content="Mot de passe: Zk83-secret")
    code, out, _ = run(capsys, "show", str(secret), "--database", _url(database))
    assert "Zk83-secret" not in out
    code, out, _ = run(capsys, "show", str(secret), "--database", _url(database), "--reveal")
    assert "Zk83-secret" in out


@pytest.mark.parametrize(
    ("argv", "code", "words"),
    [
        (["--lang", "en", "stats", "--database", "postgresql://nobody:wrong@127.0.0.1:1/x"], 3, "Cannot reach PostgreSQL"),
        (["list", "--database", "foo://bar", "--lang", "en"], 3, "Unsupported database"),
        (["stats", "--database", "/nonexistent/dir/x.db", "--lang=en"], 3, "no database file"),
        (["stats", "--database", "/nonexistent/dir/x.db"], 3, "pas de fichier de base de données"),
        (["stats", "--days", "-3"], 2, ""),
        (["retry", "--max-retries", "0"], 2, ""),
        (["cleanup", "--days", "abc"], 2, ""),
    ],
)
def test_bad_input_gets_one_clear_line(capsys, argv, code, words) -> None:
    try:
        got = main(argv)
    except SystemExit as exc:  # argparse's own refusals
        got = exc.code
    _, err = capsys.readouterr()
    assert got == code
    assert words in err and "Traceback" not in err


def test_a_file_that_is_not_a_database(capsys, tmp_path) -> None:
    junk = tmp_path / "notes.sqlite3"
    junk.write_bytes(b"this is not sqlite " * 100)
    code, _, err = run(capsys, "stats", "--database", str(junk))
    assert code == 3 and "Traceback" not in err and err.count("\n") == 1


def test_database_without_tables(capsys, tmp_path) -> None:
    import sqlite3

    path = tmp_path / "empty.sqlite3"
    sqlite3.connect(path).execute("create table other(x)").connection.close()
    code, _, err = run(capsys, "list", "--database", str(path))
    assert code == 3 and "init-db" in err


def test_options_may_come_before_the_command() -> None:
    commands = {"stats", "gui", "list"}
    assert arrange(["--database", "x.db", "stats", "--json"], commands) == ["stats", "--database", "x.db", "--json"]
    assert arrange(["--log-level", "DEBUG", "-d=x.db", "list"], commands) == ["--log-level", "DEBUG", "list", "-d=x.db"]
    assert arrange([], commands) == ["gui"]
    assert arrange(["--database", "x.db"], commands) == ["gui", "--database", "x.db"]
    assert arrange(["--version"], commands) == ["--version"]


def test_the_installed_command_runs_in_a_fresh_process(tmp_path) -> None:
    env = {**os.environ, "WAADMIN_DATABASE_URL": f"sqlite:///{tmp_path / 'p.sqlite3'}", "LC_ALL": "C", "PYTHONIOENCODING": "ascii"}
    result = subprocess.run([sys.executable, "-m", "waadmin", "init-db"], env=env, capture_output=True, text=True, timeout=60, cwd=Path(__file__).parents[2])
    assert result.returncode == 0, result.stderr
    result = subprocess.run([sys.executable, "-m", "waadmin", "stats"], env=env, capture_output=True, timeout=60, cwd=Path(__file__).parents[2])
    assert result.returncode == 0 and b"Statistiques" in result.stdout


def test_retry_with_filters_acts_on_every_matching_attempt(capsys, database, sandbox_env) -> None:
    final = [factories.attempt(database, status="failed_final", message_type="colis_status", error_code="http_5xx",
                               error_message=f"Erreur WaChap Mali: {code} - Service Unavailable", attempt_count=3, max_attempts=3) for code in (502, 503, 503)]
    other = factories.attempt(database, status="failed_final", message_type="otp", error_code="http_5xx", error_message="Erreur WaChap Mali: 503 - Service Unavailable", attempt_count=3)
    args = ["retry", "--database", _url(database), "--status", "failed_final", "--type", "colis_status", "--error-like", "Erreur WaChap Mali: <n> - Service Unavailable"]
    code, out, _ = run(capsys, *args, "--dry-run", "--json")
    data = json.loads(out)
    assert (code, data["matched"], data["sendable"]) == (0, 3, 0)  # failed_final needs --reopen-final
    code, out, _ = run(capsys, *args, "--reopen-final", "1", "--json", "--yes")  # --json alone asks first
    data = json.loads(out)
    assert (code, data["matched"], data["reopened"], data["success"]) == (0, 3, 3, 3)
    assert [factories.row(database, i)["status"] for i in final] == ["sent"] * 3
    assert factories.row(database, other)["status"] == "failed_final"
    code, out, _ = run(capsys, "failures", "--database", _url(database), "--json")
    groups = json.loads(out)
    assert [(g["error_code"], g["count"]) for g in groups] == [("http_5xx", 1)]


def test_export_writes_the_filtered_list_masked_and_a_reveal_is_audited(capsys, database, tmp_path) -> None:
    url = _url(database)
    factories.attempt(database, message_type="otp", status="sent", message_content="Code de vérification TS Air Cargo: 482913", title="OTP-EXPORT")
    factories.attempt(database, message_type="colis_status", title="=1+cmd|' /C calc'!A0")
    factories.attempt(database, message_type="colis_status", status="cancelled", title="other")
    target = tmp_path / "list.csv"
    code, out, _ = run(capsys, "export", "--database", url, "--output", str(target), "--status", "sent,pending", "--sort", "id", "--ascending")
    assert code == 0 and "2 lignes écrites" in out
    text = target.read_text(encoding="utf-8-sig")
    assert "482913" not in text and "'=1+cmd|' /C calc'!A0" in text and "other" not in text
    code, out, _ = run(capsys, "export", "--database", url, "--output", str(tmp_path / "list.json"), "--type", "otp", "--reveal", "--json")
    assert code == 0 and json.loads(out)["rows"] == 1 and json.loads(out)["format"] == "json"
    assert json.loads((tmp_path / "list.json").read_text(encoding="utf-8"))[0]["message_content"].endswith("482913")
    from waadmin.engine.audit import AuditTrail

    assert [e.action for e in AuditTrail(database).entries(limit=5)][:2] == ["export_json_revealed", "export_csv"]


def test_redact_shows_a_masked_sample_asks_first_and_a_second_run_changes_nothing(capsys, database) -> None:
    url = _url(database)
    old = utcnow() - timedelta(days=2)
    otp = factories.attempt(database, message_type="otp", status="sent", message_content="Code de vérification TS Air Cargo: 482913", created_at=old, sent_at=old)
    waiting = factories.attempt(database, message_type="otp", status="failed_retry", message_content="Code de vérification TS Air Cargo: 550011", created_at=old)
    code, out, _ = run(capsys, "redact", "--database", url, "--older-than", "24h", "--dry-run")
    assert code == 0 and "1 message sensible terminé" in out and "Code de vérification TS Air Cargo: ••••••" in out and "482913" not in out
    code, _, err = run(capsys, "redact", "--database", url, "--json")  # --json is no answer: no terminal, no --yes
    assert code == 2 and "--yes" in err
    assert factories.row(database, otp)["message_content"].endswith("482913")
    code, out, _ = run(capsys, "redact", "--database", url, "--yes", "--json")
    assert code == 0 and json.loads(out)["redacted"] == 1
    assert factories.row(database, otp)["message_content"] == "Code de vérification TS Air Cargo: ••••••"
    assert factories.row(database, waiting)["message_content"].endswith("550011")
    code, out, _ = run(capsys, "redact", "--database", url, "--yes")
    assert code == 0 and "0 message sensible terminé" in out
    code, _, err = run(capsys, "redact", "--database", url, "--older-than", "soon")
    assert code == 2 and "--older-than" in err
    code, _, _ = run(capsys, "redact", "--database", url, "--read-only", "--yes")
    assert code == 3


def test_show_masks_a_reset_code_sent_as_a_notification_unless_revealed(capsys, database) -> None:
    attempt_id = factories.attempt(database, message_type="notification", message_content="Votre code de réinitialisation est 771204. Ce code expire dans 24h.")
    code, out, _ = run(capsys, "show", str(attempt_id), "--database", _url(database))
    assert code == 0 and "Votre code de réinitialisation est ••••••. Ce code expire dans 24h." in out and "771204" not in out
    code, out, _ = run(capsys, "show", str(attempt_id), "--database", _url(database), "--reveal")
    assert code == 0 and "771204" in out
