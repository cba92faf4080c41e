"""`waadmin retry`: the reference's process_whatsapp_retries, with its options and its French
report, minus its bugs (a dry run changes nothing, cleanup included)."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from datetime import timedelta

from waadmin import api
from waadmin.cli import common, times
from waadmin.cli.i18n import _, engine_text, ngettext
from waadmin.cli.provider import provider_from_env
from waadmin.db.database import Database
from waadmin.domain.clock import utcnow
from waadmin.domain.messages import N_
from waadmin.engine import bulk
from waadmin.engine import stats as stats_engine
from waadmin.engine.retry import DEFAULT_CONCURRENCY, RetryOptions, RetryReport
from waadmin.providers.circuit import ProviderHealth

RULE = "=" * 50
EXIT_DATABASE = 3
EXIT_PROVIDER_UNREACHABLE = 5  # an outage left attempts as they were (documented in the README)


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser(
        "retry",
        help=_("send the attempts that are due (the reference's process_whatsapp_retries)"),
        description=_("Claim and send due retries. Safe to run from several machines or cron at once."),
    )
    common.add_database_options(parser)
    parser.add_argument("--max-retries", type=common.positive_int, default=50, help=_("attempts per run (default 50)"))
    parser.add_argument("--source-app", help=_("only this source application"))
    parser.add_argument("--cleanup", action="store_true", help=_("also delete old finished attempts"))
    parser.add_argument("--cleanup-days", type=common.days, default=30, help=_("age for --cleanup (default 30)"))
    parser.add_argument("--dry-run", action="store_true", help=_("show what would be done; change nothing at all"))
    parser.add_argument("--verbose", "-v", action="store_true", help=_("error details and system state"))
    parser.add_argument("--list-apps", action="store_true", help=_("7-day stats and ready counts per app, then exit"))
    parser.add_argument("--json", action="store_true", help=_("machine-readable summary"))
    parser.add_argument("--concurrency", type=common.bounded_int(1, 256), default=DEFAULT_CONCURRENCY, help=_("sends in flight at once (default {n})").format(n=DEFAULT_CONCURRENCY))
    parser.add_argument("--rate", type=common.non_negative_float, default=80.0, help=_("messages per second, 0 = unlimited (default 80)"))
    parser.add_argument("--lease-minutes", type=common.minutes, default=10, help=_("a send older than this is stuck (default 10)"))
    parser.add_argument("--grace-minutes", type=common.bounded_int(0, 7 * 24 * 60), default=5, help=_("pending rows older than this are sent (default 5)"))
    parser.add_argument(
        "--reopen-final", type=common.bounded_int(0, 1000), default=0, metavar="N",
        help=_("with filters: give matching failed_final attempts N more tries (after an outage was fixed)"),
    )
    parser.add_argument("--yes", "-y", action="store_true", help=_("with filters: do not ask for confirmation"))
    common.add_outage_options(parser, probes=False)
    common.add_filter_options(parser, source_app=False)
    parser.epilog = _(
        "With filters (--status, --type, --since, --search…), every matching attempt that can be sent is sent now, "
        "across all pages, after showing the count; --dry-run shows the count and a sample only. "
        "Exit status: 0 done, 2 bad usage, 3 database problem, 4 provider not configured, "
        "5 provider unreachable (the attempts it could not reach are left as they were, no try counted)."
    )
    parser.set_defaults(handler=run)


def _stamp() -> str:
    return times.local_now()


def _app_label(source_app: str | None) -> str:
    return _(" for {app}").format(app=source_app) if source_app else _(" (all apps)")


def run(args: argparse.Namespace) -> int:
    if args.grace_minutes < 0:
        raise common.UsageError(_("--grace-minutes cannot be negative"))
    health = ProviderHealth(common.health_policy_from_args(args))
    database = common.open_from_args(args)
    if not (args.dry_run or args.list_apps):
        common.require_writable(database, N_("send retries"))
    if args.list_apps:
        return _list_apps(database, args)
    flt = common.filter_from_args(args)
    if args.reopen_final or not flt.with_(source_apps=frozenset()).is_empty():
        return _run_matching(database, args, flt, health)
    started = utcnow()
    if not args.json:
        print(f"[{_stamp()}] " + _("Starting the WhatsApp retry processing{apps}").format(apps=_app_label(args.source_app)))
    report = api.retry_report(
        database,
        max_retries=args.max_retries,
        source_app=args.source_app,
        dry_run=args.dry_run,
        concurrency=args.concurrency,
        rate=args.rate,
        lease_minutes=args.lease_minutes,
        grace_minutes=args.grace_minutes,
        profile=getattr(args, "profile", None),
        health=health,
        interface="cli",
    )
    cleanup_report = None
    if args.cleanup and not report.aborted:
        cleanup_report = api.cleanup_report(database, days=args.cleanup_days, dry_run=args.dry_run, interface="cli")
    if args.json:
        data = api.retry_result(report, args.source_app)
        if cleanup_report is not None:
            data["cleanup"] = cleanup_report.to_json()
        common.print_json(data)
    else:
        _print_report(database, args, report)
        if cleanup_report is not None:
            if cleanup_report.error:
                print("❌ " + _("Cleanup stopped: {error}").format(error=engine_text(cleanup_report.error)))
            elif args.dry_run:
                print("🔍 " + _("{count} old attempts would be deleted (older than {days} days)").format(count=cleanup_report.matched, days=args.cleanup_days))
            else:
                print("✅ " + _("{count} old attempts deleted (older than {days} days)").format(count=cleanup_report.deleted, days=args.cleanup_days))
        elapsed = (utcnow() - started).total_seconds()
        if report.aborted:
            print("❌ " + _("Error during processing: {error}").format(error=engine_text(report.aborted)))
        print(f"[{_stamp()}] " + _("Processing finished in {seconds} seconds").format(seconds=f"{elapsed:.2f}"))
    if report.aborted:
        # Exit status 3 says "database problem"; like every other command, say which on stderr
        # in one line (cron mails stderr; --json keeps stdout machine-readable).
        print(f"waadmin: {engine_text(report.aborted)}", file=sys.stderr)
        return EXIT_DATABASE
    return _outage_exit(report)


def _outage_exit(report) -> int:  # noqa: ANN001 - a RetryReport or a BulkRetryReport
    """An outage is not a success: cron and monitoring see exit status 5 and one line saying
    which endpoint and how many attempts were left as they were."""
    if not report.outage_line():
        return 0
    where = _where(report.unreachable) or _("some sends could not reach it")
    line = _("provider unreachable: {where}; {count} attempt(s) left as they were").format(where=where, count=report.left_untouched)
    print(f"waadmin: {line}", file=sys.stderr)
    return EXIT_PROVIDER_UNREACHABLE


def _where(endpoints) -> str:  # noqa: ANN001 - EndpointHealth tuples
    """ "WaChap chine, WaChap mali (connection refused)", the reasons in this run's language
    (the engine's describe(), translated)."""
    by_reason: dict[str, list[str]] = {}
    for endpoint in endpoints:
        by_reason.setdefault(engine_text(endpoint.reason) if endpoint.reason else _("down"), []).append(endpoint.label)
    return "; ".join(f"{', '.join(labels)} ({reason})" for reason, labels in by_reason.items())


def _run_matching(database: Database, args: argparse.Namespace, flt, health: ProviderHealth) -> int:  # noqa: ANN001
    if not 0 <= args.reopen_final <= bulk.MAX_EXTRA_ATTEMPTS:
        raise common.UsageError(_("--reopen-final: between 0 and {most}").format(most=bulk.MAX_EXTRA_ATTEMPTS))
    description = flt.describe()
    plan = bulk.plan(database, flt)
    sendable = plan.retryable_now + (plan.final if args.reopen_final else 0)
    if args.dry_run or not args.json:
        if args.json:
            common.print_json({"dry_run": True, "filter": description, "matched": plan.count, "by_status": plan.by_status, "sendable": sendable, "sample": [r.id for r in plan.sample]})
            return 0
        print("🔍 " + _("{count} attempt(s) match ({filter}); {sendable} can be sent now").format(count=plan.count, filter=common.describe_filter(flt), sendable=sendable))
        for status, count in sorted(plan.by_status.items()):
            print(f"    {status:<14} {count:>8}")
        if plan.final and not args.reopen_final:
            print("    ℹ️  " + _("{count} failed for good: add --reopen-final N to give them N more tries").format(count=plan.final))
        for row in plan.sample:
            print(f"    #{row.id} {row.phone_number} {row.message_type} {row.status} {row.attempt_count}/{row.max_attempts} {(row.error_code or '')}")
        if args.dry_run:
            print("⚠️  " + _("Dry run: nothing was sent or changed"))
            return 0
    if not sendable:
        if not args.json:
            print("ℹ️  " + _("Nothing to send"))
        else:
            common.print_json({"filter": description, "matched": plan.count, "processed": 0, "success": 0, "failed": 0, "skipped": 0, "errors": []})
        return 0
    if not common.confirm(_("Send {count} attempt(s) now?").format(count=sendable), args.yes):
        print(_("Nothing was sent."))
        return 1
    provider = provider_from_env(getattr(args, "profile", None))
    try:
        options = RetryOptions(concurrency=args.concurrency, rate_per_second=args.rate)
        report = bulk.retry_matching(
            database, provider, flt, extra_attempts=args.reopen_final, options=options,
            audit=common.audit_for(database), description=description, total=plan.count, health=health,
        )
    finally:
        provider.close()
    if args.json:
        common.print_json({"filter": description, "matched": plan.count, **report.to_json()})
    else:
        print("✅ " + _("Sent: {sent}").format(sent=report.success) + "   ❌ " + _("Failed: {failed} (final: {final})").format(failed=report.failed, final=report.final_failures))
        if report.reopened:
            print("🔁 " + _("Final failures reopened: {count}").format(count=report.reopened))
        if report.rate_limited:
            print("⏳ " + _("Limited by the provider, postponed: {count}").format(count=report.rate_limited))
        if report.skipped:
            print("↪️  " + _("Skipped (state changed, already sent or no try left): {count}").format(count=report.skipped))
        if report.aborted:
            print("❌ " + _("Interrupted: {error}").format(error=engine_text(report.aborted)))
        if report.provider_down or report.not_sent:
            print("🔌 " + _("Provider unreachable: {count} attempt(s) left as they were").format(count=report.left_untouched))
    if report.aborted:
        return EXIT_DATABASE
    return _outage_exit(report)


def _print_report(database: Database, args: argparse.Namespace, report: RetryReport) -> None:
    if report.recovered:
        ids = ", ".join(str(r.id) for r in report.recovered[:20])
        print("⚠️  " + _("{count} send(s) stuck in sending recovered (code interrupted): {ids} — they may have reached the provider").format(count=len(report.recovered), ids=ids))
    if report.dry_run:
        print("⚠️  " + _("Dry run - No message will be sent"))
        if report.planned:
            print(_("Messages that would be processed:"))
            for number, item in enumerate(report.planned[:10], start=1):
                print(
                    f"  {number}. [{item.source_app or '-'}] {item.phone_number} - {item.message_type} "
                    + _("(try {number}/{most})").format(number=item.attempt_count + 1, most=item.max_attempts)
                )
            if len(report.planned) > 10:
                print("  " + _("... and {count} more").format(count=len(report.planned) - 10))
            apps = Counter(item.source_app or "-" for item in report.planned)
            if len(apps) > 1:
                print(_("By app:"))
                for app, count in apps.most_common():
                    print(f"  {app}: {count}")
    title = f" - {args.source_app.upper()}" if args.source_app else _(" - ALL APPS")
    print(RULE)
    print(_("PROCESSING STATISTICS{title}").format(title=title))
    print(RULE)
    if report.dry_run:
        print("📊 " + _("Messages that would be processed: {count} (dry run: nothing was sent or changed)").format(count=len(report.planned)))
    else:
        print("📊 " + _("Messages processed: {count}").format(count=report.processed))
    if report.dry_run:
        pass
    elif report.processed or report.rate_limited:
        rate = 100.0 * report.success / report.processed if report.processed else 0.0
        print("✅ " + _("Success: {count} ({rate}%)").format(count=report.success, rate=f"{rate:.1f}"))
        final = report.final_failures
        of_which = ngettext(" (of which {count} final)", " (of which {count} final)", final).format(count=final) if final else ""
        print("❌ " + _("Failures: {count}").format(count=report.failed) + of_which)
        if report.rate_limited:
            print("⏳ " + _("Rate-limited by the provider, postponed: {count}").format(count=report.rate_limited))
        if report.skipped:
            print("↪️  " + _("Already taken by another process: {count}").format(count=report.skipped))
        if args.verbose and report.errors:
            print(_("Errors:"))
            for line in report.errors[:10]:
                print(f"  - {engine_text(line)}")
            if len(report.errors) > 10:
                print("  " + _("... and {count} more").format(count=len(report.errors) - 10))
    elif not (report.provider_down or report.not_sent):
        print("ℹ️  " + _("No message waiting for a retry"))
    if report.provider_down or report.not_sent:
        where = ", ".join(f"{e.label} ({engine_text(e.reason)})" for e in report.unreachable) or "—"
        print("🔌 " + _("Provider unreachable: {where}; {count} attempt(s) left as they were (no try counted)").format(where=where, count=report.left_untouched))
    if args.verbose:
        _print_system_state(database, args.source_app)


def _print_system_state(database: Database, source_app: str | None) -> None:
    stats = stats_engine.compute_stats(database, window=timedelta(days=7), source_app=source_app, with_series=False)
    counts = stats.counts
    print(RULE)
    print(_("SYSTEM STATE (last 7 days)"))
    print(RULE)
    print(_("Total: {total}  Success: {success}%  Final failures: {failure}%").format(
        total=stats.total, success=f"{stats.success_rate:.1f}", failure=f"{stats.failure_rate:.1f}",
    ))
    print(_("Pending: {pending}  Sent: {sent}  Delivered: {delivered}  Read: {read}  Retry: {retry}  Cancelled: {cancelled}").format(
        pending=counts.get("pending", 0), sent=counts.get("sent", 0), delivered=counts.get("delivered", 0),
        read=counts.get("read", 0), retry=counts.get("failed_retry", 0), cancelled=counts.get("cancelled", 0),
    ))
    print(_("Ready now: {count}").format(count=common.shown_count(stats.work.ready_now, stats.work.estimated)))
    print(_("Scheduled: {count}").format(count=common.shown_count(stats.work.scheduled, stats.work.estimated)))
    if stats.work.next_retry_at is not None:
        minutes = max(0, int((stats.work.next_retry_at - utcnow()).total_seconds() // 60))
        print(_("Next retry in: {minutes} minutes").format(minutes=minutes))
    if stats.work.stuck:
        print("⚠️  " + _("Stuck in sending: {count} (waadmin recover-stuck)").format(count=common.shown_count(stats.work.stuck, stats.work.estimated)))
    if not source_app and stats.by_type:
        print(_("Most frequent types:"))
        for item in stats.by_type[:5]:
            print(f"  {item.key}: {item.count}")


def _list_apps(database: Database, args: argparse.Namespace) -> int:
    from waadmin.db.listing import distinct_values

    apps = distinct_values(database, "source_app")
    rows = []
    for app in apps:
        stats = stats_engine.compute_stats(database, window=timedelta(days=7), source_app=app, with_series=False)
        rows.append((app, stats))
    if args.json:
        common.print_json(
            [
                {"source_app": app, "total": s.total, "success_rate": s.success_rate, "ready_now": s.work.ready_now, "scheduled": s.work.scheduled}
                for app, s in rows
            ]
        )
        return 0
    if not database.layout.has_source_app:
        print("ℹ️  " + _("This database (layout V1) has no source_app column."))
        return 0
    print(_("Applications (last 7 days):"))
    for app, s in rows:
        print("  " + _("{app} total {total}  success {rate}%  ready {ready}  scheduled {scheduled}").format(
            app=f"{app:<18}", total=f"{s.total:>6}", rate=f"{s.success_rate:5.1f}", ready=f"{s.work.ready_now:>5}", scheduled=f"{s.work.scheduled:>5}",
        ))
    return 0
