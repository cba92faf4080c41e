"""One settings and secrets service for the CLI, the window and the worker.

One JSON file in the user's config folder (``settings.json``) holds every section's plain values,
its version and the names (never the values) of its secrets; the secrets are in the system keyring
(config.secrets). The file carries a schema version: a section missing from it is read from the
stores that came before (profiles.json, the window's QSettings groups) once, its keyring entries
moved to the one naming scheme, and a file written by a newer waadmin is read but never
overwritten. Every call does file and keyring I/O: the window runs them as background tasks.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
import threading
from pathlib import Path
from typing import Any, TypeVar

from waadmin.config import paths
from waadmin.config.secrets import SecretStore, session_only_note
from waadmin.config.sections import LegacyStores, Section

log = logging.getLogger(__name__)

T = TypeVar("T")

SCHEMA = 1  # of the file as a whole; each section has its own version besides


class SettingsTooNew(ValueError):
    """The file was written by a newer waadmin: saving would lose what it knows and we do not."""


def secret_name(section: str, key: str) -> str:
    return f"{section}/{key}"


class SettingsService:
    def __init__(self, path: Path | None = None, secrets: SecretStore | None = None, legacy: LegacyStores | None = None) -> None:
        self.path = path or paths.settings_file()
        self.secrets = secrets or SecretStore()
        self.legacy = legacy or LegacyStores(
            path.parent / "profiles.json" if path else paths.legacy_profiles_file(),
            path.parent / f"{paths.APP}.ini" if path else paths.legacy_ini_file(),
        )
        # Read-modify-write of the file by the threads of one process; between processes each
        # write replaces the file whole (never a half-written file).
        self._lock = threading.RLock()

    # -- what a person is told --------------------------------------------------------------------
    @property
    def problem(self) -> str:
        return self.secrets.problem

    def session_only_note(self) -> str:
        """Empty when secrets are kept for good; else the sentence saying they are not."""
        return session_only_note(self.secrets.problem)

    # -- sections -------------------------------------------------------------------------------
    def load(self, section: Section[T]) -> T:
        with self._lock:
            document = self._document()
            entry = document["sections"].get(section.name)
            if entry is None and section.name not in document["imported"]:
                entry = self._import_legacy(document, section)
            elif entry is not None and entry.get("legacy_secrets_pending"):
                self._move_legacy_secrets(document, section, entry)
        if entry is None:
            return section.default()
        data = section.upgrade(dict(entry.get("data") or {}), int(entry.get("version", 1)))
        recorded = set(entry.get("secrets", []))

        def secret(key: str) -> str:
            # Only the names the file lists are asked of the keyring (each ask may be a D-Bus
            # round trip); others can only be in this session's memory.
            name = secret_name(section.name, key)
            return self.secrets.get(name) if key in recorded else self.secrets.from_memory(name)

        return section.read(data, secret)

    def save(self, section: Section[T], value: T) -> list[str]:
        """Writes ``value``; returns what the user should know (the secrets kept for this session
        only). Secrets the previous value had and this one has not are removed from the keyring."""
        data, secrets = section.write(value)
        with self._lock:
            document = self._document()
            if document["schema"] > SCHEMA:
                raise SettingsTooNew(f"{self.path} was written by a newer waadmin (schema {document['schema']}); it is left as it is")
            before = set((document["sections"].get(section.name) or {}).get("secrets", []))
            kept = sorted(key for key, secret in secrets.items() if secret)
            notes = set()
            for key in kept:
                if not self.secrets.set(secret_name(section.name, key), secrets[key]):
                    notes.add(self.session_only_note())
            for key in before - set(kept):
                self.secrets.delete(secret_name(section.name, key))
            document["sections"][section.name] = {"version": section.version, "data": data, "secrets": kept}
            document["imported"] = sorted(set(document["imported"]) | {section.name})
            self._write(document)
        return sorted(n for n in notes if n)

    # -- the file ------------------------------------------------------------------------------
    def _document(self) -> dict[str, Any]:
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raw = {}
        except (OSError, ValueError):
            # A damaged file must not stop waadmin nor be lost: kept aside, we start empty.
            aside = self.path.with_suffix(".damaged.json")
            log.warning("settings file %s is damaged; kept as %s", self.path, aside)
            self.path.replace(aside)
            raw = {}
        if not isinstance(raw, dict):
            raw = {}
        sections = raw.get("sections")
        return {
            "schema": int(raw.get("schema", SCHEMA)) if str(raw.get("schema", SCHEMA)).isdigit() else SCHEMA,
            "sections": dict(sections) if isinstance(sections, dict) else {},
            # Sections already taken from the old stores: one the user then emptied is not
            # imported a second time.
            "imported": [str(n) for n in raw.get("imported", []) if isinstance(n, str)],
            **{k: v for k, v in raw.items() if k not in ("schema", "sections", "imported")},
        }

    def _write(self, document: dict[str, Any]) -> None:
        document = {**document, "schema": max(SCHEMA, int(document.get("schema", SCHEMA)))}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=self.path.parent, prefix=".settings-", suffix=".json")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump(document, out, indent=2, ensure_ascii=False, sort_keys=True)
            os.replace(temp, self.path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise

    # -- schema 0: the stores before the settings file -------------------------------------------
    def _import_legacy(self, document: dict[str, Any], section: Section[Any]) -> dict[str, Any] | None:
        data = section.legacy(self.legacy) if section.legacy is not None else None
        document["imported"] = sorted(set(document["imported"]) | {section.name})
        if data is None:
            # Noted in a file that exists; a read alone never creates one (the self-test and a
            # CLI run on a bare machine leave the user's folders as they were).
            if document["schema"] <= SCHEMA and self.path.exists():
                self._write(document)
            return None
        entry: dict[str, Any] = {"version": section.version, "data": data, "secrets": [], "legacy_secrets_pending": True}
        document["sections"][section.name] = entry
        log.info("settings: %s moved from the old stores into %s", section.name, self.path)
        self._move_legacy_secrets(document, section, entry)
        return entry

    def _move_legacy_secrets(self, document: dict[str, Any], section: Section[Any], entry: dict[str, Any]) -> None:
        """Old keyring entries to the one scheme; without a usable keyring now, tried again at the
        next start that has one (the entries stay where they were meanwhile)."""
        if self.secrets.persistent and section.legacy_secrets is not None:
            names = set(entry.get("secrets", []))
            for account, key in section.legacy_secrets(entry.get("data") or {}):
                value = self.secrets.take_legacy(account)
                if value and self.secrets.set(secret_name(section.name, key), value):
                    names.add(key)
                    self.secrets.forget_legacy(account)
            entry["secrets"] = sorted(names)
        if self.secrets.persistent or section.legacy_secrets is None:
            entry.pop("legacy_secrets_pending", None)
        if document["schema"] <= SCHEMA:
            self._write(document)
