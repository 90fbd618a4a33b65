"""A small world for the search tests: Oslo (a city with places), Hamar, and Os (rural, only
phone help), their postcodes, and helpers that make complete helping places."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, cast

from kompanjong.directory.models import (
    Accessibility,
    Attending,
    LocationKind,
    Postcode,
    RequiredDocument,
    Schedule,
    ServiceArea,
    ServiceAtLocation,
)
from kompanjong.directory.opening import OSLO as OSLO_TZ
from kompanjong.people.models import Municipality
from tests.directory.factories import (
    LanguageFactory,
    PhoneFactory,
    PlaceFactory,
    RemotePlaceFactory,
    WeeklyHoursFactory,
)

OSLO, HAMAR, OS = "0301", "3403", "3430"
GRUNERLOKKA = (59.9225, 10.7590)  # postcode 0556
MAJORSTUEN = (59.9296, 10.7155)  # postcode 0367, about 2.6 km west
HAMAR_CENTRE = (60.7945, 11.0680)

# Monday 5 January 2026 at noon in Oslo: an ordinary working day.
MONDAY_NOON = dt.datetime(2026, 1, 5, 12, 0, tzinfo=OSLO_TZ)
SATURDAY_NOON = MONDAY_NOON + dt.timedelta(days=5)


def make_world() -> None:
    for number, name in [(OSLO, "Oslo"), (HAMAR, "Hamar"), (OS, "Os")]:
        Municipality.objects.update_or_create(number=number, defaults={"name": name})
    for code, town, number, (lat, lon) in [
        ("0556", "OSLO", OSLO, GRUNERLOKKA),
        ("0367", "OSLO", OSLO, MAJORSTUEN),
        ("2317", "HAMAR", HAMAR, HAMAR_CENTRE),
        ("2550", "OS I ØSTERDALEN", OS, (62.4961, 11.2219)),
    ]:
        Postcode.objects.update_or_create(
            code=code,
            defaults={
                "town": town,
                "municipality_number": number,
                "latitude": lat,
                "longitude": lon,
            },
        )


def visit_place(
    name: str,
    *,
    municipality: str | None = OSLO,
    postal_code: str = "0556",
    at: tuple[float, float] = GRUNERLOKKA,
    days: str = "MO,TU,WE,TH,FR",
    opens: dt.time | None = dt.time(10),
    closes: dt.time | None = dt.time(15),
    attending: str = Attending.DROP_IN,
    step_free: bool = False,
    languages: Sequence[str] = (),
    topics: Sequence[str] = ("nav",),
    organisation: str = "",
    full: bool = False,
) -> ServiceAtLocation:
    """A place to visit. `municipality` None: no service area, only the address tells where.
    `full`: with phone, languages, accessibility and what to bring, as a real entry has."""
    extra: dict[str, Any] = {}
    if organisation:
        extra["service__organization__name"] = organisation
    place = cast(
        ServiceAtLocation,
        PlaceFactory(
            location__name=name,
            location__latitude=at[0],
            location__longitude=at[1],
            location__step_free=step_free,
            service__name=f"Digital help at {name}",
            service__topic_codes=list(topics),
            municipality_number=municipality or OSLO,
            postal_code=postal_code,
            **extra,
        ),
    )
    if municipality is None:
        ServiceArea.objects.filter(service=place.service).delete()
    if days:
        WeeklyHoursFactory(
            service_at_location=place,
            byday=days,
            opens_at=opens,
            closes_at=closes,
            attending_type=attending,
        )
    for code in languages:
        LanguageFactory(service=place.service, code=code, name="")
    if full:
        PhoneFactory(service_at_location=place, number="+4723432900")
        LanguageFactory(location=place.location, code="so", name="Soomaali")
        Accessibility.objects.create(location=place.location, description="Lift by the door.")
        RequiredDocument.objects.create(service=place.service, document="Your phone")
        Schedule.objects.create(
            service_at_location=place,
            freq="",
            valid_from=MONDAY_NOON.date() + dt.timedelta(days=17),
            valid_to=MONDAY_NOON.date() + dt.timedelta(days=17),
            description="Closed for a course.",
        )
    return place


def remote_help(
    name: str,
    *,
    municipality: str | None = OS,
    kind: str = LocationKind.PHONE,
    days: str = "MO,TU,WE,TH,FR",
    topics: Sequence[str] = ("nav",),
    number: str = "+4755553333",
) -> ServiceAtLocation:
    """Help by phone (or video) covering `municipality`; None: the whole country."""
    place = cast(
        ServiceAtLocation,
        RemotePlaceFactory(
            location__name=name,
            location__kind=kind,
            location__url="https://video.example.no/room" if kind == LocationKind.VIDEO else "",
            service__name=f"Help from {name}",
            service__topic_codes=list(topics),
            municipality_number=municipality or OSLO,
        ),
    )
    if municipality is None:
        ServiceArea.objects.filter(service=place.service).delete()
    if days:
        WeeklyHoursFactory(service_at_location=place, byday=days)
    PhoneFactory(service=place.service, number=number)
    return place
