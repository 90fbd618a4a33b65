"""Writes for grants: give, ask for, accept, approve, refuse, end. Each writes the grant's
history and tells both people through the outbox, in the same transaction."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from kompanjong.core import policy
from kompanjong.notifications.services import queue_notification
from kompanjong.people.models import Account, Organisation, Person

from . import rules
from .models import Channel, Grant, GrantEvent, GrantScope, HelperLookup
from .rules import Action, Area, Stored

OSLO = ZoneInfo("Europe/Oslo")


class GrantError(ValueError):
    """Something about the grant that the person must fix; `code` says what."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class ScopeChoice:
    area: Area
    action: Action
    until: date  # the last day it is valid (inclusive, Oslo time)


def longest_until(today: date | None = None) -> date:
    return (today or timezone.localdate()) + timedelta(days=settings.DELEGATION_MAX_DAYS)


def end_of(day: date) -> datetime:
    return datetime.combine(day + timedelta(days=1), time(0, 0), tzinfo=OSLO)


# --- finding the helper ---------------------------------------------------------------------
LOOKUP_WINDOW = timedelta(hours=1)


def lookups_left(actor: Account, now: datetime | None = None) -> int:
    since = (now or timezone.now()) - LOOKUP_WINDOW
    failed = HelperLookup.objects.filter(account=actor, found=False, at__gte=since).count()
    return max(settings.DELEGATION_LOOKUP_LIMIT - failed, 0)


def find_person(*, actor: Account, national_id: str, family_name: str) -> Person:
    """The person with this national identity number, if the surname matches too. Failed
    tries are counted: after DELEGATION_LOOKUP_LIMIT in an hour, no more (GrantError
    "blocked"), so nobody can probe who exists. Raises GrantError "not_found" / "self"."""
    if lookups_left(actor) == 0:
        raise GrantError("blocked")
    person = Person.objects.filter(national_id=national_id).first()
    found = person is not None and person.family_name.strip().casefold() == (
        family_name.strip().casefold()
    )
    HelperLookup.objects.create(account=actor, found=found)
    if not found or person is None:
        raise GrantError("blocked" if lookups_left(actor) == 0 else "not_found")
    if person.pk == actor.person_id:
        raise GrantError("self")
    return person


# --- creating -------------------------------------------------------------------------------
def record_event(grant: Grant, kind: str, actor: Account | None, **data: Any) -> None:
    GrantEvent.objects.create(grant=grant, kind=kind, actor=actor, channel=grant.channel, data=data)


def notify_both(grant: Grant, template_key: str, helper_key: str | None = None) -> None:
    """Both people hear of it, each in words that fit them; each notification says what to
    do if it was not them. A giver without eID (a paper fullmakt) is not told to log in."""
    giver_key = "grant_paper" if grant.channel == Channel.PAPER else template_key
    queue_notification(person=grant.giver, template_key=giver_key, link_path="/fullmakt/")
    queue_notification(
        person=grant.helper, template_key=helper_key or template_key, link_path="/fullmakt/"
    )


def add_scopes(grant: Grant, choices: Sequence[ScopeChoice], now: datetime) -> None:
    """The grant's scopes, each valid from now to the end of its chosen day; refuses an
    empty choice, a day beyond the longest allowed, or one already past."""
    if not choices:
        raise GrantError("no_scopes")
    latest = longest_until(timezone.localtime(now, OSLO).date())
    rows = []
    for choice in choices:
        if choice.until > latest:
            raise GrantError("too_long")
        if end_of(choice.until) <= now:
            raise GrantError("in_the_past")
        rows.append(
            GrantScope(
                grant=grant,
                area=choice.area,
                action=choice.action,
                valid_from=now,
                valid_until=end_of(choice.until),
            )
        )
    GrantScope.objects.bulk_create(rows)


def give(
    *,
    actor: Account,
    helper: Person,
    scopes: Sequence[ScopeChoice],
    channel: str = Channel.WEB,
    organisation: Organisation | None = None,
    active: bool = False,
    token: UUID | None = None,
) -> Grant:
    """The citizen gives a grant; it waits for the helper to accept (or is active at once
    where the helper is the one at the counter: help codes, paper fullmakt)."""
    giver = _own_person(actor)
    if giver.pk == helper.pk:
        raise GrantError("self")
    if token is not None and (same := Grant.objects.filter(token=token).first()) is not None:
        return same  # the confirmation came twice
    now = timezone.now()
    with transaction.atomic():
        grant = Grant.objects.create(
            token=token,
            giver=giver,
            helper=helper,
            state=Stored.ACTIVE if active else Stored.PENDING,
            channel=channel,
            organisation=organisation,
            activated_at=now if active else None,
        )
        add_scopes(grant, scopes, now)
        record_event(grant, "created", actor, scopes=_describe(scopes))
        if active:
            notify_both(grant, "grant_active")
        else:
            notify_both(grant, "grant_given", helper_key="grant_created")
        _schedule_expiry(grant)
    return grant


def ask(
    *, actor: Account, giver: Person, scopes: Sequence[ScopeChoice], token: UUID | None = None
) -> Grant:
    """A helper asks for a grant; the citizen approves or refuses it."""
    helper = _own_person(actor)
    if giver.pk == helper.pk:
        raise GrantError("self")
    if token is not None and (same := Grant.objects.filter(token=token).first()) is not None:
        return same
    now = timezone.now()
    with transaction.atomic():
        grant = Grant.objects.create(
            token=token, giver=giver, helper=helper, state=Stored.PENDING, requested_by_helper=True
        )
        add_scopes(grant, scopes, now)
        record_event(grant, "requested", actor, scopes=_describe(scopes))
        notify_both(grant, "grant_requested", helper_key="grant_asked")
        _schedule_expiry(grant)
    return grant


def _schedule_expiry(grant: Grant) -> None:
    from . import expiry  # expiry builds on this module

    expiry.schedule(grant)


def _describe(scopes: Sequence[ScopeChoice]) -> list[dict[str, str]]:
    return [{"area": s.area, "action": s.action, "until": s.until.isoformat()} for s in scopes]


def _own_person(actor: Account) -> Person:
    if actor.person_id is None:
        raise GrantError("no_person")
    return Person.objects.get(pk=actor.person_id)


# --- changing -------------------------------------------------------------------------------
def _locked(grant: Grant) -> Grant:
    return (
        Grant.objects.select_for_update(of=("self",))
        .select_related("giver", "helper")
        .prefetch_related("scopes")
        .get(pk=grant.pk)
    )


def current_status(grant: Grant, now: datetime | None = None) -> rules.Status:
    return rules.status(Stored(grant.state), scope_rules(grant), now or timezone.now())


def scope_rules(grant: Grant) -> list[rules.Scope]:
    return [
        rules.Scope(Area(s.area), Action(s.action), s.valid_from, s.valid_until)
        for s in grant.scopes.all()
    ]


def say_yes(*, grant: Grant, actor: Account) -> Grant:
    """The other party agrees: the helper accepts a given grant, or the citizen approves a
    request. Only a pending grant, and only the party it waits for."""
    with transaction.atomic():
        grant = _locked(grant)
        waiting_for = grant.giver_id if grant.requested_by_helper else grant.helper_id
        if actor.person_id != waiting_for:
            raise GrantError("not_yours")
        if current_status(grant) != rules.Status.PENDING:
            raise GrantError("not_pending")
        grant.state = Stored.ACTIVE
        grant.activated_at = timezone.now()
        grant.save(update_fields=["state", "activated_at"])
        record_event(grant, "approved" if grant.requested_by_helper else "accepted", actor)
        notify_both(grant, "grant_active")
        _schedule_expiry(grant)
    return grant


def end(*, grant: Grant, actor: Account) -> str:
    """Either party ends a grant. A pending one is refused by the party it waits for, or
    withdrawn by the other. Takes effect at once: the helper's next request is checked
    against it. Returns what happened: "ended", "refused" or "withdrawn"."""
    with transaction.atomic():
        grant = _locked(grant)
        if actor.person_id not in (grant.giver_id, grant.helper_id) and not policy.has_role(
            actor, *policy.STAFF_ROLES
        ):
            raise GrantError("not_yours")
        if grant.state == Stored.ENDED:
            return "ended"
        reason = "ended"
        if current_status(grant) == rules.Status.PENDING:
            waiting_for = grant.giver_id if grant.requested_by_helper else grant.helper_id
            reason = "refused" if actor.person_id == waiting_for else "withdrawn"
        grant.state = Stored.ENDED
        grant.ended_at = timezone.now()
        grant.save(update_fields=["state", "ended_at"])
        record_event(grant, reason, actor)
        notify_both(grant, "grant_ended")
    return reason
