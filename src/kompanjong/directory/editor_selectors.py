"""Reads for directory editors: their organisations' entries, and what needs a check.

The lists only ever hold the editor's own organisations. A single object asked for by id
(from a URL) is looked up first and then checked against the policy, so someone who changes
the id in the address gets "not allowed" (403) rather than someone else's entry.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time
from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from kompanjong.core import policy

from . import staleness
from .models import Location, Organization, Schedule, Service, ServiceAtLocation
from .opening import DAY_CODES, day_codes
from .services import is_date_exception, is_weekly


def _editing(user: Any) -> set[int]:
    return policy.organisations_with_role(user, "directory_editor")


def _unchecked(today: date) -> Q:
    return Q(assured_date__isnull=True) | Q(assured_date__lt=staleness.last_good_day(today))


def _own_services(user: Any) -> QuerySet[Service]:
    return Service.objects.filter(organization__members_id__in=_editing(user))


# --- what needs a check -----------------------------------------------------------------------
def unchecked_count(user: Any, today: date | None = None) -> int:
    """How many of the user's organisations' entries need a check (0 for anyone who is not
    a directory editor). For a start page: one query, however many entries there are."""
    if not _editing(user):
        return 0
    day = today or timezone.localdate()
    return _own_services(user).filter(_unchecked(day)).count()


def unchecked_services(user: Any, today: date | None = None) -> list[Service]:
    """The entries that need a check, never-checked first, then the oldest check first."""
    if not _editing(user):
        return []
    day = today or timezone.localdate()
    return list(
        _own_services(user)
        .filter(_unchecked(day))
        .select_related("organization")
        .order_by(F("assured_date").asc(nulls_first=True), "name")
    )


# --- the editor's start page ------------------------------------------------------------------
@dataclass(frozen=True)
class PlaceRow:
    """A place a service is given at, and whether this editor may change the location itself
    (its organisation's, or nobody's but used by this organisation only: see owner_of)."""

    place: ServiceAtLocation
    may_change_location: bool


@dataclass(frozen=True)
class Entry:
    """A service with the places it is given at, and whether it needs a check."""

    service: Service
    places: list[PlaceRow]
    needs_check: bool


@dataclass(frozen=True)
class OrganisationEntries:
    organization: Organization
    entries: list[Entry]


@dataclass(frozen=True)
class EditorHome:
    organisations: list[OrganisationEntries]
    unchecked: list[Service]
    last_good_day: date


def editor_home(user: Any, today: date | None = None) -> EditorHome:
    """Everything on the editor's start page, in three queries whatever its size."""
    day = today or timezone.localdate()
    places = (
        ServiceAtLocation.objects.select_related("location")
        # How many organisations give services at the location: a location nobody owns is
        # only editable when exactly one does (owner_of).
        .annotate(owners=Count("location__services_here__service__organization", distinct=True))
        .order_by("location__name", "id")
    )
    services = Service.objects.prefetch_related(Prefetch("at_locations", queryset=places))
    organizations = list(
        Organization.objects.filter(members_id__in=_editing(user))
        .order_by("name")
        .prefetch_related(Prefetch("services", queryset=services.order_by("name")))
    )
    editable = {organization.pk for organization in organizations}
    rows: list[OrganisationEntries] = []
    unchecked: list[Service] = []
    for organization in organizations:
        entries = []
        for service in organization.services.all():
            needs_check = staleness.needs_check(service.assured_date, day)
            if needs_check:
                unchecked.append(service)
            place_rows = [
                PlaceRow(place, _may_change_location(place, editable))
                for place in service.at_locations.all()
            ]
            entries.append(Entry(service, place_rows, needs_check))
        rows.append(OrganisationEntries(organization, entries))
    return EditorHome(rows, unchecked, staleness.last_good_day(day))


def _may_change_location(place: ServiceAtLocation, editable: set[UUID]) -> bool:
    """The same answer as location_for_editing gives, from the annotated row."""
    owner = place.location.organization_id
    if owner is not None:
        return owner in editable
    # Nobody owns it: editable when this service's organisation is the only one there.
    return getattr(place, "owners", 0) == 1


# --- one entry, for its edit page -------------------------------------------------------------
def _allowed(user: Any, organization: Organization | None) -> Organization:
    if organization is None:
        raise PermissionDenied("directory.edit")
    policy.require(user, "directory.edit", organization)
    return organization


def service_for_editing(user: Any, pk: UUID) -> Service:
    service = (
        Service.objects.select_related("organization")
        .prefetch_related("topics", "languages", "required_documents", "phones")
        .filter(pk=pk)
        .first()
    )
    if service is None:
        raise Http404
    _allowed(user, service.organization)
    return service


def owner_of(location: Location) -> Organization | None:
    """Whose location this is: its organisation, or else the one organisation whose
    services are given there (a location nobody clearly owns is nobody's to edit)."""
    if location.organization is not None:
        return location.organization
    owners = {
        place.service.organization_id: place.service.organization
        for place in location.services_here.all()
    }
    return next(iter(owners.values())) if len(owners) == 1 else None


def location_for_editing(user: Any, pk: UUID) -> tuple[Location, Organization]:
    location = (
        Location.objects.select_related("organization")
        .prefetch_related(
            "addresses",
            "accessibility",
            "phones",
            Prefetch(
                "services_here",
                queryset=ServiceAtLocation.objects.select_related("service__organization"),
            ),
        )
        .filter(pk=pk)
        .first()
    )
    if location is None:
        raise Http404
    return location, _allowed(user, owner_of(location))


def _first_day(byday: str) -> int:
    days = day_codes(byday)
    return DAY_CODES.index(days[0]) if days else len(DAY_CODES)


SERVICE, LOCATION, HERE = "service", "location", "here"


@dataclass(frozen=True)
class Inherited:
    """Hours that hold for this place but are not edited on its page: kept for the service as
    a whole, for the location (every service there), or here in a shape the form has no
    fields for (from an import)."""

    source: str  # SERVICE, LOCATION or HERE
    schedule: Schedule


@dataclass(frozen=True)
class PlaceHours:
    place: ServiceAtLocation
    weekly: list[Schedule]
    exceptions: list[Schedule]
    inherited: list[Inherited]


def _in_order(schedules: list[Schedule]) -> list[Schedule]:
    return sorted(
        schedules,
        key=lambda s: (
            s.valid_from or date.min,
            _first_day(s.byday),
            s.opens_at or time(0),
            str(s.pk),
        ),
    )


def place_for_editing(user: Any, pk: UUID) -> PlaceHours:
    """A service at a location, with the opening hours an editor can change here, and those
    that also hold here but are kept elsewhere (shown, not edited)."""
    place = (
        ServiceAtLocation.objects.select_related("service__organization", "location")
        .prefetch_related("schedules", "service__schedules", "location__schedules")
        .filter(pk=pk)
        .first()
    )
    if place is None:
        raise Http404
    _allowed(user, place.service.organization)
    schedules = list(place.schedules.all())
    weekly = sorted(
        (s for s in schedules if is_weekly(s)),
        key=lambda s: (_first_day(s.byday), s.opens_at or time(0), s.pk),
    )
    exceptions = sorted(
        (s for s in schedules if is_date_exception(s)), key=lambda s: (s.valid_from, s.pk)
    )
    # The same levels as the public page reads (selectors.rules_for).
    of_service = [
        s
        for s in place.service.schedules.all()
        if s.location_id in (None, place.location_id) and s.service_at_location_id is None
    ]
    of_location = [
        s
        for s in place.location.schedules.all()
        if s.service_id in (None, place.service_id) and s.service_at_location_id is None
    ]
    other_here = [s for s in schedules if not (is_weekly(s) or is_date_exception(s))]
    inherited = [
        *(Inherited(SERVICE, s) for s in _in_order(of_service)),
        *(Inherited(LOCATION, s) for s in _in_order(of_location) if s not in of_service),
        *(Inherited(HERE, s) for s in _in_order(other_here)),
    ]
    return PlaceHours(place, weekly, exceptions, inherited)
