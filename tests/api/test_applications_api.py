"""GET /api/v1/applications/{reference}/digisos: valid Digisos, for case systems and the owner."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kompanjong.api.scopes import APPLICATIONS_READ, ORGANISATIONS_READ
from kompanjong.applications.models import Application
from kompanjong.core.models import AccessLog
from kompanjong.people.models import Person
from tests.applications.test_digisos import submitted_applications
from tests.applications.wizard import answer_questions, choose_for_all_documents
from tests.contracts import schema_errors
from tests.factories import SubmittedApplicationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(login_as: Any, amina: Person) -> Application:
    client = login_as("amina")
    application = answer_questions(client)
    choose_for_all_documents(client, application, "later")
    client.post(f"/application/{application.pk}/check/")
    client.logout()
    return Application.objects.get(pk=application.pk)


def url(application: Application) -> str:
    return f"/api/v1/applications/{application.reference}/digisos"


def assert_valid_digisos(body: dict[str, Any]) -> None:
    assert set(body) == {"soknad", "vedlegg"}
    assert schema_errors(body["soknad"], "digisos/json/soknad/soknad.json") == []
    assert schema_errors(body["vedlegg"], "digisos/json/vedlegg/vedleggSpesifikasjon.json") == []


def test_case_system_fetches_valid_digisos_and_the_fetch_is_logged(
    client: Client, sent: Application, make_token: Any, bearer: Callable[[str], dict[str, str]]
) -> None:
    _token, plain = make_token(
        APPLICATIONS_READ, name="Kommunens fagsystem", office=sent.case.office
    )
    response = client.get(url(sent), headers=bearer(plain))
    assert response.status_code == 200, response.content
    body = response.json()
    assert_valid_digisos(body)
    assert body["soknad"]["data"]["personalia"]["personIdentifikator"]["verdi"] == (
        sent.person.national_id
    )
    assert body["soknad"]["mottaker"]["navEnhetsnavn"] == "NAV Grünerløkka"
    entry = AccessLog.objects.get(subject=sent.person, object_type="application.digisos")
    assert entry.actor_label == "Kommunens fagsystem"


def test_the_applicant_can_fetch_their_own(login_as: Any, sent: Application) -> None:
    response = login_as("amina").get(url(sent))
    assert response.status_code == 200
    assert_valid_digisos(response.json())


@pytest.mark.parametrize(
    ("who", "status"),
    [("anonymous", 401), ("other_citizen", 404), ("wrong_scope", 403), ("caseworker", 404)],
)
def test_others_may_not_fetch(
    who: str,
    status: int,
    client: Client,
    login_as: Any,
    sent: Application,
    make_token: Any,
    bearer: Callable[[str], dict[str, str]],
) -> None:
    headers: dict[str, str] = {}
    if who == "other_citizen":
        client = login_as("kare")
    elif who == "caseworker":
        client = login_as("ola")
    elif who == "wrong_scope":
        headers = bearer(make_token(ORGANISATIONS_READ)[1])
    response = client.get(url(sent), headers=headers)
    assert response.status_code == status, response.content
    assert not AccessLog.objects.filter(object_type="application.digisos").exists()


def test_unknown_reference_is_404(
    client: Client, db: Any, make_token: Any, bearer: Callable[[str], dict[str, str]]
) -> None:
    plain = make_token(APPLICATIONS_READ)[1]
    response = client.get("/api/v1/applications/NOPE-NOPE/digisos", headers=bearer(plain))
    assert response.status_code == 404
    assert "detail" in response.json()


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(answers=submitted_applications, choices=st.data())
def test_every_generated_application_fetched_through_the_api_is_valid_digisos(
    answers: dict[str, Any],
    choices: st.DataObject,
    client: Client,
    demo_world: None,
    make_token: Any,
    bearer: Callable[[str], dict[str, str]],
) -> None:
    """Stored, fetched over HTTP, validated: the whole path, for many application variants."""
    from kompanjong.applications.progress import required_for
    from kompanjong.people.models import Organisation

    documents = {
        document.key: choices.draw(st.sampled_from(["already_sent", "later"]))
        for document in required_for(answers)
    }
    application = SubmittedApplicationFactory.create(
        answers={**answers, "documents": documents},
        office=Organisation.objects.get(name="NAV Grünerløkka"),
    )
    plain = make_token(APPLICATIONS_READ, office=application.case.office)[1]
    response = client.get(url(application), headers=bearer(plain))
    assert response.status_code == 200, response.content
    assert_valid_digisos(response.json())


def test_only_the_handling_offices_system_may_fetch(
    client: Client, sent: Application, make_token: Any, bearer: Callable[[str], dict[str, str]]
) -> None:
    from kompanjong.people.models import Organisation

    elsewhere = Organisation.objects.filter(kind="nav_office").exclude(pk=sent.case.office_id)[0]
    for office in (elsewhere, None):  # another office's system; a token bound to no office
        plain = make_token(APPLICATIONS_READ, office=office)[1]
        assert client.get(url(sent), headers=bearer(plain)).status_code == 404
    assert not AccessLog.objects.filter(object_type="application.digisos").exists()
