"""Every operation is authenticated: a scoped token or the citizen's session."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from ninja.security.base import AuthBase

from kompanjong.api.models import ApiToken
from kompanjong.api.scopes import ORGANISATIONS_READ, PEOPLE_NEEDS_READ
from kompanjong.api.tokens import revoke_token
from kompanjong.api.urls import api

pytestmark = pytest.mark.django_db

URL = "/api/v1/organisations"


def all_operations():
    # The bound routers hold the operations as mounted, with any inherited auth applied.
    for bound in api._get_bound_routers():
        for path, path_view in bound.path_operations.items():
            for operation in path_view.operations:
                yield bound.prefix + path, operation


def test_every_operation_declares_auth():
    operations = list(all_operations())
    assert len(operations) >= 3
    missing = [
        f"{operation.methods} {path}"
        for path, operation in operations
        if not operation.auth_callbacks
        or not all(isinstance(auth, AuthBase) for auth in operation.auth_callbacks)
    ]
    assert missing == [], f"API operations without auth: {missing}"


def test_token_with_scope_is_allowed(client, make_token, bearer):
    _token, plain = make_token(ORGANISATIONS_READ)
    assert client.get(URL, headers=bearer(plain)).status_code == 200


def test_no_token_is_401_with_plain_json(client, db):
    response = client.get(URL)
    assert response.status_code == 401
    assert isinstance(response.json()["detail"], str)
    assert response["WWW-Authenticate"] == "Bearer"


@pytest.mark.parametrize(
    "header", ["Bearer wrong-token", "Bearer ", "Basic dXNlcjpwYXNz", "wrong-token"]
)
def test_bad_token_is_401(client, make_token, header):
    make_token(ORGANISATIONS_READ)
    response = client.get(URL, headers={"Authorization": header})
    assert response.status_code == 401
    assert isinstance(response.json()["detail"], str)


def test_token_without_the_scope_is_403(client, make_token, bearer):
    _token, plain = make_token(PEOPLE_NEEDS_READ)
    response = client.get(URL, headers=bearer(plain))
    assert response.status_code == 403
    assert ORGANISATIONS_READ in response.json()["detail"]


def test_revoked_token_is_401(client, make_token, bearer):
    token, plain = make_token(ORGANISATIONS_READ)
    revoke_token(prefix=token.key_prefix)
    assert client.get(URL, headers=bearer(plain)).status_code == 401


def test_use_is_recorded_at_most_once_a_minute(client, make_token, bearer):
    token, plain = make_token(ORGANISATIONS_READ)
    assert token.last_used_at is None

    client.get(URL, headers=bearer(plain))
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None

    client.get(URL, headers=bearer(plain))
    token.refresh_from_db()
    assert token.last_used_at == first

    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now() - dt.timedelta(hours=1))
    client.get(URL, headers=bearer(plain))
    token.refresh_from_db()
    assert token.last_used_at > first


def test_session_login_does_not_open_token_endpoints(client, citizen):
    client.force_login(citizen)
    assert client.get(URL).status_code == 401


def test_token_does_not_open_session_endpoints(client, make_token, bearer):
    _token, plain = make_token(ORGANISATIONS_READ, PEOPLE_NEEDS_READ)
    assert client.get("/api/v1/me", headers=bearer(plain)).status_code == 401
