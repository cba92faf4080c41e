"""Where waadmin keeps its files: the platform's folders (platformdirs), looked up on every call
so a changed XDG_CONFIG_HOME (tests, a second user) is followed rather than cached."""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_config_path

APP = "waadmin"


def config_folder() -> Path:
    return user_config_path(APP, appauthor=False)


def settings_file() -> Path:
    """The one settings file of the CLI and the window (no secret in it)."""
    return config_folder() / "settings.json"


def legacy_profiles_file() -> Path:
    """Where the profiles lived before the settings file (schema 0)."""
    return config_folder() / "profiles.json"


def legacy_ini_file() -> Path:
    """The window's QSettings file: its [provider] and [worker] groups held settings before the
    settings file; the window's own preferences (language, columns, views) stay in it."""
    return config_folder() / f"{APP}.ini"
