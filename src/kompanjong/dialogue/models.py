"""One message thread per case, between the citizen's side and the office's side.

`author` is who typed a message; `side` is whose voice it is. Today the citizen writes for
themself and caseworkers for their office; a helper writing under a fullmakt will be an author
on the citizen's side, so unread markers, states and notifications need no change for that.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kompanjong.cases.models import Case, CaseDocument
from kompanjong.people.models import Account, Organisation

from . import rules


class Side(models.TextChoices):
    CITIZEN = rules.CITIZEN, _("The person the case is about")
    OFFICE = rules.OFFICE, _("The NAV office")


class Thread(models.Model):
    case = models.OneToOneField(
        Case, on_delete=models.PROTECT, related_name="thread", verbose_name=_("case")
    )
    # Each side has read the other side's messages written up to this time (not "when the
    # page was opened": a message written while the page loaded stays unread).
    citizen_read_at = models.DateTimeField(null=True, blank=True)
    office_read_at = models.DateTimeField(null=True, blank=True)
    # The last SMS/email telling the citizen about new messages (at most one per 30 minutes).
    last_citizen_notified_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("message thread")
        verbose_name_plural = _("message threads")

    def __str__(self) -> str:
        return str(self.case)


class Message(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.PROTECT, related_name="messages")
    author = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="+")
    side = models.CharField(max_length=10, choices=Side.choices)
    # The office the author wrote for; kept, because a case can move to another office later.
    office = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    text = models.TextField(max_length=rules.MAX_LENGTH, blank=True)
    attachments = models.ManyToManyField(CaseDocument, blank=True, related_name="messages")
    created_at = models.DateTimeField(default=timezone.now)
    # Staff mark a citizen's message done when it needs no answer.
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        Account, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # From the form: the same form sent twice (a double click, a resend after a timeout)
    # stores one message.
    token = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        indexes = [models.Index(fields=["thread", "created_at"], name="message_thread_time")]
        constraints = [
            models.UniqueConstraint(fields=["thread", "token"], name="message_sent_once")
        ]

    def __str__(self) -> str:
        return f"{self.side} {self.created_at:%Y-%m-%d %H:%M}"
