"""Reads for cases: the folded case view, for the applicant and the office's case system."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from kompanjong.api.scopes import CASES_READ
from kompanjong.applications.progress import required_for
from kompanjong.core import policy
from kompanjong.core.audit import record_access
from kompanjong.core.models import AccessChannel

from .fold import CaseView, LaterDocument, fold
from .models import Case, CaseEvent


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


def own_case(user: Any, reference: str) -> Case:
    case = case_by_reference(reference)
    if case is None or not policy.allows(user, "application.own", case.application):
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


def case_view(case: Case, events: list[CaseEvent] | None = None) -> CaseView:
    submitted_at = case.application.submitted_at
    if submitted_at is None:
        raise ValueError("A case always belongs to a sent application.")
    return fold(
        [event.data for event in (events if events is not None else events_of(case))],
        submitted_at=submitted_at,
        now=timezone.now(),
        send_later=send_later_documents(case),
    )
