"""The directory as Open Referral HSDS 3.0 objects (the mapping: docs/adr/0010).

    exporter = Exporter()
    exporter.service(service)  # a full service; `services_for_hsds(full=True)` prefetches it

Each shape validates against the compiled schema of the same name in the shared contracts
(hsds/schema/compiled/*.json). Empty optional values are left out rather than sent as "".
What HSDS has no field for travels as an attribute with a term from a taxonomy of our own
(OWN_TERMS): a location's channel (phone or video), step-free access and a schedule's IANA
time zone. Their ids are fixed, so an import finds them again.
"""

from __future__ import annotations

import datetime as dt
import math
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import F, Prefetch, QuerySet

from kompanjong.directory.models import (
    Accessibility,
    Address,
    Language,
    Location,
    LocationKind,
    Organization,
    Phone,
    RequiredDocument,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    TaxonomyTerm,
)
from kompanjong.directory.topics import NAMESPACE, TOPICS_TAXONOMY_NAME
from kompanjong.people.models import Municipality

HSDS_VERSION = "3.0"
PROFILE_URL = "https://github.com/openreferral/specification/tree/3.0"

CHANNEL_TAXONOMY = "kompanjong-channel"
ACCESSIBILITY_TAXONOMY = "kompanjong-accessibility"
SCHEDULE_TAXONOMY = "kompanjong-schedule"
STEP_FREE = "step_free_access"
TIMEZONE = "timezone"
AREA_URI_PREFIX = "urn:kommunenummer:"

Json = dict[str, Any]


def own_term_id(taxonomy: str, code: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, f"{taxonomy}/{code}")


def taxonomy_id(taxonomy: str) -> uuid.UUID:
    """HSDS names a taxonomy by id; ours are names, so the id is derived from the name."""
    return uuid.uuid5(NAMESPACE, f"taxonomy/{taxonomy}")


def attribute_id(link_id: uuid.UUID, term: uuid.UUID) -> uuid.UUID:
    # Attributes are not stored: the id comes from what they link, so it never changes.
    return uuid.uuid5(NAMESPACE, f"attribute/{link_id}/{term}")


@dataclass(frozen=True)
class OwnTerm:
    """A term of our own taxonomies, for what HSDS has no field for (never stored)."""

    taxonomy: str
    code: str
    name: str
    description: str

    @property
    def id(self) -> uuid.UUID:
        return own_term_id(self.taxonomy, self.code)

    def as_hsds(self) -> Json:
        return {
            "id": str(self.id),
            "code": self.code,
            "name": self.name,
            "description": self.description,
            "taxonomy": self.taxonomy,
            "taxonomy_id": str(taxonomy_id(self.taxonomy)),
        }


CHANNELS = {
    LocationKind.PHONE: OwnTerm(CHANNEL_TAXONOMY, "phone", "By phone", "Help by phone."),
    LocationKind.VIDEO: OwnTerm(CHANNEL_TAXONOMY, "video", "By video", "Help in a video call."),
}
STEP_FREE_TERM = OwnTerm(
    ACCESSIBILITY_TAXONOMY,
    STEP_FREE,
    "Step-free access",
    "You can get in and around without steps (wheelchair, pram, walker).",
)
TIMEZONE_TERM = OwnTerm(
    SCHEDULE_TAXONOMY,
    TIMEZONE,
    "Time zone",
    "The IANA time zone the opening hours are in (the value), e.g. Europe/Oslo.",
)
OWN_TERMS: dict[uuid.UUID, OwnTerm] = {
    term.id: term for term in (*CHANNELS.values(), STEP_FREE_TERM, TIMEZONE_TERM)
}
OWN_TAXONOMIES = frozenset(term.taxonomy for term in OWN_TERMS.values())
# What each taxonomy of ours is (API data, like the terms' names: not translated).
TAXONOMY_DESCRIPTIONS = {
    TOPICS_TAXONOMY_NAME: "What people need help with: the topics of Kompanjong's directory.",
    CHANNEL_TAXONOMY: "How help is given that is not at a place: by phone or by video.",
    ACCESSIBILITY_TAXONOMY: "How to get into a place, where HSDS has no field for it.",
    SCHEDULE_TAXONOMY: "More about opening hours: the IANA time zone they are given in.",
}


# --- Queries: everything a shape needs in a constant number of queries ---------------------


def _location_details(prefix: str = "") -> list[str | Prefetch[Any]]:
    return [
        Prefetch(f"{prefix}addresses", queryset=Address.objects.order_by("address_type", "id")),
        Prefetch(f"{prefix}accessibility", queryset=Accessibility.objects.order_by("id")),
        Prefetch(f"{prefix}phones", queryset=Phone.objects.order_by("number", "id")),
        Prefetch(f"{prefix}languages", queryset=Language.objects.order_by("code", "id")),
        Prefetch(f"{prefix}schedules", queryset=_schedules()),
    ]


def _schedules() -> QuerySet[Schedule]:
    # Weekly rules (no dates) first on every database, then the dated ones.
    return Schedule.objects.order_by(
        F("valid_from").asc(nulls_first=True), "byday", F("opens_at").asc(nulls_first=True), "id"
    )


def _service_details(prefix: str = "", *, with_locations: bool = True) -> list[Any]:
    lookups: list[Any] = [
        Prefetch(f"{prefix}topics", queryset=TaxonomyTerm.objects.order_by("name", "id")),
        Prefetch(f"{prefix}phones", queryset=Phone.objects.order_by("number", "id")),
        Prefetch(f"{prefix}schedules", queryset=_schedules()),
        Prefetch(
            f"{prefix}service_areas",
            queryset=ServiceArea.objects.order_by("municipality_number", "id"),
        ),
        Prefetch(f"{prefix}languages", queryset=Language.objects.order_by("code", "id")),
        Prefetch(
            f"{prefix}required_documents",
            queryset=RequiredDocument.objects.order_by("document", "id"),
        ),
    ]
    if with_locations:
        lookups.append(Prefetch(f"{prefix}at_locations", queryset=_service_at_locations_full()))
    return lookups


def _service_at_locations_full() -> QuerySet[ServiceAtLocation]:
    return (
        ServiceAtLocation.objects.select_related("location")
        .prefetch_related(
            Prefetch("phones", queryset=Phone.objects.order_by("number", "id")),
            Prefetch("schedules", queryset=_schedules()),
            *_location_details("location__"),
        )
        .order_by("id")
    )


def services_for_hsds(*, full: bool) -> QuerySet[Service]:
    services = Service.objects.select_related("organization").order_by("name", "id")
    return services.prefetch_related(*_service_details()) if full else services


def organizations_for_hsds(*, full: bool, full_services: bool = True) -> QuerySet[Organization]:
    organizations = Organization.objects.order_by("name", "id")
    if not full:
        return organizations
    services = Service.objects.order_by("name", "id")
    if full_services:
        services = services.prefetch_related(*_service_details())
    return organizations.prefetch_related(
        Prefetch("phones", queryset=Phone.objects.order_by("number", "id")),
        Prefetch(
            "locations",
            queryset=Location.objects.order_by("name", "id").prefetch_related(*_location_details()),
        ),
        Prefetch("services", queryset=services),
    )


def service_at_locations_for_hsds(*, full: bool) -> QuerySet[ServiceAtLocation]:
    rows = ServiceAtLocation.objects.select_related("service__organization", "location").order_by(
        "service__name", "location__name", "id"
    )
    if not full:
        return rows
    return rows.prefetch_related(
        Prefetch("phones", queryset=Phone.objects.order_by("number", "id")),
        Prefetch("schedules", queryset=_schedules()),
        *_location_details("location__"),
        *_service_details("service__", with_locations=False),
    )


# --- Shapes ----------------------------------------------------------------------------------


def _put(target: Json, **values: Any) -> Json:
    """Set the values that say something: no "" and no None."""
    for key, value in values.items():
        if value is None or value == "":
            continue
        target[key] = str(value) if isinstance(value, uuid.UUID) else value
    return target


def _time(value: dt.time | None) -> str | None:
    return value.strftime("%H:%M") if value else None


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _attribute(link_id: uuid.UUID, link_entity: str, term: Json, value: str = "") -> Json:
    term_uuid = uuid.UUID(term["id"])
    return _put(
        {"id": str(attribute_id(link_id, term_uuid))},
        link_id=link_id,
        link_entity=link_entity,
        taxonomy_term_id=term_uuid,
        taxonomy_term=term,
        value=value,
    )


def taxonomy(name: str) -> Json:
    """A taxonomy, known to us only by its name (ours, or one an import brought)."""
    return {
        "id": str(taxonomy_id(name)),
        "name": name,
        "description": TAXONOMY_DESCRIPTIONS.get(name, ""),
    }


def own_taxonomy_terms() -> list[Json]:
    """The terms of our own taxonomies (never stored), in a fixed order."""
    return [term.as_hsds() for term in sorted(OWN_TERMS.values(), key=lambda t: (t.name, t.code))]


def _coordinate(value: float | None) -> float | None:
    # NaN or Infinity (bad data from before imports refused them) would make invalid JSON.
    return value if value is not None and math.isfinite(value) else None


def taxonomy_term(term: TaxonomyTerm) -> Json:
    return _put(
        {"id": str(term.id), "name": term.name, "description": term.description},
        code=term.code,
        taxonomy=term.taxonomy or TOPICS_TAXONOMY_NAME,
        taxonomy_id=taxonomy_id(term.taxonomy or TOPICS_TAXONOMY_NAME),
        parent_id=term.parent_id,
    )


class Exporter:
    """Turns model objects (prefetched by the *_for_hsds queries) into HSDS objects.

    One exporter per request or export: it looks municipality names up once, on first need.
    """

    def __init__(self) -> None:
        self._municipalities: dict[str, str] | None = None

    def municipality_name(self, number: str) -> str:
        if self._municipalities is None:
            self._municipalities = dict(Municipality.objects.values_list("number", "name"))
        return self._municipalities.get(number, "")

    # Organizations

    def organization_list_item(self, organization: Organization) -> Json:
        return _put(
            {
                "id": str(organization.id),
                "name": organization.name,
                "description": organization.description,
            },
            alternate_name=organization.alternate_name,
            email=organization.email,
            website=organization.website,
        )

    def organization(self, organization: Organization, *, full_services: bool = True) -> Json:
        service = self.service if full_services else self._service_in_organization
        return self.organization_list_item(organization) | {
            "phones": [self.phone(phone) for phone in organization.phones.all()],
            "locations": [self.location(location) for location in organization.locations.all()],
            "services": [
                service(item, with_organization=False) for item in organization.services.all()
            ],
        }

    def _service_in_organization(self, service: Service, *, with_organization: bool) -> Json:
        return self.service_list_item(service, with_organization=with_organization)

    # Services

    def service_list_item(self, service: Service, *, with_organization: bool = True) -> Json:
        item = _put(
            {"id": str(service.id), "name": service.name, "status": service.status},
            organization_id=service.organization_id,
            alternate_name=service.alternate_name,
            description=service.description,
            url=service.url,
            email=service.email,
            interpretation_services=service.interpretation_services,
            application_process=service.application_process,
            fees_description=service.fees_description,
            eligibility_description=service.eligibility_description,
            assured_date=_date(service.assured_date),
            alert=service.alert,
            last_modified=service.last_modified.isoformat() if service.last_modified else None,
        )
        if with_organization:
            item["organization"] = self.organization_list_item(service.organization)
        return item

    def service(
        self, service: Service, *, with_organization: bool = True, with_locations: bool = True
    ) -> Json:
        item = self.service_list_item(service, with_organization=with_organization)
        item |= {
            "phones": [self.phone(phone) for phone in service.phones.all()],
            "schedules": [self.schedule(schedule) for schedule in service.schedules.all()],
            "service_areas": [self.service_area(area) for area in service.service_areas.all()],
            "languages": [self.language(language) for language in service.languages.all()],
            "required_documents": [
                self.required_document(document) for document in service.required_documents.all()
            ],
            "attributes": [
                _attribute(service.id, "service", taxonomy_term(term))
                for term in service.topics.all()
            ],
        }
        if with_locations:
            item["service_at_locations"] = [
                self.service_at_location(row, with_service=False)
                for row in service.at_locations.all()
            ]
        return item

    def service_area(self, area: ServiceArea) -> Json:
        number = area.municipality_number
        return _put(
            {
                "id": str(area.id),
                "service_id": str(area.service_id),
                # Always sent, "" when unknown: the name says which municipality to a person.
                "name": self.municipality_name(number) or area.name,
                "extent": number,
                "extent_type": "text",
                "uri": f"{AREA_URI_PREFIX}{number}",
            },
            description=area.description,
        )

    def required_document(self, document: RequiredDocument) -> Json:
        return _put(
            {"id": str(document.id), "service_id": str(document.service_id)},
            document=document.document,
            uri=document.uri,
        )

    # Service at location

    def service_at_location_list_item(self, row: ServiceAtLocation) -> Json:
        return _put(
            {"id": str(row.id), "service_id": str(row.service_id)},
            location_id=row.location_id,
            description=row.description,
            location=self.location_list_item(row.location),
            service=self.service_list_item(row.service),
        )

    def service_at_location(self, row: ServiceAtLocation, *, with_service: bool = True) -> Json:
        item = _put(
            {"id": str(row.id), "service_id": str(row.service_id)},
            location_id=row.location_id,
            description=row.description,
        ) | {
            "phones": [self.phone(phone) for phone in row.phones.all()],
            "schedules": [self.schedule(schedule) for schedule in row.schedules.all()],
            "location": self.location(row.location),
        }
        if with_service:
            item["service"] = self.service(row.service, with_locations=False)
        return item

    # Locations

    def location_list_item(self, location: Location) -> Json:
        physical = location.kind == LocationKind.PHYSICAL
        return _put(
            {"id": str(location.id), "location_type": "physical" if physical else "virtual"},
            url=location.url,
            organization_id=location.organization_id,
            name=location.name,
            alternate_name=location.alternate_name,
            description=location.description,
            transportation=location.transportation,
            latitude=_coordinate(location.latitude),
            longitude=_coordinate(location.longitude),
        )

    def location(self, location: Location) -> Json:
        attributes = []
        channel = CHANNELS.get(LocationKind(location.kind))
        if channel:
            attributes.append(_attribute(location.id, "location", channel.as_hsds()))
        if location.step_free:
            attributes.append(
                _attribute(location.id, "location", STEP_FREE_TERM.as_hsds(), value="true")
            )
        return self.location_list_item(location) | {
            "languages": [self.language(language) for language in location.languages.all()],
            "addresses": [self.address(address) for address in location.addresses.all()],
            "accessibility": [self.accessibility(item) for item in location.accessibility.all()],
            "phones": [self.phone(phone) for phone in location.phones.all()],
            "schedules": [self.schedule(schedule) for schedule in location.schedules.all()],
            "attributes": attributes,
        }

    def address(self, address: Address) -> Json:
        return _put(
            {
                "id": str(address.id),
                "location_id": str(address.location_id),
                "address_1": address.address_1,
                "city": address.city,
                "state_province": address.state_province,
                "postal_code": address.postal_code,
                "country": address.country,
                "address_type": address.address_type,
            },
            attention=address.attention,
            address_2=address.address_2,
            region=address.region,
        )

    def accessibility(self, item: Accessibility) -> Json:
        return _put(
            {"id": str(item.id), "location_id": str(item.location_id)},
            description=item.description,
            details=item.details,
            url=item.url,
        )

    # Shared by several

    def phone(self, phone: Phone) -> Json:
        return _put(
            {"id": str(phone.id), "number": phone.number},
            organization_id=phone.organization_id,
            service_id=phone.service_id,
            location_id=phone.location_id,
            service_at_location_id=phone.service_at_location_id,
            type=phone.type,
            description=phone.description,
        )

    def language(self, language: Language) -> Json:
        return _put(
            {"id": str(language.id)},
            service_id=language.service_id,
            location_id=language.location_id,
            code=language.code,
            name=language.name,
            note=language.note,
        )

    def schedule(self, schedule: Schedule) -> Json:
        # HSDS's own `timezone` is a fixed UTC offset, wrong half the year in Norway: the
        # IANA name travels as an attribute instead.
        attributes = (
            [_attribute(schedule.id, "schedule", TIMEZONE_TERM.as_hsds(), value=schedule.timezone)]
            if schedule.timezone
            else []
        )
        return _put(
            {"id": str(schedule.id)},
            service_id=schedule.service_id,
            location_id=schedule.location_id,
            service_at_location_id=schedule.service_at_location_id,
            valid_from=_date(schedule.valid_from),
            valid_to=_date(schedule.valid_to),
            dtstart=_date(schedule.dtstart),
            freq=schedule.freq,
            interval=schedule.interval,
            byday=schedule.byday,
            opens_at=_time(schedule.opens_at),
            closes_at=_time(schedule.closes_at),
            attending_type=schedule.attending_type,
            description=schedule.description,
            notes=schedule.notes,
        ) | {"attributes": attributes}


def export_organizations(organizations: Iterable[Organization] | None = None) -> list[Json]:
    """Every organization, full, with full services: what `export_hsds` writes."""
    exporter = Exporter()
    rows = organizations if organizations is not None else organizations_for_hsds(full=True)
    return [exporter.organization(organization) for organization in rows]
