"""Reads for booking: free times, a person's bookings, a desk's day.

Each selector checks access itself (through core.policy) and loads what its page shows in a
fixed number of queries. Staff reads of a person's bookings go in that person's access log;
a helper's reads under a power of attorney are logged per page by delegation's middleware.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from kompanjong.core import policy
from kompanjong.core.audit import record_access, record_listed_once

from . import slots
from .models import AvailabilityException, AvailabilityRule, Booking, RemindBy, Resource, Status

# What a booking page (and its .ics file) shows: the place, its address, the resource and
# who runs it; two queries however many bookings.
BOOKING_RELATED = (
    "resource__service_at_location__location",
    "resource__service_at_location__service",
    "resource__organisation",
    "resource__helper",
    "person",
    "topic",
)
BOOKING_PREFETCH = ("resource__service_at_location__location__addresses",)


def with_place(bookings: QuerySet[Booking]) -> QuerySet[Booking]:
    return bookings.select_related(*BOOKING_RELATED).prefetch_related(*BOOKING_PREFETCH)


def resources(
    *, service_at_location: Any = None, organisation: Any = None, bookable: bool = True
) -> QuerySet[Resource]:
    """Resources (helpers' calendars and desks), at one place or of one organisation; only
    those open for booking unless `bookable` is False (the desk still sees a closed one's
    bookings)."""
    found = Resource.objects.select_related(
        "service_at_location__location", "service_at_location__service", "helper", "organisation"
    )
    if bookable:
        found = found.filter(active=True)
    if service_at_location is not None:
        found = found.filter(service_at_location=service_at_location)
    if organisation is not None:
        found = found.filter(organisation=organisation)
    return found.order_by("name", "pk")


def resource(*, resource_id: Any) -> Resource:
    """One resource open for booking, with its place (raises Resource.DoesNotExist)."""
    return resources().get(pk=resource_id)


def desk_resource(*, resource_id: Any) -> Resource:
    """One resource with its place, open for booking or not: switching a calendar off must
    not hide the bookings it already has from its desk (raises Resource.DoesNotExist)."""
    return resources(bookable=False).get(pk=resource_id)


@dataclass(frozen=True, slots=True)
class SlotInputs:
    timing: slots.Timing
    rules: list[slots.WeeklyRule]
    exceptions: list[slots.DayException]
    busy: list[slots.Busy]


def _day_start(day: date) -> datetime:
    return slots.wall_to_utc(day, time(0, 0))


def active_bookings(
    resource_ids: Iterable[int],
    since: datetime,
    until: datetime,
    now: datetime,
    holds_of: Any = None,
) -> QuerySet[Booking]:
    """Bookings that take up time between `since` and `until`: booked ones and holds that
    have not expired. Expired holds count as free; so do the live holds of `holds_of` (an
    account choosing a time: the one it holds is still theirs to choose)."""
    holding = Q(status=Status.HELD, hold_expires_at__gt=now)
    if holds_of is not None:
        holding &= ~Q(booked_by=holds_of)
    return Booking.objects.filter(
        Q(status=Status.BOOKED) | holding,
        resource_id__in=list(resource_ids),
        starts_at__lt=until,
        blocks_until__gt=since,
    )


def slot_inputs_for(
    *,
    resources: Sequence[Resource],
    first_day: date,
    last_day: date,
    now: datetime,
    exclude: Any = None,
    holds_of: Any = None,
) -> dict[int, SlotInputs]:
    """What slots.free_slots needs for these days, per resource id: three queries however
    many resources. `exclude`: a booking that does not count as busy (the one being moved,
    or one's own hold); `holds_of`: an account whose live holds do not count as busy."""
    ids = [r.pk for r in resources]
    since = _day_start(first_day)
    # A slot on the last day can end after midnight only by its buffer; a day is plenty.
    until = _day_start(last_day) + timedelta(days=2)
    rules = AvailabilityRule.objects.filter(resource_id__in=ids).filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=last_day),
        Q(valid_to__isnull=True) | Q(valid_to__gte=first_day),
    )
    exceptions = AvailabilityException.objects.filter(
        resource_id__in=ids, date__gte=first_day, date__lte=last_day
    )
    busy = active_bookings(ids, since, until, now, holds_of)
    if exclude is not None:
        busy = busy.exclude(pk=exclude)
    given = {r.pk: SlotInputs(timing=r.timing, rules=[], exceptions=[], busy=[]) for r in resources}
    for rule in rules:
        given[rule.resource_id].rules.append(rule.as_rule())
    for exception in exceptions:
        given[exception.resource_id].exceptions.append(exception.as_exception())
    for resource_id, starts_at, blocks_until in busy.values_list(
        "resource_id", "starts_at", "blocks_until"
    ):
        given[resource_id].busy.append(slots.Busy(starts_at, blocks_until))
    return given


def slot_inputs(
    *,
    resource: Resource,
    first_day: date,
    last_day: date,
    now: datetime,
    exclude: Any = None,
    holds_of: Any = None,
) -> SlotInputs:
    """slot_inputs_for one resource (three queries)."""
    return slot_inputs_for(
        resources=[resource],
        first_day=first_day,
        last_day=last_day,
        now=now,
        exclude=exclude,
        holds_of=holds_of,
    )[resource.pk]


def free_slots_at(
    *,
    resources: Sequence[Resource],
    first_day: date,
    last_day: date,
    channel: str | None = None,
    now: datetime | None = None,
    holds_of: Any = None,
) -> list[tuple[Resource, slots.Slot]]:
    """The times that can be booked now at a place's resources, as (resource, slot) pairs,
    in three queries however many resources. Resources closed for booking have none."""
    now = now or timezone.now()
    open_ones = [r for r in resources if r.active]
    if not open_ones or first_day > last_day:
        return []
    given = slot_inputs_for(
        resources=open_ones, first_day=first_day, last_day=last_day, now=now, holds_of=holds_of
    )
    return [
        (resource, slot)
        for resource in open_ones
        for slot in slots.free_slots(
            timing=given[resource.pk].timing,
            rules=given[resource.pk].rules,
            exceptions=given[resource.pk].exceptions,
            busy=given[resource.pk].busy,
            first_day=first_day,
            last_day=last_day,
            now=now,
            channel=channel,
        )
    ]


def free_slots(
    *,
    resource: Resource,
    first_day: date | None = None,
    last_day: date | None = None,
    channel: str | None = None,
    now: datetime | None = None,
    exclude: Any = None,
    holds_of: Any = None,
) -> list[slots.Slot]:
    """The times that can be booked now, from `first_day` (default today) to `last_day`
    (default the resource's horizon), in three queries. Empty for an inactive resource."""
    now = now or timezone.now()
    if not resource.active:
        return []
    first = first_day or slots.local_date(now)
    last = last_day or slots.horizon(resource.timing, now)
    if first > last:
        return []
    given = slot_inputs(
        resource=resource,
        first_day=first,
        last_day=last,
        now=now,
        exclude=exclude,
        holds_of=holds_of,
    )
    return slots.free_slots(
        timing=given.timing,
        rules=given.rules,
        exceptions=given.exceptions,
        busy=given.busy,
        first_day=first,
        last_day=last,
        now=now,
        channel=channel,
    )


def next_free_slots(
    *,
    resource: Resource,
    after: datetime,
    limit: int = 5,
    channel: str | None = None,
    now: datetime | None = None,
) -> list[slots.Slot]:
    """Up to `limit` free times from `after` on (or the first ones left, if none after):
    the answer to "that time was just taken"."""
    return slots.next_free(
        free_slots(resource=resource, channel=channel, now=now), after=after, limit=limit
    )


# --- A person's bookings --------------------------------------------------------------------
def my_bookings(*, user: Any, upcoming: bool = True, now: datetime | None = None) -> list[Booking]:
    """The bookings of the person whose pages these are (the citizen, or the person a helper
    acts for with a bookings grant): upcoming ones soonest first, or past and cancelled ones
    newest first (at most 50). One query."""
    person_id = policy.subject_person_id(user)
    if person_id is None or not policy.may_act_on(user, person_id, "bookings", "read"):
        return []
    now = now or timezone.now()
    found = with_place(Booking.objects.filter(person_id=person_id))
    if upcoming:
        return list(found.filter(status=Status.BOOKED, ends_at__gt=now).order_by("starts_at"))
    past = found.exclude(status=Status.HELD).filter(Q(ends_at__lte=now) | ~Q(status=Status.BOOKED))
    return list(past.order_by("-starts_at")[:50])


def booking_for(*, user: Any, booking_id: Any, action: str = "read") -> Booking:
    """One booking, for the person, their helper (a bookings grant) or the desk's staff.
    Unknown and not-yours look the same: Booking.DoesNotExist. A staff read goes in the
    person's access log."""
    booking = with_place(Booking.objects.filter(pk=booking_id)).first()
    if booking is None or booking.status == Status.HELD:
        raise Booking.DoesNotExist
    if not policy.may_see_booking(user, booking, action):
        raise Booking.DoesNotExist
    if booking.person is not None and not policy.may_act_on(
        user, booking.person_id, "bookings", action
    ):
        record_access(
            actor=user,
            subject=booking.person,
            action="read",
            object_type="booking",
            object_id=str(booking.pk),
        )
    return booking


# --- The desk -------------------------------------------------------------------------------
def desk_resources(*, user: Any) -> list[Resource]:
    """The resources the user's organisations run (helpers and staff at the desk), open for
    booking or not."""
    organisations = policy.organisations_with_role(user, *policy.DESK_ROLES)
    return list(resources(bookable=False).filter(organisation_id__in=organisations))


def desk_day(*, user: Any, resource: Resource, day: date) -> list[Booking]:
    """A resource's bookings on a local date, for its desk: booked, no-show and attended
    ones (cancelled ones too, marked as such), in start order. Two queries, plus one to
    write the access log for people seen for the first time."""
    policy.require(user, "booking.desk", resource)
    bookings = list(
        Booking.objects.filter(
            resource=resource,
            starts_at__gte=_day_start(day),
            starts_at__lt=_day_start(day + timedelta(days=1)),
        )
        .exclude(status=Status.HELD)
        .select_related(*BOOKING_RELATED)
        .order_by("starts_at", "created_at")
    )
    record_listed_once(
        actor=user,
        entries=[(b.person, str(b.pk)) for b in bookings if b.person is not None],
        object_type="booking.listed",
    )
    return bookings


# --- The booking pages ----------------------------------------------------------------------
def bookable_place(*, place_id: Any) -> tuple[Any, list[Resource]]:
    """A place (directory.ServiceAtLocation) with its address and its active resources, in
    three queries. Raises Resource.DoesNotExist when nothing there can be booked."""
    from kompanjong.directory.models import ServiceAtLocation

    place = (
        ServiceAtLocation.objects.select_related("location", "service__organization")
        .prefetch_related("location__addresses", "service__required_documents")
        .filter(pk=place_id)
        .first()
    )
    found = list(resources(service_at_location=place)) if place is not None else []
    if place is None or not found:
        raise Resource.DoesNotExist
    return place, found


def my_hold(*, user: Any, booking_id: Any) -> Booking | None:
    """A time the user started to book (a hold, or what became of it), with its place; only
    for the account that made it."""
    if not getattr(user, "is_authenticated", False):
        return None
    return with_place(Booking.objects.filter(pk=booking_id, booked_by=user)).first()


def channels_at(*, resource: Resource, starts_at: datetime) -> tuple[str, ...]:
    """The ways to meet the rules offer for the time starting at `starts_at` (two queries);
    all the resource offers if it is no slot (the service says what is wrong then)."""
    day = slots.local_date(starts_at)
    given = slot_inputs(resource=resource, first_day=day, last_day=day, now=timezone.now())
    for slot in slots.grid(
        timing=given.timing,
        rules=given.rules,
        exceptions=given.exceptions,
        first_day=day,
        last_day=day,
    ):
        if slot.starts_at == starts_at:
            return slot.channels
    return tuple(resource.channels or ())


def topic_term(code: str) -> Any:
    """The directory's term for a help topic code (seeded by a migration), or None."""
    from kompanjong.directory.models import TaxonomyTerm
    from kompanjong.directory.topics import term_id

    return TaxonomyTerm.objects.filter(pk=term_id(code)).first()


def booking_at_desk(*, user: Any, booking_id: Any) -> Booking:
    """A booking of a resource the user's organisation runs (to mark it). Raises
    Booking.DoesNotExist for anything else; no access log (the day's list has it)."""
    booking = (
        Booking.objects.select_related("resource", "person")
        .filter(pk=booking_id)
        .exclude(status=Status.HELD)
        .first()
    )
    if booking is None or not policy.works_at_desk(user, booking.resource):
        raise Booking.DoesNotExist
    return booking


LETTER_DAYS = 7


def letter_list(*, user: Any, now: datetime | None = None) -> list[Booking]:
    """Upcoming bookings (the next week) of the user's organisations that get no digital
    reminder: guests, and people who get letters (reserved against digital notices, or
    letter as their choice). The desk posts a letter or calls them. Logged like the day's
    list: once per booking and staff member."""
    now = now or timezone.now()
    organisations = policy.organisations_with_role(user, *policy.DESK_ROLES)
    bookings = list(
        Booking.objects.filter(
            Q(person__isnull=True)
            | Q(remind_by=RemindBy.LETTER)
            | Q(person__reserved_against_digital=True),
            resource__organisation_id__in=organisations,
            status=Status.BOOKED,
            starts_at__gte=now,
            starts_at__lt=now + timedelta(days=LETTER_DAYS),
        )
        .select_related("resource", "person")
        .order_by("starts_at", "pk")
    )
    record_listed_once(
        actor=user,
        entries=[(b.person, str(b.pk)) for b in bookings if b.person is not None],
        object_type="booking.listed",
    )
    return bookings


def subject_person(*, user: Any, action: str) -> Any:
    """The person whose bookings these pages are (the citizen, or the person a helper acts
    for), if the user may `action` ("read"/"write") their bookings; else None."""
    from kompanjong.people.models import Person

    person_id = policy.subject_person_id(user)
    if person_id is None or not policy.may_act_on(user, person_id, "bookings", action):
        return None
    return Person.objects.filter(pk=person_id).first()
