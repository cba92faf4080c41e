"""waadmin as a Python library: run the due retries, clean up, recover stuck sends and read the
figures from code — a Celery task, a Django management command, a notebook — with the same
claims, audit and provider configuration as the ``waadmin`` command line.

Every function takes the database first: a SQLAlchemy URL, ``None`` for ``$WAADMIN_DATABASE_URL``
(as the CLI), or a :class:`~waadmin.db.database.Database` that is already open (it is left open).
The provider comes from the environment the Django app uses (``WACHAP_*``, ``WAADMIN_PROVIDER``…,
see the README) unless one is passed. Results are plain dicts that ``json.dumps`` accepts::

    from waadmin import api

    result = api.run_retries("postgresql://waadmin@db/ts_air_cargo", max_retries=100)
    result["processed"], result["success"], result["failed"], result["errors"]

``run_retries`` returns the keys of the Django app's ``process_whatsapp_retries_task`` result
(processed, success, failed, errors, processed_at, source_app) and waadmin's own (see
:meth:`waadmin.engine.retry.RetryReport.to_json`). Unlike that task it is safe to call from any
number of processes at once: each attempt is claimed by one conditional UPDATE before it is sent.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

from waadmin.config import provider_settings
from waadmin.config.profiles import ProfileStore
from waadmin.config.service import SettingsService
from waadmin.db import transitions
from waadmin.db.database import Database, open_database
from waadmin.db.errors import DatabaseProblem
from waadmin.domain.clock import utcnow
from waadmin.domain.rules import DEFAULT_LEASE, DEFAULT_PENDING_GRACE
from waadmin.engine import actions
from waadmin.engine import cleanup as cleanup_engine
from waadmin.engine import stats as stats_engine
from waadmin.engine.audit import AuditTrail
from waadmin.engine.cleanup import CleanupReport
from waadmin.engine.progress import StopFlag
from waadmin.engine.retry import DEFAULT_CONCURRENCY, DEFAULT_RATE, RetryOptions, RetryReport, RetryRun
from waadmin.engine.stats import Stats
from waadmin.providers.base import Provider
from waadmin.providers.circuit import ProviderHealth
from waadmin.providers.factory import ProviderUnavailable, build_provider

__all__ = [
    "DatabaseProblem",
    "ProviderNotConfigured",
    "cleanup",
    "cleanup_report",
    "provider_from_env",
    "recover_stuck",
    "retry_report",
    "retry_result",
    "run_retries",
    "stats",
    "stats_report",
]

DEFAULT_LEASE_MINUTES = int(DEFAULT_LEASE.total_seconds() // 60)
DEFAULT_GRACE_MINUTES = int(DEFAULT_PENDING_GRACE.total_seconds() // 60)

DatabaseArg = str | Database | None


class ProviderNotConfigured(Exception):
    """No usable provider configuration; the message says what to set (the CLI's exit status 4)."""


def provider_from_env(profile_name: str | None = None) -> Provider:
    """The provider a command sends through: a saved profile's when it sets one; else the
    environment's when it configures one (it keeps priority, as for the Django app); else the
    provider saved from the window (the settings service), so one configured there also sends
    for `waadmin retry` and the worker."""
    service = SettingsService()
    settings = None
    if profile_name:
        store = ProfileStore(service)
        book = store.book()
        profile = book.get(profile_name)
        settings = book.provider_settings(profile) if profile is not None else None
    if settings is None:
        settings = provider_settings.effective(service, os.environ)
    try:
        return build_provider(settings)
    except ProviderUnavailable as exc:
        raise ProviderNotConfigured(str(exc)) from None


@contextlib.contextmanager
def _opened(database: DatabaseArg) -> Iterator[Database]:
    """The database to work on: one already open is used as it is; a URL is opened for this call
    only (its connections closed after), so a long-lived process holds none between calls."""
    if isinstance(database, Database):
        yield database
        return
    opened = open_database(database)
    try:
        yield opened
    finally:
        opened.dispose()


def _refuse_read_only(database: Database, action: str) -> None:
    if database.read_only:
        from waadmin.db.errors import ReadOnlyRefused

        raise ReadOnlyRefused(action)


def _audit(database: Database, interface: str) -> AuditTrail:
    return AuditTrail(database, interface)


# -- retries ----------------------------------------------------------------------------------

def retry_report(
    database: Database,
    *,
    max_retries: int = 50,
    source_app: str | None = None,
    dry_run: bool = False,
    concurrency: int = DEFAULT_CONCURRENCY,
    rate: float = DEFAULT_RATE,
    lease_minutes: int = DEFAULT_LEASE_MINUTES,
    grace_minutes: int = DEFAULT_GRACE_MINUTES,
    provider: Provider | None = None,
    profile: str | None = None,
    health: ProviderHealth | None = None,
    time_budget: float | None = None,
    stop: StopFlag | None = None,
    interface: str = "api",
) -> RetryReport:
    """One retry run on an open database, returning the engine's report (the CLI prints it).

    ``time_budget`` (seconds): after it no new attempt is claimed; sends already handed to the
    provider finish and are recorded, then the run returns. Celery's soft time limit relies on
    it: a run that stops itself never leaves a claim behind. ``stop`` does the same on demand.
    A dry run lists what would be sent and changes nothing, stuck sends included.
    """
    options = RetryOptions(
        limit=max_retries,
        source_app=source_app or None,
        dry_run=dry_run,
        concurrency=concurrency,
        rate_per_second=rate,
        lease=timedelta(minutes=lease_minutes),
        pending_grace=timedelta(minutes=grace_minutes),
    )
    if not dry_run:
        _refuse_read_only(database, "send retries")
    own_provider = provider is None and not dry_run
    if own_provider:
        provider = provider_from_env(profile)
    stop = stop or StopFlag()
    timer = None
    if time_budget is not None:
        timer = threading.Timer(max(0.0, time_budget), stop.set)
        timer.daemon = True
        timer.start()
    try:
        run = RetryRun(database, provider, options, health=health, stop=stop)
        audit = None if dry_run else _audit(database, interface)
        description = f"retry run (max {max_retries}{', ' + source_app if source_app else ''})"
        return actions.audited_retry_run(run, audit, description)
    finally:
        if timer is not None:
            timer.cancel()
        if own_provider and provider is not None:
            provider.close()


def retry_result(report: RetryReport, source_app: str | None = None) -> dict[str, Any]:
    """A run's report as a dict: the reference task's keys (processed, success, failed, errors,
    processed_at, source_app) first, then waadmin's (RetryReport.to_json)."""
    data = report.to_json()
    processed_at = report.finished_at or utcnow()
    return {
        "processed": data.pop("processed"),
        "success": data.pop("success"),
        "failed": data.pop("failed"),
        "errors": data.pop("errors"),
        "processed_at": processed_at.isoformat(),
        "source_app": source_app or None,
        **data,
    }


def run_retries(
    database_url: DatabaseArg = None,
    *,
    max_retries: int = 50,
    source_app: str | None = None,
    dry_run: bool = False,
    concurrency: int = DEFAULT_CONCURRENCY,
    rate: float = DEFAULT_RATE,
    lease_minutes: int = DEFAULT_LEASE_MINUTES,
    grace_minutes: int = DEFAULT_GRACE_MINUTES,
    cleanup_days: int | None = None,
    provider: Provider | None = None,
    profile: str | None = None,
    health: ProviderHealth | None = None,
    time_budget: float | None = None,
    stop: StopFlag | None = None,
    interface: str = "api",
) -> dict[str, Any]:
    """Claim and send up to ``max_retries`` due attempts (failed_retry past next_retry_at, pending
    older than ``grace_minutes``, after recovering sends stuck longer than ``lease_minutes``).

    Returns :func:`retry_result`'s dict. ``result`` says how it went ("ok", "partial", "failed",
    "provider_unreachable", "stopped", "error"); a database problem mid-run is reported in
    ``aborted``, not raised. Raises :class:`ProviderNotConfigured` when nothing could be sent
    with the configuration, and :class:`DatabaseProblem` when the database cannot be opened.
    ``cleanup_days``: afterwards delete finished attempts older than that (the reference's
    ``--cleanup``), reported under ``cleanup``.
    """
    with _opened(database_url) as database:
        report = retry_report(
            database,
            max_retries=max_retries, source_app=source_app, dry_run=dry_run, concurrency=concurrency, rate=rate,
            lease_minutes=lease_minutes, grace_minutes=grace_minutes, provider=provider, profile=profile,
            health=health, time_budget=time_budget, stop=stop, interface=interface,
        )
        data = retry_result(report, source_app)
        if cleanup_days is not None and not report.aborted:
            data["cleanup"] = cleanup_report(database, days=cleanup_days, dry_run=dry_run, interface=interface).to_json()
        return data


# -- cleanup ----------------------------------------------------------------------------------

def cleanup_report(database: Database, *, days: int = cleanup_engine.DEFAULT_DAYS, dry_run: bool = False, interface: str = "api") -> CleanupReport:
    """Delete finished attempts (sent, delivered, read, failed_final, cancelled) created more than
    ``days`` ago, in chunks, audited; a dry run only counts them."""
    if not dry_run:
        _refuse_read_only(database, "delete old attempts")
    audit = None if dry_run else _audit(database, interface)
    return cleanup_engine.cleanup(database, days, dry_run=dry_run, audit=audit)


def cleanup(database_url: DatabaseArg = None, *, days: int = cleanup_engine.DEFAULT_DAYS, dry_run: bool = False, interface: str = "api") -> dict[str, Any]:
    """:func:`cleanup_report` as a dict: days, cutoff, matched, deleted, webhooks_unlinked,
    dry_run, stopped, error, plus the reference task's ``success``, ``deleted_count``,
    ``days_old`` and ``cleaned_at``."""
    with _opened(database_url) as database:
        report = cleanup_report(database, days=days, dry_run=dry_run, interface=interface)
    data = report.to_json()
    data.update(success=not report.error, deleted_count=report.deleted, days_old=days, cleaned_at=utcnow().isoformat())
    return data


# -- stuck sends ------------------------------------------------------------------------------

def recover_stuck(
    database_url: DatabaseArg = None,
    *,
    lease_minutes: int = DEFAULT_LEASE_MINUTES,
    dry_run: bool = False,
    interface: str = "api",
) -> dict[str, Any]:
    """Give attempts left in ``sending`` for longer than the lease (a sender that died) back to
    the retry schedule with error code ``interrupted``; they may have reached the provider, so
    each waits its back-off. A dry run counts them: ``{"stuck": n, "dry_run": True}``; otherwise
    ``{"recovered": [{"id", "status", "next_retry_at", "may_have_reached_provider"}…]}``.
    (Every retry run does this first by itself; this is for a sweep on its own.)"""
    lease = timedelta(minutes=lease_minutes)
    if lease <= timedelta(0):
        raise ValueError("the lease must be at least one minute")
    with _opened(database_url) as database:
        if dry_run:
            return {"stuck": transitions.count_stuck(database, utcnow(), lease), "dry_run": True}
        _refuse_read_only(database, "reset stuck sends")
        recovered = actions.reset_stuck(database, lease=lease, audit=_audit(database, interface))
    return {
        "recovered": [
            {
                "id": r.id,
                "status": r.status,
                "next_retry_at": r.next_retry_at.isoformat() if r.next_retry_at else None,
                "may_have_reached_provider": True,
            }
            for r in recovered
        ]
    }


# -- figures ----------------------------------------------------------------------------------

def stats_report(
    database: Database, *, days: int = 7, source_app: str | None = None, message_type: str | None = None, with_series: bool = True
) -> Stats:
    """The figures of the last ``days`` days (the dashboard's and ``waadmin stats``')."""
    return stats_engine.compute_stats(
        database, window=stats_engine.window_from_days(days), source_app=source_app, message_type=message_type, with_series=with_series
    )


def stats(
    database_url: DatabaseArg = None, *, days: int = 7, source_app: str | None = None, message_type: str | None = None, with_series: bool = True
) -> dict[str, Any]:
    """The keys of the reference's ``get_monitoring_stats`` (total, the status counts,
    avg_attempts, success/failure/pending rates, by_type) with corrected values, then waadmin's:
    window, delays, ready_now, scheduled, stuck, breakdowns, top_errors, series, alerts."""
    with _opened(database_url) as database:
        return stats_report(database, days=days, source_app=source_app, message_type=message_type, with_series=with_series).to_json()
