"""Sent applications in NAV's Digisos format, for case systems and for the applicant."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router
from ninja.errors import HttpError

from kompanjong.api.auth import session_auth, token_auth
from kompanjong.api.models import ApiToken
from kompanjong.api.schemas import Error
from kompanjong.api.scopes import APPLICATIONS_READ
from kompanjong.applications import selectors
from kompanjong.applications.export import digisos_export
from kompanjong.applications.models import Application

router = Router(tags=["applications"])


@router.get(
    "/applications/{reference}/digisos",
    auth=[token_auth(APPLICATIONS_READ), session_auth],
    response={200: dict[str, Any], 401: Error, 403: Error, 404: Error},
    summary="A sent application as Digisos soknad.json and vedlegg.json",
    openapi_extra={"x-required-scopes": [APPLICATIONS_READ]},
)
def digisos(request: HttpRequest, reference: str) -> dict[str, Any]:
    """`{"soknad": ..., "vedlegg": ...}`, valid against NAV's Digisos JSON Schemas.

    A case system needs the scope `applications:read` on a token bound to the NAV office that
    handles the case (another office's application answers 404, as an unknown one); each
    fetch is shown in the applicant's access log. A logged-in applicant can fetch their own.
    """
    try:
        if isinstance(request.auth, ApiToken):  # type: ignore[attr-defined]
            application = selectors.application_for_system(
                system=request.auth,  # type: ignore[attr-defined]
                reference=reference,
            )
        else:
            application = selectors.own_application_by_reference(request.user, reference)
    except Application.DoesNotExist:
        raise HttpError(404, _("There is no sent application with this reference.")) from None
    return digisos_export(application)
