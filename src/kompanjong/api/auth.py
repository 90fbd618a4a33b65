"""Who is calling: a connected system with a scoped token, or a logged-in citizen.

Every API operation declares one of these (a test walks the API and fails otherwise). Whether
a token may use a scope is decided by kompanjong.core.policy, not here.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import AuthorizationError
from ninja.security import HttpBearer, SessionAuth

from kompanjong.api.models import ApiToken
from kompanjong.api.scopes import SCOPES
from kompanjong.api.tokens import find_token
from kompanjong.core import policy


class ApiTokenAuth(HttpBearer):
    """`Authorization: Bearer <token>` for a connected system; the operation needs `scope`."""

    def __init__(self, scope: str) -> None:
        if scope not in SCOPES:
            raise LookupError(f"No API scope named {scope!r}.")
        self.scope = scope
        super().__init__()

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        api_token = find_token(token)
        if api_token is None or not api_token.is_active:
            return None  # Ninja answers 401
        if not policy.token_allows(api_token, self.scope):
            raise AuthorizationError(
                message=_("This API token may not do this. It needs the scope “%(scope)s”.")
                % {"scope": self.scope}
            )
        return api_token


class CitizenSessionAuth(SessionAuth):
    """The logged-in account from the Django session; CSRF is checked for unsafe methods."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = request.user
        return user if policy.allows(user, "account") and user.is_active else None


def token_auth(scope: str) -> ApiTokenAuth:
    return ApiTokenAuth(scope)


session_auth = CitizenSessionAuth()
