"""POST /api/v1/cases/{reference}/digisos-soker: case systems drive the case, per office."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from kompanjong.api.scopes import CASES_READ, CASES_WRITE
from kompanjong.api.tokens import create_token
from kompanjong.applications.models import Application
from kompanjong.cases.models import Case
from kompanjong.core.models import AccessLog
from kompanjong.people.models import Organisation, Person
from tests.applications.wizard import answer_questions, choose_for_all_documents
from tests.contracts import CONTRACTS

pytestmark = pytest.mark.django_db


def example(name: str) -> dict[str, Any]:
    path = CONTRACTS / "digisos" / "examples" / name
    document: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return document


@pytest.fixture
def case(login_as: Any, amina: Person) -> Case:
    client = login_as("amina")
    application = answer_questions(client)
    choose_for_all_documents(client, application, "later")
    client.post(f"/application/{application.pk}/check/")
    client.logout()
    return Case.objects.get(application=Application.objects.get(pk=application.pk))


@pytest.fixture
def office_token(case: Case) -> str:
    return create_token(name="Kommunens fagsystem", scopes=[CASES_WRITE], organisation=case.office)[
        1
    ]


def post(client: Client, case: Case, token: str, body: Any) -> Any:
    return client.post(
        f"/api/v1/cases/{case.application.reference}/digisos-soker",
        data=body if isinstance(body, str) else json.dumps(body),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )


@pytest.mark.parametrize("name", ["digisos_soker_minimal.json", "digisos_soker_komplett.json"])
def test_the_contract_examples_are_accepted_and_a_repeat_changes_nothing(
    client: Client, case: Case, office_token: str, name: str
) -> None:
    document = example(name)
    first = post(client, case, office_token, document)
    assert first.status_code == 200, first.content
    assert first.json()["stored"] == len(document["hendelser"])
    again = post(client, case, office_token, document)
    assert again.status_code == 200
    assert again.json()["stored"] == 0
    assert again.json()["events"] == first.json()["events"]
    entries = AccessLog.objects.filter(object_type="case.events", subject=case.application.person)
    assert entries.count() == 1
    assert entries.get().actor_label == "Kommunens fagsystem"


@pytest.mark.parametrize(
    ("breakage", "path"),
    [
        (lambda d: d.pop("avsender"), "$"),
        (lambda d: d["hendelser"][0].update(status="KANSKJE"), "$.hendelser[0]"),
        (lambda d: d["hendelser"][1].update(navKontor="12"), "$.hendelser[1]"),
        (lambda d: d["hendelser"].append({"type": "ukjent"}), "$.hendelser[2]"),
        # JSON allows it, PostgreSQL cannot store it: refused, never a 500.
        (lambda d: d["hendelser"][1].update(navKontor="03\x0015"), "$.hendelser[1].navKontor"),
        (lambda d: d["avsender"].update(systemnavn="Fag\x00system"), "$.avsender.systemnavn"),
    ],
)
def test_invalid_documents_are_refused_with_the_failing_paths(
    client: Client, case: Case, office_token: str, breakage: Callable[[Any], Any], path: str
) -> None:
    document = copy.deepcopy(example("digisos_soker_minimal.json"))
    document["hendelser"].append(
        {
            "type": "tildeltNavKontor",
            "hendelsestidspunkt": "2026-01-01T10:00:00.000Z",
            "navKontor": "0315",
        }
    )
    document["hendelser"] = document["hendelser"][:2]
    breakage(document)
    before = case.events.count()
    response = post(client, case, office_token, document)
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["errors"], body
    assert any(error["path"].startswith(path) for error in body["errors"]), body
    assert case.events.count() == before


def test_a_body_that_is_not_json_is_refused(client: Client, case: Case, office_token: str) -> None:
    response = post(client, case, office_token, "{not json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["path"] == "$"


def test_another_offices_token_gets_404_and_stores_nothing(client: Client, case: Case) -> None:
    hamar = Organisation.objects.get(name="NAV Hamar")
    plain = create_token(name="Hamar", scopes=[CASES_WRITE], organisation=hamar)[1]
    unbound = create_token(name="Uten kontor", scopes=[CASES_WRITE])[1]
    before = case.events.count()
    for token in (plain, unbound):
        response = post(client, case, token, example("digisos_soker_minimal.json"))
        assert response.status_code == 404
    assert case.events.count() == before


@pytest.fixture
def reader_token(case: Case) -> str:
    return create_token(name="Kommunens fagsystem", scopes=[CASES_READ], organisation=case.office)[
        1
    ]


def test_after_the_complete_example_the_case_reads_as_nav_would(
    client: Client, case: Case, office_token: str, reader_token: str
) -> None:
    post(client, case, office_token, example("digisos_soker_komplett.json"))
    headers = {"Authorization": f"Bearer {reader_token}"}
    reference = case.application.reference
    view = client.get(f"/api/v1/cases/{reference}", headers=headers).json()["view"]
    assert view["office"]["current"] == "0315"
    assert [sak["referanse"] for sak in view["saker"]] == ["SAK1"]  # SAK2 has no insight
    assert view["saker"][0]["decisions"][0]["utfall"] == "INNVILGET"
    assert view["payments"]["UTBETALINGNR1SAK2"]["status"] == "PLANLAGT_UTBETALING"
    assert view["tasks_total"] == 2
    events = client.get(f"/api/v1/cases/{reference}/events", headers=headers).json()
    times = [event["hendelsestidspunkt"] for event in events["hendelser"]]
    assert times == sorted(times)
    assert AccessLog.objects.filter(object_type="case", subject=case.application.person).exists()


def test_the_applicant_reads_their_own_case_and_others_cannot(
    client: Client, case: Case, login_as: Any
) -> None:
    reference = case.application.reference
    own = login_as("amina").get(f"/api/v1/cases/{reference}")
    assert own.status_code == 200
    assert own.json()["view"]["status"] == "MOTTATT"
    assert login_as("kare").get(f"/api/v1/cases/{reference}").status_code == 404
    hamar = Organisation.objects.get(name="NAV Hamar")
    other = create_token(name="Hamar", scopes=[CASES_READ], organisation=hamar)[1]
    response = Client().get(
        f"/api/v1/cases/{reference}", headers={"Authorization": f"Bearer {other}"}
    )
    assert response.status_code == 404
    assert Client().get(f"/api/v1/cases/{reference}").status_code == 401
