"""The command line's language: one per run, chosen from ``--lang``, ``WAADMIN_LANG`` or the
locale, through gettext.

Every text the CLI prints goes through ``_`` (or ``ngettext`` when it holds a count), with its
English source as the message id. Until the catalogue lands this passes English through."""

from __future__ import annotations


def _(text: str) -> str:
    return text


def ngettext(singular: str, plural: str, count: int) -> str:
    return singular if count == 1 else plural
