"""A provider that echoes the message back puts its OTP code or password into what waadmin
stores of the answer (provider_response, the error message quoting the provider, webhook
payloads). `waadmin show`, `show --json` and `waadmin export` mask it there as in the message
itself; `--reveal` shows it, and the reveal is audited. Real sends to the sandbox on 127.0.0.1."""

from __future__ import annotations

import json

import pytest

from tests.support import factories
from waadmin.cli.main import main
from waadmin.db.inserts import insert_webhooks
from waadmin.domain.clock import utcnow
from waadmin.engine.audit import AuditTrail
from waadmin.providers.sandbox import SandboxServer

CODE = "482913"
OTP = f"Code de vérification TS Air Cargo: {CODE}"
PASSWORD = "k7$Qp2xa"
ACCOUNT = f"Bienvenue chez TS Air Cargo!\nIdentifiant: +22370112233\n🔑 Mot de passe temporaire: {PASSWORD}"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _url(database) -> str:
    return database.engine.url.render_as_string(hide_password=False)


@pytest.fixture(params=["wachap", "wachap_v4", "meta"])
def echoing(request, monkeypatch):
    with SandboxServer() as server:
        for key, value in server.environment(request.param).items():
            monkeypatch.setenv(key, value)
        monkeypatch.setenv("USE_WACHAP_V4", "true" if request.param == "wachap_v4" else "false")
        yield server


def _sent_with(capsys, database, sandbox: SandboxServer, behaviour: str, **fields) -> int:
    attempt_id = factories.due_retry(database, **fields)
    sandbox.script(behaviour, contains=fields["message_content"])
    code, _, err = run(capsys, "retry", "--database", _url(database))
    assert code == 0, err
    assert sandbox.count() >= 1
    return attempt_id


def test_an_otp_code_echoed_in_a_success_answer_is_masked_in_show_and_its_json_unless_revealed(capsys, database, echoing) -> None:
    attempt_id = _sent_with(capsys, database, echoing, "ok_echo", message_type="otp", message_content=OTP)
    stored = factories.row(database, attempt_id)
    assert stored["status"] == "sent" and CODE in json.dumps(stored["provider_response"], ensure_ascii=False)  # the echo is real
    url = _url(database)

    code, out, _ = run(capsys, "show", str(attempt_id), "--database", url)
    assert code == 0 and CODE not in out and "Réponse du fournisseur" in out and "••••••" in out
    code, out, _ = run(capsys, "show", str(attempt_id), "--database", url, "--json")
    data = json.loads(out)
    assert code == 0 and CODE not in out
    assert data["provider_response"]["http_status"] == 200 and data["provider_response"]["result"] == "ok"  # the rest is kept
    assert all(e.action != "reveal" for e in AuditTrail(database).entries(limit=5))

    code, out, _ = run(capsys, "show", str(attempt_id), "--database", url, "--json", "--reveal")
    assert code == 0 and json.loads(out)["provider_response"] == json.loads(json.dumps(stored["provider_response"], default=str))
    assert CODE in out
    reveals = [e for e in AuditTrail(database).entries(limit=5) if e.action == "reveal"]
    assert len(reveals) == 1 and reveals[0].target == f"ids {attempt_id}"


def test_a_password_quoted_in_a_refusal_is_masked_in_the_error_everywhere_unless_revealed(capsys, database, echoing, tmp_path) -> None:
    attempt_id = _sent_with(capsys, database, echoing, "rejected_echo", message_type="account", category="creation_compte", message_content=ACCOUNT)
    stored = factories.row(database, attempt_id)
    assert PASSWORD in stored["error_message"]  # the provider quoted the message back
    url = _url(database)

    code, out, _ = run(capsys, "show", str(attempt_id), "--database", url)
    assert code == 0 and PASSWORD not in out and "Erreur" in out
    code, out, _ = run(capsys, "show", str(attempt_id), "--database", url, "--json")
    assert code == 0 and PASSWORD not in out and json.loads(out)["error_code"] == stored["error_code"]

    for name in ("list.csv", "list.json"):
        target = tmp_path / name
        code, _, err = run(capsys, "export", "--database", url, "--output", str(target))
        assert code == 0, err
        written = target.read_text(encoding="utf-8-sig")
        assert PASSWORD not in written and "filtre de contenu" in written  # the error is there, masked
        code, _, _ = run(capsys, "export", "--database", url, "--output", str(target), "--reveal")
        assert code == 0 and PASSWORD in target.read_text(encoding="utf-8-sig")
    assert [e.action for e in AuditTrail(database).entries(limit=2)] == ["export_json_revealed", "export_json"]


def test_a_code_in_a_webhook_payload_is_masked_in_show_json(capsys, database) -> None:
    attempt_id = factories.attempt(database, message_type="otp", status="sent", message_content=OTP, provider_message_id="SBX-ECHO-1")
    insert_webhooks(database, [{
        "message_attempt_id": attempt_id, "provider_message_id": "SBX-ECHO-1", "webhook_type": "delivery", "status": "delivered",
        "raw_payload": {"id": "SBX-ECHO-1", "status": "delivered", "message": {"body": OTP}, "otp": CODE}, "received_at": utcnow(),
    }])
    code, out, _ = run(capsys, "show", str(attempt_id), "--database", _url(database), "--json")
    payload = json.loads(out)["webhooks"][0]["raw_payload"]
    assert code == 0 and CODE not in out
    assert payload["status"] == "delivered" and payload["otp"] == "••••••"
    code, out, _ = run(capsys, "show", str(attempt_id), "--database", _url(database), "--json", "--reveal")
    assert json.loads(out)["webhooks"][0]["raw_payload"]["otp"] == CODE


def test_a_password_quoted_in_a_refusal_is_masked_in_the_failure_groups_example(capsys, database, echoing) -> None:
    attempt_id = _sent_with(capsys, database, echoing, "rejected_echo", message_type="account", category="creation_compte", message_content=ACCOUNT)
    assert PASSWORD in factories.row(database, attempt_id)["error_message"]
    code, out, err = run(capsys, "failures", "--database", _url(database), "--json")
    assert code == 0, err
    groups = json.loads(out)
    assert groups and PASSWORD not in out and any("filtre de contenu" in g["example"] for g in groups)
