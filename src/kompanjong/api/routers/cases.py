"""Municipal case systems drive the citizen's case view with NAV's digisos-soker events."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from kompanjong.api.auth import session_auth, token_auth
from kompanjong.api.models import ApiToken
from kompanjong.api.schemas import Error
from kompanjong.api.scopes import CASES_READ, CASES_WRITE
from kompanjong.cases import selectors, services
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


def _case(request: HttpRequest, reference: str) -> Case:
    if isinstance(request.auth, ApiToken):  # type: ignore[attr-defined]
        return selectors.case_for_system(
            system=request.auth,  # type: ignore[attr-defined]
            reference=reference,
        )
    return selectors.own_case(request.user, reference)


@router.get(
    "/cases/{reference}",
    auth=[token_auth(CASES_READ), session_auth],
    response={200: dict[str, Any], 401: Error, 403: Error, 404: Error},
    summary="The case view: the event log folded as NAV's innsyn shows it",
    openapi_extra={"x-required-scopes": [CASES_READ]},
)
def get_case(request: HttpRequest, reference: str) -> Status:
    """Status, office, sub-cases and decisions, tasks, payments, conditions, documentation
    requirements and the timeline, as data (codes, not sentences). A case system needs the
    scope `cases:read` on a token bound to the case's office; the applicant can read their own.
    """
    try:
        case = _case(request, reference)
    except Case.DoesNotExist:
        return Status(404, {"detail": _("There is no case with this reference for you.")})
    view = asdict(selectors.case_view(case))
    return Status(200, {"reference": reference, "view": view})


@router.get(
    "/cases/{reference}/events",
    auth=[token_auth(CASES_READ), session_auth],
    response={200: dict[str, Any], 401: Error, 403: Error, 404: Error},
    summary="The case's digisos-soker events, oldest first",
    openapi_extra={"x-required-scopes": [CASES_READ]},
)
def get_events(request: HttpRequest, reference: str) -> Status:
    """Every stored event (`hendelser`), in time order, as in digisos-soker.json."""
    try:
        case = _case(request, reference)
    except Case.DoesNotExist:
        return Status(404, {"detail": _("There is no case with this reference for you.")})
    events = [event.data for event in selectors.events_of(case)]
    return Status(200, {"reference": reference, "hendelser": events})
