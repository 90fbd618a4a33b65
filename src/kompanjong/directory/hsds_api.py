"""The directory's HSDS 3.0 API at /api/hsds/ (Open Referral's reference API).

Open data: no login, every status (HSDS consumers decide what to show). Errors are JSON
`{"detail": "<plain message>"}`; a bad query parameter is a 400 that names it. The mapping
from our models is in hsds.py (docs/adr/0010).
"""

from __future__ import annotations

import datetime as dt
import math
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db.models import (
    Case,
    Exists,
    F,
    FloatField,
    Model,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import ASin, Cos, Least, Power, Radians, Sin, Sqrt
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, Query, Schema
from ninja.errors import HttpError

from kompanjong.api import errors
from kompanjong.directory import hsds
from kompanjong.directory.models import (
    Address,
    LocationKind,
    Postcode,
    Service,
    ServiceArea,
    ServiceAtLocation,
    TaxonomyTerm,
)

hsds_api = NinjaAPI(
    title="Kompanjong directory (HSDS 3.0)",
    version="3.0",
    urls_namespace="hsds",
    docs_url=None,
    description=(
        "Where to get help with digital public services in Norway, as Open Referral HSDS 3.0. "
        'Open data: no authentication. Errors are JSON `{"detail": "<plain message>"}`.'
    ),
)
errors.install(hsds_api)

SCHEMA_BASE = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"
DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 200
# Far past any real directory, and small enough that (page - 1) * per_page never overflows the
# database's integers.
MAX_PAGE = 1_000_000
EARTH_RADIUS_M = 6_371_000.0

M = TypeVar("M", bound=Model)


class Error(Schema):
    detail: str


def _documented(shape: str, *, page: bool = False, compiled: bool = True) -> dict[str, Any]:
    """The response as the HSDS reference API documents it (the schema by URL: the compiled
    one for the nested objects, the plain one for taxonomies and terms)."""
    folder = "compiled/" if compiled else ""
    schema: dict[str, Any] = {"$ref": f"{SCHEMA_BASE}{folder}{shape}.json"}
    if page:
        schema = {
            "type": "object",
            "properties": {"contents": {"type": "array", "items": schema}},
            "description": "A page: total_items, total_pages, page_number, size, first_page, "
            "last_page, empty, contents.",
        }
    # Ninja keys responses by int: the same key, so this replaces its generic "object".
    return {"responses": {200: {"content": {"application/json": {"schema": schema}}}}}


# --- Query parameters ------------------------------------------------------------------------


class ListQuery(Schema):
    page: str | None = Field(None, description=f"Page number, 1 to {MAX_PAGE} (default 1).")
    per_page: str | None = Field(
        None, description=f"Results per page, 1 to {MAX_PER_PAGE} (default {DEFAULT_PER_PAGE})."
    )
    format: str | None = Field(None, description="Only json (the default).")


class PageQuery(ListQuery):
    full: str | None = Field(None, description="true: fully nested objects.")


class SearchQuery(PageQuery):
    search: str | None = Field(
        None, description="Words in the name or description (or the organization's name)."
    )


class ServiceQuery(SearchQuery):
    taxonomy_term_id: str | None = Field(None, description="Services with this topic (term id).")
    taxonomy_id: str | None = Field(
        None, description="Services with any term of this taxonomy (its id)."
    )
    organization_id: str | None = Field(None, description="Services of this organization.")
    modified_after: str | None = Field(
        None, description="Changed on or after this date (2025-01-31) or date-time (ISO 8601)."
    )
    postcode: str | None = Field(
        None,
        description="A Norwegian postcode: services whose area covers its municipality (for "
        "service_at_locations also places with that postcode).",
    )
    proximity: str | None = Field(
        None,
        description="With postcode: only places you can visit within this many metres of the "
        "postcode's centre.",
    )


class OrganizationQuery(SearchQuery):
    full_service: str | None = Field(None, description="true: services fully nested too.")


class TaxonomyQuery(ListQuery):
    search: str | None = Field(None, description="Words in the name or description.")


class TaxonomyTermQuery(TaxonomyQuery):
    taxonomy_id: str | None = Field(None, description="Terms of this taxonomy (its id).")
    top_only: str | None = Field(
        None, description="true: only top-level terms (terms without a parent)."
    )
    parent_id: str | None = Field(None, description="Terms whose parent has this id.")


@dataclass(frozen=True)
class Paging:
    page: int
    per_page: int
    full: bool


def _bad(message: str) -> HttpError:
    return HttpError(400, message)


def _no_nul(**parameters: str | None) -> None:
    """A NUL character is in no name, and PostgreSQL cannot even compare with one."""
    for name, value in parameters.items():
        if value is not None and "\x00" in value:
            raise _bad(
                _("The %(name)s parameter holds a NUL character (%%00). Leave it out.")
                % {"name": name}
            )


def _paging(query: ListQuery) -> Paging:
    _no_nul(**{name: value for name, value in query.model_dump().items() if isinstance(value, str)})
    if query.format not in (None, "", "json"):
        raise _bad(_("The format parameter can only be json."))
    page = _whole(query.page, default=1)
    if not 1 <= page <= MAX_PAGE:
        raise _bad(
            _("The page parameter must be a whole number from 1 to %(max)d.") % {"max": MAX_PAGE}
        )
    per_page = _whole(query.per_page, default=DEFAULT_PER_PAGE)
    if not 1 <= per_page <= MAX_PER_PAGE:
        raise _bad(
            _("The per_page parameter must be a whole number from 1 to %(max)d.")
            % {"max": MAX_PER_PAGE}
        )
    return Paging(page, per_page, _flag("full", getattr(query, "full", None)))


def _whole(value: str | None, *, default: int) -> int:
    """The number, the default when not given, or 0 (never valid) when it is not a number."""
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        return 0


def _flag(name: str, value: str | None) -> bool:
    if value in (None, "", "false", "0"):
        return False
    if value in ("true", "1"):
        return True
    raise _bad(_("The %(name)s parameter must be true or false.") % {"name": name})


def _uuid(name: str, value: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError:
        raise _bad(_("The %(name)s parameter must be an id (a UUID).") % {"name": name}) from None


def _moment(value: str) -> dt.datetime:
    # An unencoded "+02:00" in a query string arrives as " 02:00".
    value = value.strip().replace(" ", "+")
    try:
        if len(value) == 10:
            day = dt.date.fromisoformat(value)
            moment = dt.datetime.combine(day, dt.time())
        else:
            moment = dt.datetime.fromisoformat(value)
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        # In UTC here, where it can fail with a plain answer: the edges of the calendar
        # (0001-01-01 in Oslo, 9999-12-31 at -01:00) have no UTC time.
        return moment.astimezone(dt.UTC)
    except (ValueError, OverflowError):
        raise _bad(
            _(
                "The modified_after parameter must be a date (2025-01-31) or a date and time "
                "(2025-01-31T12:00:00Z)."
            )
        ) from None


def _postcode(value: str) -> Postcode:
    place = Postcode.objects.filter(code=value.strip()).first() if value.strip() else None
    if place is None:
        raise _bad(_("The postcode parameter must be a Norwegian postcode we know (4 digits)."))
    return place


def _metres(value: str) -> float:
    try:
        metres = float(value)
    except ValueError:
        metres = -1.0
    if not math.isfinite(metres) or metres <= 0:
        raise _bad(_("The proximity parameter must be a distance in metres, more than 0."))
    return metres


def _on_earth(prefix: str) -> Q:
    """Coordinates that are a place on earth. NaN is above every number in PostgreSQL, so
    the range leaves it out too (bad data stored before imports refused it)."""
    return Q(
        **{
            f"{prefix}latitude__gte": -90,
            f"{prefix}latitude__lte": 90,
            f"{prefix}longitude__gte": -180,
            f"{prefix}longitude__lte": 180,
        }
    )


def _checked(prefix: str, name: str) -> Any:
    # NULL for coordinates off the earth: PostgreSQL refuses sin(Infinity) with an error, and
    # a WHERE clause does not promise to test the range first; CASE does.
    return Case(
        When(_on_earth(prefix), then=F(f"{prefix}{name}")),
        default=Value(None),
        output_field=FloatField(),
    )


def _distance_to(place: Postcode, prefix: str = "") -> Any:
    """Haversine distance in metres from the postcode's centre, as an SQL expression."""
    lat, lon = math.radians(place.latitude), math.radians(place.longitude)
    latitude, longitude = _checked(prefix, "latitude"), _checked(prefix, "longitude")
    dlat = Radians(latitude) - lat
    dlon = Radians(longitude) - lon
    half_chord = Power(Sin(dlat / 2.0), 2) + math.cos(lat) * Cos(Radians(latitude)) * Power(
        Sin(dlon / 2.0), 2
    )
    # Rounding can push the value a hair past 1, where ASin is undefined.
    bounded = Least(half_chord, Value(1.0), output_field=FloatField())
    return 2 * EARTH_RADIUS_M * ASin(Sqrt(bounded, output_field=FloatField()))


def _physical_with_coordinates(prefix: str) -> Q:
    return _on_earth(prefix) & Q(
        **{
            f"{prefix}kind": LocationKind.PHYSICAL,
            f"{prefix}latitude__isnull": False,
            f"{prefix}longitude__isnull": False,
        }
    )


def _service_filters(query: ServiceQuery, prefix: str = "") -> Q:
    """Filters on a service; `prefix` reaches it from another model ("service__")."""
    conditions = Q()
    if query.search:
        conditions &= (
            Q(**{f"{prefix}name__icontains": query.search})
            | Q(**{f"{prefix}description__icontains": query.search})
            | Q(**{f"{prefix}organization__name__icontains": query.search})
        )
    if query.organization_id:
        conditions &= Q(
            **{f"{prefix}organization_id": _uuid("organization_id", query.organization_id)}
        )
    if query.taxonomy_term_id:
        term = _uuid("taxonomy_term_id", query.taxonomy_term_id)
        conditions &= Q(
            Exists(
                Service.topics.through.objects.filter(
                    service_id=OuterRef(f"{prefix}pk" if prefix else "pk"), taxonomyterm_id=term
                )
            )
        )
    if query.taxonomy_id:
        names = _taxonomy_names(_uuid("taxonomy_id", query.taxonomy_id))
        conditions &= Q(
            Exists(
                Service.topics.through.objects.filter(
                    service_id=OuterRef(f"{prefix}pk" if prefix else "pk"),
                    taxonomyterm__taxonomy__in=names,
                )
            )
        )
    return conditions


def _stored_taxonomies() -> list[str]:
    """The names of the taxonomies of stored terms (one query)."""
    return list(TaxonomyTerm.objects.order_by().values_list("taxonomy", flat=True).distinct())


def _taxonomy_names(wanted: uuid.UUID) -> list[str]:
    """A taxonomy's id is derived from its name: the stored names with this id."""
    return [name for name in _stored_taxonomies() if hsds.taxonomy_id(name) == wanted]


def _covers(place: Postcode, service_ref: str) -> Exists:
    return Exists(
        ServiceArea.objects.filter(
            service_id=OuterRef(service_ref), municipality_number=place.municipality_number
        )
    )


def _modified_after(query: ServiceQuery, fields: Sequence[str]) -> Q:
    if not query.modified_after:
        return Q()
    moment = _moment(query.modified_after)
    conditions = Q()
    for field in fields:
        conditions |= Q(**{f"{field}__gte": moment})
    return conditions


def _where(query: ServiceQuery) -> tuple[Postcode | None, float | None]:
    place = _postcode(query.postcode) if query.postcode else None
    metres = _metres(query.proximity) if query.proximity else None
    if metres is not None and place is None:
        raise _bad(_("The proximity parameter needs a postcode to measure from."))
    return place, metres


# --- Pages -----------------------------------------------------------------------------------


def _page(
    queryset: QuerySet[M],
    paging: Paging,
    render: Callable[[M], hsds.Json],
    after: Sequence[hsds.Json] = (),
) -> hsds.Json:
    """One page of the rows, then of `after` (a few objects that are not rows, at the end)."""
    count = queryset.count()
    total = count + len(after)
    total_pages = math.ceil(total / paging.per_page)
    start = (paging.page - 1) * paging.per_page
    end = start + paging.per_page
    # Past the end there is nothing to fetch (and nothing to ask the database for).
    contents = [render(item) for item in queryset[start : min(end, count)]] if start < count else []
    contents += after[max(start - count, 0) : max(end - count, 0)]
    return {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": paging.page,
        "size": len(contents),
        "first_page": paging.page == 1,
        "last_page": paging.page >= total_pages,
        "empty": not contents,
        "contents": contents,
    }


def _not_found(what: str) -> HttpError:
    return HttpError(404, what)


def _get_or_404(queryset: QuerySet[M], id: str, message: str) -> M:
    try:
        pk = uuid.UUID(id)
    except ValueError:
        raise _not_found(message) from None
    item = queryset.filter(pk=pk).first()
    if item is None:
        raise _not_found(message)
    return item


# --- Endpoints -------------------------------------------------------------------------------


@hsds_api.get("/", summary="About this API", response={200: dict[str, str]})
def about(request: HttpRequest) -> dict[str, str]:
    """The HSDS version, the profile and where the OpenAPI document is."""
    return {
        "version": hsds.HSDS_VERSION,
        "profile": hsds.PROFILE_URL,
        "openapi_url": request.build_absolute_uri(reverse("hsds:openapi-json")),
    }


@hsds_api.get(
    "/services",
    summary="Services, a page at a time",
    response={200: dict[str, Any], 400: Error},
    openapi_extra=_documented("service_list", page=True),
)
def list_services(request: HttpRequest, query: Query[ServiceQuery]) -> hsds.Json:
    """Services with their one-to-one fields (full=true: fully nested), by name."""
    paging = _paging(query)
    place, metres = _where(query)
    services = hsds.services_for_hsds(full=paging.full).filter(
        _service_filters(query), _modified_after(query, ["last_modified"])
    )
    if place is not None and metres is not None:
        near = (
            ServiceAtLocation.objects.filter(service_id=OuterRef("pk"))
            .filter(_physical_with_coordinates("location__"))
            .annotate(distance=_distance_to(place, "location__"))
            .filter(distance__lte=metres)
        )
        services = services.filter(Exists(near))
    elif place is not None:
        services = services.filter(_covers(place, "pk"))
    exporter = hsds.Exporter()
    render = exporter.service if paging.full else exporter.service_list_item
    return _page(services, paging, render)


@hsds_api.get(
    "/services/{id}",
    summary="One service, fully nested",
    response={200: dict[str, Any], 404: Error},
    openapi_extra=_documented("service"),
)
def get_service(request: HttpRequest, id: str) -> hsds.Json:
    service = _get_or_404(
        hsds.services_for_hsds(full=True), id, _("There is no service with this id.")
    )
    return hsds.Exporter().service(service)


@hsds_api.get(
    "/organizations",
    summary="Organizations, a page at a time",
    response={200: dict[str, Any], 400: Error},
    openapi_extra=_documented("organization_list", page=True),
)
def list_organizations(request: HttpRequest, query: Query[OrganizationQuery]) -> hsds.Json:
    """Organizations with their one-to-one fields (full=true: fully nested), by name."""
    paging = _paging(query)
    full_services = _flag("full_service", query.full_service)
    organizations = hsds.organizations_for_hsds(full=paging.full, full_services=full_services)
    if query.search:
        organizations = organizations.filter(
            Q(name__icontains=query.search)
            | Q(alternate_name__icontains=query.search)
            | Q(description__icontains=query.search)
        )
    exporter = hsds.Exporter()
    if paging.full:
        return _page(
            organizations,
            paging,
            lambda organization: exporter.organization(organization, full_services=full_services),
        )
    return _page(organizations, paging, exporter.organization_list_item)


@hsds_api.get(
    "/organizations/{id}",
    summary="One organization, fully nested",
    response={200: dict[str, Any], 400: Error, 404: Error},
    openapi_extra=_documented("organization"),
)
def get_organization(request: HttpRequest, id: str, full_service: str | None = None) -> hsds.Json:
    """With its services' one-to-one fields; full_service=true nests them fully."""
    _no_nul(full_service=full_service)
    full_services = _flag("full_service", full_service)
    organization = _get_or_404(
        hsds.organizations_for_hsds(full=True, full_services=full_services),
        id,
        _("There is no organization with this id."),
    )
    return hsds.Exporter().organization(organization, full_services=full_services)


@hsds_api.get(
    "/service_at_locations",
    summary="Services at locations, a page at a time",
    response={200: dict[str, Any], 400: Error},
    openapi_extra=_documented("service_at_location_list", page=True),
)
def list_service_at_locations(request: HttpRequest, query: Query[ServiceQuery]) -> hsds.Json:
    """Where each service is given. postcode: the service covers its municipality or the place
    has that postcode; with proximity (metres): places within that distance, nearest first."""
    paging = _paging(query)
    place, metres = _where(query)
    rows = hsds.service_at_locations_for_hsds(full=paging.full).filter(
        _service_filters(query, "service__"),
        _modified_after(
            query, ["last_modified", "service__last_modified", "location__last_modified"]
        ),
    )
    if place is not None and metres is not None:
        rows = (
            rows.filter(_physical_with_coordinates("location__"))
            .annotate(distance=_distance_to(place, "location__"))
            .filter(distance__lte=metres)
            .order_by("distance", "id")
        )
    elif place is not None:
        rows = rows.filter(
            _covers(place, "service_id")
            | Q(
                location__kind=LocationKind.PHYSICAL,
                location_id__in=Address.objects.filter(postal_code=place.code).values(
                    "location_id"
                ),
            )
        )
    exporter = hsds.Exporter()
    render = exporter.service_at_location if paging.full else exporter.service_at_location_list_item
    return _page(rows, paging, render)


@hsds_api.get(
    "/service_at_locations/{id}",
    summary="One service at a location, fully nested",
    response={200: dict[str, Any], 404: Error},
    openapi_extra=_documented("service_at_location"),
)
def get_service_at_location(request: HttpRequest, id: str) -> hsds.Json:
    row = _get_or_404(
        hsds.service_at_locations_for_hsds(full=True),
        id,
        _("There is no service at a location with this id."),
    )
    return hsds.Exporter().service_at_location(row)


# --- Taxonomies ------------------------------------------------------------------------------
# A taxonomy is known here only by its name: the stored terms' (our topics, and what imports
# brought) and our own (the channel, accessibility and time-zone attributes, never stored).


def _all_taxonomies() -> list[hsds.Json]:
    names = sorted({*_stored_taxonomies(), *hsds.OWN_TAXONOMIES})
    return [hsds.taxonomy(name) for name in names]


def _has_words(item: hsds.Json, words: str, keys: Sequence[str]) -> bool:
    wanted = words.casefold()
    return any(wanted in str(item.get(key, "")).casefold() for key in keys)


@hsds_api.get(
    "/taxonomies",
    summary="Taxonomies, a page at a time",
    response={200: dict[str, Any], 400: Error},
    openapi_extra=_documented("taxonomy", page=True, compiled=False),
)
def list_taxonomies(request: HttpRequest, query: Query[TaxonomyQuery]) -> hsds.Json:
    """The taxonomies our terms come from, by name."""
    paging = _paging(query)
    taxonomies = _all_taxonomies()
    if query.search:
        taxonomies = [t for t in taxonomies if _has_words(t, query.search, ("name", "description"))]
    # Not rows: the whole (short) list comes after an empty queryset, paged the same way.
    return _page(TaxonomyTerm.objects.none(), paging, hsds.taxonomy_term, after=taxonomies)


@hsds_api.get(
    "/taxonomies/{id}",
    summary="One taxonomy",
    response={200: dict[str, Any], 404: Error},
    openapi_extra=_documented("taxonomy", compiled=False),
)
def get_taxonomy(request: HttpRequest, id: str) -> hsds.Json:
    message = _("There is no taxonomy with this id.")
    try:
        wanted = str(uuid.UUID(id))
    except ValueError:
        raise _not_found(message) from None
    found = next((t for t in _all_taxonomies() if t["id"] == wanted), None)
    if found is None:
        raise _not_found(message)
    return found


def _own_terms(query: TaxonomyTermQuery, names: list[str] | None) -> list[hsds.Json]:
    """Our own terms that pass the filters: they have no parent and no children."""
    if query.parent_id:
        return []
    terms = hsds.own_taxonomy_terms()
    if names is not None:
        terms = [term for term in terms if term["taxonomy"] in names]
    if query.search:
        terms = [t for t in terms if _has_words(t, query.search, ("name", "description", "code"))]
    return terms


@hsds_api.get(
    "/taxonomy_terms",
    summary="Taxonomy terms, a page at a time",
    response={200: dict[str, Any], 400: Error},
    openapi_extra=_documented("taxonomy_term", page=True, compiled=False),
)
def list_taxonomy_terms(request: HttpRequest, query: Query[TaxonomyTermQuery]) -> hsds.Json:
    """Stored terms by name (our topics, and terms imports brought), then our own terms."""
    paging = _paging(query)
    terms = TaxonomyTerm.objects.order_by("name", "id")
    names: list[str] | None = None
    if query.taxonomy_id:
        wanted = _uuid("taxonomy_id", query.taxonomy_id)
        names = [name for name in {*_stored_taxonomies(), *hsds.OWN_TAXONOMIES}
                 if hsds.taxonomy_id(name) == wanted]  # fmt: skip
        terms = terms.filter(taxonomy__in=names)
    if _flag("top_only", query.top_only):
        terms = terms.filter(parent__isnull=True)
    if query.parent_id:
        terms = terms.filter(parent_id=_uuid("parent_id", query.parent_id))
    if query.search:
        terms = terms.filter(
            Q(name__icontains=query.search)
            | Q(description__icontains=query.search)
            | Q(code__icontains=query.search)
        )
    return _page(terms, paging, hsds.taxonomy_term, after=_own_terms(query, names))


@hsds_api.get(
    "/taxonomy_terms/{id}",
    summary="One taxonomy term, with its taxonomy",
    response={200: dict[str, Any], 404: Error},
    openapi_extra=_documented("taxonomy_term", compiled=False),
)
def get_taxonomy_term(request: HttpRequest, id: str) -> hsds.Json:
    message = _("There is no taxonomy term with this id.")
    try:
        pk = uuid.UUID(id)
    except ValueError:
        raise _not_found(message) from None
    own = hsds.OWN_TERMS.get(pk)
    if own is not None:
        item = own.as_hsds()
    else:
        term = _get_or_404(TaxonomyTerm.objects.all(), id, message)
        item = hsds.taxonomy_term(term)
    return item | {"taxonomy_detail": hsds.taxonomy(item["taxonomy"])}
