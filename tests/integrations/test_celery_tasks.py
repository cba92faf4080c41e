"""The Celery integration without a broker: the tasks' declared guarantees, the beat schedule,
a task run in-process on a SQLite file, and Celery staying out of the CLI and the desktop app."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("celery")

from celery.schedules import crontab  # noqa: E402

from tests.support import factories  # noqa: E402
from waadmin.db.database import open_database  # noqa: E402
from waadmin.providers.sandbox import SandboxServer  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def app():
    from waadmin.integrations.celery_app import app

    return app


def test_the_tasks_are_named_acked_late_and_stop_before_the_lease(app) -> None:
    from waadmin.integrations import celery as integration

    lease_seconds = integration.LEASE_MINUTES * 60
    for name in ("waadmin.retry_due", "waadmin.recover_stuck", "waadmin.cleanup"):
        task = app.tasks[name]
        assert task.acks_late and task.reject_on_worker_lost, name
    for name in ("waadmin.retry_due", "waadmin.recover_stuck"):  # they hold claims: never past the lease
        task = app.tasks[name]
        assert integration.RUN_BUDGET + integration.WIND_DOWN <= task.soft_time_limit < task.time_limit < lease_seconds
        assert integration.RUN_BUDGET >= 60
    assert app.conf.worker_prefetch_multiplier == 1
    assert app.conf.broker_transport_options["visibility_timeout"] > app.tasks["waadmin.cleanup"].time_limit


def test_the_beat_schedule_runs_retries_every_minute_and_cleanup_daily() -> None:
    from waadmin.integrations.celery import BEAT_SCHEDULE, beat_schedule

    assert BEAT_SCHEDULE["waadmin-retry-due"]["task"] == "waadmin.retry_due"
    assert BEAT_SCHEDULE["waadmin-retry-due"]["schedule"] == 60.0
    assert BEAT_SCHEDULE["waadmin-retry-due"]["options"]["expires"] < 60  # no pile-up after an outage
    assert BEAT_SCHEDULE["waadmin-cleanup"]["schedule"] == crontab(hour=2, minute=0)
    assert BEAT_SCHEDULE["waadmin-cleanup"]["kwargs"] == {"days_old": 30}
    assert beat_schedule(max_retries=10, source_app="agent_mali")["waadmin-retry-due"]["kwargs"]["source_app"] == "agent_mali"


def test_a_task_run_in_process_sends_and_returns_the_reference_keys(app, sqlite_url, monkeypatch) -> None:
    database = open_database(sqlite_url, create=True)
    attempt_id = factories.due_retry(database, message_content="colis via celery")
    with SandboxServer() as sandbox:
        for name, value in {**sandbox.environment("wachap"), "WAADMIN_DATABASE_URL": sqlite_url}.items():
            monkeypatch.setenv(name, value)
        result = app.tasks["waadmin.retry_due"].apply(kwargs={"max_retries": 10, "rate": 0}).get()
        assert sandbox.sent_texts() == ["colis via celery"]
    assert (result["processed"], result["success"], result["failed"]) == (1, 1, 0)
    assert {"errors", "processed_at", "source_app", "celery_task_id", "worker"} <= set(result)
    assert factories.row(database, attempt_id)["status"] == "sent"
    assert app.tasks["waadmin.recover_stuck"].apply().get()["recovered"] == []
    assert app.tasks["waadmin.cleanup"].apply(kwargs={"days_old": 30}).get()["deleted_count"] == 0
    database.dispose()


def test_without_a_database_url_a_task_fails_instead_of_using_the_embedded_file(app) -> None:
    from waadmin.integrations.celery import NotConfigured

    with pytest.raises(NotConfigured, match="WAADMIN_DATABASE_URL"):
        app.tasks["waadmin.retry_due"].apply().get()


def test_the_cli_and_the_desktop_app_never_import_celery() -> None:
    code = (
        "import sys, waadmin.cli.main, waadmin.api, waadmin.ui.app\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('celery', 'kombu', 'redis', 'billiard'))\n"
        "assert not loaded, loaded\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120, env={"PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr
