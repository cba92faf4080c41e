"""The command line speaks one language per run: French or English chosen by --lang (before or
after the command), WAADMIN_LANG or the locale (LC_ALL, LC_MESSAGES, LANG), English otherwise;
help, usage errors, reports and the engine's texts all in that one language."""

from __future__ import annotations

import gettext
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support import factories
from waadmin.cli import i18n
from waadmin.cli.main import main
from waadmin.db.database import open_database
from waadmin.db.inserts import insert_webhooks
from waadmin.domain import messages
from waadmin.domain.clock import utcnow
from waadmin.providers.sandbox import SandboxServer

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
import update_cli_catalogue  # noqa: E402 - the catalogue's own tool, found beside the checkout

sys.path.pop(0)


def _catalogue() -> dict[str, str]:
    """English msgid -> French, singular and plural forms alike, from the shipped .mo."""
    with (i18n.translations_dir() / "waadmin_cli_fr.mo").open("rb") as stream:
        catalog = gettext.GNUTranslations(stream)._catalog  # type: ignore[attr-defined]
    found: dict[str, str] = {}
    for key, value in catalog.items():
        key = key[0] if isinstance(key, tuple) else key
        if key:
            found.setdefault(key.split("\x04")[-1], value)  # without the engine texts' msgctxt
    return found


_FIELD = re.compile(r"\{[^}]*\}|%\(\w+\)\w|%\w")


def _english_pieces() -> list[str]:
    """The fixed words of every msgid whose French differs, long enough (two words, 12
    characters) not to turn up by chance in data."""
    pieces = []
    for english, french in _catalogue().items():
        if english == french:
            continue
        for piece in _FIELD.split(english):
            piece = piece.strip(" .,:;()—-\n")
            if len(piece) >= 12 and " " in piece and piece not in french:
                pieces.append(piece)
    return pieces


def _short_english() -> set[str]:
    """Msgids too short to look for inside a line, looked for as a whole line instead."""
    return {e for e, f in _catalogue().items() if e != f and not _FIELD.search(e) and e.strip() and len(e.strip(" :")) < 12}


def _english_left(output: str) -> list[str]:
    pieces, short = _english_pieces(), _short_english()
    found = []
    for line in output.splitlines():
        bare = re.sub(r"^[^\w\[#(-]+", "", line.strip())  # without its emoji and indent
        if bare in short or bare.rstrip(":") in short:
            found.append(line)
        found += [f"{piece!r} in {line!r}" for piece in pieces if piece in line]
    return found


FRENCH_WORDS = re.compile(r"tentative|échec|Échec|définitif|traités|supprimée|seraient|Statistiques|Aucun|annulée|dernier|base de données|erreur")


def run(capsys, *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exc:  # argparse's --help and refusals
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def filled(tmp_path) -> str:
    """A real SQLite file with attempts in every state worth reporting, and webhook logs."""
    url = f"sqlite:///{tmp_path / 'lang.sqlite3'}"
    database = open_database(url, create=True)
    old = utcnow().replace(year=utcnow().year - 1)
    for n in range(3):
        factories.due_retry(database, message_content=f"colis {n}")
    factories.attempt(database, status="failed_final", error_code="http_5xx", error_message="HTTP 503", attempt_count=3)
    factories.attempt(database, status="failed_final", error_code="http_5xx", error_message="HTTP 503", attempt_count=3)
    factories.attempt(database, status="sent", provider_message_id="wamid.1")
    factories.attempt(database, status="delivered", created_at=old)
    factories.attempt(database, status="sending", attempt_count=1, last_attempt_at=old)
    insert_webhooks(database, [{"provider_message_id": "wamid.unknown", "status": "delivered", "raw_payload": {"status": "delivered"}}])
    database.dispose()
    return url


@pytest.fixture
def sandbox(monkeypatch):
    with SandboxServer() as server:
        for key, value in server.environment("wachap").items():
            monkeypatch.setenv(key, value)
        yield server


def _session(capsys, url: str, tmp_path: Path, lang: str) -> str:
    """A representative run of the commands a person or cron uses, all output kept."""
    commands = [
        ["list", "--database", url],
        ["show", "1", "--database", url],
        ["show", "999", "--database", url],
        ["stats", "--database", url, "--days", "30"],
        ["retry", "--database", url, "--dry-run", "--verbose"],
        ["retry", "--database", url, "--verbose"],
        ["retry", "--database", url, "--status", "failed_final", "--dry-run"],
        ["cleanup", "--database", url, "--days", "30", "--dry-run"],
        ["cancel", "--database", url, "--status", "pending", "--dry-run"],
        ["recover-stuck", "--database", url, "--dry-run"],
        ["webhooks", "reprocess", "--database", url],
        ["show", "1", "--database", url],
        ["doctor", "--database", url],
        ["failures", "--database", url],
        ["export", "--database", url, "--output", str(tmp_path / f"out-{lang}.csv")],
        ["redact", "--database", url, "--dry-run"],
        ["list", "--database", url, "--limit", "-3"],
        ["list", "--database", url, "--sort", "nope"],
        ["list", "--database", url, "--status", "lost"],
        ["stats", "--database", str(tmp_path / "missing.sqlite3")],
        ["show", "--database", url],
        ["frobnicate"],
        ["--help"],
        ["retry", "--help"],
        ["doctor", "--help"],
    ]
    output = []
    for argv in commands:
        code, out, err = run(capsys, "--lang", lang, *argv)
        output.append(out + err)
    return "\n".join(output)


def test_a_french_run_leaves_no_english_text_of_the_catalogue(capsys, filled, tmp_path, sandbox) -> None:
    text = _session(capsys, filled, tmp_path, "fr")
    assert "Messages traités: 3" in text and "STATISTIQUES DE TRAITEMENT - TOUTES APPS" in text  # the retry ran
    assert "Il n'y a pas de fichier de base de données à" in text  # an engine text, translated
    assert "usage : waadmin" in text and "afficher ce message d'aide et quitter" in text
    assert _english_left(text) == []


def test_an_english_run_has_no_french_words(capsys, filled, tmp_path, sandbox) -> None:
    text = _session(capsys, filled, tmp_path, "en")
    assert "Messages processed: 3" in text and "PROCESSING STATISTICS - ALL APPS" in text
    assert "There is no database file at" in text
    leftovers = [line for line in text.splitlines() if FRENCH_WORDS.search(line)]
    assert leftovers == []


def test_the_retry_report_in_french_is_the_reference_s(capsys, database, sandbox) -> None:
    """What cron mails: the reference's French lines, word for word."""
    url = database.engine.url.render_as_string(hide_password=False)
    for n in range(2):
        factories.due_retry(database, message_content=f"colis {n}")
    code, out, _ = run(capsys, "retry", "--database", url, "--lang", "fr")
    lines = out.splitlines()
    assert code == 0
    assert lines[0].endswith("] Démarrage du traitement des retries WhatsApp (toutes apps)")
    assert lines[1:5] == ["=" * 50, "STATISTIQUES DE TRAITEMENT - TOUTES APPS", "=" * 50, "📊 Messages traités: 2"]
    assert lines[5] == "✅ Succès: 2 (100.0%)" and lines[6] == "❌ Échecs: 0"
    assert re.fullmatch(r"\[.*\] Traitement terminé en \d+\.\d\d secondes", lines[-1])


@pytest.mark.parametrize(
    ("where", "env", "argv_lang", "expected"),
    [
        ("flag before", {"WAADMIN_LANG": "en"}, ["--lang", "fr", "stats"], "fr"),
        ("flag after", {"LANG": "fr_FR.UTF-8"}, ["stats", "--lang=en"], "en"),
        ("WAADMIN_LANG", {"WAADMIN_LANG": "fr", "LANG": "en_US.UTF-8"}, ["stats"], "fr"),
        ("LANG", {"LANG": "fr_FR.UTF-8"}, ["stats"], "fr"),
        ("LC_ALL beats LANG", {"LC_ALL": "en_GB.UTF-8", "LANG": "fr_FR.UTF-8"}, ["stats"], "en"),
        ("LC_MESSAGES beats LANG", {"LC_MESSAGES": "fr_CA.UTF-8", "LANG": "en_US.UTF-8"}, ["stats"], "fr"),
        ("German is English", {"LANG": "de_DE.UTF-8"}, ["stats"], "en"),
        ("C is English", {"LANG": "C"}, ["stats"], "en"),
    ],
)
def test_the_language_comes_from_the_flag_then_waadmin_lang_then_the_locale(tmp_path, where, env, argv_lang, expected) -> None:
    url = f"sqlite:///{tmp_path / 'x.sqlite3'}"
    open_database(url, create=True).dispose()
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("WAADMIN_", "LC_", "LANG"))}
    done = subprocess.run(
        [sys.executable, "-m", "waadmin", *argv_lang, "--database", url], env={**clean, **env, "PYTHONPATH": str(ROOT)},
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )
    assert done.returncode == 0, done.stderr
    first = done.stdout.splitlines()[0]
    assert first.startswith("Statistiques WhatsApp" if expected == "fr" else "WhatsApp statistics"), (where, first)


def test_help_and_a_command_s_help_are_all_french(capsys) -> None:
    code, out, _ = run(capsys, "--lang", "fr", "--help")
    assert code == 0
    assert out.startswith("usage : waadmin") and "\noptions:\n" in out and "commandes:" in out
    assert "afficher ce message d'aide et quitter" in out and "show this help" not in out
    code, out, _ = run(capsys, "retry", "--help", "--lang", "fr")
    assert code == 0 and "base de données:" in out and "filtres (combinés par ET" in out
    assert "Code de sortie : 0 fait" in out
    assert _english_left(out) == []


def test_usage_errors_are_french_in_a_french_run(capsys) -> None:
    code, _, err = run(capsys, "--lang", "fr", "list", "--limit", "-3")
    assert code == 2 and "waadmin list : erreur : argument --limit : -3 doit être au moins 1" in err
    assert " / " not in err.splitlines()[-1]
    code, _, err = run(capsys, "--lang", "fr", "show")
    assert code == 2 and "les arguments suivants sont obligatoires : attempt_id" in err
    code, _, err = run(capsys, "--lang", "fr", "nope")
    assert code == 2 and "choix invalide : 'nope'" in err
    code, _, err = run(capsys, "--lang", "en", "list", "--limit", "-3")
    assert code == 2 and "argument --limit: -3 must be at least 1" in err


def test_an_unknown_language_is_a_usage_error(capsys) -> None:
    code, _, err = run(capsys, "--lang", "de", "stats")
    assert code == 2 and "'de'" in err and "fr" in err and "en" in err


def test_the_catalogue_is_complete_and_compiled() -> None:
    assert update_cli_catalogue.main(["--check"]) == 0


def test_every_engine_text_has_french_in_both_catalogues(qapp) -> None:
    """The texts the lower layers mark (N_) are listed in the window's module and translated in
    the CLI's .po and the window's .qm alike."""
    from PySide6.QtCore import QCoreApplication, QTranslator

    from waadmin.ui import engine_text
    from waadmin.ui.resources import path

    engine = update_cli_catalogue.engine_texts()
    assert engine and sorted(engine_text.sources()) == sorted(engine)
    french = _catalogue()
    translator = QTranslator()
    assert translator.load(str(path("translations", "waadmin_fr.qm")))
    QCoreApplication.installTranslator(translator)
    try:
        for text in engine:
            assert french.get(text, text) != text, f"no CLI French for {text!r}"
            # The window's French puts a no-break space before ":" (update_translations does it);
            # a terminal's keeps the plain one: the same words either way.
            shown = QCoreApplication.translate("EngineText", text).replace("\xa0", " ")
            assert shown == french[text], (text, shown)
        assert engine_text.translate("No attempt has the provider id wamid.7") == "Aucune tentative n'a l'identifiant fournisseur wamid.7"
        assert engine_text.translate("a provider's own words") == "a provider's own words"
    finally:
        QCoreApplication.removeTranslator(translator)


def test_engine_texts_are_translated_with_their_values_back_in() -> None:
    i18n.use("fr")
    try:
        assert i18n.engine_text("This connection is read-only: waadmin will not change data.") == (
            "Cette connexion est en lecture seule : waadmin refuse de modifier les données."
        )
        assert i18n.engine_text("Cannot reach the database: timeout") == "Impossible de joindre la base de données : timeout"
        assert i18n.engine_text("2 attempts share this provider id (4, 5)") == "2 tentatives ont cet identifiant fournisseur (4, 5)"
        assert i18n.engine_text("WaChap mali: provider unreachable (connection refused); not sent") == (
            "WaChap mali : fournisseur injoignable (connexion refusée) ; non envoyé"
        )
        assert i18n.engine_text("Quota exceeded") == "Quota exceeded"  # a provider's own words stay
    finally:
        i18n.use("en")
    assert messages.translate("x", [], str) == "x"


def test_show_says_the_status_in_the_run_s_language_and_list_keeps_the_code(capsys, database) -> None:
    attempt_id = factories.attempt(database, status="failed_retry", attempt_count=1, max_attempts=3)
    url = database.engine.url.render_as_string(hide_password=False)
    code, out, _ = run(capsys, "--lang", "fr", "show", str(attempt_id), "--database", url)
    assert code == 0 and out.startswith(f"Tentative #{attempt_id} — Échec, nouvel essai prévu (1/3)")
    code, out, _ = run(capsys, "--lang", "en", "show", str(attempt_id), "--database", url)
    assert code == 0 and out.startswith(f"Attempt #{attempt_id} — Failed, retry scheduled (1/3)")
    code, out, _ = run(capsys, "--lang", "fr", "list", "--database", url, "--status", "failed_retry")
    assert code == 0 and " failed_retry " in out  # the code a script greps and --status takes
