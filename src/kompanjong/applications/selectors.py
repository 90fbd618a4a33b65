"""Reads for applications. Each selector asks the policy and logs staff reads."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, QuerySet
from django.http import Http404

from kompanjong.core import policy
from kompanjong.core.audit import record_access
from kompanjong.core.models import AccessChannel
from kompanjong.people.models import Municipality

from .models import Application, Attachment, Status
from .services import draft_expiry_cutoff


def with_attachments(queryset: QuerySet[Application]) -> QuerySet[Application]:
    return queryset.prefetch_related(
        Prefetch("attachments", queryset=Attachment.objects.select_related("document"))
    )


def own_draft(user: Any, application_id: Any) -> Application:
    """A draft the logged-in applicant may fill in; 404 for anything else (no probing)."""
    application = (
        with_attachments(Application.objects.select_related("person", "office"))
        .filter(pk=application_id, status=Status.DRAFT, updated_at__gte=draft_expiry_cutoff())
        .first()
    )
    if application is None or not policy.allows(user, "application.edit", application):
        raise Http404
    return application


def own_submitted(user: Any, application_id: Any) -> Application:
    application = (
        with_attachments(Application.objects.select_related("person", "office", "submitted_by"))
        .filter(pk=application_id, status=Status.SUBMITTED)
        .first()
    )
    if application is None or not policy.allows(user, "application.own", application):
        raise Http404
    return application


def submitted_if_sent(user: Any, application_id: Any) -> Application | None:
    """The applicant's application if it has already been sent (for a repeated send)."""
    application = Application.objects.filter(pk=application_id, status=Status.SUBMITTED).first()
    if application is None or not policy.allows(user, "application.own", application):
        return None
    return application


def current_draft(person_id: int | None) -> Application | None:
    """The person's draft, if it has not expired."""
    if person_id is None:
        return None
    return Application.objects.filter(
        person_id=person_id, status=Status.DRAFT, updated_at__gte=draft_expiry_cutoff()
    ).first()


def draft_deleted_on(application: Application) -> datetime:
    return application.updated_at + timedelta(days=settings.APPLICATION_DRAFT_DAYS)


def recent_submitted(person_id: int | None, limit: int = 5) -> list[Application]:
    if person_id is None:
        return []
    return list(
        Application.objects.filter(person_id=person_id, status=Status.SUBMITTED)
        .select_related("office")
        .order_by("-submitted_at")[:limit]
    )


def municipalities_with_office() -> list[Municipality]:
    return list(
        Municipality.objects.filter(served_by__kind="nav_office").distinct().order_by("name")
    )


def application_for_system(*, system: Any, reference: str) -> Application:
    """The case system of the NAV office handling it fetches a sent application; the
    applicant sees it in their log. Another office's system gets Application.DoesNotExist,
    as for an unknown reference (deny by default: a token without an office reaches none)."""
    from kompanjong.api.scopes import APPLICATIONS_READ

    if not policy.token_allows(system, APPLICATIONS_READ):
        raise PermissionDenied(APPLICATIONS_READ)
    application = _sent_by_reference(reference)
    case = getattr(application, "case", None)
    if not policy.token_may_use_case(system, APPLICATIONS_READ, case):
        raise Application.DoesNotExist
    record_access(
        actor=None,
        label=system.name,
        subject=application.person,
        action="read",
        object_type="application.digisos",
        object_id=reference,
        channel=AccessChannel.API,
    )
    return application


def own_application_by_reference(user: Any, reference: str) -> Application:
    application = _sent_by_reference(reference)
    if not policy.allows(user, "application.own", application):
        raise Application.DoesNotExist
    return application


def _sent_by_reference(reference: str) -> Application:
    return with_attachments(
        Application.objects.select_related("person", "office", "municipality", "case")
    ).get(reference=reference, status=Status.SUBMITTED)
