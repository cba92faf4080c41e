"""The provider the CLI sends through, configured from the environment like the Django app
(the same function as the Python API's, so a Celery worker and cron send alike)."""

from __future__ import annotations

from waadmin.api import ProviderNotConfigured, provider_from_env

__all__ = ["ProviderNotConfigured", "provider_from_env"]
