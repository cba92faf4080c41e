"""The window's words for the texts the engine, the database layer and the providers hand to
people (waadmin.domain.messages): a webhook's processing error, a database problem, a provider
failure. Those layers keep them in English (stored so in the webhook table, raised so in a
DatabaseProblem); here each is listed with a literal QCoreApplication.translate("EngineText", …)
that pyside6-lupdate finds, and :func:`translate` turns a finished sentence into the window's
language. The command line translates the same texts through its gettext catalogue;
tests/cli/test_language.py checks that this list is exactly the engine's marked texts."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from waadmin.domain import messages

_cache: tuple[str, dict[str, str]] | None = None


def _table() -> dict[str, str]:
    """Each English text with its translation in the window's current language."""
    return {
        "{file} is a folder, not a database file.": QCoreApplication.translate("EngineText", "{file} is a folder, not a database file."),
        "There is no database file at {file} (run 'waadmin init-db --database {file}' to create one).": QCoreApplication.translate("EngineText", "There is no database file at {file} (run 'waadmin init-db --database {file}' to create one)."),
        "Unknown layout {layout}: use v1 or v2.": QCoreApplication.translate("EngineText", "Unknown layout {layout}: use v1 or v2."),
        "{where} has no WhatsApp monitoring tables (neither whatsapp_monitoring_attempts nor agent_chine_whatsapp_monitoring). Run 'waadmin init-db' to create them on a new database.": QCoreApplication.translate("EngineText", "{where} has no WhatsApp monitoring tables (neither whatsapp_monitoring_attempts nor agent_chine_whatsapp_monitoring). Run 'waadmin init-db' to create them on a new database."),
        "{where} has the {layout} tables but lacks {columns}": QCoreApplication.translate("EngineText", "{where} has the {layout} tables but lacks {columns}"),
        "the database": QCoreApplication.translate("EngineText", "the database"),
        "change data": QCoreApplication.translate("EngineText", "change data"),
        "Unexpected error with {where}: {detail}": QCoreApplication.translate("EngineText", "Unexpected error with {where}: {detail}"),
        "This connection is read-only: waadmin will not {action}.": QCoreApplication.translate("EngineText", "This connection is read-only: waadmin will not {action}."),
        "The database URL is not valid: {detail}": QCoreApplication.translate("EngineText", "The database URL is not valid: {detail}"),
        "{where} is not an SQLite database file.": QCoreApplication.translate("EngineText", "{where} is not an SQLite database file."),
        "{where} is locked by another program; waadmin will try again.": QCoreApplication.translate("EngineText", "{where} is locked by another program; waadmin will try again."),
        "{where} is full: free some disk space; waadmin keeps what it could not write and writes it later.": QCoreApplication.translate("EngineText", "{where} is full: free some disk space; waadmin keeps what it could not write and writes it later."),
        "{where} cannot store this value: {detail}": QCoreApplication.translate("EngineText", "{where} cannot store this value: {detail}"),
        "{where} is read-only: check the file's permissions or open it read-only.": QCoreApplication.translate("EngineText", "{where} is read-only: check the file's permissions or open it read-only."),
        "Cannot open {where}: the file or its folder is missing or not accessible.": QCoreApplication.translate("EngineText", "Cannot open {where}: the file or its folder is missing or not accessible."),
        "{where} refused the user name or password.": QCoreApplication.translate("EngineText", "{where} refused the user name or password."),
        "{where}: permission denied ({detail}).": QCoreApplication.translate("EngineText", "{where}: permission denied ({detail})."),
        "{where} has no WhatsApp monitoring tables (run 'waadmin init-db' on a new database).": QCoreApplication.translate("EngineText", "{where} has no WhatsApp monitoring tables (run 'waadmin init-db' on a new database)."),
        "{where} lacks a column waadmin needs: {detail}": QCoreApplication.translate("EngineText", "{where} lacks a column waadmin needs: {detail}"),
        "Cannot reach {where}: {detail}": QCoreApplication.translate("EngineText", "Cannot reach {where}: {detail}"),
        "Database error on {where}: {detail}": QCoreApplication.translate("EngineText", "Database error on {where}: {detail}"),
        "the list sorted by creation date and its next pages; the dashboard's date windows": QCoreApplication.translate("EngineText", "the list sorted by creation date and its next pages; the dashboard's date windows"),
        "declared by the Django migration": QCoreApplication.translate("EngineText", "declared by the Django migration"),
        "the list filtered by status, newest first, and its next pages": QCoreApplication.translate("EngineText", "the list filtered by status, newest first, and its next pages"),
        "stats summary triggers": QCoreApplication.translate("EngineText", "stats summary triggers"),
        "text-search index triggers": QCoreApplication.translate("EngineText", "text-search index triggers"),
        "The database URL is empty.": QCoreApplication.translate("EngineText", "The database URL is empty."),
        "The database URL is not valid: {url} (expected e.g. postgresql://user@host/db)": QCoreApplication.translate("EngineText", "The database URL is not valid: {url} (expected e.g. postgresql://user@host/db)"),
        "The database URL is not valid: {url} ({error})": QCoreApplication.translate("EngineText", "The database URL is not valid: {url} ({error})"),
        "Unsupported database '{backend}': waadmin works with SQLite and PostgreSQL.": QCoreApplication.translate("EngineText", "Unsupported database '{backend}': waadmin works with SQLite and PostgreSQL."),
        "The port in {url} is not a number.": QCoreApplication.translate("EngineText", "The port in {url} is not a number."),
        "{days} days": QCoreApplication.translate("EngineText", "{days} days"),
        "Empty provider message id": QCoreApplication.translate("EngineText", "Empty provider message id"),
        "No attempt has the provider id {provider_id}": QCoreApplication.translate("EngineText", "No attempt has the provider id {provider_id}"),
        "{count} attempts share this provider id ({ids})": QCoreApplication.translate("EngineText", "{count} attempts share this provider id ({ids})"),
        "connection refused": QCoreApplication.translate("EngineText", "connection refused"),
        "no DNS answer": QCoreApplication.translate("EngineText", "no DNS answer"),
        "TLS handshake failed": QCoreApplication.translate("EngineText", "TLS handshake failed"),
        "connection timed out": QCoreApplication.translate("EngineText", "connection timed out"),
        "no free connection in time": QCoreApplication.translate("EngineText", "no free connection in time"),
        "{label}: provider unreachable ({why}); not sent": QCoreApplication.translate("EngineText", "{label}: provider unreachable ({why}); not sent"),
        "{label}: no answer in time ({name}); the message may have been sent": QCoreApplication.translate("EngineText", "{label}: no answer in time ({name}); the message may have been sent"),
        "{label}: connection lost during the request ({name}); the message may have been sent": QCoreApplication.translate("EngineText", "{label}: connection lost during the request ({name}); the message may have been sent"),
        "{label}: network error ({name}: {detail})": QCoreApplication.translate("EngineText", "{label}: network error ({name}: {detail})"),
        "WAADMIN_SEND_DEADLINE={value} must be a number of seconds between {low} and {high}.": QCoreApplication.translate("EngineText", "WAADMIN_SEND_DEADLINE={value} must be a number of seconds between {low} and {high}."),
        "WAADMIN_PROVIDER={value} is not one of {kinds}.": QCoreApplication.translate("EngineText", "WAADMIN_PROVIDER={value} is not one of {kinds}."),
        "No provider is configured: set the WaChap instances (WACHAP_<REGION>_ACCESS_TOKEN and _INSTANCE_ID), WaChap V4 (WACHAP_V4_SECRET_KEY, WACHAP_V4_ACCOUNTS) or the Meta Cloud API (WAADMIN_META_TOKEN, WAADMIN_META_PHONE_NUMBER_ID).": QCoreApplication.translate("EngineText", "No provider is configured: set the WaChap instances (WACHAP_<REGION>_ACCESS_TOKEN and _INSTANCE_ID), WaChap V4 (WACHAP_V4_SECRET_KEY, WACHAP_V4_ACCOUNTS) or the Meta Cloud API (WAADMIN_META_TOKEN, WAADMIN_META_PHONE_NUMBER_ID)."),
        "WaChap: no instance has both an access token and an instance id.": QCoreApplication.translate("EngineText", "WaChap: no instance has both an access token and an instance id."),
        "WaChap {region}: the instance is disabled ({variable}).": QCoreApplication.translate("EngineText", "WaChap {region}: the instance is disabled ({variable})."),
        "WaChap V4: WACHAP_V4_SECRET_KEY is not set.": QCoreApplication.translate("EngineText", "WaChap V4: WACHAP_V4_SECRET_KEY is not set."),
        "WaChap V4: WACHAP_V4_ACCOUNTS maps no region to an account.": QCoreApplication.translate("EngineText", "WaChap V4: WACHAP_V4_ACCOUNTS maps no region to an account."),
        "Meta Cloud API: no access token.": QCoreApplication.translate("EngineText", "Meta Cloud API: no access token."),
        "Meta Cloud API: no phone-number id.": QCoreApplication.translate("EngineText", "Meta Cloud API: no phone-number id."),
        "{name} is not valid JSON (expected an object such as {example}).": QCoreApplication.translate("EngineText", "{name} is not valid JSON (expected an object such as {example})."),
        "{name} must be a JSON object mapping a region to an id.": QCoreApplication.translate("EngineText", "{name} must be a JSON object mapping a region to an id."),
        "WaChap: no instance is configured and active.": QCoreApplication.translate("EngineText", "WaChap: no instance is configured and active."),
        "The number of demo attempts must be between 1 and 5,000,000.": QCoreApplication.translate("EngineText", "The number of demo attempts must be between 1 and 5,000,000."),
        "This database already holds {count} attempts; demo data goes in an empty database (use --force to add anyway).": QCoreApplication.translate("EngineText", "This database already holds {count} attempts; demo data goes in an empty database (use --force to add anyway)."),
        "starttls must be auto, required or off": QCoreApplication.translate("EngineText", "starttls must be auto, required or off"),
        "Slack webhook": QCoreApplication.translate("EngineText", "Slack webhook"),
        "JSON webhook": QCoreApplication.translate("EngineText", "JSON webhook"),
        "E-mail: give at least one address to send to.": QCoreApplication.translate("EngineText", "E-mail: give at least one address to send to."),
        "E-mail: give the SMTP server's address (smtp://user@host:587).": QCoreApplication.translate("EngineText", "E-mail: give the SMTP server's address (smtp://user@host:587)."),
        "the SMTP address must start with smtp:// or smtps:// (got {url})": QCoreApplication.translate("EngineText", "the SMTP address must start with smtp:// or smtps:// (got {url})"),
        "the SMTP address has no host ({url})": QCoreApplication.translate("EngineText", "the SMTP address has no host ({url})"),
        "the SMTP address has an invalid port ({url})": QCoreApplication.translate("EngineText", "the SMTP address has an invalid port ({url})"),
        "The {channel} address must start with https:// (or http://).": QCoreApplication.translate("EngineText", "The {channel} address must start with https:// (or http://)."),
        "E-mail: {problem}.": QCoreApplication.translate("EngineText", "E-mail: {problem}."),
    }


def _current() -> dict[str, str]:
    # Rebuilt when the language changes (View → Language applies at once): one lookup tells.
    global _cache
    key = QCoreApplication.translate("EngineText", "the database")
    if _cache is None or _cache[0] != key:
        _cache = (key, _table())
    return _cache[1]


def translate(text: str | None) -> str:
    """An engine text in the window's language; any other text (a provider's own words, an old
    row's) as it is."""
    if not text:
        return text or ""
    table = _current()
    return messages.translate(text, table, lambda source: table.get(source, source))


def sources() -> list[str]:
    """The English texts listed here (for the test that keeps this list whole)."""
    return list(_table())
