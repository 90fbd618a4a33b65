"""The citizen sends documents after the application: straight from a task on the case page.

The files go through the same pipeline as the application's (checked, converted, scanned),
and the stored PDF starts with a cover page that lists what was sent, so whoever opens it at
the office sees at once what it is and for which case.
"""

from __future__ import annotations

import hashlib
from uuid import UUID

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kompanjong.core import policy
from kompanjong.core.audit import record_for_person
from kompanjong.documents.models import Document
from kompanjong.documents.pdfs import merge
from kompanjong.documents.pipeline import PreparedDocument, Upload, fingerprint, prepare
from kompanjong.documents.scanning import get_scanner
from kompanjong.documents.services import new_document, stored_file
from kompanjong.people.models import Account

from . import letters
from .fold import Task
from .models import Case, CaseDocument
from .services import claim_once, documents_received


def _with_cover(case: Case, actor: Account, title: str, prepared: PreparedDocument) -> bytes:
    person = case.application.person
    sent_by = (
        _("Sent by %(name)s.") % {"name": person.full_name}
        if actor.person_id == person.pk
        else _("Sent by %(helper)s on behalf of %(name)s.")
        % {"helper": actor.name, "name": person.full_name}
    )
    language = person.preferred_language
    cover = letters.render_cover_page(
        letters.CoverPage(
            language=language if language in {"nb", "nn", "en"} else "nb",
            person_name=person.full_name,
            reference=case.application.reference or "",
            office_name=case.office.name,
            sent_at=timezone.now(),
            sent_by=sent_by,
            documents=(
                letters.SentDocument(
                    title=title,
                    file_names=tuple(original.name for original in prepared.originals),
                    pages=prepared.pages,
                ),
            ),
            task_title=title,
        )
    )
    return merge([cover, prepared.pdf])


def send_for_task(
    *,
    case: Case,
    actor: Account,
    task: Task,
    title: str,
    uploads: list[Upload],
    token: UUID | None = None,
) -> CaseDocument:
    """Store the files as one document answering `task`. Raises DocumentRejected with a
    plain-language message (nothing is stored then), AlreadyDoneError for the same form
    again. The slow part runs before the transaction, as for the application's documents."""
    policy.require(actor, "case.send_documents", case)
    fingerprints = [fingerprint(upload) for upload in uploads]
    prepared = prepare(uploads, scanner=get_scanner())
    pdf = _with_cover(case, actor, title, prepared)
    with stored_file(pdf) as name, transaction.atomic():
        Case.objects.select_for_update(of=("self",)).filter(pk=case.pk).first()
        claim_once(case=case, token=token, kind="send_document", actor=actor)
        document: Document = new_document(
            name=name,
            owner=case.application.person,
            uploaded_by=actor,
            vedlegg_type=task.dokumenttype[:50],
            vedlegg_subtype=(task.tilleggsinformasjon or "")[:50],
            prepared=PreparedDocument(
                pdf=pdf,
                pages=prepared.pages + 1,
                sha512=hashlib.sha512(pdf).hexdigest(),
                size=len(pdf),
                originals=prepared.originals,
                scan=prepared.scan,
            ),
            fingerprints=fingerprints,
        )
        sent = CaseDocument.objects.create(
            case=case,
            document=document,
            dokumenttype=task.dokumenttype,
            tilleggsinformasjon=task.tilleggsinformasjon or "",
        )
        documents_received(case)
        record_for_person(
            actor=actor,
            subject=case.application.person,
            action="change",
            object_type="case.documents",
            object_id=case.application.reference or "",
        )
    return sent
