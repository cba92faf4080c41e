"""The actions the audit log records (its ``action`` column): the codes stay stored as they are;
the window shows a translated label for each."""

from __future__ import annotations

KNOWN: tuple[str, ...] = (
    "cancel",
    "cancel_matching",
    "retry_now",
    "retry_run",
    "retry_matching",
    "reset_stuck",
    "cleanup",
    "webhooks_reprocess",
    "reveal",
    "redact",
    "export_csv",
    "export_csv_revealed",
    "export_json",
    "export_json_revealed",
    "demo",
    "conflicting_save",
    "doctor",
)

# What an entry's ``result`` column holds: the reports' result words and the open entry's mark.
RESULTS: tuple[str, ...] = ("ok", "partial", "stopped", "error", "failed", "provider_unreachable", "in_progress", "flagged")
