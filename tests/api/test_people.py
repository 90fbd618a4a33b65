"""A connected case system reads a person's communication needs; the person sees it in the log."""

from __future__ import annotations

import logging

import pytest

from kompanjong.core.models import AccessLog
from tests.factories import PersonFactory, valid_national_id

pytestmark = pytest.mark.django_db


URL = "/api/v1/people/communication-needs"


def ask(client, national_id: str, auth: dict[str, str] | None = None):
    """NAV's convention: the national identity number travels in a header, never in the URL."""
    return client.get(URL, headers={**(auth or {}), "Nav-Personident": national_id})


def test_returns_needs_and_writes_access_log(client, needs_token, bearer):
    person = PersonFactory.create(
        preferred_language="uk", writing_support=True, preferred_channel="phone"
    )

    response = ask(client, person.national_id, bearer(needs_token))

    assert response.status_code == 200
    assert response.json() == {
        "preferred_language": "uk",
        "interpreter_language": None,
        "reading_support": False,
        "writing_support": True,
        "preferred_channel": "phone",
        "reserved_against_digital": False,
    }
    entry = AccessLog.objects.get()
    assert entry.actor is None
    assert entry.actor_label == "Kommunens fagsystem"
    assert entry.actor_id is None and entry.channel == "api"
    assert entry.subject == person
    assert entry.action == "read"
    assert entry.object_type == "person.needs"
    assert entry.channel == "api"


def test_every_read_is_logged(client, needs_token, bearer):
    person = PersonFactory.create()
    for _ in range(3):
        ask(client, person.national_id, bearer(needs_token))
    assert AccessLog.objects.filter(subject=person).count() == 3


def test_response_does_not_echo_national_id_or_contact_details(client, needs_token, bearer):
    person = PersonFactory.create()
    body = ask(client, person.national_id, bearer(needs_token)).content.decode()
    assert person.national_id not in body
    assert person.phone not in body
    assert person.street_address not in body


@pytest.mark.parametrize("bad", ["123", "12345678901", "abcdefghijk"])
def test_invalid_national_id_is_422_with_plain_message(client, needs_token, bearer, bad):
    response = ask(client, bad, bearer(needs_token))
    assert response.status_code == 422
    assert isinstance(response.json()["detail"], str)
    assert response.json()["detail"]
    assert not AccessLog.objects.exists()


def test_unknown_person_is_404(client, needs_token, bearer):
    PersonFactory.create()
    response = ask(client, valid_national_id(), bearer(needs_token))
    assert response.status_code == 404
    assert response.json()["detail"]
    assert not AccessLog.objects.exists()


def test_token_without_scope_is_403_and_nothing_is_logged(client, org_token, bearer):
    person = PersonFactory.create()
    response = ask(client, person.national_id, bearer(org_token))
    assert response.status_code == 403
    assert not AccessLog.objects.exists()


def test_no_token_is_401_before_the_number_is_looked_at(client):
    assert ask(client, "123").status_code == 401


def test_national_id_never_reaches_the_logs(client, needs_token, bearer, caplog):
    unknown = valid_national_id()
    known = PersonFactory.create().national_id
    caplog.set_level(logging.DEBUG)

    ask(client, unknown, bearer(needs_token))
    ask(client, known, bearer(needs_token))
    ask(client, known, bearer("wrong"))
    ask(client, known[:10] + "0", bearer(needs_token))

    assert "communication-needs" in caplog.text  # the requests were logged...
    for number in (unknown, known, known[:10] + "0"):
        assert number not in caplog.text  # ...without the numbers


def test_selector_asks_the_policy_too(make_token):
    from django.core.exceptions import PermissionDenied

    from kompanjong.api.scopes import ORGANISATIONS_READ
    from kompanjong.people.selectors_api import needs_for_connected_system

    token, _plain = make_token(ORGANISATIONS_READ)
    person = PersonFactory.create()
    with pytest.raises(PermissionDenied):
        needs_for_connected_system(system=token, national_id=person.national_id)
    assert not AccessLog.objects.exists()
