"""Text cells a spreadsheet would evaluate as formulas, made inert (OWASP's CSV-injection rule).

Excel, LibreOffice and Google Sheets read a cell beginning with ``=``, ``+``, ``-`` or ``@`` as
a formula, and skip a leading tab or carriage return before doing so; a message body or an error
text from outside can then run ``cmd|' /C calc'!A0`` on the reader's machine. Such a cell gets a
leading apostrophe, which every one of them shows as plain text. Only a cell that is purely a
number (``-3``, ``+1.5``) or a phone number (``+223 70 00 00 00``) is left as it is: it holds no
name a formula could call.
"""

from __future__ import annotations

import re

FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")

_NUMBER = re.compile(r"[+-]?(?:\d+(?:[.,]\d+)?|[.,]\d+)(?:[eE][+-]?\d+)?")
# "+" then digits, single spaces allowed between groups: what the Django app stores as phones.
_PHONE = re.compile(r"\+\d+(?: \d+)*")


def is_plain_number(text: str) -> bool:
    return _NUMBER.fullmatch(text) is not None


def is_phone_number(text: str) -> bool:
    return _PHONE.fullmatch(text) is not None and sum(c.isdigit() for c in text) >= 6


def neutralise(text: str) -> str:
    """``text`` as a spreadsheet shows it without evaluating anything."""
    if not text.startswith(FORMULA_LEADS):
        return text
    if is_plain_number(text) or is_phone_number(text):
        return text
    return "'" + text
