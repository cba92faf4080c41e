"""The provider settings chosen in the app: plain values in QSettings, secrets in the system
keyring. Without a keyring the secrets are used for this session only, and the user is told."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from typing import Any

import keyring
from keyring.errors import KeyringError, NoKeyringError

from waadmin.config.secrets import backend_problem
from waadmin.providers.settings import REGIONS, ProviderSettings
from waadmin.ui import settings as ui_settings

log = logging.getLogger(__name__)

KEYRING_SERVICE = "waadmin"
GROUP = "provider"
SECRET_NAMES = ("v4_secret_key", "meta_token", *(f"wachap_{region}_access_token" for region in REGIONS))
PLAIN_FILE_KEYRING = "The only keyring found stores secrets in a plain file, which waadmin refuses: the secrets are kept for this session only."
NO_KEYRING = "No system keyring is available, so the secrets are kept for this session only. Set them as environment variables (see the README) to keep them."


@dataclass
class Loaded:
    settings: ProviderSettings | None  # None: nothing was ever saved
    warnings: list[str] = field(default_factory=list)


def _plain_values(settings: ProviderSettings) -> dict[str, object]:
    values: dict[str, object] = {
        "kind": settings.kind,
        "wachap_url": settings.wachap_url,
        "v4_url": settings.v4_url,
        "use_v4": settings.use_v4,
        "v4_accounts": json.dumps(settings.accounts),
        "meta_url": settings.meta_url,
        "meta_phone_number_ids": json.dumps(settings.meta_numbers),
    }
    for item in settings.wachap_instances:
        values[f"wachap_{item.region}_instance_id"] = item.instance_id
        values[f"wachap_{item.region}_active"] = item.active
    return values


def _secret_values(settings: ProviderSettings) -> dict[str, str]:
    values = {"v4_secret_key": settings.v4_secret_key, "meta_token": settings.meta_token}
    for item in settings.wachap_instances:
        values[f"wachap_{item.region}_access_token"] = item.access_token
    return values


def save(settings: ProviderSettings) -> list[str]:
    """Store ``settings``; returns what the user should know (e.g. no keyring). Blocking I/O:
    run it as a background task."""
    store = ui_settings.qsettings()
    store.beginGroup(GROUP)
    store.remove("")
    for key, value in _plain_values(settings).items():
        store.setValue(key, value)
    store.endGroup()
    store.sync()
    problem = backend_problem()
    if problem:
        # The same guard as the profiles' secrets: never a plain-file keyring.
        return [NO_KEYRING if "no system keyring" in problem or "cannot be loaded" in problem else PLAIN_FILE_KEYRING]
    try:
        for name, secret in _secret_values(settings).items():
            if secret:
                keyring.set_password(KEYRING_SERVICE, name, secret)
            else:
                _forget(name)
    except NoKeyringError:
        return [NO_KEYRING]
    except KeyringError as exc:
        return [f"The system keyring refused the secrets ({exc}); they are kept for this session only."]
    return []


def _forget(name: str) -> None:
    try:
        if keyring.get_password(KEYRING_SERVICE, name) is not None:
            keyring.delete_password(KEYRING_SERVICE, name)
    except NoKeyringError:
        raise
    except KeyringError:
        log.debug("could not delete %s from the keyring", name, exc_info=True)


def load() -> Loaded:
    """The saved settings with their secrets. Blocking I/O: run it as a background task."""
    store = ui_settings.qsettings()
    store.beginGroup(GROUP)
    keys = store.childKeys()
    if "kind" not in keys:
        store.endGroup()
        return Loaded(None)
    data: dict[str, object] = {key: store.value(key) for key in keys}
    store.endGroup()
    for key in ("v4_accounts", "meta_phone_number_ids"):
        try:
            data[key] = json.loads(str(data.get(key) or "{}"))
        except ValueError:
            data[key] = {}
    for key in list(data):
        if key.endswith("_active") or key == "use_v4":
            data[key] = str(data[key]).lower() in ("true", "1")
    warnings: list[str] = []
    problem = backend_problem()
    if problem:
        warnings.append(NO_KEYRING if "no system keyring" in problem or "cannot be loaded" in problem else PLAIN_FILE_KEYRING)
        return Loaded(ProviderSettings.from_dict(data), warnings)
    try:
        for name in SECRET_NAMES:
            data[name] = keyring.get_password(KEYRING_SERVICE, name) or ""
    except NoKeyringError:
        warnings.append(NO_KEYRING)
    except KeyringError as exc:
        warnings.append(f"The system keyring could not be read ({exc}); enter the secrets again.")
    return Loaded(ProviderSettings.from_dict(data), warnings)


def restore(session: Any, tracker: Any) -> None:
    """At start: use the saved settings unless the environment configures a provider (the
    environment wins, as it does for the command line and the Django app)."""
    if session.provider_settings.resolved_kind() is not None:
        return

    def apply(loaded: Loaded) -> None:
        for warning in loaded.warnings:
            log.warning("provider settings: %s", warning)
        if loaded.settings is not None:
            session.set_provider_settings(loaded.settings)

    tracker.run(load, on_result=apply)
