"""Passwords and tokens, kept only in the system keyring, under one naming scheme.

Every secret is the keyring entry (service ``waadmin.settings``, account ``<section>/<key>``),
e.g. ``provider/meta_token`` or ``profiles/Prod/db_password``. Before the settings service there
were two schemes under the service ``waadmin`` (the window's provider used the bare key, the
profiles ``<profile>/<key>``); a new service name means an old entry can never be mistaken for a
new one (a profile called "provider" had ``provider/meta_token`` too), and the settings service
moves them over on first start (:meth:`SecretStore.take_legacy`).

Where no keyring backend exists (a bare server, some containers), secrets live in memory for
this session only and the user is told why they will be asked again next time. Nothing here
ever writes a secret to a file; a plain-file keyring (keyrings.alt) is refused for that reason.
"""

from __future__ import annotations

import contextlib
import threading

import keyring
from keyring.errors import KeyringError, NoKeyringError, PasswordDeleteError

SERVICE = "waadmin.settings"
LEGACY_SERVICE = "waadmin"
_PLAIN_FILE_BACKENDS = ("keyrings.alt",)

NO_KEYRING = "No system keyring is available, so the secrets are kept for this session only. Set them as environment variables (see the README) to keep them."
PLAIN_FILE_KEYRING = "The only keyring found stores secrets in a plain file, which waadmin refuses: the secrets are kept for this session only."


def backend_problem() -> str:
    """Why no secret may be stored here (no keyring, or one that writes plain files); empty when
    the keyring is fit. Every writer of secrets asks this first."""
    try:
        backend = keyring.get_keyring()
    except Exception as exc:  # noqa: BLE001 - any backend failure means "no keyring"
        return f"the keyring cannot be loaded ({type(exc).__name__})"
    module = type(backend).__module__
    if module.startswith("keyring.backends.fail") or module.startswith("keyring.backends.null"):
        return "no system keyring is available on this machine (install and unlock GNOME Keyring, KWallet or use Windows/macOS)"
    if module.startswith(_PLAIN_FILE_BACKENDS):
        return "the only keyring found stores secrets in a plain file, which waadmin refuses to use"
    return ""


def session_only_note(problem: str) -> str:
    """What a person is told when secrets cannot be kept: the one sentence for every section."""
    if not problem:
        return ""
    if "plain file" in problem:
        return PLAIN_FILE_KEYRING
    if "no system keyring" in problem or "cannot be loaded" in problem:
        return NO_KEYRING
    return f"The system keyring failed ({problem}); the secrets are kept for this session only."


class SecretStore:
    """get/set/delete secrets by name (``<section>/<key>``). Every call may block on the keyring
    (D-Bus, a locked wallet): the window calls it from background tasks only."""

    def __init__(self) -> None:
        self._memory: dict[str, str] = {}
        self._lock = threading.Lock()
        self._failure = ""  # the last call's refusal (a locked wallet, D-Bus gone)

    @property
    def problem(self) -> str:
        """Asked each time (keyring caches its backend, so it is cheap after the first): a
        keyring set up or unlocked while waadmin runs is used from then on."""
        return self._failure or backend_problem()

    @property
    def persistent(self) -> bool:
        return not self.problem

    def get(self, name: str) -> str:
        with self._lock:
            if name in self._memory:
                return self._memory[name]
        if not self.persistent:
            return ""
        try:
            value = keyring.get_password(SERVICE, name) or ""
        except (NoKeyringError, KeyringError) as exc:
            self._failure = f"the keyring refused to answer ({type(exc).__name__})"
            return ""
        self._failure = ""
        return value

    def set(self, name: str, value: str) -> bool:
        """True when stored for good; False when kept for this session only."""
        if not value:
            self.delete(name)
            return True
        self.remember_for_session(name, value)
        if not self.persistent:
            return False
        try:
            keyring.set_password(SERVICE, name, value)
        except (NoKeyringError, KeyringError) as exc:
            self._failure = f"the keyring refused to store the secret ({type(exc).__name__})"
            return False
        self._failure = ""
        return True

    def remember_for_session(self, name: str, value: str) -> None:
        """Kept in memory only (a password typed when no keyring kept it); no keyring call."""
        with self._lock:
            self._memory[name] = value

    def from_memory(self, name: str) -> str:
        with self._lock:
            return self._memory.get(name, "")

    def delete(self, name: str) -> None:
        with self._lock:
            self._memory.pop(name, None)
        if not self.persistent:
            return
        # Nothing stored, or no keyring: nothing to remove.
        with contextlib.suppress(PasswordDeleteError, NoKeyringError, KeyringError):
            keyring.delete_password(SERVICE, name)

    def take_legacy(self, account: str) -> str:
        """The value of an entry of the old schemes (service ``waadmin``), or "" when none."""
        if not self.persistent:
            return ""
        try:
            return keyring.get_password(LEGACY_SERVICE, account) or ""
        except (NoKeyringError, KeyringError):
            return ""

    def forget_legacy(self, account: str) -> None:
        with contextlib.suppress(PasswordDeleteError, NoKeyringError, KeyringError):
            keyring.delete_password(LEGACY_SERVICE, account)
