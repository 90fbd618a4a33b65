"""The citizen's case page: where it stands, what to do, decisions, payments, timeline."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from kompanjong.applications.models import Application
from kompanjong.cases.models import Case
from kompanjong.cases.services import append_events
from kompanjong.people.models import Person
from tests.applications.wizard import answer_questions, choose_for_all_documents
from tests.contracts import CONTRACTS

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(login_as: Any, amina: Person) -> tuple[Client, Case]:
    client = login_as("amina")
    application = answer_questions(client)
    choose_for_all_documents(client, application, "later")
    client.post(f"/application/{application.pk}/check/")
    return client, Case.objects.get(application=Application.objects.get(pk=application.pk))


def complete_example() -> list[dict[str, Any]]:
    path = CONTRACTS / "digisos/examples/digisos_soker_komplett.json"
    events: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))["hendelser"]
    return events


def test_just_sent_the_page_says_received_and_lists_the_later_documents(
    sent: tuple[Client, Case],
) -> None:
    client, case = sent
    page = client.get(f"/cases/{case.application.reference}/").content.decode()
    assert "NAV har mottatt søknaden din" in page
    assert "Husleiekontrakt" in page  # "send later" documents are the tasks at first
    assert "0 av 3 gjort" in page
    assert "NAV Grünerløkka" in page


def test_after_the_case_system_reports_the_page_shows_decision_payment_and_overdue(
    sent: tuple[Client, Case],
) -> None:
    client, case = sent
    append_events(case=case, events=complete_example(), source="case_system")
    page = client.get(f"/cases/{case.application.reference}/").content.decode()
    assert "Innvilget" in page
    assert "klage" in page
    assert "5 000 kr" in page or "5\xa0000 kr" in page
    assert "Planlagt" in page
    assert "Strømfaktura" in page  # the document request replaced the open tasks
    assert "Husleiekontrakt" not in page.split("Hva som har skjedd")[0]
    assert "task-overdue" in page  # deadlines in 2018 are long past: highlighted, not hidden
    assert "Betale husleie" not in page.split("Hva som har skjedd")[0]  # an annulled condition
    assert "Søke bostøtte" in page


def test_others_cannot_see_the_case(sent: tuple[Client, Case], login_as: Any) -> None:
    _client, case = sent
    assert login_as("kare").get(f"/cases/{case.application.reference}/").status_code == 404
    assert login_as("ola").get(f"/cases/{case.application.reference}/").status_code == 404
    assert Client().get(f"/cases/{case.application.reference}/").status_code == 302


def test_the_page_runs_the_same_queries_however_many_events(sent: tuple[Client, Case]) -> None:
    client, case = sent
    url = f"/cases/{case.application.reference}/"

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    before = count()
    append_events(case=case, events=complete_example(), source="case_system")
    more = [
        {
            "type": "utbetaling",
            "hendelsestidspunkt": f"2026-01-{day:02d}T10:00:00.000Z",
            "utbetalingsreferanse": f"U{day}",
            "belop": 100.0 * day,
            "status": "UTBETALT",
        }
        for day in range(1, 29)
    ]
    append_events(case=case, events=more, source="case_system")
    assert count() == before
