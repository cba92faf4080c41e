"""Phone normalisation as the WaChap clients of the reference do it, plus a validity check.

Mali numbers are 8 digits after +223 (often written with a leading 0), China mobiles are 11
digits starting 1[3-9] after +86.
"""

from __future__ import annotations

import re

_SEPARATORS = re.compile(r"[\s\-()]")
_CHINA_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_E164 = re.compile(r"^\+\d{8,15}$")


def strip_separators(phone: str | None) -> str:
    return _SEPARATORS.sub("", phone or "")


def normalize(phone: str | None) -> str:
    """To "+<country><number>" where the rules recognise the number; otherwise unchanged."""
    p = strip_separators(phone)
    if not p or p.startswith("+"):
        return p
    if p.startswith("223") or p.startswith("86"):
        return "+" + p
    if p.startswith("0") and len(p) in (9, 10):
        return "+223" + p[1:]
    if len(p) == 8 and p.isdigit():
        return "+223" + p
    if _CHINA_MOBILE.match(p):
        return "+86" + p
    if p.isdigit():
        return "+" + p
    return p


def is_valid(phone: str | None) -> bool:
    """Could the provider deliver to it at all? Letters or too few digits never will."""
    return bool(_E164.match(normalize(phone)))


def country_region(phone: str | None) -> str | None:
    """The WaChap region a number's country code points to, if any."""
    p = normalize(phone)
    if p.startswith("+86"):
        return "chine"
    if p.startswith("+223"):
        return "mali"
    return None


def mask(phone: str | None) -> str:
    """Keep the country code and last 2 digits, for logs."""
    p = strip_separators(phone)
    if len(p) <= 6:
        return "•" * len(p)
    return p[:4] + "•" * (len(p) - 6) + p[-2:]
