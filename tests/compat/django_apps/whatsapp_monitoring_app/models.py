"""The reference's V2 monitoring models (§1), under the real app label so that the migration
records waadmin writes are the ones this app's migrations check: 0001 makes region_override
NOT NULL, 0002 makes it nullable, as the reference's two migrations do."""

from django.db import models

from tests.compat.django_apps.monitoring.models import AttemptFields


class WhatsAppMessageAttempt(AttemptFields):
    source_app = models.CharField(max_length=20)
    region_override = models.CharField(max_length=20, null=True, blank=True)

    class Meta:
        app_label = "whatsapp_monitoring_app"
        db_table = "whatsapp_monitoring_attempts"
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "created_at"]),
            models.Index(fields=["phone_number", "created_at"]),
            models.Index(fields=["next_retry_at"]),
            models.Index(fields=["status", "priority", "created_at"]),
            models.Index(fields=["source_app", "status"]),
            models.Index(fields=["message_type", "status"]),
        ]


class WhatsAppWebhookLog(models.Model):
    message_attempt = models.ForeignKey(WhatsAppMessageAttempt, null=True, blank=True, on_delete=models.SET_NULL, related_name="webhooks")
    provider_message_id = models.CharField(max_length=100)
    webhook_type = models.CharField(max_length=50)
    status = models.CharField(max_length=50)
    raw_payload = models.JSONField()
    processed = models.BooleanField(default=False)
    processing_error = models.TextField(blank=True, default="")
    received_at = models.DateTimeField(auto_now_add=True)
    processed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        app_label = "whatsapp_monitoring_app"
        db_table = "whatsapp_monitoring_webhooks"
        ordering = ["-received_at"]
        indexes = [
            models.Index(fields=["provider_message_id"]),
            models.Index(fields=["processed", "received_at"]),
            models.Index(fields=["webhook_type", "received_at"]),
        ]


AttemptV2 = WhatsAppMessageAttempt
WebhookV2 = WhatsAppWebhookLog
