"""The smaller commands: init-db, demo, stats, cleanup, cancel, recover-stuck, webhooks, list, show."""

from __future__ import annotations

import argparse
import json
import shlex
from datetime import datetime

from waadmin import api
from waadmin.cli import common, i18n, times
from waadmin.cli.i18n import _, engine_text, language, ngettext
from waadmin.db import listing
from waadmin.db.database import open_database
from waadmin.db.detail import get_attempt
from waadmin.db.errors import DatabaseProblem, ProblemKind
from waadmin.db.layout import LAYOUTS
from waadmin.db.schema import create_schema
from waadmin.domain import message_types, redaction
from waadmin.domain.filters import SORT_KEYS, Sort
from waadmin.domain.messages import N_
from waadmin.domain.statuses import CANCELLABLE
from waadmin.engine import actions, demo, shown_answers, webhooks
from waadmin.engine import cleanup as cleanup_engine
from waadmin.engine import failures as failures_engine

# -- init-db ---------------------------------------------------------------------------------

def cmd_init_db(args: argparse.Namespace) -> int:
    if args.read_only:
        raise common.UsageError(_("init-db cannot be read-only"))
    try:
        database = open_database(args.database, layout=args.layout)
        print("ℹ️  " + _("Already initialised: {database} — nothing was changed.").format(database=common.describe_database(database)))
        return 0
    except DatabaseProblem as problem:
        if problem.kind not in (ProblemKind.NO_TABLES, ProblemKind.MISSING_DATABASE):
            raise
    database = open_database(args.database, layout=args.layout, create=True)
    create_schema(database, LAYOUTS[database.layout.key])
    print("✅ " + _("Tables created: {database}").format(database=common.describe_database(database)))
    return 0


# -- demo ------------------------------------------------------------------------------------

def cmd_demo(args: argparse.Namespace) -> int:
    database = common.open_from_args(args, create=True)
    if database.read_only:
        raise common.UsageError(_("--read-only: the demo needs to write"))
    try:
        summary = demo.load_demo(database, args.count, days=args.days, seed=args.seed, with_users=not args.no_users, force=args.force)
    except ValueError as exc:
        raise common.UsageError(engine_text(str(exc))) from None
    common.audit_for(database).record("demo", target=f"{args.count} demo attempts", row_count=summary.attempts)
    print("✅ " + _("Demo data: {attempts} attempts over {days} days, {users} customers, {webhooks} webhooks — {database}").format(
        attempts=summary.attempts, days=args.days, users=summary.users, webhooks=summary.webhooks, database=common.describe_database(database),
    ))
    return 0


# -- stats -----------------------------------------------------------------------------------

# An alert's name as a person reads it (the key stays what --alert and the metrics use).
ALERT_NAMES = {
    "success_rate": N_("success rate"),
    "waiting_retries": N_("waiting retries"),
    "final_failures": N_("final failures"),
    "mean_delay": N_("mean delay"),
}


def cmd_stats(args: argparse.Namespace) -> int:
    database = common.open_from_args(args)
    stats = api.stats_report(database, days=args.days, source_app=args.source_app, message_type=args.message_type, with_series=args.json)
    if args.json:
        common.print_json(stats.to_json())
        return 0
    c = stats.counts
    scope = f" — {args.source_app}" if args.source_app else ""
    print(_("WhatsApp statistics for the last {days} days{scope} ({database})").format(days=args.days, scope=scope, database=common.describe_database(database)))
    print("  " + _("Total: {total}").format(total=stats.total))
    print("  " + _("Success: {success}%   Final failures: {failure}%   Pending: {pending}%").format(
        success=f"{stats.success_rate:.1f}", failure=f"{stats.failure_rate:.1f}", pending=f"{stats.pending_rate:.1f}",
    ))
    print("  " + _(
        "Pending {pending} · Sending {sending} · Sent {sent} · Delivered {delivered} · Read {read} · "
        "Retry {retry} · Final {final} · Cancelled {cancelled}"
    ).format(
        pending=c.get("pending", 0), sending=c.get("sending", 0), sent=c.get("sent", 0), delivered=c.get("delivered", 0),
        read=c.get("read", 0), retry=c.get("failed_retry", 0), final=c.get("failed_final", 0), cancelled=c.get("cancelled", 0),
    ))
    if stats.avg_attempts is not None:
        print("  " + _("Average tries: {average}").format(average=f"{stats.avg_attempts:.2f}"))
    d = stats.delay
    if d.count:
        print("  " + _("Delay from creation to send: mean {mean}, median {median}, p95 {p95}").format(
            mean=_duration(d.mean), median=_duration(d.p50), p95=_duration(d.p95),
        ))
    print("  " + _("Ready now: {ready} · Scheduled: {scheduled} · Stuck: {stuck}").format(
        ready=common.shown_count(stats.work.ready_now, stats.work.estimated), scheduled=common.shown_count(stats.work.scheduled, stats.work.estimated),
        stuck=common.shown_count(stats.work.stuck, stats.work.estimated),
    ))
    if stats.by_type:
        print("  " + _("By type:"))
        for b in stats.by_type[:10]:
            print("    " + _("{label} {count}  success {success}  failures {failed}").format(
                label=f"{message_types.label(b.key, language()):<18}", count=f"{b.count:>7}", success=f"{b.success:>7}", failed=f"{b.failed_final:>5}",
            ))
    if stats.top_errors:
        print("  " + _("Top errors:"))
        for code, count in stats.top_errors[:5]:
            print(f"    {code:<18} {count:>7}")
    active = [a for a in stats.alerts if a.active]
    for alert in active:
        print("  🚨 " + _("Alert {name}: {value}{unit} (threshold {threshold}{unit})").format(
            # i18n._, not _: the names are marked (N_) in ALERT_NAMES.
            name=i18n._(ALERT_NAMES[alert.key]) if alert.key in ALERT_NAMES else alert.key,
            value=f"{alert.value:.1f}", unit=alert.unit, threshold=f"{alert.threshold:g}",
        ))
    return 0


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    if seconds < 60:
        return f"{seconds:.1f} s"
    if seconds < 3600:
        return f"{seconds / 60:.1f} min"
    return f"{seconds / 3600:.1f} h"


# -- cleanup ---------------------------------------------------------------------------------

def cmd_cleanup(args: argparse.Namespace) -> int:
    database = common.open_from_args(args)
    if not args.dry_run:
        common.require_writable(database, N_("delete old attempts"))
    count = cleanup_engine.count_cleanable(database, args.days)
    if args.dry_run or count == 0:
        if args.json:
            common.print_json({"days": args.days, "matched": count, "deleted": 0, "dry_run": True})
        else:
            print("🔍 " + ngettext(
                "{count} old attempt would be deleted (finished, older than {days} days)",
                "{count} old attempts would be deleted (finished, older than {days} days)", count,
            ).format(count=count, days=args.days))
        return 0
    question = ngettext(
        "Delete {count} finished attempt older than {days} days?", "Delete {count} finished attempts older than {days} days?", count,
    ).format(count=count, days=args.days)
    if not common.confirm(question, args.yes):
        print(_("Cancelled, nothing was deleted."))
        return 1
    report = api.cleanup_report(database, days=args.days, interface="cli")
    if args.json:
        common.print_json(report.to_json())
    elif report.deleted or not report.error:
        print("✅ " + ngettext(
            "{count} old attempt deleted (older than {days} days)", "{count} old attempts deleted (older than {days} days)", report.deleted,
        ).format(count=report.deleted, days=args.days))
    if report.error:
        common.fail_line([_("cleanup stopped after {count} deleted: {error}").format(count=report.deleted, error=engine_text(report.error))])
    return 3 if report.error else 0


# -- cancel ----------------------------------------------------------------------------------

def cmd_cancel(args: argparse.Namespace) -> int:
    database = common.open_from_args(args)
    flt = common.filter_from_args(args)
    if flt.is_empty() and not args.all:
        raise common.UsageError(_("give ids or filters (or --all)"))
    cancellable = flt.statuses & CANCELLABLE if flt.statuses else CANCELLABLE
    if flt.statuses and not cancellable:
        raise common.UsageError(_("only pending, failed and failed_retry can be cancelled"))
    scoped = flt.with_(statuses=frozenset(cancellable))
    if not args.dry_run:
        common.require_writable(database, N_("cancel attempts"))
    total = listing.count_attempts(database, scoped).value
    description = flt.describe()
    shown = common.describe_filter(flt)
    if args.dry_run:
        if args.json:
            common.print_json({"matched": total, "dry_run": True, "filter": description})
        else:
            print("🔍 " + ngettext("{count} attempt would be cancelled ({filter})", "{count} attempts would be cancelled ({filter})", total).format(count=total, filter=shown))
        return 0
    question = ngettext("Cancel {count} attempt ({filter})?", "Cancel {count} attempts ({filter})?", total).format(count=total, filter=shown)
    if total and not common.confirm(question, args.yes):
        print(_("Nothing was cancelled."))
        return 1
    report = actions.cancel_matching(database, scoped, audit=common.audit_for(database), filter_description=description, total=total)
    if args.json:
        common.print_json(report.to_json())
    elif report.done or not report.errors:
        done = ngettext("{count} attempt cancelled", "{count} attempts cancelled", len(report.done)).format(count=len(report.done))
        skipped = ngettext(", {count} skipped (its state changed meanwhile)", ", {count} skipped (their state changed meanwhile)", len(report.skipped))
        print("✅ " + done + (skipped.format(count=len(report.skipped)) if report.skipped else ""))
    common.fail_line(report.errors)
    return 3 if report.errors else 0


# -- failures ----------------------------------------------------------------------------------

def cmd_failures(args: argparse.Namespace) -> int:
    database = common.open_from_args(args)
    groups = failures_engine.group_failures(database, common.filter_from_args(args))[: args.limit]
    if args.json:
        common.print_json([
            {
                "error_code": g.error_code, "template": g.template, "count": g.count, "variants": g.variants,
                "first_seen": g.first_seen, "last_seen": g.last_seen, "message_types": dict(g.message_types),
                "regions": {k or "auto": v for k, v in g.regions.items()}, "example": g.example,
            }
            for g in groups
        ])
        return 0
    if not groups:
        print("ℹ️  " + _("No failures"))
        return 0
    for g in groups:
        kinds = ", ".join(f"{k} {n}" for k, n in g.message_types.most_common(3))
        regions = ", ".join(f"{k or 'auto'} {n}" for k, n in g.regions.most_common(3))
        print(f"{g.count:>7}  {g.error_code or '—':<16} {g.template}")
        print(f"         {times.utc(g.first_seen)} → {times.utc(g.last_seen)} · {kinds} · {regions}" if g.first_seen and g.last_seen else f"         {kinds} · {regions}")
        print(f"         waadmin retry {_group_selector(g)} --dry-run   |   waadmin cancel {_group_selector(g)} --dry-run")
    print(_("Without --dry-run the command acts (after asking)"))
    return 0


def _group_selector(group: failures_engine.FailureGroup) -> str:
    """The filter options that select exactly this group's attempts, quoted for a POSIX shell."""
    flt = group.attempts_filter()
    parts = [f"--status {','.join(sorted(flt.statuses))}"] if flt.statuses else []
    parts.append(f"--error-code {shlex.quote(group.error_code or '')}")
    parts.append(f"--error-like {shlex.quote(group.template)}")
    return " ".join(parts)


# -- recover-stuck ---------------------------------------------------------------------------

def cmd_recover_stuck(args: argparse.Namespace) -> int:
    database = common.open_from_args(args)
    if not args.dry_run:
        common.require_writable(database, N_("reset stuck sends"))
    result = api.recover_stuck(database, lease_minutes=args.lease_minutes, dry_run=args.dry_run, interface="cli")
    if args.json:
        common.print_json(result)
        return 0
    if args.dry_run:
        print("🔍 " + ngettext(
            "{count} attempt stuck in sending for more than {minutes} minutes",
            "{count} attempts stuck in sending for more than {minutes} minutes", result["stuck"],
        ).format(count=result["stuck"], minutes=args.lease_minutes))
        return 0
    recovered = result["recovered"]
    if not recovered:
        print("ℹ️  " + _("No attempt is stuck in sending"))
        return 0
    print("✅ " + ngettext(
        "{count} attempt recovered (code interrupted). It may have reached the provider:",
        "{count} attempts recovered (code interrupted). They may have reached the provider:", len(recovered),
    ).format(count=len(recovered)))
    for item in recovered[:50]:
        when = times.utc(datetime.fromisoformat(item["next_retry_at"]), label=True) if item["next_retry_at"] else "—"
        print("  " + _("#{id}: {status}, next try {when}").format(id=item["id"], status=item["status"], when=when))
    return 0


# -- webhooks --------------------------------------------------------------------------------

def cmd_webhooks_reprocess(args: argparse.Namespace) -> int:
    database = common.open_from_args(args)
    ids = [int(i) for i in common.split_values(args.ids)] if args.ids else None
    common.require_writable(database, N_("process webhook logs"))
    report = webhooks.reprocess(database, ids, audit=common.audit_for(database))
    if args.json:
        common.print_json(report.to_json())
    elif report.examined or not report.errors:
        print("✅ " + ngettext(
            "{count} webhook examined: {applied} applied, {unchanged} unchanged, {no_match} with no matching attempt, {ambiguous} ambiguous",
            "{count} webhooks examined: {applied} applied, {unchanged} unchanged, {no_match} with no matching attempt, {ambiguous} ambiguous",
            report.examined,
        ).format(count=report.examined, applied=report.applied, unchanged=report.unchanged, no_match=report.no_match, ambiguous=report.ambiguous))
    common.fail_line(report.errors)
    return 3 if report.errors else 0


# -- list / show -----------------------------------------------------------------------------

def cmd_list(args: argparse.Namespace) -> int:
    database = common.open_from_args(args)
    flt = common.filter_from_args(args)
    page = listing.list_attempts(database, flt, Sort(args.sort, not args.ascending), limit=args.limit)
    if args.json:
        common.print_json([row.__dict__ for row in page.rows])
        return 0
    for row in page.rows:
        created = times.utc(row.created_at) if row.created_at else "????-??-?? ??:??"
        odd = " ⚠" if row.anomalies else ""
        error = f"  {row.error_code}: {engine_text(row.error_message)[:60]}" if row.error_message else ""
        print(
            f"{row.id:>8}  {created}  {row.phone_number:<16} {row.source_app or '-':<17} {row.message_type:<13}"
            f" {row.status:<13} {row.attempt_count}/{row.max_attempts}{odd}{error}"
        )
    more = _(" (more results: --limit)") if page.next_cursor else ""
    print("— " + ngettext("{count} row", "{count} rows", len(page.rows)).format(count=len(page.rows)) + more)
    return 0


# A status as a person reads it, in the run's language (`list`, --json and the filters keep the
# stored codes, which scripts and --status take).
STATUS_LABELS = {
    "pending": N_("Pending"),
    "sending": N_("Sending"),
    "sent": N_("Sent"),
    "delivered": N_("Delivered"),
    "read": N_("Read"),
    "failed": N_("Failed"),
    "failed_retry": N_("Failed, retry scheduled"),
    "failed_final": N_("Failed permanently"),
    "cancelled": N_("Cancelled"),
}


def cmd_show(args: argparse.Namespace) -> int:
    database = common.open_from_args(args)
    detail = get_attempt(database, args.attempt_id)
    if detail is None:
        print("❌ " + _("No attempt #{id}").format(id=args.attempt_id))
        return 1
    kind, category = detail.message_type, detail.category
    sensitive = redaction.is_sensitive_kind(kind, category)
    text = detail.message_content
    hides = sensitive or redaction.holds_secret(text, message_type=kind, category=category)
    # What the provider answered can echo the message's code or password: masked the same way.
    answers = shown_answers.of_detail(detail, reveal=args.reveal)
    if sensitive and not args.reveal:
        text = "•••••••• " + _("(confidential message: --reveal shows it)")
    elif hides and not args.reveal:
        text = redaction.redact(text, message_type=kind, category=category)  # a reset sent as a notification
    elif hides or answers.hides:
        common.audit_for(database).record("reveal", target=f"ids {detail.id}", row_count=1, details={"interface": "cli show"})
    if args.json:
        data = dict(detail.__dict__)
        data["message_content"] = text
        data["provider_response"] = answers.provider_response
        data["error_message"] = answers.error_message
        data["webhooks"] = [dict(w.__dict__, raw_payload=payload) for w, payload in zip(detail.webhooks, answers.payloads, strict=True)]
        common.print_json(data)
        return 0
    # i18n._, not _: the texts are marked (N_) in STATUS_LABELS, where the catalogue finds them.
    status = i18n._(STATUS_LABELS[detail.status]) if detail.status in STATUS_LABELS else detail.status
    print(_("Attempt #{id} — {status} ({count}/{most})").format(id=detail.id, status=status, count=detail.attempt_count, most=detail.max_attempts))
    for label, value in (
        (_("Recipient"), f"{detail.recipient or ''} {detail.phone_number}".strip()),
        (_("Source"), detail.source_app or "—"),
        (_("Type"), _("{type} / {category} (priority {priority})").format(type=detail.message_type, category=detail.category or "—", priority=detail.priority)),
        (_("Title"), detail.title or "—"),
        (_("Created"), times.utc(detail.created_at, seconds=True, label=True)),
        (_("Last try"), times.utc(detail.last_attempt_at, seconds=True, label=True)),
        (_("Next try"), times.utc(detail.next_retry_at, seconds=True, label=True)),
        (_("Sent"), times.utc(detail.sent_at, seconds=True, label=True)),
        (_("Delivered"), times.utc(detail.delivered_at, seconds=True, label=True)),
        (_("Provider id"), detail.provider_message_id or "—"),
        (_("Error"), f"{detail.error_code}: {engine_text(answers.error_message)}" if detail.error_message else "—"),
    ):
        print(f"  {label:<15} {value if value is not None else '—'}")
    print("  " + _("Message:"))
    for line in text.splitlines() or [""]:
        print(f"    {line}")
    if detail.provider_response:
        print("  " + _("Provider answer:"))
        print("    " + json.dumps(answers.provider_response, ensure_ascii=False, sort_keys=True, default=str))
    if detail.anomalies:
        print("  ⚠ " + "; ".join(detail.anomalies))
    if detail.webhooks:
        print("  " + _("Webhooks ({count}):").format(count=len(detail.webhooks)))
        for hook in detail.webhooks[:20]:
            done = _("processed") if hook.processed else _("not processed")
            print(f"    #{hook.id} {times.utc(hook.received_at, seconds=True)} {hook.webhook_type}/{hook.status} {done} {engine_text(hook.processing_error or '')}")
    return 0


# -- registration ----------------------------------------------------------------------------

def add_parsers(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("init-db", help=_("create the V2 tables on a new database"))
    common.add_database_options(p)
    p.set_defaults(handler=cmd_init_db)

    p = sub.add_parser("demo", help=_("fill a new database with realistic demo data"))
    common.add_database_options(p)
    p.add_argument("--count", type=common.positive_int, default=5000, help=_("attempts to create (default 5000)"))
    p.add_argument("--days", type=common.days, default=30, help=_("spread over this many days (default 30)"))
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--no-users", action="store_true", help=_("add no demo users: attempts carry phone numbers only"))
    p.add_argument("--force", action="store_true", help=_("add demo rows even if the database has attempts"))
    p.set_defaults(handler=cmd_demo)

    p = sub.add_parser("stats", help=_("figures for the last days"))
    common.add_database_options(p)
    p.add_argument("--days", type=common.days, default=7)
    p.add_argument("--source-app")
    p.add_argument("--type", dest="message_type")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_stats)

    p = sub.add_parser("cleanup", help=_("delete finished attempts older than N days"))
    common.add_database_options(p)
    p.add_argument("--days", type=common.days, default=30)
    p.add_argument("--dry-run", action="store_true", help=_("count only"))
    p.add_argument("--yes", "-y", action="store_true", help=_("do not ask for confirmation"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_cleanup)

    p = sub.add_parser("cancel", help=_("cancel waiting attempts by id or filter"))
    common.add_database_options(p)
    common.add_filter_options(p)
    p.add_argument("--all", action="store_true", help=_("allow cancelling with no filter at all"))
    p.add_argument("--dry-run", action="store_true", help=_("count only"))
    p.add_argument("--yes", "-y", action="store_true")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_cancel)

    p = sub.add_parser("failures", help=_("failed attempts grouped by cause (error code and message shape)"))
    common.add_database_options(p)
    common.add_filter_options(p)
    p.add_argument("--limit", type=common.positive_int, default=30, help=_("groups shown (default 30)"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_failures)

    p = sub.add_parser("recover-stuck", help=_("give attempts stuck in 'sending' back to the retry schedule"))
    common.add_database_options(p)
    p.add_argument("--lease-minutes", type=common.minutes, default=10)
    p.add_argument("--dry-run", action="store_true")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_recover_stuck)

    p = sub.add_parser("webhooks", help=_("webhook logs"))
    wsub = p.add_subparsers(dest="webhooks_command", required=True)
    r = wsub.add_parser("reprocess", help=_("apply unprocessed webhook logs to their attempts"))
    common.add_database_options(r)
    r.add_argument("--id", dest="ids", action="append", default=[], help=_("only these log ids"))
    r.add_argument("--json", action="store_true")
    r.set_defaults(handler=cmd_webhooks_reprocess)

    p = sub.add_parser("list", help=_("list attempts"))
    common.add_database_options(p)
    common.add_filter_options(p)
    p.add_argument("--sort", choices=SORT_KEYS, default="created_at")
    p.add_argument("--ascending", action="store_true")
    p.add_argument("--limit", type=common.positive_int, default=50)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_list)

    p = sub.add_parser("show", help=_("one attempt in full"))
    common.add_database_options(p)
    p.add_argument("attempt_id", type=common.attempt_id)
    p.add_argument("--reveal", action="store_true", help=_("show the text of credential and OTP messages (audited)"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_show)


__all__ = ["add_parsers"]
