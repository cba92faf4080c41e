"""Passwords and tokens, kept only in the system keyring.

Where no keyring backend exists (a bare server, some containers), secrets live in memory for
this session only and the user is told why they will be asked again next time. Nothing here
ever writes a secret to a file; a plain-file keyring (keyrings.alt) is refused for that reason.
"""

from __future__ import annotations

import contextlib
import threading

import keyring
from keyring.errors import KeyringError, NoKeyringError, PasswordDeleteError

SERVICE = "waadmin"
_PLAIN_FILE_BACKENDS = ("keyrings.alt",)


def backend_problem() -> str:
    """Why no secret may be stored here (no keyring, or one that writes plain files); empty when
    the keyring is fit. Every writer of secrets asks this first, the provider settings included."""
    return _backend_problem()


def _backend_problem() -> str:
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


class SecretStore:
    """get/set/delete secrets by (profile, key)."""

    def __init__(self) -> None:
        self._memory: dict[tuple[str, str], str] = {}
        self._lock = threading.Lock()
        self.problem = _backend_problem()

    @property
    def persistent(self) -> bool:
        return not self.problem

    @staticmethod
    def _account(profile: str, key: str) -> str:
        return f"{profile}/{key}"

    def get(self, profile: str, key: str) -> str:
        with self._lock:
            if (profile, key) in self._memory:
                return self._memory[(profile, key)]
        if not self.persistent:
            return ""
        try:
            return keyring.get_password(SERVICE, self._account(profile, key)) or ""
        except (NoKeyringError, KeyringError) as exc:
            self.problem = f"the keyring refused to answer ({type(exc).__name__})"
            return ""

    def set(self, profile: str, key: str, value: str) -> bool:
        """True when stored for good; False when kept for this session only."""
        if not value:
            self.delete(profile, key)
            return True
        with self._lock:
            self._memory[(profile, key)] = value
        if not self.persistent:
            return False
        try:
            keyring.set_password(SERVICE, self._account(profile, key), value)
            return True
        except (NoKeyringError, KeyringError) as exc:
            self.problem = f"the keyring refused to store the secret ({type(exc).__name__})"
            return False

    def delete(self, profile: str, key: str) -> None:
        with self._lock:
            self._memory.pop((profile, key), None)
        if not self.persistent:
            return
        # Nothing stored, or no keyring: nothing to remove.
        with contextlib.suppress(PasswordDeleteError, NoKeyringError, KeyringError):
            keyring.delete_password(SERVICE, self._account(profile, key))
