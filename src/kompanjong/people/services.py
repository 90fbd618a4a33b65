"""Writes about people. Typed, keyword-only, one transaction, and they log their own access."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from kompanjong.core import policy
from kompanjong.core.audit import record_access
from kompanjong.people.models import COMMUNICATION_NEEDS_FIELDS, Person

NEEDS_FIELDS = (*COMMUNICATION_NEEDS_FIELDS, "needs_note", "phone", "email")


@transaction.atomic
def update_communication_needs(*, actor: Any, person: Person, needs: dict[str, Any]) -> Person:
    policy.require(actor, "person.change_needs", person)
    locked = Person.objects.select_for_update().get(pk=person.pk)
    for field in NEEDS_FIELDS:
        if field in needs:
            setattr(locked, field, needs[field])
    locked.save(update_fields=[*[f for f in NEEDS_FIELDS if f in needs], "updated_at"])
    record_access(
        actor=actor,
        subject=locked,
        action="change",
        object_type="person.needs",
        object_id=locked.pk,
    )
    return locked
