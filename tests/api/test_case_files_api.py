"""PUT /api/v1/cases/{reference}/files/{kind}/{file_id}: a case system hands over the letter
its events point to; the citizen then opens it from the case page."""

from __future__ import annotations

import copy
import json
import uuid
from typing import Any

import pytest
from django.test import Client

from kompanjong.api.scopes import CASES_WRITE
from kompanjong.api.tokens import create_token
from kompanjong.cases.models import Case, CaseFile
from kompanjong.people.models import Organisation
from tests.api.test_cases_api import example
from tests.documents import hostile
from tests.pages import Persona, page

pytestmark = pytest.mark.django_db


def put(case: Case, token: str, path: str, body: bytes) -> Any:
    return Client().put(
        f"/api/v1/cases/{case.application.reference}/files/{path}",
        data=body,
        content_type="application/pdf",
        headers={"Authorization": f"Bearer {token}"},
    )


def token_for(office: Organisation) -> str:
    return create_token(name="Fagsystem", scopes=[CASES_WRITE], organisation=office)[1]


def decision_events(letter_id: str) -> dict[str, Any]:
    document = copy.deepcopy(example("digisos_soker_minimal.json"))
    document["hendelser"] += [
        {
            "type": "saksStatus",
            "hendelsestidspunkt": "2026-03-01T10:00:00.000Z",
            "referanse": "SAK1",
            "tittel": "Livsopphold",
            "status": "UNDER_BEHANDLING",
        },
        {
            "type": "vedtakFattet",
            "hendelsestidspunkt": "2026-03-02T10:00:00.000Z",
            "saksreferanse": "SAK1",
            "utfall": "INNVILGET",
            "vedtaksfil": {"referanse": {"type": "dokumentlager", "id": letter_id}},
        },
    ]
    return document


def test_a_handed_over_decision_letter_opens_from_the_case_page(
    amina_case: Case, persona: Persona
) -> None:
    token = token_for(amina_case.office)
    letter_id = str(uuid.uuid4())
    response = Client().post(
        f"/api/v1/cases/{amina_case.application.reference}/digisos-soker",
        data=json.dumps(decision_events(letter_id)),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 200, response.content
    amina = persona("amina")
    before = page(amina, f"/cases/{amina_case.application.reference}/")
    assert "Vedtaksbrevet kommer i posten" in before
    created = put(amina_case, token, f"dokumentlager/{letter_id}", hostile.plain_pdf())
    assert created.status_code == 201, created.content
    assert (
        put(amina_case, token, f"dokumentlager/{letter_id}", hostile.plain_pdf(2)).json()["created"]
        is False
    )  # a resend keeps the first file
    file = CaseFile.objects.get(case=amina_case)
    assert file.document.pages == 1
    after = page(amina, f"/cases/{amina_case.application.reference}/")
    assert f"/documents/{file.document_id}/" in after
    assert amina.get(f"/documents/{file.document_id}/").status_code == 200


def test_bad_handovers_are_refused_with_a_reason(amina_case: Case) -> None:
    token = token_for(amina_case.office)
    letter = str(uuid.uuid4())
    not_pdf = put(amina_case, token, f"dokumentlager/{letter}", hostile.HTML_WITH_SCRIPT)
    assert not_pdf.status_code == 400
    assert "PDF" in not_pdf.json()["detail"]
    assert put(amina_case, token, f"svarut/{letter}", hostile.plain_pdf()).status_code == 400
    assert put(amina_case, token, "dokumentlager/not-a-uuid", hostile.plain_pdf()).status_code in {
        400,
        422,
    }
    assert not CaseFile.objects.exists()


def test_svarut_needs_its_file_number(amina_case: Case) -> None:
    token = token_for(amina_case.office)
    forsendelse = str(uuid.uuid4())
    response = put(amina_case, token, f"svarut/{forsendelse}?nr=2", hostile.plain_pdf())
    assert response.status_code == 201, response.content
    assert response.json()["nr"] == 2


def test_another_offices_system_gets_404(amina_case: Case) -> None:
    elsewhere = Organisation.objects.filter(kind="nav_office").exclude(pk=amina_case.office_id)[0]
    response = put(amina_case, token_for(elsewhere), f"dokumentlager/{uuid.uuid4()}", b"%PDF-")
    assert response.status_code == 404
    assert not CaseFile.objects.exists()


def test_too_big_or_a_bad_file_number_is_a_plain_error(amina_case: Case, settings: Any) -> None:
    settings.DOCUMENT_MAX_FILE_MB = 1
    settings.DOCUMENT_MAX_FILE_BYTES = 1024 * 1024
    token = token_for(amina_case.office)
    big = put(amina_case, token, f"dokumentlager/{uuid.uuid4()}", b"%PDF-1.7\n" + bytes(2**21))
    assert big.status_code == 413
    assert "MB" in big.json()["detail"]
    negative = put(amina_case, token, f"svarut/{uuid.uuid4()}?nr=-1", hostile.plain_pdf())
    assert negative.status_code in {400, 422}
    assert not CaseFile.objects.exists()
