"""Writes for applications: start a draft, save a step, attach documents, send.

Each function is one transaction. Sending is idempotent: the draft itself is the key, so a
double click or a resend after a timeout returns the application that was already sent.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from kompanjong.cases.services import open_case
from kompanjong.core.audit import record_for_person
from kompanjong.documents.models import Document
from kompanjong.documents.pipeline import (
    Upload,
    add_pages,
    check_application_limits,
    fingerprint,
    prepare,
)
from kompanjong.documents.scanning import get_scanner
from kompanjong.documents.services import (
    delete_documents,
    new_document,
    replace_with_more_pages,
    stored_file,
)
from kompanjong.notifications.services import queue_notification
from kompanjong.people.models import Account, Municipality, Organisation, Person

from . import answers as answer_shape
from . import progress
from .models import Application, Attachment, Status, SubmissionChannel
from .references import new_reference
from .required_documents import RequiredDocument


class SubmissionRefusedError(Exception):
    def __init__(self, code: str, message: str | Promise) -> None:
        super().__init__(code)
        self.code = code
        self.message = message


def draft_expiry_cutoff(now: datetime | None = None) -> datetime:
    return (now or timezone.now()) - timedelta(days=settings.APPLICATION_DRAFT_DAYS)


def nav_office_for(municipality_number: str) -> Organisation | None:
    return (
        Organisation.objects.filter(kind="nav_office", serves__number=municipality_number)
        .order_by("pk")
        .first()
    )


def prefilled_personal(person: Person, *, with_address: bool = True) -> dict[str, Any]:
    """Start from what we know, so the applicant only checks it."""
    phone = person.phone.strip()
    return {
        "street": person.street_address if with_address else "",
        "postcode": person.postal_code if with_address else "",
        "city": person.postal_town if with_address else "",
        "municipality": person.municipality.number if person.municipality else "",
        "phone": f"+47{phone}" if phone and not phone.startswith("+") else phone,
    }


def start_draft(*, person: Person, actor: Account, with_address: bool = True) -> Application:
    """The person's current draft, or a new one. An expired draft is deleted first."""
    with transaction.atomic():
        delete_expired_drafts(person=person)
        draft = Application.objects.filter(person=person, status=Status.DRAFT).first()
        if draft is not None:
            return draft
        try:
            with transaction.atomic():
                return Application.objects.create(
                    person=person,
                    answers={"personal": prefilled_personal(person, with_address=with_address)},
                    municipality=person.municipality,
                )
        except IntegrityError:  # started in another tab at the same moment
            return Application.objects.get(person=person, status=Status.DRAFT)


class DraftGoneError(Exception):
    """The draft was sent or deleted meanwhile (another tab, a double click)."""


@contextmanager
def locked_draft(application: Application) -> Iterator[Application]:
    """The draft, freshly read and locked for this transaction, so a save from a stale page
    can never overwrite a sent application or another tab's upload."""
    with transaction.atomic():
        fresh = (
            Application.objects.select_for_update(of=("self",))
            .select_related("person", "office", "municipality")
            .filter(pk=application.pk, status=Status.DRAFT)
            .first()
        )
        if fresh is None:
            raise DraftGoneError(application.pk)
        yield fresh


def save_step(*, application: Application, step: str, section: dict[str, Any]) -> Application:
    if step not in answer_shape.STEPS:
        raise ValueError(f"No step {step!r}.")
    with locked_draft(application) as application:
        application.answers = {**application.answers, step: section}
        if step not in application.completed_steps:
            application.completed_steps = [*application.completed_steps, step]
        application.unsaved = {k: v for k, v in application.unsaved.items() if k != step}
        if step == "personal":
            application.municipality = Municipality.objects.filter(
                number=section["municipality"]
            ).first()
            application.office = nav_office_for(section["municipality"])
        if step == "need":
            application.urgent = bool(section.get("urgent"))
        application.save()
    return application


def keep_unsaved(*, application: Application, step: str, raw: dict[str, Any]) -> None:
    """Keep what was typed on a step left with "Back" before it was valid."""
    with locked_draft(application) as draft:
        draft.unsaved = {**draft.unsaved, step: raw}
        draft.save(update_fields=["unsaved", "updated_at"])


def complete_documents(*, application: Application) -> None:
    with locked_draft(application) as draft:
        if "documents" not in draft.completed_steps:
            draft.completed_steps = [*draft.completed_steps, "documents"]
            draft.save(update_fields=["completed_steps", "updated_at"])


def choose_document(*, application: Application, key: str, choice: str) -> None:
    with locked_draft(application) as draft:
        _set_choice(draft, key, choice)


def _set_choice(draft: Application, key: str, choice: str) -> None:
    documents = dict(answer_shape.section(draft.answers, "documents"))
    documents[key] = choice
    draft.answers = {**draft.answers, "documents": documents}
    draft.save(update_fields=["answers", "updated_at"])


def attach_document(
    *,
    application: Application,
    actor: Account,
    requirement: RequiredDocument,
    uploads: list[Upload],
) -> Attachment:
    """Check, convert and scan the files, then store them as pages of the document for
    `requirement`: the first upload makes it, later ones add pages after it (a phone camera
    takes one photo at a time). The same files sent twice (a double tap) are taken once.

    The slow part (checking, converting, scanning) runs before the draft is locked; the
    merge, the limits and the writes run under the lock, so parallel uploads add up.
    Raises documents.pipeline.DocumentRejected with a plain-language message; nothing is
    stored then.
    """
    fingerprints = [fingerprint(upload) for upload in uploads]
    prepared = prepare(uploads, scanner=get_scanner())
    with locked_draft(application) as draft:
        attachments = Attachment.objects.select_related("document").filter(application=draft)
        existing = next((a for a in attachments if a.requirement == requirement.key), None)
        if existing is not None and _just_uploaded(existing.document, fingerprints):
            return existing
        check_application_limits(
            existing_files=sum(len(a.document.originals) for a in attachments),
            existing_bytes=sum(a.document.uploaded_bytes for a in attachments),
            uploads=uploads,
        )
        if existing is not None:
            with existing.document.file.open("rb") as current:
                combined = add_pages(current.read(), existing.document.pages, prepared)
            with stored_file(combined.pdf) as name, transaction.atomic():
                replace_with_more_pages(
                    document=existing.document,
                    name=name,
                    combined=combined,
                    fingerprints=fingerprints,
                )
                _set_choice(draft, requirement.key, "upload")
            return existing
        with stored_file(prepared.pdf) as name, transaction.atomic():
            document = new_document(
                name=name,
                owner=draft.person,
                uploaded_by=actor,
                vedlegg_type=requirement.type,
                vedlegg_subtype=requirement.subtype,
                prepared=prepared,
                fingerprints=fingerprints,
            )
            attachment = Attachment.objects.create(
                application=draft, requirement=requirement.key, document=document
            )
            _set_choice(draft, requirement.key, "upload")
        return attachment


def _just_uploaded(document: Document, fingerprints: list[str]) -> bool:
    recent = [original.get("sha256") for original in document.originals[-len(fingerprints) :]]
    return recent == fingerprints


def remove_attachment(*, application: Application, attachment_id: int) -> bool:
    """Remove an uploaded document; False if it was gone already (a second click, an old
    tab), which is not an error."""
    with locked_draft(application) as draft:
        attachment = (
            Attachment.objects.select_related("document")
            .filter(application=draft, pk=attachment_id)
            .first()
        )
        if attachment is None:
            return False
        document = attachment.document
        attachment.delete()
        delete_documents([document])
        draft.save(update_fields=["updated_at"])
    return True


@dataclass(frozen=True)
class Submitted:
    application: Application
    created: bool  # False when this was a repeat of an earlier send


def next_submission_allowed(person: Person, now: datetime) -> datetime | None:
    """None if the person may send now; else when the oldest send in the window expires."""
    recent = list(
        Application.objects.filter(
            person=person, status=Status.SUBMITTED, submitted_at__gte=now - timedelta(days=1)
        )
        .order_by("-submitted_at")
        .values_list("submitted_at", flat=True)[: settings.APPLICATION_SUBMISSIONS_PER_DAY]
    )
    oldest = recent[-1] if len(recent) >= settings.APPLICATION_SUBMISSIONS_PER_DAY else None
    return oldest + timedelta(days=1) if oldest is not None else None


def submit(
    *,
    application_id: Any,
    actor: Account,
    channel: str = SubmissionChannel.SELF,
    fullmakt_reference: str = "",
    language: str = "nb",
) -> Submitted:
    """Send the draft. One transaction: the application, its reference and the receipt
    notification in the outbox are written together or not at all."""
    with transaction.atomic():
        application = (
            Application.objects.select_for_update(of=("self",))
            .select_related("person", "office")
            .get(pk=application_id)
        )
        if application.status == Status.SUBMITTED:
            return Submitted(application, created=False)
        record_for_person(
            actor=actor,
            subject=application.person,
            action="change",
            object_type="application.sent",
            object_id=application.pk,
        )
        now = timezone.now()
        uploaded = progress.uploaded_keys(
            application.answers, application.attachments.values_list("requirement", flat=True)
        )
        if progress.steps_left(application.completed_steps) or progress.documents_without_choice(
            application.answers, uploaded
        ):
            raise SubmissionRefusedError(
                "incomplete", _("Tell us about each document in the list before you send.")
            )
        if application.office is None:
            raise SubmissionRefusedError(
                "no_office",
                _("We could not find the NAV office for your municipality. Check your address."),
            )
        if (next_allowed := next_submission_allowed(application.person, now)) is not None:
            limit = settings.APPLICATION_SUBMISSIONS_PER_DAY
            raise SubmissionRefusedError(
                "limit",
                ngettext(
                    "You have sent %(count)s application in the last 24 hours, which is as "
                    "many as we can take. Your draft is saved. You can send it from %(time)s.",
                    "You have sent %(count)s applications in the last 24 hours, which is as "
                    "many as we can take. Your draft is saved. You can send it from %(time)s.",
                    limit,
                )
                % {
                    "count": limit,
                    "time": date_format(timezone.localtime(next_allowed), "DATETIME_FORMAT"),
                },
            )
        application.status = Status.SUBMITTED
        application.submitted_at = now
        application.submitted_by = actor
        application.channel = channel
        application.fullmakt_reference = fullmakt_reference
        application.language = language
        application.unsaved = {}
        for _attempt in range(5):
            application.reference = new_reference()
            if not Application.objects.filter(reference=application.reference).exists():
                break
        application.save()
        open_case(application=application)
        queue_notification(
            person=application.person,
            template_key="receipt",
            link_path=reverse("applications:receipt", args=[application.pk]),
        )
    return Submitted(application, created=True)


def delete_expired_drafts(*, person: Person | None = None, now: datetime | None = None) -> int:
    """Drafts untouched for APPLICATION_DRAFT_DAYS are deleted, with their documents."""
    drafts = Application.objects.filter(
        status=Status.DRAFT, updated_at__lt=draft_expiry_cutoff(now)
    )
    if person is not None:
        drafts = drafts.filter(person=person)
    deleted = 0
    with transaction.atomic():
        for draft in drafts.select_for_update():
            documents = [a.document for a in draft.attachments.select_related("document")]
            draft.attachments.all().delete()
            delete_documents(documents)
            draft.delete()
            deleted += 1
    return deleted
