"""Import HSDS 3.0 into the directory (the mapping: docs/adr/0010; the reverse of hsds.py).

    report = import_file(path=Path("directory.json"))  # report.lines(), report.refusals

A file holds one record, a list of records, or a page ({"contents": [...]}). A record is an
organization, a service or a service_at_location, told apart by its keys (`kind_of`). Each
record is checked against the compiled schema of its kind, then written in a transaction of its
own: a record we refuse leaves nothing behind, and the others are still stored.

Writing is idempotent by id: every nested object is created or updated by its id. A list that is
present (even empty) is the whole truth for its parent: objects of that parent missing from it
are deleted. A list that is absent leaves what is stored alone, so a service_list item does not
wipe a service's places. Fields we have no place for are dropped (ADR 0010 lists them).

A file never overrides Kompanjong's own editors by accident: a record that would change an
organization whose entries editors keep here (`members` is set), or move an existing object to
another organization, is refused unless `take_over` is given (import_hsds --take-over). With
`dry_run` every record is checked and written as usual, then all of it is rolled back.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import math
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import DatabaseError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kompanjong.core.contracts import contract_errors
from kompanjong.directory import hsds, opening
from kompanjong.directory.models import (
    OSLO,
    Accessibility,
    Address,
    Attending,
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
from kompanjong.people.models import Municipality

ORGANIZATION = "organization"
SERVICE = "service"
SERVICE_AT_LOCATION = "service_at_location"
KINDS = (ORGANIZATION, SERVICE, SERVICE_AT_LOCATION)
SCHEMAS = {kind: f"hsds/schema/compiled/{kind}.json" for kind in KINDS}
FALLBACK_TAXONOMY = "imported"

M = TypeVar("M", bound=models.Model)
Json = dict[str, Any]

log = logging.getLogger("kompanjong.directory")


class ImportFileError(Exception):
    """The file cannot be read as HSDS at all (nothing was imported)."""


@dataclass(frozen=True)
class Problem:
    path: str  # JSON path inside the record, e.g. "$.service_at_locations[0].location.name"
    message: str


@dataclass(frozen=True)
class Refusal:
    index: int  # the record's place in the file's list, from 0
    record_id: str
    kind: str
    problems: list[Problem]

    def lines(self) -> Iterator[str]:
        # Counted from 1 for people; the paths below are inside the record.
        yield _("Record %(number)d (%(kind)s, id %(id)s) was not imported:") % {
            "number": self.index + 1,
            "kind": self.kind or _("unknown kind"),
            "id": self.record_id or "–",
        }
        for problem in self.problems:
            yield f"  {problem.path}: {problem.message}"


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    refused: int = 0


@dataclass
class ImportReport:
    counts: dict[str, Counts] = field(default_factory=dict)
    refusals: list[Refusal] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.refusals

    def lines(self) -> list[str]:
        labels = {
            ORGANIZATION: _("organizations"),
            SERVICE: _("services"),
            SERVICE_AT_LOCATION: _("services at locations"),
        }
        if not self.counts:
            return [_("The file holds no records: nothing was imported.")]
        first = (
            [_("Dry run: every record was checked, nothing was stored.")] if self.dry_run else []
        )
        return first + [
            _("%(kind)s: %(created)d imported, %(updated)d updated, %(refused)d refused")
            % {
                "kind": labels.get(kind, kind),
                "created": counts.created,
                "updated": counts.updated,
                "refused": counts.refused,
            }
            for kind, counts in self.counts.items()
        ]


class Refused(Exception):
    """A record cannot be stored; raised inside its transaction, so all of it is undone."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.problem = Problem(path, message)


# --- Reading the file ------------------------------------------------------------------------


class _NotJsonNumber(Exception):
    def __init__(self, literal: str) -> None:
        super().__init__(literal)
        self.literal = literal


def _refuse_constant(literal: str) -> Any:
    # Python's json reads NaN and Infinity, which JSON does not have: they would end up as
    # coordinates or numbers nothing can compute with, or break our own JSON output.
    raise _NotJsonNumber(literal)


def read_records(text: str) -> list[Any]:
    try:
        data = json.loads(text, parse_constant=_refuse_constant)
    except _NotJsonNumber as error:
        raise ImportFileError(
            _(
                "The file holds %(literal)s, which is not a number in JSON. Nothing was "
                "imported. Give a real number, or leave the field out."
            )
            % {"literal": error.literal}
        ) from None
    except json.JSONDecodeError as error:
        raise ImportFileError(
            _("The file is not JSON (line %(line)d, column %(column)d: %(reason)s).")
            % {"line": error.lineno, "column": error.colno, "reason": error.msg}
        ) from None
    if isinstance(data, dict) and isinstance(data.get("contents"), list):
        return list(data["contents"])
    if isinstance(data, dict):
        return [data]
    if isinstance(data, list):
        return data
    raise ImportFileError(
        _("The file must hold an HSDS object, a list of them, or a page with contents.")
    )


def kind_of(record: Any) -> str:
    """Which kind of HSDS object this is, by its keys ("" when we cannot tell).

    A service_at_location links a service and a location (service_id, location_id, location,
    service); a service has a status (required) or its own lists (service_at_locations,
    service_areas) or organization_id; an organization has services, locations, or the
    description it requires.
    """
    if not isinstance(record, dict):
        return ""
    keys = record.keys()
    if keys & {"service_id", "location_id", "location", "service"}:
        return SERVICE_AT_LOCATION
    if keys & {"status", "service_at_locations", "service_areas", "organization_id"}:
        return SERVICE
    if keys & {"services", "locations"} or {"name", "description"} <= keys:
        return ORGANIZATION
    return ""


def import_file(*, path: Path, dry_run: bool = False, take_over: bool = False) -> ImportReport:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ImportFileError(
            _("Cannot read %(path)s: %(reason)s") % {"path": path, "reason": error}
        ) from None
    return import_records(records=read_records(text), dry_run=dry_run, take_over=take_over)


def import_records(
    *, records: list[Any], dry_run: bool = False, take_over: bool = False
) -> ImportReport:
    """Store each record in a transaction of its own. With dry_run they are savepoints inside
    one transaction that is rolled back at the end, so a record may still name one before it
    (a service_at_location after its service) and the report says what a real run would do."""
    if not dry_run:
        return _import(records, take_over=take_over)
    with transaction.atomic():
        report = _import(records, take_over=take_over)
        report.dry_run = True
        transaction.set_rollback(True)
    return report


def _import(records: list[Any], *, take_over: bool) -> ImportReport:
    report = ImportReport()
    for index, record in enumerate(records):
        kind = kind_of(record)
        record_id = str(record.get("id", "")) if isinstance(record, dict) else ""
        counts = report.counts.setdefault(kind or _("unknown"), Counts())
        problems, created = _one(index, record, kind, take_over=take_over)
        if problems:
            counts.refused += 1
            report.refusals.append(Refusal(index, record_id, kind, problems))
        elif created:
            counts.created += 1
        else:
            counts.updated += 1
    return report


def _one(index: int, record: Any, kind: str, *, take_over: bool) -> tuple[list[Problem], bool]:
    """(problems, created) for one record. Nothing a record holds may stop the run: whatever
    goes wrong refuses this record only (its transaction is undone) and the next one is read."""
    try:
        problems = _check(record, kind)
        if problems:
            return problems, False
        return [], _write(record, kind, take_over=take_over)
    except Refused as refused:
        return [refused.problem], False
    except DatabaseError as error:
        reason = _("The database refused it: %(reason)s") % {"reason": error}
        return [Problem("$", reason)], False
    except Exception:
        log.exception("import_hsds: record %d could not be stored", index + 1)
        reason = _(
            "Something went wrong on our side with this record, so none of it was stored. "
            "The details are in the log."
        )
        return [Problem("$", reason)], False


def _check(record: Any, kind: str) -> list[Problem]:
    if not kind:
        return [
            Problem(
                "$",
                _(
                    "Cannot tell what this is: an organization, a service or a "
                    "service_at_location (see the keys in docs/adr/0010)."
                ),
            )
        ]
    return [Problem(error.path, error.message) for error in contract_errors(record, SCHEMAS[kind])]


def _write(record: Json, kind: str, *, take_over: bool) -> bool:
    """Store one record in its own transaction; True when its top object is new."""
    with transaction.atomic():
        writer = _Writer(take_over=take_over)
        if kind == ORGANIZATION:
            return writer.organization(record, "$")[1]
        if kind == SERVICE:
            return writer.service(record, "$", organization=None)[1]
        return writer.service_at_location(record, "$", service=None)[1]


# --- Values ----------------------------------------------------------------------------------


def _text(data: Json, key: str) -> str:
    value = data.get(key)
    return "" if value is None else str(value)


def _pk(data: Json) -> uuid.UUID:
    return uuid.UUID(str(data["id"]))  # every object has one: the schema requires it


def _id(data: Json, key: str = "id") -> uuid.UUID | None:
    value = data.get(key)
    return uuid.UUID(value) if value else None  # the schema checked the format


def _date(data: Json, key: str, path: str) -> dt.date | None:
    value = data.get(key)
    if not value:
        return None
    try:
        # A date, or the date of a date-time (some publishers send one).
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        raise Refused(f"{path}.{key}", _("Give a date as YYYY-MM-DD.")) from None


def _time(data: Json, key: str, path: str) -> dt.time | None:
    value = data.get(key)
    if not value:
        return None
    try:
        moment = dt.time.fromisoformat(str(value))
    except ValueError:
        raise Refused(f"{path}.{key}", _("Give a time as HH:MM.")) from None
    return moment.replace(tzinfo=None, microsecond=0)


def _moment(data: Json, key: str, path: str) -> dt.datetime | None:
    value = data.get(key)
    if not value:
        return None
    try:
        moment = dt.datetime.fromisoformat(str(value))
    except ValueError:
        raise Refused(f"{path}.{key}", _("Give a date and time in ISO 8601.")) from None
    try:
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        # Stored in UTC: a moment at the edge of the calendar (year 1 at +05:00) has no UTC
        # time, and would only fail when saved.
        return moment.astimezone(dt.UTC)
    except (OverflowError, ValueError):
        raise Refused(
            f"{path}.{key}", _("Give a date and time between the years 1 and 9999.")
        ) from None


def _number(value: Any) -> float | None:
    """A finite JSON number (not true/false, not NaN or Infinity), else None."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None


def _whole(data: Json, key: str, path: str) -> int | None:
    value = data.get(key)
    if value is None:
        return None
    number = _number(value)
    if number is None or not number.is_integer() or number < 0:
        raise Refused(f"{path}.{key}", _("Give a whole number, 0 or more."))
    return int(number)


def _coordinate(data: Json, key: str, path: str, limit: int) -> float | None:
    value = data.get(key)
    if value is None:
        return None
    number = _number(value)
    if number is None or not -limit <= number <= limit:
        raise Refused(
            f"{path}.{key}",
            _("Give a number from -%(limit)d to %(limit)d (decimal degrees).") % {"limit": limit},
        )
    return number


def _existing(model: type[M], pk: uuid.UUID | None) -> M | None:
    return None if pk is None else model._default_manager.filter(pk=pk).first()


def _items(data: Json, key: str) -> list[Json] | None:
    value = data.get(key)
    return None if value is None else list(value)


# --- Writing ---------------------------------------------------------------------------------


class _Writer:
    """Writes one record. Any problem raises Refused and the caller's transaction undoes all."""

    def __init__(self, *, take_over: bool = False) -> None:
        self._terms: dict[uuid.UUID, TaxonomyTerm] = {}
        self.take_over = take_over

    # Who keeps what

    def _not_kept(self, organization: Organization | None, path: str) -> None:
        """Refuse to change an organization whose entries Kompanjong's editors keep."""
        if organization is None or organization.members_id is None or self.take_over:
            return
        raise Refused(
            path,
            _(
                "Editors in Kompanjong keep the entries of “%(name)s”, so a file may not change "
                "them. Leave the record out, or run the import with --take-over to replace "
                "their work."
            )
            % {"name": organization.name},
        )

    def _not_moved(self, before: uuid.UUID | None, after: uuid.UUID | None, path: str) -> None:
        """Refuse to move an existing object to another organization."""
        if before is None or before == after or self.take_over:
            return
        raise Refused(
            path,
            _(
                "An object with this id belongs to another organization in the directory. "
                "Give it an id of its own, or run the import with --take-over to move it."
            ),
        )

    def _save(
        self,
        model: type[M],
        pk: uuid.UUID,
        values: Json,
        path: str,
        names: Json | None = None,
        *,
        owners: Iterable[str] = (),
        may_be_blank: Iterable[str] = (),
    ) -> tuple[M, bool]:
        """Create or update by id, with the model's own checks (lengths, emails, URLs).

        `owners` are the fields that tie the object to its parent: an existing object may not
        move to a parent of another organization. `may_be_blank` are fields HSDS requires as
        keys but lets be empty, where our model asks for a value from editors.
        """
        item = model._default_manager.filter(pk=pk).first()
        created = item is None
        if item is None:
            item = model(pk=pk)
        elif owners:
            before = _owning_organization([getattr(item, name) for name in owners])
            after = _owning_organization([values.get(name) for name in owners])
            self._not_moved(before, after, path)
        for name, value in values.items():
            setattr(item, name, value)
        relations = [f.name for f in model._meta.fields if f.is_relation]
        blank = [name for name in may_be_blank if not values.get(name)]
        try:
            item.clean_fields(exclude=[*relations, *blank])
        except ValidationError as error:
            name, messages = next(iter(error.message_dict.items()))
            key = (names or {}).get(name, name)
            raise Refused(f"{path}.{key}", " ".join(messages)) from None
        item.save(force_insert=created)
        return item, created

    def _sync(
        self,
        model: type[models.Model],
        parent: dict[str, Any],
        items: list[Json] | None,
        path: str,
        write: Callable[[Json, str], object],
        *,
        also_keep: Iterable[uuid.UUID] = (),
    ) -> None:
        if items is None:
            return
        keep = [*(_pk(item) for item in items), *also_keep]
        # Deleted first, so an object that replaces another under a new id may take its place.
        model._default_manager.filter(**parent).exclude(pk__in=keep).delete()
        for index, item in enumerate(items):
            write(item, f"{path}[{index}]")

    # Organizations

    def organization(self, data: Json, path: str) -> tuple[Organization, bool]:
        pk = _pk(data)
        self._not_kept(_existing(Organization, pk), path)
        organization, created = self._save(
            Organization,
            pk,
            {
                "name": _text(data, "name"),
                "alternate_name": _text(data, "alternate_name"),
                "description": _text(data, "description"),
                "email": _text(data, "email"),
                "website": _text(data, "website"),
            },
            path,
        )
        self._phones({"organization": organization}, data, path)
        self._sync(
            Location,
            {"organization": organization},
            _items(data, "locations"),
            f"{path}.locations",
            lambda item, at: self.location(item, at, listed_under=organization),
            also_keep=self._locations_of_places(data),
        )
        self._sync(
            Service,
            {"organization": organization},
            _items(data, "services"),
            f"{path}.services",
            lambda item, at: self.service(item, at, organization=organization),
        )
        return organization, created

    def _locations_of_places(self, data: Json) -> list[uuid.UUID]:
        """Locations the organization's services' places name: kept, written with the place."""
        return [
            _pk(row["location"])
            for service in data.get("services") or []
            for row in service.get("service_at_locations") or []
            if isinstance(row.get("location"), dict)
        ]

    # Services

    def service(
        self, data: Json, path: str, *, organization: Organization | None
    ) -> tuple[Service, bool]:
        if organization is None:
            organization = self._organization_of(data, path)
        self._not_kept(organization, path)
        pk = _pk(data)
        existing = Service.objects.select_related("organization").filter(pk=pk).first()
        if existing is not None:
            self._not_kept(existing.organization, path)
        service, created = self._save(
            Service,
            pk,
            {
                "organization": organization,
                "name": _text(data, "name"),
                "alternate_name": _text(data, "alternate_name"),
                "description": _text(data, "description"),
                "url": _text(data, "url"),
                "email": _text(data, "email"),
                "status": _text(data, "status"),
                "interpretation_services": _text(data, "interpretation_services"),
                "application_process": _text(data, "application_process"),
                "fees_description": _text(data, "fees_description"),
                "eligibility_description": _text(data, "eligibility_description"),
                "alert": _text(data, "alert"),
                "assured_date": _date(data, "assured_date", path),
            },
            path,
            owners=("organization",),
        )
        last_modified = _moment(data, "last_modified", path)
        if last_modified:
            # Keep when the source last changed it (auto_now would say "now").
            Service.objects.filter(pk=pk).update(last_modified=last_modified)
        parent = {"service": service}
        self._phones(parent, data, path)
        self._schedules(parent, data, path)
        self._languages(parent, data, path)
        self._sync(
            ServiceArea,
            parent,
            _items(data, "service_areas"),
            f"{path}.service_areas",
            lambda item, at: self._service_area(service, item, at),
        )
        self._sync(
            RequiredDocument,
            parent,
            _items(data, "required_documents"),
            f"{path}.required_documents",
            lambda item, at: self._save(
                RequiredDocument,
                _pk(item),
                {
                    "service": service,
                    "document": _text(item, "document"),
                    "uri": _text(item, "uri"),
                },
                at,
                owners=("service",),
            ),
        )
        attributes = _items(data, "attributes")
        if attributes is not None:
            service.topics.set(self._topics(attributes, f"{path}.attributes"))
        self._sync(
            ServiceAtLocation,
            parent,
            _items(data, "service_at_locations"),
            f"{path}.service_at_locations",
            lambda item, at: self.service_at_location(item, at, service=service),
        )
        return service, created

    def _organization_of(self, data: Json, path: str) -> Organization:
        nested = data.get("organization")
        if isinstance(nested, dict):
            if data.get("organization_id") not in (None, nested.get("id")):
                raise Refused(
                    f"{path}.organization_id", _("It differs from the id of organization.")
                )
            # Only its own fields: a nested organization has no lists to sync.
            return self.organization(
                {key: nested.get(key) for key in _ORG_FIELDS}, f"{path}.organization"
            )[0]
        organization_id = _id(data, "organization_id")
        if organization_id is None:
            raise Refused(
                path, _("A service needs its organization: organization_id or organization.")
            )
        organization = Organization.objects.filter(pk=organization_id).first()
        if organization is None:
            raise Refused(
                f"{path}.organization_id",
                _("No organization has this id. Import the organization first, or nest it."),
            )
        return organization

    def _service_area(self, service: Service, data: Json, path: str) -> ServiceArea:
        number = _municipality_number(data)
        if number is None:
            raise Refused(
                path,
                _(
                    "We only store service areas that are Norwegian municipalities: give the "
                    "municipality number as extent (extent_type text) or as the uri "
                    "urn:kommunenummer:NNNN."
                ),
            )
        pk = _pk(data)
        area, _created = self._save(
            ServiceArea,
            pk,
            {
                "service": service,
                "municipality_number": number,
                "name": _text(data, "name"),
                "description": _text(data, "description"),
            },
            path,
            {"municipality_number": "extent"},
            owners=("service",),
        )
        return area

    def _topics(self, attributes: list[Json], path: str) -> list[TaxonomyTerm]:
        terms = []
        for index, attribute in enumerate(attributes):
            term = self._term(attribute, f"{path}[{index}]")
            if term is not None:
                terms.append(term)
        return terms

    def _term(self, attribute: Json, path: str) -> TaxonomyTerm | None:
        data = attribute.get("taxonomy_term") or {}
        pk = _id(data) or _id(attribute, "taxonomy_term_id")
        if pk is None or pk in hsds.OWN_TERMS or _taxonomy(data) in hsds.OWN_TAXONOMIES:
            return None  # not a topic: our own attributes mean something else on a service
        if pk in self._terms:
            return self._terms[pk]
        term = TaxonomyTerm.objects.filter(pk=pk).first()
        if term is None:
            if not data:
                raise Refused(
                    f"{path}.taxonomy_term_id",
                    _("We do not know this taxonomy term: send it as taxonomy_term."),
                )
            term = self._new_term(pk, data, f"{path}.taxonomy_term")
        self._terms[pk] = term
        return term

    def _new_term(self, pk: uuid.UUID, data: Json, path: str) -> TaxonomyTerm:
        code = _text(data, "code") or str(pk)
        if TaxonomyTerm.objects.filter(code=code).exists():
            code = str(pk)  # codes are unique here; another taxonomy may use the same one
        parent = _id(data, "parent_id")
        term, _created = self._save(
            TaxonomyTerm,
            pk,
            {
                "code": code,
                "name": _text(data, "name"),
                "description": _text(data, "description"),
                "taxonomy": _taxonomy(data) or FALLBACK_TAXONOMY,
                "parent": TaxonomyTerm.objects.filter(pk=parent).first() if parent else None,
            },
            path,
        )
        return term

    # Service at location, locations

    def service_at_location(
        self, data: Json, path: str, *, service: Service | None
    ) -> tuple[ServiceAtLocation, bool]:
        if service is None:
            service = self._service_of(data, path)
        location = self._location_of(data, path)
        pk = _pk(data)
        row, created = self._save(
            ServiceAtLocation,
            pk,
            {"service": service, "location": location, "description": _text(data, "description")},
            path,
            owners=("service",),
        )
        parent = {"service_at_location": row}
        self._phones(parent, data, path)
        self._schedules(parent, data, path)
        return row, created

    def _service_of(self, data: Json, path: str) -> Service:
        nested = data.get("service")
        if isinstance(nested, dict):
            return self.service(nested, f"{path}.service", organization=None)[0]
        service_id = _id(data, "service_id")
        service = (
            Service.objects.select_related("organization").filter(pk=service_id).first()
            if service_id
            else None
        )
        if service is None:
            raise Refused(
                f"{path}.service_id",
                _("No service has this id. Import the service first, or nest it as service."),
            )
        # A new place, or changed hours, change the service's entry.
        self._not_kept(service.organization, f"{path}.service_id")
        return service

    def _location_of(self, data: Json, path: str) -> Location:
        nested = data.get("location")
        if isinstance(nested, dict):
            return self.location(nested, f"{path}.location")[0]
        location = _existing(Location, _id(data, "location_id"))
        if location is None:
            raise Refused(
                f"{path}.location_id",
                _("No location has this id. Import it first, or nest it as location."),
            )
        return location

    def _owner_of_location(
        self, data: Json, path: str, existing: Location | None, listed_under: Organization | None
    ) -> Organization | None:
        """The organization given, else the one the location is listed under, else the one it
        has (a nested location often leaves organization_id out: that must not clear it)."""
        organization_id = _id(data, "organization_id")
        if organization_id is None:
            if listed_under is not None:
                return listed_under
            return existing.organization if existing is not None else None
        if listed_under is not None and organization_id != listed_under.pk:
            raise Refused(
                f"{path}.organization_id",
                _("It differs from the id of the organization the location is listed under."),
            )
        organization = Organization.objects.filter(pk=organization_id).first()
        if organization is None:
            raise Refused(
                f"{path}.organization_id", _("No organization has this id. Import it first.")
            )
        return organization

    def location(
        self, data: Json, path: str, *, listed_under: Organization | None = None
    ) -> tuple[Location, bool]:
        pk = _pk(data)
        attributes = data.get("attributes") or []
        existing = Location.objects.select_related("organization").filter(pk=pk).first()
        organization = self._owner_of_location(data, path, existing, listed_under)
        self._not_kept(organization, path)
        if existing is not None:
            self._not_kept(existing.organization, path)
            if existing.organization is None and not self.take_over:
                # Nobody owns it, but editors may keep it through their services there.
                others = Organization.objects.filter(
                    services__at_locations__location=existing, members__isnull=False
                )
                if organization is not None:
                    others = others.exclude(pk=organization.pk)
                kept = others.first()
                self._not_kept(kept, path)
        location, created = self._save(
            Location,
            pk,
            {
                "organization": organization,
                "kind": _kind(data, attributes, path),
                "name": _text(data, "name"),
                "alternate_name": _text(data, "alternate_name"),
                "description": _text(data, "description"),
                "transportation": _text(data, "transportation"),
                "url": _text(data, "url"),
                "latitude": _coordinate(data, "latitude", path, 90),
                "longitude": _coordinate(data, "longitude", path, 180),
                "step_free": _has_term(attributes, hsds.STEP_FREE_TERM),
            },
            path,
            {"kind": "location_type"},
            owners=("organization",),
        )
        parent = {"location": location}
        self._phones(parent, data, path)
        self._schedules(parent, data, path)
        self._languages(parent, data, path)
        self._sync(
            Address,
            parent,
            _items(data, "addresses"),
            f"{path}.addresses",
            lambda item, at: self._save(
                Address,
                _pk(item),
                {
                    "location": location,
                    **{key: _text(item, key) for key in _ADDRESS_FIELDS},
                },
                at,
                owners=("location",),
                # HSDS requires the key, not a value: an address without a county is fine.
                may_be_blank=("state_province",),
            ),
        )
        self._sync(
            Accessibility,
            parent,
            _items(data, "accessibility"),
            f"{path}.accessibility",
            lambda item, at: self._save(
                Accessibility,
                _pk(item),
                {
                    "location": location,
                    "description": _text(item, "description"),
                    "details": _text(item, "details"),
                    "url": _text(item, "url"),
                },
                at,
                owners=("location",),
            ),
        )
        return location, created

    # Shared by several

    def _phones(self, parent: dict[str, Any], data: Json, path: str) -> None:
        def write(item: Json, at: str) -> None:
            owners = dict.fromkeys(_OWNERS) | parent
            self._save(
                Phone,
                _pk(item),
                {
                    **owners,
                    "number": _text(item, "number"),
                    "type": _text(item, "type"),
                    "description": _text(item, "description"),
                },
                at,
                owners=_OWNERS,
            )

        self._sync(Phone, parent, _items(data, "phones"), f"{path}.phones", write)

    def _languages(self, parent: dict[str, Any], data: Json, path: str) -> None:
        def write(item: Json, at: str) -> None:
            self._save(
                Language,
                _pk(item),
                {
                    "service": None,
                    "location": None,
                    **parent,
                    "code": _text(item, "code"),
                    "name": _text(item, "name"),
                    "note": _text(item, "note"),
                },
                at,
                owners=("service", "location"),
            )

        self._sync(Language, parent, _items(data, "languages"), f"{path}.languages", write)

    def _schedules(self, parent: dict[str, Any], data: Json, path: str) -> None:
        def write(item: Json, at: str) -> None:
            attending = _text(item, "attending_type")
            self._save(
                Schedule,
                _pk(item),
                {
                    "service": None,
                    "location": None,
                    "service_at_location": None,
                    **parent,
                    "freq": _text(item, "freq"),
                    "interval": _whole(item, "interval", at),
                    "byday": opening.normalised_byday(_text(item, "byday")),
                    "valid_from": _date(item, "valid_from", at),
                    "valid_to": _date(item, "valid_to", at),
                    "dtstart": _date(item, "dtstart", at),
                    "opens_at": _time(item, "opens_at", at),
                    "closes_at": _time(item, "closes_at", at),
                    "timezone": _timezone(item, at),
                    # Other publishers write free text ("in person"): we keep only our two.
                    "attending_type": attending if attending in Attending.values else "",
                    "description": _text(item, "description"),
                    "notes": _text(item, "notes"),
                },
                at,
                owners=("service", "location", "service_at_location"),
            )

        self._sync(Schedule, parent, _items(data, "schedules"), f"{path}.schedules", write)


def _owning_organization(owners: list[Any]) -> uuid.UUID | None:
    """Which organization the first owner given (an organization, service, location or service
    at a location) belongs to; None for none, or a location nobody owns."""
    owner = next((owner for owner in owners if owner is not None), None)
    if isinstance(owner, Organization):
        return owner.pk
    if isinstance(owner, Service | Location):
        return owner.organization_id
    if isinstance(owner, ServiceAtLocation):
        return owner.service.organization_id
    return None


def _timezone(item: Json, path: str) -> str:
    """Our IANA time zone attribute: only Europe/Oslo, the zone every opening hour is read in
    (a place in another zone would be shown at the wrong hours)."""
    attributes = item.get("attributes") or []
    value = _term_value(attributes, hsds.TIMEZONE_TERM) or OSLO
    if value != OSLO:
        index = next(
            n for n, attribute in enumerate(attributes) if _matches(attribute, hsds.TIMEZONE_TERM)
        )
        raise Refused(
            f"{path}.attributes[{index}].value",
            _(
                "We only keep opening hours in Norwegian time (Europe/Oslo), not %(zone)s. "
                "Give the hours in Norwegian time."
            )
            % {"zone": value},
        )
    return value


_ORG_FIELDS = ("id", "name", "alternate_name", "description", "email", "website")
_ADDRESS_FIELDS = (
    "attention",
    "address_1",
    "address_2",
    "city",
    "region",
    "state_province",
    "postal_code",
    "country",
    "address_type",
)
_OWNERS = ("organization", "service", "location", "service_at_location")


def _taxonomy(term: Json) -> str:
    detail = term.get("taxonomy_detail")
    name = term.get("taxonomy") or (detail.get("name") if isinstance(detail, dict) else "")
    return str(name or "")


def _matches(attribute: Json, term: hsds.OwnTerm) -> bool:
    data = attribute.get("taxonomy_term") or {}
    if _id(attribute, "taxonomy_term_id") == term.id or _id(data) == term.id:
        return True
    return _taxonomy(data) == term.taxonomy and data.get("code") == term.code


def _has_term(attributes: list[Json], term: hsds.OwnTerm) -> bool:
    return any(
        _matches(attribute, term)
        and str(attribute.get("value", "true")).lower() not in ("false", "no", "0")
        for attribute in attributes
    )


def _term_value(attributes: list[Json], term: hsds.OwnTerm) -> str:
    for attribute in attributes:
        if _matches(attribute, term) and attribute.get("value"):
            return str(attribute["value"])
    return ""


def _kind(data: Json, attributes: list[Json], path: str) -> str:
    location_type = data.get("location_type")
    if location_type == "physical":
        return LocationKind.PHYSICAL
    if location_type == "virtual":
        for kind, term in hsds.CHANNELS.items():
            if _has_term(attributes, term):
                return kind
        # Another publisher's virtual location: a link means video, otherwise by phone.
        return LocationKind.VIDEO if data.get("url") else LocationKind.PHONE
    raise Refused(
        f"{path}.location_type",
        _("We list places to visit and help by phone or video: a postal address is not one."),
    )


def _municipality_number(data: Json) -> str | None:
    extent = _text(data, "extent").strip()
    if _text(data, "extent_type") in ("", "text") and len(extent) == 4 and extent.isdigit():
        return extent
    uri = _text(data, "uri")
    if uri.startswith(hsds.AREA_URI_PREFIX):
        number = uri.removeprefix(hsds.AREA_URI_PREFIX)
        if len(number) == 4 and number.isdigit():
            return number
    name = _text(data, "name").strip()
    if name:
        found = list(
            Municipality.objects.filter(name__iexact=name).values_list("number", flat=True)
        )
        if len(found) == 1:
            return found[0]
    return None


__all__ = [
    "KINDS",
    "ImportFileError",
    "ImportReport",
    "Refusal",
    "import_file",
    "import_records",
    "kind_of",
    "read_records",
]
