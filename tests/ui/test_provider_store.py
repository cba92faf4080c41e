"""Provider tokens saved from the window go through the same guard as the profiles' secrets: a
plain-file keyring is refused, and the user is told the tokens are kept for this session only."""

from __future__ import annotations

import keyring

from tests.support.keyring_memory import MemoryKeyring
from waadmin.providers.sandbox import SandboxServer
from waadmin.ui import provider_store


class PlainFileKeyring(MemoryKeyring):
    """Stands in for keyrings.alt's file backends (which store secrets readably on disk): only
    its module name matters to the guard."""


PlainFileKeyring.__module__ = "keyrings.alt.file"


def test_a_plain_file_keyring_never_receives_provider_tokens(qapp) -> None:
    plain = PlainFileKeyring()
    previous = keyring.get_keyring()
    keyring.set_keyring(plain)
    try:
        with SandboxServer() as sandbox:
            warnings = provider_store.save(sandbox.settings("wachap"))
        assert warnings == [provider_store.PLAIN_FILE_KEYRING]
        assert plain.store == {}  # not one token written
        loaded = provider_store.load()
        assert loaded.warnings == [provider_store.PLAIN_FILE_KEYRING]
    finally:
        keyring.set_keyring(previous)


def test_a_real_keyring_keeps_them(qapp) -> None:
    with SandboxServer() as sandbox:
        settings = sandbox.settings("wachap")
        assert provider_store.save(settings) == []
    loaded = provider_store.load()
    assert loaded.warnings == [] and loaded.settings.instance("mali").access_token == settings.instance("mali").access_token
