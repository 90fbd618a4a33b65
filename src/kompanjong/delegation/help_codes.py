"""Writes for help codes: the citizen makes one, a helper at a registered helping
organisation redeems it for a grant that ends by itself after a couple of hours."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from kompanjong.core import policy
from kompanjong.core.audit import record_access
from kompanjong.people.models import Account, Organisation, Person

from . import codes, expiry
from .models import Channel, Grant, GrantEvent, GrantScope, HelpCode, HelpCodeAttempt
from .rules import Action, Area, Stored
from .services import GrantError, notify_both

ATTEMPT_WINDOW = timedelta(minutes=15)


def create(*, actor: Account, scopes: Sequence[tuple[Area, Action]]) -> tuple[HelpCode, str]:
    """A new code for the logged-in citizen; the code itself is returned once, never stored."""
    policy.require(actor, "citizen.self")
    if actor.person_id is None or not scopes:
        raise GrantError("no_scopes")
    person = Person.objects.get(pk=actor.person_id or 0)
    return _new(person, scopes, timedelta(minutes=settings.HELP_CODE_MINUTES))


def create_for_letter(
    *, actor: Account, person: Person, scopes: Sequence[tuple[Area, Action]]
) -> tuple[HelpCode, str]:
    """A code on a letter the NAV office prints for someone without eID, after checking
    their identity in person: they take it to the library. It lasts days, not minutes,
    because the letter has to get there; it is still single use, and only its hash is kept
    (the code is in the printed letter and nowhere else)."""
    from .no_eid import recent_check

    policy.require(actor, "staff.view_person", person)
    if recent_check(person, actor) is None:
        raise GrantError("no_identity_check")
    if not scopes:
        raise GrantError("no_scopes")
    help_code, code = _new(person, scopes, timedelta(days=settings.HELP_CODE_LETTER_DAYS))
    record_access(
        actor=actor,
        subject=person,
        action="create",
        object_type="help_code.letter",
        object_id=help_code.pk,
    )
    return help_code, code


def _new(
    person: Person, scopes: Sequence[tuple[Area, Action]], lifetime: timedelta
) -> tuple[HelpCode, str]:
    code = codes.new_code()
    help_code = HelpCode.objects.create(
        person=person,
        digest=codes.digest(code),
        scopes=[[area.value, action.value] for area, action in scopes],
        expires_at=timezone.now() + lifetime,
    )
    return help_code, code


def attempts_left(actor: Account, now: datetime | None = None) -> int:
    since = (now or timezone.now()) - ATTEMPT_WINDOW
    wrong = HelpCodeAttempt.objects.filter(account=actor, succeeded=False, at__gte=since).count()
    return max(settings.HELP_CODE_ATTEMPTS - wrong, 0)


def _helping_organisation(actor: Account) -> Organisation | None:
    ids = policy.organisations_with_role(actor, "helper")
    return Organisation.objects.filter(pk__in=ids).order_by("name").first()


def redeem(*, actor: Account, typed: str) -> Grant:
    """The helper types the code. Right: an active grant for HELP_CODE_HOURS, used at once.
    Wrong, used or expired: GrantError "wrong_code"; after HELP_CODE_ATTEMPTS wrong ones in
    15 minutes: "locked" (the right code is refused too until the time has passed)."""
    organisation = _helping_organisation(actor)
    if organisation is None or actor.person_id is None:
        raise GrantError("not_a_helper")
    if attempts_left(actor) == 0:
        raise GrantError("locked")
    now = timezone.now()
    with transaction.atomic():
        code = (
            HelpCode.objects.select_for_update()
            .select_related("person")
            .filter(digest=codes.digest(typed), used_at__isnull=True, expires_at__gt=now)
            .first()
        )
        if code is None or code.person_id == actor.person_id:
            HelpCodeAttempt.objects.create(account=actor, succeeded=False)
            wrong = True
        else:
            HelpCodeAttempt.objects.create(account=actor, succeeded=True)
            wrong = False
            grant = _grant_from(code, actor, organisation, now)
    if wrong:
        raise GrantError("locked" if attempts_left(actor) == 0 else "wrong_code")
    return grant


def _grant_from(code: HelpCode, actor: Account, organisation: Organisation, now: datetime) -> Grant:
    grant = Grant.objects.create(
        giver=code.person,
        helper=Person.objects.get(pk=actor.person_id or 0),
        state=Stored.ACTIVE,
        channel=Channel.HELP_CODE,
        organisation=organisation,
        activated_at=now,
    )
    until = now + timedelta(hours=settings.HELP_CODE_GRANT_HOURS)
    GrantScope.objects.bulk_create(
        GrantScope(grant=grant, area=area, action=action, valid_from=now, valid_until=until)
        for area, action in code.scopes
    )
    code.used_at, code.used_by, code.grant = now, actor, grant
    code.save(update_fields=["used_at", "used_by", "grant"])
    GrantEvent.objects.create(
        grant=grant,
        kind="created",
        actor=actor,
        channel=Channel.HELP_CODE,
        data={"help_code": code.pk, "scopes": code.scopes, "until": until.isoformat()},
    )
    record_access(
        actor=actor,
        subject=code.person,
        on_behalf_of=code.person,
        action="create",
        object_type="grant.help_code",
        object_id=grant.reference,
    )
    notify_both(grant, "grant_active")
    expiry.schedule(grant)
    return grant
