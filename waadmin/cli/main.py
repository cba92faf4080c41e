"""Entry point of the ``waadmin`` command. Every failure a user can cause or meet ends in one
clear line and a non-zero exit status, never a traceback:
2 bad usage, 3 database problem, 4 provider not configured, 5 provider unreachable (retry),
130 interrupted, 141 output closed early (``waadmin list | head``)."""

from __future__ import annotations

import argparse
import contextlib
import importlib
import logging
import os
import sys

from waadmin import __version__
from waadmin.cli import commands, common, doctor_cmd, export_cmd, i18n, redact_cmd, retry_cmd, times, worker_cmd
from waadmin.cli.i18n import _
from waadmin.config import log_files
from waadmin.db.errors import DatabaseProblem

EXIT_USAGE = 2
EXIT_DATABASE = 3
EXIT_PROVIDER = 4
EXIT_INTERRUPTED = 130
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE, as `yes | head` reports it


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="waadmin",
        description=_("Admin console for the WhatsApp notification attempts. With no command, opens the desktop app."),
    )
    parser.add_argument("--version", action="version", version=f"waadmin {__version__}", help=_("show program's version number and exit"))
    # Taken out of the arguments before parsing (it may come after the command too, and the
    # help itself must be in its language); listed here so that `waadmin --help` shows it.
    parser.add_argument(
        "--lang", choices=i18n.LANGUAGES, metavar="fr|en",
        help=_("language of every text: fr or en (default: $WAADMIN_LANG, else the locale, else English)"),
    )
    parser.add_argument(
        "--log-level", default=os.environ.get("WAADMIN_LOG_LEVEL", "WARNING"), metavar="LEVEL",
        help=_("how much to log on stderr: DEBUG, INFO, WARNING (default, or WAADMIN_LOG_LEVEL), ERROR"),
    )
    parser.add_argument(
        "--utc-offset", action="store_true", default=common.env_flag(times.ENV),
        help=_("write every time with its UTC offset (also after the command, or {env}=1)").format(env=times.ENV),
    )
    # Handled as the desktop app's option (arrange() moves it after "gui"); listed here so that
    # `waadmin --help` shows it.
    parser.add_argument("--self-test", action="store_true", help=_("start the desktop app offscreen on a temporary database, check everything, exit"))
    sub = parser.add_subparsers(dest="command", metavar="command", title=_("commands"))
    gui = sub.add_parser("gui", help=_("open the desktop app (the default)"))
    common.add_database_options(gui)
    gui.add_argument("--self-test", action="store_true", help=_("start offscreen on a temporary database, check everything, exit"))
    gui.set_defaults(handler=_run_gui)
    retry_cmd.add_parser(sub)
    commands.add_parsers(sub)
    doctor_cmd.add_parser(sub)
    export_cmd.add_parser(sub)
    redact_cmd.add_parser(sub)
    worker_cmd.add_parser(sub)
    return parser


def _display_problem(args: argparse.Namespace) -> str:
    """Why Qt could not open a window here, said before Qt aborts the process with a message of its
    own; empty when it can (or when the self-test, which needs no display, was asked for)."""
    if getattr(args, "self_test", False) or not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return ""
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        return _(
            "no display: start waadmin from a desktop session, or set QT_QPA_PLATFORM=offscreen "
            "(no window is shown); 'waadmin --self-test' checks the app without a display"
        )
    if not os.environ.get("WAYLAND_DISPLAY"):
        import ctypes.util

        missing = [lib for lib in ("xcb-cursor", "xkbcommon-x11", "EGL") if ctypes.util.find_library(lib) is None]
        if missing:
            packages = {"xcb-cursor": "libxcb-cursor0", "xkbcommon-x11": "libxkbcommon-x11-0", "EGL": "libegl1"}
            return _("Qt needs X11 libraries that are missing: sudo apt-get install {packages}").format(packages=" ".join(packages[m] for m in missing))
    return ""


def _run_gui(args: argparse.Namespace) -> int:
    problem = _display_problem(args)
    if problem:
        print(f"waadmin: {problem}", file=sys.stderr)
        return 1
    # By name, not by an import statement: the command line never depends on the window (the
    # layer contracts in pyproject.toml), and a server without Qt's libraries still runs every
    # other command.
    try:
        run_gui = importlib.import_module("waadmin.ui.launch").run_gui
    except ImportError as exc:
        print("waadmin: " + _("the desktop app cannot start: {error}").format(error=exc), file=sys.stderr)
        return 1
    return run_gui(args)


def _stdio_utf8() -> None:
    # French text and emoji on a cron job's C locale must not crash the report.
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None and (stream.encoding or "").lower() not in ("utf-8", "utf8"):
            with contextlib.suppress(ValueError, OSError):
                reconfigure(encoding="utf-8", errors="replace")


# Options that may come before the command ("waadmin --database URL stats"); with a value or not.
_LEADING_WITH_VALUE = ("--database", "-d", "--profile", "--layout", "--log-level")
_TOP_LEVEL = ("--log-level",)
_LEADING_FLAGS = ("--read-only",)
_TOP_LEVEL_FLAGS = ("--utc-offset",)


def arrange(argv: list[str], commands: set[str]) -> list[str]:
    """Moves database options written before the command to after it, and makes the desktop
    app the command when none is given."""
    leading: list[str] = []
    top: list[str] = []
    index = 0
    while index < len(argv):
        token = argv[index]
        name = token.split("=", 1)[0]
        if token in commands:
            return [*top, token, *leading, *argv[index + 1 :]]
        if name in _LEADING_WITH_VALUE:
            step = 1 if "=" in token else 2
            (top if name in _TOP_LEVEL else leading).extend(argv[index : index + step])
            index += step
        elif token in _TOP_LEVEL_FLAGS:
            top.append(token)
            index += 1
        elif token in _LEADING_FLAGS or token == "--self-test":
            leading.append(token)
            index += 1
        else:
            break
    if index == 0 and argv:
        return argv  # a command, or -h/--version, or something argparse will explain
    return [*top, "gui", *leading, *argv[index:]]


def take_language(argv: list[str]) -> tuple[str | None, list[str]]:
    """``--lang fr`` / ``--lang=fr`` wherever it is written, and the arguments without it."""
    rest: list[str] = []
    chosen: str | None = None
    index = 0
    while index < len(argv):
        token = argv[index]
        if token == "--":
            rest.extend(argv[index:])
            break
        if token == "--lang" and index + 1 < len(argv):
            chosen = argv[index + 1]
            index += 2
            continue
        if token.startswith("--lang="):
            chosen = token.split("=", 1)[1]
            index += 1
            continue
        rest.append(token)
        index += 1
    return chosen, rest


def main(argv: list[str] | None = None) -> int:
    _stdio_utf8()
    argv = list(sys.argv[1:] if argv is None else argv)
    chosen, argv = take_language(argv)
    i18n.use(i18n.choose(chosen))
    if chosen is not None and chosen not in i18n.LANGUAGES:
        print("waadmin: " + _("--lang: {value!r} is not a language of waadmin (fr or en)").format(value=chosen), file=sys.stderr)
        return EXIT_USAGE
    parser = build_parser()
    commands = set(_subcommands(parser))
    argv = arrange(argv, commands)
    args = parser.parse_args(argv)
    times.configure(args.utc_offset)
    interface = args.command if args.command in ("gui", "worker") else "cli"
    # The self-test promises to leave the user's folders alone: no log file for it.
    log_files.setup(interface, args.log_level, to_file=not getattr(args, "self_test", False))
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return EXIT_USAGE
    try:
        return int(handler(args) or 0)
    except common.UsageError as exc:
        print(f"waadmin: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except DatabaseProblem as problem:
        print(f"waadmin: {i18n.engine_text(problem.message)}", file=sys.stderr)
        return EXIT_DATABASE
    except KeyboardInterrupt:
        print("waadmin: " + _("interrupted"), file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader went away (`waadmin list | head`): end quietly, as Unix tools do. Python
        # would otherwise complain once more when it flushes stdout at exit.
        with contextlib.suppress(OSError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        return EXIT_BROKEN_PIPE
    except Exception as exc:  # the last line of defence: still one line, and the log has the rest
        from waadmin.cli.provider import ProviderNotConfigured

        if isinstance(exc, ProviderNotConfigured):
            print("waadmin: " + _("provider not configured: {reason}").format(reason=i18n.engine_text(str(exc))), file=sys.stderr)
            return EXIT_PROVIDER
        if isinstance(exc, ValueError):
            print(f"waadmin: {i18n.engine_text(str(exc))}", file=sys.stderr)
            return EXIT_USAGE
        # The whole traceback goes to the log file; the terminal gets one line saying where.
        logging.getLogger("waadmin").error("unexpected error", exc_info=True, extra={"file_only": True})
        print(
            "waadmin: " + _("unexpected error: {kind}: {error} (details: {log})").format(kind=type(exc).__name__, error=exc, log=log_files.log_file(interface)),
            file=sys.stderr,
        )
        return 1


def _subcommands(parser: argparse.ArgumentParser) -> list[str]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return list(action.choices)
    return []


if __name__ == "__main__":
    raise SystemExit(main())
