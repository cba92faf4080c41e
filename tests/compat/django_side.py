"""Runs the real Django ORM against a database, in its own process (Django is configured once
per process). Usage: python -m tests.compat.django_side URL LAYOUT ACTION; prints JSON."""

from __future__ import annotations

import json
import sys
from datetime import timedelta
from urllib.parse import urlsplit


def configure(url: str, layout: str = "v2") -> None:
    import django
    from django.conf import settings

    parts = urlsplit(url)
    if parts.scheme.startswith("sqlite"):
        database = {"ENGINE": "django.db.backends.sqlite3", "NAME": parts.path[1:] if parts.path.startswith("//") else parts.path}
        if url.startswith("sqlite:////"):
            database["NAME"] = url[len("sqlite:///"):]
    else:
        database = {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": parts.path.lstrip("/"),
            "USER": parts.username or "",
            "PASSWORD": parts.password or "",
            "HOST": parts.hostname or "",
            "PORT": str(parts.port or ""),
        }
    settings.configure(
        INSTALLED_APPS=[
            "django.contrib.contenttypes",
            "django.contrib.auth",
            "tests.compat.django_apps.authentication",
            # The V2 app is the migrated one; a V1 project never had it.
            *(["tests.compat.django_apps.whatsapp_monitoring_app"] if layout == "v2" else []),
            "tests.compat.django_apps.monitoring",
        ],
        DATABASES={"default": database},
        AUTH_USER_MODEL="authentication.CustomUser",
        DEFAULT_AUTO_FIELD="django.db.models.BigAutoField",
        USE_TZ=True,
        TIME_ZONE="Africa/Bamako",
    )
    django.setup()


def models_for(layout: str):
    from tests.compat.django_apps.monitoring import models as v1
    from tests.compat.django_apps.whatsapp_monitoring_app import models as v2

    return (v2.AttemptV2, v2.WebhookV2) if layout == "v2" else (v1.AttemptV1, v1.WebhookV1)


def create_schema(layout: str) -> dict:
    from django.contrib.auth.models import Group, Permission
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection

    from tests.compat.django_apps.authentication.models import CustomUser

    attempt, webhook = models_for(layout)
    with connection.schema_editor() as editor:
        for model in (ContentType, Permission, Group):
            editor.create_model(model)
        editor.create_model(CustomUser)
        editor.create_model(attempt)
        editor.create_model(webhook)
    return {"created": [CustomUser._meta.db_table, attempt._meta.db_table, webhook._meta.db_table]}


def read_all(layout: str) -> dict:
    """Loads every row as model instances: JSON decoded, datetimes aware, users followed."""
    attempt, webhook = models_for(layout)
    statuses: dict[str, int] = {}
    problems: list[str] = []
    count = 0
    named = 0
    for row in attempt.objects.select_related("user").iterator():
        count += 1
        statuses[row.status] = statuses.get(row.status, 0) + 1
        if not isinstance(row.provider_response, dict) or not isinstance(row.context_data, dict):
            problems.append(f"{row.id}: JSON not an object")
        for name in ("created_at", "next_retry_at", "sent_at", "last_attempt_at"):
            value = getattr(row, name)
            if value is not None and value.tzinfo is None:
                problems.append(f"{row.id}: {name} naive")
        if row.user is not None and row.user.telephone:
            named += 1
    hooks = 0
    linked = 0
    for hook in webhook.objects.select_related("message_attempt").iterator():
        hooks += 1
        linked += hook.message_attempt is not None
        if not isinstance(hook.raw_payload, dict):
            problems.append(f"webhook {hook.id}: payload not an object")
    newest = attempt.objects.first()
    return {
        "attempts": count,
        "statuses": statuses,
        "with_user": named,
        "webhooks": hooks,
        "linked_webhooks": linked,
        "newest_id": newest.id if newest else None,
        "problems": problems[:20],
    }


def write_rows(layout: str) -> dict:
    """What the Django service does: create attempts with the model's defaults, move one along
    the state machine, log a webhook."""
    from django.utils import timezone

    from tests.compat.django_apps.authentication.models import CustomUser

    attempt, webhook = models_for(layout)
    extra = {"source_app": "agent_mali"} if layout == "v2" else {}
    user = CustomUser.objects.create_user("+22370112233", first_name="Awa", last_name="Traoré")
    created = attempt.objects.create(user=user, phone_number=user.telephone, message_content="Votre colis CARGO-17 est arrivé", message_type="colis_status", **extra)
    old = attempt.objects.create(phone_number="+8613800138000", message_content="Code: 4411", message_type="otp", **extra)
    attempt.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(minutes=30))
    sent = attempt.objects.create(phone_number="+22376000001", message_content="Bienvenue", **extra)
    sent.status = "sent"
    sent.attempt_count = 1
    sent.sent_at = timezone.now()
    sent.provider_message_id = "wamid.DJANGO1"
    sent.provider_response = {"result": "Message envoyé via WaChap Mali", "timestamp": timezone.now().isoformat()}
    sent.save()
    hook = webhook.objects.create(message_attempt=sent, provider_message_id="wamid.DJANGO1", webhook_type="status", status="delivered", raw_payload={"status": "delivered", "id": "wamid.DJANGO1"})
    return {"created": created.id, "old_pending": old.id, "sent": sent.id, "webhook": hook.id, "user": user.id}


def migrate() -> dict:
    """``manage.py migrate``: what it applied now, and what it still lacks afterwards."""
    from django.contrib.auth.models import Permission
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    call_command("migrate", interactive=False, verbosity=0)
    executor = MigrationExecutor(connection)
    left = executor.migration_plan(executor.loader.graph.leaf_nodes())
    # post_migrate filled content types and permissions: the auth tables take writes.
    return {
        "applied_now": [f"{m.app_label}.{m.name}" for m, _ in plan],
        "unapplied": [f"{m.app_label}.{m.name}" for m, _ in left],
        "permissions": Permission.objects.count(),
    }


def send_due(layout: str) -> dict:
    """What the Django app's retry command does to each due attempt: load it with its user (every
    column of the user table), look at the user's permissions (the auth tables), send, and save
    the whole row back. Also a new user with a group, a reset token and an attempt of its own."""
    from django.contrib.auth.models import Group
    from django.db.models import Q
    from django.utils import timezone

    from tests.compat.django_apps.authentication.models import CustomUser, PasswordResetToken

    attempt, _ = models_for(layout)
    now = timezone.now()
    user = CustomUser.objects.create_user("+22370998877", first_name="Oumar", last_name="Sawadogo")
    user.groups.add(Group.objects.create(name="agents_mali"))
    PasswordResetToken.objects.create(user=user, token="reset-demo-1", expires_at=now + timedelta(hours=24))
    extra = {"source_app": "agent_mali"} if layout == "v2" else {}
    own = attempt.objects.create(user=user, phone_number=user.telephone, message_content="Bienvenue", **extra)
    due = (
        attempt.objects.select_related("user")
        .filter(status__in=["pending", "failed_retry"])
        .filter(Q(next_retry_at__isnull=True) | Q(next_retry_at__lte=now))
        .order_by("priority", "created_at")[:20]
    )
    sent = 0
    with_user = 0
    for row in due:
        if row.user is not None:
            with_user += 1
            row.user.get_all_permissions()
        row.status = "sent"
        row.attempt_count += 1
        row.sent_at = row.last_attempt_at = timezone.now()
        row.provider_message_id = f"wamid.DJANGO{row.id}"
        row.provider_response = {"result": "Message envoyé", "timestamp": timezone.now().isoformat()}
        row.save()
        sent += 1
    return {"sent": sent, "with_user": with_user, "user": user.id, "own_attempt": own.id}


def read_one(layout: str, attempt_id: int) -> dict:
    attempt, _ = models_for(layout)
    row = attempt.objects.get(pk=attempt_id)
    return {
        "status": row.status,
        "attempt_count": row.attempt_count,
        "provider_message_id": row.provider_message_id,
        "provider_response": row.provider_response,
        "sent_at": row.sent_at.isoformat() if row.sent_at else None,
        "delivered_at": row.delivered_at.isoformat() if row.delivered_at else None,
        "next_retry_at": row.next_retry_at.isoformat() if row.next_retry_at else None,
        "error_code": row.error_code,
    }


SECRET_BODIES = {
    # (message_type, category, status, body): the templates of reference §8.1
    "account": ("account", "creation_compte", "delivered",
                "Bienvenue chez TS Air Cargo!\nIdentifiant: +22370112233\n🔑 Mot de passe temporaire: k7$Qp2xa\nChangez-le à la première connexion."),
    "otp": ("otp", "", "sent", "Code de vérification TS Air Cargo: 482913"),
    "reset": ("notification", "", "read", "Votre code de réinitialisation est 771204. Ce code expire dans 24h."),
    "waiting": ("otp", "", "failed_retry", "Code de vérification TS Air Cargo: 550011"),
}


def write_secrets(layout: str) -> dict:
    """The Django callers' credential and code messages, finished two days ago (one still waiting
    for a retry), saved through the model as the service saves them."""
    from django.utils import timezone

    attempt, _ = models_for(layout)
    extra = {"source_app": "agent_chine"} if layout == "v2" else {}
    ids = {}
    for name, (kind, category, status, body) in SECRET_BODIES.items():
        row = attempt.objects.create(phone_number="+22370112233", message_content=body, message_type=kind, category=category, **extra)
        row.status = status
        row.attempt_count = 1
        if status != "failed_retry":
            row.sent_at = row.last_attempt_at = timezone.now()
        row.save()
        when = timezone.now() - timedelta(days=2)
        attempt.objects.filter(pk=row.pk).update(created_at=when, **({"sent_at": when, "last_attempt_at": when} if row.sent_at else {}))
        ids[name] = row.id
    return ids


def read_secrets(layout: str) -> dict:
    """Every attempt's text as the ORM loads it, and whether the model still validates it."""
    from django.core.exceptions import ValidationError

    attempt, _ = models_for(layout)
    found = {}
    for row in attempt.objects.all():
        try:
            # The app's own JSON defaults ({}) fail its blank=False on every row, redacted or not.
            row.full_clean(exclude=["user", "provider_response", "context_data"])
            problem = ""
        except ValidationError as error:
            problem = str(error)
        found[str(row.id)] = {"message_content": row.message_content, "status": row.status, "problem": problem}
    return found


def save_loop(layout: str, stop_file: str, pause_ms: str = "20") -> dict:
    """The Django app at work: creates an attempt and saves it as sent, again and again, until
    ``stop_file`` exists, timing every ORM call (its wait for the file's lock included: Django's
    SQLite default of 5 s, past which it fails with 'database is locked'). Prints "ready" once
    Django is set up and the first save went through."""
    import os
    import time

    from django.db import OperationalError
    from django.utils import timezone

    attempt, _ = models_for(layout)
    extra = {"source_app": "agent_mali"} if layout == "v2" else {}
    waits: list[float] = []
    errors: list[str] = []
    pause = int(pause_ms) / 1000
    ready = False
    while not os.path.exists(stop_file):
        try:
            began = time.perf_counter()
            row = attempt.objects.create(phone_number="+22376000001", message_content="Votre colis est arrivé", message_type="colis_status", **extra)
            waits.append(time.perf_counter() - began)
            row.status = "sent"
            row.attempt_count = 1
            row.sent_at = row.last_attempt_at = timezone.now()
            began = time.perf_counter()
            row.save()
            waits.append(time.perf_counter() - began)
        except OperationalError as exc:
            errors.append(str(exc))
        if not ready:
            print("ready", flush=True)
            ready = True
        time.sleep(pause)
    ordered = sorted(waits)
    return {
        "saves": len(waits),
        "longest_ms": round(1000 * ordered[-1], 1) if ordered else None,
        "second_longest_ms": round(1000 * ordered[-2], 1) if len(ordered) > 1 else None,
        "p99_ms": round(1000 * ordered[int(0.99 * (len(ordered) - 1))], 1) if ordered else None,
        "median_ms": round(1000 * ordered[len(ordered) // 2], 1) if ordered else None,
        "over_200ms": sum(w > 0.2 for w in waits),
        "errors": errors[:20],
        "error_count": len(errors),
    }


def main(argv: list[str]) -> int:
    url, layout, action, *rest = argv
    configure(url, layout)
    if action == "schema":
        result = create_schema(layout)
    elif action == "read":
        result = read_all(layout)
    elif action == "write":
        result = write_rows(layout)
    elif action == "migrate":
        result = migrate()
    elif action == "send":
        result = send_due(layout)
    elif action == "one":
        result = read_one(layout, int(rest[0]))
    elif action == "write_secrets":
        result = write_secrets(layout)
    elif action == "read_secrets":
        result = read_secrets(layout)
    elif action == "save_loop":
        result = save_loop(layout, *rest)
    else:
        raise SystemExit(f"unknown action {action}")
    print(json.dumps(result, default=str))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
