"""``waadmin redact``: mask the passwords, codes and reset tokens of finished sensitive messages
older than a policy (waadmin.engine.redact); counts and shows a masked sample first."""

from __future__ import annotations

import argparse

from waadmin.cli import common
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
        common.require_writable(database, "redact messages")
    plan = redact_engine.redact(database, older_than, flt, dry_run=True)
    if plan.error:
        common.fail_line([plan.error])
        return 3
    age = args.older_than.strip()
    if args.dry_run or plan.matched == 0:
        if args.json:
            common.print_json(plan.to_json())
        else:
            print(f"🔍 {plan.matched} message(s) sensible(s) terminé(s) depuis plus de {age} seraient masqué(s) ({flt.describe()})")
            if plan.sample:
                print("Exemple (déjà masqué) / sample (masked):")
                _print_sample(plan)
        return 0
    # As for cleanup and cancel, --json does not answer the question: only --yes does.
    if not common.confirm(f"Masquer les secrets de {plan.matched} message(s) terminé(s) depuis plus de {age} ? C'est définitif", args.yes):
        print("Annulé, rien n'a été masqué.")
        return 1
    report = redact_engine.redact(
        database, older_than, flt, chunk=args.chunk, audit=common.audit_for(database), total=plan.examined, interface_detail="cli redact"
    )
    if args.json:
        common.print_json(report.to_json())
    elif report.redacted or not report.error:
        skipped = f", {report.skipped} laissé(s) tel(s) quel(s) (modifié(s) entre-temps)" if report.skipped else ""
        print(f"✅ {report.redacted} message(s) masqué(s){skipped}")
    if report.error:
        common.fail_line([f"masquage interrompu après {report.redacted} message(s) / redaction stopped after {report.redacted}: {report.error}"])
    return 3 if report.error else 0


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("redact", help="mask passwords, codes and reset tokens in finished sensitive messages (irreversible)")
    common.add_database_options(p)
    common.add_filter_options(p)
    p.add_argument("--older-than", default="24h", metavar="AGE", help="finished longer ago than this: 30m, 24h (default), 7d, 2w")
    p.add_argument("--chunk", type=common.bounded_int(1, 5000), default=redact_engine.DEFAULT_CHUNK, help="rows per committed update (default %(default)s)")
    p.add_argument("--dry-run", action="store_true", help="count and show a masked sample, change nothing")
    p.add_argument("--yes", "-y", action="store_true", help="do not ask for confirmation")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_redact)
