"""Login with ID-porten, end to end against a real OpenID Connect provider.

The provider (tests/oidc_provider) runs in a subprocess. Kompanjong is driven with Django's test
client, the provider with `requests`, so Kompanjong's backend really fetches discovery, tokens,
JWKS and userinfo over HTTP. Nothing is mocked.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

import jwt
import pytest
import requests
from django.conf import settings as django_settings
from django.contrib.auth import BACKEND_SESSION_KEY, SESSION_KEY
from django.core.exceptions import SuspiciousOperation
from django.test import Client, RequestFactory
from django.urls import resolve
from pytest_django import Settings

from kompanjong.people.models import Account, Person
from kompanjong.people.oidc import (
    BACKEND_PATH,
    IdPortenBackend,
    acr_is_strong_enough,
    clear_discovery_cache,
    end_session_url,
    oidc_enabled,
)
from tests.factories import (
    CitizenAccountFactory,
    MembershipFactory,
    PersonFactory,
    valid_national_id,
)
from tests.people.oidc_idp import (
    CALLBACK_URL,
    CLIENT_ID,
    CLIENT_SECRET,
    POST_LOGOUT_URL,
    Idp,
    default_users,
    running_idp,
)

FAILURE_URL = django_settings.LOGIN_REDIRECT_URL_FAILURE


def _pid(n: int) -> str:
    return valid_national_id(dt.date(1960 + n, 5, 17))


@pytest.fixture(scope="session")
def idp_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Idp]:
    with running_idp(tmp_path_factory.mktemp("idp"), default_users(_pid)) as idp:
        yield idp


@pytest.fixture
def idp(idp_server: Idp, settings: Settings, db: None) -> Iterator[Idp]:
    settings.OIDC_ISSUER = idp_server.issuer
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_ACR_VALUES = "idporten-loa-substantial"
    clear_discovery_cache()
    yield idp_server
    clear_discovery_cache()


def start_login(client: Client) -> str:
    response = client.get("/oidc/authenticate/")
    assert response.status_code == 302
    return str(response["Location"])


def log_in(client: Client, idp: Idp, username: str) -> str:
    """The whole flow; returns where Kompanjong sends the browser in the end."""
    response = client.get(idp.log_in(start_login(client), username))
    assert response.status_code == 302
    return str(response["Location"])


def logged_in_account(client: Client) -> Account | None:
    account_id = client.session.get(SESSION_KEY)
    return Account.objects.get(pk=account_id) if account_id else None


def test_first_login_creates_person_and_account(client: Client, idp: Idp) -> None:
    kari = idp.users["kari"]

    assert log_in(client, idp, "kari") == "/home/"

    account = logged_in_account(client)
    assert account is not None
    assert account.username == f"idporten-{kari.sub}"
    assert account.oidc_subject == kari.sub
    assert not account.has_usable_password()
    assert account.person is not None
    assert account.person.national_id == kari.claims["pid"]
    assert (account.person.given_name, account.person.family_name) == ("Kari", "Nordmann")
    assert client.session[BACKEND_SESSION_KEY] == BACKEND_PATH


def test_second_login_reuses_the_account(client: Client, idp: Idp) -> None:
    log_in(client, idp, "kari")
    first = logged_in_account(client)

    other_browser = Client()
    assert log_in(other_browser, idp, "kari") == "/home/"

    assert logged_in_account(other_browser) == first
    assert Account.objects.count() == 1
    assert Person.objects.count() == 1


def test_existing_person_is_linked(client: Client, idp: Idp) -> None:
    ola = idp.users["ola"]
    person = PersonFactory.create(national_id=ola.claims["pid"], given_name="Ola")

    assert log_in(client, idp, "ola") == "/home/"

    account = logged_in_account(client)
    assert account is not None
    assert account.person == person
    assert account.oidc_subject == ola.sub
    assert Person.objects.count() == 1
    person.refresh_from_db()
    assert person.given_name == "Ola"


def test_existing_account_of_the_person_is_used(client: Client, idp: Idp) -> None:
    ola = idp.users["ola"]
    existing = CitizenAccountFactory.create(
        person=PersonFactory.create(national_id=ola.claims["pid"])
    )

    log_in(client, idp, "ola")

    assert logged_in_account(client) == existing
    existing.refresh_from_db()
    assert existing.oidc_subject == ola.sub
    assert Account.objects.count() == 1


def test_a_citizen_login_never_picks_up_a_staff_account(client: Client, idp: Idp) -> None:
    ola = idp.users["ola"]
    staff = MembershipFactory.create(
        account=CitizenAccountFactory.create(
            person=PersonFactory.create(national_id=ola.claims["pid"])
        ),
        role="caseworker",
    ).account

    assert log_in(client, idp, "ola") == FAILURE_URL
    assert logged_in_account(client) is None
    staff.refresh_from_db()
    assert staff.oidc_subject is None


def test_authorization_request_carries_idporten_parameters(client: Client, idp: Idp) -> None:
    location = start_login(client)

    authorize = requests.get(f"{idp.issuer}/.well-known/openid-configuration", timeout=10).json()[
        "authorization_endpoint"
    ]
    assert location.startswith(f"{authorize}?")
    params = {key: values[0] for key, values in parse_qs(urlsplit(location).query).items()}
    assert params["client_id"] == CLIENT_ID
    assert params["redirect_uri"] == CALLBACK_URL
    assert params["response_type"] == "code"
    assert params["scope"] == "openid profile"
    assert params["acr_values"] == "idporten-loa-substantial"
    assert params["ui_locales"] == "nb"
    assert params["code_challenge_method"] == "S256"
    pending = client.session["oidc_states"][params["state"]]
    assert pending["nonce"] == params["nonce"]
    digest = hashlib.sha256(pending["code_verifier"].encode()).digest()
    assert params["code_challenge"] == base64.urlsafe_b64encode(digest).decode().rstrip("=")


@pytest.mark.parametrize("language", ["nn", "en"])
def test_ui_locales_follows_the_chosen_language(client: Client, idp: Idp, language: str) -> None:
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = language

    assert parse_qs(urlsplit(start_login(client)).query)["ui_locales"] == [language]


def test_too_weak_level_of_assurance_is_refused(client: Client, idp: Idp) -> None:
    assert log_in(client, idp, "svak") == FAILURE_URL

    assert logged_in_account(client) is None
    assert "oidc_id_token" not in client.session
    assert not Person.objects.exists()


def test_legacy_level4_counts_as_high(client: Client, idp: Idp) -> None:
    assert log_in(client, idp, "gammel") == "/home/"


@pytest.mark.parametrize(
    ("acr", "requested", "accepted"),
    [
        ("idporten-loa-substantial", "idporten-loa-substantial", True),
        ("idporten-loa-high", "idporten-loa-substantial", True),
        ("Level3", "idporten-loa-substantial", True),
        ("idporten-loa-low", "idporten-loa-substantial", False),
        ("idporten-loa-substantial", "idporten-loa-high", False),
        ("Level3", "idporten-loa-high", False),
        ("Level4", "idporten-loa-high", True),
        (None, "idporten-loa-substantial", False),
        ("something-else", "idporten-loa-low", False),
        ("idporten-loa-low", "", True),
    ],
)
def test_acr_levels(settings: Settings, acr: str | None, requested: str, accepted: bool) -> None:
    settings.OIDC_ACR_VALUES = requested
    assert acr_is_strong_enough(acr) is accepted


def _with_state(url: str, state: str) -> str:
    parts = urlsplit(url)
    query = {key: values[0] for key, values in parse_qs(parts.query).items()}
    return urlunsplit(parts._replace(query=urlencode({**query, "state": state})))


def test_tampered_state_is_refused(client: Client, idp: Idp) -> None:
    callback = idp.log_in(start_login(client), "kari")

    response = client.get(_with_state(callback, "not-the-state-we-sent"))

    assert response.status_code == 302
    assert response["Location"] == FAILURE_URL
    assert logged_in_account(client) is None


def test_callback_in_another_browser_is_refused(client: Client, idp: Idp) -> None:
    callback = idp.log_in(start_login(client), "kari")

    response = Client().get(callback)

    assert response["Location"] == FAILURE_URL
    assert not Account.objects.exists()


def test_used_code_is_refused_by_the_provider(client: Client, idp: Idp) -> None:
    callback = idp.log_in(start_login(client), "kari")
    assert client.get(callback)["Location"] == "/home/"
    client.logout()
    # A fresh login attempt gives a state we accept; the provider must still refuse the old code.
    fresh_state = parse_qs(urlsplit(start_login(client)).query)["state"][0]

    assert client.get(_with_state(callback, fresh_state))["Location"] == FAILURE_URL
    assert logged_in_account(client) is None


@pytest.mark.parametrize("username", ["utenpid", "feilpid"])
def test_missing_or_invalid_pid_is_refused(client: Client, idp: Idp, username: str) -> None:
    assert log_in(client, idp, username) == FAILURE_URL

    assert logged_in_account(client) is None
    assert not Account.objects.exists()
    assert not Person.objects.exists()


def test_changed_pid_for_the_same_subject_is_refused(client: Client, idp: Idp) -> None:
    kari = idp.users["kari"]
    someone_else = PersonFactory.create()
    CitizenAccountFactory.create(person=someone_else, oidc_subject=kari.sub)

    assert log_in(client, idp, "kari") == FAILURE_URL

    assert logged_in_account(client) is None
    assert not Person.objects.filter(national_id=kari.claims["pid"]).exists()


def _with_claim(id_token: str, **claims: str) -> str:
    header, payload, signature = id_token.split(".")
    decoded = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    changed = base64.urlsafe_b64encode(json.dumps({**decoded, **claims}).encode())
    return ".".join([header, changed.decode().rstrip("="), signature])


@pytest.mark.parametrize(
    ("problem", "message"),
    [("audience", "Audience"), ("issuer", "Invalid issuer"), ("signature", "Signature")],
)
def test_id_token_is_checked(
    client: Client, idp: Idp, settings: Settings, problem: str, message: str
) -> None:
    log_in(client, idp, "kari")
    id_token = client.session["oidc_id_token"]
    nonce = jwt.decode(id_token, options={"verify_signature": False})["nonce"]
    backend = IdPortenBackend()
    assert backend.verify_token(id_token, nonce=nonce)["sub"] == idp.users["kari"].sub

    if problem == "audience":
        settings.OIDC_RP_CLIENT_ID = "another-client"
    elif problem == "issuer":
        # Keys from the real provider, but we expect tokens from someone else.
        settings.OIDC_OP_JWKS_ENDPOINT = f"{idp.issuer}/.well-known/jwks.json"
        settings.OIDC_ISSUER = "https://idporten.example"
    else:
        id_token = _with_claim(id_token, pid=idp.users["ola"].claims["pid"])
    with pytest.raises(SuspiciousOperation, match=message):
        IdPortenBackend().verify_token(id_token, nonce=nonce)


def test_discovery_document_for_another_issuer_is_refused(
    client: Client, idp: Idp, settings: Settings
) -> None:
    # Same server, but it calls itself http://127.0.0.1:…, not http://localhost:….
    settings.OIDC_ISSUER = idp.issuer.replace("127.0.0.1", "localhost")

    response = client.get("/oidc/authenticate/")

    assert response["Location"] == FAILURE_URL


def test_unreachable_provider_sends_the_person_back(
    client: Client, idp: Idp, settings: Settings
) -> None:
    settings.OIDC_ISSUER = "http://127.0.0.1:9"

    assert client.get("/oidc/authenticate/")["Location"] == FAILURE_URL


def test_explicit_endpoint_setting_wins_over_discovery(
    client: Client, idp: Idp, settings: Settings
) -> None:
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = "https://login.example/authorize"

    assert start_login(client).startswith("https://login.example/authorize?")


def test_end_session_url_after_oidc_login(client: Client, idp: Idp) -> None:
    log_in(client, idp, "kari")
    request = RequestFactory().get("/")
    request.session = client.session

    url = end_session_url(request)

    assert url is not None
    discovered = requests.get(f"{idp.issuer}/.well-known/openid-configuration", timeout=10)
    assert url.startswith(f"{discovered.json()['end_session_endpoint']}?")
    params = parse_qs(urlsplit(url).query)
    assert params["id_token_hint"] == [client.session["oidc_id_token"]]
    assert params["post_logout_redirect_uri"] == [POST_LOGOUT_URL]
    # The provider accepts the hint and sends the browser back to us.
    response = requests.get(url, allow_redirects=False, timeout=10)
    assert response.status_code == 302
    assert response.headers["Location"] == POST_LOGOUT_URL


def test_logging_out_continues_at_the_provider(client: Client, idp: Idp) -> None:
    log_in(client, idp, "kari")

    response = client.post("/logout/")

    assert response.status_code == 302
    assert response["Location"].startswith(f"{idp.issuer}/logout/?id_token_hint=")
    assert logged_in_account(client) is None


def test_pages_let_the_logout_form_reach_the_provider(client: Client, idp: Idp) -> None:
    """CSP form-action covers the logout redirect to the provider, for OIDC sessions only."""
    origin = f"{urlsplit(idp.issuer).scheme}://{urlsplit(idp.issuer).netloc}"
    assert origin not in client.get("/help/")["Content-Security-Policy"]
    log_in(client, idp, "kari")
    policy = client.get("/help/")["Content-Security-Policy"]
    form_action = next(part for part in policy.split(";") if "form-action" in part)
    assert origin in form_action
    assert "'self'" in form_action


def test_no_end_session_url_without_oidc_login(client: Client, idp: Idp) -> None:
    client.force_login(CitizenAccountFactory.create())
    request = RequestFactory().get("/")
    request.session = client.session

    assert end_session_url(request) is None


def test_oidc_enabled(settings: Settings) -> None:
    settings.OIDC_ISSUER = "https://idporten.no"
    settings.OIDC_RP_CLIENT_ID = "kompanjong"
    assert oidc_enabled()
    settings.OIDC_RP_CLIENT_ID = ""
    assert not oidc_enabled()


def test_login_is_refused_when_oidc_is_not_configured(
    client: Client, settings: Settings, db: None
) -> None:
    settings.OIDC_ISSUER = ""

    assert client.get("/oidc/authenticate/")["Location"] == FAILURE_URL


@pytest.mark.parametrize("path", ["/oidc/authenticate/", "/oidc/callback/"])
def test_oidc_urls_are_public_by_policy(path: str) -> None:
    assert resolve(path).func.policy_rule == "public"  # type: ignore[attr-defined]


def test_a_simultaneous_first_login_finds_what_the_other_created(
    db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The race: both logins miss the Person, one creates it, the other hits the unique key."""
    from django.db import IntegrityError

    from kompanjong.people import oidc

    pid = valid_national_id()
    real = oidc._link_account
    calls: list[str] = []

    def racing(*, sub: str, pid: str, claims: dict[str, object]) -> Account:
        calls.append(sub)
        if len(calls) == 1:
            real(sub="other-browser", pid=pid, claims=claims)  # the other request wins
            raise IntegrityError("duplicate key value violates unique constraint")
        return real(sub=sub, pid=pid, claims=claims)

    monkeypatch.setattr(oidc, "_link_account", racing)
    account = oidc.account_for_claims({"sub": "this-browser", "pid": pid})
    assert account.person is not None and account.person.national_id == pid
    assert Person.objects.filter(national_id=pid).count() == 1
    assert len(calls) == 2
