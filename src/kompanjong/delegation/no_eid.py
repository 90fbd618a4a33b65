"""For people without eID: a NAV office checks their identity in person, then registers a
signed paper power of attorney, or an application given on paper or by phone."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from kompanjong.core import policy
from kompanjong.core.audit import record_access
from kompanjong.documents.pipeline import Upload, fingerprint, prepare
from kompanjong.documents.scanning import get_scanner
from kompanjong.documents.services import new_document, stored_file
from kompanjong.people.models import Account, Organisation, Person

from . import expiry
from .models import Channel, Grant, IdentityCheck
from .rules import Area, Stored
from .services import GrantError, ScopeChoice, add_scopes, notify_both, record_event


def _office(actor: Account, person: Person) -> Organisation:
    """The staff member's NAV office that serves the person (the policy already said yes)."""
    offices = policy.organisations_with_role(actor, *policy.STAFF_ROLES)
    office = Organisation.objects.filter(
        pk__in=offices, kind="nav_office", serves=person.municipality_id
    ).first()
    if office is None:
        raise GrantError("not_your_office")
    return office


def check_identity(
    *, actor: Account, person: Person, document_type: str, document_number: str
) -> IdentityCheck:
    policy.require(actor, "staff.view_person", person)
    with transaction.atomic():
        check = IdentityCheck.objects.create(
            person=person,
            document_type=document_type,
            document_number=document_number.strip().upper(),
            checked_by=actor,
            office=_office(actor, person),
        )
        record_access(
            actor=actor,
            subject=person,
            action="create",
            object_type="person.identity",
            object_id=check.pk,
        )
    return check


def recent_check(person: Person, actor: Account | None = None) -> IdentityCheck | None:
    """Today's identity check (Oslo time), by the actor's own office when an actor is given:
    a check counts for what that office registers the same day."""
    start_of_day = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    checks = IdentityCheck.objects.select_related("checked_by").filter(
        person=person, at__gte=start_of_day
    )
    if actor is not None:
        checks = checks.filter(
            office_id__in=policy.organisations_with_role(actor, *policy.STAFF_ROLES)
        )
    return checks.first()


def register_paper_grant(
    *,
    actor: Account,
    giver: Person,
    helper: Person,
    scopes: Sequence[ScopeChoice],
    paper_reference: str,
    uploads: list[Upload],
) -> Grant:
    """A signed paper fullmakt, scanned through the document pipeline, becomes a grant with
    the same scopes and history as one given in Kompanjong. Needs an identity check."""
    policy.require(actor, "staff.view_person", giver)
    if recent_check(giver, actor) is None:
        raise GrantError("no_identity_check")
    if giver.pk == helper.pk:
        raise GrantError("self")
    if not scopes:
        raise GrantError("no_scopes")
    prepared = prepare(uploads, scanner=get_scanner())  # slow part first, outside the lock
    now = timezone.now()
    with stored_file(prepared.pdf) as name, transaction.atomic():
        document = new_document(
            name=name,
            owner=giver,
            uploaded_by=actor,
            vedlegg_type="fullmakt",
            vedlegg_subtype="papir",
            prepared=prepared,
            fingerprints=[fingerprint(upload) for upload in uploads],
        )
        grant = Grant.objects.create(
            giver=giver,
            helper=helper,
            state=Stored.ACTIVE,
            channel=Channel.PAPER,
            activated_at=now,
            paper_document=document,
            paper_reference=paper_reference.strip(),
            organisation=_office(actor, giver),
        )
        add_scopes(grant, scopes, now)
        record_event(grant, "created", actor, paper_reference=grant.paper_reference)
        record_access(
            actor=actor,
            subject=giver,
            action="create",
            object_type="grant.paper",
            object_id=grant.reference,
        )
        notify_both(grant, "grant_active")
        expiry.schedule(grant)
    return grant


@dataclass(frozen=True)
class StaffFor:
    """A staff member registering an application on a person's behalf (paper or phone).
    Read by core.policy like a helper's grant, for the application only."""

    person_id: int
    person_name: str
    channel: str  # applications SubmissionChannel: staff_paper / staff_phone
    grant_id: None = None
    reference: str = ""

    def allows(self, area: str, action: str) -> bool:
        return area == Area.APPLICATION


STAFF_CHANNELS = ("staff_paper", "staff_phone")


def staff_context(user: Account, data: object) -> StaffFor | None:
    """The registration the staff member started, if it still holds: they may still see the
    person, and the identity was checked within the day."""
    if not isinstance(data, dict) or data.get("channel") not in STAFF_CHANNELS:
        return None
    person_id = data.get("person")
    if not isinstance(person_id, int):
        return None
    person = Person.objects.filter(pk=person_id).first()
    if person is None or not policy.allows(user, "staff.view_person", person):
        return None
    if recent_check(person, user) is None:
        return None
    return StaffFor(person.pk, person.full_name, str(data["channel"]))
