"""The command line's language: one per run, chosen from ``--lang``, ``WAADMIN_LANG`` or the
locale, through gettext.

Every text the CLI prints goes through ``_`` (or ``ngettext`` when it holds a count), with its
English source as the message id; the French is in resources/translations/waadmin_cli_fr.po
(compiled to the .mo beside it by tools/update_cli_catalogue.py). argparse's own texts
("usage:", "options", its errors) go through the same catalogue. Texts that come from the
engine or the database layer are English templates (waadmin.domain.messages) that
:func:`engine_text` translates here."""

from __future__ import annotations

import argparse
import gettext as _gettext
import os
import sys
from functools import cache
from pathlib import Path

from waadmin.domain import messages

LANGUAGES = ("fr", "en")
CATALOGUE = "waadmin_cli_{lang}.mo"
ENGINE_CONTEXT = "engine"

_translations: _gettext.NullTranslations = _gettext.NullTranslations()
_language = "en"


def translations_dir() -> Path:
    """resources/translations in a checkout, an installed package (waadmin.resources) or a
    PyInstaller bundle: the same places as the window's .qm files."""
    here = Path(__file__).resolve().parents[1]  # the waadmin package
    candidates = [here / "resources" / "translations", here.parent / "resources" / "translations"]
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        candidates.insert(0, Path(bundle) / "waadmin" / "resources" / "translations")
    for candidate in candidates:
        if (candidate / CATALOGUE.format(lang="fr")).is_file():
            return candidate
    return candidates[-1]


def _normalise(value: str | None) -> str:
    """ "fr_FR.UTF-8" -> "fr"; "" for C, POSIX or nothing."""
    code = (value or "").strip().split(".")[0].split("@")[0].replace("-", "_").lower()
    return code.split("_")[0] if code not in ("", "c", "posix") else ""


def choose(flag: str | None = None, environ: dict[str, str] | None = None) -> str:
    """``--lang``, else WAADMIN_LANG, else the locale as gettext reads it (the first of LC_ALL,
    LC_MESSAGES, LANG that is set); English when that is neither French nor English."""
    env = os.environ if environ is None else environ
    wanted = _normalise(flag) or _normalise(env.get("WAADMIN_LANG"))
    if not wanted:
        for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
            if env.get(name):
                wanted = _normalise(env[name])
                break
    return wanted if wanted in LANGUAGES else "en"


@cache
def _load(lang: str) -> _gettext.NullTranslations:
    if lang == "en":
        return _gettext.NullTranslations()
    file = translations_dir() / CATALOGUE.format(lang=lang)
    try:
        with file.open("rb") as stream:
            return _gettext.GNUTranslations(stream)
    except OSError:  # a broken install: English rather than no command line at all
        return _gettext.NullTranslations()


def use(lang: str) -> None:
    """Speak ``lang`` from now on, argparse included (it calls the ``_`` and ``ngettext`` of
    its own module at the moment it formats a text)."""
    global _translations, _language
    _language = lang if lang in LANGUAGES else "en"
    _translations = _load(_language)
    argparse._ = _  # type: ignore[attr-defined]
    argparse.ngettext = ngettext  # type: ignore[attr-defined]


def language() -> str:
    return _language


def _(text: str) -> str:
    return _translations.gettext(text)


def ngettext(singular: str, plural: str, count: int) -> str:
    return _translations.ngettext(singular, plural, count)


@cache
def _engine_templates(lang: str) -> tuple[str, ...]:
    """The engine's texts the catalogue translates (msgctxt "engine", see
    tools/update_cli_catalogue.py): the only templates a finished sentence is matched against."""
    catalog = getattr(_load(lang), "_catalog", None) or {}
    prefix = ENGINE_CONTEXT + "\x04"
    return tuple(key[len(prefix):] for key in catalog if isinstance(key, str) and key.startswith(prefix))


def _engine_lookup(text: str) -> str:
    found = _translations.pgettext(ENGINE_CONTEXT, text)
    return found if found != text else _translations.gettext(text)


def engine_text(text: str) -> str:
    """A text from the engine, the database layer or a provider (an English template of
    waadmin.domain.messages, finished with its values) in this run's language."""
    if _language == "en" or not text:
        return text
    return messages.translate(text, _engine_templates(_language), _engine_lookup)
