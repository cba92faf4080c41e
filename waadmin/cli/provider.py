"""The provider the CLI sends through, configured from the environment like the Django app."""

from __future__ import annotations

import os

from waadmin.providers.base import Provider
from waadmin.providers.factory import ProviderUnavailable, build_provider
from waadmin.providers.settings import ProviderSettings


class ProviderNotConfigured(Exception):
    """No usable provider configuration: one line for the user, exit status 4."""


def provider_from_env() -> Provider:
    settings = ProviderSettings.from_env(os.environ)
    try:
        return build_provider(settings)
    except ProviderUnavailable as exc:
        raise ProviderNotConfigured(str(exc)) from None
