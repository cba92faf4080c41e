"""The export as a spreadsheet reads it: formulas inert, secrets masked unless revealed (audited)."""

from __future__ import annotations

import csv
from pathlib import Path

from tests.support import factories
from waadmin.engine.audit import AuditTrail
from waadmin.engine.export import export_csv


def _rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(path.open(encoding="utf-8-sig", newline="")))


def test_formula_payloads_in_any_text_column_reach_the_file_neutralised(database, tmp_path: Path) -> None:
    payload = "=1+cmd|' /C calc'!A0"
    factories.attempt(
        database, title=payload, message_content="+1+cmd|' /C calc'!A0", error_message="\t=2+5+cmd|' /C calc'!A0",
        category="@SUM(1+9)*cmd|' /C calc'!A0", phone_number="+22370000001",
    )
    report = export_csv(database, tmp_path / "out.csv")
    (row,) = _rows(report.path)
    assert row["title"] == "'" + payload
    assert row["message_content"] == "'+1+cmd|' /C calc'!A0"
    assert row["error_message"] == "'\t=2+5+cmd|' /C calc'!A0"
    assert row["category"] == "'@SUM(1+9)*cmd|' /C calc'!A0"
    assert row["phone_number"] == "+22370000001"  # a phone stays a phone


def test_secrets_are_masked_unless_revealed_and_a_reveal_is_audited(database, tmp_path: Path) -> None:
    factories.attempt(database, message_type="otp", status="sent", message_content="Code de vérification TS Air Cargo: 482913")
    audit = AuditTrail(database, "cli", local_dir=tmp_path)
    masked = export_csv(database, tmp_path / "masked.csv", audit=audit)
    assert "482913" not in masked.path.read_text(encoding="utf-8-sig")
    revealed = export_csv(database, tmp_path / "revealed.csv", reveal=True, audit=audit)
    assert "482913" in revealed.path.read_text(encoding="utf-8-sig")
    actions = [entry.action for entry in audit.entries(limit=10)]
    assert "export_csv_revealed" in actions and "export_csv" in actions


def test_a_reset_code_sent_as_a_notification_is_masked_and_the_rest_kept(database, tmp_path: Path) -> None:
    factories.attempt(database, message_type="notification", message_content="Votre code de réinitialisation est 771204. Ce code expire dans 24h.")
    (row,) = _rows(export_csv(database, tmp_path / "out.csv").path)
    assert "771204" not in row["message_content"] and "Ce code expire dans 24h." in row["message_content"]


def test_json_export_streams_every_page_with_the_csv_columns(database, tmp_path: Path) -> None:
    import json

    from waadmin.engine.export import HEADER, export_attempts

    ids = [factories.attempt(database, title=f"=HYPERLINK(\"x{n}\")") for n in range(7)]
    report = export_attempts(database, tmp_path / "out.json", fmt="json", page_size=3)
    data = json.loads(report.path.read_text(encoding="utf-8"))
    assert report.rows == 7 and sorted(d["id"] for d in data) == sorted(ids)
    assert list(data[0]) == HEADER
    assert data[0]["title"].startswith("=HYPERLINK")  # JSON is for programs: values as they are
    assert data[0]["sent_at_utc"] is None
