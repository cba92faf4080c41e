"""Profiles and their secrets: round trips through the keyring, the no-keyring path, and no
secret in the profile file."""

from __future__ import annotations

import json

import keyring
import pytest
from keyring.backends import fail

from waadmin.config.profiles import DB_PASSWORD, Profile, ProfileStore
from waadmin.config.service import SettingsService
from waadmin.db.database import open_database

PASSWORD = "pg-Secret-Pass-9931"
TOKEN = "wachap-token-SECRET-7777"


def _pg_profile(pg_server, name="prod") -> Profile:
    database = pg_server.create_database()
    return Profile(
        name=name, kind="postgresql", host="127.0.0.1", port=pg_server.port, database=database, user="postgres", sslmode="disable",
        provider={"kind": "wachap", "wachap_url": "http://127.0.0.1:9/api", "wachap_mali_instance_id": "I-MALI"},
    )


def test_a_profile_round_trips_with_its_secrets_in_the_keyring(tmp_path, memory_keyring, pg_server) -> None:
    store = ProfileStore(SettingsService(tmp_path / "settings.json"))
    profile = _pg_profile(pg_server)
    notes = store.save(profile, {DB_PASSWORD: PASSWORD, "wachap_mali_access_token": TOKEN})
    assert notes == []
    text = (tmp_path / "settings.json").read_text()
    assert PASSWORD not in text and TOKEN not in text
    assert memory_keyring.store[("waadmin.settings", "profiles/prod/db_password")] == PASSWORD
    again = ProfileStore(SettingsService(tmp_path / "settings.json"))  # a new session
    loaded = again.get("prod")
    assert loaded == profile
    assert PASSWORD in again.database_url(loaded)
    settings = again.provider_settings(loaded)
    assert settings.instance("mali").access_token == TOKEN and settings.instance("mali").instance_id == "I-MALI"
    database = open_database(again.database_url(loaded), create=True)
    assert PASSWORD not in database.masked_url and PASSWORD not in repr(database.masked_url)
    database.dispose()


def test_renaming_moves_the_secrets_and_deleting_removes_them(tmp_path, memory_keyring, pg_server) -> None:
    store = ProfileStore(SettingsService(tmp_path / "settings.json"))
    profile = _pg_profile(pg_server, "old")
    store.save(profile, {DB_PASSWORD: PASSWORD})
    store.save(store.renamed(profile, "new"), previous_name="old")
    assert [p.name for p in store.list()] == ["new"]
    assert store.secret("new", DB_PASSWORD) == PASSWORD and store.secret("old", DB_PASSWORD) == ""
    assert ("waadmin.settings", "profiles/old/db_password") not in memory_keyring.store
    store.delete("new")
    assert store.list() == [] and not memory_keyring.store


def test_without_a_keyring_secrets_live_for_the_session_only(tmp_path, memory_keyring, pg_server) -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        store = ProfileStore(SettingsService(tmp_path / "settings.json"))
        assert "keyring" in store.problem
        notes = store.save(_pg_profile(pg_server), {DB_PASSWORD: PASSWORD})
        assert notes and "session only" in notes[0]
        assert store.secret("prod", DB_PASSWORD) == PASSWORD  # this session
        fresh = ProfileStore(SettingsService(tmp_path / "settings.json"))
        assert fresh.secret("prod", DB_PASSWORD) == "" and fresh.missing_secrets(fresh.get("prod")) == [DB_PASSWORD]
        assert PASSWORD not in (tmp_path / "settings.json").read_text()
    finally:
        keyring.set_keyring(previous)


def test_bad_profiles_are_refused_and_a_damaged_file_is_set_aside(tmp_path, memory_keyring) -> None:
    store = ProfileStore(SettingsService(tmp_path / "settings.json"))
    with pytest.raises(ValueError, match="SQLite file"):
        store.save(Profile(name="x", kind="sqlite"))
    with pytest.raises(ValueError, match="keyring"):
        store.save(Profile(name="x", provider={"meta_token": "t"}))
    (tmp_path / "settings.json").write_text("{not json")
    assert store.list() == []
    assert (tmp_path / "settings.damaged.json").exists()
    store.save(Profile(name="local", kind="sqlite", path=str(tmp_path / "a.sqlite3")))
    assert json.loads((tmp_path / "settings.json").read_text())["sections"]["profiles"]["data"]["profiles"][0]["name"] == "local"
