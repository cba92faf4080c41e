"""Where the database is: ``--database``, then ``WAADMIN_DATABASE_URL``, then the embedded file."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_path
from sqlalchemy.engine import URL, make_url

from waadmin.db.errors import DatabaseProblem, ProblemKind
from waadmin.domain.messages import N_

ENV_VAR = "WAADMIN_DATABASE_URL"
EMBEDDED_FILENAME = "waadmin.sqlite3"


def embedded_path() -> Path:
    return user_data_path("waadmin", appauthor=False) / EMBEDDED_FILENAME


def embedded_url() -> str:
    return f"sqlite:///{embedded_path()}"


def resolve(explicit: str | None = None) -> tuple[str, bool]:
    """The URL to open and whether it is the embedded default."""
    if explicit:
        return explicit, False
    from_env = os.environ.get(ENV_VAR, "").strip()
    if from_env:
        return from_env, False
    return embedded_url(), True


def parse(raw: str) -> URL:
    """Accept SQLAlchemy URLs, ``postgres://`` shorthands and bare SQLite file paths."""
    text = raw.strip()
    if not text:
        raise DatabaseProblem(ProblemKind.BAD_URL, N_("The database URL is empty."))
    if "://" not in text:
        if text.startswith(("postgres:", "postgresql:", "sqlite:")):
            raise DatabaseProblem(
                ProblemKind.BAD_URL,
                N_("The database URL is not valid: {url} (expected e.g. postgresql://user@host/db)").format(url=mask(text)),
            )
        return make_url(f"sqlite:///{Path(text).expanduser().resolve()}")
    try:
        url = make_url(text)
    except Exception as exc:  # sqlalchemy raises ArgumentError, ValueError on bad ports
        raise DatabaseProblem(
            ProblemKind.BAD_URL, N_("The database URL is not valid: {url} ({error})").format(url=mask(text), error=exc)
        ) from None
    backend = url.get_backend_name()
    if backend in ("postgres", "postgresql"):
        url = url.set(drivername="postgresql+psycopg")
    elif backend != "sqlite":
        raise DatabaseProblem(
            ProblemKind.BAD_URL,
            N_("Unsupported database '{backend}': waadmin works with SQLite and PostgreSQL.").format(backend=backend),
        )
    try:
        url.port  # noqa: B018 - raises on a non-numeric port
    except ValueError:
        raise DatabaseProblem(ProblemKind.BAD_URL, N_("The port in {url} is not a number.").format(url=mask(text))) from None
    return url


def mask(raw: str | URL) -> str:
    """The URL with its password hidden: the only form that may reach a screen or a log."""
    try:
        url = raw if isinstance(raw, URL) else make_url(raw)
        return url.render_as_string(hide_password=True)
    except Exception:
        text = str(raw)
        if "@" in text and "://" in text:
            scheme, rest = text.split("://", 1)
            return f"{scheme}://***@{rest.rsplit('@', 1)[1]}"
        return text


def describe(url: URL) -> str:
    """Short human name: the file for SQLite, host/database for PostgreSQL."""
    if url.get_backend_name() == "sqlite":
        return f"SQLite {url.database or ':memory:'}"
    host = url.host or "localhost"
    port = f":{url.port}" if url.port else ""
    return f"PostgreSQL {url.username + '@' if url.username else ''}{host}{port}/{url.database or ''}"
