"""Named connections: a database (SQLite file or PostgreSQL server) and the provider settings
that go with it — the profiles section of the settings service. No secret in the file; passwords
and tokens are the section's keyring entries ``profiles/<name>/<key>``."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from sqlalchemy.engine import URL

from waadmin.config.provider_settings import SECRET_KEYS as PROVIDER_SECRETS
from waadmin.config.sections import LegacyStores, SecretLookup, Section, register
from waadmin.config.service import SettingsService
from waadmin.providers.settings import ProviderSettings

KINDS = ("embedded", "sqlite", "postgresql")
SSL_MODES = ("disable", "allow", "prefer", "require", "verify-ca", "verify-full")
DB_PASSWORD = "db_password"
SECRET_KEYS = (DB_PASSWORD, *PROVIDER_SECRETS)

__all__ = ["DB_PASSWORD", "KINDS", "PROFILES", "PROVIDER_SECRETS", "SSL_MODES", "Profile", "ProfileBook", "ProfileStore"]


@dataclass(frozen=True)
class Profile:
    name: str
    kind: str = "embedded"
    path: str = ""  # SQLite file
    host: str = "127.0.0.1"
    port: int = 5432
    database: str = ""
    user: str = ""
    sslmode: str = "prefer"
    read_only: bool = False
    provider: dict[str, Any] = field(default_factory=dict)  # ProviderSettings.from_dict keys, no secrets

    def problems(self) -> list[str]:
        found = []
        if not self.name.strip():
            found.append("A profile needs a name.")
        if self.kind not in KINDS:
            found.append(f"Unknown kind {self.kind!r}.")
        if self.kind == "sqlite" and not self.path.strip():
            found.append("Choose the SQLite file.")
        if self.kind == "postgresql":
            if not self.host.strip() or not self.database.strip():
                found.append("PostgreSQL needs a host and a database name.")
            if not 0 < int(self.port) < 65536:
                found.append("The port must be between 1 and 65535.")
            if self.sslmode not in SSL_MODES:
                found.append(f"SSL mode must be one of {', '.join(SSL_MODES)}.")
        if any(key in self.provider for key in PROVIDER_SECRETS):
            found.append("Provider secrets belong in the keyring, not in the profile.")
        return found

    def url(self, password: str = "") -> str | None:
        """The SQLAlchemy URL to open; None means the embedded database."""
        if self.kind == "embedded":
            return None
        if self.kind == "sqlite":
            return str(URL.create("sqlite", database=str(Path(self.path).expanduser())))
        query = {"sslmode": self.sslmode} if self.sslmode else {}
        return URL.create(
            "postgresql+psycopg", username=self.user or None, password=password or None,
            host=self.host, port=int(self.port), database=self.database, query=query,
        ).render_as_string(hide_password=False)

    def shown_url(self) -> str:
        """For people and logs: never the password."""
        return self.url("") or "embedded database"

    def needs_password(self) -> bool:
        return self.kind == "postgresql" and bool(self.user)


@dataclass(frozen=True)
class ProfileBook:
    """Every profile, the last one used and the secrets found for them (by (profile, key))."""

    profiles: tuple[Profile, ...] = ()
    last_used: str = ""
    secrets: Mapping[tuple[str, str], str] = field(default_factory=dict, repr=False)
    problem: str = ""  # why secrets are kept for this session only; empty with a keyring

    def get(self, name: str) -> Profile | None:
        return next((p for p in self.profiles if p.name == name), None)

    def secret(self, name: str, key: str) -> str:
        return self.secrets.get((name, key), "")

    def database_url(self, profile: Profile) -> str | None:
        return profile.url(self.secret(profile.name, DB_PASSWORD))

    def provider_settings(self, profile: Profile) -> ProviderSettings | None:
        """None when the profile sets no provider (the environment's configuration applies)."""
        if not profile.provider:
            return None
        values: dict[str, Any] = dict(profile.provider)
        for key in PROVIDER_SECRETS:
            values[key] = self.secret(profile.name, key)
        return ProviderSettings.from_dict(values)

    def missing_secrets(self, profile: Profile) -> list[str]:
        """Secrets the profile needs that neither the keyring nor this session has."""
        return [DB_PASSWORD] if profile.needs_password() and not self.secret(profile.name, DB_PASSWORD) else []


_FIELDS = frozenset(Profile.__dataclass_fields__)


def _profiles_from(items: Any) -> tuple[Profile, ...]:
    found = [Profile(**{k: v for k, v in item.items() if k in _FIELDS}) for item in items or [] if isinstance(item, dict) and item.get("name")]
    return tuple(sorted(found, key=lambda p: p.name.lower()))


def _read(data: Mapping[str, Any], secret: SecretLookup) -> ProfileBook:
    profiles = _profiles_from(data.get("profiles"))
    secrets = {(p.name, key): value for p in profiles for key in SECRET_KEYS if (value := secret(f"{p.name}/{key}"))}
    return ProfileBook(profiles, str(data.get("last_used", "")), secrets)


def _write(book: ProfileBook) -> tuple[dict[str, Any], dict[str, str]]:
    data = {"profiles": [asdict(p) for p in book.profiles], "last_used": book.last_used}
    known = {p.name for p in book.profiles}
    return data, {f"{name}/{key}": value for (name, key), value in book.secrets.items() if name in known}


def _legacy(stores: LegacyStores) -> dict[str, Any] | None:
    try:
        data = json.loads(stores.profiles_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict):
        return None
    return {"profiles": [asdict(p) for p in _profiles_from(data.get("profiles"))], "last_used": str(data.get("last_used", ""))}


PROFILES: Section[ProfileBook] = register(Section(
    name="profiles",
    version=1,
    default=ProfileBook,
    read=_read,
    write=_write,
    legacy=_legacy,
    # The profiles kept each secret as "<profile>/<key>" under the old service.
    legacy_secrets=lambda data: [(f"{p.name}/{key}", f"{p.name}/{key}") for p in _profiles_from(data.get("profiles")) for key in SECRET_KEYS],
))


class ProfileStore:
    """The profiles through the settings service. Every method does file and keyring I/O."""

    def __init__(self, service: SettingsService | None = None) -> None:
        self.service = service or SettingsService()

    @property
    def problem(self) -> str:
        return self.service.problem

    def book(self) -> ProfileBook:
        book = self.service.load(PROFILES)
        return replace(book, problem=self.service.problem)

    def list(self) -> list[Profile]:
        return list(self.book().profiles)

    def get(self, name: str) -> Profile | None:
        return self.book().get(name)

    def save(self, profile: Profile, secrets: dict[str, str] | None = None, *, previous_name: str | None = None) -> list[str]:
        """Writes the profile (no secret in the file) and its secrets; a renamed profile takes
        its stored secrets along. Returns what went wrong, e.g. the secrets are kept for this
        session only."""
        problems = profile.problems()
        if problems:
            raise ValueError(" ".join(problems))
        book = self.book()
        gone = {profile.name, previous_name}
        kept = dict(book.secrets)
        if previous_name and previous_name != profile.name:
            for key in SECRET_KEYS:
                value = kept.pop((previous_name, key), "")
                if value:
                    kept[(profile.name, key)] = value
        for key, value in (secrets or {}).items():
            kept[(profile.name, key)] = value
        profiles = tuple(sorted([p for p in book.profiles if p.name not in gone] + [profile], key=lambda p: p.name.lower()))
        return self.service.save(PROFILES, replace(book, profiles=profiles, secrets={k: v for k, v in kept.items() if v}))

    def delete(self, name: str) -> None:
        book = self.book()
        self.service.save(PROFILES, replace(
            book,
            profiles=tuple(p for p in book.profiles if p.name != name),
            secrets={k: v for k, v in book.secrets.items() if k[0] != name},
        ))

    def last_used(self) -> str:
        return self.book().last_used

    def set_last_used(self, name: str) -> None:
        self.service.save(PROFILES, replace(self.book(), last_used=name))

    # -- what a profile opens ------------------------------------------------------------------
    def secret(self, name: str, key: str) -> str:
        return self.book().secret(name, key)

    def remember_for_session(self, name: str, key: str, value: str) -> None:
        """A secret typed in when no keyring kept it: for this session only, no keyring call."""
        self.service.secrets.remember_for_session(f"{PROFILES.name}/{name}/{key}", value)

    def database_url(self, profile: Profile) -> str | None:
        return self.book().database_url(profile)

    def provider_settings(self, profile: Profile) -> ProviderSettings | None:
        return self.book().provider_settings(profile)

    def missing_secrets(self, profile: Profile) -> list[str]:
        return self.book().missing_secrets(profile)

    def renamed(self, profile: Profile, name: str) -> Profile:
        return replace(profile, name=name)
