"""Municipal case systems drive the citizen's case view with NAV's digisos-soker events."""

from __future__ import annotations

import json

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from kompanjong.api.auth import token_auth
from kompanjong.api.schemas import Error
from kompanjong.api.scopes import CASES_WRITE
from kompanjong.cases import services
from kompanjong.cases.models import Case

router = Router(tags=["cases"])


class PathError(Schema):
    path: str
    message: str


class InvalidDocument(Schema):
    detail: str
    errors: list[PathError]


class Stored(Schema):
    reference: str
    stored: int
    events: int


@router.post(
    "/cases/{reference}/digisos-soker",
    auth=token_auth(CASES_WRITE),
    response={200: Stored, 400: InvalidDocument, 401: Error, 403: Error, 404: Error},
    summary="Send the whole digisos-soker.json for a case",
    openapi_extra={
        "x-required-scopes": [CASES_WRITE],
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {
                    "schema": {
                        "type": "object",
                        "description": "NAV's digisos-soker.json (json/digisos/soker/).",
                    }
                }
            },
        },
    },
)
def post_digisos_soker(request: HttpRequest, reference: str) -> Status:
    """The case system's whole event file for the application `reference`.

    Needs the scope `cases:write` on a token bound to the NAV office that has the case. The
    document is validated against NAV's digisos-soker.json schema; an invalid one is refused
    with 400 and every failing JSON path. A valid one is stored event by event, skipping
    events already stored, so sending the same document again changes nothing. Files the
    events refer to (decision letters, `dokumentlager`/`svarut` references) stay in the case
    system and are fetched by their own reference.
    """
    try:
        document = json.loads(request.body or b"null")
    except ValueError:
        return Status(
            400,
            {
                "detail": _("The body is not JSON."),
                "errors": [{"path": "$", "message": _("The body is not JSON.")}],
            },
        )
    try:
        result = services.ingest_digisos_soker(
            system=request.auth,  # type: ignore[attr-defined]
            reference=reference,
            document=document,
        )
    except Case.DoesNotExist:
        return Status(404, {"detail": _("Your office has no case with this reference.")})
    except services.InvalidDocumentError as invalid:
        return Status(
            400,
            {
                "detail": _("The document does not follow digisos-soker.json."),
                "errors": [{"path": e.path, "message": e.message} for e in invalid.errors],
            },
        )
    return Status(
        200,
        {"reference": reference, "stored": result.stored, "events": result.case.events.count()},
    )
