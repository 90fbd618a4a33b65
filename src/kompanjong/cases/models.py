"""A case per sent application, with an append-only log of NAV's digisos-soker events.

Events are stored as the contract's JSON (`hendelser` items), so what a case system sends and
what Kompanjong writes itself are the same shape; the case view is a pure fold of the log
(`fold.py`). Nothing here is ever updated or deleted.
"""

from __future__ import annotations

from typing import Any, NoReturn

from django.db import models
from django.utils.translation import gettext_lazy as _

from kompanjong.applications.models import Application
from kompanjong.core.models import AppendOnlyError
from kompanjong.documents.models import Document
from kompanjong.people.models import Account, Organisation


class Case(models.Model):
    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, related_name="case", verbose_name=_("application")
    )
    # The office handling it now (follows tildeltNavKontor events).
    office = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="cases", verbose_name=_("office")
    )
    assigned_to = models.ForeignKey(
        Account,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_cases",
        verbose_name=_("assigned to"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    # A projection of the folded log for the office queue, rewritten by services.refresh()
    # after every change, so the queue filters and counts are plain indexed SQL.
    status = models.CharField(max_length=20, default="MOTTATT")  # fold.ApplicationStatus
    # In the office's queue: not finished, or the citizen sent something since (documents, a
    # message) that nobody at the office has looked at yet.
    open = models.BooleanField(default=True)
    urgent = models.BooleanField(default=False)  # "Do you need help today?" in the application
    open_tasks = models.PositiveSmallIntegerField(default=0)
    next_deadline = models.DateTimeField(null=True, blank=True)  # earliest open task's
    # The application's own "send later" documents are tasks only until then (NAV's 30 days).
    tasks_until = models.DateTimeField(null=True, blank=True)
    # The citizen sent documents the office has not opened the case to see yet.
    new_documents = models.BooleanField(default=False)
    # The citizen wrote and nobody at the office has read it yet (kept by the dialogue).
    unread_messages = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        indexes = [
            models.Index(fields=["office", "-created_at"], name="case_office"),
            # The queue reads open cases only; finished ones are history and stay out of it.
            models.Index(
                fields=["office", "-urgent", "created_at"],
                name="case_queue",
                condition=models.Q(open=True),
            ),
        ]

    def __str__(self) -> str:
        return str(self.application)


class EventSource(models.TextChoices):
    KOMPANJONG = "kompanjong", _("Kompanjong")
    CASE_SYSTEM = "case_system", _("The municipality's case system")


class CaseEventQuerySet(models.QuerySet["CaseEvent"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("The case event log is append-only.")

    def delete(self) -> NoReturn:
        raise AppendOnlyError("The case event log is append-only.")


class CaseEvent(models.Model):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="events")
    type = models.CharField(max_length=40)  # the hendelse's "type"
    at = models.DateTimeField()  # its hendelsestidspunkt
    data = models.JSONField()  # the whole hendelse, as in digisos-soker.json
    source = models.CharField(max_length=20, choices=EventSource.choices)
    source_name = models.CharField(max_length=200, blank=True)  # avsender.systemnavn
    actor = models.ForeignKey(
        Account, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # sha256 of the canonical JSON: the same event sent twice is stored once.
    fingerprint = models.CharField(max_length=64)
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = CaseEventQuerySet.as_manager()

    class Meta:
        ordering = ["at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "fingerprint"], name="case_event_once")
        ]
        indexes = [models.Index(fields=["case", "at"], name="case_event_time")]

    def __str__(self) -> str:
        return f"{self.type} {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnlyError("The case event log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("The case event log is append-only.")


class CaseDocument(models.Model):
    """A document the citizen sent after the application: for a task, or with a message."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="documents")
    document = models.OneToOneField(
        Document, on_delete=models.PROTECT, related_name="case_document"
    )
    # The task's dokumenttype (and tilleggsinformasjon) it answers; empty for a message's.
    # Text: a case system's contract sets no length.
    dokumenttype = models.TextField(blank=True)
    tilleggsinformasjon = models.TextField(blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("document sent later")
        verbose_name_plural = _("documents sent later")

    def __str__(self) -> str:
        return f"{self.dokumenttype or '-'}: {self.document_id}"


class FileKind(models.TextChoices):
    DOKUMENTLAGER = "dokumentlager", "Dokumentlager"
    SVARUT = "svarut", "SvarUt"


class CaseFile(models.Model):
    """A letter an event refers to (vedtaksfil, forvaltningsbrev, vedlegg), by the reference
    the event uses: our own letters, or files a case system hands over by its own reference."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="files")
    kind = models.CharField(max_length=20, choices=FileKind.choices)
    file_id = models.UUIDField()
    nr = models.PositiveIntegerField(null=True, blank=True)  # SvarUt's file number
    document = models.OneToOneField(Document, on_delete=models.PROTECT, related_name="case_file")
    # Our own letters keep their main point, so the case page can say it without the PDF.
    summary = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("letter")
        verbose_name_plural = _("letters")
        constraints = [
            models.UniqueConstraint(
                fields=["case", "kind", "file_id", "nr"],
                name="case_file_once",
                nulls_distinct=False,
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.file_id}/{self.nr or ''}"


class CaseAction(models.Model):
    """One submitted action form (its hidden token), so a double click or a resent form does
    the action once; also who did what, and when."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="actions")
    token = models.UUIDField()
    kind = models.CharField(max_length=30)
    actor = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "token"], name="case_action_once")]

    def __str__(self) -> str:
        return f"{self.kind} {self.at:%Y-%m-%d %H:%M}"
