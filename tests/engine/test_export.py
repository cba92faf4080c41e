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
