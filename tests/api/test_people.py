"""A connected case system reads a person's communication needs; the person sees it in the log."""

from __future__ import annotations

import logging

import pytest

from kompanjong.core.models import AccessLog
from tests.factories import PersonFactory, valid_national_id

pytestmark = pytest.mark.django_db


def url(national_id: str) -> str:
    return f"/api/v1/people/{national_id}/communication-needs"


def test_returns_needs_and_writes_access_log(client, needs_token, bearer):
    person = PersonFactory.create(
        preferred_language="uk", writing_support=True, preferred_channel="phone"
    )

    response = client.get(url(person.national_id), headers=bearer(needs_token))

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
    assert entry.actor_label == "Fagsystem: Kommunens fagsystem"
    assert entry.subject == person
    assert entry.action == "read"
    assert entry.object_type == "person.needs"
    assert entry.channel == "api"


def test_every_read_is_logged(client, needs_token, bearer):
    person = PersonFactory.create()
    for _ in range(3):
        client.get(url(person.national_id), headers=bearer(needs_token))
    assert AccessLog.objects.filter(subject=person).count() == 3


def test_response_does_not_echo_national_id_or_contact_details(client, needs_token, bearer):
    person = PersonFactory.create()
    body = client.get(url(person.national_id), headers=bearer(needs_token)).content.decode()
    assert person.national_id not in body
    assert person.phone not in body
    assert person.street_address not in body


@pytest.mark.parametrize("bad", ["123", "12345678901", "abcdefghijk"])
def test_invalid_national_id_is_422_with_plain_message(client, needs_token, bearer, bad):
    response = client.get(url(bad), headers=bearer(needs_token))
    assert response.status_code == 422
    assert isinstance(response.json()["detail"], str)
    assert response.json()["detail"]
    assert not AccessLog.objects.exists()


def test_unknown_person_is_404(client, needs_token, bearer):
    PersonFactory.create()
    response = client.get(url(valid_national_id()), headers=bearer(needs_token))
    assert response.status_code == 404
    assert response.json()["detail"]
    assert not AccessLog.objects.exists()


def test_token_without_scope_is_403_and_nothing_is_logged(client, org_token, bearer):
    person = PersonFactory.create()
    response = client.get(url(person.national_id), headers=bearer(org_token))
    assert response.status_code == 403
    assert not AccessLog.objects.exists()


def test_no_token_is_401_before_the_number_is_looked_at(client):
    assert client.get(url("123")).status_code == 401


def test_national_id_never_reaches_the_logs(client, needs_token, bearer, caplog):
    unknown = valid_national_id()
    known = PersonFactory.create().national_id
    caplog.set_level(logging.DEBUG)

    client.get(url(unknown), headers=bearer(needs_token))
    client.get(url(known), headers=bearer(needs_token))
    client.get(url(known), headers=bearer("wrong"))
    client.get(url(known[:10] + "0"), headers=bearer(needs_token))

    assert "[national id]" in caplog.text
    for number in (unknown, known, known[:10] + "0"):
        assert number not in caplog.text


def test_selector_asks_the_policy_too(make_token):
    from django.core.exceptions import PermissionDenied

    from kompanjong.api.scopes import ORGANISATIONS_READ
    from kompanjong.people.selectors_api import needs_for_connected_system

    token, _plain = make_token(ORGANISATIONS_READ)
    person = PersonFactory.create()
    with pytest.raises(PermissionDenied):
        needs_for_connected_system(system=token, national_id=person.national_id)
    assert not AccessLog.objects.exists()
