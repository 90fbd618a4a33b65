"""Persons, accounts, organisations and roles.

A Person is someone Kompanjong knows about (a citizen, and also staff as people). An Account is
a way to log in (ID-porten subject or a staff username) and belongs to at most one Person.
Roles come from Memberships in Organisations.
"""

from __future__ import annotations

from typing import ClassVar

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kompanjong.people.validators import validate_municipality_number, validate_national_id


class Municipality(models.Model):
    number = models.CharField(
        _("municipality number"),
        max_length=4,
        unique=True,
        validators=[validate_municipality_number],
    )
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self) -> str:
        return self.name


class Language(models.TextChoices):
    """Languages a person can prefer. The service itself speaks nb, nn and en for now."""

    NB = "nb", _("Norwegian bokmål")
    NN = "nn", _("Norwegian nynorsk")
    EN = "en", _("English")
    AR = "ar", _("Arabic")
    UK = "uk", _("Ukrainian")
    PL = "pl", _("Polish")
    SO = "so", _("Somali")
    TI = "ti", _("Tigrinya")
    SE = "se", _("Northern Sami")
    OTHER = "other", _("Another language")


class Channel(models.TextChoices):
    DIGITAL = "digital", _("Digitally (Kompanjong and email)")
    SMS = "sms", _("Text message (SMS)")
    PHONE = "phone", _("Phone call")
    LETTER = "letter", _("Letter by post")
    IN_PERSON = "in_person", _("Meeting in person")


class AddressProtection(models.TextChoices):
    FORTROLIG = "fortrolig", _("Confidential address")
    STRENGT_FORTROLIG = "strengt_fortrolig", _("Strictly confidential address")
    STRENGT_FORTROLIG_UTLAND = "strengt_fortrolig_utland", _("Strictly confidential address abroad")


class Person(models.Model):
    national_id = models.CharField(
        _("national identity number"),
        max_length=11,
        unique=True,
        validators=[validate_national_id],
    )
    given_name = models.CharField(_("first name"), max_length=100, blank=True)
    family_name = models.CharField(_("last name"), max_length=100, blank=True)
    street_address = models.CharField(_("street address"), max_length=200, blank=True)
    postal_code = models.CharField(_("postcode"), max_length=4, blank=True)
    postal_town = models.CharField(_("postal town"), max_length=100, blank=True)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="residents",
        verbose_name=_("municipality"),
    )
    # From the national register: a protected address is masked for everyone at NAV
    # without the special right (see core.policy.may_see_address).
    address_protection = models.CharField(
        _("address protection"),
        max_length=30,
        choices=AddressProtection.choices,
        blank=True,
    )
    phone = models.CharField(_("mobile number"), max_length=20, blank=True)
    email = models.EmailField(_("email"), blank=True)

    # Communication needs travel with the person and are shown wherever staff meet them.
    preferred_language = models.CharField(
        _("preferred language"), max_length=8, choices=Language.choices, default=Language.NB
    )
    interpreter_language = models.CharField(
        _("interpreter needed in"), max_length=8, choices=Language.choices, blank=True
    )
    reading_support = models.BooleanField(_("needs help with reading"), default=False)
    writing_support = models.BooleanField(_("needs help with writing"), default=False)
    preferred_channel = models.CharField(
        _("preferred way to be contacted"),
        max_length=12,
        choices=Channel.choices,
        default=Channel.DIGITAL,
    )
    reserved_against_digital = models.BooleanField(
        _("reserved against digital notices (KRR)"), default=False
    )
    needs_note = models.TextField(_("other things staff should know"), blank=True, max_length=1000)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["family_name", "given_name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()

    @property
    def needs_interpreter(self) -> bool:
        return bool(self.interpreter_language)


# What staff and connected systems see about how to communicate with a person.
COMMUNICATION_NEEDS_FIELDS = (
    "preferred_language",
    "interpreter_language",
    "reading_support",
    "writing_support",
    "preferred_channel",
    "reserved_against_digital",
)


class OrganisationKind(models.TextChoices):
    NAV_OFFICE = "nav_office", _("NAV office")
    LIBRARY = "library", _("Library")
    SERVICE_CENTRE = "service_centre", _("Municipal service centre")
    HEALTH_SERVICE = "health_service", _("Health service")
    REFUGEE_SERVICE = "refugee_service", _("Refugee service")
    VOLUNTEER_CENTRE = "volunteer_centre", _("Volunteer centre")


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("type"), max_length=20, choices=OrganisationKind.choices)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="organisations",
        verbose_name=_("municipality"),
    )
    # A NAV office can serve several municipalities (e.g. NAV Vest-Telemark).
    serves = models.ManyToManyField(
        Municipality, blank=True, related_name="served_by", verbose_name=_("serves")
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("email"), blank=True)
    # NAV's own number for a NAV office (enhetsnummer), used when applications are exported.
    unit_number = models.CharField(_("NAV unit number"), max_length=4, blank=True)
    street_address = models.CharField(_("street address"), max_length=200, blank=True)
    opening_hours = models.CharField(_("opening hours"), max_length=200, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            # Case systems and forwarding find a NAV office by its unit number.
            models.UniqueConstraint(
                fields=["unit_number"],
                condition=models.Q(kind="nav_office") & ~models.Q(unit_number=""),
                name="nav_office_unit_number_once",
            )
        ]

    def __str__(self) -> str:
        return self.name


class AccountManager(BaseUserManager["Account"]):
    def create_user(self, username: str, password: str | None = None, **extra: object) -> Account:
        account = self.model(username=username, **extra)
        if password:
            account.set_password(password)
        else:
            account.set_unusable_password()
        account.save(using=self._db)
        return account

    def create_superuser(
        self, username: str, password: str | None = None, **extra: object
    ) -> Account:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(username, password, **extra)


class Account(AbstractBaseUser, PermissionsMixin):
    username = models.CharField(_("username"), max_length=150, unique=True)
    person = models.OneToOneField(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="account",
        verbose_name=_("person"),
    )
    oidc_subject = models.CharField(
        _("ID-porten subject"), max_length=255, unique=True, null=True, blank=True
    )
    display_name = models.CharField(_("display name"), max_length=200, blank=True)
    is_staff = models.BooleanField(_("may use the admin site"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(default=timezone.now)

    objects: ClassVar[AccountManager] = AccountManager()

    USERNAME_FIELD = "username"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        verbose_name = _("account")
        verbose_name_plural = _("accounts")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        if self.display_name:
            return self.display_name
        if self.person_id and self.person:
            return self.person.full_name
        return self.username


class Role(models.TextChoices):
    HELPER = "helper", _("Helper")
    CASEWORKER = "caseworker", _("Caseworker or counsellor")
    OFFICE_LEAD = "office_lead", _("Office lead")
    DIRECTORY_EDITOR = "directory_editor", _("Directory editor")
    # The special right to see a protected address (fortrolig / strengt fortrolig adresse).
    PROTECTED_ADDRESS = "protected_address", _("May see protected addresses")


class Membership(models.Model):
    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["account", "organisation", "role"], name="membership_unique_role"
            )
        ]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.account} – {self.get_role_display()} – {self.organisation}"
