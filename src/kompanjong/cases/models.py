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

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        indexes = [models.Index(fields=["office", "-created_at"], name="case_office")]

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
