"""The settings service: one file and one keyring naming scheme for the CLI and the window; the
old stores (profiles.json, the window's QSettings groups, two keyring schemes) moved on first
start; the plain-file keyring guard; a file from a newer waadmin left alone."""

from __future__ import annotations

import json

import keyring
import pytest
from PySide6.QtCore import QSettings

from tests.support.keyring_memory import MemoryKeyring
from waadmin.config import paths, provider_settings
from waadmin.config.profiles import DB_PASSWORD, PROFILES, Profile, ProfileStore
from waadmin.config.secrets import LEGACY_SERVICE, PLAIN_FILE_KEYRING, SERVICE
from waadmin.config.service import SettingsService, SettingsTooNew
from waadmin.config.worker_settings import WORKER, WorkerSettings
from waadmin.providers.sandbox import SandboxServer

PG_PASSWORD = "pg-Old-Secret-4410"
OLD_TOKEN = "old-window-token-SECRET-1234"
OLD_PROFILE_TOKEN = "old-profile-token-SECRET-5678"


class PlainFileKeyring(MemoryKeyring):
    """Stands in for keyrings.alt's file backends (which store secrets readably on disk): only
    its module name matters to the guard."""


PlainFileKeyring.__module__ = "keyrings.alt.file"


def _old_stores(memory_keyring) -> None:
    """What a user of the previous waadmin has: profiles.json, the window's INI file written by
    QSettings itself, and keyring entries under both old schemes."""
    folder = paths.config_folder()
    folder.mkdir(parents=True, exist_ok=True)
    profiles = {
        "profiles": [
            {"name": "Prod", "kind": "postgresql", "host": "db.example", "port": 5433, "database": "cargo", "user": "waadmin",
             "sslmode": "require", "read_only": True, "provider": {"kind": "wachap", "wachap_mali_instance_id": "I-PROD"}},
            {"name": "provider", "kind": "sqlite", "path": "/tmp/p.sqlite3"},  # a name the new scheme must not confuse
        ],
        "last_used": "Prod",
    }
    paths.legacy_profiles_file().write_text(json.dumps(profiles), encoding="utf-8")
    ini = QSettings(str(paths.legacy_ini_file()), QSettings.Format.IniFormat)
    ini.setValue("prefs/language", "fr")
    ini.beginGroup("provider")
    for key, value in {
        "kind": "wachap", "wachap_url": "http://127.0.0.1:9/api", "use_v4": False,
        "v4_accounts": json.dumps({"mali": "acc_1", "chine": "acc 2"}), "meta_url": "https://graph.example/v21.0",
        "meta_phone_number_ids": json.dumps({}), "wachap_mali_instance_id": "I-MALI", "wachap_mali_active": True,
        "wachap_chine_instance_id": "", "wachap_chine_active": False,
    }.items():
        ini.setValue(key, value)
    ini.endGroup()
    ini.beginGroup("worker")
    for key, value in {"interval_seconds": 120, "batch_size": 40, "rate_per_second": 12.5, "start_at_launch": True, "redact_after_hours": 24}.items():
        ini.setValue(key, value)
    ini.endGroup()
    ini.sync()
    memory_keyring.set_password(LEGACY_SERVICE, "wachap_mali_access_token", OLD_TOKEN)
    memory_keyring.set_password(LEGACY_SERVICE, "Prod/db_password", PG_PASSWORD)
    memory_keyring.set_password(LEGACY_SERVICE, "Prod/wachap_mali_access_token", OLD_PROFILE_TOKEN)


def test_the_old_stores_are_moved_on_first_start(memory_keyring) -> None:
    _old_stores(memory_keyring)
    service = SettingsService()

    provider = service.load(provider_settings.PROVIDER)
    assert provider.kind == "wachap" and provider.wachap_url == "http://127.0.0.1:9/api" and not provider.use_v4
    assert provider.accounts == {"mali": "acc_1", "chine": "acc 2"}
    assert provider.instance("mali").instance_id == "I-MALI" and provider.instance("mali").active
    assert not provider.instance("chine").active
    assert provider.instance("mali").access_token == OLD_TOKEN

    worker = service.load(WORKER)
    assert worker == WorkerSettings(interval_seconds=120, batch_size=40, rate_per_second=12.5, start_at_launch=True, redact_after_hours=24)

    book = ProfileStore(service).book()
    assert [p.name for p in book.profiles] == ["Prod", "provider"] and book.last_used == "Prod"
    prod = book.get("Prod")
    assert (prod.host, prod.port, prod.sslmode, prod.read_only) == ("db.example", 5433, "require", True)
    assert book.secret("Prod", DB_PASSWORD) == PG_PASSWORD
    assert book.provider_settings(prod).instance("mali").access_token == OLD_PROFILE_TOKEN

    # One naming scheme now; nothing left under the old one.
    assert {k for k in memory_keyring.store if k[0] == LEGACY_SERVICE} == set()
    assert memory_keyring.store[(SERVICE, "provider/wachap_mali_access_token")] == OLD_TOKEN
    assert memory_keyring.store[(SERVICE, "profiles/Prod/db_password")] == PG_PASSWORD
    assert memory_keyring.store[(SERVICE, "profiles/Prod/wachap_mali_access_token")] == OLD_PROFILE_TOKEN
    document = json.loads(paths.settings_file().read_text(encoding="utf-8"))
    assert document["schema"] == 1 and set(document["sections"]) == {"provider", "worker", "profiles"}
    for secret in (OLD_TOKEN, PG_PASSWORD, OLD_PROFILE_TOKEN):
        assert secret not in paths.settings_file().read_text(encoding="utf-8")

    # Moved once: a section the user then empties is not brought back from the old files.
    service.save(provider_settings.PROVIDER, None)
    assert SettingsService().load(provider_settings.PROVIDER) is None
    assert (SERVICE, "provider/wachap_mali_access_token") not in memory_keyring.store


def test_without_a_keyring_at_first_start_the_secrets_move_at_the_next_start_that_has_one(memory_keyring) -> None:
    from keyring.backends import fail

    _old_stores(memory_keyring)
    keyring.set_keyring(fail.Keyring())
    try:
        provider = SettingsService().load(provider_settings.PROVIDER)
        assert provider.instance("mali").instance_id == "I-MALI" and provider.instance("mali").access_token == ""
    finally:
        keyring.set_keyring(memory_keyring)
    assert memory_keyring.store[(LEGACY_SERVICE, "wachap_mali_access_token")] == OLD_TOKEN  # left where it was
    provider = SettingsService().load(provider_settings.PROVIDER)
    assert provider.instance("mali").access_token == OLD_TOKEN
    assert (LEGACY_SERVICE, "wachap_mali_access_token") not in memory_keyring.store


def test_the_cli_and_the_window_share_the_provider_and_the_environment_wins(memory_keyring) -> None:
    with SandboxServer() as sandbox:
        saved = sandbox.settings("wachap")
        assert provider_settings.save(SettingsService(), saved) == []
        other = SettingsService()  # another process: nothing in memory, all from file and keyring
        assert provider_settings.effective(other, {}) == provider_settings.load(other).settings
        assert provider_settings.effective(other, {}).instance("mali").access_token == saved.instance("mali").access_token
        from_env = provider_settings.effective(other, sandbox.environment("meta"))
        assert from_env.resolved_kind() == "meta"


def test_a_plain_file_keyring_never_receives_provider_tokens(memory_keyring) -> None:
    plain = PlainFileKeyring()
    keyring.set_keyring(plain)
    try:
        with SandboxServer() as sandbox:
            service = SettingsService()
            warnings = provider_settings.save(service, sandbox.settings("wachap"))
        assert warnings == [PLAIN_FILE_KEYRING]
        assert plain.store == {}  # not one token written
        loaded = provider_settings.load(SettingsService())
        assert loaded.warnings == [PLAIN_FILE_KEYRING]
        # This session still has them (kept in memory), and says so.
        assert provider_settings.load(service).settings.instance("mali").access_token
    finally:
        keyring.set_keyring(memory_keyring)


def test_a_file_from_a_newer_waadmin_is_read_but_never_overwritten(memory_keyring) -> None:
    paths.config_folder().mkdir(parents=True, exist_ok=True)
    newer = {"schema": 7, "imported": ["worker"], "sections": {"worker": {"version": 3, "data": {"interval_seconds": 90, "new_knob": 1}, "secrets": []}}}
    paths.settings_file().write_text(json.dumps(newer), encoding="utf-8")
    service = SettingsService()
    assert service.load(WORKER).interval_seconds == 90
    with pytest.raises(SettingsTooNew, match="newer waadmin"):
        service.save(WORKER, WorkerSettings())
    assert json.loads(paths.settings_file().read_text(encoding="utf-8")) == newer


def test_a_damaged_file_is_set_aside_and_a_section_can_migrate_its_own_data(memory_keyring, tmp_path) -> None:
    from waadmin.config.sections import Section

    path = tmp_path / "settings.json"
    path.write_text("{not json", encoding="utf-8")
    service = SettingsService(path)
    assert service.load(WORKER) == WorkerSettings()
    assert (tmp_path / "settings.damaged.json").read_text(encoding="utf-8") == "{not json"
    # A section at version 2 reads what version 1 wrote, through its migration.
    v1 = Section("demo", 1, dict, lambda data, _s: dict(data), lambda value: (dict(value), {}))
    service.save(v1, {"seconds": 30})
    v2 = Section("demo", 2, dict, lambda data, _s: dict(data), lambda value: (dict(value), {}),
                 migrations={1: lambda data: {"minutes": data["seconds"] / 60}})
    assert service.load(v2) == {"minutes": 0.5}
    assert PROFILES.name == "profiles"  # the registered sections keep their names


def test_a_profile_named_like_a_section_keeps_its_own_secrets(memory_keyring) -> None:
    store = ProfileStore()
    store.save(Profile(name="provider", kind="sqlite", path="/tmp/x.sqlite3"), {"meta_token": "profile-meta-token-1234"})
    assert provider_settings.load(SettingsService()).settings is None
    assert ProfileStore().book().secret("provider", "meta_token") == "profile-meta-token-1234"
