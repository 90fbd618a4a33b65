"""Demo cases for NAV Grünerløkka, so Ola's queue has work in it: one new and urgent, one
waiting for documents past the deadline, one still within it. Idempotent."""

from __future__ import annotations

import copy
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from kompanjong.applications.examples import EXAMPLE_ANSWERS
from kompanjong.applications.models import Application
from kompanjong.cases.casework import RequestedDocument, end_of_day
from kompanjong.cases.models import Case, EventSource
from kompanjong.cases.services import append_events, contract_time, open_case
from kompanjong.people.models import Municipality, Organisation, Person

# (national id, given name, family name, reference, days ago, urgent, state)
DEMO_CASES = [
    ("10038010110", "Jonas", "Berg", "DEMO-0001", 0, True, "new"),
    ("11038110251", "Sara", "Lund", "DEMO-0002", 20, False, "overdue"),
    ("12038210392", "Ali", "Rahimi", "DEMO-0003", 9, False, "waiting"),
]


class Command(BaseCommand):
    help = "Load a few demo cases for NAV Grünerløkka (after load_demo_data). Idempotent."

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEMO_MODE:
            raise CommandError("Demo data is only for demo mode (KOMPANJONG_MODE=development).")
        office = Organisation.objects.get(name="NAV Grünerløkka")
        oslo = Municipality.objects.get(number="0301")
        made = 0
        for national_id, given, family, reference, days, urgent, state in DEMO_CASES:
            if Application.objects.filter(reference=reference).exists():
                continue
            person, _ = Person.objects.get_or_create(
                national_id=national_id,
                defaults={"given_name": given, "family_name": family, "municipality": oslo},
            )
            answers = copy.deepcopy(EXAMPLE_ANSWERS)
            answers["need"]["urgent"] = urgent
            sent = timezone.now() - timedelta(days=days)
            application = Application.objects.create(
                person=person,
                status="submitted",
                answers=answers,
                office=office,
                municipality=oslo,
                reference=reference,
                submitted_at=sent,
                urgent=urgent,
                channel="self",
            )
            case = open_case(application=application)
            if state != "new":
                _ask_for_documents(case, asked=sent + timedelta(days=2), overdue=state == "overdue")
            made += 1
        self.stdout.write(self.style.SUCCESS(f"Demo cases ready: {made} new."))


def _ask_for_documents(case: Case, *, asked: Any, overdue: bool) -> None:
    deadline = (asked + timedelta(days=7 if overdue else 14)).date()
    wanted = [RequestedDocument("Kontoutskrift", "For de siste 3 månedene.")]
    append_events(
        case=case,
        source=EventSource.KOMPANJONG,
        events=[
            {
                "type": "soknadsStatus",
                "hendelsestidspunkt": contract_time(asked),
                "status": "UNDER_BEHANDLING",
            },
            {
                "type": "dokumentasjonEtterspurt",
                "hendelsestidspunkt": contract_time(asked),
                "dokumenter": [
                    {
                        "dokumenttype": d.title,
                        "tilleggsinformasjon": d.explanation,
                        "innsendelsesfrist": contract_time(end_of_day(deadline)),
                    }
                    for d in wanted
                ],
            },
        ],
    )
