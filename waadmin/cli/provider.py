"""The provider the CLI sends through, configured from the environment like the Django app."""

from __future__ import annotations

import os

from waadmin.providers.base import Provider
from waadmin.providers.factory import ProviderUnavailable, build_provider
from waadmin.providers.settings import ProviderSettings


class ProviderNotConfigured(Exception):
    """No usable provider configuration: one line for the user, exit status 4."""


def provider_from_env(profile_name: str | None = None) -> Provider:
    """The profile's provider settings when it has some, else the environment's."""
    settings = None
    if profile_name:
        from waadmin.config.profiles import ProfileStore

        store = ProfileStore()
        profile = store.get(profile_name)
        settings = store.provider_settings(profile) if profile is not None else None
    if settings is None:
        settings = ProviderSettings.from_env(os.environ)
    try:
        return build_provider(settings)
    except ProviderUnavailable as exc:
        raise ProviderNotConfigured(str(exc)) from None
