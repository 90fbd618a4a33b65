"""The demo directory: where help is in Oslo (a city), Hamar (a town) and Os (a rural
municipality with only phone help and a helper who visits once a week).

Ids are fixed (uuid5 of a key), so loading again updates the same entries. Places run by a
Kompanjong organisation (the library where Nora helps, the NAV offices) are linked to it, so
their directory editors keep them.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field

from django.db import transaction

from kompanjong.directory.models import (
    Accessibility,
    Address,
    Attending,
    Language,
    Location,
    LocationKind,
    Organization,
    Phone,
    Postcode,
    RequiredDocument,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    TaxonomyTerm,
)
from kompanjong.directory.topics import ensure_topics, term_id
from kompanjong.people.models import Organisation

NAMESPACE = uuid.UUID("0b9f4a52-8d57-4c4f-9a3e-6a0d8b1f2e77")
WEEKDAYS = "MO,TU,WE,TH,FR"


def demo_id(*parts: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, "/".join(parts))


# Postcodes the demo needs, with a centre point (from Kartverket's open address data).
POSTCODES = [
    ("0550", "Oslo", "0301", 59.9236, 10.7577),
    ("0552", "Oslo", "0301", 59.9203, 10.7596),
    ("0553", "Oslo", "0301", 59.9241, 10.7620),
    ("0554", "Oslo", "0301", 59.9262, 10.7548),
    ("0555", "Oslo", "0301", 59.9223, 10.7585),
    ("0556", "Oslo", "0301", 59.9253, 10.7610),
    ("0557", "Oslo", "0301", 59.9281, 10.7632),
    ("0182", "Oslo", "0301", 59.9169, 10.7609),
    ("0154", "Oslo", "0301", 59.9120, 10.7520),
    ("2317", "Hamar", "3403", 60.7945, 11.0680),
    ("2318", "Hamar", "3403", 60.7990, 11.0730),
    ("2319", "Hamar", "3403", 60.8040, 11.0550),
    ("2321", "Hamar", "3403", 60.7900, 11.0900),
    ("2550", "Os i Østerdalen", "3430", 62.4967, 11.2219),
    ("2552", "Dalsbygda", "3430", 62.4370, 11.3620),
    ("2555", "Tufsingdalen", "3430", 62.5900, 11.4500),
]


@dataclass
class Hours:
    byday: str
    opens: str
    closes: str
    attending: str = Attending.DROP_IN


@dataclass
class Place:
    key: str
    name: str
    kind: str = LocationKind.PHYSICAL
    street: str = ""
    postcode: str = ""
    town: str = ""
    county: str = ""
    lat: float | None = None
    lon: float | None = None
    transportation: str = ""
    access: str = ""
    step_free: bool = False
    url: str = ""
    phone: str = ""
    hours: list[Hours] = field(default_factory=list)


@dataclass
class DemoService:
    key: str
    name: str
    description: str
    topics: list[str]
    languages: list[str]
    areas: list[str]
    places: list[Place]
    bring: list[str] = field(default_factory=list)
    how: str = ""
    interpreter: str = ""
    phone: str = ""


@dataclass
class DemoOrganization:
    key: str
    name: str
    description: str
    members: str | None  # the Kompanjong organisation that keeps it
    services: list[DemoService]
    website: str = ""
    email: str = ""


LANGUAGE_NAMES = {
    "nb": "norsk",
    "en": "English",
    "ar": "العربية",
    "so": "Soomaali",
    "ti": "ትግርኛ",
    "uk": "українська",
    "pl": "polski",
    "fa": "فارسی",
}

OSLO_LIBRARY = Place(
    key="deichman-grunerlokka",
    name="Deichman Grünerløkka",
    street="Schous plass 10",
    postcode="0552",
    town="Oslo",
    county="Oslo",
    lat=59.9203,
    lon=10.7596,
    transportation="Trikk 11, 12 eller 18 til Schous plass. Inngang fra plassen.",
    access="Trinnfri inngang fra Schous plass. Heis til alle etasjer. HC-toalett i 1. etasje.",
    step_free=True,
    phone="+47 23 43 29 00",
    hours=[Hours("TU,TH", "12:00", "15:00"), Hours("WE", "10:00", "14:00", Attending.APPOINTMENT)],
)

ORGANIZATIONS: list[DemoOrganization] = [
    DemoOrganization(
        key="deichman",
        name="Deichman Grünerløkka",
        description="Folkebiblioteket på Grünerløkka. Vi hjelper deg med digitale tjenester.",
        members="Deichman Grünerløkka",
        website="https://deichman.no",
        services=[
            DemoService(
                key="digital-help",
                name="Digital hjelp på biblioteket",
                description=(
                    "Få hjelp med NAV, BankID, søknader og å sende dokumenter. "
                    "Vi hjelper på norsk, engelsk og arabisk."
                ),
                topics=["nav", "eid", "applications", "documents", "digital_basics", "banking"],
                languages=["nb", "en", "ar"],
                areas=["0301"],
                places=[OSLO_LIBRARY],
                bring=["Mobilen din", "BankID-brikke eller kodebrikke hvis du har", "Brev fra NAV"],
                how="Kom innom tirsdag og torsdag. Onsdag må du bestille time.",
            )
        ],
    ),
    DemoOrganization(
        key="nav-grunerlokka",
        name="NAV Grünerløkka",
        description="NAV-kontoret for bydel Grünerløkka.",
        members="NAV Grünerløkka",
        website="https://www.nav.no",
        services=[
            DemoService(
                key="guidance",
                name="Veiledning på NAV-kontoret",
                description="Få hjelp med søknad om sosialhjelp, nav.no og brev fra NAV.",
                topics=["nav", "applications", "documents"],
                languages=["nb", "en"],
                areas=["0301"],
                interpreter="Vi bestiller tolk hvis du trenger det. Si fra når du bestiller time.",
                bring=["Legitimasjon med bilde"],
                places=[
                    Place(
                        key="nav-grunerlokka",
                        name="NAV Grünerløkka",
                        street="Thorvald Meyers gate 2",
                        postcode="0555",
                        town="Oslo",
                        county="Oslo",
                        lat=59.9223,
                        lon=10.7585,
                        transportation="Trikk 11, 12 eller 18 til Olaf Ryes plass.",
                        access="Trinnfri inngang. Heis til 2. etasje.",
                        step_free=True,
                        phone="+47 55 55 33 33",
                        hours=[Hours(WEEKDAYS, "10:00", "14:00")],
                    )
                ],
            )
        ],
    ),
    DemoOrganization(
        key="refugee-oslo",
        name="Flyktningtjenesten i Oslo",
        description="Hjelp til deg som er ny i Norge.",
        members=None,
        services=[
            DemoService(
                key="newcomers",
                name="Hjelp på ditt språk",
                description=(
                    "Få hjelp med NAV, BankID og brev – på arabisk, tigrinja, somali og ukrainsk."
                ),
                topics=["language_help", "nav", "eid", "applications"],
                languages=["nb", "ar", "ti", "so", "uk"],
                areas=["0301"],
                places=[
                    Place(
                        key="refugee-oslo",
                        name="Flyktningtjenesten, Tøyen",
                        street="Hagegata 22",
                        postcode="0182",
                        town="Oslo",
                        county="Oslo",
                        lat=59.9150,
                        lon=10.7700,
                        transportation="T-bane til Tøyen. 5 minutter å gå.",
                        access="Tre trinn ved inngangen. Ring på, så kommer vi ut.",
                        phone="+47 21 80 21 80",
                        hours=[Hours("MO,WE", "09:00", "12:00")],
                    )
                ],
            )
        ],
    ),
    DemoOrganization(
        key="volunteer-oslo",
        name="Grünerløkka frivilligsentral",
        description="Frivillige som hjelper deg med mobil, PC og nettbank.",
        members=None,
        services=[
            DemoService(
                key="seniors",
                name="Digital fadder",
                description="En frivillig hjelper deg med mobilen, BankID og nettbanken. Gratis.",
                topics=["digital_basics", "banking", "eid", "health_portal"],
                languages=["nb", "pl"],
                areas=["0301"],
                bring=["Mobilen eller PC-en din", "Passord du trenger, skrevet ned"],
                places=[
                    Place(
                        key="volunteer-oslo",
                        name="Grünerløkka frivilligsentral",
                        street="Toftes gate 14",
                        postcode="0556",
                        town="Oslo",
                        county="Oslo",
                        lat=59.9252,
                        lon=10.7601,
                        transportation="Buss 30 til Sofienberg.",
                        access="Trinnfri inngang fra gården.",
                        step_free=True,
                        hours=[Hours("WE", "11:00", "13:00")],
                    )
                ],
            )
        ],
    ),
    DemoOrganization(
        key="hamar-library",
        name="Hamar bibliotek",
        description="Biblioteket i Hamar sentrum.",
        members=None,
        services=[
            DemoService(
                key="digital-help",
                name="Digital hjelp på Hamar bibliotek",
                description="Få hjelp med BankID, NAV, Helsenorge og skattemeldingen.",
                topics=["eid", "nav", "health_portal", "tax", "digital_basics"],
                languages=["nb", "en", "uk"],
                areas=["3403"],
                bring=["Mobilen din"],
                places=[
                    Place(
                        key="hamar-library",
                        name="Hamar bibliotek",
                        street="Stortorget 1",
                        postcode="2317",
                        town="Hamar",
                        county="Innlandet",
                        lat=60.7950,
                        lon=11.0670,
                        transportation="2 minutter fra Hamar stasjon. Parkering i Stortorget.",
                        access="Trinnfri inngang og heis.",
                        step_free=True,
                        phone="+47 62 56 00 00",
                        hours=[Hours("MO,WE", "12:00", "15:00")],
                    )
                ],
            )
        ],
    ),
    DemoOrganization(
        key="hamar-service",
        name="Hamar innbyggerservice",
        description="Kommunens servicetorg.",
        members="Hamar innbyggerservice",
        services=[
            DemoService(
                key="service-desk",
                name="Servicetorget i Hamar",
                description="Hjelp med søknader til kommunen og NAV, og å sende dokumenter.",
                topics=["applications", "documents", "nav"],
                languages=["nb", "en"],
                areas=["3403"],
                places=[
                    Place(
                        key="hamar-service",
                        name="Hamar rådhus, servicetorget",
                        street="Vangsvegen 51",
                        postcode="2317",
                        town="Hamar",
                        county="Innlandet",
                        lat=60.7930,
                        lon=11.0720,
                        transportation="Bybuss til rådhuset.",
                        access="Trinnfri inngang fra Vangsvegen.",
                        step_free=True,
                        phone="+47 62 56 30 00",
                        hours=[Hours(WEEKDAYS, "08:00", "15:30")],
                    )
                ],
            )
        ],
    ),
    DemoOrganization(
        key="nav-hamar",
        name="NAV Hamar",
        description="NAV-kontoret i Hamar.",
        members="NAV Hamar",
        services=[
            DemoService(
                key="guidance",
                name="Veiledning på NAV Hamar",
                description="Hjelp med nav.no, søknader og brev fra NAV.",
                topics=["nav", "applications"],
                languages=["nb"],
                areas=["3403"],
                interpreter="Vi bestiller tolk hvis du trenger det.",
                places=[
                    Place(
                        key="nav-hamar",
                        name="NAV Hamar",
                        street="Torggata 25",
                        postcode="2317",
                        town="Hamar",
                        county="Innlandet",
                        lat=60.7960,
                        lon=11.0700,
                        transportation="5 minutter å gå fra Hamar stasjon.",
                        access="Trinnfri inngang.",
                        step_free=True,
                        phone="+47 55 55 33 33",
                        hours=[Hours(WEEKDAYS, "09:00", "14:00")],
                    )
                ],
            )
        ],
    ),
    DemoOrganization(
        key="nav-nord-osterdal",
        name="NAV Nord-Østerdal",
        description="NAV-kontoret for Os. Mest hjelp på telefon, og en veileder som besøker Os.",
        members="NAV Nord-Østerdal",
        services=[
            DemoService(
                key="phone-help",
                name="Digital hjelp på telefon",
                description=(
                    "Vi ringer deg og hjelper deg med BankID, nav.no og søknader. "
                    "Bestill en telefontid, eller ring oss."
                ),
                topics=["eid", "nav", "applications", "documents"],
                languages=["nb"],
                areas=["3430"],
                how="Bestill en telefontid. Vi ringer deg på nummeret du oppgir.",
                phone="+47 55 55 33 33",
                places=[
                    Place(
                        key="nav-nord-osterdal-phone",
                        name="NAV Nord-Østerdal på telefon",
                        kind=LocationKind.PHONE,
                        phone="+47 55 55 33 33",
                        hours=[Hours(WEEKDAYS, "09:00", "15:00", Attending.APPOINTMENT)],
                    )
                ],
            ),
            DemoService(
                key="video-help",
                name="Videomøte med NAV",
                description="Møt en veileder på video. Du trenger mobil eller PC med kamera.",
                topics=["nav", "applications"],
                languages=["nb", "en"],
                areas=["3430"],
                places=[
                    Place(
                        key="nav-nord-osterdal-video",
                        name="NAV Nord-Østerdal på video",
                        kind=LocationKind.VIDEO,
                        url="https://www.nav.no/kontakt",
                        hours=[Hours("TU,TH", "10:00", "14:00", Attending.APPOINTMENT)],
                    )
                ],
            ),
            DemoService(
                key="visiting",
                name="Digital hjelper på besøk i Os",
                description="En veileder fra NAV er på Os bibliotek hver torsdag. Kom innom.",
                topics=["eid", "nav", "digital_basics"],
                languages=["nb"],
                areas=["3430"],
                bring=["Mobilen din", "Legitimasjon med bilde hvis du skal få BankID"],
                places=[
                    Place(
                        key="os-library",
                        name="Os bibliotek (torsdager)",
                        street="Rørosveien 10",
                        postcode="2550",
                        town="Os i Østerdalen",
                        county="Innlandet",
                        lat=62.4967,
                        lon=11.2219,
                        transportation="Bussen fra Røros stopper ved Os kirke.",
                        access="Trinnfri inngang fra parkeringsplassen.",
                        step_free=True,
                        hours=[Hours("TH", "10:00", "14:00")],
                    )
                ],
            ),
        ],
    ),
]

# Holidays the demo places are closed (a date exception on every physical place).
CLOSED_DAYS = [
    (dt.date(2026, 12, 24), "Stengt julaften."),
    (dt.date(2026, 12, 25), "Stengt 1. juledag."),
    (dt.date(2026, 12, 31), "Stengt nyttårsaften."),
    (dt.date(2027, 1, 1), "Stengt 1. nyttårsdag."),
]


@transaction.atomic
def load_directory(*, today: dt.date | None = None) -> int:
    """Create or update the demo directory; returns how many places it holds."""
    today = today or dt.date.today()
    ensure_topics()
    for code, town, municipality, lat, lon in POSTCODES:
        Postcode.objects.update_or_create(
            code=code,
            defaults={
                "town": town,
                "municipality_number": municipality,
                "latitude": lat,
                "longitude": lon,
            },
        )
    members = {org.name: org for org in Organisation.objects.all()}
    places = 0
    for spec in ORGANIZATIONS:
        organization, _ = Organization.objects.update_or_create(
            id=demo_id(spec.key),
            defaults={
                "name": spec.name,
                "description": spec.description,
                "website": spec.website,
                "email": spec.email,
                "members": members.get(spec.members) if spec.members else None,
            },
        )
        for service_spec in spec.services:
            places += _load_service(organization, spec.key, service_spec, today)
    return places


def _load_service(
    organization: Organization, org_key: str, spec: DemoService, today: dt.date
) -> int:
    key = f"{org_key}/{spec.key}"
    service, _ = Service.objects.update_or_create(
        id=demo_id("service", key),
        defaults={
            "organization": organization,
            "name": spec.name,
            "description": spec.description,
            "application_process": spec.how,
            "interpretation_services": spec.interpreter,
            "assured_date": today - dt.timedelta(days=30),
        },
    )
    service.topics.set(TaxonomyTerm.objects.filter(pk__in=[term_id(c) for c in spec.topics]))
    _replace(
        service.languages.all(),
        Language,
        [
            {
                "id": demo_id("language", key, code),
                "service": service,
                "code": code,
                "name": LANGUAGE_NAMES.get(code, code),
            }
            for code in spec.languages
        ],
    )
    _replace(
        service.service_areas.all(),
        ServiceArea,
        [
            {"id": demo_id("area", key, number), "service": service, "municipality_number": number}
            for number in spec.areas
        ],
    )
    _replace(
        service.required_documents.all(),
        RequiredDocument,
        [
            {"id": demo_id("bring", key, str(index)), "service": service, "document": text}
            for index, text in enumerate(spec.bring)
        ],
    )
    _replace(
        service.phones.all(),
        Phone,
        [{"id": demo_id("phone", key), "service": service, "number": spec.phone, "type": "voice"}]
        if spec.phone
        else [],
    )
    for place in spec.places:
        _load_place(organization, service, key, place)
    return len(spec.places)


def _load_place(organization: Organization, service: Service, key: str, spec: Place) -> None:
    location, _ = Location.objects.update_or_create(
        id=demo_id("location", spec.key),
        defaults={
            "organization": organization,
            "kind": spec.kind,
            "name": spec.name,
            "transportation": spec.transportation,
            "latitude": spec.lat,
            "longitude": spec.lon,
            "step_free": spec.step_free,
            "url": spec.url,
        },
    )
    physical = spec.kind == LocationKind.PHYSICAL
    _replace(
        location.addresses.all(),
        Address,
        [
            {
                "id": demo_id("address", spec.key),
                "location": location,
                "address_1": spec.street,
                "postal_code": spec.postcode,
                "city": spec.town,
                "state_province": spec.county,
            }
        ]
        if physical
        else [],
    )
    _replace(
        location.accessibility.all(),
        Accessibility,
        [{"id": demo_id("access", spec.key), "location": location, "description": spec.access}]
        if spec.access
        else [],
    )
    _replace(
        location.phones.all(),
        Phone,
        [
            {
                "id": demo_id("phone", spec.key),
                "location": location,
                "number": spec.phone,
                "type": "voice",
            }
        ]
        if spec.phone
        else [],
    )
    here, _ = ServiceAtLocation.objects.update_or_create(
        id=demo_id("sal", key, spec.key), defaults={"service": service, "location": location}
    )
    rules = [
        {
            "id": demo_id("hours", key, spec.key, str(index)),
            "service_at_location": here,
            "freq": "WEEKLY",
            "byday": hours.byday,
            "opens_at": dt.time.fromisoformat(hours.opens),
            "closes_at": dt.time.fromisoformat(hours.closes),
            "attending_type": hours.attending,
        }
        for index, hours in enumerate(spec.hours)
    ]
    closed = (
        [
            {
                "id": demo_id("closed", key, spec.key, day.isoformat()),
                "service_at_location": here,
                "freq": "",
                "valid_from": day,
                "valid_to": day,
                "description": note,
            }
            for day, note in CLOSED_DAYS
        ]
        if physical
        else []
    )
    _replace(here.schedules.all(), Schedule, rules + closed)


def _replace(existing: object, model: type, rows: list[dict[str, object]]) -> None:
    """Make the related rows exactly `rows` (by id): update, create, delete the rest."""
    keep = []
    for row in rows:
        data = dict(row)
        pk = data.pop("id")
        model.objects.update_or_create(id=pk, defaults=data)  # type: ignore[attr-defined]
        keep.append(pk)
    existing.exclude(id__in=keep).delete()  # type: ignore[attr-defined]
