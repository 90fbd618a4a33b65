from __future__ import annotations

import pytest
from django.conf import settings
from ninja.errors import HttpError

from kompanjong.api.auth import session_auth
from kompanjong.core.models import AccessLog
from tests.factories import AccountFactory, CitizenAccountFactory, PersonFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/me"


def test_citizen_sees_own_name_and_needs(client):
    person = PersonFactory.create(
        given_name="Amina",
        family_name="Hassan",
        preferred_language="ar",
        interpreter_language="ar",
        reading_support=True,
        preferred_channel="sms",
        reserved_against_digital=True,
    )
    client.force_login(CitizenAccountFactory.create(person=person))

    response = client.get(URL)

    assert response.status_code == 200
    assert response.json() == {
        "name": "Amina Hassan",
        "communication_needs": {
            "preferred_language": "ar",
            "interpreter_language": "ar",
            "reading_support": True,
            "writing_support": False,
            "preferred_channel": "sms",
            "reserved_against_digital": True,
        },
    }
    assert response["Content-Type"].startswith("application/json")


def test_no_interpreter_is_null(client, citizen):
    client.force_login(citizen)
    assert client.get(URL).json()["communication_needs"]["interpreter_language"] is None


def test_own_read_is_not_access_logged(client, citizen):
    client.force_login(citizen)
    client.get(URL)
    assert not AccessLog.objects.exists()


def test_anonymous_is_401(client):
    response = client.get(URL)
    assert response.status_code == 401
    assert isinstance(response.json()["detail"], str)


def test_account_without_person_is_404_with_plain_message(client):
    client.force_login(AccountFactory.create())
    response = client.get(URL)
    assert response.status_code == 404
    assert response.json()["detail"]


def test_inactive_account_is_401(client, citizen):
    client.force_login(citizen)
    citizen.is_active = False
    citizen.save()
    assert client.get(URL).status_code == 401


def test_session_auth_refuses_unsafe_requests_without_csrf_token(rf, citizen):
    # Every operation today is a GET; this guards the POSTs to come.
    request = rf.post(URL)
    request.user = citizen
    request.COOKIES[settings.SESSION_COOKIE_NAME] = "session"

    with pytest.raises(HttpError) as error:
        session_auth(request)
    assert error.value.status_code == 403
