"""What the check-answers page, the receipt, the receipt PDF and the office inbox show.

One summary for all of them, so the applicant and the office read the same answers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from kompanjong.core import policy
from kompanjong.core.formatting import phone_for_reading

from . import display, progress, selectors
from .models import Application, Attachment, SubmissionChannel
from .receipt_pdf import (
    ReceiptData,
    ReceiptDocument,
    ReceiptRow,
    ReceiptSection,
    render_receipt_pdf,
)
from .required_documents import RequiredDocument

CHOICE_TEXT = {
    "already_sent": gettext_lazy("Already sent to NAV"),
    "later": gettext_lazy("Will be sent later"),
    "upload": gettext_lazy("Not uploaded yet"),
    "none": gettext_lazy("Nothing more to send"),
}


@dataclass(frozen=True)
class DocumentLine:
    number: int
    requirement: RequiredDocument
    status: str
    attachments: tuple[Attachment, ...]


def document_lines(application: Application) -> list[DocumentLine]:
    attachments = list(application.attachments.all())
    lines = []
    chosen = application.answers.get("documents") or {}
    for number, requirement in enumerate(progress.required_for(application.answers), start=1):
        mine = tuple(
            a
            for a in attachments
            if progress.shown_under(a.requirement, application.answers) == requirement.key
        )
        if mine:
            pages = sum(a.document.pages for a in mine)
            status = ngettext("Uploaded (%(pages)s page)", "Uploaded (%(pages)s pages)", pages) % {
                "pages": pages
            }
        elif requirement.key in chosen:
            status = str(CHOICE_TEXT[chosen[requirement.key]])
        else:
            status = _("Not answered")
        lines.append(DocumentLine(number, requirement, status, mine))
    return lines


def submitted_by_text(application: Application) -> str:
    applicant = application.person.full_name
    actor = application.submitted_by
    if application.channel == SubmissionChannel.HELPER and actor is not None:
        return _("Sent by %(helper)s on behalf of %(applicant)s, with a power of attorney.") % {
            "helper": actor.name,
            "applicant": applicant,
        }
    if application.channel == SubmissionChannel.STAFF_PAPER:
        return _("Registered by NAV from a paper application from %(applicant)s.") % {
            "applicant": applicant
        }
    if application.channel == SubmissionChannel.STAFF_PHONE:
        return _("Registered by NAV from a phone call with %(applicant)s.") % {
            "applicant": applicant
        }
    return _("Sent by %(applicant)s.") % {"applicant": applicant}


def next_steps(application: Application) -> list[str]:
    steps = [
        _("Your NAV office reads your application and checks what you are entitled to."),
        _("If NAV needs more information or documents, you get a message in Kompanjong."),
        _("You get a written decision (vedtak). It says what you get and why."),
    ]
    if application.urgent:
        steps.insert(0, _("You said you need help today. Call your NAV office now."))
    return steps


def processing_time() -> str:
    return _(
        "Most applications get an answer within 2 to 4 weeks. If you need help today, "
        "it can be the same day."
    )


def summary(application: Application, viewer: Any = None) -> dict[str, Any]:
    """What the receipt and the staff pages show. With a `viewer` (staff), a protected
    address is masked unless the policy lets them see it."""
    mask = viewer is not None and not policy.may_see_address(viewer, application.person)
    uploaded = progress.uploaded_keys(
        application.answers, [a.requirement for a in application.attachments.all()]
    )
    return {
        "has_uploads": bool(uploaded),
        "application": application,
        "sections": display.sections(
            application.answers, selectors.municipalities_with_office(), mask_address=mask
        ),
        "documents": document_lines(application),
        "missing": progress.missing_documents(application.answers, uploaded),
        "office": application.office,
        "submitted_by": submitted_by_text(application) if application.submitted_at else "",
        "next_steps": next_steps(application),
        "processing_time": processing_time(),
    }


def receipt_data(application: Application) -> ReceiptData:
    info = summary(application)
    office = application.office
    return ReceiptData(
        reference=application.reference or "",
        submitted_at=application.submitted_at or timezone.now(),
        language=translation.get_language() or "nb",
        applicant_name=application.person.full_name,
        submitted_by=info["submitted_by"],
        office_name=office.name if office else "",
        office_phone=phone_for_reading(office.phone) if office else "",
        office_opening_hours=office.opening_hours if office else "",
        urgent=application.urgent,
        next_steps=tuple(info["next_steps"]),
        processing_time=info["processing_time"],
        sections=tuple(
            ReceiptSection(
                title=section.title,
                rows=tuple(ReceiptRow(row.label, row.value) for row in section.rows),
            )
            for section in info["sections"]
        ),
        documents=tuple(
            ReceiptDocument(title=str(line.requirement.title), status=line.status)
            for line in info["documents"]
        ),
        missing=tuple(str(document.title) for document in info["missing"]),
    )


def pdf_response(application: Application) -> HttpResponse:
    pdf = render_receipt_pdf(receipt_data(application))
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"kvittering-{application.reference}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
