"""How long one waadmin transaction may hold an SQLite file in rollback-journal mode, where the
Django app's saves wait for it (waadmin.db.short_reads for reads, the summary's fold for writes)."""

from __future__ import annotations

import os

# A read is interrupted past this and read again in slices, which aim at half of it: a save of
# the Django app waits about that long at most. WAADMIN_SQLITE_READ_MS sets it.
BUDGET_SECONDS = 0.08


def budget_setting() -> float:
    raw = os.environ.get("WAADMIN_SQLITE_READ_MS", "")
    try:
        return max(float(raw), 0.5) / 1000 if raw else BUDGET_SECONDS
    except ValueError:
        return BUDGET_SECONDS
