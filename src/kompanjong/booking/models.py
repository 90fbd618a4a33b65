"""Booking a time with a helper: resources, their opening rules, and bookings.

No two active bookings (held or booked) of one resource ever overlap, buffer included: see
docs/adr/0011-no-double-bookings.md and migration 0002 (an exclusion constraint on
PostgreSQL; a serialised path in services.py on SQLite).
"""

from __future__ import annotations

import uuid
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kompanjong.booking import slots


class Channel(models.TextChoices):
    IN_PERSON = "in_person", _("Meeting in person")
    PHONE = "phone", _("Phone call")
    VIDEO = "video", _("Video call")


def default_channels() -> list[str]:
    return [Channel.IN_PERSON.value]


def default_languages() -> list[str]:
    return ["nb"]


def new_key() -> str:
    return uuid.uuid4().hex


def validate_channels(value: object) -> None:
    if not isinstance(value, list) or not set(value) <= set(Channel.values):
        raise ValidationError(
            _("Choose among: %(channels)s."), params={"channels": ", ".join(Channel.values)}
        )


def validate_languages(value: object) -> None:
    if not isinstance(value, list) or not all(
        isinstance(code, str) and 2 <= len(code) <= 3 and code.isalpha() for code in value
    ):
        raise ValidationError(_("Give language codes of two or three letters, like nb or ar."))


class Resource(models.Model):
    """What is booked: a helper's calendar, or a desk (no helper) at a place."""

    service_at_location = models.ForeignKey(
        "directory.ServiceAtLocation",
        on_delete=models.PROTECT,
        related_name="resources",
        verbose_name=_("service at a location"),
    )
    # Whose members run it: they see its day, take phone bookings, mark no-shows.
    organisation = models.ForeignKey(
        "people.Organisation",
        on_delete=models.PROTECT,
        related_name="booking_resources",
        verbose_name=_("organisation"),
    )
    helper = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="booking_resources",
        verbose_name=_("helper"),
    )
    name = models.CharField(_("name"), max_length=200)
    slot_minutes = models.PositiveSmallIntegerField(_("length of a time (minutes)"), default=30)
    buffer_minutes = models.PositiveSmallIntegerField(
        _("free time after each booking (minutes)"), default=0
    )
    min_notice_hours = models.PositiveSmallIntegerField(
        _("book at least this many hours ahead"), default=2
    )
    max_days_ahead = models.PositiveSmallIntegerField(
        _("book at most this many days ahead"), default=28
    )
    channels = models.JSONField(
        _("ways to meet"), default=default_channels, validators=[validate_channels]
    )
    languages = models.JSONField(
        _("languages spoken (ISO codes)"),
        default=default_languages,
        validators=[validate_languages],
    )
    active = models.BooleanField(_("open for booking"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("bookable calendar")
        verbose_name_plural = _("bookable calendars")
        constraints = [
            models.CheckConstraint(condition=models.Q(slot_minutes__gte=5), name="slot_5_min"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def timing(self) -> slots.Timing:
        return slots.Timing(
            slot_minutes=self.slot_minutes,
            buffer_minutes=self.buffer_minutes,
            min_notice_hours=self.min_notice_hours,
            max_days_ahead=self.max_days_ahead,
            channels=tuple(self.channels or ()),
        )


class AvailabilityRule(models.Model):
    """Open every `weekday` from `starts` to `ends` (wall clock, Europe/Oslo)."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="rules")
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    starts = models.TimeField(_("from"))
    ends = models.TimeField(_("to"))
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    # Empty: every way to meet the resource offers.
    channels = models.JSONField(
        _("ways to meet"), default=list, blank=True, validators=[validate_channels]
    )

    class Meta:
        ordering = ["resource", "weekday", "starts"]
        verbose_name = _("opening rule")
        verbose_name_plural = _("opening rules")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends__gt=models.F("starts")), name="rule_ends_after_starts"
            ),
            models.CheckConstraint(condition=models.Q(weekday__lte=6), name="rule_weekday"),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.starts:%H:%M}–{self.ends:%H:%M}"

    def as_rule(self) -> slots.WeeklyRule:
        return slots.WeeklyRule(
            weekday=self.weekday,
            starts=self.starts,
            ends=self.ends,
            valid_from=self.valid_from,
            valid_to=self.valid_to,
            channels=tuple(self.channels or ()),
        )


class AvailabilityException(models.Model):
    """One date the rules do not apply: closed (no times), or open at other times."""

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="exceptions")
    date = models.DateField(_("date"))
    starts = models.TimeField(_("from"), null=True, blank=True)
    ends = models.TimeField(_("to"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["resource", "date", "starts"]
        verbose_name = _("exception to the opening rules")
        verbose_name_plural = _("exceptions to the opening rules")
        constraints = [
            models.CheckConstraint(
                # Spelled out: in SQL "ends > starts" is NULL, and so passes, if one is empty.
                condition=(models.Q(starts__isnull=True) & models.Q(ends__isnull=True))
                | (
                    models.Q(starts__isnull=False)
                    & models.Q(ends__isnull=False)
                    & models.Q(ends__gt=models.F("starts"))
                ),
                name="exception_closed_or_hours",
            )
        ]

    def __str__(self) -> str:
        if self.closed:
            closed = _("closed")
            return f"{self.date}: {closed}"
        return f"{self.date}: {self.starts:%H:%M}–{self.ends:%H:%M}"

    @property
    def closed(self) -> bool:
        return self.starts is None or self.ends is None

    def as_exception(self) -> slots.DayException:
        return slots.DayException(day=self.date, starts=self.starts, ends=self.ends)


class Status(models.TextChoices):
    HELD = "held", _("Held while the form is filled in")
    BOOKED = "booked", _("Booked")
    CANCELLED = "cancelled", pgettext_lazy("a booking", "Cancelled")
    NO_SHOW = "no_show", _("Did not come")
    ATTENDED = "attended", _("Came")


# Only these take up time; the exclusion constraint (migration 0002) covers exactly these.
ACTIVE = (Status.HELD, Status.BOOKED)


class RemindBy(models.TextChoices):
    SMS = "sms", _("Text message (SMS)")
    EMAIL = "email", _("Email")
    LETTER = "letter", _("Letter by post")
    NONE = "none", _("No reminder")


class Booking(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    resource = models.ForeignKey(Resource, on_delete=models.PROTECT, related_name="bookings")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    # The end plus the resource's buffer when it was booked: what the exclusion constraint
    # compares, so the buffer is guaranteed by the database too, not only by the service.
    blocks_until = models.DateTimeField(editable=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    hold_expires_at = models.DateTimeField(null=True, blank=True)

    # Who it is for: a person, or a guest without an account (booked by the desk).
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bookings",
        verbose_name=_("person"),
    )
    guest_name = models.CharField(_("name"), max_length=200, blank=True)
    guest_phone = models.CharField(_("phone"), max_length=30, blank=True)
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="bookings_made",
        verbose_name=_("booked by"),
    )
    # Booked by someone else than the person: their helper or the desk.
    on_behalf = models.BooleanField(_("booked by someone else"), default=False)

    # What the person needs.
    topic = models.ForeignKey(
        "directory.TaxonomyTerm",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("what you need help with"),
    )
    language = models.CharField(_("language"), max_length=8, blank=True)
    interpreter = models.BooleanField(_("needs an interpreter"), default=False)
    channel = models.CharField(
        _("way to meet"), max_length=10, choices=Channel.choices, default=Channel.IN_PERSON
    )
    accessibility_needs = models.TextField(_("accessibility needs"), blank=True, max_length=1000)
    note = models.TextField(_("note"), blank=True, max_length=1000)

    # The reminder goes to the person booked for (never to a helper who booked it).
    remind_by = models.CharField(
        _("reminder"), max_length=10, choices=RemindBy.choices, default=RemindBy.NONE
    )
    remind_to = models.CharField(_("reminder sent to"), max_length=254, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    # The form's token: the same token again gives the same booking, never a second one.
    idempotency_key = models.CharField(max_length=100, unique=True, default=new_key)
    # iCalendar SEQUENCE: +1 on every move and cancellation.
    sequence = models.PositiveIntegerField(default=0)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        indexes = [
            models.Index(fields=["resource", "starts_at"], name="booking_resource_start"),
            models.Index(fields=["person", "starts_at"], name="booking_person_start"),
            models.Index(fields=["status", "starts_at"], name="booking_status_start"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="booking_has_length"
            ),
            models.CheckConstraint(
                condition=models.Q(blocks_until__gte=models.F("ends_at")),
                name="booking_buffer_after",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="held") | models.Q(hold_expires_at__isnull=False),
                name="booking_hold_expires",
            ),
            models.CheckConstraint(
                condition=models.Q(status="held")
                | models.Q(person__isnull=False)
                | ~models.Q(guest_name=""),
                name="booking_for_someone",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.resource_id} {self.starts_at:%Y-%m-%d %H:%M} ({self.status})"

    @property
    def uid(self) -> str:
        """The iCalendar UID: the same through every move, so calendars update the event."""
        return f"{self.pk}@kompanjong"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE

    def hold_expired(self, now: datetime) -> bool:
        return (
            self.status == Status.HELD
            and self.hold_expires_at is not None
            and self.hold_expires_at <= now
        )

    def as_busy(self) -> slots.Busy:
        return slots.Busy(starts_at=self.starts_at, until=self.blocks_until)
