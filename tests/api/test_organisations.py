from __future__ import annotations

import pytest

from tests.factories import MunicipalityFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/organisations"


def test_lists_organisations_with_municipality(client, org_token, bearer):
    oslo = MunicipalityFactory.create(number="0301", name="Oslo")
    office = OrganisationFactory.create(name="NAV Frogner", municipality=oslo, phone="55553333")

    response = client.get(URL, headers=bearer(org_token))

    assert response.status_code == 200
    assert response.json() == {
        "items": [
            {
                "id": office.pk,
                "name": "NAV Frogner",
                "kind": "nav_office",
                "municipality_number": "0301",
                "municipality_name": "Oslo",
                "phone": "55553333",
            }
        ],
        "count": 1,
    }


def test_pages(client, org_token, bearer):
    OrganisationFactory.create_batch(5)

    first = client.get(URL, {"page_size": 2}, headers=bearer(org_token)).json()
    last = client.get(URL, {"page_size": 2, "page": 3}, headers=bearer(org_token)).json()

    assert first["count"] == 5
    assert len(first["items"]) == 2
    assert len(last["items"]) == 1
    assert {item["id"] for item in first["items"]}.isdisjoint(item["id"] for item in last["items"])


def test_bad_page_is_422_with_plain_message(client, org_token, bearer):
    response = client.get(URL, {"page": 0}, headers=bearer(org_token))
    assert response.status_code == 422
    assert "page" in response.json()["detail"]


@pytest.mark.parametrize("rows", [1, 40])
def test_query_count_does_not_grow_with_rows(
    client, org_token, bearer, rows, django_assert_num_queries
):
    OrganisationFactory.create_batch(rows)
    client.get(URL, headers=bearer(org_token))  # first use records last_used_at

    # token lookup, count, one page with municipalities joined
    with django_assert_num_queries(3):
        response = client.get(URL, headers=bearer(org_token))
    assert len(response.json()["items"]) == rows
