"""factory_boy factories for the directory (HSDS shapes).

PlaceFactory(municipality_number="3403", postal_code="2317") makes a ServiceAtLocation: a
service, its organisation, a physical location with an address, and a service area.
WeeklyHoursFactory(service_at_location=place) adds weekday opening hours 10:00-15:00.
"""

from __future__ import annotations

import datetime as dt

import factory

from kompanjong.directory.models import (
    Address,
    Attending,
    Language,
    Location,
    LocationKind,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    TaxonomyTerm,
)
from kompanjong.directory.topics import term_id


def topic(code: str) -> TaxonomyTerm:
    """One of the help topics every installation has (seeded by a migration)."""
    return TaxonomyTerm.objects.get(pk=term_id(code))


class OrganizationFactory(factory.django.DjangoModelFactory[Organization]):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Hjelpested {n}")
    description = "Vi hjelper deg med digitale tjenester."


class ServiceFactory(factory.django.DjangoModelFactory[Service]):
    class Meta:
        model = Service
        skip_postgeneration_save = True

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"Digital hjelp {n}")
    description = "Hjelp med NAV, BankID og søknader."
    assured_date = factory.LazyFunction(dt.date.today)

    @factory.post_generation
    def topic_codes(  # factory_boy passes the created Service as the first argument
        obj: Service, create: bool, extracted: list[str] | None, **kwargs: object
    ) -> None:
        if create and extracted:
            obj.topics.add(*(topic(code) for code in extracted))


class LocationFactory(factory.django.DjangoModelFactory[Location]):
    class Meta:
        model = Location

    organization = factory.SubFactory(OrganizationFactory)
    kind = LocationKind.PHYSICAL
    name = factory.Sequence(lambda n: f"Sted {n}")
    latitude = 59.9225
    longitude = 10.7590
    transportation = "Trikk 11, 12 eller 18 til Olaf Ryes plass."


class AddressFactory(factory.django.DjangoModelFactory[Address]):
    class Meta:
        model = Address

    location = factory.SubFactory(LocationFactory)
    address_1 = "Schleppegrells gate 32"
    postal_code = "0556"
    city = "Oslo"
    state_province = "Oslo"


class PlaceFactory(factory.django.DjangoModelFactory[ServiceAtLocation]):
    """A service at a physical place with an address (`postal_code`), covering the
    municipality `municipality_number` (default Oslo, 0301)."""

    class Meta:
        model = ServiceAtLocation
        skip_postgeneration_save = True

    service = factory.SubFactory(ServiceFactory)
    location = factory.SubFactory(
        LocationFactory, organization=factory.SelfAttribute("..service.organization")
    )

    @factory.post_generation
    def municipality_number(
        obj: ServiceAtLocation, create: bool, extracted: str | None, **kwargs: object
    ) -> None:
        if create:
            ServiceArea.objects.get_or_create(
                service=obj.service, municipality_number=extracted or "0301"
            )

    @factory.post_generation
    def postal_code(
        obj: ServiceAtLocation, create: bool, extracted: str | None, **kwargs: object
    ) -> None:
        if create and obj.location.kind == LocationKind.PHYSICAL:
            AddressFactory(location=obj.location, postal_code=extracted or "0556")


class RemotePlaceFactory(PlaceFactory):
    """Phone help (no address) covering `municipality_number`."""

    location = factory.SubFactory(
        LocationFactory,
        organization=factory.SelfAttribute("..service.organization"),
        kind=LocationKind.PHONE,
        latitude=None,
        longitude=None,
        transportation="",
    )


class WeeklyHoursFactory(factory.django.DjangoModelFactory[Schedule]):
    class Meta:
        model = Schedule

    service_at_location = factory.SubFactory(PlaceFactory)
    freq = "WEEKLY"
    byday = "MO,TU,WE,TH,FR"
    opens_at = dt.time(10, 0)
    closes_at = dt.time(15, 0)
    attending_type = Attending.DROP_IN


class ClosedDayFactory(factory.django.DjangoModelFactory[Schedule]):
    """A date the place is closed (valid_from == valid_to, no hours)."""

    class Meta:
        model = Schedule

    service_at_location = factory.SubFactory(PlaceFactory)
    freq = ""
    valid_from = dt.date(2026, 12, 24)
    valid_to = factory.SelfAttribute("valid_from")
    opens_at = None
    closes_at = None
    description = "Stengt julaften."


class LanguageFactory(factory.django.DjangoModelFactory[Language]):
    class Meta:
        model = Language

    code = "ar"
    name = "العربية"


class PhoneFactory(factory.django.DjangoModelFactory[Phone]):
    class Meta:
        model = Phone

    number = "+47 23 43 29 00"
    type = "voice"
