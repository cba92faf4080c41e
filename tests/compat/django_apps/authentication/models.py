"""The reference's user model (§1.6, §8.2): AbstractUser without username, the telephone as
login, the role and its flags, and the password-reset tokens. Its migrations follow the
reference's three: 0001 the tables, 0002 a managers-only change, 0003 has_changed_default_password."""

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models


class CustomUserManager(BaseUserManager):
    def create_user(self, telephone, password=None, **extra):
        user = self.model(telephone=telephone, **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user


class CustomUser(AbstractUser):
    username = None
    telephone = models.CharField(max_length=15, unique=True)
    role = models.CharField(max_length=20, default="client")
    is_agent_chine = models.BooleanField(default=False)
    is_agent_mali = models.BooleanField(default=False)
    is_admin_mali = models.BooleanField(default=False)
    is_admin_chine = models.BooleanField(default=False)
    is_client = models.BooleanField(default=True)
    has_changed_default_password = models.BooleanField(default=False)

    USERNAME_FIELD = "telephone"
    REQUIRED_FIELDS: list[str] = []
    objects = CustomUserManager()

    class Meta:
        app_label = "authentication"


class PasswordResetToken(models.Model):
    user = models.ForeignKey(CustomUser, on_delete=models.CASCADE, related_name="password_reset_tokens")
    token = models.CharField(max_length=100, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used = models.BooleanField(default=False)

    class Meta:
        app_label = "authentication"
