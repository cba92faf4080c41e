"""``waadmin redact``: mask the passwords, codes and reset tokens of finished sensitive messages
older than a policy (waadmin.engine.redact); counts and shows a masked sample first."""

from __future__ import annotations

import argparse

from waadmin.cli import common
from waadmin.cli.i18n import _, engine_text, ngettext
from waadmin.domain.messages import N_
from waadmin.engine import redact as redact_engine


def _print_sample(report: redact_engine.RedactReport) -> None:
    for attempt_id, text in report.sample:
        lines = text.splitlines() or [""]
        print(f"  #{attempt_id}: {lines[0]}")
        for line in lines[1:6]:
            print(f"          {line}")


def cmd_redact(args: argparse.Namespace) -> int:
    database = common.open_from_args(args)
    older_than = common.parse_age(args.older_than)
    flt = common.filter_from_args(args)
    if not args.dry_run:
        common.require_writable(database, N_("redact messages"))
    plan = redact_engine.redact(database, older_than, flt, dry_run=True)
    if plan.error:
        common.fail_line([engine_text(plan.error)])
        return 3
    age = args.older_than.strip()
    if args.dry_run or plan.matched == 0:
        if args.json:
            common.print_json(plan.to_json())
        else:
            print("🔍 " + ngettext(
                "{count} finished sensitive message older than {age} would be masked ({filter})",
                "{count} finished sensitive messages older than {age} would be masked ({filter})", plan.matched,
            ).format(count=plan.matched, age=age, filter=common.describe_filter(flt)))
            if plan.sample:
                print(_("Sample (masked):"))
                _print_sample(plan)
        return 0
    # As for cleanup and cancel, --json does not answer the question: only --yes does.
    question = ngettext(
        "Mask the secrets of {count} message finished longer ago than {age}? This cannot be undone",
        "Mask the secrets of {count} messages finished longer ago than {age}? This cannot be undone", plan.matched,
    ).format(count=plan.matched, age=age)
    if not common.confirm(question, args.yes):
        print(_("Cancelled, nothing was masked."))
        return 1
    report = redact_engine.redact(
        database, older_than, flt, chunk=args.chunk, audit=common.audit_for(database), total=plan.examined, interface_detail="cli redact"
    )
    if args.json:
        common.print_json(report.to_json())
    elif report.redacted or not report.error:
        skipped = ngettext(", {count} left as it was (changed meanwhile)", ", {count} left as they were (changed meanwhile)", report.skipped) if report.skipped else ""
        done = ngettext("{count} message masked", "{count} messages masked", report.redacted).format(count=report.redacted)
        print("✅ " + done + skipped.format(count=report.skipped))
    if report.error:
        common.fail_line([_("redaction stopped after {count} message(s): {error}").format(count=report.redacted, error=engine_text(report.error))])
    return 3 if report.error else 0


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("redact", help=_("mask passwords, codes and reset tokens in finished sensitive messages (irreversible)"))
    common.add_database_options(p)
    common.add_filter_options(p)
    p.add_argument("--older-than", default="24h", metavar="AGE", help=_("finished longer ago than this: 30m, 24h (default), 7d, 2w"))
    p.add_argument("--chunk", type=common.bounded_int(1, 5000), default=redact_engine.DEFAULT_CHUNK, help=_("rows per committed update (default %(default)s)"))
    p.add_argument("--dry-run", action="store_true", help=_("count and show a masked sample, change nothing"))
    p.add_argument("--yes", "-y", action="store_true", help=_("do not ask for confirmation"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_redact)
