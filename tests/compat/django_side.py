"""Runs the real Django ORM against a database, in its own process (Django is configured once
per process). Usage: python -m tests.compat.django_side URL LAYOUT ACTION; prints JSON."""

from __future__ import annotations

import json
import sys
from datetime import timedelta
from urllib.parse import urlsplit


def configure(url: str) -> None:
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
    from tests.compat.django_apps.monitoring import models

    return (models.AttemptV2, models.WebhookV2) if layout == "v2" else (models.AttemptV1, models.WebhookV1)


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


def main(argv: list[str]) -> int:
    url, layout, action, *rest = argv
    configure(url)
    if action == "schema":
        result = create_schema(layout)
    elif action == "read":
        result = read_all(layout)
    elif action == "write":
        result = write_rows(layout)
    elif action == "one":
        result = read_one(layout, int(rest[0]))
    else:
        raise SystemExit(f"unknown action {action}")
    print(json.dumps(result, default=str))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
