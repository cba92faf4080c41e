"""Where waadmin writes its log, and how: one rotating file per interface (the window, the
command line, the worker) in the user's log folder, beside what the command line prints.

Errors used to reach only stderr: a window started from a desktop menu has none, so an
unexpected error left no trace. Now every process logs INFO and above to its file (2 MB, five
old files kept), and the console keeps the level the user asked for.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import sys
from pathlib import Path

from platformdirs import user_log_path

MAX_BYTES = 2 * 1024 * 1024
BACKUPS = 5
FILE_FORMAT = "%(asctime)s %(process)d %(threadName)s %(levelname)s %(name)s: %(message)s"
CONSOLE_FORMAT = "%(levelname)s %(name)s: %(message)s"
_MARK = "_waadmin_handler"


def log_folder() -> Path:
    return user_log_path("waadmin", appauthor=False)


def log_file(interface: str) -> Path:
    return log_folder() / f"waadmin-{interface}.log"


class _FolderMakingHandler(logging.handlers.RotatingFileHandler):
    """Makes its folder when it first writes: a run that logs nothing leaves no trace."""

    def _open(self):  # noqa: ANN202 - the base class's
        Path(self.baseFilename).parent.mkdir(parents=True, exist_ok=True)
        return super()._open()


# Libraries that log every request at INFO: a worker sending 80 messages a second would fill its
# file with them.
QUIET_LIBRARIES = ("httpx", "httpcore", "urllib3")


def setup(interface: str, console_level: str | int = "WARNING", *, console: bool = True, to_file: bool = True) -> Path | None:
    """Log to the interface's file (INFO and up) and, if ``console``, to stderr at
    ``console_level``. Returns the file, or None when it cannot be written (a read-only home):
    waadmin then runs with the console alone rather than not at all. Calling it again replaces
    what an earlier call installed (tests start the app many times in one process)."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, _MARK, False):
            root.removeHandler(handler)
            handler.close()
    level = console_level if isinstance(console_level, int) else getattr(logging, str(console_level).upper(), logging.WARNING)
    root.setLevel(min(level, logging.INFO))
    if console:
        stream = logging.StreamHandler(sys.stderr)
        stream.setLevel(level)
        stream.setFormatter(logging.Formatter(CONSOLE_FORMAT))
        stream.addFilter(lambda record: not getattr(record, "file_only", False))
        setattr(stream, _MARK, True)
        root.addHandler(stream)
    for name in QUIET_LIBRARIES:
        logging.getLogger(name).setLevel(logging.DEBUG if level <= logging.DEBUG else logging.WARNING)
    if not to_file:
        return None
    path = log_file(interface)
    try:
        handler = _FolderMakingHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8", delay=True)
    except OSError as error:
        logging.getLogger(__name__).warning("no log file (%s): %s", path, error)
        return None
    handler.setLevel(min(level, logging.INFO))
    handler.setFormatter(logging.Formatter(FILE_FORMAT))
    setattr(handler, _MARK, True)
    root.addHandler(handler)
    logging.getLogger(__name__).debug("logging to %s (pid %s)", path, os.getpid())
    return path
