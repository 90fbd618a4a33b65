"""Grants (fullmakt) with their scopes and an append-only history; help codes."""

from __future__ import annotations

import secrets
from typing import Any, NoReturn

from django.db import models
from django.utils.translation import gettext_lazy as _

from kompanjong.core.models import AppendOnlyError
from kompanjong.documents.models import Document
from kompanjong.people.models import Account, Organisation, Person

from .rules import Action, Area, Stored


def grant_reference() -> str:
    # Shown on receipts ("with power of attorney FM-…") and in the history; not a secret.
    return "FM-" + secrets.token_hex(4).upper()


class Channel(models.TextChoices):
    WEB = "web", _("in Kompanjong")
    HELP_CODE = "help_code", _("with a help code at a service counter")
    PAPER = "paper", _("on paper, registered at a NAV office")


class Grant(models.Model):
    reference = models.CharField(max_length=16, unique=True, default=grant_reference)
    giver = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="grants_given")
    helper = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="grants_received")
    # Stored: pending, active or ended. Expiry is computed on read (rules.status).
    state = models.CharField(max_length=10, choices=[(s.value, s.value) for s in Stored])
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.WEB)
    # A helper asked for it; the citizen approves (otherwise the citizen gave it).
    requested_by_helper = models.BooleanField(default=False)
    # Where the helper helps from (a library, a service centre), shown to the citizen.
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    paper_document = models.OneToOneField(
        Document, on_delete=models.PROTECT, null=True, blank=True, related_name="grant"
    )
    paper_reference = models.CharField(max_length=64, blank=True)  # on the signed paper
    # The form's hidden token: the same confirmation sent twice makes one grant.
    token = models.UUIDField(null=True, blank=True, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    activated_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("power of attorney")
        verbose_name_plural = _("powers of attorney")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(giver=models.F("helper")), name="grant_not_to_oneself"
            )
        ]
        indexes = [models.Index(fields=["helper", "state"], name="grant_helper_state")]

    def __str__(self) -> str:
        return self.reference


class GrantScope(models.Model):
    grant = models.ForeignKey(Grant, on_delete=models.CASCADE, related_name="scopes")
    area = models.CharField(max_length=20, choices=[(a.value, a.value) for a in Area])
    action = models.CharField(max_length=20, choices=[(a.value, a.value) for a in Action])
    valid_from = models.DateTimeField()
    valid_until = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["grant", "area"], name="grant_scope_once_per_area"),
            models.CheckConstraint(
                condition=models.Q(valid_until__gt=models.F("valid_from")),
                name="grant_scope_window",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.area}:{self.action}"


class GrantEventQuerySet(models.QuerySet["GrantEvent"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("The grant history is append-only.")

    def delete(self) -> NoReturn:
        raise AppendOnlyError("The grant history is append-only.")


class GrantEvent(models.Model):
    """Who did what with a grant, through which channel, when. Never changed."""

    grant = models.ForeignKey(Grant, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=20)  # requested, created, accepted, ended, used, …
    actor = models.ForeignKey(
        Account, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.WEB)
    data = models.JSONField(default=dict)
    at = models.DateTimeField(auto_now_add=True)

    objects = GrantEventQuerySet.as_manager()

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnlyError("The grant history is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("The grant history is append-only.")


class HelperLookup(models.Model):
    """A try to find a helper by national identity number and surname: failures are counted
    so that nobody can probe who exists."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="+")
    found = models.BooleanField()
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["account", "at"], name="helper_lookup_recent")]

    def __str__(self) -> str:
        return f"{self.account_id} {'found' if self.found else 'not found'} {self.at:%H:%M}"


class HelpCode(models.Model):
    """A one-time code a citizen gives a helper at the counter. Only its keyed hash is kept,
    so the code cannot be read back from the database."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="help_codes")
    digest = models.CharField(max_length=64, unique=True)
    scopes = models.JSONField()  # [["case", "read"], ...]
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    used_by = models.ForeignKey(
        Account, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    grant = models.OneToOneField(
        Grant, on_delete=models.PROTECT, null=True, blank=True, related_name="help_code"
    )

    def __str__(self) -> str:
        return f"help code {self.pk} ({'used' if self.used_at else 'unused'})"


class HelpCodeAttempt(models.Model):
    """Every code a helper types, right or wrong: the wrong ones are counted for the lockout."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="+")
    succeeded = models.BooleanField()
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["account", "at"], name="help_code_attempt_recent")]

    def __str__(self) -> str:
        return f"{self.account_id} {'ok' if self.succeeded else 'wrong'} {self.at:%H:%M}"


class DocumentType(models.TextChoices):
    PASSPORT = "passport", _("Passport")
    NATIONAL_ID_CARD = "id_card", _("National ID card")
    DRIVING_LICENCE = "driving_licence", _("Driving licence")
    RESIDENCE_CARD = "residence_card", _("Residence card")
    OTHER = "other", _("Other ID document")


class IdentityCheck(models.Model):
    """A NAV office checked a person's identity in person, for someone without eID."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="identity_checks")
    document_type = models.CharField(max_length=20, choices=DocumentType.choices)
    document_number = models.CharField(max_length=40)
    checked_by = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="+")
    office = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at"]
        indexes = [models.Index(fields=["person", "-at"], name="identity_check_recent")]

    def __str__(self) -> str:
        return f"{self.person_id} {self.document_type} {self.at:%Y-%m-%d %H:%M}"
