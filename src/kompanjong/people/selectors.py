"""Reads about people and organisations. Access checks and access logging happen here."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, QuerySet
from django.shortcuts import get_object_or_404

from kompanjong.core import policy
from kompanjong.core.audit import record_access
from kompanjong.core.models import AccessLog
from kompanjong.people.access_log_text import describe
from kompanjong.people.models import Account, Organisation, Person


def own_person(user: Any) -> Person:
    policy.require(user, "citizen.self")
    return Person.objects.select_related("municipality").get(pk=user.person_id)


def subject_person(user: Any) -> Person:
    """Whose pages these are: the person a helper is helping (or staff registering for), or
    the citizen themself."""
    policy.require(user, "application.wizard")
    return Person.objects.select_related("municipality").get(pk=policy.subject_person_id(user) or 0)


def organisations_for(user: Any, *, roles: tuple[str, ...]) -> QuerySet[Organisation]:
    ids = policy.organisations_with_role(user, *roles)
    return Organisation.objects.filter(pk__in=ids).select_related("municipality")


def staff_overview(user: Any) -> dict[str, Any]:
    offices = (
        organisations_for(user, roles=policy.STAFF_ROLES)
        .prefetch_related("serves")
        .annotate(staff_count=Count("memberships__account", distinct=True))
    )
    return {"offices": offices, "is_lead": policy.has_role(user, "office_lead")}


def person_for_staff(user: Any, *, person_id: int) -> Person:
    """A staff member opens a person's page: checked by the policy and written to the log."""
    policy.require(user, "staff.find_person")
    person = get_object_or_404(Person.objects.select_related("municipality"), pk=person_id)
    policy.require(user, "staff.view_person", person)
    record_access(
        actor=user, subject=person, action="read", object_type="person.profile", object_id=person.pk
    )
    return person


def find_person_id(user: Any, *, national_id: str) -> int | None:
    """Look a person up by national identity number, if this staff member may see them."""
    policy.require(user, "staff.find_person")
    person = Person.objects.filter(national_id=national_id).first()
    if person is None or not policy.allows(user, "staff.view_person", person):
        return None
    return person.pk


ACCESS_LOG_PAGE_SIZE = 50


def access_log_for(person: Person) -> QuerySet[AccessLog]:
    """What others have seen or changed of this person's data, newest first.

    A person's own actions are never written (core.audit.record_access decides that), so
    everything in the log is someone else's.
    """
    return AccessLog.objects.filter(subject=person).select_related("on_behalf_of")


def access_log_page(user: Any, *, page_number: str | int | None) -> Page[Any]:
    """One page of the citizen's own access log, each entry as a plain sentence."""
    person = own_person(user)
    page: Page[Any] = Paginator(access_log_for(person), ACCESS_LOG_PAGE_SIZE).get_page(page_number)
    page.object_list = [
        {
            "at": entry.at,
            "channel": entry.get_channel_display(),
            "text": describe(
                action=entry.action,
                object_type=entry.object_type,
                actor_label=entry.actor_label,
                on_behalf_of=entry.on_behalf_of.full_name if entry.on_behalf_of else None,
                by_system=entry.actor_id is None,
                with_your_fullmakt=entry.on_behalf_of_id == person.pk,
            ),
        }
        for entry in page.object_list
    ]
    return page


def demo_account(persona_username: str) -> Account | None:
    return Account.objects.filter(username=persona_username, is_active=True).first()


def admin_counts() -> dict[str, int]:
    return {
        "people": Person.objects.count(),
        "accounts": Account.objects.count(),
        "organisations": Organisation.objects.count(),
        "access_log": AccessLog.objects.count(),
    }
