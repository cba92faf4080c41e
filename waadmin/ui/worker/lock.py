"""One background worker per database per desktop session: a lock file in the user's runtime
folder, named after the database. Other machines and cron jobs stay safe through the engine's
claims; this only keeps two windows of the same person from doubling the work."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from platformdirs import user_runtime_path, user_state_path
from PySide6.QtCore import QLockFile

APPLICATION = "waadmin"


def lock_dir() -> Path:
    """The runtime folder lives as long as the login session, which is the scope wanted; without
    one (a bare container) the state folder does, and QLockFile's PID check clears stale locks."""
    candidates = [user_state_path(APPLICATION, appauthor=False)]
    if os.environ.get("XDG_RUNTIME_DIR"):
        candidates.insert(0, user_runtime_path(APPLICATION, appauthor=False))
    for candidate in candidates:
        try:
            candidate.mkdir(parents=True, exist_ok=True)
        except OSError:
            continue
        if os.access(candidate, os.W_OK):
            return candidate
    raise OSError("no writable folder for the worker's lock file")


def lock_path(masked_url: str) -> Path:
    digest = hashlib.sha256(masked_url.encode("utf-8")).hexdigest()[:24]
    return lock_dir() / f"worker-{digest}.lock"


class WorkerLock:
    """Held while this app runs the worker for one database."""

    def __init__(self, masked_url: str) -> None:
        self.path = lock_path(masked_url)
        self._lock = QLockFile(str(self.path))
        # 0 = never stale by age: a lock is only taken over when its owner process is gone.
        self._lock.setStaleLockTime(0)

    def acquire(self) -> bool:
        if self._lock.isLocked():
            return True
        return self._lock.tryLock(0)

    def release(self) -> None:
        if self._lock.isLocked():
            self._lock.unlock()

    @property
    def held(self) -> bool:
        return self._lock.isLocked()

    def owner_pid(self) -> int | None:
        info = self._lock.getLockInfo()  # (pid, host, app) in PySide6, empty/false when unknown
        if not info or not isinstance(info, tuple) or not info[0]:
            return None
        return int(info[0])
