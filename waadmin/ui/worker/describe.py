"""The worker's state in words, for the status bar and the tray tooltip."""

from __future__ import annotations

import time

from PySide6.QtCore import QCoreApplication, QObject

from waadmin.engine.worker import WorkerState, WorkerStatus
from waadmin.ui import engine_text


def _seconds(owner: QObject, seconds: float) -> str:
    seconds = int(round(seconds))
    if seconds < 60:
        return QCoreApplication.translate("WorkerStatus", "{n} s").format(n=seconds)
    return QCoreApplication.translate("WorkerStatus", "{m} min {s:02d} s").format(m=seconds // 60, s=seconds % 60)


def describe_status(owner: QObject, status: WorkerStatus, now: float | None = None) -> str:
    state = status.state
    if state == WorkerState.STOPPED:
        return QCoreApplication.translate("WorkerStatus", "stopped")
    if state == WorkerState.RUNNING:
        text = QCoreApplication.translate("WorkerStatus", "sending…")
    elif state == WorkerState.PAUSED:
        text = QCoreApplication.translate("WorkerStatus", "paused")
    elif state == WorkerState.DATABASE_DOWN:
        text = QCoreApplication.translate("WorkerStatus", "waiting for the database ({reason})").format(reason=engine_text.translate(status.reason))
    elif state == WorkerState.PROVIDER_DOWN:
        text = QCoreApplication.translate("WorkerStatus", "provider down: {where}").format(where=status.provider_reason)
    elif state == WorkerState.ERROR:
        text = QCoreApplication.translate("WorkerStatus", "error: {reason}").format(reason=engine_text.translate(status.reason))
    else:
        text = QCoreApplication.translate("WorkerStatus", "idle")
    remaining = status.seconds_to_next(time.monotonic() if now is None else now)
    if remaining is not None and state == WorkerState.PROVIDER_DOWN:
        text += " · " + QCoreApplication.translate("WorkerStatus", "next probe in {time}").format(time=_seconds(owner, remaining))
    elif remaining is not None and state in (WorkerState.IDLE, WorkerState.ERROR, WorkerState.DATABASE_DOWN):
        text += " · " + QCoreApplication.translate("WorkerStatus", "next run in {time}").format(time=_seconds(owner, remaining))
    if status.runs:
        text += " · " + QCoreApplication.translate("WorkerStatus", "sent {sent}, failed {failed}").format(sent=status.sent, failed=status.failed)
    return text
