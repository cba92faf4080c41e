"""``waadmin export``: the filtered list to a CSV or JSON file, streamed page by page with the
GUI's columns; secrets masked unless --reveal (audited)."""

from __future__ import annotations

import argparse
from pathlib import Path

from waadmin.cli import common
from waadmin.cli.i18n import _, ngettext
from waadmin.domain.filters import SORT_KEYS, Sort
from waadmin.engine import export


def _format(args: argparse.Namespace) -> str:
    if args.format:
        return args.format
    return "json" if Path(args.output).suffix.lower() == ".json" else "csv"


def cmd_export(args: argparse.Namespace) -> int:
    target = Path(args.output)
    if target.is_dir():
        raise common.UsageError(_("--output {path}: is a folder, give a file name").format(path=args.output))
    database = common.open_from_args(args)
    flt = common.filter_from_args(args)
    fmt = _format(args)
    report = export.export_attempts(
        database, target, flt, Sort(args.sort, not args.ascending), fmt=fmt, reveal=args.reveal, audit=common.audit_for(database),
    )
    if args.json:
        common.print_json({"path": str(report.path), "rows": report.rows, "format": fmt, "revealed": args.reveal, "filter": flt.describe()})
    else:
        shown = _(" (secrets revealed, audited)") if args.reveal else ""
        written = ngettext("{count} row written to {path} ({format})", "{count} rows written to {path} ({format})", report.rows)
        print("✅ " + written.format(count=report.rows, path=report.path, format=fmt.upper()) + shown)
    return 0


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("export", help=_("write the filtered list to a CSV or JSON file (secrets masked)"))
    common.add_database_options(p)
    common.add_filter_options(p)
    p.add_argument("--output", "-o", required=True, metavar="FILE", help=_("the file to write (replaced only once complete)"))
    p.add_argument("--format", choices=export.FORMATS, help=_("csv (for spreadsheets, formulas neutralised) or json; default from the file name, else csv"))
    p.add_argument("--sort", choices=SORT_KEYS, default="created_at")
    p.add_argument("--ascending", action="store_true")
    p.add_argument("--reveal", action="store_true", help=_("write credential and OTP texts in clear (audited)"))
    p.add_argument("--json", action="store_true", help=_("report on stdout as JSON"))
    p.set_defaults(handler=cmd_export)
