"""Apply webhook logs to their attempts: delivered and read reports, by provider message id.

Unlike the reference, a log matching no attempt or several attempts is kept unprocessed with
the reason in ``processing_error`` (so a later reprocess can still match it), and status
precedence holds: read > delivered > sent, and a cancel is never overwritten.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from waadmin.db import webhook_store
from waadmin.db.database import Database
from waadmin.db.errors import DatabaseProblem
from waadmin.db.inserts import insert_webhooks
from waadmin.db.transitions import apply_delivery_status
from waadmin.domain.clock import utcnow
from waadmin.domain.filters import WebhookFilter
from waadmin.domain.messages import N_
from waadmin.domain.statuses import Status
from waadmin.engine.audit import AuditTrail
from waadmin.engine.progress import Progress, ProgressCallback, StopFlag, no_progress

# Provider words for the two reports that move an attempt forward.
_DELIVERED = {"delivered", "delivery", "delivered_to_device", "livre", "livré"}
_READ = {"read", "seen", "played", "lu"}


def delivery_status(webhook_type: str, status: str) -> str | None:
    word = (status or "").strip().lower()
    if word in _READ:
        return Status.READ
    if word in _DELIVERED:
        return Status.DELIVERED
    if (webhook_type or "").strip().lower() == "read" and word in {"success", "ok"}:
        return Status.READ
    return None


@dataclass
class WebhookReport:
    examined: int = 0
    applied: int = 0  # moved an attempt to delivered/read
    unchanged: int = 0  # matched, but nothing to change (older news, failure report, cancel)
    no_match: int = 0
    ambiguous: int = 0
    errors: list[str] = field(default_factory=list)
    stopped: bool = False

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


def process_one(database: Database, webhook_id: int, now: datetime) -> str:
    """Returns "applied", "unchanged", "no_match", "ambiguous" or "missing"."""
    layout = database.layout
    with database.write("process webhook logs") as conn:
        log = webhook_store.load_for_processing(conn, layout, webhook_id)
        if log is None:
            return "missing"
        matches = webhook_store.matching_attempt_ids(conn, layout, log.provider_message_id)
        if not matches:
            # English, stored as it is and translated where it is shown (waadmin.domain.messages).
            reason = (
                N_("Empty provider message id")
                if not log.provider_message_id
                else N_("No attempt has the provider id {provider_id}").format(provider_id=log.provider_message_id)
            )
            webhook_store.mark_error(conn, layout, webhook_id, reason)
            return "no_match"
        if len(matches) > 1:
            shown = ", ".join(str(i) for i in matches[:10])
            webhook_store.mark_error(
                conn,
                layout,
                webhook_id,
                N_("{count} attempts share this provider id ({ids})").format(count=len(matches), ids=shown),
            )
            return "ambiguous"
        attempt_id = matches[0]
        target = delivery_status(log.webhook_type, log.status)
        changed = False
        if target is not None:
            changed = apply_delivery_status(conn, layout, attempt_id, target, log.received_at or now)
        webhook_store.mark_processed(conn, layout, webhook_id, attempt_id=attempt_id, at=now)
        return "applied" if changed else "unchanged"


def reprocess(
    database: Database,
    ids: list[int] | None = None,
    *,
    stop: StopFlag | None = None,
    progress: ProgressCallback = no_progress,
    audit: AuditTrail | None = None,
) -> WebhookReport:
    """Process the given logs, or every unprocessed one."""
    report = WebhookReport()
    flt = WebhookFilter(processed=None if ids else False, ids=frozenset(ids or ()))
    total = len(ids) if ids else webhook_store.count_webhooks(database, flt)
    try:
        for chunk in webhook_store.iter_webhook_ids(database, flt):
            for webhook_id in chunk:
                outcome = process_one(database, webhook_id, utcnow())
                report.examined += 1
                if outcome == "applied":
                    report.applied += 1
                elif outcome == "unchanged":
                    report.unchanged += 1
                elif outcome == "no_match":
                    report.no_match += 1
                elif outcome == "ambiguous":
                    report.ambiguous += 1
            progress(Progress(report.examined, total, f"{report.applied} applied"))
            if stop is not None and stop.is_set():
                report.stopped = True
                break
    except DatabaseProblem as problem:
        report.errors.append(problem.message)
    if audit is not None and report.examined:
        audit.record(
            "webhooks_reprocess",
            target=f"{len(ids)} selected logs" if ids else "all unprocessed logs",
            row_count=report.examined,
            result="error" if report.errors else "ok",
            details=report.to_json(),
        )
    return report


def receive(database: Database, provider_message_id: str, webhook_type: str, status: str, raw_payload: Any, now: datetime | None = None) -> tuple[int, str]:
    """Log a webhook and apply it at once (what the Django receiver does, minus its bugs)."""
    [webhook_id] = insert_webhooks(
        database,
        [
            {
                "provider_message_id": (provider_message_id or "")[:100],
                "webhook_type": (webhook_type or "unknown")[:50],
                "status": (status or "unknown")[:50],
                "raw_payload": raw_payload if raw_payload is not None else {},
                "received_at": now or utcnow(),
            }
        ],
    )
    return webhook_id, process_one(database, webhook_id, now or utcnow())
