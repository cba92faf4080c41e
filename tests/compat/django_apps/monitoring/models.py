"""The reference's V1 monitoring models as §1 describes them (V1 shipped no migration, so this app
has none), and the columns V2 shares; V2 is the migrated app next door, whatsapp_monitoring_app.
Written for these tests only: they prove waadmin's tables are the ones Django would use."""

from django.conf import settings
from django.db import models

STATUSES = [(s, s) for s in ("pending", "sending", "sent", "delivered", "read", "failed", "failed_retry", "failed_final", "cancelled")]


class AttemptFields(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    phone_number = models.CharField(max_length=20)
    message_type = models.CharField(max_length=20, default="notification")
    category = models.CharField(max_length=50, blank=True, default="")
    priority = models.IntegerField(default=3)
    title = models.CharField(max_length=200, blank=True, default="")
    message_content = models.TextField()
    status = models.CharField(max_length=20, choices=STATUSES, default="pending")
    attempt_count = models.IntegerField(default=0)
    max_attempts = models.IntegerField(default=3)
    created_at = models.DateTimeField(auto_now_add=True)
    first_attempt_at = models.DateTimeField(null=True, blank=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    next_retry_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    provider_message_id = models.CharField(max_length=100, blank=True, default="")
    provider_response = models.JSONField(default=dict)
    error_message = models.TextField(blank=True, default="")
    error_code = models.CharField(max_length=50, blank=True, default="")
    sender_role = models.CharField(max_length=50, blank=True, default="")
    context_data = models.JSONField(default=dict)
    retry_delay_seconds = models.IntegerField(default=300)
    exponential_backoff = models.BooleanField(default=True)

    class Meta:
        abstract = True


class AttemptV1(AttemptFields):
    region_override = models.CharField(max_length=20, blank=True, default="")

    class Meta:
        app_label = "monitoring"
        db_table = "agent_chine_whatsapp_monitoring"
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "created_at"]),
            models.Index(fields=["phone_number", "created_at"]),
            models.Index(fields=["next_retry_at"]),
            models.Index(fields=["status", "priority", "created_at"]),
        ]


class WebhookV1(models.Model):
    message_attempt = models.ForeignKey(AttemptV1, null=True, blank=True, on_delete=models.SET_NULL, related_name="webhooks")
    provider_message_id = models.CharField(max_length=100)
    webhook_type = models.CharField(max_length=50)
    status = models.CharField(max_length=50)
    raw_payload = models.JSONField()
    processed = models.BooleanField(default=False)
    processing_error = models.TextField(blank=True, default="")
    received_at = models.DateTimeField(auto_now_add=True)
    processed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        app_label = "monitoring"
        db_table = "agent_chine_whatsapp_webhooks"
        ordering = ["-received_at"]
        indexes = [
            models.Index(fields=["provider_message_id"]),
            models.Index(fields=["processed", "received_at"]),
        ]
