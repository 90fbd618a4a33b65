"""The HSDS 3.0 API at /api/hsds/: every answer validates against the Open Referral schemas,
every filter works, bad parameters get a plain 400, and pages cost a constant number of
queries."""

from __future__ import annotations

import datetime as dt
import json
import math
import uuid
from collections.abc import Callable
from typing import Any, cast

import jsonschema
import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from kompanjong.core.contracts import schema_errors
from kompanjong.directory import hsds
from kompanjong.directory.models import Service, ServiceAtLocation, TaxonomyTerm
from kompanjong.directory.topics import TOPICS_TAXONOMY_NAME, term_id
from tests.contracts import undeclared_properties
from tests.directory.factories import PhoneFactory, PlaceFactory, WeeklyHoursFactory
from tests.directory.hsds_world import World, hsds_world, more_services

pytestmark = pytest.mark.django_db

Json = dict[str, Any]
COMPILED = "hsds/schema/compiled/"
PAGE_FIELDS = {
    "total_items",
    "total_pages",
    "page_number",
    "size",
    "first_page",
    "last_page",
    "empty",
    "contents",
}


@pytest.fixture
def world() -> World:
    return hsds_world()


@pytest.fixture
def client() -> Client:
    """A client reading English, so the messages can be compared (requests default to nb)."""
    english = Client()
    english.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return english


def page_schema() -> Json:
    openapi = json.loads(
        (settings.CONTRACTS_DIR / "hsds/schema/openapi.json").read_text(encoding="utf-8")
    )
    schema: Json = openapi["components"]["schemas"]["Page"]
    return schema


def valid(instance: Json, shape: str) -> Json:
    assert schema_errors(instance, f"{COMPILED}{shape}.json") == []
    assert undeclared_properties(instance, f"{COMPILED}{shape}.json") == []
    return instance


def get(client: Client, url: str, status: int = 200) -> Any:
    response = client.get(url)
    assert response.status_code == status, (url, response.content)
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def page(client: Client, url: str, shape: str) -> Json:
    """A valid page whose contents are all valid `shape` objects."""
    body = get(client, url)
    jsonschema.Draft202012Validator(page_schema()).validate(body)
    assert set(body) == PAGE_FIELDS
    assert body["size"] == len(body["contents"])
    for item in body["contents"]:
        valid(item, shape)
    return body


def names(body: Json) -> list[str]:
    return [item["name"] for item in body["contents"]]


def place_names(body: Json) -> list[str]:
    return [item["location"]["name"] for item in body["contents"]]


def bad_request(client: Client, url: str, parameter: str) -> None:
    body = get(client, url, 400)
    assert set(body) == {"detail"}
    assert parameter in body["detail"], body


# --- Every endpoint, validated ---------------------------------------------------------------


def test_about_names_the_version_profile_and_openapi_document(client: Client) -> None:
    body = get(client, "/api/hsds/")
    assert body == {
        "version": "3.0",
        "profile": hsds.PROFILE_URL,
        "openapi_url": "http://testserver/api/hsds/openapi.json",
    }
    document = get(client, "/api/hsds/openapi.json")
    assert {"/api/hsds/services", "/api/hsds/services/{id}"} <= set(document["paths"])
    assert client.get("/api/hsds/docs").status_code == 404


def test_services_list_and_full(client: Client, world: World) -> None:
    body = page(client, "/api/hsds/services", "service_list")
    assert names(body) == [
        "Datakurs for eldre",
        "Digital hjelp på biblioteket",
        "Veiledning på NAV-kontoret",
    ]
    # Every status: an HSDS consumer decides what to show.
    assert body["contents"][0]["status"] == "inactive"
    assert body["contents"][1]["organization"]["name"] == "Deichman Grünerløkka"
    assert "service_at_locations" not in body["contents"][1]
    full = page(client, "/api/hsds/services?full=true", "service")
    assert len(full["contents"][1]["service_at_locations"]) == 3


def test_one_service(client: Client, world: World) -> None:
    body = valid(get(client, f"/api/hsds/services/{world.digital_help.id}"), "service")
    assert body["organization"]["id"] == str(world.library.id)
    assert len(body["service_at_locations"]) == 3
    assert {a["taxonomy_term"]["code"] for a in body["attributes"]} == {
        "nav",
        "eid",
        "language_help",
    }


def test_organizations_list_full_and_full_service(client: Client, world: World) -> None:
    body = page(client, "/api/hsds/organizations", "organization_list")
    assert names(body) == ["Deichman Grünerløkka", "NAV Hamar"]
    full = page(client, "/api/hsds/organizations?full=true", "organization")
    library = full["contents"][0]
    assert len(library["locations"]) == 3
    assert "service_at_locations" not in library["services"][0]
    nested = page(client, "/api/hsds/organizations?full=true&full_service=true", "organization")
    assert "service_at_locations" in nested["contents"][0]["services"][1]


def test_one_organization(client: Client, world: World) -> None:
    url = f"/api/hsds/organizations/{world.library.id}"
    body = valid(get(client, url), "organization")
    assert [service["name"] for service in body["services"]] == [
        "Datakurs for eldre",
        "Digital hjelp på biblioteket",
    ]
    assert "schedules" not in body["services"][1]
    assert body["phones"][0]["number"] == "+47 23 43 29 00"
    full = valid(get(client, f"{url}?full_service=true"), "organization")
    assert len(full["services"][1]["service_at_locations"]) == 3
    bad_request(client, f"{url}?full_service=maybe", "full_service")


def test_service_at_locations_list_full_and_one(client: Client, world: World) -> None:
    body = page(client, "/api/hsds/service_at_locations", "service_at_location_list")
    assert body["total_items"] == 4
    first = body["contents"][0]
    assert first["service"]["name"] == "Digital hjelp på biblioteket"
    assert "schedules" not in first
    full = page(client, "/api/hsds/service_at_locations?full=true", "service_at_location")
    assert all("schedules" in item["location"] for item in full["contents"])
    one = valid(
        get(client, f"/api/hsds/service_at_locations/{world.library_place.id}"),
        "service_at_location",
    )
    assert one["service"]["id"] == str(world.digital_help.id)
    assert one["location"]["addresses"][0]["postal_code"] == "0556"


def test_the_demo_directory_is_valid_hsds(client: Client, demo_directory: None) -> None:
    services = page(client, "/api/hsds/services?full=true&per_page=200", "service")
    assert services["total_items"] == Service.objects.count() > 3
    page(client, "/api/hsds/organizations?full=true&full_service=true", "organization")
    page(client, "/api/hsds/service_at_locations?full=true&per_page=200", "service_at_location")


@pytest.mark.parametrize(
    "url",
    [
        "/api/hsds/services/{}",
        "/api/hsds/organizations/{}",
        "/api/hsds/service_at_locations/{}",
    ],
)
def test_unknown_or_malformed_ids_are_404(client: Client, world: World, url: str) -> None:
    for id in (uuid.uuid4(), "not-a-uuid", "1"):
        body = get(client, url.format(id), 404)
        assert set(body) == {"detail"}
        assert "no" in body["detail"].lower()


# --- Filters ---------------------------------------------------------------------------------


def test_search_is_case_insensitive_in_names_descriptions_and_organization(
    client: Client, world: World
) -> None:
    assert names(page(client, "/api/hsds/services?search=DIGITAL", "service_list")) == [
        "Digital hjelp på biblioteket"
    ]
    by_organization = page(client, "/api/hsds/services?search=nav%20hamar", "service_list")
    assert names(by_organization) == ["Veiledning på NAV-kontoret"]
    by_description = page(client, "/api/hsds/services?search=bankid", "service_list")
    assert len(by_description["contents"]) == 3  # the factory's description
    places = page(
        client, "/api/hsds/service_at_locations?search=veiledning", "service_at_location_list"
    )
    assert place_names(places) == ["NAV Hamar, Grønnegata"]
    organizations = page(client, "/api/hsds/organizations?search=biblio", "organization_list")
    assert names(organizations) == ["Deichman Grünerløkka"]
    assert page(client, "/api/hsds/services?search=ingenting", "service_list")["empty"]


def test_taxonomy_term_and_taxonomy_filters(client: Client, world: World) -> None:
    nav = term_id("nav")
    body = page(client, f"/api/hsds/services?taxonomy_term_id={nav}", "service_list")
    assert names(body) == ["Digital hjelp på biblioteket", "Veiledning på NAV-kontoret"]
    places = page(
        client,
        f"/api/hsds/service_at_locations?taxonomy_term_id={term_id('applications')}",
        "service_at_location_list",
    )
    assert place_names(places) == ["NAV Hamar, Grønnegata"]
    topics = hsds.taxonomy_id(TOPICS_TAXONOMY_NAME)
    assert (
        page(client, f"/api/hsds/services?taxonomy_id={topics}", "service_list")["total_items"] == 3
    )
    channels = hsds.taxonomy_id(hsds.CHANNEL_TAXONOMY)  # on locations, not a topic
    assert page(client, f"/api/hsds/services?taxonomy_id={channels}", "service_list")["empty"]
    bad_request(client, "/api/hsds/services?taxonomy_term_id=nav", "taxonomy_term_id")
    bad_request(client, "/api/hsds/service_at_locations?taxonomy_id=x", "taxonomy_id")


def test_organization_filter(client: Client, world: World) -> None:
    url = f"/api/hsds/services?organization_id={world.hamar_office.id}"
    assert names(page(client, url, "service_list")) == ["Veiledning på NAV-kontoret"]
    url = f"/api/hsds/service_at_locations?organization_id={world.library.id}"
    assert page(client, url, "service_at_location_list")["total_items"] == 3
    bad_request(client, "/api/hsds/services?organization_id=123", "organization_id")


def test_modified_after(client: Client, world: World) -> None:
    long_ago = dt.datetime(2025, 1, 1, 12, tzinfo=dt.UTC)
    Service.objects.exclude(pk=world.hamar_service.pk).update(last_modified=long_ago)
    ServiceAtLocation.objects.update(last_modified=long_ago)
    for value in (
        "2025-06-01",
        "2025-06-01T00:00:00Z",
        "2025-06-01T02:00:00%2B02:00",
        "2025-06-01T02:00:00+02:00",  # the + not encoded: a space
    ):
        body = page(client, f"/api/hsds/services?modified_after={value}", "service_list")
        assert names(body) == ["Veiledning på NAV-kontoret"], value
    all_of_them = page(client, "/api/hsds/services?modified_after=2025-01-01", "service_list")
    assert all_of_them["total_items"] == 3  # on or after
    url = "/api/hsds/service_at_locations?modified_after=2025-06-01"
    # A place counts as changed when it, its service or its location changed.
    assert page(client, url, "service_at_location_list")["total_items"] == 4
    for bad in ("yesterday", "2025-13-01", "01.06.2025"):
        bad_request(client, f"/api/hsds/services?modified_after={bad}", "modified_after")


def test_postcode_covers_areas_and_addresses(client: Client, world: World) -> None:
    # 2317 is in Hamar (3403): the NAV office's area, and the library's (it covers Hamar too).
    body = page(client, "/api/hsds/services?postcode=2317", "service_list")
    assert names(body) == ["Digital hjelp på biblioteket", "Veiledning på NAV-kontoret"]
    assert names(page(client, "/api/hsds/services?postcode=2550", "service_list")) == []
    places = page(
        client, "/api/hsds/service_at_locations?postcode=0556", "service_at_location_list"
    )
    assert sorted(place_names(places)) == [
        "Deichman Grünerløkka, Schleppegrells gate",
        "Ring biblioteket",
        "Videohjelp",
    ]


def test_a_place_matches_its_postcode_even_outside_the_service_area(
    client: Client, world: World
) -> None:
    world.hamar_service.service_areas.all().delete()
    places = page(
        client, "/api/hsds/service_at_locations?postcode=2317", "service_at_location_list"
    )
    assert "NAV Hamar, Grønnegata" in place_names(places)
    assert "NAV Hamar, Grønnegata" not in names(
        page(client, "/api/hsds/services?postcode=2317", "service_list")
    )


def test_proximity_counts_physical_places_with_coordinates(client: Client, world: World) -> None:
    url = "/api/hsds/service_at_locations?postcode=0556&proximity="
    near = page(client, f"{url}1000", "service_at_location_list")
    # Phone and video help have no place, so are never "near".
    assert place_names(near) == ["Deichman Grünerløkka, Schleppegrells gate"]
    # Hamar is about 100 km from Grünerløkka: nearest first.
    far = page(client, f"{url}150000", "service_at_location_list")
    assert place_names(far) == [
        "Deichman Grünerløkka, Schleppegrells gate",
        "NAV Hamar, Grønnegata",
    ]
    assert page(client, f"{url}1", "service_at_location_list")["empty"]
    services = page(client, "/api/hsds/services?postcode=2317&proximity=1000", "service_list")
    assert names(services) == ["Veiledning på NAV-kontoret"]
    full = page(client, f"{url}1000&full=true", "service_at_location")
    assert full["total_items"] == 1


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("postcode=9999", "postcode"),
        ("postcode=abc", "postcode"),
        ("postcode=0556&proximity=far", "proximity"),
        ("postcode=0556&proximity=-5", "proximity"),
        ("postcode=0556&proximity=0", "proximity"),
        ("postcode=0556&proximity=nan", "proximity"),
        ("proximity=1000", "proximity"),
        ("full=yes", "full"),
        ("format=ndjson", "format"),
    ],
)
def test_bad_location_and_flag_parameters_are_400(
    client: Client, world: World, query: str, parameter: str
) -> None:
    bad_request(client, f"/api/hsds/service_at_locations?{query}", parameter)
    bad_request(client, f"/api/hsds/services?{query}", parameter)


# --- Pages -----------------------------------------------------------------------------------


def test_pages_and_their_edges(client: Client, world: World) -> None:
    first = page(client, "/api/hsds/service_at_locations?per_page=3", "service_at_location_list")
    assert {key: first[key] for key in PAGE_FIELDS - {"contents"}} == {
        "total_items": 4,
        "total_pages": 2,
        "page_number": 1,
        "size": 3,
        "first_page": True,
        "last_page": False,
        "empty": False,
    }
    second = page(
        client, "/api/hsds/service_at_locations?per_page=3&page=2", "service_at_location_list"
    )
    assert (second["size"], second["first_page"], second["last_page"]) == (1, False, True)
    seen = [item["id"] for item in first["contents"] + second["contents"]]
    assert sorted(seen) == sorted(
        str(pk) for pk in ServiceAtLocation.objects.values_list("pk", flat=True)
    )
    beyond = page(client, "/api/hsds/services?page=9", "service_list")
    assert (beyond["size"], beyond["empty"], beyond["last_page"]) == (0, True, True)
    assert beyond["total_items"] == 3
    exact = page(client, "/api/hsds/services?per_page=3", "service_list")
    assert (exact["total_pages"], exact["last_page"]) == (1, True)
    assert page(client, "/api/hsds/services?per_page=200", "service_list")["size"] == 3


def test_an_empty_directory_is_one_empty_page(client: Client) -> None:
    body = page(client, "/api/hsds/services", "service_list")
    assert (body["total_items"], body["total_pages"], body["empty"]) == (0, 0, True)
    assert (body["first_page"], body["last_page"]) == (True, True)


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("page=0", "page"),
        ("page=-1", "page"),
        ("page=two", "page"),
        ("page=1.5", "page"),
        ("per_page=0", "per_page"),
        ("per_page=201", "per_page"),
        ("per_page=many", "per_page"),
    ],
)
def test_bad_page_parameters_are_400(client: Client, query: str, parameter: str) -> None:
    for endpoint in ("services", "organizations", "service_at_locations"):
        bad_request(client, f"/api/hsds/{endpoint}?{query}", parameter)


# --- Queries ---------------------------------------------------------------------------------


def count_queries(action: Callable[[], object]) -> int:
    with CaptureQueriesContext(connection) as captured:
        action()
    return len(captured.captured_queries)


@pytest.mark.parametrize(
    "url",
    [
        "/api/hsds/services",
        "/api/hsds/services?full=true",
        "/api/hsds/services?postcode=0556&search=hjelp",
        "/api/hsds/services?taxonomy_id=" + str(hsds.taxonomy_id(TOPICS_TAXONOMY_NAME)),
        "/api/hsds/organizations",
        "/api/hsds/organizations?full=true",
        "/api/hsds/organizations?full=true&full_service=true",
        "/api/hsds/service_at_locations",
        "/api/hsds/service_at_locations?full=true",
        "/api/hsds/service_at_locations?postcode=0556&proximity=200000&full=true",
    ],
)
def test_list_pages_cost_the_same_queries_for_5_or_25_services(
    client: Client, world: World, url: str
) -> None:
    more_services(2)
    assert Service.objects.count() == 5

    def fetch() -> None:
        assert get(client, url)["size"] > 0

    few = count_queries(fetch)
    more_services(20)
    assert count_queries(fetch) == few


def test_one_service_costs_the_same_queries_however_many_places(
    client: Client, world: World
) -> None:
    url = f"/api/hsds/services/{world.digital_help.id}"
    few = count_queries(lambda: get(client, url))
    for _ in range(5):
        place = cast(ServiceAtLocation, PlaceFactory(service=world.digital_help))
        WeeklyHoursFactory(service_at_location=place)
        PhoneFactory(location=place.location)
    assert count_queries(lambda: get(client, url)) == few


# --- Inputs that used to give 500 ------------------------------------------------------------


@pytest.mark.parametrize("endpoint", ["services", "organizations", "taxonomy_terms"])
def test_a_page_number_past_any_directory_is_400_or_an_empty_page(
    client: Client, world: World, endpoint: str
) -> None:
    bad_request(client, f"/api/hsds/{endpoint}?page=9223372036854775807", "page")
    bad_request(client, f"/api/hsds/{endpoint}?page=1000001", "page")
    body = get(client, f"/api/hsds/{endpoint}?page=1000000")
    assert (body["empty"], body["page_number"], body["last_page"]) == (True, 1_000_000, True)


def test_a_page_past_the_end_asks_the_database_only_for_the_count(
    client: Client, world: World
) -> None:
    last = count_queries(lambda: get(client, "/api/hsds/services?page=1&per_page=1"))
    beyond = count_queries(lambda: get(client, "/api/hsds/services?page=99&per_page=1"))
    assert beyond == last - 1


@pytest.mark.parametrize(
    "value",
    [
        "0001-01-01",
        "0001-01-01T00:00:00",
        "9999-12-31T23:59:59-01:00",
        "0001-01-01T00:00:00%2B05:00",
    ],
)
def test_modified_after_at_the_edges_of_the_calendar_is_400(
    client: Client, world: World, value: str
) -> None:
    bad_request(client, f"/api/hsds/services?modified_after={value}", "modified_after")
    bad_request(client, f"/api/hsds/service_at_locations?modified_after={value}", "modified_after")


def test_modified_after_far_ahead_but_in_the_calendar_is_an_empty_page(
    client: Client, world: World
) -> None:
    body = page(client, "/api/hsds/services?modified_after=9999-12-30", "service_list")
    assert body["empty"]


@pytest.mark.parametrize(
    ("url", "parameter"),
    [
        ("/api/hsds/services?search=%00", "search"),
        ("/api/hsds/services?search=a%00b", "search"),
        ("/api/hsds/services?postcode=%00", "postcode"),
        ("/api/hsds/services?modified_after=2025%00", "modified_after"),
        ("/api/hsds/service_at_locations?postcode=05%0056", "postcode"),
        ("/api/hsds/service_at_locations?taxonomy_id=%00", "taxonomy_id"),
        ("/api/hsds/organizations?search=%00", "search"),
        ("/api/hsds/taxonomies?search=%00", "search"),
        ("/api/hsds/taxonomy_terms?search=%00", "search"),
        ("/api/hsds/taxonomy_terms?parent_id=%00", "parent_id"),
        ("/api/hsds/organizations/{id}?full_service=%00", "full_service"),
    ],
)
def test_a_nul_character_in_a_parameter_is_400(
    client: Client, world: World, url: str, parameter: str
) -> None:
    bad_request(client, url.format(id=world.library.id), parameter)


def test_coordinates_stored_before_imports_refused_them_give_valid_json(
    client: Client, world: World
) -> None:
    location = world.hamar_place.location
    location.latitude, location.longitude = math.nan, math.inf
    location.save()
    body = page(client, "/api/hsds/services?full=true", "service")
    hamar = next(s for s in body["contents"] if s["id"] == str(world.hamar_service.id))
    exported = hamar["service_at_locations"][0]["location"]
    assert "latitude" not in exported and "longitude" not in exported
    near = page(
        client,
        "/api/hsds/service_at_locations?postcode=2317&proximity=200000",
        "service_at_location_list",
    )
    assert "NAV Hamar, Grønnegata" not in place_names(near)


# --- Taxonomies ------------------------------------------------------------------------------

TAXONOMY = "hsds/schema/taxonomy.json"
TERM = "hsds/schema/taxonomy_term.json"


def valid_as(instance: Json, schema: str) -> Json:
    assert schema_errors(instance, schema) == []
    assert undeclared_properties(instance, schema) == []
    return instance


def listing(client: Client, url: str, schema: str) -> Json:
    body = get(client, url)
    jsonschema.Draft202012Validator(page_schema()).validate(body)
    assert set(body) == PAGE_FIELDS
    assert body["size"] == len(body["contents"])
    for item in body["contents"]:
        valid_as(item, schema)
    return body


@pytest.fixture
def imported_terms(world: World) -> tuple[TaxonomyTerm, TaxonomyTerm]:
    parent = TaxonomyTerm.objects.create(
        code="education", name="Education", description="Learning.", taxonomy="open-eligibility"
    )
    child = TaxonomyTerm.objects.create(
        code="computer-class",
        name="Computer Class",
        description="Classes on using computers.",
        taxonomy="open-eligibility",
        parent=parent,
    )
    return parent, child


def test_taxonomies_list_ours_and_imported_ones(
    client: Client, imported_terms: tuple[TaxonomyTerm, TaxonomyTerm]
) -> None:
    body = listing(client, "/api/hsds/taxonomies", TAXONOMY)
    assert names(body) == sorted(
        [
            TOPICS_TAXONOMY_NAME,
            hsds.CHANNEL_TAXONOMY,
            hsds.ACCESSIBILITY_TAXONOMY,
            hsds.SCHEDULE_TAXONOMY,
            "open-eligibility",
        ]
    )
    topics = next(t for t in body["contents"] if t["name"] == TOPICS_TAXONOMY_NAME)
    assert topics["id"] == str(hsds.taxonomy_id(TOPICS_TAXONOMY_NAME))
    assert topics["description"]
    found = listing(client, "/api/hsds/taxonomies?search=ELIGIB", TAXONOMY)
    assert names(found) == ["open-eligibility"]
    second = listing(client, "/api/hsds/taxonomies?per_page=2&page=2", TAXONOMY)
    assert (second["size"], second["total_items"], second["total_pages"]) == (2, 5, 3)


def test_one_taxonomy(client: Client, world: World) -> None:
    taxonomy_id = hsds.taxonomy_id(TOPICS_TAXONOMY_NAME)
    body = valid_as(get(client, f"/api/hsds/taxonomies/{taxonomy_id}"), TAXONOMY)
    assert body["name"] == TOPICS_TAXONOMY_NAME
    channel = valid_as(
        get(client, f"/api/hsds/taxonomies/{hsds.taxonomy_id(hsds.CHANNEL_TAXONOMY)}"), TAXONOMY
    )
    assert channel["name"] == hsds.CHANNEL_TAXONOMY
    for missing in (uuid.uuid4(), "not-a-uuid"):
        assert "no taxonomy" in get(client, f"/api/hsds/taxonomies/{missing}", 404)["detail"]


def test_taxonomy_terms_and_their_filters(
    client: Client, imported_terms: tuple[TaxonomyTerm, TaxonomyTerm]
) -> None:
    parent, _child = imported_terms
    body = listing(client, "/api/hsds/taxonomy_terms?per_page=200", TERM)
    # The 9 topics and the 2 imported terms (by name), then our own 4 attribute terms.
    assert body["total_items"] == 15
    stored = [item["name"] for item in body["contents"][:11]]
    assert stored == sorted(stored) and "Computer Class" in stored
    assert {item["taxonomy"] for item in body["contents"][11:]} == hsds.OWN_TAXONOMIES
    nav = next(item for item in body["contents"] if item["code"] == "nav")
    assert nav["id"] == str(term_id("nav"))
    assert nav["taxonomy_id"] == str(hsds.taxonomy_id(TOPICS_TAXONOMY_NAME))

    eligibility = hsds.taxonomy_id("open-eligibility")
    of_taxonomy = listing(client, f"/api/hsds/taxonomy_terms?taxonomy_id={eligibility}", TERM)
    assert names(of_taxonomy) == ["Computer Class", "Education"]
    children = listing(client, f"/api/hsds/taxonomy_terms?parent_id={parent.id}", TERM)
    assert names(children) == ["Computer Class"]
    assert children["contents"][0]["parent_id"] == str(parent.id)
    top = listing(client, "/api/hsds/taxonomy_terms?top_only=true&per_page=200", TERM)
    assert "Computer Class" not in names(top) and top["total_items"] == 14
    channel = hsds.taxonomy_id(hsds.CHANNEL_TAXONOMY)
    assert names(listing(client, f"/api/hsds/taxonomy_terms?taxonomy_id={channel}", TERM)) == [
        "By phone",
        "By video",
    ]
    searched = listing(client, "/api/hsds/taxonomy_terms?search=computer", TERM)
    assert names(searched) == ["Computer Class"]
    bad_request(client, "/api/hsds/taxonomy_terms?taxonomy_id=x", "taxonomy_id")
    bad_request(client, "/api/hsds/taxonomy_terms?parent_id=x", "parent_id")
    bad_request(client, "/api/hsds/taxonomy_terms?top_only=maybe", "top_only")


def test_one_taxonomy_term_with_its_taxonomy(
    client: Client, imported_terms: tuple[TaxonomyTerm, TaxonomyTerm]
) -> None:
    _parent, child = imported_terms
    body = valid_as(get(client, f"/api/hsds/taxonomy_terms/{child.id}"), TERM)
    assert (body["name"], body["taxonomy_detail"]["name"]) == ("Computer Class", "open-eligibility")
    own = valid_as(get(client, f"/api/hsds/taxonomy_terms/{hsds.STEP_FREE_TERM.id}"), TERM)
    assert own["code"] == hsds.STEP_FREE
    for missing in (uuid.uuid4(), "1"):
        assert (
            "no taxonomy term" in get(client, f"/api/hsds/taxonomy_terms/{missing}", 404)["detail"]
        )


def test_the_openapi_document_lists_the_taxonomy_endpoints(client: Client) -> None:
    document = get(client, "/api/hsds/openapi.json")
    assert {
        "/api/hsds/taxonomies",
        "/api/hsds/taxonomies/{id}",
        "/api/hsds/taxonomy_terms",
        "/api/hsds/taxonomy_terms/{id}",
    } <= set(document["paths"])


def test_taxonomy_term_pages_cost_the_same_queries_for_few_or_many_terms(
    client: Client, world: World
) -> None:
    url = f"/api/hsds/taxonomy_terms?taxonomy_id={hsds.taxonomy_id('x')}&top_only=true"
    TaxonomyTerm.objects.create(code="x", name="X", taxonomy="x")
    few = count_queries(lambda: get(client, url))
    for number in range(20):
        TaxonomyTerm.objects.create(code=f"x{number}", name=f"X {number}", taxonomy="x")
    assert count_queries(lambda: get(client, url)) == few
