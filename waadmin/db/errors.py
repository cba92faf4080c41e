"""Database failures turned into one sentence a user can act on.

Every layer above catches :class:`DatabaseProblem`; nothing shows a driver traceback to a user.
"""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import exc as sa_exc

from waadmin.domain.messages import N_


class ProblemKind(StrEnum):
    BAD_URL = "bad_url"
    UNREACHABLE = "unreachable"  # server down, network cut, connection dropped
    AUTH = "auth"
    MISSING_DATABASE = "missing_database"
    NOT_A_DATABASE = "not_a_database"
    NO_TABLES = "no_tables"
    SCHEMA = "schema"  # tables present but columns missing
    LOCKED = "locked"
    READ_ONLY = "read_only"
    PERMISSION = "permission"
    REFUSED = "refused"  # waadmin itself refuses (read-only profile)
    DATA = "data"  # this row's values cannot be stored (too long, a character the database refuses)
    DISK_FULL = "disk_full"
    UNKNOWN = "unknown"


# Problems that may go away by themselves: a worker waits and tries again.
TRANSIENT = frozenset({ProblemKind.UNREACHABLE, ProblemKind.LOCKED})


# The messages are English templates (waadmin.domain.messages): the CLI and the window translate
# them where they show them. "the database" stands for a database whose name is not known.
THE_DATABASE = N_("the database")


class DatabaseProblem(Exception):
    def __init__(self, kind: ProblemKind, message: str, *, detail: str = "") -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.detail = detail

    @property
    def transient(self) -> bool:
        return self.kind in TRANSIENT

    def __str__(self) -> str:
        return self.message


class ReadOnlyRefused(DatabaseProblem):
    def __init__(self, action: str = N_("change data")) -> None:
        super().__init__(
            ProblemKind.REFUSED,
            N_("This connection is read-only: waadmin will not {action}.").format(action=action),
        )


def _text_of(error: BaseException) -> str:
    original = getattr(error, "orig", None)
    return str(original if original is not None else error).strip()


def explain(error: BaseException, where: str = THE_DATABASE) -> DatabaseProblem:
    """Classify a driver or SQLAlchemy error; ``where`` names the database without secrets."""
    if isinstance(error, DatabaseProblem):
        return error
    text = _text_of(error)
    low = text.lower()
    first_line = text.splitlines()[0] if text else type(error).__name__

    def problem(kind: ProblemKind, message: str) -> DatabaseProblem:
        return DatabaseProblem(kind, message, detail=first_line)

    if isinstance(error, (sa_exc.ArgumentError, sa_exc.NoSuchModuleError)):
        return problem(ProblemKind.BAD_URL, N_("The database URL is not valid: {detail}").format(detail=first_line))
    if "file is not a database" in low or "file is encrypted" in low:
        return problem(ProblemKind.NOT_A_DATABASE, N_("{where} is not an SQLite database file.").format(where=where))
    if "database is locked" in low or "database table is locked" in low:
        return problem(
            ProblemKind.LOCKED,
            N_("{where} is locked by another program; waadmin will try again.").format(where=where),
        )
    if "database or disk is full" in low or "no space left on device" in low or "could not extend file" in low:
        return problem(ProblemKind.DISK_FULL, N_("{where} is full: free some disk space; waadmin keeps what it could not write and writes it later.").format(where=where))
    if isinstance(error, sa_exc.DataError) or any(
        mark in low for mark in ("cannot be converted to text", "invalid byte sequence", "value too long", "string or blob too big")
    ):
        return problem(ProblemKind.DATA, N_("{where} cannot store this value: {detail}").format(detail=first_line, where=where))
    if "readonly database" in low or "read-only" in low:
        return problem(
            ProblemKind.READ_ONLY,
            N_("{where} is read-only: check the file's permissions or open it read-only.").format(where=where),
        )
    if "unable to open database file" in low:
        return problem(
            ProblemKind.PERMISSION,
            N_("Cannot open {where}: the file or its folder is missing or not accessible.").format(where=where),
        )
    if "password authentication failed" in low or "no password supplied" in low:
        return problem(ProblemKind.AUTH, N_("{where} refused the user name or password.").format(where=where))
    if "does not exist" in low and "database" in low and "relation" not in low:
        return problem(ProblemKind.MISSING_DATABASE, f"{where}: {first_line}")
    if "permission denied" in low or "insufficient privilege" in low:
        return problem(ProblemKind.PERMISSION, N_("{where}: permission denied ({detail}).").format(detail=first_line, where=where))
    if "no such table" in low or ("relation" in low and "does not exist" in low):
        return problem(
            ProblemKind.NO_TABLES,
            N_("{where} has no WhatsApp monitoring tables (run 'waadmin init-db' on a new database).").format(where=where),
        )
    if "no such column" in low or ("column" in low and "does not exist" in low):
        return problem(ProblemKind.SCHEMA, N_("{where} lacks a column waadmin needs: {detail}").format(detail=first_line, where=where))
    unreachable_marks = (
        "connection refused",
        "could not connect",
        "connection failed",
        "server closed the connection",
        "terminating connection",
        "connection timeout",
        "timeout expired",
        "timed out",
        "name or service not known",
        "could not translate host",
        "connection is closed",
        "the connection is lost",
        "consuming input failed",
        "connection not open",
        "ssl connection has been closed",
        "cannot connect",
        "the database system is starting up",
        "the database system is shutting down",
        "no route to host",
        "network is unreachable",
    )
    if any(mark in low for mark in unreachable_marks) or (
        isinstance(error, sa_exc.DBAPIError) and error.connection_invalidated
    ):
        return problem(
            ProblemKind.UNREACHABLE,
            N_("Cannot reach {where}: {detail}").format(detail=first_line, where=where),
        )
    if isinstance(error, sa_exc.DBAPIError | OSError):
        return problem(ProblemKind.UNKNOWN, N_("Database error on {where}: {detail}").format(detail=first_line, where=where))
    return problem(ProblemKind.UNKNOWN, N_("Unexpected error with {where}: {detail}").format(detail=first_line, where=where))
