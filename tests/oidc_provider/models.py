from django.conf import settings
from django.db import models


class Profile(models.Model):
    """What the provider knows about a user beyond Django's User: the claims a municipality sends."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    name = models.CharField(max_length=200, blank=True)
    email_verified = models.BooleanField(default=True)
    groups = models.JSONField(default=list)

    def __str__(self) -> str:
        return self.name or str(self.user)
