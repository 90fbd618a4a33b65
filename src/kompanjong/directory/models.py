"""The directory of helping places, in the shapes of Open Referral HSDS 3.0.

Every table that HSDS gives an `id` keeps that id (a UUID), so an import followed by an export
gives the same objects back. Where HSDS has no field for something we need, we carry it as an
attribute with a term from our own taxonomies (see hsds.py and docs/adr/0010):

- a location's channel: HSDS knows "physical" and "virtual"; we tell phone from video;
- step-free access;
- the IANA time zone of a schedule (HSDS 3.0 only has a numeric UTC offset, which cannot
  describe Norwegian summer time).

Opening hours are wall-clock times in the schedule's time zone (Europe/Oslo).
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from kompanjong.directory.topics import TOPICS_TAXONOMY_NAME as TOPICS_TAXONOMY
from kompanjong.people.models import Organisation as Members

OSLO = "Europe/Oslo"


class TaxonomyTerm(models.Model):
    """A topic people need help with (HSDS taxonomy_term), e.g. "eID and BankID"."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    code = models.CharField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    taxonomy = models.CharField(_("taxonomy"), max_length=100, default=TOPICS_TAXONOMY)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        ordering = ["name"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self) -> str:
        return self.name


class Organization(models.Model):
    """An organisation in the directory; `members` links it to the people who keep it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    name = models.CharField(_("name"), max_length=200)
    alternate_name = models.CharField(_("other name"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("website"), blank=True)
    # The Kompanjong organisation whose directory editors keep this entry (none when imported
    # from elsewhere and nobody here keeps it).
    members = models.OneToOneField(
        Members,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="directory_entry",
    )
    last_modified = models.DateTimeField(_("last changed"), auto_now=True, db_index=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation in the directory")
        verbose_name_plural = _("organisations in the directory")

    def __str__(self) -> str:
        return self.name


class ServiceStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    INACTIVE = "inactive", _("Not active")
    DEFUNCT = "defunct", _("Closed down")
    TEMPORARILY_CLOSED = "temporarily closed", _("Temporarily closed")


class Service(models.Model):
    """Help an organisation gives, e.g. "Help with BankID and NAV" at the library."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="services"
    )
    name = models.CharField(_("name"), max_length=200)
    alternate_name = models.CharField(_("other name"), max_length=200, blank=True)
    description = models.TextField(_("what you get help with"), blank=True)
    url = models.URLField(_("web page"), blank=True)
    email = models.EmailField(_("email"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ServiceStatus.choices, default=ServiceStatus.ACTIVE
    )
    interpretation_services = models.TextField(_("interpreter"), blank=True)
    application_process = models.TextField(_("how to get help"), blank=True)
    fees_description = models.TextField(_("price"), blank=True)
    eligibility_description = models.TextField(_("who it is for"), blank=True)
    alert = models.TextField(_("notice"), blank=True)
    # When an editor last confirmed the entry is right (HSDS assured_date). Older than six
    # months, or never: flagged to the editors.
    assured_date = models.DateField(_("last checked"), null=True, blank=True)
    topics = models.ManyToManyField(
        TaxonomyTerm, blank=True, related_name="services", verbose_name=_("topics")
    )
    last_modified = models.DateTimeField(_("last changed"), auto_now=True, db_index=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("service")
        verbose_name_plural = _("services")

    def __str__(self) -> str:
        return self.name


class RequiredDocument(models.Model):
    """What to bring (HSDS required_document), e.g. "Your phone and your BankID code chip"."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, related_name="required_documents"
    )
    document = models.CharField(_("what to bring"), max_length=300)
    uri = models.URLField(blank=True)

    class Meta:
        ordering = ["document", "id"]

    def __str__(self) -> str:
        return str(self.document)


class LocationKind(models.TextChoices):
    PHYSICAL = "physical", _("A place you can visit")
    PHONE = "phone", _("By phone")
    VIDEO = "video", _("By video")


class Location(models.Model):
    """Where the help is given: a place, or a phone or video channel (HSDS "virtual")."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.CASCADE, related_name="locations"
    )
    kind = models.CharField(
        _("kind"), max_length=10, choices=LocationKind.choices, default=LocationKind.PHYSICAL
    )
    name = models.CharField(_("name"), max_length=200)
    alternate_name = models.CharField(_("other name"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    transportation = models.TextField(_("how to get there"), blank=True)
    url = models.URLField(_("video link"), blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    step_free = models.BooleanField(_("step-free access"), default=False)
    last_modified = models.DateTimeField(_("last changed"), auto_now=True, db_index=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("location")
        verbose_name_plural = _("locations")

    def __str__(self) -> str:
        return self.name


class Accessibility(models.Model):
    """How to get in, e.g. "Lift from the main entrance; accessible toilet on floor 1"."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="accessibility")
    description = models.TextField(_("accessibility"))
    details = models.TextField(blank=True)
    url = models.URLField(blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return str(self.description)


class Address(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="addresses")
    attention = models.CharField(max_length=200, blank=True)
    address_1 = models.CharField(_("street address"), max_length=200)
    address_2 = models.CharField(_("address, line 2"), max_length=200, blank=True)
    postal_code = models.CharField(_("postcode"), max_length=10)
    city = models.CharField(_("postal town"), max_length=100)
    region = models.CharField(max_length=100, blank=True)
    state_province = models.CharField(_("county"), max_length=100)
    country = models.CharField(_("country"), max_length=2, default="NO")
    address_type = models.CharField(max_length=10, default="physical")

    class Meta:
        ordering = ["address_type", "id"]

    def __str__(self) -> str:
        return str(f"{self.address_1}, {self.postal_code} {self.city}")


class ServiceAtLocation(models.Model):
    """A service given at one location: what a search result is."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="at_locations")
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="services_here")
    description = models.TextField(_("description"), blank=True)
    last_modified = models.DateTimeField(_("last changed"), auto_now=True, db_index=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("service at a location")
        verbose_name_plural = _("services at locations")
        constraints = [
            models.UniqueConstraint(
                fields=["service", "location"], name="service_once_per_location"
            )
        ]

    def __str__(self) -> str:
        return f"{self.service} – {self.location}"


class Attending(models.TextChoices):
    DROP_IN = "drop_in", _("Drop in, no appointment")
    APPOINTMENT = "appointment", _("By appointment")


class Schedule(models.Model):
    """Opening hours (HSDS schedule).

    A weekly rule has `freq` WEEKLY and `byday` ("MO,WE"), with `opens_at`/`closes_at`; an
    exception for one date (a holiday, a day with other hours) has no `freq` and
    `valid_from == valid_to`: closed when it has no hours.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.CASCADE, related_name="schedules"
    )
    location = models.ForeignKey(
        Location, null=True, blank=True, on_delete=models.CASCADE, related_name="schedules"
    )
    service_at_location = models.ForeignKey(
        ServiceAtLocation, null=True, blank=True, on_delete=models.CASCADE, related_name="schedules"
    )
    freq = models.CharField(max_length=10, blank=True)  # "WEEKLY" or "" for a one-day exception
    interval = models.PositiveSmallIntegerField(null=True, blank=True)
    byday = models.CharField(max_length=30, blank=True)
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    dtstart = models.DateField(null=True, blank=True)
    opens_at = models.TimeField(null=True, blank=True)
    closes_at = models.TimeField(null=True, blank=True)
    timezone = models.CharField(max_length=60, default=OSLO)
    attending_type = models.CharField(
        max_length=20, choices=Attending.choices, default=Attending.DROP_IN, blank=True
    )
    description = models.TextField(blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["valid_from", "byday", "opens_at", "id"]

    def __str__(self) -> str:
        return f"{self.byday or self.valid_from} {self.opens_at}–{self.closes_at}"

    @property
    def is_exception(self) -> bool:
        return not self.freq


class Phone(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.CASCADE, related_name="phones"
    )
    service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.CASCADE, related_name="phones"
    )
    location = models.ForeignKey(
        Location, null=True, blank=True, on_delete=models.CASCADE, related_name="phones"
    )
    service_at_location = models.ForeignKey(
        ServiceAtLocation, null=True, blank=True, on_delete=models.CASCADE, related_name="phones"
    )
    number = models.CharField(_("phone"), max_length=30)
    type = models.CharField(max_length=20, blank=True)  # "voice", "text", "video", ...
    description = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["number", "id"]

    def __str__(self) -> str:
        return str(self.number)


class Language(models.Model):
    """A language the help is given in, by ISO 639-1 (or 639-3) code."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.CASCADE, related_name="languages"
    )
    location = models.ForeignKey(
        Location, null=True, blank=True, on_delete=models.CASCADE, related_name="languages"
    )
    code = models.CharField(_("language code"), max_length=3, db_index=True)
    name = models.CharField(_("language"), max_length=100, blank=True)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["code", "id"]

    def __str__(self) -> str:
        return str(self.code)


class ServiceArea(models.Model):
    """A municipality a service covers, by its number (e.g. 3430 Os)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="service_areas")
    municipality_number = models.CharField(_("municipality number"), max_length=4, db_index=True)
    name = models.CharField(_("name"), max_length=200, blank=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["municipality_number", "id"]

    def __str__(self) -> str:
        return str(self.municipality_number)


class Postcode(models.Model):
    """A Norwegian postcode with its municipality and a centre point, for search by postcode."""

    code = models.CharField(max_length=4, primary_key=True)
    town = models.CharField(max_length=100)
    municipality_number = models.CharField(max_length=4, db_index=True)
    latitude = models.FloatField()
    longitude = models.FloatField()

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return str(f"{self.code} {self.town}")
