"""Each demo persona reaches what it should, and nothing else."""

from __future__ import annotations

import pytest
from django.test import Client

from kompanjong.people.models import Person
from tests.personas import HOMES, PERSONAS

WITH_PERSON = {"amina", "kare", "nora", "ola", "lead"}

# URL → the personas allowed to open it (everyone else gets 403).
PAGES = {
    "/citizen/": WITH_PERSON,
    "/me/needs/": WITH_PERSON,
    "/me/access-log/": WITH_PERSON,
    "/helper/": {"nora"},
    "/staff/": {"ola", "lead"},
    "/staff/people/find/": {"ola", "lead"},
    "/administration/": {"admin"},
    "/admin/": {"admin"},
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_persona_lands_on_its_home_page(login_as, persona: str) -> None:
    client: Client = login_as(persona)
    response = client.get("/home/")
    assert response.status_code == 302
    assert response["Location"] == HOMES[persona]
    assert client.get(HOMES[persona]).status_code == 200


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("url", list(PAGES))
def test_persona_reaches_only_its_pages(login_as, persona: str, url: str) -> None:
    client: Client = login_as(persona)
    response = client.get(url)
    if persona in PAGES[url]:
        assert response.status_code == 200, (persona, url)
    elif url.startswith("/admin/"):
        assert response.status_code == 302  # the admin site sends others to its own login
    else:
        assert response.status_code == 403, (persona, url, response.status_code)


@pytest.mark.parametrize(
    ("persona", "person", "status"),
    [
        ("ola", "Amina", 200),  # Oslo office, Oslo resident
        ("lead", "Amina", 200),
        ("ola", "Kåre", 403),  # Kåre lives in Os, served by another office
        ("nora", "Amina", 403),  # a helper needs a fullmakt, not a staff role
        ("amina", "Kåre", 403),
        ("admin", "Amina", 403),
    ],
)
def test_staff_person_page_follows_office_and_municipality(
    login_as, persona: str, person: str, status: int
) -> None:
    client: Client = login_as(persona)
    target = Person.objects.get(given_name=person)
    assert client.get(f"/staff/people/{target.pk}/").status_code == status


def test_demo_login_refuses_unknown_persona(login_as, client: Client) -> None:
    assert client.post("/login/demo/", {"persona": "mallory"}).status_code == 404
    assert "_auth_user_id" not in client.session


def test_demo_login_does_not_exist_outside_demo_mode(demo_world, client: Client, settings) -> None:
    settings.DEMO_MODE = False
    assert client.get("/login/demo/").status_code == 404
    assert client.post("/login/demo/", {"persona": "admin"}).status_code == 404
    assert "_auth_user_id" not in client.session
