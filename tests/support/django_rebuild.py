"""What the Django app's migration 0002 does to the attempts table on SQLite (reference §8.2):
Django's schema editor remakes the table — create "new__<table>", copy the rows, drop the old
table, rename the new one — then re-creates the indexes its model declares. Triggers and indexes
anyone else put on the old table are gone afterwards. Run on a connection of its own, as the
Django app's process would."""

from __future__ import annotations

import re
import sqlite3

from sqlalchemy.engine import make_url


def rebuild_like_django(url: str, table: str = "whatsapp_monitoring_attempts") -> None:
    path = make_url(url).database
    conn = sqlite3.connect(str(path), isolation_level=None)
    try:
        conn.execute("PRAGMA foreign_keys = OFF")  # Django's schema editor turns them off first
        (create,) = conn.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)).fetchone()
        # Only the indexes Django's model declares come back (waadmin's names start with waadmin_).
        django_indexes = [
            sql
            for (sql,) in conn.execute(
                "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL AND name NOT LIKE 'waadmin%'",
                (table,),
            )
        ]
        columns = ", ".join(f'"{row[1]}"' for row in conn.execute(f'PRAGMA table_info("{table}")'))
        new = f"new__{table}"
        conn.execute("BEGIN")
        conn.execute(re.sub(rf'^CREATE TABLE\s+"?{table}"?', f'CREATE TABLE "{new}"', create, count=1))
        conn.execute(f'INSERT INTO "{new}" ({columns}) SELECT {columns} FROM "{table}"')
        conn.execute(f'DROP TABLE "{table}"')
        conn.execute(f'ALTER TABLE "{new}" RENAME TO "{table}"')
        for sql in django_indexes:
            conn.execute(sql)
        conn.execute("COMMIT")
        conn.execute("PRAGMA foreign_keys = ON")
    finally:
        conn.close()
