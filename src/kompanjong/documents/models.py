"""A document is one clean PDF made from what someone uploaded (photos and/or PDFs).

Originals are not kept: a phone photo carries GPS and camera metadata the office never needs.
What was uploaded is recorded by name, type and size.
"""

from __future__ import annotations

import secrets
import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from kompanjong.people.models import Account, Person


def unguessable_name(_instance: object, _filename: str) -> str:
    # The stored name never comes from the user and cannot be guessed or enumerated.
    return f"documents/{secrets.token_urlsafe(32)}.pdf"


class ScanResult(models.TextChoices):
    CLEAN = "clean", _("Checked for viruses")
    NOT_SCANNED = "not_scanned", _("Not checked for viruses (development)")
    GENERATED = "generated", _("Made by Kompanjong (a letter)")


class Document(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="documents", verbose_name=_("owner")
    )
    uploaded_by = models.ForeignKey(
        Account,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    # Digisos vedlegg type and tilleggsinfo ("lonnslipp", "arbeid").
    vedlegg_type = models.CharField(max_length=50)
    vedlegg_subtype = models.CharField(max_length=50)
    file = models.FileField(upload_to=unguessable_name, max_length=200)
    size = models.PositiveIntegerField()
    pages = models.PositiveSmallIntegerField()
    sha512 = models.CharField(max_length=128)
    # [{"name": "IMG_0012.HEIC", "kind": "heif", "size": 2345678}, ...]
    originals = models.JSONField(default=list)
    uploaded_bytes = models.PositiveBigIntegerField(default=0)
    scan = models.CharField(max_length=20, choices=ScanResult.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return f"{self.vedlegg_type}/{self.vedlegg_subtype} ({self.pages})"

    @property
    def display_name(self) -> str:
        names = [original["name"] for original in self.originals]
        return ", ".join(names) or str(self.id)
