"""Municipal case systems drive the citizen's case view with NAV's digisos-soker events."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Annotated, Any
from uuid import UUID

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status

from kompanjong.api.auth import session_auth, token_auth
from kompanjong.api.models import ApiToken
from kompanjong.api.schemas import Error
from kompanjong.api.scopes import CASES_READ, CASES_WRITE
from kompanjong.cases import selectors, services
from kompanjong.cases.models import Case
from kompanjong.documents.pipeline import DocumentRejected, check_file_size

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
    events refer to (decision letters, `dokumentlager`/`svarut` references) are handed over
    separately with `PUT /cases/{reference}/files/{kind}/{file_id}`, under the same reference
    the events use; until then the citizen is told the letter comes by post.
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


class FileStored(Schema):
    reference: str
    kind: str
    file_id: str
    nr: int | None
    created: bool
    pages: int


@router.put(
    "/cases/{reference}/files/{kind}/{file_id}",
    auth=token_auth(CASES_WRITE),
    response={
        200: FileStored,
        201: FileStored,
        400: Error,
        401: Error,
        403: Error,
        404: Error,
        413: Error,
    },
    summary="Hand over a letter the events refer to (vedtaksfil, forvaltningsbrev, vedlegg)",
    openapi_extra={
        "x-required-scopes": [CASES_WRITE],
        "requestBody": {
            "required": True,
            "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
        },
    },
)
def put_file(
    request: HttpRequest,
    reference: str,
    kind: str,
    file_id: UUID,
    nr: Annotated[int | None, Query(ge=1, description="SvarUt's file number")] = None,
) -> Status:
    """The PDF a `filreferanse` in the events points to, by the case system's own reference:
    `kind` is `dokumentlager` (then `file_id` is its `id`) or `svarut` (then `file_id` is the
    forsendelse `id` and the query parameter `nr` its file number). The body is the PDF itself
    (`Content-Type: application/pdf`). It is checked like every upload (a real PDF, cleaned of
    scripts and embedded files, virus-scanned). 201 when stored; 200 when that reference
    already has a file (the first one is kept, so a resend is harmless). The citizen then
    opens the letter from the case page.
    """
    limit = settings.DOCUMENT_MAX_FILE_BYTES
    try:
        # By its declared size, before reading it (Django's own in-memory limit is lower).
        check_file_size(f"{kind}-{file_id}.pdf", int(request.headers.get("Content-Length") or 0))
    except (DocumentRejected, ValueError) as rejected:
        return Status(413, {"detail": str(getattr(rejected, "message", rejected))})
    try:
        result = services.store_case_system_file(
            system=request.auth,  # type: ignore[attr-defined]
            reference=reference,
            kind=kind,
            file_id=file_id,
            nr=nr,
            data=request.read(limit + 1),
        )
    except Case.DoesNotExist:
        return Status(404, {"detail": _("Your office has no case with this reference.")})
    except ValueError:
        return Status(400, {"detail": _("Use dokumentlager without nr, or svarut with nr.")})
    except DocumentRejected as rejected:
        return Status(400, {"detail": str(rejected.message)})
    file = result.file
    return Status(
        201 if result.created else 200,
        {
            "reference": reference,
            "kind": file.kind,
            "file_id": str(file.file_id),
            "nr": file.nr,
            "created": result.created,
            "pages": file.document.pages,
        },
    )
