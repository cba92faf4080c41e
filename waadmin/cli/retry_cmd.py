"""`waadmin retry`: the reference's process_whatsapp_retries, with its options and its French
report, minus its bugs (a dry run changes nothing, cleanup included)."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from datetime import timedelta

from waadmin import api
from waadmin.cli import common, times
from waadmin.cli.provider import provider_from_env
from waadmin.db.database import Database
from waadmin.domain.clock import utcnow
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
        help="send the attempts that are due (the reference's process_whatsapp_retries)",
        description="Claim and send due retries. Safe to run from several machines or cron at once.",
    )
    common.add_database_options(parser)
    parser.add_argument("--max-retries", type=common.positive_int, default=50, help="attempts per run (default 50)")
    parser.add_argument("--source-app", help="only this source application")
    parser.add_argument("--cleanup", action="store_true", help="also delete old finished attempts")
    parser.add_argument("--cleanup-days", type=common.days, default=30, help="age for --cleanup (default 30)")
    parser.add_argument("--dry-run", action="store_true", help="show what would be done; change nothing at all")
    parser.add_argument("--verbose", "-v", action="store_true", help="error details and system state")
    parser.add_argument("--list-apps", action="store_true", help="7-day stats and ready counts per app, then exit")
    parser.add_argument("--json", action="store_true", help="machine-readable summary")
    parser.add_argument("--concurrency", type=common.bounded_int(1, 256), default=DEFAULT_CONCURRENCY, help=f"sends in flight at once (default {DEFAULT_CONCURRENCY})")
    parser.add_argument("--rate", type=common.non_negative_float, default=80.0, help="messages per second, 0 = unlimited (default 80)")
    parser.add_argument("--lease-minutes", type=common.minutes, default=10, help="a send older than this is stuck (default 10)")
    parser.add_argument("--grace-minutes", type=common.bounded_int(0, 7 * 24 * 60), default=5, help="pending rows older than this are sent (default 5)")
    parser.add_argument(
        "--reopen-final", type=common.bounded_int(0, 1000), default=0, metavar="N",
        help="with filters: give matching failed_final attempts N more tries (after an outage was fixed)",
    )
    parser.add_argument("--yes", "-y", action="store_true", help="with filters: do not ask for confirmation")
    common.add_outage_options(parser, probes=False)
    common.add_filter_options(parser, source_app=False)
    parser.epilog = (
        "With filters (--status, --type, --since, --search…), every matching attempt that can be sent is sent now, "
        "across all pages, after showing the count; --dry-run shows the count and a sample only. "
        "Exit status: 0 done, 2 bad usage, 3 database problem, 4 provider not configured, "
        "5 provider unreachable (the attempts it could not reach are left as they were, no try counted)."
    )
    parser.set_defaults(handler=run)


def _stamp() -> str:
    return times.local_now()


def _app_label(source_app: str | None) -> str:
    return f" pour {source_app}" if source_app else " (toutes apps)"


def run(args: argparse.Namespace) -> int:
    if args.grace_minutes < 0:
        raise common.UsageError("--grace-minutes ne peut pas être négatif / cannot be negative")
    health = ProviderHealth(common.health_policy_from_args(args))
    database = common.open_from_args(args)
    if not (args.dry_run or args.list_apps):
        common.require_writable(database, "send retries")
    if args.list_apps:
        return _list_apps(database, args)
    flt = common.filter_from_args(args)
    if args.reopen_final or not flt.with_(source_apps=frozenset()).is_empty():
        return _run_matching(database, args, flt, health)
    started = utcnow()
    if not args.json:
        print(f"[{_stamp()}] Démarrage du traitement des retries WhatsApp{_app_label(args.source_app)}")
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
                print(f"❌ Nettoyage interrompu: {cleanup_report.error}")
            elif args.dry_run:
                print(f"🔍 {cleanup_report.matched} anciennes tentatives seraient supprimées (plus de {args.cleanup_days} jours)")
            else:
                print(f"✅ {cleanup_report.deleted} anciennes tentatives supprimées (plus de {args.cleanup_days} jours)")
        elapsed = (utcnow() - started).total_seconds()
        if report.aborted:
            print(f"❌ Erreur lors du traitement: {report.aborted}")
        print(f"[{_stamp()}] Traitement terminé en {elapsed:.2f} secondes")
    if report.aborted:
        # Exit status 3 says "database problem"; like every other command, say which on stderr
        # in one line (cron mails stderr; --json keeps stdout machine-readable).
        print(f"waadmin: {report.aborted}", file=sys.stderr)
        return EXIT_DATABASE
    return _outage_exit(report)


def _outage_exit(report) -> int:  # noqa: ANN001 - a RetryReport or a BulkRetryReport
    """An outage is not a success: cron and monitoring see exit status 5 and one line saying
    which endpoint and how many attempts were left as they were."""
    line = report.outage_line()
    if not line:
        return 0
    print(f"waadmin: {line}", file=sys.stderr)
    return EXIT_PROVIDER_UNREACHABLE


def _run_matching(database: Database, args: argparse.Namespace, flt, health: ProviderHealth) -> int:  # noqa: ANN001
    if not 0 <= args.reopen_final <= bulk.MAX_EXTRA_ATTEMPTS:
        raise common.UsageError(f"--reopen-final: entre 0 et {bulk.MAX_EXTRA_ATTEMPTS} / between 0 and {bulk.MAX_EXTRA_ATTEMPTS}")
    description = flt.describe()
    plan = bulk.plan(database, flt)
    sendable = plan.retryable_now + (plan.final if args.reopen_final else 0)
    if args.dry_run or not args.json:
        if args.json:
            common.print_json({"dry_run": True, "filter": description, "matched": plan.count, "by_status": plan.by_status, "sendable": sendable, "sample": [r.id for r in plan.sample]})
            return 0
        print(f"🔍 {plan.count} tentative(s) correspondent ({description}); {sendable} peuvent être envoyées maintenant")
        for status, count in sorted(plan.by_status.items()):
            print(f"    {status:<14} {count:>8}")
        if plan.final and not args.reopen_final:
            print(f"    ℹ️  {plan.final} en échec définitif: ajoutez --reopen-final N pour leur donner N essais de plus")
        for row in plan.sample:
            print(f"    #{row.id} {row.phone_number} {row.message_type} {row.status} {row.attempt_count}/{row.max_attempts} {(row.error_code or '')}")
        if args.dry_run:
            print("⚠️  Mode simulation: rien n'a été envoyé ni modifié")
            return 0
    if not sendable:
        if not args.json:
            print("ℹ️  Rien à envoyer")
        else:
            common.print_json({"filter": description, "matched": plan.count, "processed": 0, "success": 0, "failed": 0, "skipped": 0, "errors": []})
        return 0
    if not common.confirm(f"Envoyer {sendable} tentative(s) maintenant ?", args.yes):
        print("Rien n'a été envoyé.")
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
        print(f"✅ Envoyées: {report.success}   ❌ Échecs: {report.failed} (définitifs: {report.final_failures})")
        if report.reopened:
            print(f"🔁 Échecs définitifs rouverts: {report.reopened}")
        if report.rate_limited:
            print(f"⏳ Limitées par le fournisseur, reportées: {report.rate_limited}")
        if report.skipped:
            print(f"↪️  Ignorées (état changé, déjà envoyées ou plus d'essai): {report.skipped}")
        if report.aborted:
            print(f"❌ Interrompu: {report.aborted}")
        if report.provider_down or report.not_sent:
            print(f"🔌 Fournisseur injoignable: {report.left_untouched} tentative(s) laissée(s) telles quelles")
    if report.aborted:
        return EXIT_DATABASE
    return _outage_exit(report)


def _print_report(database: Database, args: argparse.Namespace, report: RetryReport) -> None:
    if report.recovered:
        ids = ", ".join(str(r.id) for r in report.recovered[:20])
        print(
            f"⚠️  {len(report.recovered)} envoi(s) bloqué(s) en cours d'envoi récupéré(s) (code interrupted): {ids}"
            " — ils ont peut-être atteint le fournisseur"
        )
    if report.dry_run:
        print("⚠️  Mode simulation activé - Aucun message ne sera envoyé")
        if report.planned:
            print("Messages qui seraient traités:")
            for number, item in enumerate(report.planned[:10], start=1):
                print(
                    f"  {number}. [{item.source_app or '-'}] {item.phone_number} - {item.message_type} "
                    f"(tentative {item.attempt_count + 1}/{item.max_attempts})"
                )
            if len(report.planned) > 10:
                print(f"  ... et {len(report.planned) - 10} autres")
            apps = Counter(item.source_app or "-" for item in report.planned)
            if len(apps) > 1:
                print("Répartition par app:")
                for app, count in apps.most_common():
                    print(f"  {app}: {count}")
    title = f" - {args.source_app.upper()}" if args.source_app else " - TOUTES APPS"
    print(RULE)
    print(f"STATISTIQUES DE TRAITEMENT{title}")
    print(RULE)
    if report.dry_run:
        print(f"📊 Messages qui seraient traités: {len(report.planned)} (simulation: rien n'a été envoyé ni modifié)")
    else:
        print(f"📊 Messages traités: {report.processed}")
    if report.dry_run:
        pass
    elif report.processed or report.rate_limited:
        rate = 100.0 * report.success / report.processed if report.processed else 0.0
        print(f"✅ Succès: {report.success} ({rate:.1f}%)")
        final = report.final_failures
        print(f"❌ Échecs: {report.failed}" + (f" (dont {final} définitif{'s' if final > 1 else ''})" if final else ""))
        if report.rate_limited:
            print(f"⏳ Limités par le fournisseur, reportés: {report.rate_limited}")
        if report.skipped:
            print(f"↪️  Déjà pris par un autre processus: {report.skipped}")
        if args.verbose and report.errors:
            print("Erreurs:")
            for line in report.errors[:10]:
                print(f"  - {line}")
            if len(report.errors) > 10:
                print(f"  ... et {len(report.errors) - 10} autres")
    elif not (report.provider_down or report.not_sent):
        print("ℹ️  Aucun message en attente de retry")
    if report.provider_down or report.not_sent:
        where = ", ".join(f"{e.label} ({e.reason})" for e in report.unreachable) or "—"
        print(f"🔌 Fournisseur injoignable: {where}; {report.left_untouched} tentative(s) laissée(s) telles quelles (aucun essai compté)")
    if args.verbose:
        _print_system_state(database, args.source_app)


def _print_system_state(database: Database, source_app: str | None) -> None:
    stats = stats_engine.compute_stats(database, window=timedelta(days=7), source_app=source_app, with_series=False)
    counts = stats.counts
    print(RULE)
    print("ÉTAT DU SYSTÈME (7 derniers jours)")
    print(RULE)
    print(f"Total: {stats.total}  Succès: {stats.success_rate:.1f}%  Échecs définitifs: {stats.failure_rate:.1f}%")
    print(
        f"En attente: {counts.get('pending', 0)}  Envoyés: {counts.get('sent', 0)}  Livrés: {counts.get('delivered', 0)}"
        f"  Lus: {counts.get('read', 0)}  Retry: {counts.get('failed_retry', 0)}  Annulés: {counts.get('cancelled', 0)}"
    )
    print(f"Prêts maintenant: {stats.work.ready_now}")
    print(f"Programmés: {stats.work.scheduled}")
    if stats.work.next_retry_at is not None:
        minutes = max(0, int((stats.work.next_retry_at - utcnow()).total_seconds() // 60))
        print(f"Prochain retry dans: {minutes} minutes")
    if stats.work.stuck:
        print(f"⚠️  Bloqués en cours d'envoi: {stats.work.stuck} (waadmin recover-stuck)")
    if not source_app and stats.by_type:
        print("Types les plus fréquents:")
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
        print("ℹ️  Cette base (layout V1) n'a pas de colonne source_app.")
        return 0
    print("Applications (7 derniers jours):")
    for app, s in rows:
        print(f"  {app:<18} total {s.total:>6}  succès {s.success_rate:5.1f}%  prêts {s.work.ready_now:>5}  programmés {s.work.scheduled:>5}")
    return 0
