"""An application for economic social assistance: a draft that becomes a submitted application.

Answers are stored per wizard step as JSON in the shape of `answers.py`; a submitted
application is never changed again (corrections come as case events in the case issue).
"""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kompanjong.documents.models import Document
from kompanjong.people.models import Account, Municipality, Organisation, Person


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Sent")


class SubmissionChannel(models.TextChoices):
    SELF = "self", _("By the applicant")
    HELPER = "helper", _("By a helper with power of attorney")
    STAFF_PAPER = "staff_paper", _("Registered by NAV from a paper application")
    STAFF_PHONE = "staff_phone", _("Registered by NAV from a phone call")


class Application(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="applications", verbose_name=_("applicant")
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    answers = models.JSONField(default=dict)
    completed_steps = models.JSONField(default=list)
    # What someone typed on a step they left with "Back" before it was valid: kept, not lost.
    unsaved = models.JSONField(default=dict)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    office = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="received_applications",
        verbose_name=_("receiving NAV office"),
    )
    urgent = models.BooleanField(_("needs help today"), default=False)
    reference = models.CharField(max_length=20, unique=True, null=True, blank=True)
    language = models.CharField(max_length=10, default="nb")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        Account, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    channel = models.CharField(max_length=20, choices=SubmissionChannel.choices, blank=True)
    # The grant (fullmakt) a helper acted under, or a paper fullmakt's reference.
    fullmakt_reference = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=Q(status="draft"), name="one_draft_per_person"
            ),
            models.CheckConstraint(
                condition=Q(status="draft")
                | Q(reference__isnull=False, submitted_at__isnull=False),
                name="submitted_has_reference",
            ),
        ]
        indexes = [
            models.Index(fields=["office", "status", "-submitted_at"], name="app_inbox"),
            models.Index(fields=["person", "status", "submitted_at"], name="app_person"),
            models.Index(fields=["status", "updated_at"], name="app_stale_drafts"),
        ]

    def __str__(self) -> str:
        return self.reference or f"draft {self.pk}"

    @property
    def is_draft(self) -> bool:
        return self.status == Status.DRAFT


class Attachment(models.Model):
    """A document uploaded for one of the application's required documents."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="attachments"
    )
    requirement = models.CharField(max_length=101)  # RequiredDocument.key, "type|subtype"
    document = models.OneToOneField(Document, on_delete=models.PROTECT, related_name="attachment")

    class Meta:
        ordering = ["pk"]
        indexes = [models.Index(fields=["application", "requirement"], name="attachment_req")]

    def __str__(self) -> str:
        return f"{self.requirement} ({self.document_id})"
