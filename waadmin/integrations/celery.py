"""waadmin's retries as Celery tasks, for the Django app's own workers: ``waadmin.retry_due``,
``waadmin.cleanup`` and ``waadmin.recover_stuck`` over :mod:`waadmin.api`, and a ready beat
schedule (``BEAT_SCHEDULE``: due retries every minute, stuck sends every ten, cleanup daily).

Unlike the Django app's ``process_whatsapp_retries_task``, which reads and sends without claiming,
these are safe on any number of workers and beside cron or the desktop worker: the engine claims
each attempt with one conditional UPDATE before sending it. The tasks are ``shared_task``s, so
they join whichever Celery app imports this module (the Django project's, through
``CELERY_IMPORTS``), or the stand-alone one in :mod:`waadmin.integrations.celery_app`.

Configuration is the CLI's environment: ``WAADMIN_DATABASE_URL`` and the provider variables
(``WACHAP_*``, ``WAADMIN_PROVIDER``…). ``WAADMIN_LEASE_MINUTES`` (default 10) is how long a send
may stay in ``sending`` before another run takes it for dead; every task's hard time limit is
below it, so no claim outlives its lease while the process that holds it is alive.

When a worker dies mid-task nothing is lost: an attempt it had claimed stays in ``sending`` and
the next run, on any worker, gives it back to the schedule once the lease has passed (marked
``interrupted``: it may have reached the provider, so it waits its back-off rather than going out
again at once); what it had not claimed is still due. ``acks_late`` with
``reject_on_worker_lost`` also puts the task itself back on the queue.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from typing import Any

from celery import shared_task
from celery.schedules import crontab

from waadmin import api
from waadmin.db.urls import ENV_VAR as DATABASE_URL_VAR
from waadmin.engine.retry import DEFAULT_CONCURRENCY, DEFAULT_RATE, RECORD_PATIENCE
from waadmin.providers.circuit import ProviderHealth
from waadmin.providers.settings import ProviderSettings

log = logging.getLogger(__name__)

LEASE_VAR = "WAADMIN_LEASE_MINUTES"


class NotConfigured(RuntimeError):
    """The worker's environment does not say which database to work on."""


def _lease_minutes(environ: Mapping[str, str] = os.environ) -> int:
    text = environ.get(LEASE_VAR, "").strip() or str(api.DEFAULT_LEASE_MINUTES)
    try:
        minutes = int(text)
    except ValueError:
        raise NotConfigured(f"{LEASE_VAR}={text!r} is not a whole number of minutes") from None
    if not 3 <= minutes <= 24 * 60:
        raise NotConfigured(f"{LEASE_VAR}={minutes}: between 3 and 1440 minutes")
    return minutes


LEASE_MINUTES = _lease_minutes()
# The hard limit kills a task a minute before its oldest claim could be taken for dead, the soft
# limit comes 30 s earlier, and the run stops claiming by itself early enough for the sends under
# way to end (their deadline, WAADMIN_SEND_DEADLINE) and be recorded (with the engine's patience
# for a database that is away) before either limit strikes.
TIME_LIMIT = LEASE_MINUTES * 60 - 60
SOFT_TIME_LIMIT = TIME_LIMIT - 30
WIND_DOWN = ProviderSettings.from_env(os.environ).send_deadline + RECORD_PATIENCE
RUN_BUDGET = SOFT_TIME_LIMIT - WIND_DOWN
if RUN_BUDGET < 60:
    raise NotConfigured(
        f"{LEASE_VAR}={LEASE_MINUTES} leaves a run {RUN_BUDGET:.0f} s once its sends' deadline and recording are allowed for: "
        "lengthen the lease or shorten WAADMIN_SEND_DEADLINE"
    )
# Cleanup holds no claim, deletes in short transactions and resumes where it stopped: it may run
# longer (a first cleanup of a big table), but not for ever.
CLEANUP_TIME_LIMIT = 3600

# Kept for the life of a worker process, so that an outage one task met is known to the next
# (its circuit stays open and the next run waits for a probe instead of failing every attempt).
_health = ProviderHealth()

# Late acknowledgement: a task is taken off the queue when it has finished, not when it starts;
# a worker lost mid-task (killed, OOM) puts it back. Safe because running one twice, or many at
# once, sends nothing twice. Prefetch one at a time in the app's configuration
# (worker_prefetch_multiplier=1) so a busy worker does not sit on tasks another could run.
_TASK_OPTIONS: dict[str, Any] = {"acks_late": True, "reject_on_worker_lost": True}


def _database_url(database_url: str | None) -> str:
    """The database named by the task or by the environment; never waadmin's embedded file,
    which on a Celery worker would be a database nobody else looks at."""
    url = database_url or os.environ.get(DATABASE_URL_VAR, "").strip()
    if not url:
        raise NotConfigured(f"set {DATABASE_URL_VAR} in the Celery worker's environment (the Django app's database URL)")
    return url


def _task_info(task: Any) -> dict[str, Any]:
    request = task.request
    return {"celery_task_id": request.id, "worker": request.hostname}


@shared_task(name="waadmin.retry_due", bind=True, soft_time_limit=SOFT_TIME_LIMIT, time_limit=TIME_LIMIT, **_TASK_OPTIONS)
def retry_due(
    self: Any,
    max_retries: int = 50,
    source_app: str | None = None,
    *,
    concurrency: int = DEFAULT_CONCURRENCY,
    rate: float = DEFAULT_RATE,
    grace_minutes: int = api.DEFAULT_GRACE_MINUTES,
    database_url: str | None = None,
) -> dict[str, Any]:
    """Claim and send up to ``max_retries`` due attempts; returns :func:`waadmin.api.run_retries`'s
    dict plus ``celery_task_id`` and ``worker``. ``rate`` (messages per second, 0 = no limit) is
    per task: with several workers, divide the provider's limit between them."""
    result = api.run_retries(
        _database_url(database_url),
        max_retries=max_retries,
        source_app=source_app,
        concurrency=concurrency,
        rate=rate,
        lease_minutes=LEASE_MINUTES,
        grace_minutes=grace_minutes,
        health=_health,
        time_budget=RUN_BUDGET,
        interface="celery",
    )
    result.update(_task_info(self))
    if result.get("aborted"):
        log.error("waadmin.retry_due stopped on a database problem: %s", result["aborted"])
    elif result.get("result") == "provider_unreachable":
        log.warning("waadmin.retry_due: provider unreachable, %s attempt(s) left as they were", result.get("left_as_they_were"))
    return result


@shared_task(name="waadmin.recover_stuck", bind=True, soft_time_limit=SOFT_TIME_LIMIT, time_limit=TIME_LIMIT, **_TASK_OPTIONS)
def recover_stuck(self: Any, *, database_url: str | None = None) -> dict[str, Any]:
    """Give sends stuck in ``sending`` past the lease back to the retry schedule (every retry run
    does this first; this catches them when no run is due)."""
    result = api.recover_stuck(_database_url(database_url), lease_minutes=LEASE_MINUTES, interface="celery")
    result.update(_task_info(self))
    return result


@shared_task(name="waadmin.cleanup", bind=True, soft_time_limit=CLEANUP_TIME_LIMIT - 60, time_limit=CLEANUP_TIME_LIMIT, **_TASK_OPTIONS)
def cleanup(self: Any, days_old: int = 30, *, database_url: str | None = None) -> dict[str, Any]:
    """Delete finished attempts older than ``days_old`` days (the reference task's argument name)."""
    result = api.cleanup(_database_url(database_url), days=days_old, interface="celery")
    result.update(_task_info(self))
    return result


def beat_schedule(*, max_retries: int = 100, source_app: str | None = None, cleanup_days: int = 30, rate: float = DEFAULT_RATE) -> dict[str, dict[str, Any]]:
    """A beat schedule for the three tasks: due retries every minute, stuck sends every ten
    minutes, cleanup daily at 02:00 (the reference's hour). A retry message not picked up within
    the minute expires, so workers that were down do not come back to a pile of them."""
    return {
        "waadmin-retry-due": {
            "task": "waadmin.retry_due",
            "schedule": 60.0,
            "kwargs": {"max_retries": max_retries, "source_app": source_app, "rate": rate},
            "options": {"expires": 55},
        },
        "waadmin-recover-stuck": {
            "task": "waadmin.recover_stuck",
            "schedule": 600.0,
            "options": {"expires": 590},
        },
        "waadmin-cleanup": {
            "task": "waadmin.cleanup",
            "schedule": crontab(hour=2, minute=0),
            "kwargs": {"days_old": cleanup_days},
            "options": {"expires": 3600},
        },
    }


BEAT_SCHEDULE = beat_schedule()
