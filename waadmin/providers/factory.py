"""The provider a configuration asks for, or a clear reason why there is none."""

from __future__ import annotations

import httpx

from waadmin.domain.messages import N_
from waadmin.providers.base import Provider
from waadmin.providers.meta_cloud import MetaCloudProvider
from waadmin.providers.settings import ProviderSettings
from waadmin.providers.wachap_legacy import WaChapLegacyProvider
from waadmin.providers.wachap_v4 import WaChapV4Provider


class ProviderUnavailable(Exception):
    """Nothing can be sent with this configuration; the message says what to set."""


def blocking_problems(settings: ProviderSettings) -> list[str]:
    """Problems that stop every send (a disabled instance among working ones does not)."""
    kind = settings.resolved_kind()
    if kind is None:
        return settings.problems()
    if kind == "wachap" and not any(i.usable for i in settings.wachap_instances):
        return [p for p in settings.problems() if p.startswith("WaChap")] or [N_("WaChap: no instance is configured and active.")]
    if kind == "wachap_v4" and not (settings.v4_secret_key and settings.v4_accounts):
        return [p for p in settings.problems() if "V4" in p or "ACCOUNTS" in p]
    if kind == "meta" and not (settings.meta_token and settings.meta_phone_number_ids):
        return [p for p in settings.problems() if p.startswith("Meta")]
    return []


def build_provider(settings: ProviderSettings, client: httpx.Client | None = None) -> Provider:
    problems = blocking_problems(settings)
    if problems:
        raise ProviderUnavailable(" ".join(problems))
    kind = settings.resolved_kind()
    if kind == "wachap":
        return WaChapLegacyProvider(settings, client)
    if kind == "wachap_v4":
        return WaChapV4Provider(settings, client)
    return MetaCloudProvider(settings, client)
