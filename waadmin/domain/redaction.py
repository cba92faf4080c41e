"""Which messages carry a secret, and the same text with its secrets replaced by a fixed mask.

The Django app writes temporary passwords, one-time codes and password-reset links into
``message_content`` in clear (reference §8.1). The rules here recognise them from the app's own
templates (labelled password lines, "Code de vérification …: 123456", "Votre code de
réinitialisation est 123456", ``…/password/reset/confirm/<token>/``) and from generic shapes
(a code or password label, a lone 4–8 digit number in an OTP), and replace only the secret:
the rest of the message stays readable. Replacing with the mask is idempotent: a redacted text
is its own redaction.
"""

from __future__ import annotations

import re

from waadmin.domain import message_types

MASK = "••••••"

# Categories the Django callers give credential messages, whatever their type (reference §3.3:
# account creation is `account`/`creation_compte`, the V2 agent sends `credentials`/`client_creation`;
# a reset can come through the general path typed `notification`).
SENSITIVE_CATEGORIES: frozenset[str] = frozenset(
    {"creation_compte", "client_creation", "credentials", "otp", "password_reset", "reset_password", "account"}
)

# Words that, in a message of any type, mean a credential may be inside: the SQL pre-selection
# of candidates (waadmin.engine.redact) looks for these (case-insensitively), the rules decide.
# Every template rule below needs one of them, so nothing the rules would mask escapes the
# redaction at rest (a parcel notice with "code" in it is read and left alone).
CONTENT_HINTS: tuple[str, ...] = ("mot de passe", "password", "mdp", "code", "/reset/confirm/")

# A secret code: 4 to 12 letters, digits or dashes of which at least 4 are digits ("482913",
# "AB-4829-17"), so that "24h" or a word after "code" is not one.
_CODE_VALUE = r"(?=(?:[A-Z-]*\d){4})[A-Z0-9-]{4,12}\b"
_LABEL = r"(?:(?:nouveau\s+)?mot\s+de\s+passe(?:\s+temporaire)?|(?:temporary\s+|new\s+)?password|mdp)"

# -- template rules: applied to every message (a reset may be typed `notification`) ----------
# "🔑 Mot de passe temporaire: x7$Kp2", "- Nouveau mot de passe : …", "*Mot de passe:* …"
_PASSWORD_LINE = re.compile(rf"(?P<label>\b{_LABEL}\s*[*_]*\s*:\s*[*_`]*)(?!https?://)(?P<secret>[^\s`]+?)(?=[*_`]*(?:\s|$))", re.IGNORECASE)
# "Code de vérification TS Air Cargo: 482913", "Votre code de réinitialisation est 482913."
_NAMED_CODE = re.compile(
    rf"(?P<label>\b(?:code\s+de\s+(?:v[ée]rification|r[ée]initialisation|confirmation|connexion|s[ée]curit[ée])"
    rf"|(?:verification|reset|confirmation|login|security)\s+code)\b[^\n\d:]{{0,40}}?(?::\s*|\best\s+|\bis\s+|\s))(?P<secret>{_CODE_VALUE})",
    re.IGNORECASE,
)
# Django's reset link: …/password/reset/confirm/<uidb64>/<token>/ (or the token alone).
_RESET_LINK = re.compile(r"(?P<label>/reset/confirm/)(?P<secret>[^\s/?#]+(?:/[^\s/?#]+)*)", re.IGNORECASE)
TEMPLATE_RULES = (_PASSWORD_LINE, _NAMED_CODE, _RESET_LINK)

# -- generic rules: only in messages of a credential-bearing kind ------------------------------
# "Votre code OTP : 4829", "Your code is AB-4829": a code after the word "code".
_ANY_CODE = re.compile(rf"(?P<label>\b(?:code|otp|pin)\b[^\n\d:]{{0,30}}?(?::\s*|\best\s+|\bis\s+|\s))(?P<secret>{_CODE_VALUE})", re.IGNORECASE)
_TOKEN_PARAM = re.compile(r"(?P<label>[?&](?:token|code|key|otp)=)(?P<secret>[^\s&#]+)", re.IGNORECASE)
# A lone 4–8 digit number is the code of an OTP even without a label; the digit groups of a
# phone number ("+86 138 0013 8000") are not.
_LONE_DIGITS = re.compile(r"(?<![\d+])(?<![\d+] )(?P<label>)(?P<secret>\d{4,8})(?! ?\d)")
GENERIC_RULES = (_ANY_CODE, _TOKEN_PARAM, _LONE_DIGITS)


def is_sensitive_kind(message_type: str | None, category: str | None = "") -> bool:
    """The types and categories whose messages are credential-bearing by definition."""
    return message_types.is_sensitive(message_type) or (category or "").strip().lower() in SENSITIVE_CATEGORIES


def _mask(match: re.Match[str]) -> str:
    return match.group("label") + MASK


def redact(text: str, *, message_type: str | None = "", category: str | None = "") -> str:
    """``text`` with every recognised secret replaced by ``MASK``; never empty when ``text`` is
    not. The template rules apply to every message, the generic ones to credential-bearing kinds."""
    if not text:
        return text
    rules = TEMPLATE_RULES + GENERIC_RULES if is_sensitive_kind(message_type, category) else TEMPLATE_RULES
    for rule in rules:
        text = rule.sub(_mask, text)
    return text


def holds_secret(text: str, *, message_type: str | None = "", category: str | None = "") -> bool:
    return redact(text, message_type=message_type, category=category) != text
