"""What the window shows for the codes the database stores: statuses, message types,
priorities, error codes, audit actions and results, webhook types and statuses. The codes stay
as stored; each has a source text here, translated at display (context "labels"), so a language
switch relabels them and a code added to the domain without a label fails a test."""

from __future__ import annotations

import re
from datetime import timedelta

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject

from waadmin.domain.error_codes import ErrorCode
from waadmin.domain.statuses import Status

STATUSES: dict[str, str] = {
    Status.PENDING: QT_TRANSLATE_NOOP("labels", "Pending"),
    Status.SENDING: QT_TRANSLATE_NOOP("labels", "Sending"),
    Status.SENT: QT_TRANSLATE_NOOP("labels", "Sent"),
    Status.DELIVERED: QT_TRANSLATE_NOOP("labels", "Delivered"),
    Status.READ: QT_TRANSLATE_NOOP("labels", "Read"),
    Status.FAILED: QT_TRANSLATE_NOOP("labels", "Failed"),
    Status.FAILED_RETRY: QT_TRANSLATE_NOOP("labels", "Failed, retry scheduled"),
    Status.FAILED_FINAL: QT_TRANSLATE_NOOP("labels", "Failed permanently"),
    Status.CANCELLED: QT_TRANSLATE_NOOP("labels", "Cancelled"),
}

MESSAGE_TYPES: dict[str, str] = {
    "account": QT_TRANSLATE_NOOP("labels", "Account"),
    "otp": QT_TRANSLATE_NOOP("labels", "OTP code"),
    "system": QT_TRANSLATE_NOOP("labels", "System"),
    "notification": QT_TRANSLATE_NOOP("labels", "Notification"),
    "urgent": QT_TRANSLATE_NOOP("labels", "Urgent"),
    "report": QT_TRANSLATE_NOOP("labels", "Report"),
    "colis_status": QT_TRANSLATE_NOOP("labels", "Parcel status"),
    "lot_status": QT_TRANSLATE_NOOP("labels", "Lot status"),
    "delivery": QT_TRANSLATE_NOOP("labels", "Delivery"),
    "marketing": QT_TRANSLATE_NOOP("labels", "Marketing"),
    "other": QT_TRANSLATE_NOOP("labels", "Other"),
    "credentials": QT_TRANSLATE_NOOP("labels", "Credentials"),
    "expedition": QT_TRANSLATE_NOOP("labels", "Shipment"),
    "colis_creation": QT_TRANSLATE_NOOP("labels", "Parcel created"),
}

PRIORITIES: dict[int, str] = {
    1: QT_TRANSLATE_NOOP("labels", "Very high"),
    2: QT_TRANSLATE_NOOP("labels", "High"),
    3: QT_TRANSLATE_NOOP("labels", "Normal"),
    4: QT_TRANSLATE_NOOP("labels", "Low"),
    5: QT_TRANSLATE_NOOP("labels", "Very low"),
}

ERROR_CODES: dict[str, str] = {
    ErrorCode.TIMEOUT: QT_TRANSLATE_NOOP("labels", "Timed out"),
    ErrorCode.NETWORK_ERROR: QT_TRANSLATE_NOOP("labels", "Network error"),
    ErrorCode.PROVIDER_UNREACHABLE: QT_TRANSLATE_NOOP("labels", "Provider unreachable"),
    ErrorCode.HTTP_5XX: QT_TRANSLATE_NOOP("labels", "Provider server error"),
    ErrorCode.RATE_LIMITED: QT_TRANSLATE_NOOP("labels", "Rate limited"),
    ErrorCode.INVALID_NUMBER: QT_TRANSLATE_NOOP("labels", "Invalid number"),
    ErrorCode.CONFIG_ERROR: QT_TRANSLATE_NOOP("labels", "Configuration error"),
    ErrorCode.PROVIDER_REJECTED: QT_TRANSLATE_NOOP("labels", "Provider refused"),
    ErrorCode.APP_ERROR: QT_TRANSLATE_NOOP("labels", "Provider app error"),
    ErrorCode.INVALID_RESPONSE: QT_TRANSLATE_NOOP("labels", "Invalid response"),
    ErrorCode.INTERRUPTED: QT_TRANSLATE_NOOP("labels", "Interrupted send"),
    ErrorCode.CONFLICTING_SAVE: QT_TRANSLATE_NOOP("labels", "Conflicting save"),
    ErrorCode.UNEXPECTED: QT_TRANSLATE_NOOP("labels", "Unexpected error"),
    ErrorCode.WACHAP_ERROR: QT_TRANSLATE_NOOP("labels", "WaChap error"),
    ErrorCode.TECHNICAL_ERROR: QT_TRANSLATE_NOOP("labels", "Technical error"),
}

AUDIT_ACTIONS: dict[str, str] = {
    "cancel": QT_TRANSLATE_NOOP("labels", "Cancel"),
    "cancel_matching": QT_TRANSLATE_NOOP("labels", "Cancel all matching"),
    "retry_now": QT_TRANSLATE_NOOP("labels", "Retry now"),
    "retry_run": QT_TRANSLATE_NOOP("labels", "Retry run"),
    "retry_matching": QT_TRANSLATE_NOOP("labels", "Retry all matching"),
    "reset_stuck": QT_TRANSLATE_NOOP("labels", "Reset stuck"),
    "cleanup": QT_TRANSLATE_NOOP("labels", "Cleanup"),
    "webhooks_reprocess": QT_TRANSLATE_NOOP("labels", "Webhooks reprocessed"),
    "reveal": QT_TRANSLATE_NOOP("labels", "Message shown"),
    "redact": QT_TRANSLATE_NOOP("labels", "Redaction"),
    "export_csv": QT_TRANSLATE_NOOP("labels", "CSV export"),
    "export_csv_revealed": QT_TRANSLATE_NOOP("labels", "CSV export, secrets shown"),
    "export_json": QT_TRANSLATE_NOOP("labels", "JSON export"),
    "export_json_revealed": QT_TRANSLATE_NOOP("labels", "JSON export, secrets shown"),
    "demo": QT_TRANSLATE_NOOP("labels", "Demo data"),
    "conflicting_save": QT_TRANSLATE_NOOP("labels", "Conflicting save"),
    "doctor": QT_TRANSLATE_NOOP("labels", "Database repair"),
}

AUDIT_RESULTS: dict[str, str] = {
    "ok": QT_TRANSLATE_NOOP("labels", "done"),
    "partial": QT_TRANSLATE_NOOP("labels", "partly done"),
    "stopped": QT_TRANSLATE_NOOP("labels", "stopped"),
    "error": QT_TRANSLATE_NOOP("labels", "error"),
    "failed": QT_TRANSLATE_NOOP("labels", "failed"),
    "provider_unreachable": QT_TRANSLATE_NOOP("labels", "provider unreachable"),
    "in_progress": QT_TRANSLATE_NOOP("labels", "in progress"),
    "flagged": QT_TRANSLATE_NOOP("labels", "flagged"),
}

WEBHOOK_TYPES: dict[str, str] = {
    "status": QT_TRANSLATE_NOOP("labels", "Status report"),
    "delivery": QT_TRANSLATE_NOOP("labels", "Delivery report"),
    "read": QT_TRANSLATE_NOOP("labels", "Read report"),
    "message": QT_TRANSLATE_NOOP("labels", "Incoming message"),
    "unknown": QT_TRANSLATE_NOOP("labels", "Unknown"),
}

WEBHOOK_STATUSES: dict[str, str] = {
    "delivered": QT_TRANSLATE_NOOP("labels", "delivered"),
    "delivery": QT_TRANSLATE_NOOP("labels", "delivered"),
    "delivered_to_device": QT_TRANSLATE_NOOP("labels", "delivered"),
    "livre": QT_TRANSLATE_NOOP("labels", "delivered"),
    "livré": QT_TRANSLATE_NOOP("labels", "delivered"),
    "read": QT_TRANSLATE_NOOP("labels", "read"),
    "seen": QT_TRANSLATE_NOOP("labels", "read"),
    "played": QT_TRANSLATE_NOOP("labels", "read"),
    "lu": QT_TRANSLATE_NOOP("labels", "read"),
    "sent": QT_TRANSLATE_NOOP("labels", "sent"),
    "success": QT_TRANSLATE_NOOP("labels", "success"),
    "ok": QT_TRANSLATE_NOOP("labels", "success"),
    "failed": QT_TRANSLATE_NOOP("labels", "failed"),
    "error": QT_TRANSLATE_NOOP("labels", "error"),
    "pending": QT_TRANSLATE_NOOP("labels", "pending"),
}


def _tr(text: str) -> str:
    return QCoreApplication.translate("labels", text)


def _label(table: dict, code: object) -> str:
    if code is None or code == "":
        return "?"
    text = table.get(code)
    if text is None and isinstance(code, str):
        text = table.get(code.strip().lower())
    return _tr(text) if text else str(code)


def status(code: str | None) -> str:
    return _label(STATUSES, code)


def message_type(code: str | None) -> str:
    return _label(MESSAGE_TYPES, code)


def priority(value: int | None) -> str:
    return _label(PRIORITIES, value)


def error_code(code: str | None) -> str:
    return _label(ERROR_CODES, code) if code else ""


def audit_action(code: str | None) -> str:
    return _label(AUDIT_ACTIONS, code)


def audit_result(code: str | None) -> str:
    return _label(AUDIT_RESULTS, code) if code else ""


def webhook_type(code: str | None) -> str:
    return _label(WEBHOOK_TYPES, code)


def webhook_status(code: str | None) -> str:
    return _label(WEBHOOK_STATUSES, code)


class _Targets(QObject):
    """Audit targets with a count (pyside6-lupdate finds plural forms only in ``self.tr``)."""

    def more(self, n: int) -> str:
        return self.tr("(+%Ln more)", "", n)

    def cleanup(self, n: int) -> str:
        return self.tr("finished attempts older than %n days (before {cutoff} UTC)", "", n)

    def selected(self, n: int) -> str:
        return self.tr("retry of %Ln selected attempts", "", n)

    def due(self, n: int) -> str:
        return self.tr("retry of %Ln due attempts", "", n)

    def logs(self, n: int) -> str:
        return self.tr("%Ln selected logs", "", n)

    def demo(self, n: int) -> str:
        return self.tr("%Ln demo attempts", "", n)


_targets = _Targets()

# Audit targets are sentences the engine and the window write in English (kept as stored, and
# read by the CLI and scripts); the window translates the known shapes and shows others as they are.
_IDS = re.compile(r"^ids (?P<ids>[\d, ]+)(?: \(\+(?P<more>\d+) more\))?$")
_OLDER = re.compile(r"^all sending rows older than (?P<h>\d+):(?P<m>\d\d):(?P<s>\d\d)$")
_CLEANUP = re.compile(r"^finished attempts older than (?P<days>\d+) days \(before (?P<cutoff>[\d: -]+) UTC\)$")
_SELECTED = re.compile(r"^retry selected \((?P<n>\d+) ids\)$")
_DUE = re.compile(r"^retry all due \((?P<n>\d+)\)$")
_LOGS = re.compile(r"^(?P<n>\d+) selected logs$")
_DEMO = re.compile(r"^(?P<n>\d+) demo attempts$")


def audit_target(text: str | None) -> str:
    from waadmin.ui import timefmt

    text = text or ""
    if text == "background worker":
        return QCoreApplication.translate("labels", "background worker")
    if text == "filter":
        return QCoreApplication.translate("labels", "the filters' attempts")
    if text == "all unprocessed logs":
        return QCoreApplication.translate("labels", "all unprocessed logs")
    if text == "no ids":
        return QCoreApplication.translate("labels", "no attempt")
    if m := _IDS.match(text):
        shown = QCoreApplication.translate("labels", "attempts {ids}").format(ids=m["ids"])
        return shown + (" " + _targets.more(int(m["more"])) if m["more"] else "")
    if m := _OLDER.match(text):
        lease = timedelta(hours=int(m["h"]), minutes=int(m["m"]), seconds=int(m["s"]))
        return QCoreApplication.translate("labels", "every send stuck for more than {duration}").format(duration=timefmt.span(lease.total_seconds()))
    if m := _CLEANUP.match(text):
        return _targets.cleanup(int(m["days"])).format(cutoff=m["cutoff"])
    if m := _SELECTED.match(text):
        return _targets.selected(int(m["n"]))
    if m := _DUE.match(text):
        return _targets.due(int(m["n"]))
    if m := _LOGS.match(text):
        return _targets.logs(int(m["n"]))
    if m := _DEMO.match(text):
        return _targets.demo(int(m["n"]))
    return text
