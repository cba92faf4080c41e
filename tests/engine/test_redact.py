"""Redaction at rest on real SQLite and PostgreSQL, over rows written as the Django app writes
them (its account-creation, credentials, OTP and reset templates, reference §8.1)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update

from tests.support import factories
from waadmin.domain.clock import utcnow
from waadmin.domain.filters import AttemptFilter
from waadmin.domain.redaction import MASK
from waadmin.engine.audit import AuditTrail
from waadmin.engine.redact import _apply, count_candidates, redact

ACCOUNT = (
    "🎉 Bienvenue chez TS Air Cargo, Awa!\nIdentifiant: +22370112233\n🔑 Mot de passe temporaire: k7$Qp2xa\n"
    "Changez-le à la première connexion."
)
CREDENTIALS = "Compte client créé\n- Téléphone: +8613800138000\n- Mot de passe: Agent2024\nTS Air Cargo"
OTP = "Code de vérification TS Air Cargo: 482913"
RESET = "Votre code de réinitialisation est 771204. Ce code expire dans 24h."


def _old(hours: float = 48) -> dict:
    when = utcnow() - timedelta(hours=hours)
    return {"created_at": when, "last_attempt_at": when, "sent_at": when, "attempt_count": 1}


def _django_rows(database) -> dict[str, int]:
    """What the Django callers create: account creation (V1 path), the V2 agent's credentials,
    an OTP, a reset sent through the general path typed `notification`, and a parcel notice."""
    return {
        "account": factories.attempt(database, message_type="account", category="creation_compte", priority=2, max_attempts=5,
                                     region_override="chine", status="delivered", message_content=ACCOUNT, **_old()),
        "credentials": factories.attempt(database, message_type="credentials", category="client_creation", priority=1, max_attempts=5,
                                         source_app="agent_chine", status="read", message_content=CREDENTIALS, **_old()),
        "otp": factories.attempt(database, message_type="otp", status="sent", message_content=OTP, **_old()),
        "reset": factories.attempt(database, message_type="notification", status="failed_final", message_content=RESET, **_old()),
        "parcel": factories.attempt(database, message_type="colis_status", status="sent", message_content="Votre colis CARGO-17 est arrivé", **_old()),
    }


def _text(database, attempt_id: int) -> str:
    return factories.row(database, attempt_id)["message_content"]


def test_finished_secrets_are_masked_the_rest_kept_and_a_second_run_changes_nothing(database, tmp_path) -> None:
    ids = _django_rows(database)
    audit = AuditTrail(database, "cli", local_dir=tmp_path)
    report = redact(database, timedelta(hours=24), audit=audit, chunk=2)
    assert report.redacted == 4 and report.skipped == 0 and not report.error
    account = _text(database, ids["account"])
    assert "k7$Qp2xa" not in account and f"Mot de passe temporaire: {MASK}" in account and "Identifiant: +22370112233" in account
    assert "Agent2024" not in _text(database, ids["credentials"])
    assert _text(database, ids["otp"]) == f"Code de vérification TS Air Cargo: {MASK}"
    assert _text(database, ids["reset"]) == f"Votre code de réinitialisation est {MASK}. Ce code expire dans 24h."
    assert _text(database, ids["parcel"]) == "Votre colis CARGO-17 est arrivé"
    before = {k: factories.row(database, i) for k, i in ids.items()}

    again = redact(database, timedelta(hours=24), audit=audit)
    assert again.redacted == 0 and again.matched == 0
    assert {k: factories.row(database, i) for k, i in ids.items()} == before  # every column as it was
    entries = [e for e in audit.entries(action="redact") if e.result == "ok"]
    assert [e.row_count for e in entries] == [0, 4]


def test_an_attempt_that_may_still_be_sent_keeps_its_code(database) -> None:
    waiting = {
        status: factories.attempt(database, message_type="otp", status=status, message_content=OTP, **_old())
        for status in ("pending", "sending", "failed_retry", "failed")
    }
    recent = factories.attempt(database, message_type="otp", status="sent", message_content=OTP, **_old(hours=2))
    # Created long ago but sent an hour ago: finished for one hour only.
    late = factories.attempt(database, message_type="otp", status="sent", message_content=OTP, **{**_old(), "sent_at": utcnow() - timedelta(hours=1)})
    report = redact(database, timedelta(hours=24))
    assert report.redacted == 0
    for attempt_id in (*waiting.values(), recent, late):
        assert _text(database, attempt_id) == OTP


def test_a_dry_run_counts_and_shows_a_masked_sample_and_changes_nothing(database) -> None:
    ids = _django_rows(database)
    report = redact(database, timedelta(hours=24), dry_run=True)
    assert report.matched == 4 and report.redacted == 0 and len(report.sample) == 3
    assert all("k7$Qp2xa" not in text and "482913" not in text and "Agent2024" not in text for _, text in report.sample)
    assert _text(database, ids["otp"]) == OTP and _text(database, ids["account"]) == ACCOUNT
    assert count_candidates(database, timedelta(hours=24)) == 4


def test_filters_narrow_the_redaction(database) -> None:
    ids = _django_rows(database)
    report = redact(database, timedelta(hours=24), AttemptFilter(message_types=frozenset({"otp"})))
    assert report.redacted == 1
    assert MASK in _text(database, ids["otp"]) and _text(database, ids["account"]) == ACCOUNT


def test_a_row_reopened_before_its_chunk_is_read_is_not_touched(database) -> None:
    ids = _django_rows(database)
    a = database.layout.attempt

    def meanwhile(progress) -> None:  # runs after each chunk: an operator reopens a later row
        with database.write() as conn:
            conn.execute(update(a).where(a.id == ids["reset"]).values(status="failed_retry"))

    report = redact(database, timedelta(hours=24), chunk=3, progress=meanwhile)
    assert _text(database, ids["reset"]) == RESET and report.redacted == 3


def test_the_chunk_update_skips_a_row_changed_since_it_was_read(database) -> None:
    """Between a chunk's read and its UPDATE, the Django app re-saves one row (its full-row save
    writes the text it loaded, or a new one) and an operator reopens another: the UPDATE's own
    conditions see it, and only the unchanged row is redacted."""
    ids = _django_rows(database)
    cutoff = utcnow() - timedelta(hours=24)
    read = {i: _text(database, i) for i in (ids["otp"], ids["account"], ids["credentials"])}
    with database.write() as conn:
        a = database.layout.attempt
        conn.execute(update(a).where(a.id == ids["account"]).values(message_content=ACCOUNT + "\n(renvoyé)"))
        conn.execute(update(a).where(a.id == ids["credentials"]).values(status="failed_retry"))
    changes = {i: (text, text.replace("482913", MASK).replace("k7$Qp2xa", MASK).replace("Agent2024", MASK)) for i, text in read.items()}
    assert _apply(database, cutoff, changes) == 1
    assert MASK in _text(database, ids["otp"])
    assert "k7$Qp2xa" in _text(database, ids["account"]) and "Agent2024" in _text(database, ids["credentials"])


@pytest.mark.parametrize("chunk", [1, 1000])
def test_chunks_commit_separately_and_all_rows_are_reached(database, chunk) -> None:
    rows = [factories.attempt(database, message_type="otp", status="sent", message_content=f"Votre code OTP est {100000 + n}", **_old()) for n in range(12)]
    report = redact(database, timedelta(hours=24), chunk=chunk)
    assert report.redacted == 12 and report.examined == 12
    assert all(_text(database, i) == f"Votre code OTP est {MASK}" for i in rows)
