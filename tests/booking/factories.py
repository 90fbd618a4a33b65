"""factory_boy factories for booking.

resource = ResourceFactory.create(name="Nora Berg")  # a helper's calendar at a new place, run by
    a new organisation (a library), no rules yet
RuleFactory.create(resource=resource, weekday=0)  # Mondays 09:00–12:00
desk = desk_staff(resource.organisation)  # an Account at its desk
"""

from __future__ import annotations

import datetime as dt
import uuid

import factory

from kompanjong.booking.models import (
    AvailabilityException,
    AvailabilityRule,
    Booking,
    Resource,
    Status,
)
from kompanjong.people.models import Account, Membership, Organisation
from tests.directory.factories import PlaceFactory
from tests.factories import AccountFactory, CitizenAccountFactory, OrganisationFactory


class ResourceFactory(factory.django.DjangoModelFactory[Resource]):
    class Meta:
        model = Resource

    service_at_location = factory.SubFactory(PlaceFactory)
    organisation = factory.SubFactory(OrganisationFactory, kind="library", unit_number="")
    name = factory.Sequence(lambda n: f"Hjelper {n}")
    slot_minutes = 30
    buffer_minutes = 0
    min_notice_hours = 2
    max_days_ahead = 28
    channels = factory.LazyFunction(lambda: ["in_person", "phone"])
    languages = factory.LazyFunction(lambda: ["nb", "en"])


class RuleFactory(factory.django.DjangoModelFactory[AvailabilityRule]):
    class Meta:
        model = AvailabilityRule

    resource = factory.SubFactory(ResourceFactory)
    weekday = 0
    starts = dt.time(9, 0)
    ends = dt.time(12, 0)


class ExceptionFactory(factory.django.DjangoModelFactory[AvailabilityException]):
    class Meta:
        model = AvailabilityException

    resource = factory.SubFactory(ResourceFactory)
    date = dt.date(2026, 12, 24)
    starts = None
    ends = None
    note = "Julaften"


class BookingFactory(factory.django.DjangoModelFactory[Booking]):
    """A booking written straight to the table (no checks): for selectors, reminders, .ics."""

    class Meta:
        model = Booking

    resource = factory.SubFactory(ResourceFactory)
    starts_at = dt.datetime(2026, 12, 7, 8, 0, tzinfo=dt.UTC)  # Monday 09:00 in Oslo
    ends_at = factory.LazyAttribute(lambda b: b.starts_at + dt.timedelta(minutes=30))
    blocks_until = factory.LazyAttribute(lambda b: b.ends_at)
    status = Status.BOOKED
    person = factory.LazyAttribute(lambda b: b.booked_by.person)
    booked_by = factory.SubFactory(CitizenAccountFactory)
    idempotency_key = factory.LazyFunction(lambda: uuid.uuid4().hex)


def desk_staff(organisation: Organisation, role: str = "helper") -> Account:
    """An account that works at the desk of `organisation` (no person of its own)."""
    account = AccountFactory.create(display_name="Skranke Ansatt")
    Membership.objects.create(account=account, organisation=organisation, role=role)
    return account
