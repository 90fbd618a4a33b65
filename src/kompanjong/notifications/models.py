"""The outbox: one row per notification, written before anything is sent.

A row holds everything needed to send it again (channel, address and text as they were when
it was queued), so a lost task or a crashed worker never loses a notification: the sweeper
(`deliver_due_notifications`) finds rows that are due and sends them.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kompanjong.notifications import rules


class Channel(models.TextChoices):
    EMAIL = rules.Via.EMAIL.value, _("Email")
    SMS = rules.Via.SMS.value, _("Text message (SMS)")
    LETTER = rules.Via.LETTER.value, _("Letter by post")


class Status(models.TextChoices):
    PENDING = rules.Status.PENDING.value, _("Waiting to be sent")
    SENDING = rules.Status.SENDING.value, _("Being sent")
    SENT = rules.Status.SENT.value, _("Sent")
    RETRYING = rules.Status.RETRYING.value, _("Will try again")
    FAILED = rules.Status.FAILED.value, _("Could not be sent")


class Notification(models.Model):
    recipient = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    template_key = models.CharField(_("template"), max_length=50)
    language = models.CharField(_("language"), max_length=8)
    # Snapshots: the email address, the phone number (international form) or the postal
    # address block, and the text, as they were when the notification was queued.
    address = models.TextField(_("sent to"))
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("text"))

    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    # For pending/retrying rows: the earliest next attempt. For a row being sent: when its
    # claim runs out. Empty once the row is finished (sent or failed).
    next_attempt_at = models.DateTimeField(
        _("next attempt"), null=True, blank=True, default=timezone.now
    )
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="notification_due_idx"),
        ]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self) -> str:
        return f"{self.template_key} → {self.get_channel_display()} #{self.pk} ({self.status})"
