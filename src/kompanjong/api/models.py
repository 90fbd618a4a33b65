"""API tokens for connected systems. Only a hash of each token is stored."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from kompanjong.api.scopes import unknown_scopes


def validate_scopes(value: Any) -> None:
    if not isinstance(value, list) or not all(isinstance(scope, str) for scope in value):
        raise ValidationError(_("Scopes must be a list of scope names."))
    unknown = unknown_scopes(value)
    if unknown:
        raise ValidationError(
            _("Unknown scope: %(scopes)s."), params={"scopes": ", ".join(unknown)}
        )


class ApiToken(models.Model):
    name = models.CharField(
        _("name"),
        max_length=100,
        help_text=_(
            "The connected system that uses this token. People see it in their access log."
        ),
    )
    # The first characters of the token let admins tell tokens apart without storing the secret.
    key_prefix = models.CharField(_("key prefix"), max_length=8, unique=True, editable=False)
    key_hash = models.CharField(_("key hash"), max_length=64, unique=True, editable=False)
    scopes = models.JSONField(_("scopes"), default=list, validators=[validate_scopes])
    # A municipality's case system works for its NAV office: case scopes reach only that
    # office's cases.
    organisation = models.ForeignKey(
        "people.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="api_tokens",
        verbose_name=_("office"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        ordering = ["name", "created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.key_prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
