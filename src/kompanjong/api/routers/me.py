"""The logged-in citizen's own data (session login)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router
from ninja.errors import HttpError

from kompanjong.api.auth import session_auth
from kompanjong.api.schemas import Error, Me
from kompanjong.people.models import Person
from kompanjong.people.selectors import own_person

router = Router(tags=["me"])


@router.get(
    "/me",
    auth=session_auth,
    response={200: Me, 401: Error, 404: Error},
    summary="Your name and communication needs",
)
def me(request: HttpRequest) -> Person:
    """The logged-in person's name and communication needs."""
    if not getattr(request.user, "person_id", None):
        raise HttpError(
            404, _("This account is not linked to a person, so there is nothing to show.")
        )
    return own_person(request.user)
