"""Demo calendars for the demo directory: helpers and desks people can book a time with.

Loaded by `load_demo_directory` after the places. Ids are fixed, so loading again updates the
same calendars. Amina gets one booking with Nora (so Nora's day view has something on it).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from kompanjong.booking import selectors, services
from kompanjong.booking.models import AvailabilityRule, Booking, Channel, Resource
from kompanjong.directory.demo import demo_id
from kompanjong.directory.models import ServiceAtLocation, TaxonomyTerm
from kompanjong.directory.topics import term_id
from kompanjong.people.models import Account, Organisation

IN_PERSON, PHONE, VIDEO = Channel.IN_PERSON, Channel.PHONE, Channel.VIDEO


@dataclass(frozen=True)
class Calendar:
    key: str
    place: tuple[str, str]  # (service key, place key) in directory.demo
    organisation: str
    name: str
    weekdays: tuple[int, ...]
    starts: str
    ends: str
    channels: tuple[str, ...]
    languages: tuple[str, ...]
    helper: str | None = None  # the demo account whose calendar it is


CALENDARS = [
    Calendar(
        "nora",
        ("deichman/digital-help", "deichman-grunerlokka"),
        "Deichman Grünerløkka",
        "Nora Berg",
        (0, 2, 4),
        "10:00",
        "14:00",
        (IN_PERSON, PHONE),
        ("nb", "en", "ar"),
        helper="demo-nora",
    ),
    Calendar(
        "nav-grunerlokka-desk",
        ("nav-grunerlokka/guidance", "nav-grunerlokka"),
        "NAV Grünerløkka",
        "Veiledningsskranken",
        (0, 1, 2, 3, 4),
        "09:00",
        "11:00",
        (IN_PERSON, PHONE),
        ("nb", "en"),
    ),
    Calendar(
        "nav-hamar-desk",
        ("nav-hamar/guidance", "nav-hamar"),
        "NAV Hamar",
        "Veiledningsskranken",
        (0, 2),
        "09:00",
        "12:00",
        (IN_PERSON, PHONE),
        ("nb",),
    ),
    Calendar(
        "os-phone",
        ("nav-nord-osterdal/phone-help", "nav-nord-osterdal-phone"),
        "NAV Nord-Østerdal",
        "Telefonveileder",
        (0, 1, 2, 3, 4),
        "09:00",
        "15:00",
        (PHONE,),
        ("nb",),
    ),
    Calendar(
        "os-video",
        ("nav-nord-osterdal/video-help", "nav-nord-osterdal-video"),
        "NAV Nord-Østerdal",
        "Videoveileder",
        (1, 3),
        "10:00",
        "14:00",
        (VIDEO,),
        ("nb", "en"),
    ),
    Calendar(
        "os-visiting",
        ("nav-nord-osterdal/visiting", "os-library"),
        "NAV Nord-Østerdal",
        "Besøkende veileder på Os bibliotek",
        (3,),
        "10:00",
        "14:00",
        (IN_PERSON,),
        ("nb",),
    ),
]


@transaction.atomic
def load_calendars() -> int:
    organisations = {org.name: org for org in Organisation.objects.all()}
    accounts = {a.username: a for a in Account.objects.filter(username__startswith="demo-")}
    for spec in CALENDARS:
        service_key, place_key = spec.place
        place = ServiceAtLocation.objects.get(pk=demo_id("sal", service_key, place_key))
        resource, _ = Resource.objects.update_or_create(
            id=_resource_id(spec.key),
            defaults={
                "service_at_location": place,
                "organisation": organisations[spec.organisation],
                "helper": accounts.get(spec.helper) if spec.helper else None,
                "name": spec.name,
                "channels": list(spec.channels),
                "languages": list(spec.languages),
                "min_notice_hours": 2,
                "max_days_ahead": 28,
            },
        )
        resource.rules.all().delete()
        AvailabilityRule.objects.bulk_create(
            AvailabilityRule(
                resource=resource,
                weekday=weekday,
                starts=dt.time.fromisoformat(spec.starts),
                ends=dt.time.fromisoformat(spec.ends),
            )
            for weekday in spec.weekdays
        )
    _book_amina_with_nora(accounts)
    return len(CALENDARS)


def _resource_id(key: str) -> int:
    """A stable small id per demo calendar (the desk URLs use it)."""
    return 900 + [spec.key for spec in CALENDARS].index(key)


def _book_amina_with_nora(accounts: dict[str, Account]) -> Booking | None:
    amina = accounts.get("demo-amina")
    if amina is None or amina.person is None:
        return None
    key = "demo-amina-with-nora"
    existing = Booking.objects.filter(idempotency_key=key).first()
    if existing is not None:
        return existing
    resource = Resource.objects.get(pk=_resource_id("nora"))
    free = selectors.next_free_slots(resource=resource, after=timezone.now(), limit=1)
    if not free:
        return None
    return services.book(
        resource=resource,
        starts_at=free[0].starts_at,
        by=amina,
        idempotency_key=key,
        person=amina.person,
        needs=services.Needs(
            channel=IN_PERSON,
            topic=TaxonomyTerm.objects.get(pk=term_id("documents")),
            language="ar",
            interpreter=False,
            note="Jeg vil lære å sende dokumenter fra mobilen.",
        ),
    )
