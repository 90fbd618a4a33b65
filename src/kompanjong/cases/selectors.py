"""Reads for cases: the folded case view, for the applicant and the office's case system."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from kompanjong.api.scopes import CASES_READ
from kompanjong.applications.models import Attachment
from kompanjong.applications.progress import required_for
from kompanjong.core import policy
from kompanjong.core.audit import record_access
from kompanjong.core.models import AccessChannel
from kompanjong.documents.models import Document
from kompanjong.people.models import Account, Organisation

from .fold import CaseView, FileRef, LaterDocument, Uploaded, fold
from .models import Case, CaseDocument, CaseEvent


def case_by_reference(reference: str) -> Case | None:
    return (
        Case.objects.select_related("application__person", "office")
        .filter(application__reference=reference)
        .first()
    )


def case_for_system(*, system: Any, reference: str) -> Case:
    """A case system reads a case of its own office; the applicant sees it in their log.
    Raises Case.DoesNotExist for anything else (unknown and not-yours look the same)."""
    case = case_by_reference(reference)
    if case is None or not policy.token_may_use_case(system, CASES_READ, case):
        raise Case.DoesNotExist
    record_access(
        actor=None,
        label=system.name,
        subject=case.application.person,
        action="read",
        object_type="case",
        object_id=reference,
        channel=AccessChannel.API,
    )
    return case


def case_for_staff(user: Any, reference: str) -> Case:
    """A caseworker opens a case of their office; the citizen sees it in their log."""
    case = (
        Case.objects.select_related(
            "application__person",
            "application__submitted_by",
            "application__municipality",
            "office",
            "assigned_to__person",
        )
        .prefetch_related(
            Prefetch(
                "application__attachments", queryset=Attachment.objects.select_related("document")
            )
        )
        .filter(application__reference=reference)
        .first()
    )
    if case is None or not policy.allows(user, "case.staff", case):
        raise Case.DoesNotExist
    record_access(
        actor=user,
        subject=case.application.person,
        action="read",
        object_type="case",
        object_id=reference,
    )
    return case


def colleagues(case: Case) -> QuerySet[Account]:
    """Who at the case's office can be given the case."""
    return (
        Account.objects.filter(
            is_active=True,
            memberships__organisation_id=case.office_id,
            memberships__role__in=policy.STAFF_ROLES,
        )
        .distinct()
        .select_related("person")
        .order_by("display_name", "username")
    )


def own_case(user: Any, reference: str) -> Case:
    case = case_by_reference(reference)
    if case is None or not policy.allows(user, "case.own", case):
        raise Case.DoesNotExist
    return case


def events_of(case: Case) -> list[CaseEvent]:
    return list(case.events.order_by("at", "id"))


def send_later_documents(case: Case) -> list[LaterDocument]:
    """The application's own "I'll send it later" documents (NAV's VedleggKreves)."""
    answers = case.application.answers
    chosen = answers.get("documents") or {}
    return [
        LaterDocument(document.type, document.subtype, title_key=document.key)
        for document in required_for(answers)
        if chosen.get(document.key) == "later"
    ]


def letters_of(case: Case) -> dict[FileRef | None, Document]:
    """The letters the case's events refer to, by the events' own file reference."""
    files = case.files.select_related("document")
    return {FileRef(f.kind, str(f.file_id), f.nr): f.document for f in files}


def office_names(view: CaseView) -> dict[str, str]:
    """NAV offices named in the case's history, by unit number (one query)."""
    units = {assignment.nav_kontor for assignment in view.office.history}
    return dict(
        Organisation.objects.filter(kind="nav_office", unit_number__in=units).values_list(
            "unit_number", "name"
        )
    )


def documents_of(case: Case) -> list[CaseDocument]:
    """What the citizen sent after the application, oldest first, with the files' facts."""
    return list(case.documents.select_related("document").order_by("uploaded_at", "id"))


def uploads_for_tasks(documents: list[CaseDocument]) -> list[Uploaded]:
    return [
        Uploaded(d.dokumenttype, d.uploaded_at, d.tilleggsinformasjon or None)
        for d in documents
        if d.dokumenttype
    ]


def case_view(
    case: Case,
    events: list[CaseEvent] | None = None,
    documents: list[CaseDocument] | None = None,
) -> CaseView:
    submitted_at = case.application.submitted_at
    if submitted_at is None:
        raise ValueError("A case always belongs to a sent application.")
    return fold(
        [event.data for event in (events if events is not None else events_of(case))],
        submitted_at=submitted_at,
        now=timezone.now(),
        send_later=send_later_documents(case),
        uploads=uploads_for_tasks(documents if documents is not None else documents_of(case)),
    )
