"""HSDS export and import: a round trip gives the same JSON, other publishers' files are read,
bad records are refused whole while the good ones are stored, and nothing half-imports."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kompanjong.core.contracts import schema_errors
from kompanjong.directory import hsds
from kompanjong.directory.hsds_import import (
    ORGANIZATION,
    SERVICE,
    SERVICE_AT_LOCATION,
    ImportFileError,
    import_file,
    import_records,
    kind_of,
    read_records,
)
from kompanjong.directory.models import (
    OSLO,
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
from kompanjong.directory.topics import term_id
from tests.contracts import undeclared_properties
from tests.directory.hsds_world import World, hsds_world, more_services, postcodes
from tests.factories import OrganisationFactory as MembersFactory

pytestmark = pytest.mark.django_db

SAMPLES = Path(__file__).parent / "hsds_samples"
Json = dict[str, Any]
ORGANIZATION_SCHEMA = "hsds/schema/compiled/organization.json"
DIRECTORY_MODELS = (
    Organization,
    Service,
    Location,
    ServiceAtLocation,
    Schedule,
    Phone,
    Language,
    ServiceArea,
    Address,
    Accessibility,
    RequiredDocument,
)


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in DIRECTORY_MODELS}


def wipe_directory() -> None:
    Organization.objects.all().delete()
    Location.objects.all().delete()
    TaxonomyTerm.objects.all().delete()
    assert not any(counts().values())


def run(command: str, *args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(command, *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def run_failing(command: str, *args: str) -> tuple[str, str, CommandError]:
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command(command, *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue(), raised.value


def sample(name: str) -> Any:
    return json.loads((SAMPLES / name).read_text(encoding="utf-8"))


def write(tmp_path: Path, name: str, data: Any) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture
def world() -> World:
    return hsds_world()


# --- Export ----------------------------------------------------------------------------------


def test_the_export_is_valid_hsds_with_every_mapping(world: World) -> None:
    organizations = hsds.export_organizations()
    for organization in organizations:
        assert schema_errors(organization, ORGANIZATION_SCHEMA) == []
        assert undeclared_properties(organization, ORGANIZATION_SCHEMA) == []
    library = next(o for o in organizations if o["id"] == str(world.library.id))
    service = next(s for s in library["services"] if s["id"] == str(world.digital_help.id))
    assert service["assured_date"] == "2026-09-01"
    assert dt.datetime.fromisoformat(service["last_modified"]).tzinfo is not None
    assert {a["taxonomy_term"]["code"] for a in service["attributes"]} == {
        "nav",
        "eid",
        "language_help",
    }
    nav = next(a for a in service["attributes"] if a["taxonomy_term"]["code"] == "nav")
    assert nav["link_entity"] == "service"
    assert nav["taxonomy_term_id"] == str(term_id("nav"))
    assert nav["taxonomy_term"]["taxonomy"] == "kompanjong-help-topics"
    assert service["service_areas"][0] == {
        "id": service["service_areas"][0]["id"],
        "service_id": str(world.digital_help.id),
        "name": "Oslo",
        "extent": "0301",
        "extent_type": "text",
        "uri": "urn:kommunenummer:0301",
    }
    places = {row["location"]["name"]: row for row in service["service_at_locations"]}
    place = places["Deichman Grünerløkka, Schleppegrells gate"]
    assert place["location"]["location_type"] == "physical"
    assert [a["taxonomy_term"]["code"] for a in place["location"]["attributes"]] == [
        "step_free_access"
    ]
    hours = place["schedules"]
    weekly = next(h for h in hours if h.get("byday") == "MO,TU,WE,TH,FR")
    assert (weekly["opens_at"], weekly["closes_at"], weekly["freq"]) == ("10:00", "15:00", "WEEKLY")
    assert "timezone" not in hours[0]
    assert hours[0]["attributes"][0]["value"] == OSLO
    closed = next(h for h in hours if h.get("description") == "Stengt julaften.")
    assert closed["valid_from"] == closed["valid_to"] == "2026-12-24"
    assert "freq" not in closed and "opens_at" not in closed
    phone_channel = places["Ring biblioteket"]["location"]
    video_channel = places["Videohjelp"]["location"]
    assert phone_channel["location_type"] == video_channel["location_type"] == "virtual"
    assert phone_channel["attributes"][0]["taxonomy_term"]["code"] == "phone"
    assert video_channel["attributes"][0]["taxonomy_term"]["code"] == "video"
    # Empty values with a format are left out, never sent as "".
    document = next(d for d in service["required_documents"] if "uri" not in d)
    assert document["document"] == "Telefonen din og BankID-brikken"
    assert "email" not in next(o for o in organizations if o["name"] == "NAV Hamar")


def test_exporting_many_organizations_costs_the_same_queries(world: World) -> None:
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            hsds.export_organizations()
        return len(captured.captured_queries)

    few = queries()
    more_services(15)
    assert queries() == few


def test_export_command_writes_a_file_and_stdout(world: World, tmp_path: Path) -> None:
    target = tmp_path / "directory.json"
    out, _err = run("export_hsds", "--output", str(target))
    assert out == ""
    written = json.loads(target.read_text(encoding="utf-8"))
    assert [o["name"] for o in written] == ["Deichman Grünerløkka", "NAV Hamar"]
    out, _err = run("export_hsds")
    assert json.loads(out) == written


# --- Round trip ------------------------------------------------------------------------------


def test_export_wipe_import_export_gives_identical_json(world: World, tmp_path: Path) -> None:
    path = tmp_path / "directory.json"
    run("export_hsds", "--output", str(path))
    before = counts()
    first = path.read_text(encoding="utf-8")
    wipe_directory()

    out, err = run("import_hsds", str(path))

    assert out.splitlines() == ["organizations: 2 imported, 0 updated, 0 refused"]
    assert err == ""
    assert counts() == before
    again = tmp_path / "again.json"
    run("export_hsds", "--output", str(again))
    assert again.read_text(encoding="utf-8") == first
    restored = Location.objects.get(pk=world.video_help.location_id)
    assert restored.kind == LocationKind.VIDEO
    assert Location.objects.get(pk=world.library_place.location_id).step_free
    assert Location.objects.get(pk=world.phone_help.location_id).kind == LocationKind.PHONE
    assert set(Schedule.objects.values_list("timezone", flat=True)) == {OSLO}


def test_importing_the_same_export_again_changes_nothing(world: World, tmp_path: Path) -> None:
    path = tmp_path / "directory.json"
    run("export_hsds", "--output", str(path))
    before = counts()
    out, _err = run("import_hsds", str(path))
    assert out.splitlines() == ["organizations: 0 imported, 2 updated, 0 refused"]
    assert counts() == before
    assert json.dumps(hsds.export_organizations(), ensure_ascii=False, indent=2) + "\n" == (
        path.read_text(encoding="utf-8")
    )


def test_nested_objects_missing_from_a_reimport_are_deleted(world: World, tmp_path: Path) -> None:
    [library] = [o for o in hsds.export_organizations() if o["id"] == str(world.library.id)]
    service = next(s for s in library["services"] if s["id"] == str(world.digital_help.id))
    service["service_at_locations"] = [
        row for row in service["service_at_locations"] if row["id"] != str(world.video_help.id)
    ]
    library["locations"] = [
        location
        for location in library["locations"]
        if location["id"] != str(world.video_help.location_id)
    ]
    place = service["service_at_locations"][0]
    place["schedules"] = place["schedules"][:1]
    service["phones"] = []
    service["attributes"] = service["attributes"][:1]
    library["services"] = [service]

    report = import_file(path=write(tmp_path, "library.json", library))

    assert report.ok
    assert not ServiceAtLocation.objects.filter(pk=world.video_help.pk).exists()
    assert not Service.objects.filter(pk=world.closed_service.pk).exists()
    assert Schedule.objects.filter(service_at_location_id=place["id"]).count() == 1
    assert not Phone.objects.filter(service=world.digital_help).exists()
    assert world.digital_help.topics.count() == 1
    # The video location is not the organization's any more: it is in no list.
    assert not Location.objects.filter(pk=world.video_help.location_id).exists()
    assert Service.objects.filter(pk=world.hamar_service.pk).exists()


def test_a_list_left_out_leaves_what_is_stored(world: World) -> None:
    item = hsds.Exporter().service_list_item(world.digital_help)
    item["name"] = "Digital hjelp (ny)"

    report = import_records(records=[item])

    assert report.ok
    world.digital_help.refresh_from_db()
    assert world.digital_help.name == "Digital hjelp (ny)"
    assert world.digital_help.at_locations.count() == 3
    assert world.digital_help.topics.count() == 3


# --- Other publishers ------------------------------------------------------------------------


def test_a_service_from_another_publisher_is_imported(tmp_path: Path) -> None:
    postcodes()
    out, err = run("import_hsds", str(SAMPLES / "service_from_other_publisher.json"))

    assert out.splitlines() == ["services: 1 imported, 0 updated, 0 refused"]
    assert err == ""
    service = Service.objects.select_related("organization").get(name="Seniornett: datahjelp")
    assert service.organization.name == "Seniornett Norge"
    assert service.organization.website == "https://www.seniornett.no"
    assert service.assured_date == dt.date(2026, 8, 15)
    assert service.last_modified == dt.datetime(2026, 8, 15, 9, 30, tzinfo=dt.UTC)
    # "Oslo" by name (a GeoJSON extent we cannot store), Hamar by its urn.
    assert sorted(service.service_areas.values_list("municipality_number", flat=True)) == [
        "0301",
        "3403",
    ]
    [term] = service.topics.all()
    assert (term.code, term.name, term.taxonomy) == (
        "computer-class",
        "Computer Class",
        "open-eligibility",
    )
    place = ServiceAtLocation.objects.select_related("location").get(
        pk="70707070-8080-4090-8a0a-b0b0b0b0b001"
    )
    assert place.location.kind == LocationKind.PHYSICAL
    assert place.location.organization is None
    assert place.location.addresses.get().postal_code == "0553"
    assert place.location.accessibility.get().description == "Rampe ved inngangen."
    weekly, christmas = place.schedules.get(freq="WEEKLY"), place.schedules.get(freq="")
    assert (weekly.opens_at, weekly.closes_at) == (dt.time(12), dt.time(15))
    assert weekly.attending_type == ""  # "in person" is not one of ours
    assert weekly.timezone == OSLO
    assert christmas.is_exception and christmas.opens_at is None
    video = Location.objects.get(pk="60606060-7070-4080-9090-a0a0a0a0a002")
    assert video.kind == LocationKind.VIDEO
    assert sorted(service.languages.values_list("code", flat=True)) == ["en", "nb"]
    # Exported again, it is valid HSDS of ours.
    exported = hsds.Exporter().service(hsds.services_for_hsds(full=True).get(pk=service.pk))
    assert schema_errors(exported, "hsds/schema/compiled/service.json") == []


def test_reimporting_another_publishers_file_updates_without_duplicates(tmp_path: Path) -> None:
    postcodes()
    data = sample("service_from_other_publisher.json")
    assert import_records(records=[data]).ok
    before = counts()

    data["name"] = "Seniornett: datahjelp og kurs"
    data["organization"]["name"] = "Seniornett"
    data["service_at_locations"][0]["location"]["name"] = "Frivilligsentralen"
    data["service_at_locations"][0]["schedules"][0]["opens_at"] = "11:00"
    report = import_file(path=write(tmp_path, "changed.json", data))

    assert report.lines() == ["services: 0 imported, 1 updated, 0 refused"]
    assert counts() == before
    assert Service.objects.get(pk=data["id"]).name == "Seniornett: datahjelp og kurs"
    assert Organization.objects.get(pk=data["organization"]["id"]).name == "Seniornett"
    assert Location.objects.filter(name="Frivilligsentralen").count() == 1
    assert Schedule.objects.get(pk="30303030-4040-4050-8060-707070707001").opens_at == dt.time(11)


def test_a_page_of_services_at_locations_is_imported() -> None:
    records = read_records((SAMPLES / "page_of_services_at_locations.json").read_text())
    assert [kind_of(record) for record in records] == [SERVICE_AT_LOCATION] * 2

    report = import_records(records=records)

    assert report.lines() == ["services at locations: 2 imported, 0 updated, 0 refused"]
    service = Service.objects.get(pk="5e2d3c8f-7b1a-4caf-8b64-2a1d9f3e5b22")
    assert service.organization.name == "Pensjonistforbundet Hamar"
    kinds = set(service.at_locations.values_list("location__kind", flat=True))
    assert kinds == {LocationKind.PHYSICAL, LocationKind.PHONE}


def test_kinds_are_told_apart_by_their_keys() -> None:
    assert kind_of({"id": "x", "name": "A", "description": "B"}) == ORGANIZATION
    assert kind_of({"id": "x", "name": "A", "services": []}) == ORGANIZATION
    assert kind_of({"id": "x", "name": "A", "status": "active"}) == SERVICE
    assert kind_of({"id": "x", "organization_id": "y", "name": "A"}) == SERVICE
    assert kind_of({"id": "x", "service_id": "y"}) == SERVICE_AT_LOCATION
    assert kind_of({"id": "x", "location": {}}) == SERVICE_AT_LOCATION
    assert kind_of({"id": "x", "name": "A"}) == ""
    assert kind_of(["not", "an", "object"]) == ""


# --- Refusals --------------------------------------------------------------------------------


def test_one_bad_record_is_refused_and_the_good_ones_stored() -> None:
    postcodes()
    out, err, error = run_failing("import_hsds", str(SAMPLES / "one_bad_among_good.json"))

    assert out.splitlines() == [
        "organizations: 1 imported, 0 updated, 1 refused",
        "services: 1 imported, 0 updated, 0 refused",
    ]
    assert "Record 2 (organization, id 1a1a1a1a-2b2b-4c3c-8d4d-5e5e5e5e5e02)" in err
    assert "$.services[0].status: 'open' is not one of" in err
    assert error.returncode == 1
    assert str(error) == "1 record was refused: see above."
    assert not Organization.objects.filter(pk="1a1a1a1a-2b2b-4c3c-8d4d-5e5e5e5e5e02").exists()
    assert not Service.objects.filter(pk="2a2a2a2a-3b3b-4c4c-8d5d-6e6e6e6e6e02").exists()
    assert sorted(Service.objects.values_list("name", flat=True)) == [
        "Hjemmebesøk med nettbrett",
        "Telefonhjelp med BankID",
    ]
    assert ServiceArea.objects.get().municipality_number == "3430"


def test_a_record_failing_in_the_database_midway_leaves_nothing() -> None:
    out, err, _error = run_failing("import_hsds", str(SAMPLES / "fails_in_the_database.json"))

    assert out.splitlines() == ["organizations: 0 imported, 0 updated, 1 refused"]
    assert "The database refused it" in err
    assert not any(counts().values())


def test_an_over_long_value_refuses_the_record_with_its_path(world: World) -> None:
    [library] = [o for o in hsds.export_organizations() if o["id"] == str(world.library.id)]
    library["name"] = "Nytt navn som ikke skal lagres"
    rows = library["services"][1]["service_at_locations"]
    index = next(i for i, row in enumerate(rows) if row["id"] == str(world.library_place.id))
    rows[index]["phones"][0]["number"] = "9" * 31
    before = counts()

    report = import_records(records=[library])

    [refusal] = report.refusals
    [problem] = refusal.problems
    assert problem.path == f"$.services[1].service_at_locations[{index}].phones[0].number"
    assert "at most 30 characters" in problem.message
    assert counts() == before
    world.library.refresh_from_db()
    assert world.library.name == "Deichman Grünerløkka"


@pytest.mark.parametrize(
    ("change", "path", "message"),
    [
        (
            {"organization_id": "00000000-0000-4000-8000-000000000000", "organization": None},
            "$.organization_id",
            "No organization has this id",
        ),
        (
            {"organization_id": "00000000-0000-4000-8000-000000000000"},
            "$.organization_id",
            "differs from the id of organization",
        ),
        ({"assured_date": "15.08.2026"}, "$.assured_date", "YYYY-MM-DD"),
        ({"email": "not an email"}, "$.email", "email"),
        (
            {"service_areas": [{"id": "a1a1a1a1-b2b2-4c3c-8d4d-e5e5e5e5e509", "name": "Mars"}]},
            "$.service_areas[0]",
            "Norwegian municipalities",
        ),
    ],
)
def test_bad_values_are_refused_with_a_path(change: Json, path: str, message: str) -> None:
    record = {
        "id": "5d1c2b7e-6a0f-4b9e-9a53-1f0c8e2d4a99",
        "name": "En tjeneste",
        "status": "active",
        "organization": {
            "id": "9b3f1e0a-2c44-4d7b-8f6e-3a5b7c9d1e99",
            "name": "O",
            "description": "",
        },
    } | change
    record = {key: value for key, value in record.items() if value is not None}

    report = import_records(records=[record])

    [refusal] = report.refusals
    assert any(p.path == path and message in p.message for p in refusal.problems), refusal
    assert not any(counts().values())


def test_a_postal_location_and_an_unknown_term_are_refused() -> None:
    organization = {"id": "9b3f1e0a-2c44-4d7b-8f6e-3a5b7c9d1e98", "name": "O", "description": ""}
    postal = {
        "id": "5d1c2b7e-6a0f-4b9e-9a53-1f0c8e2d4a98",
        "name": "A",
        "status": "active",
        "organization": organization,
        "service_at_locations": [
            {
                "id": "70707070-8080-4090-8a0a-b0b0b0b0b098",
                "location": {
                    "id": "60606060-7070-4080-9090-a0a0a0a0a098",
                    "location_type": "postal",
                },
            }
        ],
    }
    unknown_term = {
        "id": "5d1c2b7e-6a0f-4b9e-9a53-1f0c8e2d4a97",
        "name": "B",
        "status": "active",
        "organization": organization,
        "attributes": [
            {
                "id": "e1e1e1e1-f2f2-4a3a-8b4b-c5c5c5c5c597",
                "taxonomy_term_id": "f0f0f0f0-1111-4222-8333-444455556697",
            }
        ],
    }

    report = import_records(records=[postal, unknown_term])

    paths = [refusal.problems[0].path for refusal in report.refusals]
    assert paths == [
        "$.service_at_locations[0].location.location_type",
        "$.attributes[0].taxonomy_term_id",
    ]
    assert not Service.objects.exists()


def test_an_unknown_kind_of_record_is_refused() -> None:
    report = import_records(records=[{"id": "x", "name": "Hva er dette?"}, 42])
    assert [r.problems[0].message[:20] for r in report.refusals] == ["Cannot tell what thi"] * 2
    assert report.lines() == ["unknown: 0 imported, 0 updated, 2 refused"]


def test_a_file_that_is_not_json_is_a_plain_error(tmp_path: Path) -> None:
    out, _err, error = run_failing("import_hsds", str(SAMPLES / "not_json.json"))
    assert out == ""
    assert str(error).startswith("The file is not JSON (line 1, column 1")
    with pytest.raises(ImportFileError, match="Cannot read"):
        import_file(path=tmp_path / "missing.json")
    with pytest.raises(ImportFileError, match="must hold an HSDS object"):
        read_records("42")


def test_an_empty_list_imports_nothing() -> None:
    assert import_records(records=read_records("[]")).lines() == [
        "The file holds no records: nothing was imported."
    ]


# --- Numbers JSON does not have, coordinates off the earth ----------------------------------


def test_nan_and_infinity_in_a_file_are_a_plain_error(tmp_path: Path) -> None:
    for literal in ("NaN", "Infinity", "-Infinity"):
        with pytest.raises(ImportFileError, match=f"holds {literal}, which is not a number"):
            read_records(f'{{"id": "x", "name": "A", "latitude": {literal}}}')
    path = tmp_path / "nan.json"
    path.write_text('[{"id": "x", "name": "A", "description": "", "x": NaN}]', encoding="utf-8")
    out, _err, error = run_failing("import_hsds", str(path))
    assert out == "" and "NaN" in str(error)
    assert not any(counts().values())


def organization_with_a_place(**location: Any) -> Json:
    return {
        "id": "9b3f1e0a-2c44-4d7b-8f6e-3a5b7c9d1e55",
        "name": "Sted med kart",
        "description": "",
        "locations": [
            {
                "id": "60606060-7070-4080-9090-a0a0a0a0a055",
                "location_type": "physical",
                "name": "Stedet",
            }
            | location
        ],
    }


@pytest.mark.parametrize(
    ("location", "path"),
    [
        ({"latitude": 95.0, "longitude": 10.0}, "$.locations[0].latitude"),
        ({"latitude": -90.5, "longitude": 10.0}, "$.locations[0].latitude"),
        ({"latitude": 59.9, "longitude": 180.5}, "$.locations[0].longitude"),
        ({"latitude": float("inf"), "longitude": 10.0}, "$.locations[0].latitude"),
        ({"latitude": 59.9, "longitude": float("-inf")}, "$.locations[0].longitude"),
        ({"latitude": float("nan"), "longitude": 10.0}, "$.locations[0].latitude"),
    ],
)
def test_coordinates_that_are_not_on_earth_are_refused(location: Json, path: str) -> None:
    report = import_records(records=[organization_with_a_place(**location)])

    [refusal] = report.refusals
    [problem] = refusal.problems
    assert problem.path == path
    assert "decimal degrees" in problem.message
    assert not any(counts().values())


def test_coordinates_at_the_edges_are_fine() -> None:
    report = import_records(records=[organization_with_a_place(latitude=-90, longitude=180)])
    assert report.ok
    assert Location.objects.get().latitude == -90.0


# --- Records that used to stop the run -----------------------------------------------------


def a_service(number: int, **changes: Any) -> Json:
    return {
        "id": f"5d1c2b7e-6a0f-4b9e-9a53-1f0c8e2d4b{number:02d}",
        "name": f"Tjeneste {number}",
        "status": "active",
        "organization": {
            "id": "9b3f1e0a-2c44-4d7b-8f6e-3a5b7c9d1e77",
            "name": "Frivilligsentralen",
            "description": "",
        },
    } | changes


def weekly(**changes: Any) -> Json:
    return {
        "id": "30303030-4040-4050-8060-707070707077",
        "freq": "WEEKLY",
        "byday": "MO",
        "opens_at": "10:00",
        "closes_at": "14:00",
    } | changes


@pytest.mark.parametrize(
    ("record", "path", "message"),
    [
        (
            a_service(1, schedules=[weekly(interval=float("inf"))]),
            "$.schedules[0].interval",
            "whole number",
        ),
        (
            a_service(1, schedules=[weekly(interval=float("nan"))]),
            "$.schedules[0].interval",
            "whole number",
        ),
        (
            a_service(1, schedules=[weekly(interval=2.5)]),
            "$.schedules[0].interval",
            "whole number",
        ),
        (
            a_service(1, last_modified="0001-01-01T00:00:00+05:00"),
            "$.last_modified",
            "between the years 1 and 9999",
        ),
        (
            a_service(1, last_modified="0001-01-01T00:00:00"),
            "$.last_modified",
            "between the years 1 and 9999",
        ),
        (
            a_service(
                1,
                schedules=[
                    weekly(
                        attributes=[
                            {
                                "id": "e1e1e1e1-f2f2-4a3a-8b4b-c5c5c5c5c577",
                                "taxonomy_term_id": str(hsds.TIMEZONE_TERM.id),
                                "value": "America/New_York",
                            }
                        ]
                    )
                ],
            ),
            "$.schedules[0].attributes[0].value",
            "Europe/Oslo",
        ),
    ],
)
def test_one_bad_value_refuses_its_record_and_the_next_is_stored(
    record: Json, path: str, message: str
) -> None:
    report = import_records(records=[record, a_service(2)])

    [refusal] = report.refusals
    assert refusal.index == 0
    [problem] = refusal.problems
    assert (problem.path, message in problem.message) == (path, True), problem
    assert list(Service.objects.values_list("name", flat=True)) == ["Tjeneste 2"]


def test_a_timezone_of_oslo_is_kept() -> None:
    attribute = {
        "id": "e1e1e1e1-f2f2-4a3a-8b4b-c5c5c5c5c578",
        "taxonomy_term_id": str(hsds.TIMEZONE_TERM.id),
        "value": OSLO,
    }
    assert import_records(records=[a_service(1, schedules=[weekly(attributes=[attribute])])]).ok
    assert Schedule.objects.get().timezone == OSLO


def test_an_error_we_did_not_foresee_refuses_one_record_and_is_logged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from kompanjong.directory import hsds_import

    real = hsds_import._Writer.service

    def sometimes_broken(self: Any, data: Json, path: str, **kwargs: Any) -> Any:
        if data["name"] == "Tjeneste 1":
            raise RuntimeError("a bug in our code")
        return real(self, data, path, **kwargs)

    monkeypatch.setattr(hsds_import._Writer, "service", sometimes_broken)
    path = write(tmp_path, "two.json", [a_service(1), a_service(2)])

    out, err, error = run_failing("import_hsds", str(path))

    assert out.splitlines() == ["services: 1 imported, 0 updated, 1 refused"]
    assert "Record 1 (service" in err
    assert "$: Something went wrong on our side with this record" in err
    assert error.returncode == 1
    assert "a bug in our code" in caplog.text  # the traceback is in the log, not the report
    assert list(Service.objects.values_list("name", flat=True)) == ["Tjeneste 2"]
    assert not Organization.objects.exclude(services__name="Tjeneste 2").exists()


def test_byday_is_stored_normalised() -> None:
    assert import_records(records=[a_service(1, schedules=[weekly(byday="MO, we,FR ")])]).ok
    assert Schedule.objects.get().byday == "MO,WE,FR"


def test_an_address_without_a_county_is_imported() -> None:
    address = {
        "id": "50505050-6060-4070-8080-909090909055",
        "address_1": "Storgata 1",
        "city": "Hamar",
        "state_province": "",
        "postal_code": "2317",
        "country": "NO",
        "address_type": "physical",
    }
    report = import_records(records=[organization_with_a_place(addresses=[address])])
    assert report.ok, report.refusals
    assert Address.objects.get().state_province == ""


# --- What Kompanjong's editors keep --------------------------------------------------------


@pytest.fixture
def kept(world: World) -> World:
    """The library's entries are kept by its directory editors here (members is set)."""
    world.library.members = MembersFactory.create(name="Deichman Grünerløkka", kind="library")
    world.library.save()
    return world


def library_export(world: World) -> Json:
    [library] = [o for o in hsds.export_organizations() if o["id"] == str(world.library.id)]
    return library


def test_a_file_cannot_wipe_what_editors_keep(kept: World, tmp_path: Path) -> None:
    library = library_export(kept) | {"services": [], "name": "Tatt over"}
    before = counts()

    out, err, error = run_failing("import_hsds", str(write(tmp_path, "wipe.json", library)))

    assert out.splitlines() == ["organizations: 0 imported, 0 updated, 1 refused"]
    assert "$: Editors in Kompanjong keep the entries of “Deichman Grünerløkka”" in err
    assert "--take-over" in err and error.returncode == 1
    assert counts() == before
    assert Organization.objects.get(pk=kept.library.pk).name == "Deichman Grünerløkka"


def test_take_over_lets_the_file_replace_it(kept: World, tmp_path: Path) -> None:
    library = library_export(kept) | {"services": [], "name": "Tatt over"}
    path = write(tmp_path, "wipe.json", library)

    out, _err = run("import_hsds", str(path), "--take-over")

    assert out.splitlines() == ["organizations: 0 imported, 1 updated, 0 refused"]
    assert not Service.objects.filter(organization=kept.library).exists()
    assert Organization.objects.get(pk=kept.library.pk).name == "Tatt over"


def test_a_service_record_for_a_kept_organization_is_refused(kept: World) -> None:
    item = hsds.Exporter().service_list_item(kept.digital_help)
    new = a_service(3, organization_id=str(kept.library.id))
    del new["organization"]

    report = import_records(records=[item | {"name": "Endret"}, new])

    # The first nests the organization (the list item does), the second names it by id.
    assert [refusal.problems[0].path for refusal in report.refusals] == ["$.organization", "$"]
    assert all("Editors in Kompanjong keep" in r.problems[0].message for r in report.refusals)
    assert Service.objects.get(pk=kept.digital_help.pk).name == "Digital hjelp på biblioteket"
    assert not Service.objects.filter(name="Tjeneste 3").exists()


def test_a_place_for_a_kept_service_is_refused(kept: World) -> None:
    row = hsds.Exporter().service_at_location(
        hsds.service_at_locations_for_hsds(full=True).get(pk=kept.library_place.pk),
        with_service=False,
    )
    row["schedules"] = []

    report = import_records(records=[row])

    [refusal] = report.refusals
    assert refusal.problems[0].path == "$.service_id"
    assert Schedule.objects.filter(service_at_location=kept.library_place).count() == 4


def test_an_existing_object_cannot_move_to_another_organization(world: World) -> None:
    other = {"id": "9b3f1e0a-2c44-4d7b-8f6e-3a5b7c9d1e88", "name": "Andre", "description": ""}
    stolen_service = hsds.Exporter().service_list_item(world.hamar_service)
    stolen_service["organization"] = other
    stolen_service["organization_id"] = other["id"]
    phone = Phone.objects.get(location=world.phone_help.location)
    stolen_phone = other | {
        "id": "9b3f1e0a-2c44-4d7b-8f6e-3a5b7c9d1e89",
        "phones": [{"id": str(phone.id), "number": "+47 99 99 99 99"}],
    }
    location = world.hamar_place.location
    stolen_location = other | {
        "id": "9b3f1e0a-2c44-4d7b-8f6e-3a5b7c9d1e90",
        "locations": [{"id": str(location.id), "location_type": "physical", "name": "Mitt"}],
    }

    report = import_records(records=[stolen_service, stolen_phone, stolen_location])

    assert [refusal.problems[0].path for refusal in report.refusals] == [
        "$",
        "$.phones[0]",
        "$.locations[0]",
    ]
    assert all("belongs to another organization" in r.problems[0].message for r in report.refusals)
    assert Service.objects.get(pk=world.hamar_service.pk).organization == world.hamar_office
    phone.refresh_from_db()
    assert (phone.location_id, phone.number) == (world.phone_help.location_id, "+47 23 43 29 03")
    assert Location.objects.get(pk=location.pk).organization == world.hamar_office

    assert import_records(records=[stolen_service], take_over=True).ok
    assert str(Service.objects.get(pk=world.hamar_service.pk).organization_id) == other["id"]


def test_a_nested_location_without_organization_id_keeps_its_owner(world: World) -> None:
    row = hsds.Exporter().service_at_location(
        hsds.service_at_locations_for_hsds(full=True).get(pk=world.hamar_place.pk),
        with_service=False,
    )
    del row["location"]["organization_id"]
    row["location"]["name"] = "NAV Hamar, nytt navn"

    assert import_records(records=[row]).ok

    location = Location.objects.get(pk=world.hamar_place.location_id)
    assert (location.name, location.organization) == ("NAV Hamar, nytt navn", world.hamar_office)


def test_a_dry_run_reports_and_stores_nothing(world: World, tmp_path: Path) -> None:
    library = library_export(world) | {"name": "Nytt navn"}
    services = [s for s in library["services"] if s["id"] != str(world.closed_service.id)]
    new_row = a_service(4)  # and a place that names it: checked after it, as in a real run
    place = {
        "id": "70707070-8080-4090-8a0a-b0b0b0b0b044",
        "service_id": new_row["id"],
        "location_id": str(world.hamar_place.location_id),
    }
    bad = a_service(5, status="open")
    path = write(tmp_path, "dry.json", [library | {"services": services}, new_row, place, bad])
    before = counts()

    out, err, error = run_failing("import_hsds", str(path), "--dry-run")

    assert out.splitlines() == [
        "Dry run: every record was checked, nothing was stored.",
        "organizations: 0 imported, 1 updated, 0 refused",
        "services: 1 imported, 0 updated, 1 refused",
        "services at locations: 1 imported, 0 updated, 0 refused",
    ]
    assert "Record 4 (service" in err and error.returncode == 1
    assert counts() == before
    assert Organization.objects.get(pk=world.library.pk).name == "Deichman Grünerløkka"
    assert Service.objects.filter(pk=world.closed_service.pk).exists()


def test_a_dry_run_of_a_good_file_exits_0(world: World, tmp_path: Path) -> None:
    path = tmp_path / "directory.json"
    run("export_hsds", "--output", str(path))
    wipe_directory()
    out, err = run("import_hsds", str(path), "--dry-run")
    assert out.splitlines()[1] == "organizations: 2 imported, 0 updated, 0 refused"
    assert err == ""
    assert not any(counts().values())
