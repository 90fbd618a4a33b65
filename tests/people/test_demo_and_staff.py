from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client

from kompanjong.people.models import Account, Membership, Municipality, Organisation, Person


def world_size() -> tuple[int, ...]:
    return tuple(
        model.objects.count() for model in (Municipality, Organisation, Person, Account, Membership)
    )


@pytest.mark.django_db
def test_demo_data_is_idempotent() -> None:
    call_command("load_demo_data", stdout=open("/dev/null", "w"))  # noqa: SIM115
    first = world_size()
    call_command("load_demo_data", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert world_size() == first == (3, 5, 5, 6, 6)
    kare = Person.objects.get(given_name="Kåre")
    assert kare.reserved_against_digital and kare.preferred_channel == "letter"
    assert kare.municipality is not None and kare.municipality.name == "Os"
    amina = Person.objects.get(given_name="Amina")
    assert (amina.preferred_language, amina.interpreter_language) == ("ar", "ar")


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("123", "har 11 siffer. Du skrev 3"),
        ("15069210056", "ikke et gyldig"),
        ("04094810170", "Vi fant ingen person"),
    ],  # Kåre: valid, but outside the office's area
)
def test_find_person_bad_input(login_as, typed: str, message: str) -> None:
    client: Client = login_as("ola")
    response = client.post("/staff/people/find/", {"national_id": typed})
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["national_id"])
    assert f'value="{typed}"' in response.content.decode()


def test_session_keepalive_needs_post_and_login(login_as, client: Client) -> None:
    assert client.post("/session/keepalive/").status_code == 401  # expired: the page says so
    login_as("amina")
    assert client.get("/session/keepalive/").status_code == 405
    assert client.post("/session/keepalive/").status_code == 204


def test_logout_ends_the_session(login_as) -> None:
    client: Client = login_as("amina")
    assert client.get("/citizen/").status_code == 200
    assert client.post("/logout/").status_code == 302
    assert client.get("/citizen/").status_code == 302


@pytest.mark.django_db
def test_demo_data_is_refused_outside_demo_mode(settings) -> None:
    from django.core.management.base import CommandError

    settings.DEMO_MODE = False
    with pytest.raises(CommandError, match="demo mode"):
        call_command("load_demo_data", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Account.objects.count() == 0
