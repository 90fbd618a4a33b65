"""Writes to the directory by its editors: a service, a location, opening hours, "checked".

Each write is one transaction and checks again that the actor keeps the organisation's
entries (the views have checked too; a service must not trust its caller). Saving a change
also counts as checking the entry: the editor has just looked at it.

Every write sets `last_modified` to now on what it changed: the service, the services at
locations it touches, and the location. QuerySet.update() skips auto_now, and HSDS consumers
fetch changes with ?modified_after=, so a write they cannot see would never reach them.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, time
from typing import Any
from uuid import UUID

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from kompanjong.core import policy

from .autonyms import EDITOR_LANGUAGES, LANGUAGE_AUTONYMS
from .counties import county
from .models import (
    Accessibility,
    Address,
    Attending,
    Language,
    Location,
    LocationKind,
    Organization,
    Phone,
    Postcode,
    Schedule,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
)
from .opening import day_codes
from .topics import BY_CODE, term_id

log = logging.getLogger("kompanjong.directory")

# The languages an editor can choose, stored with each language's name in itself, so it reads
# the same whatever language the visitor has chosen.
LANGUAGE_CODES: tuple[str, ...] = EDITOR_LANGUAGES


@dataclass(frozen=True)
class ServiceChanges:
    name: str
    description: str
    what_to_bring: list[str]
    application_process: str
    interpretation_services: str
    topic_codes: list[str]
    language_codes: list[str]
    status: str
    # The service's own phone numbers (not those of its places or its organisation); None
    # leaves them as they are.
    phones: tuple[str, ...] | None = None


@dataclass(frozen=True)
class LocationChanges:
    """What an editor can change on a location. Fields that do not fit the location's kind
    (an address for a phone line) are left as they are."""

    name: str
    url: str = ""
    address_1: str = ""
    address_2: str = ""
    postal_code: str = ""
    city: str = ""
    transportation: str = ""
    accessibility: str = ""
    step_free: bool = False
    latitude: float | None = None
    longitude: float | None = None
    phones: tuple[str, ...] | None = None  # the location's own numbers; None: as they are


@dataclass(frozen=True)
class WeeklyRule:
    id: UUID | None
    days: tuple[str, ...]
    opens: time
    closes: time
    attending: str


@dataclass(frozen=True)
class DateException:
    """Other hours on one date; closed all day when `opens` is None."""

    id: UUID | None
    day: date
    opens: time | None
    closes: time | None
    note: str


def _today() -> date:
    return timezone.localdate()


def _require(actor: Any, organization: Organization) -> None:
    policy.require(actor, "directory.edit", organization)


def _touch(*, services: Iterable[Any] = (), locations: Iterable[Any] = ()) -> None:
    """Mark as changed now: these services (by pk) and their services at locations, and these
    locations and the services at locations there."""
    now = timezone.now()
    service_ids, location_ids = list(services), list(locations)
    Service.objects.filter(pk__in=service_ids).update(last_modified=now)
    Location.objects.filter(pk__in=location_ids).update(last_modified=now)
    ServiceAtLocation.objects.filter(
        Q(service_id__in=service_ids) | Q(location_id__in=location_ids)
    ).update(last_modified=now)


# --- "checked" --------------------------------------------------------------------------------
@transaction.atomic
def mark_checked(*, actor: Any, services: Sequence[Service], today: date | None = None) -> int:
    """The editor confirms these services are right as they are (assured_date = today)."""
    for service in services:
        _require(actor, service.organization)
    day = today or _today()
    changed = Service.objects.filter(pk__in=[s.pk for s in services]).update(assured_date=day)
    _touch(services=[s.pk for s in services])
    for service in services:
        service.assured_date = day
    log.info("directory: %s marked %s service(s) checked", actor.pk, changed)
    return changed


def services_at(location: Location, organization: Organization) -> list[Service]:
    """The organisation's services given at a location: what checking the location checks."""
    return list(
        Service.objects.filter(at_locations__location=location, organization=organization)
        .select_related("organization")
        .distinct()
    )


# --- a service --------------------------------------------------------------------------------
@transaction.atomic
def save_service(
    *, actor: Any, service: Service, changes: ServiceChanges, today: date | None = None
) -> Service:
    _require(actor, service.organization)
    service.name = changes.name
    service.description = changes.description
    service.application_process = changes.application_process
    service.interpretation_services = changes.interpretation_services
    service.status = changes.status
    service.assured_date = today or _today()
    service.save()
    _keep_required_documents(service, changes.what_to_bring)
    _keep_topics(service, changes.topic_codes)
    _keep_languages(service, changes.language_codes)
    if changes.phones is not None:
        _keep_phones(
            Phone.objects.filter(service=service, location=None, service_at_location=None),
            changes.phones,
            owner={"service": service},
        )
    _touch(services=[service.pk])
    log.info("directory: %s changed service %s", actor.pk, service.pk)
    return service


def _keep_required_documents(service: Service, things: Iterable[str]) -> None:
    """Rows for things still listed stay (with their ids and links); the rest go."""
    wanted = list(dict.fromkeys(things))
    existing = {doc.document: doc for doc in service.required_documents.all()}
    gone = [doc.pk for text, doc in existing.items() if text not in wanted]
    service.required_documents.filter(pk__in=gone).delete()
    service.required_documents.bulk_create(
        [
            service.required_documents.model(service=service, document=thing)
            for thing in wanted
            if thing not in existing
        ]
    )


def phone_key(number: str) -> str:
    """A number as dialled: its digits and a leading +. "23 43 29 00" is "23432900"."""
    return "".join(ch for ch in number if ch.isdigit() or ch == "+")


def _keep_phones(rows: Any, numbers: Iterable[str], *, owner: dict[str, Any]) -> None:
    """Make the owner's phone numbers these. A number still listed keeps its row (its id, type
    and description), with the spacing as typed; the others go, new ones are added."""
    existing = {phone_key(phone.number): phone for phone in rows}
    wanted = {phone_key(number): number for number in numbers}
    for key, phone in existing.items():
        if key not in wanted:
            phone.delete()
        elif phone.number != wanted[key]:
            phone.number = wanted[key]
            phone.save(update_fields=["number"])
    Phone.objects.bulk_create(
        [
            Phone(number=number, type="voice", **owner)
            for key, number in wanted.items()
            if key not in existing
        ]
    )


def _keep_topics(service: Service, codes: Iterable[str]) -> None:
    """Only our own help topics are chosen here; terms from other taxonomies stay."""
    chosen = set(codes)
    ours = list(TaxonomyTerm.objects.filter(pk__in=[term_id(code) for code in BY_CODE]))
    service.topics.remove(*(term for term in ours if term.code not in chosen))
    service.topics.add(*(term for term in ours if term.code in chosen))


def _keep_languages(service: Service, codes: Iterable[str]) -> None:
    """Only the languages on the form are chosen here; others (from an import) stay."""
    chosen = {code for code in codes if code in LANGUAGE_AUTONYMS}
    Language.objects.filter(service=service, code__in=set(LANGUAGE_CODES) - chosen).delete()
    have = set(
        Language.objects.filter(service=service, code__in=chosen).values_list("code", flat=True)
    )
    Language.objects.bulk_create(
        [
            Language(service=service, code=code, name=LANGUAGE_AUTONYMS[code])
            for code in LANGUAGE_CODES
            if code in chosen - have
        ]
    )


# --- a location -------------------------------------------------------------------------------
@transaction.atomic
def save_location(
    *,
    actor: Any,
    location: Location,
    organization: Organization,
    changes: LocationChanges,
    today: date | None = None,
) -> Location:
    """Save a location, and count its organisation's services there as checked."""
    _require(actor, organization)
    location.name = changes.name
    if changes.phones is not None:
        _keep_phones(
            Phone.objects.filter(location=location, service=None, service_at_location=None),
            changes.phones,
            owner={"location": location},
        )
    if location.kind == LocationKind.VIDEO:
        location.url = changes.url
    if location.kind == LocationKind.PHYSICAL:
        location.transportation = changes.transportation
        location.step_free = changes.step_free
        location.latitude = changes.latitude
        location.longitude = changes.longitude
        _keep_address(location, changes)
        _keep_accessibility(location, changes.accessibility)
    location.save()
    here = services_at(location, organization)
    Service.objects.filter(pk__in=[s.pk for s in here]).update(assured_date=today or _today())
    _touch(services=[s.pk for s in here], locations=[location.pk])
    log.info("directory: %s changed location %s", actor.pk, location.pk)
    return location


def _county_or_town(postal_code: str, city: str) -> str:
    """What HSDS calls state_province: the county of the postcode's municipality, else the
    postcode's town, else the postal town typed."""
    found = Postcode.objects.filter(code=postal_code).first()
    if found is None:
        return city
    return county(found.municipality_number) or found.town or city


def _keep_address(location: Location, changes: LocationChanges) -> None:
    address = location.addresses.filter(address_type="physical").first() or Address(
        location=location, address_type="physical"
    )
    if not address.state_province or address.postal_code != changes.postal_code:
        address.state_province = _county_or_town(changes.postal_code, changes.city)
    address.address_1 = changes.address_1
    address.address_2 = changes.address_2
    address.postal_code = changes.postal_code
    address.city = changes.city
    address.save()


def _keep_accessibility(location: Location, description: str) -> None:
    first = location.accessibility.first()
    if not description:
        if first is not None:
            first.delete()
        return
    if first is None:
        Accessibility.objects.create(location=location, description=description)
    elif first.description != description:
        first.description = description
        first.save(update_fields=["description"])


# --- opening hours ----------------------------------------------------------------------------
def is_weekly(schedule: Schedule) -> bool:
    return schedule.freq == "WEEKLY"


def is_date_exception(schedule: Schedule) -> bool:
    """Other hours on one date. Other shapes (from an import) are not edited here, and stay."""
    return (
        not schedule.freq
        and schedule.valid_from is not None
        and schedule.valid_from == schedule.valid_to
    )


@transaction.atomic
def save_hours(
    *,
    actor: Any,
    place: ServiceAtLocation,
    rules: Sequence[WeeklyRule],
    exceptions: Sequence[DateException],
    today: date | None = None,
) -> None:
    """Make the weekly rules and date exceptions of a service at a location exactly these.

    Rows keep their ids where the editor changed an existing one, so an HSDS consumer sees
    the same schedule changed rather than one removed and another added.
    """
    _require(actor, place.service.organization)
    existing = {
        s.pk: s
        for s in Schedule.objects.filter(service_at_location=place)
        if is_weekly(s) or is_date_exception(s)
    }
    kept: set[UUID] = set()
    for rule in rules:
        schedule = _own(existing, rule.id, kept) or Schedule(service_at_location=place)
        if _changed(schedule, rule):
            # An imported rule may hold only for a while, or every other week. The page shows
            # that, and says that changing the rule makes it hold every week: what the editor
            # sees and saves is then all there is to it.
            schedule.valid_from = schedule.valid_to = schedule.dtstart = None
            schedule.interval = None
        schedule.freq = "WEEKLY"
        schedule.byday = ",".join(rule.days)
        schedule.opens_at = rule.opens
        schedule.closes_at = rule.closes
        schedule.attending_type = rule.attending
        schedule.save()
        kept.add(schedule.pk)
    for exception in exceptions:
        schedule = _own(existing, exception.id, kept) or Schedule(service_at_location=place)
        schedule.freq = ""
        schedule.byday = ""
        schedule.valid_from = schedule.valid_to = exception.day
        schedule.opens_at = exception.opens
        schedule.closes_at = exception.closes
        schedule.description = exception.note
        schedule.save()
        kept.add(schedule.pk)
    Schedule.objects.filter(pk__in=set(existing) - kept).delete()
    Service.objects.filter(pk=place.service_id).update(assured_date=today or _today())
    _touch(services=[place.service_id])
    log.info("directory: %s changed the opening hours of %s", actor.pk, place.pk)


def _changed(schedule: Schedule, rule: WeeklyRule) -> bool:
    return (
        day_codes(schedule.byday) != list(rule.days)
        or schedule.opens_at != rule.opens
        or schedule.closes_at != rule.closes
        or (schedule.attending_type or Attending.DROP_IN) != rule.attending
    )


def _own(existing: dict[UUID, Schedule], pk: UUID | None, kept: set[UUID]) -> Schedule | None:
    """The place's own schedule with this id, once; an id from elsewhere makes a new row."""
    if pk is None or pk in kept:
        return None
    return existing.get(pk)
