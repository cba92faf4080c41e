"""At start: the saved provider and worker settings, read by one background task (file and
keyring I/O never on the GUI thread) and handed to the session and the worker when they come."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from waadmin.config import provider_settings
from waadmin.config.service import SettingsService
from waadmin.config.worker_settings import WORKER, WorkerSettings
from waadmin.ui.session import Session
from waadmin.ui.tasks import TaskTracker

if TYPE_CHECKING:
    from waadmin.ui.worker.controller import WorkerController

log = logging.getLogger(__name__)


def _read(service: SettingsService) -> tuple[provider_settings.Loaded, WorkerSettings]:
    return provider_settings.load(service), service.load(WORKER)


def restore(session: Session, tracker: TaskTracker, worker: WorkerController) -> None:
    """The environment's provider, when it sets one, wins over the saved one (as for the
    command line and the Django app)."""
    from_env = session.provider_settings.resolved_kind() is not None or bool(session.provider_settings.config_errors)

    def apply(result: tuple[provider_settings.Loaded, WorkerSettings]) -> None:
        loaded, worker_settings = result
        worker.use_saved_settings(worker_settings)
        for warning in loaded.warnings:
            log.warning("provider settings: %s", warning)
        if loaded.settings is not None and not from_env:
            session.set_provider_settings(loaded.settings)

    def failed(error: BaseException) -> None:
        log.warning("saved settings could not be read: %s", error)
        worker.use_saved_settings(WorkerSettings())

    tracker.run(_read, session.settings, on_result=apply, on_error=failed)

