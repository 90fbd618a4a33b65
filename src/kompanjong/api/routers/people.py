"""People's communication needs, for connected case systems. Every read is access-logged."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Header, Router
from ninja.errors import HttpError

from kompanjong.api.auth import token_auth
from kompanjong.api.schemas import CommunicationNeeds, Error
from kompanjong.api.scopes import PEOPLE_NEEDS_READ
from kompanjong.people.models import Person
from kompanjong.people.selectors_api import needs_for_connected_system
from kompanjong.people.validators import normalise_national_id, validate_national_id

router = Router(tags=["people"])


@router.get(
    "/people/communication-needs",
    auth=token_auth(PEOPLE_NEEDS_READ),
    response={200: CommunicationNeeds, 401: Error, 403: Error, 404: Error, 422: Error},
    summary="A person's communication needs",
    openapi_extra={"x-required-scopes": [PEOPLE_NEEDS_READ]},
)
def communication_needs(
    request: HttpRequest,
    # NAV's convention: the number travels in a header, so it never lands in URLs or access logs.
    national_id: str = Header(
        ..., alias="Nav-Personident", description="National identity number or D-number."
    ),
) -> Person:
    """How to communicate with a person. Needs the scope `people:needs:read`.

    The read is written to the person's access log, naming the token's system.
    """
    try:
        validate_national_id(national_id)
    except ValidationError as error:
        raise HttpError(422, " ".join(error.messages)) from None
    try:
        return needs_for_connected_system(
            system=request.auth,  # type: ignore[attr-defined]
            national_id=normalise_national_id(national_id),
        )
    except Person.DoesNotExist:
        raise HttpError(404, _("No person with this national identity number is known.")) from None
