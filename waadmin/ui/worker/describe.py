"""The worker's state in words, for the status bar and the tray tooltip."""

from __future__ import annotations

import time

from PySide6.QtCore import QObject

from waadmin.engine.worker import WorkerState, WorkerStatus


def _seconds(owner: QObject, seconds: float) -> str:
    seconds = int(round(seconds))
    if seconds < 60:
        return owner.tr("{n} s").format(n=seconds)
    return owner.tr("{m} min {s:02d} s").format(m=seconds // 60, s=seconds % 60)


def describe_status(owner: QObject, status: WorkerStatus, now: float | None = None) -> str:
    state = status.state
    if state == WorkerState.STOPPED:
        return owner.tr("stopped")
    if state == WorkerState.RUNNING:
        text = owner.tr("sending…")
    elif state == WorkerState.PAUSED:
        text = owner.tr("paused")
    elif state == WorkerState.DATABASE_DOWN:
        text = owner.tr("waiting for the database ({reason})").format(reason=status.reason)
    elif state == WorkerState.PROVIDER_DOWN:
        text = owner.tr("provider down: {where}").format(where=status.provider_reason)
    elif state == WorkerState.ERROR:
        text = owner.tr("error: {reason}").format(reason=status.reason)
    else:
        text = owner.tr("idle")
    remaining = status.seconds_to_next(time.monotonic() if now is None else now)
    if remaining is not None and state == WorkerState.PROVIDER_DOWN:
        text += " · " + owner.tr("next probe in {time}").format(time=_seconds(owner, remaining))
    elif remaining is not None and state in (WorkerState.IDLE, WorkerState.ERROR, WorkerState.DATABASE_DOWN):
        text += " · " + owner.tr("next run in {time}").format(time=_seconds(owner, remaining))
    if status.runs:
        text += " · " + owner.tr("sent {sent}, failed {failed}").format(sent=status.sent, failed=status.failed)
    return text
