"""The Django app's user tables and migration records, for a database waadmin makes from nothing.

A database Django will later ``migrate`` must hold either none of a migration's tables or all of
them with the migration recorded: a table without its record makes ``migrate`` fail ("already
exists"), a record without its table makes it skip the table. The monitoring app's 0001 depends on
the user model's first migration, which depends on ``auth`` 0012, which depends on
``contenttypes``: so recording the attempts tables means making the whole chain. The statements
below are the end state of Django 5.2's ``migrate`` for ``contenttypes`` 0001-0002, ``auth``
0001-0012 (its own user table swapped out for ``AUTH_USER_MODEL``) and the reference's
``authentication`` 0001-0003 (§1.6, §8.2), with ``DEFAULT_AUTO_FIELD = BigAutoField``, as each
backend's schema editor writes them, names included.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, MetaData, String, Table, insert, inspect, select
from sqlalchemy.engine import Connection

from waadmin.db.layout import Layout
from waadmin.db.types import UTCDateTime
from waadmin.domain.clock import utcnow

MIGRATIONS_TABLE = "django_migrations"

# Django's MigrationRecorder table, for reading and writing records (created by the DDL below).
_migrations = Table(
    MIGRATIONS_TABLE,
    MetaData(),
    Column("app", String(255)),
    Column("name", String(255)),
    Column("applied", UTCDateTime),
)

# Every table below, in creation order; any of them already present means the database is not
# ours to lay out.
TABLES = (
    "django_content_type",
    "auth_permission",
    "auth_group",
    "auth_group_permissions",
    "authentication_customuser",
    "authentication_customuser_groups",
    "authentication_customuser_user_permissions",
    "authentication_passwordresettoken",
)

# (app, migration) in the order Django applies them.
BASE_MIGRATIONS = (
    ("contenttypes", "0001_initial"),
    ("contenttypes", "0002_remove_content_type_name"),
    ("auth", "0001_initial"),
    ("auth", "0002_alter_permission_name_max_length"),
    ("auth", "0003_alter_user_email_max_length"),
    ("auth", "0004_alter_user_username_opts"),
    ("auth", "0005_alter_user_last_login_null"),
    ("auth", "0006_require_contenttypes_0002"),
    ("auth", "0007_alter_validators_add_error_messages"),
    ("auth", "0008_alter_user_username_max_length"),
    ("auth", "0009_alter_user_last_name_max_length"),
    ("auth", "0010_alter_group_name_max_length"),
    ("auth", "0011_update_proxy_permissions"),
    ("auth", "0012_alter_user_first_name_max_length"),
    ("authentication", "0001_initial"),
    ("authentication", "0002_alter_customuser_managers"),
    ("authentication", "0003_customuser_has_changed_default_password"),
)

# The reference's V2 app (§1.1); V1 never shipped a migration for its tables, so it has none.
MONITORING_MIGRATIONS = {
    "v2": (
        ("whatsapp_monitoring_app", "0001_initial"),
        ("whatsapp_monitoring_app", "0002_alter_whatsappmessageattempt_region_override"),
    ),
    "v1": (),
}

_USER_COLUMNS_SQLITE = (
    '"id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "password" varchar(128) NOT NULL, '
    '"last_login" datetime NULL, "is_superuser" bool NOT NULL, "first_name" varchar(150) NOT NULL, '
    '"last_name" varchar(150) NOT NULL, "email" varchar(254) NOT NULL, "is_staff" bool NOT NULL, '
    '"is_active" bool NOT NULL, "date_joined" datetime NOT NULL, '
    '"telephone" varchar(15) NOT NULL UNIQUE, "role" varchar(20) NOT NULL, '
    '"is_agent_chine" bool NOT NULL, "is_agent_mali" bool NOT NULL, "is_admin_mali" bool NOT NULL, '
    '"is_admin_chine" bool NOT NULL, "is_client" bool NOT NULL, '
    '"has_changed_default_password" bool NOT NULL'
)

_SQLITE = (
    'CREATE TABLE "django_migrations" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, '
    '"app" varchar(255) NOT NULL, "name" varchar(255) NOT NULL, "applied" datetime NOT NULL)',
    'CREATE TABLE "django_content_type" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, '
    '"app_label" varchar(100) NOT NULL, "model" varchar(100) NOT NULL)',
    'CREATE UNIQUE INDEX "django_content_type_app_label_model_76bd3d3b_uniq" '
    'ON "django_content_type" ("app_label", "model")',
    'CREATE TABLE "auth_permission" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, '
    '"content_type_id" integer NOT NULL REFERENCES "django_content_type" ("id") DEFERRABLE INITIALLY DEFERRED, '
    '"codename" varchar(100) NOT NULL, "name" varchar(255) NOT NULL)',
    'CREATE UNIQUE INDEX "auth_permission_content_type_id_codename_01ab375a_uniq" '
    'ON "auth_permission" ("content_type_id", "codename")',
    'CREATE INDEX "auth_permission_content_type_id_2f476e4b" ON "auth_permission" ("content_type_id")',
    'CREATE TABLE "auth_group" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, '
    '"name" varchar(150) NOT NULL UNIQUE)',
    'CREATE TABLE "auth_group_permissions" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, '
    '"group_id" integer NOT NULL REFERENCES "auth_group" ("id") DEFERRABLE INITIALLY DEFERRED, '
    '"permission_id" integer NOT NULL REFERENCES "auth_permission" ("id") DEFERRABLE INITIALLY DEFERRED)',
    'CREATE UNIQUE INDEX "auth_group_permissions_group_id_permission_id_0cd325b0_uniq" '
    'ON "auth_group_permissions" ("group_id", "permission_id")',
    'CREATE INDEX "auth_group_permissions_group_id_b120cbf9" ON "auth_group_permissions" ("group_id")',
    'CREATE INDEX "auth_group_permissions_permission_id_84c5c92e" ON "auth_group_permissions" ("permission_id")',
    f'CREATE TABLE "authentication_customuser" ({_USER_COLUMNS_SQLITE})',
    'CREATE TABLE "authentication_customuser_groups" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, '
    '"customuser_id" bigint NOT NULL REFERENCES "authentication_customuser" ("id") DEFERRABLE INITIALLY DEFERRED, '
    '"group_id" integer NOT NULL REFERENCES "auth_group" ("id") DEFERRABLE INITIALLY DEFERRED)',
    'CREATE UNIQUE INDEX "authentication_customuser_groups_customuser_id_group_id_8a637646_uniq" '
    'ON "authentication_customuser_groups" ("customuser_id", "group_id")',
    'CREATE INDEX "authentication_customuser_groups_customuser_id_a7d1343c" '
    'ON "authentication_customuser_groups" ("customuser_id")',
    'CREATE INDEX "authentication_customuser_groups_group_id_c5ef1d10" '
    'ON "authentication_customuser_groups" ("group_id")',
    'CREATE TABLE "authentication_customuser_user_permissions" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, '
    '"customuser_id" bigint NOT NULL REFERENCES "authentication_customuser" ("id") DEFERRABLE INITIALLY DEFERRED, '
    '"permission_id" integer NOT NULL REFERENCES "auth_permission" ("id") DEFERRABLE INITIALLY DEFERRED)',
    'CREATE UNIQUE INDEX "authentication_customuser_user_permissions_customuser_id_permission_id_923704b1_uniq" '
    'ON "authentication_customuser_user_permissions" ("customuser_id", "permission_id")',
    'CREATE INDEX "authentication_customuser_user_permissions_customuser_id_33d2a5f7" '
    'ON "authentication_customuser_user_permissions" ("customuser_id")',
    'CREATE INDEX "authentication_customuser_user_permissions_permission_id_e47332af" '
    'ON "authentication_customuser_user_permissions" ("permission_id")',
    'CREATE TABLE "authentication_passwordresettoken" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, '
    '"token" varchar(100) NOT NULL UNIQUE, "created_at" datetime NOT NULL, "expires_at" datetime NOT NULL, '
    '"used" bool NOT NULL, '
    '"user_id" bigint NOT NULL REFERENCES "authentication_customuser" ("id") DEFERRABLE INITIALLY DEFERRED)',
    'CREATE INDEX "authentication_passwordresettoken_user_id_167c3ac5" '
    'ON "authentication_passwordresettoken" ("user_id")',
)


def _pg_fk(table: str, name: str, column: str, target: str) -> str:
    return (
        f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" FOREIGN KEY ("{column}") '
        f'REFERENCES "{target}" ("id") DEFERRABLE INITIALLY DEFERRED'
    )


_ID = "PRIMARY KEY GENERATED BY DEFAULT AS IDENTITY"

_POSTGRESQL = (
    f'CREATE TABLE "django_migrations" ("id" bigint NOT NULL {_ID}, "app" varchar(255) NOT NULL, '
    '"name" varchar(255) NOT NULL, "applied" timestamp with time zone NOT NULL)',
    f'CREATE TABLE "django_content_type" ("id" integer NOT NULL {_ID}, "app_label" varchar(100) NOT NULL, '
    '"model" varchar(100) NOT NULL, '
    'CONSTRAINT "django_content_type_app_label_model_76bd3d3b_uniq" UNIQUE ("app_label", "model"))',
    f'CREATE TABLE "auth_permission" ("id" integer NOT NULL {_ID}, "name" varchar(255) NOT NULL, '
    '"content_type_id" integer NOT NULL, "codename" varchar(100) NOT NULL, '
    'CONSTRAINT "auth_permission_content_type_id_codename_01ab375a_uniq" UNIQUE ("content_type_id", "codename"))',
    _pg_fk("auth_permission", "auth_permission_content_type_id_2f476e4b_fk_django_co", "content_type_id", "django_content_type"),
    'CREATE INDEX "auth_permission_content_type_id_2f476e4b" ON "auth_permission" ("content_type_id")',
    f'CREATE TABLE "auth_group" ("id" integer NOT NULL {_ID}, "name" varchar(150) NOT NULL UNIQUE)',
    'CREATE INDEX "auth_group_name_a6ea08ec_like" ON "auth_group" ("name" varchar_pattern_ops)',
    f'CREATE TABLE "auth_group_permissions" ("id" bigint NOT NULL {_ID}, "group_id" integer NOT NULL, '
    '"permission_id" integer NOT NULL, '
    'CONSTRAINT "auth_group_permissions_group_id_permission_id_0cd325b0_uniq" UNIQUE ("group_id", "permission_id"))',
    _pg_fk("auth_group_permissions", "auth_group_permissions_group_id_b120cbf9_fk_auth_group_id", "group_id", "auth_group"),
    _pg_fk("auth_group_permissions", "auth_group_permissio_permission_id_84c5c92e_fk_auth_perm", "permission_id", "auth_permission"),
    'CREATE INDEX "auth_group_permissions_group_id_b120cbf9" ON "auth_group_permissions" ("group_id")',
    'CREATE INDEX "auth_group_permissions_permission_id_84c5c92e" ON "auth_group_permissions" ("permission_id")',
    f'CREATE TABLE "authentication_customuser" ("id" bigint NOT NULL {_ID}, "password" varchar(128) NOT NULL, '
    '"last_login" timestamp with time zone NULL, "is_superuser" boolean NOT NULL, '
    '"first_name" varchar(150) NOT NULL, "last_name" varchar(150) NOT NULL, "email" varchar(254) NOT NULL, '
    '"is_staff" boolean NOT NULL, "is_active" boolean NOT NULL, "date_joined" timestamp with time zone NOT NULL, '
    '"telephone" varchar(15) NOT NULL UNIQUE, "role" varchar(20) NOT NULL, "is_agent_chine" boolean NOT NULL, '
    '"is_agent_mali" boolean NOT NULL, "is_admin_mali" boolean NOT NULL, "is_admin_chine" boolean NOT NULL, '
    '"is_client" boolean NOT NULL, "has_changed_default_password" boolean NOT NULL)',
    'CREATE INDEX "authentication_customuser_telephone_85270ac3_like" '
    'ON "authentication_customuser" ("telephone" varchar_pattern_ops)',
    f'CREATE TABLE "authentication_customuser_groups" ("id" bigint NOT NULL {_ID}, '
    '"customuser_id" bigint NOT NULL, "group_id" integer NOT NULL, '
    'CONSTRAINT "authentication_customuse_customuser_id_group_id_8a637646_uniq" UNIQUE ("customuser_id", "group_id"))',
    _pg_fk("authentication_customuser_groups", "authentication_custo_customuser_id_a7d1343c_fk_authentic", "customuser_id", "authentication_customuser"),
    _pg_fk("authentication_customuser_groups", "authentication_custo_group_id_c5ef1d10_fk_auth_grou", "group_id", "auth_group"),
    'CREATE INDEX "authentication_customuser_groups_customuser_id_a7d1343c" '
    'ON "authentication_customuser_groups" ("customuser_id")',
    'CREATE INDEX "authentication_customuser_groups_group_id_c5ef1d10" '
    'ON "authentication_customuser_groups" ("group_id")',
    f'CREATE TABLE "authentication_customuser_user_permissions" ("id" bigint NOT NULL {_ID}, '
    '"customuser_id" bigint NOT NULL, "permission_id" integer NOT NULL, '
    'CONSTRAINT "authentication_customuse_customuser_id_permission_923704b1_uniq" '
    'UNIQUE ("customuser_id", "permission_id"))',
    _pg_fk("authentication_customuser_user_permissions", "authentication_custo_customuser_id_33d2a5f7_fk_authentic", "customuser_id", "authentication_customuser"),
    _pg_fk("authentication_customuser_user_permissions", "authentication_custo_permission_id_e47332af_fk_auth_perm", "permission_id", "auth_permission"),
    'CREATE INDEX "authentication_customuser__customuser_id_33d2a5f7" '
    'ON "authentication_customuser_user_permissions" ("customuser_id")',
    'CREATE INDEX "authentication_customuser__permission_id_e47332af" '
    'ON "authentication_customuser_user_permissions" ("permission_id")',
    f'CREATE TABLE "authentication_passwordresettoken" ("id" bigint NOT NULL {_ID}, '
    '"token" varchar(100) NOT NULL UNIQUE, "created_at" timestamp with time zone NOT NULL, '
    '"expires_at" timestamp with time zone NOT NULL, "used" boolean NOT NULL, "user_id" bigint NOT NULL)',
    _pg_fk("authentication_passwordresettoken", "authentication_passw_user_id_167c3ac5_fk_authentic", "user_id", "authentication_customuser"),
    'CREATE INDEX "authentication_passwordresettoken_token_68be8223_like" '
    'ON "authentication_passwordresettoken" ("token" varchar_pattern_ops)',
    'CREATE INDEX "authentication_passwordresettoken_user_id_167c3ac5" '
    'ON "authentication_passwordresettoken" ("user_id")',
)

DDL = {"sqlite": _SQLITE, "postgresql": _POSTGRESQL}


def is_blank_for_django(conn: Connection) -> bool:
    """True when no Django migration has run here and none of the user tables exist: only then
    can waadmin lay them out without contradicting what Django made."""
    tables = set(inspect(conn).get_table_names())
    return MIGRATIONS_TABLE not in tables and not tables.intersection(TABLES)


def install(conn: Connection, layout: Layout, *, now: datetime | None = None) -> None:
    """Create the user tables and django_migrations, and record the migrations that made them
    (plus the layout's monitoring migrations when its tables exist), in the caller's
    transaction. Only for a database :func:`is_blank_for_django` accepts."""
    for statement in DDL[conn.dialect.name]:
        conn.exec_driver_sql(statement)
    record(conn, BASE_MIGRATIONS, now=now)
    if layout.attempt_table in set(inspect(conn).get_table_names()):
        record_monitoring(conn, layout, now=now)


def record_monitoring(conn: Connection, layout: Layout, *, now: datetime | None = None) -> None:
    """Record the layout's monitoring migrations, once its tables exist in their migrated shape."""
    record(conn, MONITORING_MIGRATIONS[layout.key], now=now)


def record(conn: Connection, migrations: tuple[tuple[str, str], ...], *, now: datetime | None = None) -> None:
    if not migrations:
        return
    applied = now or utcnow()
    done = set(conn.execute(select(_migrations.c.app, _migrations.c.name)).tuples())
    rows = [{"app": app, "name": name, "applied": applied} for app, name in migrations if (app, name) not in done]
    if rows:
        conn.execute(insert(_migrations), rows)
