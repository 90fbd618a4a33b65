"""Login with ID-porten, or any OpenID Connect provider that speaks like it.

mozilla-django-oidc does the protocol (state, nonce, PKCE, token exchange, signature check).
What we add: endpoints from the issuer's discovery document instead of OIDC_OP_* settings,
`acr_values`/`ui_locales` in the request, stricter id_token checks (iss, aud, acr), and
mapping the national identity number (`pid`) to a Person and an Account.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode, urlsplit

import jwt
import requests
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ImproperlyConfigured, SuspiciousOperation, ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.utils import translation
from django.views.generic import View
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from kompanjong.people.models import Account, Person
from kompanjong.people.validators import normalise_national_id, validate_national_id

logger = logging.getLogger(__name__)

BACKEND_PATH = "kompanjong.people.oidc.IdPortenBackend"

# ID-porten's levels of assurance, weakest first. "Level3"/"Level4" are the names the old
# ID-porten used; some test providers still issue them.
ACR_LEVELS = {
    "idporten-loa-low": 1,
    "idporten-loa-substantial": 2,
    "idporten-loa-high": 3,
    "Level3": 2,
    "Level4": 3,
}
UI_LOCALES = ("nb", "nn", "en")


def oidc_enabled() -> bool:
    return bool(settings.OIDC_ISSUER and settings.OIDC_RP_CLIENT_ID)


@functools.cache
def _discover(issuer: str) -> dict[str, Any]:
    response = requests.get(
        f"{issuer}/.well-known/openid-configuration",
        timeout=settings.OIDC_TIMEOUT,
        verify=settings.OIDC_VERIFY_SSL,
    )
    response.raise_for_status()
    document: dict[str, Any] = response.json()
    # A document that names another issuer could steer us to someone else's endpoints.
    if str(document.get("issuer", "")).rstrip("/") != issuer:
        raise ImproperlyConfigured(f"Discovery document at {issuer} names another issuer.")
    return document


def discovery() -> dict[str, Any]:
    """The issuer's discovery document, fetched once per process."""
    if not oidc_enabled():
        raise ImproperlyConfigured("Set OIDC_ISSUER and OIDC_CLIENT_ID to log in with ID-porten.")
    return _discover(settings.OIDC_ISSUER.rstrip("/"))


def clear_discovery_cache() -> None:
    _discover.cache_clear()


def endpoint(setting: str, key: str) -> str:
    """An explicit OIDC_OP_* setting wins; otherwise the discovery document decides."""
    explicit = getattr(settings, setting, "")
    if explicit:
        return str(explicit)
    value = discovery().get(key)
    if not value:
        raise ImproperlyConfigured(f"The provider's discovery document has no {key}.")
    return str(value)


def acr_is_strong_enough(acr: str | None) -> bool:
    requested = settings.OIDC_ACR_VALUES.split()
    if not requested or acr in requested:
        return True
    known = [ACR_LEVELS[value] for value in requested if value in ACR_LEVELS]
    return bool(known) and ACR_LEVELS.get(acr or "", 0) >= min(known)


def account_for_claims(claims: dict[str, Any]) -> Account:
    """Find or create the Account (and Person) for verified ID-porten claims."""
    sub = str(claims["sub"])
    pid = normalise_national_id(str(claims.get("pid") or ""))
    try:
        validate_national_id(pid)
    except ValidationError as error:
        raise SuspiciousOperation("The provider sent no valid national identity number.") from error
    try:
        return _link_account(sub=sub, pid=pid, claims=claims)
    except IntegrityError:
        # Two first logins at the same moment (a double click): the other one created the
        # Person or Account; the second try finds them.
        return _link_account(sub=sub, pid=pid, claims=claims)


def _link_account(*, sub: str, pid: str, claims: dict[str, Any]) -> Account:
    with transaction.atomic():
        account = Account.objects.select_related("person").filter(oidc_subject=sub).first()
        if account is not None:
            # Same subject, another person: never let one login take over someone else.
            if account.person is None or account.person.national_id != pid:
                raise SuspiciousOperation("The national identity number changed for a subject.")
            return account

        person, _created = Person.objects.get_or_create(
            national_id=pid,
            defaults={
                "given_name": str(claims.get("given_name") or ""),
                "family_name": str(claims.get("family_name") or ""),
            },
        )
        account = Account.objects.filter(person=person).first()
        if account is not None and (
            account.is_staff or account.is_superuser or account.memberships.exists()
        ):
            # Staff accounts carry roles; a citizen login must never pick one up by pid alone.
            raise SuspiciousOperation("A citizen login matched a staff account.")
        if account is None:
            return Account.objects.create_user(f"idporten-{sub}", person=person, oidc_subject=sub)
        if account.oidc_subject and account.oidc_subject != sub:
            # The pid is what ID-porten vouches for; a new subject for it (e.g. after a new
            # client registration) moves the login rather than locking the person out.
            logger.warning("Moving account %s to a new ID-porten subject.", account.pk)
        account.oidc_subject = sub
        account.save(update_fields=["oidc_subject"])
        return account


class IdPortenBackend(OIDCAuthenticationBackend):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Not calling super().__init__(): it reads the endpoints at once, and Django builds a
        # backend for every password login too. Ours are looked up only when needed.
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        self.OIDC_RP_CLIENT_SECRET = settings.OIDC_RP_CLIENT_SECRET
        self.OIDC_RP_SIGN_ALGO = settings.OIDC_RP_SIGN_ALGO
        self.OIDC_RP_IDP_SIGN_KEY = getattr(settings, "OIDC_RP_IDP_SIGN_KEY", None)
        self.UserModel = Account

    @property
    def OIDC_OP_TOKEN_ENDPOINT(self) -> str:
        return endpoint("OIDC_OP_TOKEN_ENDPOINT", "token_endpoint")

    @property
    def OIDC_OP_USER_ENDPOINT(self) -> str:
        return endpoint("OIDC_OP_USER_ENDPOINT", "userinfo_endpoint")

    @property
    def OIDC_OP_JWKS_ENDPOINT(self) -> str:
        return endpoint("OIDC_OP_JWKS_ENDPOINT", "jwks_uri")

    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> Account | None:
        # Only the callback view calls us with exactly these; a password login on a URL that
        # happens to carry ?code=&state= must not start a token exchange.
        if not oidc_enabled() or set(kwargs) - {"nonce", "code_verifier"}:
            return None
        return super().authenticate(request, **kwargs)

    def get_payload_data(self, token: bytes, key: Any) -> dict[str, Any]:
        # Replaces mozilla's check, which skips `aud` and `iss` and can allow unsigned tokens.
        # OIDC_ISSUER is kept without its trailing slash; some providers' issuers have one.
        issuer = settings.OIDC_ISSUER.rstrip("/")
        try:
            payload: dict[str, Any] = jwt.decode(
                token,
                key,
                algorithms=[self.OIDC_RP_SIGN_ALGO],
                audience=self.OIDC_RP_CLIENT_ID,
                issuer=[issuer, f"{issuer}/"],
                options={"require": ["iss", "aud", "sub", "exp", "iat"]},
            )
        except jwt.InvalidTokenError as error:
            raise SuspiciousOperation(f"The id_token was refused: {error}") from error
        # With several audiences, the token must have been issued to us (OIDC Core 3.1.3.7).
        audiences = payload["aud"] if isinstance(payload["aud"], list) else [payload["aud"]]
        if len(audiences) > 1 and payload.get("azp") != self.OIDC_RP_CLIENT_ID:
            raise SuspiciousOperation("The id_token was issued to another client.")
        return payload

    def get_or_create_user(
        self, access_token: str, id_token: str, payload: dict[str, Any]
    ) -> Account:
        if not acr_is_strong_enough(payload.get("acr")):
            raise SuspiciousOperation(f"Level of assurance {payload.get('acr')!r} is too weak.")
        userinfo = self.get_userinfo(access_token, id_token, payload)
        if userinfo.get("sub") != payload["sub"]:
            raise SuspiciousOperation("Userinfo is about someone else than the id_token.")
        # The signed id_token wins over userinfo when both carry a claim.
        return account_for_claims({**userinfo, **payload})

    def get_user(self, user_id: int) -> Account | None:
        # ModelBackend's version also refuses deactivated accounts; mozilla's does not.
        return ModelBackend.get_user(self, user_id)


class IdPortenAuthenticationRequestView(OIDCAuthenticationRequestView):
    def __init__(self, **kwargs: Any) -> None:
        # Skips mozilla's __init__, which wants OIDC_OP_AUTHORIZATION_ENDPOINT up front.
        View.__init__(self, **kwargs)
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID

    @property
    def OIDC_OP_AUTH_ENDPOINT(self) -> str:
        return endpoint("OIDC_OP_AUTHORIZATION_ENDPOINT", "authorization_endpoint")

    def get(self, request: HttpRequest) -> HttpResponse:
        try:
            return super().get(request)
        except (ImproperlyConfigured, requests.RequestException) as error:
            logger.warning("Could not start an ID-porten login: %s", error)
            return HttpResponseRedirect(settings.LOGIN_REDIRECT_URL_FAILURE)

    def get_extra_params(self, request: HttpRequest) -> dict[str, str]:
        params = dict(super().get_extra_params(request))
        if settings.OIDC_ACR_VALUES:
            params["acr_values"] = settings.OIDC_ACR_VALUES
        language = (translation.get_language() or "").split("-")[0]
        params["ui_locales"] = language if language in UI_LOCALES else "nb"
        return params


class IdPortenCallbackView(OIDCAuthenticationCallbackView):
    def get(self, request: HttpRequest) -> HttpResponse:
        # mozilla lets a forged state or a refusing provider end in a 400 or 500 page; the
        # person should land on the login page with a message instead.
        try:
            return super().get(request)
        except (
            SuspiciousOperation,
            ImproperlyConfigured,
            requests.RequestException,
            jwt.PyJWTError,
        ) as error:
            logger.warning("ID-porten login refused: %s", error)
            return self.login_failure()

    def login_failure(self) -> HttpResponse:
        # The backend stores the id_token before deciding; a refused login must not keep it.
        self.request.session.pop("oidc_id_token", None)
        return HttpResponseRedirect(settings.LOGIN_REDIRECT_URL_FAILURE)


def end_session_url(request: HttpRequest) -> str | None:
    """Where to send the browser to log out at the provider too; None if it never logged in there.

    Call it before `logout()`, which empties the session and the id_token with it.
    """
    id_token = request.session.get("oidc_id_token")
    if not id_token or request.session.get(BACKEND_SESSION_KEY) != BACKEND_PATH:
        return None
    try:
        url = endpoint("OIDC_OP_END_SESSION_ENDPOINT", "end_session_endpoint")
    except (ImproperlyConfigured, requests.RequestException) as error:
        # Logging out here must work even when the provider cannot be reached.
        logger.warning("No end-session endpoint for ID-porten: %s", error)
        return None
    query = urlencode(
        {
            "id_token_hint": id_token,
            "post_logout_redirect_uri": request.build_absolute_uri(
                resolve_url(settings.LOGOUT_REDIRECT_URL)
            ),
        }
    )
    return f"{url}{'&' if '?' in url else '?'}{query}"


def end_session_origin(request: HttpRequest) -> str | None:
    """The provider's origin, when this session would log out there (for CSP form-action)."""
    url = end_session_url(request)
    if url is None:
        return None
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


class LogoutFormActionMiddleware:
    """Let the logout form's redirect reach ID-porten's end-session endpoint.

    Browsers apply CSP `form-action` to where a form submission is redirected, and our
    logout button POSTs to /logout/, which redirects to the provider. Without this, the
    provider's session would survive on a shared computer. Only OIDC sessions get the extra
    origin, and only the provider's own.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        origin = end_session_origin(request) if hasattr(request, "session") else None
        response = self.get_response(request)
        if origin:
            response._csp_update = {"form-action": [origin]}  # type: ignore[attr-defined]
        return response
