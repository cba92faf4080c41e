"""The provider section: the provider chosen in the window (or by `waadmin` on a desktop), seen
by the window, `waadmin retry` and `waadmin worker` alike. Addresses and ids go to the settings
file, tokens and keys to the keyring. The environment's provider variables, when set, win over it
(the headless CLI and the Django app are configured that way)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from waadmin.config import qt_ini
from waadmin.config.sections import LegacyStores, SecretLookup, Section, register
from waadmin.config.service import SettingsService
from waadmin.providers.settings import REGIONS, ProviderSettings

SECRET_KEYS = ("v4_secret_key", "meta_token", *(f"wachap_{region}_access_token" for region in REGIONS))


def plain_values(settings: ProviderSettings) -> dict[str, Any]:
    """What goes to a file: ProviderSettings.from_dict keys, no secret (profiles use it too)."""
    values: dict[str, Any] = {
        "kind": settings.kind,
        "wachap_url": settings.wachap_url,
        "v4_url": settings.v4_url,
        "use_v4": settings.use_v4,
        "v4_accounts": settings.accounts,
        "meta_url": settings.meta_url,
        "meta_phone_number_ids": settings.meta_numbers,
    }
    for item in settings.wachap_instances:
        values[f"wachap_{item.region}_instance_id"] = item.instance_id
        values[f"wachap_{item.region}_active"] = item.active
        if item.webhook_url:
            values[f"wachap_{item.region}_webhook_url"] = item.webhook_url
    return values


def secret_values(settings: ProviderSettings) -> dict[str, str]:
    values = {"v4_secret_key": settings.v4_secret_key, "meta_token": settings.meta_token}
    for item in settings.wachap_instances:
        values[f"wachap_{item.region}_access_token"] = item.access_token
    return values


def _read(data: Mapping[str, Any], secret: SecretLookup) -> ProviderSettings | None:
    if "kind" not in data:
        return None
    values = dict(data)
    for key in SECRET_KEYS:
        values[key] = secret(key)
    return ProviderSettings.from_dict(values)


def _write(settings: ProviderSettings | None) -> tuple[dict[str, Any], dict[str, str]]:
    if settings is None:
        return {}, {}
    return plain_values(settings), secret_values(settings)


def _legacy(stores: LegacyStores) -> dict[str, Any] | None:
    """The window's [provider] group of its QSettings file (text values, JSON maps as text)."""
    group = qt_ini.read_groups(stores.ini_file).get("provider")
    if not group or "kind" not in group:
        return None
    data: dict[str, Any] = {key: value for key, value in group.items() if isinstance(value, str)}
    for key in ("v4_accounts", "meta_phone_number_ids"):
        try:
            loaded = json.loads(str(data.get(key) or "{}"))
        except ValueError:
            loaded = {}
        data[key] = loaded if isinstance(loaded, dict) else {}
    for key in list(data):
        if key.endswith("_active") or key == "use_v4":
            data[key] = str(data[key]).lower() in ("true", "1")
    return data


PROVIDER: Section[ProviderSettings | None] = register(Section(
    name="provider",
    version=1,
    default=lambda: None,
    read=_read,
    write=_write,
    legacy=_legacy,
    # The window kept each secret under its bare key.
    legacy_secrets=lambda _data: [(key, key) for key in SECRET_KEYS],
))


@dataclass
class Loaded:
    settings: ProviderSettings | None  # None: nothing was ever saved
    warnings: list[str] = field(default_factory=list)


def load(service: SettingsService) -> Loaded:
    """The saved provider with its secrets, and what to tell the user (no keyring). Blocking."""
    settings = service.load(PROVIDER)
    note = service.session_only_note()
    return Loaded(settings, [note] if note and settings is not None else [])


def save(service: SettingsService, settings: ProviderSettings | None) -> list[str]:
    """Blocking: run it as a background task in the window."""
    return service.save(PROVIDER, settings)


def effective(service: SettingsService, environ: Mapping[str, str]) -> ProviderSettings:
    """The provider a command sends through: the environment's when it sets one (or says
    something wrong about it), else the saved one, else the environment's (whose problems then
    say what to set)."""
    from_env = ProviderSettings.from_env(environ)
    if from_env.resolved_kind() is not None or from_env.config_errors:
        return from_env
    saved = service.load(PROVIDER)
    return saved if saved is not None else from_env
