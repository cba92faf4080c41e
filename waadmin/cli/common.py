"""What every command shares: opening the database, the provider, filters from options."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from datetime import UTC, datetime, timedelta
from typing import Any

from waadmin.cli.i18n import _, engine_text
from waadmin.db.database import Database, open_database
from waadmin.db.errors import DatabaseProblem
from waadmin.db.lost_objects import lost_objects
from waadmin.domain import statuses
from waadmin.domain.filters import AttemptFilter
from waadmin.engine.audit import AuditTrail

log = logging.getLogger(__name__)


class UsageError(Exception):
    """Bad option values: one line, exit status 2."""


# Above this no count, size or duration of waadmin's makes sense, and Python's timedelta or the
# databases' 64-bit integers overflow ("OverflowError", exit 1) before reaching it.
LARGEST = 1_000_000_000
LARGEST_ID = 2**63 - 1


def bounded_int(low: int, high: int):  # noqa: ANN201 - an argparse type
    """An argparse type: a whole number from ``low`` to ``high``, else one clear line (exit 2)."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(_("{text!r} is not a whole number").format(text=text)) from None
        if value < low:
            raise argparse.ArgumentTypeError(_("{value} must be at least {low}").format(value=value, low=low))
        if value > high:
            raise argparse.ArgumentTypeError(_("{value} must be at most {high}").format(value=value, high=f"{high:,}".replace(",", " ")))
        return value

    return parse


positive_int = bounded_int(1, LARGEST)
minutes = bounded_int(1, 7 * 24 * 60)  # leases: a week at most
days = bounded_int(1, 3650)  # windows and ages: ten years, as the stats engine allows
attempt_id = bounded_int(1, LARGEST_ID)


def add_outage_options(parser: argparse.ArgumentParser, *, probes: bool) -> None:
    """The provider-outage settings: how many failures open an endpoint's circuit, and (for the
    worker, which waits an outage out) how long between probes."""
    from waadmin.providers.circuit import DEFAULT_FIRST_BACKOFF, DEFAULT_MAX_BACKOFF, DEFAULT_THRESHOLD

    parser.add_argument(
        "--outage-threshold", type=int, default=DEFAULT_THRESHOLD, metavar="N",
        help=_("consecutive unreachable or 5xx sends that mark a provider endpoint down (default {n})").format(n=DEFAULT_THRESHOLD),
    )
    if probes:
        parser.add_argument("--probe-first", type=float, default=DEFAULT_FIRST_BACKOFF, metavar="SECONDS",
                            help=_("first wait before probing an endpoint that is down (default {seconds})").format(seconds=f"{DEFAULT_FIRST_BACKOFF:g}"))
        parser.add_argument("--probe-max", type=float, default=DEFAULT_MAX_BACKOFF, metavar="SECONDS",
                            help=_("longest wait between probes, the wait doubling up to it (default {seconds})").format(seconds=f"{DEFAULT_MAX_BACKOFF:g}"))


def health_policy_from_args(args: argparse.Namespace):  # noqa: ANN201 - a HealthPolicy
    from waadmin.providers.circuit import DEFAULT_FIRST_BACKOFF, DEFAULT_MAX_BACKOFF, HealthPolicy

    try:
        return HealthPolicy(
            args.outage_threshold,
            getattr(args, "probe_first", DEFAULT_FIRST_BACKOFF),
            getattr(args, "probe_max", DEFAULT_MAX_BACKOFF),
        )
    except ValueError as error:
        raise UsageError(_("invalid outage setting: {error}").format(error=error)) from None


def non_negative_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("{text!r} is not a number").format(text=text)) from None
    if value < 0 or value != value:
        raise argparse.ArgumentTypeError(_("{text} must not be negative").format(text=text))
    if value > LARGEST:
        raise argparse.ArgumentTypeError(_("{text} is too large (at most {largest})").format(text=text, largest=f"{LARGEST:.0e}"))
    return value


def add_database_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group(_("database"))
    group.add_argument(
        "--database",
        "-d",
        metavar="URL",
        help=_("SQLAlchemy URL or SQLite file (default: $WAADMIN_DATABASE_URL, else the embedded database)"),
    )
    group.add_argument("--profile", metavar="NAME", help=_("a saved connection profile (its password comes from the keyring)"))
    group.add_argument("--layout", choices=["v1", "v2"], help=_("force a table layout instead of detecting it"))
    group.add_argument("--read-only", action="store_true", help=_("refuse every change to the data"))
    # Also accepted before the command; SUPPRESS keeps the top level's value (and its
    # environment default) when it is not given here.
    parser.add_argument("--utc-offset", action="store_true", default=argparse.SUPPRESS, help=_("write every time with its UTC offset"))


def _profile_url(name: str) -> tuple[str | None, bool]:
    """The URL and read-only flag of a saved profile; asks for a missing password on a terminal
    (never on the command line, where other users could read it in the process list)."""
    from waadmin.config.profiles import DB_PASSWORD, ProfileStore

    store = ProfileStore()
    book = store.book()
    profile = book.get(name)
    if profile is None:
        known = ", ".join(p.name for p in book.profiles) or _("none saved")
        raise UsageError(_("unknown profile {name!r} ({known})").format(name=name, known=known))
    if book.missing_secrets(profile):
        if not sys.stdin.isatty():
            raise UsageError(
                _("profile {name!r}: no password in the keyring ({why}) and no terminal to ask on").format(name=name, why=store.problem or _("not saved"))
            )
        import getpass

        password = getpass.getpass(_("Password for {url}: ").format(url=profile.shown_url()))
        store.remember_for_session(profile.name, DB_PASSWORD, password)
        return profile.url(password), profile.read_only
    return book.database_url(profile), profile.read_only


def open_from_args(args: argparse.Namespace, *, create: bool | None = None, warn_lost: bool = True) -> Database:
    """The database the options name. ``warn_lost``: say on stderr when waadmin's triggers or
    indexes were lost (doctor, which reports them itself, does not want the line)."""
    url = getattr(args, "database", None)
    read_only = getattr(args, "read_only", False)
    if getattr(args, "profile", None):
        if url:
            raise UsageError(_("use --profile or --database, not both"))
        url, profile_read_only = _profile_url(args.profile)
        read_only = read_only or profile_read_only
    database = open_database(
        url,
        read_only=read_only,
        layout=getattr(args, "layout", None),
        create=create,
    )
    if warn_lost:
        warn_if_objects_lost(database)
    return database


def warn_if_objects_lost(database: Database) -> None:
    """One line on stderr when waadmin's triggers or indexes were installed and are gone (see
    waadmin.db.lost_objects); nothing for a Django database where they never were."""
    try:
        lost = lost_objects(database)
    except DatabaseProblem as problem:  # the command itself will meet it and say it better
        log.debug("lost objects not checked: %s", problem)
        return
    if lost:
        print(
            "⚠️  " + _(
                "waadmin's objects lost on {table}: {names} (a Django migration that rebuilt the table drops them); stats and "
                "search read the attempts directly, slower, until 'waadmin doctor --apply' reinstalls them."
            ).format(table=database.layout.attempt_table, names=", ".join(engine_text(name) for name in lost.names())),
            file=sys.stderr,
        )


def describe_database(database: Database) -> str:
    """ "db.sqlite3 — layout V2, read-only", in this run's language."""
    text = _("{name} — layout {layout}").format(name=database.display_name, layout=database.layout.key.upper())
    return text + (_(", read-only") if database.read_only else "")


def describe_filter(flt: AttemptFilter) -> str:
    """The filter as options (``status=failed type=otp``), or "all attempts" in words."""
    words = flt.describe()
    return _("all attempts") if words == "all attempts" else words


def audit_for(database: Database) -> AuditTrail:
    return AuditTrail(database, "cli")


def _parse_when(text: str, name: str) -> datetime:
    value = text.strip()
    now = datetime.now(UTC)
    units = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}
    if len(value) > 1 and value[-1] in units and value[:-1].isdigit():
        return now - timedelta(**{units[value[-1]]: int(value[:-1])})
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise UsageError(_("{option}: {text!r} is not a date (YYYY-MM-DD, YYYY-MM-DDTHH:MM, or 30m/12h/7d)").format(option=name, text=text)) from None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def parse_age(text: str, name: str = "--older-than") -> timedelta:
    """An age such as 30m, 24h, 7d or 2w (a plain number is hours)."""
    value = text.strip().lower()
    units = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}
    unit = units.get(value[-1:])
    digits = value[:-1] if unit else value
    if not digits.isdigit() or int(digits) > LARGEST // 3600:
        raise UsageError(_("{option}: {text!r} is not an age (30m, 24h, 7d, 2w)").format(option=name, text=text))
    age = timedelta(**{unit or "hours": int(digits)})
    if age < timedelta(minutes=1):
        raise UsageError(_("{option}: at least one minute").format(option=name))
    return age


def add_filter_options(parser: argparse.ArgumentParser, *, source_app: bool = True) -> None:
    group = parser.add_argument_group(_("filters (combined with AND; repeat or comma-separate values)"))
    group.add_argument("--status", action="append", default=[], help=_("status: {statuses}").format(statuses=", ".join(statuses.ALL)))
    group.add_argument("--type", dest="message_type", action="append", default=[], help=_("message type (otp, colis_status…)"))
    if source_app:
        group.add_argument("--source-app", action="append", default=[], help=_("source application (agent_chine…)"))
    group.add_argument("--priority", action="append", default=[], help=_("priority 1 (highest) to 5"))
    group.add_argument("--region", action="append", default=[], help=_("region_override: chine, mali, system, or auto"))
    group.add_argument("--category", action="append", default=[], help=_("category (creation_compte…)"))
    group.add_argument("--error-code", action="append", default=[], help=_("error code (timeout, invalid_number…)"))
    group.add_argument("--since", help=_("created at or after: 2025-10-01, 2025-10-01T08:00, or 30m / 12h / 7d ago"))
    group.add_argument("--until", help=_("created before (same formats)"))
    group.add_argument("--search", default="", help=_("text in phone, title, category, error, provider id"))
    group.add_argument("--id", dest="ids", action="append", default=[], help=_("attempt id (repeatable)"))
    group.add_argument("--error-like", default="", metavar="TEMPLATE", help=_("a failure group's message template, as `waadmin failures` shows it"))


def split_values(values: list[str]) -> list[str]:
    """Repeatable options that also take comma-separated values: `--status a,b --status c`."""
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def filter_from_args(args: argparse.Namespace) -> AttemptFilter:
    status_values = split_values(getattr(args, "status", []))
    unknown = [s for s in status_values if s not in statuses.ALL]
    if unknown:
        raise UsageError(_("unknown status: {unknown} (valid: {valid})").format(unknown=", ".join(unknown), valid=", ".join(statuses.ALL)))
    priorities: set[int] = set()
    for value in split_values(getattr(args, "priority", [])):
        if not value.isdigit() or not 1 <= int(value) <= 5:
            raise UsageError(_("invalid priority: {value!r} (1 to 5)").format(value=value))
        priorities.add(int(value))
    ids: set[int] = set()
    for value in split_values(getattr(args, "ids", [])):
        if not value.isdigit() or not 1 <= int(value) <= LARGEST_ID:
            raise UsageError(_("invalid id: {value!r}").format(value=value))
        ids.add(int(value))
    source_apps = getattr(args, "source_app", None) or []
    if isinstance(source_apps, str):  # `retry --source-app` takes one app, as in the reference
        source_apps = [source_apps]
    regions = {"" if r in ("auto", "none", "") else r for r in split_values(getattr(args, "region", []))}
    since = _parse_when(args.since, "--since") if getattr(args, "since", None) else None
    until = _parse_when(args.until, "--until") if getattr(args, "until", None) else None
    if since and until and since >= until:
        raise UsageError(_("--since must come before --until"))
    return AttemptFilter(
        statuses=frozenset(status_values),
        message_types=frozenset(split_values(getattr(args, "message_type", []))),
        source_apps=frozenset(split_values(source_apps)),
        priorities=frozenset(priorities),
        regions=frozenset(regions),
        categories=frozenset(split_values(getattr(args, "category", []))),
        error_codes=frozenset(split_values(getattr(args, "error_code", []))),
        created_from=since,
        created_to=until,
        search=getattr(args, "search", "") or "",
        ids=frozenset(ids),
        error_like=(getattr(args, "error_like", "") or "").strip(),
    )


def confirm(question: str, assume_yes: bool) -> bool:
    """Ask before a destructive action; with no terminal to ask on, refuse (one line, exit 2).
    The question goes to stderr, so that `--json` output on stdout stays machine-readable even
    when a person answers it."""
    if assume_yes:
        return True
    if not sys.stdin.isatty():
        raise UsageError(_("{question} — no terminal to confirm: add --yes").format(question=question))
    print(f"{question} {_('[y/N]')} ", end="", file=sys.stderr, flush=True)
    answer = input().strip().lower()
    # Either language's yes, whichever the question was asked in.
    return answer in ("o", "oui", "y", "yes")


def require_writable(database: Any, action: str) -> None:
    """Refuse a command that changes data on a read-only connection before it does anything, so
    that nothing is printed as done (one line on stderr, exit 3, by the entry point)."""
    if database.read_only:
        from waadmin.db.errors import ReadOnlyRefused

        raise ReadOnlyRefused(action)


def fail_line(errors: list[str]) -> None:
    """A refused or failed write: its first error, one line on stderr (the exit status says 3)."""
    if errors:
        print(f"waadmin: {engine_text(errors[0])}", file=sys.stderr)


def print_json(data: Any) -> None:
    import json

    print(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def env_flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in ("1", "true", "yes", "on")


def shown_count(count: int, estimated: bool) -> str:
    """A count as printed: "≈ 1234" where it was estimated from a sample (the retry queue's
    split past a long backlog), the plain number where it is exact."""
    return f"≈ {count}" if estimated else str(count)
