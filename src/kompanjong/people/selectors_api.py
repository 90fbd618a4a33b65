"""Reads about people for the API. Connected systems' reads of a person are access-logged here."""

from __future__ import annotations

from typing import Any, Protocol

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet

from kompanjong.api.scopes import PEOPLE_NEEDS_READ
from kompanjong.core import policy
from kompanjong.core.audit import record_access
from kompanjong.core.models import AccessAction, AccessChannel
from kompanjong.people.models import COMMUNICATION_NEEDS_FIELDS, Organisation, Person


class ConnectedSystem(Protocol):
    """An API token, as far as these selectors care (kompanjong.api.models.ApiToken)."""

    name: str
    scopes: Any

    @property
    def is_active(self) -> bool: ...


def organisations_for_api() -> QuerySet[Organisation]:
    # Ordered by a unique key too, so pages never overlap or skip rows.
    return Organisation.objects.select_related("municipality").order_by("name", "pk")


def needs_for_connected_system(*, system: ConnectedSystem, national_id: str) -> Person:
    """A case system reads a person's communication needs; the person sees it in their log.

    `national_id` must already be validated and normalised. Raises Person.DoesNotExist.
    """
    if not policy.token_allows(system, PEOPLE_NEEDS_READ):
        raise PermissionDenied(PEOPLE_NEEDS_READ)
    with transaction.atomic():
        person = Person.objects.only(*COMMUNICATION_NEEDS_FIELDS).get(national_id=national_id)
        record_access(
            actor=None,
            label=system.name,  # the page names it a connected system, in the reader's language
            subject=person,
            action=AccessAction.READ,
            object_type="person.needs",
            channel=AccessChannel.API,
        )
    return person
