"""The sections of the settings file. A section is one small module that declares how its value
is split between the file (plain values) and the keyring (secrets), and registers itself here:

    WORKER = register(Section(name="worker", version=1, default=WorkerSettings,
                              read=lambda data, secret: ..., write=lambda value: (data, {})))

``read(data, secret)`` builds the value from the file's plain data and ``secret(key)`` (the
keyring, or this session's memory); ``write(value)`` returns ``(data, secrets)``. ``migrations``
turn version ``n`` data into ``n + 1``; ``legacy`` reads the stores that came before the settings
file (version 0) and ``legacy_secrets`` names their keyring entries, so a section that never had
an old store (alert channels) leaves both out.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

T = TypeVar("T")

SecretLookup = Callable[[str], str]


@dataclass(frozen=True)
class LegacyStores:
    """The files of schema 0, read by a section's ``legacy`` function."""

    profiles_file: Path
    ini_file: Path


@dataclass(frozen=True)
class Section(Generic[T]):
    name: str
    version: int
    default: Callable[[], T]
    read: Callable[[Mapping[str, Any], SecretLookup], T]
    write: Callable[[T], tuple[dict[str, Any], dict[str, str]]]
    migrations: Mapping[int, Callable[[dict[str, Any]], dict[str, Any]]] = field(default_factory=dict)
    legacy: Callable[[LegacyStores], dict[str, Any] | None] | None = None
    # (account under the old service, key in this section) for each secret the old stores held
    legacy_secrets: Callable[[Mapping[str, Any]], list[tuple[str, str]]] | None = None

    def upgrade(self, data: dict[str, Any], version: int) -> dict[str, Any]:
        """``data`` written at ``version``, brought to this section's version."""
        while version < self.version:
            step = self.migrations.get(version)
            if step is not None:
                data = step(data)
            version += 1
        return data


_REGISTRY: dict[str, Section[Any]] = {}


def register(section: Section[T]) -> Section[T]:
    known = _REGISTRY.get(section.name)
    if known is not None and known is not section:
        raise ValueError(f"two settings sections are called {section.name!r}")
    _REGISTRY[section.name] = section
    return section


def registered() -> dict[str, Section[Any]]:
    """The sections imported so far, by name."""
    return dict(_REGISTRY)
