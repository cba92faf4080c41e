"""A stand-alone Celery app carrying waadmin's tasks, for workers outside the Django project
(``celery -A waadmin.integrations.celery_app worker`` / ``beat``) and for the tests. A Django
project does not need it: its own app picks the tasks up from ``CELERY_IMPORTS``.

Broker and result backend come from ``WAADMIN_CELERY_BROKER_URL`` and
``WAADMIN_CELERY_RESULT_BACKEND``, else Celery's own ``CELERY_BROKER_URL`` and
``CELERY_RESULT_BACKEND``, else a Redis on localhost.
"""

from __future__ import annotations

import os

from celery import Celery

from waadmin.integrations.celery import BEAT_SCHEDULE, CLEANUP_TIME_LIMIT


def _setting(*names: str, default: str | None = None) -> str | None:
    for name in names:
        value = os.environ.get(name, "").strip()
        if value:
            return value
    return default


app = Celery(
    "waadmin",
    broker=_setting("WAADMIN_CELERY_BROKER_URL", "CELERY_BROKER_URL", default="redis://127.0.0.1:6379/0"),
    backend=_setting("WAADMIN_CELERY_RESULT_BACKEND", "CELERY_RESULT_BACKEND"),
    include=["waadmin.integrations.celery"],
)
app.conf.update(
    beat_schedule=BEAT_SCHEDULE,
    task_acks_late=True,
    task_reject_on_worker_lost=True,
    # One task reserved at a time per process: a long run on one worker does not hold back
    # tasks another worker could start.
    worker_prefetch_multiplier=1,
    # A task taken by a worker that vanished (no ack) goes back to the queue after this; longer
    # than any task may run, or a running task would be handed to a second worker.
    broker_transport_options={"visibility_timeout": 2 * CLEANUP_TIME_LIMIT},
    task_serializer="json",
    result_serializer="json",
    accept_content=["json"],
    result_expires=24 * 3600,
    broker_connection_retry_on_startup=True,
)
