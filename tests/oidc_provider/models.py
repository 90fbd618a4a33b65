from django.conf import settings
from django.db import models


class Identity(models.Model):
    """The claims the provider asserts for a user: sub, pid, acr, names (whatever a test needs)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="identity"
    )
    claims = models.JSONField(default=dict)

    def __str__(self) -> str:
        return str(self.claims.get("sub", self.pk))
