"""Reads for the public search of helping places ("Where is help").

Everything here is public (rule "public"), so there is no access filtering beyond showing only
services that are in use. Pages run a constant number of SQL queries: the search loads the
matching rows with their schedules in one go (at most MAX_CANDIDATES of them), and the details
of the 20 on a page in one more round of prefetches.
"""

from __future__ import annotations

import datetime as dt
import math
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import (
    Case,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
    prefetch_related_objects,
)
from django.db.models.functions import Lower
from django.http import Http404

from kompanjong.people.models import Municipality

from . import opening
from .models import (
    Address,
    Language,
    LocationKind,
    Phone,
    Postcode,
    ServiceArea,
    ServiceAtLocation,
    ServiceStatus,
)

PAGE_SIZE = 20
EARTH_RADIUS_KM = 6371.0
# The most places one search looks at after the SQL filters. Opening hours are rules, so the
# hours filters and the exact order run in Python over these rows and their schedules; the
# cap keeps that work (and the memory) bounded for an anonymous request. A municipality has
# tens of places, not hundreds: only a search of all Norway without filters reaches it, and
# then the first 500 in SQL order (places to visit first, nearest first when we know where
# you are) are the ones shown.
MAX_CANDIDATES = 500
# A place page is also shown while the help is closed for a while, with a notice.
SHOWN_STATUSES = (ServiceStatus.ACTIVE, ServiceStatus.TEMPORARILY_CLOSED)

# What a result card and the place page show; loaded for one page of results at a time.
DETAILS = (
    "location__addresses",
    "location__accessibility",
    "location__languages",
    "service__languages",
    "phones",
    "service__phones",
    "location__phones",
    "service__organization__phones",
    "service__required_documents",
    "service__topics",
)


@dataclass(frozen=True)
class Point:
    latitude: float
    longitude: float


@dataclass
class Hit:
    """One service at one location, with the opening rules that hold for it."""

    place: ServiceAtLocation
    rules: list[opening.Rule]
    distance_km: float | None = None

    @property
    def physical(self) -> bool:
        return self.place.location.kind == LocationKind.PHYSICAL


@dataclass
class Results:
    hits: list[Hit] = field(default_factory=list)
    # A municipality was chosen but has no place to visit that fits: the hits are phone and
    # video help that covers it.
    only_remote: bool = False


def municipalities() -> list[Municipality]:
    return list(Municipality.objects.order_by("name"))


def language_codes() -> list[str]:
    """The languages some place gives help in (for the language select)."""
    return sorted(set(Language.objects.order_by().values_list("code", flat=True).distinct()))


def postcode(code: str) -> Postcode | None:
    return Postcode.objects.filter(code=code).first()


def _on_earth(point: Point) -> bool:
    return (
        math.isfinite(point.latitude)
        and math.isfinite(point.longitude)
        and -90 <= point.latitude <= 90
        and -180 <= point.longitude <= 180
    )


def distance_km(a: Point, b: Point) -> float | None:
    """Great-circle distance (haversine): good enough to sort places near you. None when a
    point is not a place on earth (NaN, infinite or out of range: bad data, not a crash)."""
    if not (_on_earth(a) and _on_earth(b)):
        return None
    lat1, lon1, lat2, lon2 = map(math.radians, (a.latitude, a.longitude, b.latitude, b.longitude))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    # Rounding can push h a hair past 1, where asin is undefined.
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(max(h, 0.0), 1.0)))


def _with_schedules(queryset: QuerySet[ServiceAtLocation]) -> QuerySet[ServiceAtLocation]:
    return queryset.select_related("service__organization", "location").prefetch_related(
        "schedules", "service__schedules", "location__schedules"
    )


def rules_for(place: ServiceAtLocation) -> list[opening.Rule]:
    """The schedules that hold for a service at a location, from prefetched rows: kept on the
    service at the location, on the service, or on the location (most specific first)."""
    own = list(place.schedules.all())
    of_service = [
        s
        for s in place.service.schedules.all()
        if s.location_id in (None, place.location_id)
        and s.service_at_location_id in (None, place.pk)
    ]
    of_location = [
        s
        for s in place.location.schedules.all()
        if s.service_id in (None, place.service_id) and s.service_at_location_id in (None, place.pk)
    ]
    return opening.effective_rules([own, of_service, of_location])


def _covers(municipality_number: str) -> Q:
    """A place to visit covers a municipality when its service says so (ServiceArea) or its
    address lies there; phone and video help when its service says so, or names no area at
    all (it is for the whole country)."""
    areas = ServiceArea.objects.filter(service=OuterRef("service"))
    in_area = Exists(areas.filter(municipality_number=municipality_number))
    address_there = Exists(
        Address.objects.filter(
            location=OuterRef("location"),
            address_type="physical",
            postal_code__in=Postcode.objects.filter(municipality_number=municipality_number).values(
                "code"
            ),
        )
    )
    physical = Q(location__kind=LocationKind.PHYSICAL)
    return (physical & (in_area | address_there)) | (~physical & (in_area | ~Exists(areas)))


def _speaks(code: str) -> Exists:
    return Exists(
        Language.objects.filter(
            Q(service=OuterRef("service")) | Q(location=OuterRef("location")), code=code
        )
    )


def search(
    *,
    now: dt.datetime,
    municipality: str = "",
    topic: str = "",
    language: str = "",
    open_now: bool = False,
    open_this_week: bool = False,
    drop_in: bool = False,
    step_free: bool = False,
    near: Point | None = None,
) -> Results:
    """Helping places that fit every choice: places to visit first (nearest first when we know
    where you are), then phone and video help."""
    queryset = ServiceAtLocation.objects.filter(service__status=ServiceStatus.ACTIVE)
    if municipality:
        queryset = queryset.filter(_covers(municipality))
    if topic:
        queryset = queryset.filter(service__topics__code=topic)
    if language:
        queryset = queryset.filter(_speaks(language))
    if step_free:
        # Phone and video help has no steps: the filter is about places to visit.
        queryset = queryset.exclude(location__kind=LocationKind.PHYSICAL, location__step_free=False)

    candidates = _in_order(queryset.distinct(), near)[:MAX_CANDIDATES]
    hits = [Hit(place, rules_for(place)) for place in _with_schedules(candidates)]
    # Opening hours are rules, not rows, so these filters run in Python over the prefetched
    # schedules. Fine at directory scale (hundreds of places a municipality, not millions).
    today = opening.local(now).date()
    if open_now:
        hits = [hit for hit in hits if opening.is_open(hit.rules, now)]
    if open_this_week:
        hits = [hit for hit in hits if opening.open_this_week(hit.rules, now)]
    if drop_in and open_now:
        hits = [hit for hit in hits if opening.drop_in_now(hit.rules, now)]
    elif drop_in:
        hits = [hit for hit in hits if opening.offers_drop_in(hit.rules, today)]

    if near is not None:
        for hit in hits:
            location = hit.place.location
            if location.latitude is not None and location.longitude is not None:
                hit.distance_km = distance_km(near, Point(location.latitude, location.longitude))
    hits.sort(key=_order)
    only_remote = bool(municipality) and bool(hits) and not any(hit.physical for hit in hits)
    return Results(hits=hits, only_remote=only_remote)


def _in_order(
    queryset: QuerySet[ServiceAtLocation], near: Point | None
) -> QuerySet[ServiceAtLocation]:
    """The order of _order, roughly, in SQL, so the cap keeps the places that come first.
    Near you: squared degrees with the longitude shrunk by the latitude, close enough to the
    haversine to pick the nearest few hundred; the exact distance is computed after."""
    order: list[Any] = [
        Case(When(location__kind=LocationKind.PHYSICAL, then=Value(0)), default=Value(1))
    ]
    if near is not None and _on_earth(near):
        shrink = math.cos(math.radians(near.latitude))
        north = F("location__latitude") - Value(near.latitude)
        east = (F("location__longitude") - Value(near.longitude)) * Value(shrink)
        nearness = ExpressionWrapper(north * north + east * east, output_field=FloatField())
        order.append(nearness.asc(nulls_last=True))
    order += [Lower("location__name"), "service__name", "pk"]
    return queryset.order_by(*order)


def _order(hit: Hit) -> tuple[bool, float, str, str]:
    distance = math.inf if hit.distance_km is None else hit.distance_km
    place = hit.place
    return (not hit.physical, distance, place.location.name.casefold(), place.service.name)


def with_details(places: Sequence[ServiceAtLocation]) -> None:
    """Load what the result cards show, for these places only (one query per relation)."""
    prefetch_related_objects(list(places), *DETAILS)


def results_page(results: Results, number: str | int | None) -> Page:
    """One page of results (a bad page number gives the nearest page), details loaded."""
    page = Paginator(results.hits, PAGE_SIZE).get_page(number)
    with_details([hit.place for hit in page.object_list])
    return page


def place(pk: uuid.UUID) -> Hit:
    """A helping place's page; 404 when it does not exist or is closed down."""
    found = (
        _with_schedules(ServiceAtLocation.objects.filter(service__status__in=SHOWN_STATUSES))
        .prefetch_related(*DETAILS)
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404
    return Hit(found, rules_for(found))


def phones_of(place: ServiceAtLocation) -> list[Phone]:
    """The most specific phone numbers given: for this service here, the service, the
    location, or else the organisation."""
    for phones in (
        place.phones.all(),
        place.service.phones.all(),
        place.location.phones.all(),
        place.service.organization.phones.all(),
    ):
        if phones:
            return list(phones)
    return []


def languages_of(place: ServiceAtLocation) -> list[Language]:
    """Languages spoken, from the service and the location, each once."""
    found: dict[str, Language] = {}
    for language in [*place.service.languages.all(), *place.location.languages.all()]:
        found.setdefault(language.code.lower(), language)
    return list(found.values())


def addresses_of(place: ServiceAtLocation) -> list[Address]:
    return [a for a in place.location.addresses.all() if a.address_type == "physical"]
