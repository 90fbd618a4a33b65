"""The caseworker's actions, through the pages Ola uses: each writes NAV's events (valid against
the contract), a letter where there is one, an access-log line and a notification to Amina."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from kompanjong.cases.models import Case, CaseEvent, CaseFile
from kompanjong.cases.services import SOKER_SCHEMA
from kompanjong.core.contracts import contract_errors
from kompanjong.core.models import AccessLog
from kompanjong.notifications.models import Notification
from kompanjong.people.models import Account, Membership, Organisation
from tests.pages import Persona, page, post

pytestmark = pytest.mark.django_db


def in_days(days: int) -> str:
    return (timezone.localdate() + timedelta(days=days)).strftime("%d.%m.%Y")


def url(case: Case, action: str = "") -> str:
    base = f"/staff/cases/{case.application.reference}/"
    return f"{base}{action}/" if action else base


def events(case: Case, kind: str) -> list[dict[str, Any]]:
    return [e.data for e in CaseEvent.objects.filter(case=case, type=kind).order_by("id")]


def notified(case: Case) -> list[str]:
    return list(
        Notification.objects.filter(recipient=case.application.person)
        .order_by("id")
        .values_list("template_key", flat=True)
    )


def assert_contract_valid(case: Case) -> None:
    document = {
        "version": "1.0.0",
        "avsender": {"systemnavn": "Kompanjong", "systemversjon": "1"},
        "hendelser": [e.data for e in CaseEvent.objects.filter(case=case).order_by("at", "id")],
    }
    assert contract_errors(document, SOKER_SCHEMA) == []


REQUEST = {
    "title_1": "Kontoutskrift",
    "explanation_1": "For de siste 3 månedene, for alle kontoene dine.",
    "title_2": "Husleiekontrakt",
    "explanation_2": "",
    "deadline": in_days(10),
}


def test_ola_opens_the_case_and_it_is_in_aminas_log(amina_case: Case, persona: Persona) -> None:
    ola = persona("ola")
    html = page(ola, url(amina_case))
    assert "Amina Hassan" in html
    assert "Kommunikasjonsbehov" in html  # the person's needs, prominently
    assert "Sendt av Amina Hassan" in html  # who submitted it and how
    assert AccessLog.objects.filter(
        subject=amina_case.application.person, object_type="case", action="read"
    ).exists()


def test_start_processing_writes_the_status_event_and_tells_amina(
    amina_case: Case, persona: Persona
) -> None:
    ola = persona("ola")
    post(ola, url(amina_case, "processing"), {})
    assert [e["status"] for e in events(amina_case, "soknadsStatus")] == [
        "MOTTATT",
        "UNDER_BEHANDLING",
    ]
    assert notified(amina_case)[-1] == "case_update"
    assert "NAV behandler søknaden din" in page(
        persona("amina"), f"/cases/{amina_case.application.reference}/"
    )
    assert AccessLog.objects.filter(object_type="case.events", action="change").exists()
    amina_case.refresh_from_db()
    assert amina_case.status == "UNDER_BEHANDLING"


def test_request_documents_bad_input_keeps_what_was_typed_and_stores_nothing(
    amina_case: Case, persona: Persona
) -> None:
    ola = persona("ola")
    before = CaseEvent.objects.count()
    response = post(
        ola,
        url(amina_case, "request-documents"),
        {
            "title_1": "",
            "explanation_1": "Forklaring som skal bli stående",
            "deadline": "32.13.2020",
        },
        status=400,
    )
    html = response.content.decode()
    assert "Skriv hvilket dokument du trenger." in html
    assert "Forklaring som skal bli stående" in html
    assert CaseEvent.objects.count() == before
    assert not CaseFile.objects.exists()
    past = post(
        ola, url(amina_case, "request-documents"), {**REQUEST, "deadline": in_days(-1)}, 400
    )
    assert "Kontoutskrift" in past.content.decode()
    assert CaseEvent.objects.count() == before


def test_request_documents_gives_amina_tasks_a_letter_and_a_notification(
    amina_case: Case, persona: Persona
) -> None:
    ola = persona("ola")
    post(ola, url(amina_case, "request-documents"), REQUEST)
    (request,) = events(amina_case, "dokumentasjonEtterspurt")
    assert [d["dokumenttype"] for d in request["dokumenter"]] == [
        "Kontoutskrift",
        "Husleiekontrakt",
    ]
    letter = CaseFile.objects.get(case=amina_case)
    assert request["forvaltningsbrev"]["referanse"] == {
        "type": "dokumentlager",
        "id": str(letter.file_id),
    }
    assert notified(amina_case)[-1] == "documents_requested"
    amina_case.refresh_from_db()
    assert (amina_case.open_tasks, amina_case.next_deadline is not None) == (2, True)
    html = page(persona("amina"), f"/cases/{amina_case.application.reference}/")
    assert "Kontoutskrift" in html and "0 av 2 gjort" in html
    assert f"/documents/{letter.document_id}/" in html
    assert_contract_valid(amina_case)


def test_decide_partly_granted_then_payment(amina_case: Case, persona: Persona) -> None:
    ola = persona("ola")
    bad = post(
        ola,
        url(amina_case, "decide"),
        {"sak": "new", "title": "", "outcome": "DELVIS_INNVILGET", "reasoning": ""},
        status=400,
    ).content.decode()
    assert "Skriv begrunnelsen for vedtaket." in bad
    assert not events(amina_case, "vedtakFattet")
    post(
        ola,
        url(amina_case, "decide"),
        {
            "sak": "new",
            "title": "Livsopphold i mars",
            "outcome": "DELVIS_INNVILGET",
            "amount": "6 200",
            "period_from": "01.03.2027",
            "period_to": "31.03.2027",
            "reasoning": "Du får livsopphold, men ikke strøm, fordi strømmen er betalt.",
        },
    )
    (decision,) = events(amina_case, "vedtakFattet")
    assert decision["utfall"] == "DELVIS_INNVILGET"
    assert events(amina_case, "soknadsStatus")[-1]["status"] == "FERDIGBEHANDLET"
    assert notified(amina_case)[-1] == "decision"
    amina_case.refresh_from_db()
    assert not amina_case.open  # out of the queue of open cases
    sak = decision["saksreferanse"]
    post(
        ola,
        url(amina_case, "payment"),
        {
            "payment": "new",
            "status": "PLANLAGT_UTBETALING",
            "amount": "6200",
            "day": in_days(3),
            "period_from": "01.03.2027",
            "period_to": "31.03.2027",
            "description": "Livsopphold",
            "sak": sak,
        },
    )
    (payment,) = events(amina_case, "utbetaling")
    assert (payment["belop"], payment["saksreferanse"]) == (6200.0, sak)
    assert notified(amina_case)[-1] == "payment"
    html = page(persona("amina"), f"/cases/{amina_case.application.reference}/")
    assert "Delvis innvilget" in html
    assert "6\xa0200 kr" in html or "6 200 kr" in html
    assert "klage" in html
    letter = CaseFile.objects.get(case=amina_case)
    assert f"/documents/{letter.document_id}/" in html
    pdf: Any = persona("amina").get(f"/documents/{letter.document_id}/")
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    assert_contract_valid(amina_case)


def test_forward_moves_the_case_out_of_olas_reach(amina_case: Case, persona: Persona) -> None:
    ola = persona("ola")
    other = Organisation.objects.filter(kind="nav_office").exclude(pk=amina_case.office_id).first()
    assert other is not None
    bad = post(ola, url(amina_case, "forward"), {"office": "999999"}, status=400)
    assert "Velg et av kontorene i listen" in bad.content.decode()
    post(ola, url(amina_case, "forward"), {"office": other.pk})
    amina_case.refresh_from_db()
    assert amina_case.office == other
    assert events(amina_case, "tildeltNavKontor")[-1]["navKontor"] == other.unit_number
    page(ola, url(amina_case), status=404)
    assert str(amina_case.application.reference) not in page(ola, "/staff/cases/")


def test_assign_to_me_to_a_colleague_and_not_to_an_outsider(
    amina_case: Case, persona: Persona
) -> None:
    ola = persona("ola")
    me = Account.objects.get(username="demo-ola")
    post(ola, url(amina_case, "assign"), {"to": me.pk})
    amina_case.refresh_from_db()
    assert amina_case.assigned_to == me
    lead = Membership.objects.get(role="office_lead").account
    post(ola, url(amina_case, "assign"), {"to": lead.pk})
    amina_case.refresh_from_db()
    assert amina_case.assigned_to == lead
    helper = Membership.objects.get(role="helper").account
    bad = post(ola, url(amina_case, "assign"), {"to": helper.pk}, status=400)
    assert "Velg noen ved dette kontoret" in bad.content.decode()
    amina_case.refresh_from_db()
    assert amina_case.assigned_to == lead


@pytest.mark.parametrize("action", ["", "decide", "request-documents", "payment", "forward"])
def test_no_one_else_reaches_the_case(amina_case: Case, persona: Persona, action: str) -> None:
    assert persona("nora").get(url(amina_case, action)).status_code == 403
    assert persona("amina").get(url(amina_case, action)).status_code == 403
    elsewhere = Organisation.objects.filter(kind="nav_office").exclude(pk=amina_case.office_id)[0]
    ola = Account.objects.get(username="demo-ola")
    ola.memberships.update(organisation=elsewhere)
    assert persona("ola").get(url(amina_case, action)).status_code == 404
    assert persona("ola").post(url(amina_case, "processing")).status_code == 404
    assert len(events(amina_case, "soknadsStatus")) == 1


def test_a_protected_address_is_masked_without_the_special_right(
    amina_case: Case, persona: Persona
) -> None:
    person = amina_case.application.person
    street = amina_case.application.answers["personal"]["street"]
    person.address_protection = "strengt_fortrolig"
    person.save()
    html = page(persona("ola"), url(amina_case))
    assert street not in html
    assert "Skjermet adresse" in html
    assert street not in page(persona("ola"), f"/staff/people/{person.pk}/")
    ola = Account.objects.get(username="demo-ola")
    Membership.objects.create(account=ola, organisation=amina_case.office, role="protected_address")
    assert street in page(persona("ola"), url(amina_case))
    assert street in page(persona("amina"), f"/application/{amina_case.application.pk}/receipt/")
