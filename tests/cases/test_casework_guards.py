"""What can go wrong between two tabs, two caseworkers, or a caseworker and a case system."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from kompanjong.api.scopes import CASES_WRITE
from kompanjong.api.tokens import create_token
from kompanjong.cases.models import Case, CaseEvent
from kompanjong.cases.queue import counts, office_queue
from kompanjong.people.models import Account, Organisation
from tests.api.test_cases_api import example
from tests.pages import Persona, page, post

pytestmark = pytest.mark.django_db

DECISION = {
    "sak": "new",
    "title": "Livsopphold",
    "outcome": "INNVILGET",
    "amount": "5000",
    "reasoning": "Du har rett på livsopphold.",
}


def url(case: Case, action: str = "") -> str:
    base = f"/staff/cases/{case.application.reference}/"
    return f"{base}{action}/" if action else base


def kinds(case: Case) -> list[str]:
    return list(CaseEvent.objects.filter(case=case).order_by("id").values_list("type", flat=True))


def test_the_same_form_twice_does_the_action_once(amina_case: Case, persona: Persona) -> None:
    ola = persona("ola")
    token = "6f1b8a52-8f0e-4a51-9c1e-2f8f0d7f6a11"
    post(ola, url(amina_case, "decide"), {**DECISION, "token": token})
    post(ola, url(amina_case, "decide"), {**DECISION, "token": token})
    assert kinds(amina_case).count("vedtakFattet") == 1


def test_start_processing_after_a_colleague_decided_changes_nothing(
    amina_case: Case, persona: Persona
) -> None:
    ola, lead = persona("ola"), persona("lead")
    post(lead, url(amina_case, "decide"), DECISION)
    before = kinds(amina_case)
    post(ola, url(amina_case, "processing"), {})  # from a tab opened before the decision
    assert kinds(amina_case) == before
    amina_case.refresh_from_db()
    assert amina_case.status == "FERDIGBEHANDLET"
    request = {"title_1": "Kontoutskrift", "deadline": "01.01.2099"}
    refused = post(ola, url(amina_case, "request-documents"), request, status=400)
    assert "Saken er ferdig" in refused.content.decode()
    assert kinds(amina_case) == before


def test_an_old_assignment_in_a_case_systems_file_does_not_move_the_case_back(
    amina_case: Case, persona: Persona
) -> None:
    hamar = Organisation.objects.get(name="NAV Hamar")
    post(persona("ola"), url(amina_case, "forward"), {"office": hamar.pk})
    document = example("digisos_soker_minimal.json")
    document["hendelser"] = [
        {
            "type": "tildeltNavKontor",
            "hendelsestidspunkt": "2020-01-01T10:00:00.000Z",  # long before the forward
            "navKontor": "0315",
        }
    ]
    token = create_token(name="Hamar", scopes=[CASES_WRITE], organisation=hamar)[1]
    response = Client().post(
        f"/api/v1/cases/{amina_case.application.reference}/digisos-soker",
        data=json.dumps(document),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 200, response.content
    amina_case.refresh_from_db()
    assert amina_case.office == hamar


def test_a_message_after_the_decision_brings_the_case_back_until_read(
    amina_case: Case, persona: Persona
) -> None:
    ola = persona("ola")
    post(ola, url(amina_case, "decide"), DECISION)
    me = Account.objects.get(username="demo-ola")
    assert counts(me)["all"] == 0
    reference = amina_case.application.reference
    post(persona("amina"), f"/cases/{reference}/messages/", {"text": "Jeg er uenig."})
    numbers = counts(me)
    assert (numbers["all"], numbers["messages"]) == (1, 1)
    assert [c.pk for c in office_queue(me, "messages").page.object_list] == [amina_case.pk]
    page(ola, f"/staff/cases/{reference}/messages/")
    assert counts(me)["all"] == 0


def test_her_own_send_later_documents_leave_the_waiting_filter_after_30_days(
    amina_case: Case,
) -> None:
    me = Account.objects.get(username="demo-ola")
    assert counts(me)["waiting"] == 1  # "I'll send it later" documents are tasks at first
    Case.objects.filter(pk=amina_case.pk).update(tasks_until=timezone.now() - timedelta(days=1))
    assert counts(me)["waiting"] == 0
