"""The secrets the Django app writes into message texts (reference §8.1) are recognised and
masked, the rest of each message stays readable, and a redacted text is its own redaction."""

from __future__ import annotations

import pytest

from waadmin.domain.redaction import CONTENT_HINTS, MASK, holds_secret, is_sensitive_kind, redact

# (message_type, category, body as the Django app writes it, the secret, what must stay readable)
DJANGO_BODIES = [
    (
        "account", "creation_compte",
        "🎉 Bienvenue chez TS Air Cargo, Awa!\n\nVos identifiants:\nIdentifiant: +22370112233\n🔑 Mot de passe temporaire: k7$Qp2xa\n\nChangez-le à la première connexion.",
        "k7$Qp2xa", ["Identifiant: +22370112233", "Changez-le à la première connexion.", "🔑 Mot de passe temporaire: " + MASK],
    ),
    (
        "credentials", "client_creation",
        "Compte client créé\n- Téléphone: +8613800138000\n- Mot de passe: Agent2024\nTS Air Cargo",
        "Agent2024", ["- Téléphone: +8613800138000", "- Mot de passe: " + MASK, "TS Air Cargo"],
    ),
    ("account", "", "Nouveau mot de passe : *Xy7!k_9* — gardez-le secret", "Xy7!k_9", ["Nouveau mot de passe : *" + MASK + "* — gardez-le secret"]),
    ("otp", "", "Code de vérification TS Air Cargo: 482913", "482913", ["Code de vérification TS Air Cargo: " + MASK]),
    # A reset sent through the general path is typed `notification`: the templates still apply.
    (
        "notification", "",
        "Votre code de réinitialisation est 771204. Ce code expire dans 24h.",
        "771204", ["Votre code de réinitialisation est " + MASK + ". Ce code expire dans 24h."],
    ),
    (
        "notification", "",
        "Réinitialisez votre mot de passe: https://cargo.example/password/reset/confirm/MTI/c8x-4f2a9b1e/ (valable 24h)",
        "c8x-4f2a9b1e", ["https://cargo.example/password/reset/confirm/" + MASK + "/ (valable 24h)"],
    ),
    ("otp", "", "Votre OTP 093817 pour le +86 138 0013 8000", "093817", ["pour le +86 138 0013 8000"]),
    ("otp", "", "Votre code OTP est 5521", "5521", ["Votre code OTP est " + MASK]),
]


@pytest.mark.parametrize(("kind", "category", "body", "secret", "kept"), DJANGO_BODIES)
def test_the_secret_is_masked_and_the_rest_stays_readable(kind, category, body, secret, kept) -> None:
    redacted = redact(body, message_type=kind, category=category)
    assert secret not in redacted
    for part in kept:
        assert part in redacted
    assert holds_secret(body, message_type=kind, category=category)


@pytest.mark.parametrize(("kind", "category", "body", "secret", "kept"), DJANGO_BODIES)
def test_a_redacted_text_is_its_own_redaction(kind, category, body, secret, kept) -> None:
    once = redact(body, message_type=kind, category=category)
    assert redact(once, message_type=kind, category=category) == once
    assert not holds_secret(once, message_type=kind, category=category)


@pytest.mark.parametrize(
    "body",
    [
        "Votre colis CARGO-17 est arrivé à Bamako",
        "Code colis: CN12345, lot 2024-11",  # a parcel code in a notification is no secret
        "Livraison prévue le 12/11 entre 14h et 16h, appelez le +223 70 00 00 00",
    ],
)
def test_an_ordinary_notification_is_left_alone(body: str) -> None:
    assert redact(body, message_type="colis_status") == body


def test_the_kinds_that_carry_credentials_by_type_or_by_category() -> None:
    assert is_sensitive_kind("otp") and is_sensitive_kind("account") and is_sensitive_kind("credentials")
    assert is_sensitive_kind("notification", "creation_compte") and is_sensitive_kind("other", "client_creation")
    assert not is_sensitive_kind("colis_status", "arrivee")


def test_a_body_that_is_only_a_code_stays_non_empty() -> None:
    assert redact("482913", message_type="otp") == MASK


@pytest.mark.parametrize(
    "body",
    [
        "Your verification code is 482913", "Mdp : Xy7!k", "Password: abc123", "Nouveau mot de passe : Ab3#k",
        "Votre code de réinitialisation est 771204.", "https://x.example/password/reset/confirm/MTI/tok-123/",
    ],
)
def test_whatever_the_template_rules_mask_the_sql_pre_selection_reads(body: str) -> None:
    """The redaction reads candidates by type, category or these words: a notification the
    rules would mask must contain one of them, or the redaction at rest would miss it."""
    assert holds_secret(body, message_type="notification")
    assert any(hint in body.lower() for hint in CONTENT_HINTS)


def test_a_provider_answer_is_masked_where_it_echoes_the_message_and_kept_elsewhere() -> None:
    from waadmin.domain.redaction import redact_answer

    body = "Votre OTP 093817 pour le +86 138 0013 8000"
    answer = {
        "status": "success", "timestamp": "2026-12-02T01:30:00+00:00", "http_status": 200, "id": 20261202,
        "echo": {"text": body, "code": 93817, "digits": "093817"}, "password": "anything", "pin": "", "ok": True,
        "errors": ["refused: Your code is AB-4829-17"],
    }
    masked = redact_answer(answer, body=body, message_type="otp")
    assert "093817" not in str(masked) and "AB-4829-17" not in str(masked)
    assert masked["echo"] == {"text": MASK, "code": 93817, "digits": MASK}  # the number is not the code (no leading 0)
    assert masked["password"] == MASK and masked["pin"] == "" and masked["ok"] is True
    assert masked["timestamp"] == answer["timestamp"] and masked["id"] == 20261202 and masked["status"] == "success"
    # A parcel notice's answer: nothing hidden, as in the message itself.
    parcel = {"result": "ok", "body": {"text": "Colis TS-48291 arrivé, code retrait à l'agence"}}
    assert redact_answer(parcel, body="Colis TS-48291 arrivé", message_type="colis_status") == parcel
