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


# -- provider answers ----------------------------------------------------------------------------
# Some gateways echo what they were sent: the whole text in a success answer, or a quote of it in
# a refusal ("message 'Votre code est 482913' rejected"), which also becomes the error message.
# An answer is JSON of any shape, so it is masked where a message's secrets could be: every
# string it holds (the message's own secrets, found by the rules above, replaced wherever they
# appear, and the labelled rules applied), and the value of a key that names a secret. The lone
# digits rule is left out: in an answer it would take years and counts; a code the message
# itself holds is still replaced by its value.
ANSWER_RULES = (*TEMPLATE_RULES, _ANY_CODE, _TOKEN_PARAM)
_SECRET_KEY = re.compile(r"^(?:pass(?:word|wd|code)?|mot_?de_?passe|mdp|otp(?:_?code)?|pin|secret|(?:verification|reset|otp)_?code)$", re.IGNORECASE)
_SHORTEST_ECHO = 4  # a shorter secret replaced everywhere would mask half the answer


def secrets_of(text: str, *, message_type: str | None = "", category: str | None = "") -> list[str]:
    """The secrets the rules find in a message text, longest first; for a credential-bearing
    kind also the whole text and each of its lines (the whole text is hidden there)."""
    if not text:
        return []
    rules = TEMPLATE_RULES + GENERIC_RULES if is_sensitive_kind(message_type, category) else TEMPLATE_RULES
    found = {m.group("secret") for rule in rules for m in rule.finditer(text)}
    if is_sensitive_kind(message_type, category):
        found |= {text.strip(), *(line.strip() for line in text.splitlines())}
    return sorted((s for s in found if len(s) >= _SHORTEST_ECHO and s != MASK), key=len, reverse=True)


def _answer_text(text: str, secrets: list[str]) -> str:
    for secret in secrets:
        text = text.replace(secret, MASK)
    for rule in ANSWER_RULES:
        text = rule.sub(_mask, text)
    return text


def _answer_value(value: object, secrets: list[str], key: str = "") -> object:
    if isinstance(value, dict):
        return {k: _answer_value(v, secrets, str(k)) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_answer_value(v, secrets) for v in value]
    if isinstance(value, bool) or value is None:
        return value
    if key and _SECRET_KEY.match(key) and str(value).strip():
        return MASK
    if isinstance(value, str):
        return _answer_text(value, secrets)
    if isinstance(value, int | float) and str(value) in secrets:
        return MASK
    return value


def redact_answer(value: object, *, body: str = "", message_type: str | None = "", category: str | None = "") -> object:
    """A provider's answer (parsed JSON, or text) with the secrets of the message it answers
    masked wherever they are echoed, as ``redact`` masks them in the message. A text (an error
    message quoting the provider) is masked the same way."""
    return _answer_value(value, secrets_of(body, message_type=message_type, category=category))


def answer_holds_secret(value: object, *, body: str = "", message_type: str | None = "", category: str | None = "") -> bool:
    return redact_answer(value, body=body, message_type=message_type, category=category) != value
