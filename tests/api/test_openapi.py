"""The OpenAPI document is served, valid JSON, and shows how each operation is secured."""

from __future__ import annotations

import pytest

from kompanjong.api.scopes import ORGANISATIONS_READ, PEOPLE_NEEDS_READ

pytestmark = pytest.mark.django_db

EXPECTED = {
    "/api/v1/me": ("CitizenSessionAuth", None),
    "/api/v1/organisations": ("ApiTokenAuth", ORGANISATIONS_READ),
    "/api/v1/people/communication-needs": ("ApiTokenAuth", PEOPLE_NEEDS_READ),
}


@pytest.fixture
def document(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def test_document_lists_the_endpoints_with_security(document):
    assert document["openapi"].startswith("3.")
    assert document["info"]["title"] == "Kompanjong API"
    for path, (scheme, scope) in EXPECTED.items():
        operation = document["paths"][path]["get"]
        assert operation["security"] == [{scheme: []}]
        assert scheme in document["components"]["securitySchemes"]
        if scope:
            assert operation["x-required-scopes"] == [scope]


def test_every_operation_in_the_document_has_security(document):
    unsecured = [
        f"{method.upper()} {path}"
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
        if not operation.get("security")
    ]
    assert unsecured == []


def test_security_schemes(document):
    schemes = document["components"]["securitySchemes"]
    assert schemes["ApiTokenAuth"] == {"type": "http", "scheme": "bearer"}
    assert schemes["CitizenSessionAuth"]["type"] == "apiKey"
    assert schemes["CitizenSessionAuth"]["in"] == "cookie"


def test_no_docs_ui(client):
    assert client.get("/api/v1/docs").status_code == 404
