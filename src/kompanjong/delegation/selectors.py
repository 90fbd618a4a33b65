"""Reads for grants: a person's grants both ways, and the acting-on-behalf context."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from .models import Grant, GrantEvent, GrantScope
from .rules import Action, Area, Status
from .services import current_status, scope_rules


@dataclass(frozen=True)
class ActingFor:
    """Who the logged-in helper is helping on this request, and under which grant. Read by
    core.policy; rebuilt and re-checked on every request (ActingForMiddleware)."""

    grant_id: int
    reference: str
    person_id: int
    person_name: str
    scopes: tuple[Any, ...]  # rules.Scope
    now: datetime

    def allows(self, area: str, action: str) -> bool:
        return any(
            scope.covers(Area(area), Action(action)) and scope.valid_at(self.now)
            for scope in self.scopes
        )


def _with_scopes(grants: QuerySet[Grant]) -> QuerySet[Grant]:
    return grants.select_related("giver", "helper", "organisation").prefetch_related(
        Prefetch("scopes", queryset=GrantScope.objects.order_by("area"))
    )


def acting_context(user: Any, grant_id: Any) -> ActingFor | None:
    """The grant the helper chose, if it is still active for them now; else None."""
    if not getattr(user, "is_authenticated", False) or user.person_id is None:
        return None
    if not isinstance(grant_id, int):
        return None  # never anything but our own int; anything else means no choice
    grant = _with_scopes(Grant.objects.filter(pk=grant_id, helper_id=user.person_id)).first()
    now = timezone.now()
    if grant is None or current_status(grant, now) != Status.ACTIVE:
        return None
    return ActingFor(
        grant_id=grant.pk,
        reference=grant.reference,
        person_id=grant.giver_id,
        person_name=grant.giver.full_name,
        scopes=tuple(scope_rules(grant)),
        now=now,
    )


@dataclass(frozen=True)
class GrantRow:
    grant: Grant
    status: Status
    waiting_for_me: bool


def grants_of(person_id: int | None) -> tuple[list[GrantRow], list[GrantRow]]:
    """(given by the person, received by the person), newest first, with status now."""
    if person_id is None:
        return [], []
    grants = _with_scopes(
        Grant.objects.filter(Q(giver_id=person_id) | Q(helper_id=person_id))
    ).order_by("-created_at")
    now = timezone.now()
    given: list[GrantRow] = []
    received: list[GrantRow] = []
    for grant in grants:
        status = current_status(grant, now)
        waiting_for = grant.giver_id if grant.requested_by_helper else grant.helper_id
        row = GrantRow(grant, status, status == Status.PENDING and waiting_for == person_id)
        (given if grant.giver_id == person_id else received).append(row)
    return given, received


def active_for_helper(person_id: int | None) -> list[GrantRow]:
    """ "Who are you helping now?": the people whose grants to this helper are active."""
    return [row for row in grants_of(person_id)[1] if row.status == Status.ACTIVE]


def grant_for(person_id: int | None, grant_id: Any) -> Grant | None:
    """A grant the person is a party to (giver or helper)."""
    if person_id is None:
        return None
    return (
        _with_scopes(Grant.objects.filter(Q(giver_id=person_id) | Q(helper_id=person_id)))
        .filter(pk=grant_id)
        .first()
    )


def history_of(grant: Grant) -> list[GrantEvent]:
    return list(grant.events.select_related("actor__person").order_by("at", "id"))
