"""Load a coherent demo world: three municipalities, their NAV offices, a library, a service
centre and the demo personas. Safe to run again: it updates what is there."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from kompanjong.people.demo import BY_KEY
from kompanjong.people.models import Account, Membership, Municipality, Organisation, Person

MUNICIPALITIES = {
    "0301": "Oslo",  # a city
    "3403": "Hamar",  # a town
    "3430": "Os",  # a rural municipality
}

ORGANISATIONS: list[dict[str, Any]] = [
    {
        "name": "NAV Grünerløkka",
        "kind": "nav_office",
        "municipality": "0301",
        "serves": ["0301"],
        "unit_number": "0315",
        "phone": "55553333",
        "street_address": "Thorvald Meyers gate 2, 0555 Oslo",
        "opening_hours": "Mandag–fredag 09.00–15.00",
    },
    {
        "name": "NAV Hamar",
        "kind": "nav_office",
        "municipality": "3403",
        "serves": ["3403"],
        "unit_number": "0403",
        "phone": "55553333",
        "street_address": "Torggata 25, 2317 Hamar",
        "opening_hours": "Mandag–fredag 09.00–14.00",
    },
    {
        "name": "NAV Nord-Østerdal",
        "kind": "nav_office",
        "municipality": "3430",
        "serves": ["3430"],
        "unit_number": "0437",
        "phone": "55553333",
        "street_address": "Rørosveien 10, 2550 Os i Østerdalen",
        "opening_hours": "Tirsdag og torsdag 10.00–14.00",
    },
    {
        "name": "Deichman Grünerløkka",
        "kind": "library",
        "municipality": "0301",
        "serves": [],
        "phone": "23432900",
        "street_address": "Schous plass 10, 0552 Oslo",
        "opening_hours": "Mandag–fredag 10.00–19.00, lørdag 10.00–16.00",
    },
    {
        "name": "Hamar innbyggerservice",
        "kind": "service_centre",
        "municipality": "3403",
        "serves": [],
        "phone": "62563000",
        "street_address": "Vangsvegen 51, 2317 Hamar",
        "opening_hours": "Mandag–fredag 08.00–15.30",
    },
]

PEOPLE: list[dict[str, Any]] = [
    {
        "national_id": "15069210055",
        "given_name": "Amina",
        "family_name": "Hassan",
        "street_address": "Toftes gate 12",
        "postal_code": "0556",
        "postal_town": "Oslo",
        "municipality": "0301",
        "phone": "41234567",
        "email": "amina@example.org",
        "preferred_language": "ar",
        "interpreter_language": "ar",
        "reading_support": True,
        "preferred_channel": "sms",
    },
    {
        "national_id": "04094810170",
        "given_name": "Kåre",
        "family_name": "Nilsen",
        "street_address": "Narjordsvegen 140",
        "postal_code": "2550",
        "postal_town": "Os i Østerdalen",
        "municipality": "3430",
        "phone": "62497711",
        "preferred_language": "nb",
        "preferred_channel": "letter",
        "reserved_against_digital": True,
        "needs_note": "Hører dårlig. Ring helst etter klokka 12, eller send brev.",
    },
    {
        "national_id": "23078010088",
        "given_name": "Nora",
        "family_name": "Berg",
        "street_address": "Markveien 35",
        "postal_code": "0554",
        "postal_town": "Oslo",
        "municipality": "0301",
        "email": "nora.berg@example.org",
    },
    {
        "national_id": "01017510084",
        "given_name": "Ola",
        "family_name": "Nordmann",
        "street_address": "Sannergata 6",
        "postal_code": "0557",
        "postal_town": "Oslo",
        "municipality": "0301",
        "email": "ola.nordmann@example.org",
    },
    {
        "national_id": "30047010043",
        "given_name": "Line",
        "family_name": "Lie",
        "street_address": "Helgesens gate 20",
        "postal_code": "0553",
        "postal_town": "Oslo",
        "municipality": "0301",
        "email": "line.lie@example.org",
    },
]

ACCOUNTS: list[dict[str, Any]] = [
    {"username": BY_KEY["amina"].username, "person": "15069210055", "roles": []},
    {"username": BY_KEY["kare"].username, "person": "04094810170", "roles": []},
    {
        "username": BY_KEY["nora"].username,
        "person": "23078010088",
        # Nora also keeps the library's entries in the directory.
        "roles": [("Deichman Grünerløkka", "helper"), ("Deichman Grünerløkka", "directory_editor")],
    },
    {
        "username": BY_KEY["ola"].username,
        "person": "01017510084",
        "roles": [("NAV Grünerløkka", "caseworker")],
    },
    {
        "username": BY_KEY["lead"].username,
        "person": "30047010043",
        "roles": [
            ("NAV Grünerløkka", "office_lead"),
            ("NAV Grünerløkka", "caseworker"),
            ("NAV Grünerløkka", "directory_editor"),
        ],
    },
    {
        "username": BY_KEY["admin"].username,
        "person": None,
        "roles": [],
        "display_name": "Administrator",
        "is_superuser": True,
        "is_staff": True,
    },
]


class Command(BaseCommand):
    help = "Load the demo world (municipalities, offices, personas). Idempotent."

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        # The demo personas have valid national identity numbers and staff roles: in a real
        # deployment a real person could log in with ID-porten as one of them.
        if not settings.DEMO_MODE:
            raise CommandError("Demo data is only for demo mode (KOMPANJONG_MODE=development).")
        municipalities = {
            number: Municipality.objects.update_or_create(number=number, defaults={"name": name})[0]
            for number, name in MUNICIPALITIES.items()
        }
        organisations = {}
        for spec in ORGANISATIONS:
            data = dict(spec)
            serves = data.pop("serves")
            data["municipality"] = municipalities[data["municipality"]]
            organisation, _ = Organisation.objects.update_or_create(
                name=data.pop("name"), defaults=data
            )
            organisation.serves.set([municipalities[number] for number in serves])
            organisations[organisation.name] = organisation
        people = {}
        for spec in PEOPLE:
            data = dict(spec)
            data["municipality"] = municipalities[data["municipality"]]
            person, _ = Person.objects.update_or_create(
                national_id=data.pop("national_id"), defaults=data
            )
            people[person.national_id] = person
        for spec in ACCOUNTS:
            data = dict(spec)
            roles = data.pop("roles")
            national_id = data.pop("person")
            data["person"] = people[national_id] if national_id else None
            account, created = Account.objects.update_or_create(
                username=data.pop("username"), defaults=data
            )
            if created:
                account.set_unusable_password()
                account.save(update_fields=["password"])
            for organisation_name, role in roles:
                Membership.objects.get_or_create(
                    account=account, organisation=organisations[organisation_name], role=role
                )
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready: {len(municipalities)} municipalities, "
                f"{len(organisations)} organisations, {len(ACCOUNTS)} demo accounts."
            )
        )
