"""Named connections: a database (SQLite file or PostgreSQL server) and the provider settings
that go with it. The profile file holds no secret; passwords and tokens go to SecretStore."""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from platformdirs import user_config_path
from sqlalchemy.engine import URL

from waadmin.config.secrets import SecretStore
from waadmin.providers.settings import REGIONS, ProviderSettings

KINDS = ("embedded", "sqlite", "postgresql")
SSL_MODES = ("disable", "allow", "prefer", "require", "verify-ca", "verify-full")
DB_PASSWORD = "db_password"
PROVIDER_SECRETS = ("v4_secret_key", "meta_token", *(f"wachap_{r}_access_token" for r in REGIONS))


def profiles_path() -> Path:
    return user_config_path("waadmin", appauthor=False) / "profiles.json"


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


class ProfileStore:
    def __init__(self, path: Path | None = None, secrets: SecretStore | None = None) -> None:
        self.path = path or profiles_path()
        self.secrets = secrets or SecretStore()

    # -- the file ----------------------------------------------------------------------------
    def _read(self) -> dict[str, Any]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {"profiles": []}
        except (OSError, ValueError):
            # A damaged file must not lose the user's other settings: keep it aside, start empty.
            self.path.replace(self.path.with_suffix(".damaged.json"))
            return {"profiles": []}
        return data if isinstance(data, dict) else {"profiles": []}

    def _write(self, data: dict[str, Any]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=self.path.parent, prefix=".profiles-", suffix=".json")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump(data, out, indent=2, ensure_ascii=False)
            os.replace(temp, self.path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise

    # -- profiles ----------------------------------------------------------------------------
    def list(self) -> list[Profile]:
        known = {f for f in Profile.__dataclass_fields__}
        found = []
        for item in self._read().get("profiles", []):
            if isinstance(item, dict) and item.get("name"):
                found.append(Profile(**{k: v for k, v in item.items() if k in known}))
        return sorted(found, key=lambda p: p.name.lower())

    def get(self, name: str) -> Profile | None:
        return next((p for p in self.list() if p.name == name), None)

    def save(self, profile: Profile, secrets: dict[str, str] | None = None, *, previous_name: str | None = None) -> list[str]:
        """Writes the profile (no secret in the file) and its secrets. Returns what went wrong,
        e.g. that the secrets are kept for this session only."""
        problems = profile.problems()
        if problems:
            raise ValueError(" ".join(problems))
        data = self._read()
        items = [p for p in data.get("profiles", []) if isinstance(p, dict) and p.get("name") not in (profile.name, previous_name)]
        items.append(asdict(profile))
        data["profiles"] = sorted(items, key=lambda p: str(p["name"]).lower())
        self._write(data)
        notes = []
        if previous_name and previous_name != profile.name:
            for key in (DB_PASSWORD, *PROVIDER_SECRETS):
                value = self.secrets.get(previous_name, key)
                if value and key not in (secrets or {}):
                    self.secrets.set(profile.name, key, value)
                self.secrets.delete(previous_name, key)
        for key, value in (secrets or {}).items():
            if not self.secrets.set(profile.name, key, value) and value:
                notes.append(f"no keyring: {self.secrets.problem}; secrets are kept for this session only")
        return sorted(set(notes))

    def delete(self, name: str) -> None:
        data = self._read()
        data["profiles"] = [p for p in data.get("profiles", []) if isinstance(p, dict) and p.get("name") != name]
        self._write(data)
        for key in (DB_PASSWORD, *PROVIDER_SECRETS):
            self.secrets.delete(name, key)

    def last_used(self) -> str:
        return str(self._read().get("last_used", ""))

    def set_last_used(self, name: str) -> None:
        data = self._read()
        data["last_used"] = name
        self._write(data)

    # -- what a profile opens ------------------------------------------------------------------
    def database_url(self, profile: Profile) -> str | None:
        return profile.url(self.secrets.get(profile.name, DB_PASSWORD))

    def provider_settings(self, profile: Profile) -> ProviderSettings | None:
        """None when the profile sets no provider (the environment's configuration applies)."""
        if not profile.provider:
            return None
        values: dict[str, Any] = dict(profile.provider)
        for key in PROVIDER_SECRETS:
            values[key] = self.secrets.get(profile.name, key)
        return ProviderSettings.from_dict(values)

    def missing_secrets(self, profile: Profile) -> list[str]:
        """Secrets the profile needs that neither the keyring nor this session has."""
        needed = []
        if profile.kind == "postgresql" and profile.user and not self.secrets.get(profile.name, DB_PASSWORD):
            needed.append(DB_PASSWORD)
        return needed

    def renamed(self, profile: Profile, name: str) -> Profile:
        return replace(profile, name=name)
