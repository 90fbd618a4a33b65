"""A rich directory for the HSDS tests: every shape our export has, in two municipalities.

world = hsds_world()  # world.library, world.phone_help, world.hamar_office, ...
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import cast

from kompanjong.directory.models import (
    Accessibility,
    Attending,
    LocationKind,
    Organization,
    Postcode,
    RequiredDocument,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceStatus,
)
from kompanjong.people.models import Municipality
from tests.directory.factories import (
    ClosedDayFactory,
    LanguageFactory,
    OrganizationFactory,
    PhoneFactory,
    PlaceFactory,
    RemotePlaceFactory,
    ServiceFactory,
    WeeklyHoursFactory,
)

# Centre points: Grünerløkka (0556), Hamar sentrum (2317), Os i Østerdalen (2550).
POSTCODES = [
    ("0556", "Oslo", "0301", 59.9253, 10.7610),
    ("2317", "Hamar", "3403", 60.7945, 11.0680),
    ("2550", "Os i Østerdalen", "3430", 62.4967, 11.2219),
]


def postcodes() -> None:
    for code, town, number, lat, lon in POSTCODES:
        Postcode.objects.update_or_create(
            code=code,
            defaults={
                "town": town,
                "municipality_number": number,
                "latitude": lat,
                "longitude": lon,
            },
        )
    for number, name in (("0301", "Oslo"), ("3403", "Hamar"), ("3430", "Os")):
        Municipality.objects.get_or_create(number=number, defaults={"name": name})


@dataclass
class World:
    library: Organization
    digital_help: Service
    library_place: ServiceAtLocation
    phone_help: ServiceAtLocation
    video_help: ServiceAtLocation
    closed_service: Service
    hamar_office: Organization
    hamar_service: Service
    hamar_place: ServiceAtLocation


def hsds_world() -> World:
    postcodes()
    library = cast(
        Organization,
        OrganizationFactory(
            name="Deichman Grünerløkka",
            alternate_name="Biblioteket",
            email="grunerlokka@deichman.no",
            website="https://deichman.no/grunerlokka",
        ),
    )
    PhoneFactory(organization=library, number="+47 23 43 29 00", description="Skranken")
    digital_help = cast(
        Service,
        ServiceFactory(
            organization=library,
            name="Digital hjelp på biblioteket",
            description="Vi hjelper deg med NAV, BankID og søknader.",
            url="https://deichman.no/digital-hjelp",
            email="digital@deichman.no",
            interpretation_services="Tolk på telefon etter avtale.",
            application_process="Kom innom, eller ring for å bestille time.",
            fees_description="Gratis.",
            eligibility_description="Alle som bor i Oslo.",
            alert="Stengt i påsken.",
            assured_date=dt.date(2026, 9, 1),
            topic_codes=["nav", "eid", "language_help"],
        ),
    )
    PhoneFactory(service=digital_help, number="+47 915 00 000", type="text")
    LanguageFactory(service=digital_help, code="ar", name="العربية")
    LanguageFactory(service=digital_help, code="uk", name="Українська", note="Tirsdager")
    RequiredDocument.objects.create(
        service=digital_help, document="Telefonen din og BankID-brikken", uri=""
    )
    RequiredDocument.objects.create(
        service=digital_help, document="Brev fra NAV", uri="https://www.nav.no/brev"
    )
    ServiceArea.objects.create(service=digital_help, municipality_number="3403")
    WeeklyHoursFactory(
        service=digital_help,
        service_at_location=None,
        byday="SA",
        opens_at=dt.time(11, 0),
        closes_at=dt.time(14, 0),
        attending_type=Attending.APPOINTMENT,
    )

    library_place = cast(
        ServiceAtLocation,
        PlaceFactory(
            service=digital_help,
            location__name="Deichman Grünerløkka, Schleppegrells gate",
            location__step_free=True,
            location__description="Biblioteket ved Birkelunden.",
            description="I første etasje, ved skranken.",
            municipality_number="0301",
            postal_code="0556",
        ),
    )
    location = library_place.location
    Accessibility.objects.create(
        location=location,
        description="Heis fra hovedinngangen.",
        details="Tilgjengelig toalett i 1. etasje.",
        url="https://deichman.no/tilgjengelighet",
    )
    LanguageFactory(location=location, code="so", name="Soomaali")
    PhoneFactory(location=location, number="+47 23 43 29 01", type="voice")
    PhoneFactory(service_at_location=library_place, number="+47 23 43 29 02")
    WeeklyHoursFactory(service_at_location=library_place, byday="MO,TU,WE,TH,FR")
    WeeklyHoursFactory(
        service_at_location=library_place,
        byday="TH",
        opens_at=dt.time(17, 0),
        closes_at=dt.time(19, 30),
        attending_type=Attending.APPOINTMENT,
        interval=1,
        valid_from=dt.date(2026, 1, 1),
        valid_to=dt.date(2026, 6, 30),
        dtstart=dt.date(2026, 1, 1),
        notes="Kveldsåpent i vår.",
    )
    ClosedDayFactory(service_at_location=library_place)
    ClosedDayFactory(
        service_at_location=library_place,
        valid_from=dt.date(2026, 12, 31),
        opens_at=dt.time(10, 0),
        closes_at=dt.time(12, 0),
        description="Kort dag nyttårsaften.",
    )
    Schedule.objects.create(
        location=location,
        freq="WEEKLY",
        byday="MO,TU,WE,TH,FR,SA",
        opens_at=dt.time(8, 0),
        closes_at=dt.time(20, 0),
        description="Bibliotekets åpningstider.",
    )

    phone_help = cast(
        ServiceAtLocation,
        RemotePlaceFactory(
            service=digital_help, location__name="Ring biblioteket", municipality_number="0301"
        ),
    )
    PhoneFactory(location=phone_help.location, number="+47 23 43 29 03")
    WeeklyHoursFactory(service_at_location=phone_help, byday="MO,WE")
    video_help = cast(
        ServiceAtLocation,
        PlaceFactory(
            service=digital_help,
            location__name="Videohjelp",
            location__kind=LocationKind.VIDEO,
            location__url="https://meet.deichman.no/hjelp",
            location__latitude=None,
            location__longitude=None,
            location__transportation="",
        ),
    )
    WeeklyHoursFactory(service_at_location=video_help, byday="FR", attending_type="")

    closed_service = cast(
        Service,
        ServiceFactory(
            organization=library,
            name="Datakurs for eldre",
            status=ServiceStatus.INACTIVE,
            assured_date=None,
            topic_codes=["digital_basics"],
        ),
    )

    hamar_office = cast(
        Organization, OrganizationFactory(name="NAV Hamar", description="NAV-kontoret i Hamar.")
    )
    hamar_service = cast(
        Service,
        ServiceFactory(
            organization=hamar_office,
            name="Veiledning på NAV-kontoret",
            topic_codes=["nav", "applications"],
        ),
    )
    hamar_place = cast(
        ServiceAtLocation,
        PlaceFactory(
            service=hamar_service,
            location__name="NAV Hamar, Grønnegata",
            location__latitude=60.7950,
            location__longitude=11.0700,
            location__transportation="",
            municipality_number="3403",
            postal_code="2317",
        ),
    )
    return World(
        library=library,
        digital_help=digital_help,
        library_place=library_place,
        phone_help=phone_help,
        video_help=video_help,
        closed_service=closed_service,
        hamar_office=hamar_office,
        hamar_service=hamar_service,
        hamar_place=hamar_place,
    )


def more_services(count: int) -> None:
    """`count` more services, each at a place with hours, topics and a phone."""
    for _ in range(count):
        place = PlaceFactory(service__topic_codes=["tax"], municipality_number="0301")
        WeeklyHoursFactory(service_at_location=place)
        PhoneFactory(service=place.service)
        LanguageFactory(location=place.location)
