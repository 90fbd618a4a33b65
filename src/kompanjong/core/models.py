"""The access log: append-only, written by services and selectors, shown to the person."""

from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(RuntimeError):
    """Raised when code tries to change or delete an access-log entry."""


class AccessLogQuerySet(models.QuerySet["AccessLog"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("The access log is append-only.")

    def delete(self) -> NoReturn:
        raise AppendOnlyError("The access log is append-only.")


class AccessAction(models.TextChoices):
    READ = "read", _("saw")
    CHANGE = "change", _("changed")
    CREATE = "create", _("created")


class AccessChannel(models.TextChoices):
    WEB = "web", _("in Kompanjong")
    API = "api", _("through a connected system")
    COUNTER = "counter", _("at a service counter")
    PHONE = "phone", _("on the phone")


class AccessLog(models.Model):
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    # Kept as text too, so the entry still says who it was if the account is renamed.
    actor_label = models.CharField(max_length=300)
    on_behalf_of = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    subject = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="access_log"
    )
    action = models.CharField(max_length=10, choices=AccessAction.choices)
    # What was touched, as a key the citizen-facing page turns into plain words.
    object_type = models.CharField(max_length=50)
    object_id = models.CharField(max_length=64, blank=True)
    channel = models.CharField(
        max_length=10, choices=AccessChannel.choices, default=AccessChannel.WEB
    )
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["subject", "-at"], name="accesslog_subject_at"),
            # record_listed_once: has this caseworker seen this object in a list before?
            # A caseworker's log grows for ever; without this the lookup would too.
            models.Index(fields=["actor", "object_type", "object_id"], name="accesslog_listed"),
        ]

    def __str__(self) -> str:
        return f"{self.actor_label} {self.action} {self.object_type} of {self.subject_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnlyError("The access log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("The access log is append-only.")
