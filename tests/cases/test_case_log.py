"""Every sent application gets a case with an append-only, idempotent event log."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from kompanjong.applications.models import Application
from kompanjong.cases.models import Case, CaseEvent
from kompanjong.cases.services import append_events
from kompanjong.core.models import AppendOnlyError
from kompanjong.people.models import Organisation, Person
from tests.applications.wizard import answer_questions, choose_for_all_documents
from tests.contracts import CONTRACTS, schema_errors

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(login_as: Any, amina: Person) -> Case:
    client: Client = login_as("amina")
    application = answer_questions(client)
    choose_for_all_documents(client, application, "later")
    client.post(f"/application/{application.pk}/check/")
    return Case.objects.get(application=Application.objects.get(pk=application.pk))


def test_sending_opens_a_case_received_at_the_office(case: Case) -> None:
    assert case.office.name == "NAV Grünerløkka"
    events = list(case.events.all())
    assert [e.type for e in events] == ["soknadsStatus", "tildeltNavKontor"]
    assert events[0].data["status"] == "MOTTATT"
    assert events[1].data["navKontor"] == "0315"
    document = {
        "version": "1.0.0",
        "avsender": {"systemnavn": "Kompanjong", "systemversjon": "1"},
        "hendelser": [e.data for e in events],
    }
    assert schema_errors(document, "digisos/json/digisos/soker/digisos-soker.json") == []


def test_the_same_events_twice_are_stored_once(case: Case) -> None:
    example = json.loads(
        (CONTRACTS / "digisos/examples/digisos_soker_komplett.json").read_text(encoding="utf-8")
    )
    first = append_events(case=case, events=example["hendelser"], source="case_system")
    again = append_events(case=case, events=example["hendelser"], source="case_system")
    assert len(first) == len(example["hendelser"])
    assert again == []
    assert case.events.count() == 2 + len(first)


def test_a_new_office_takes_over_the_case(case: Case) -> None:
    hamar = Organisation.objects.get(name="NAV Hamar")
    append_events(
        case=case,
        events=[
            {
                "type": "tildeltNavKontor",
                "hendelsestidspunkt": "2026-11-23T10:00:00.000Z",
                "navKontor": hamar.unit_number,
            }
        ],
        source="case_system",
    )
    case.refresh_from_db()
    assert case.office == hamar


def test_the_event_log_is_append_only(case: Case) -> None:
    event = case.events.first()
    assert event is not None
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        CaseEvent.objects.filter(case=case).delete()
    with pytest.raises(AppendOnlyError):
        CaseEvent.objects.filter(case=case).update(type="x")
