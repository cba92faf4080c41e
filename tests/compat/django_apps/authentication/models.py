"""The reference's user model, reduced to what the attempts point at (§1.6)."""

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
    is_admin_chine = models.BooleanField(default=False)
    is_admin_mali = models.BooleanField(default=False)
    is_client = models.BooleanField(default=True)

    USERNAME_FIELD = "telephone"
    REQUIRED_FIELDS: list[str] = []
    objects = CustomUserManager()

    class Meta:
        app_label = "authentication"
