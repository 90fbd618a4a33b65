"""The search selector and its form: every filter, combinations, postcodes, remote help."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from kompanjong.directory import display, opening, selectors
from kompanjong.directory.forms import SearchForm
from kompanjong.directory.models import (
    Attending,
    LocationKind,
    Schedule,
    ServiceAtLocation,
    ServiceStatus,
)
from kompanjong.directory.opening import OSLO as OSLO_TZ
from tests.directory.factories import LanguageFactory
from tests.directory.search_world import (
    HAMAR,
    HAMAR_CENTRE,
    MAJORSTUEN,
    MONDAY_NOON,
    OS,
    OSLO,
    SATURDAY_NOON,
    make_world,
    remote_help,
    visit_place,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def world() -> None:
    make_world()


def names(results: selectors.Results) -> list[str]:
    return [hit.place.location.name for hit in results.hits]


def search(**criteria: Any) -> selectors.Results:
    return selectors.search(now=criteria.pop("now", MONDAY_NOON), **criteria)


def form(**data: str) -> SearchForm:
    return SearchForm(
        data,
        municipalities=selectors.municipalities(),
        languages=selectors.language_codes(),
    )


# --- Where ---------------------------------------------------------------------------------


def test_municipality_matches_the_service_area_or_the_address() -> None:
    visit_place("Deichman Grünerløkka")  # service area Oslo, address in Oslo
    visit_place("No area given", municipality=None)  # address 0556 is in Oslo
    visit_place("Hamar library", municipality=HAMAR, postal_code="2317", at=HAMAR_CENTRE)
    assert names(search(municipality=OSLO)) == ["Deichman Grünerløkka", "No area given"]
    assert names(search(municipality=HAMAR)) == ["Hamar library"]


def test_a_place_that_also_covers_a_neighbour_municipality() -> None:
    place = visit_place("Oslo place covering Hamar")
    place.service.service_areas.create(municipality_number=HAMAR)
    assert names(search(municipality=HAMAR)) == ["Oslo place covering Hamar"]


def test_rural_municipality_with_only_phone_help_gets_remote_help_explained() -> None:
    visit_place("Hamar library", municipality=HAMAR, postal_code="2317", at=HAMAR_CENTRE)
    remote_help("Os phone help", municipality=OS)
    remote_help("Hamar phone help", municipality=HAMAR)
    remote_help("National video help", municipality=None, kind=LocationKind.VIDEO)

    results = search(municipality=OS)
    assert names(results) == ["National video help", "Os phone help"]
    assert results.only_remote

    hamar = search(municipality=HAMAR)
    assert names(hamar) == ["Hamar library", "Hamar phone help", "National video help"]
    assert not hamar.only_remote


def test_places_to_visit_come_before_phone_help() -> None:
    remote_help("Aaa phone", municipality=OSLO)
    visit_place("Zzz place")
    results = search()
    assert names(results) == ["Zzz place", "Aaa phone"]
    assert [hit.physical for hit in results.hits] == [True, False]
    assert not results.only_remote  # no municipality chosen


def test_near_me_orders_by_distance() -> None:
    visit_place("Grünerløkka")
    visit_place("Majorstuen", postal_code="0367", at=MAJORSTUEN)
    visit_place("Hamar", municipality=HAMAR, postal_code="2317", at=HAMAR_CENTRE)
    remote_help("Phone", municipality=None)
    results = search(near=selectors.Point(*MAJORSTUEN))
    assert names(results) == ["Majorstuen", "Grünerløkka", "Hamar", "Phone"]
    distances = [hit.distance_km for hit in results.hits]
    assert distances[0] == pytest.approx(0, abs=0.01)
    assert distances[1] == pytest.approx(2.5, abs=0.1)
    assert distances[3] is None
    assert display.distance_text(distances[1]) == "About 2.5 km away"
    assert display.distance_text(0.26) == "About 300 m away"
    assert display.distance_text(0.97) == "About 1.0 km away"


def test_distance_is_the_great_circle_distance() -> None:
    oslo_to_hamar = selectors.distance_km(
        selectors.Point(59.9139, 10.7522), selectors.Point(*HAMAR_CENTRE)
    )
    assert oslo_to_hamar == pytest.approx(100, abs=5)


# --- What ----------------------------------------------------------------------------------


def test_topic() -> None:
    visit_place("BankID place", topics=["eid", "banking"])
    visit_place("NAV place", topics=["nav"])
    assert names(search(topic="eid")) == ["BankID place"]
    assert names(search(topic="nav")) == ["NAV place"]
    assert names(search(topic="tax")) == []


def test_language_on_the_service_or_the_location() -> None:
    visit_place("Arabic on the service", languages=["ar"])
    at_location = visit_place("Arabic at the location")
    LanguageFactory(location=at_location.location, code="ar")
    visit_place("Polish", languages=["pl"])
    assert names(search(language="ar")) == ["Arabic at the location", "Arabic on the service"]
    assert names(search(language="pl")) == ["Polish"]
    assert selectors.language_codes() == ["ar", "pl"]


def test_step_free_filters_places_to_visit_but_keeps_phone_help() -> None:
    visit_place("Steps")
    visit_place("Step-free", step_free=True)
    remote_help("Phone", municipality=OSLO)
    assert names(search(step_free=True)) == ["Step-free", "Phone"]


def test_only_services_in_use_are_found() -> None:
    for status in ServiceStatus:
        place = visit_place(f"Place {status.value}")
        place.service.status = status
        place.service.save()
    assert names(search()) == ["Place active"]


# --- When ----------------------------------------------------------------------------------


def test_open_now() -> None:
    visit_place("Weekdays 10-15")
    visit_place("Evenings", opens=dt.time(17), closes=dt.time(20))
    visit_place("No hours", days="")
    assert names(search(open_now=True)) == ["Weekdays 10-15"]
    evening = MONDAY_NOON.replace(hour=18)
    assert names(search(open_now=True, now=evening)) == ["Evenings"]


def test_open_now_at_an_instant_in_utc_on_a_dst_day() -> None:
    visit_place("Sundays 10-15", days="SU")
    assert names(search(open_now=True, now=dt.datetime(2026, 3, 29, 8, 30, tzinfo=dt.UTC)))
    assert not names(search(open_now=True, now=dt.datetime(2026, 3, 29, 7, 30, tzinfo=dt.UTC)))


def test_open_this_week() -> None:
    visit_place("Weekdays")
    visit_place("Never", days="")
    closed_all_week = visit_place("Closed all week")
    for offset in range(7):
        day = MONDAY_NOON.date() + dt.timedelta(days=offset)
        Schedule.objects.create(
            service_at_location=closed_all_week, freq="", valid_from=day, valid_to=day
        )
    assert names(search(open_this_week=True)) == ["Weekdays"]


def test_drop_in() -> None:
    visit_place("Drop in")
    visit_place("Appointments", attending=Attending.APPOINTMENT)
    visit_place("Drop in evenings", opens=dt.time(17), closes=dt.time(20))
    assert names(search(drop_in=True)) == ["Drop in", "Drop in evenings"]
    # With "open now": you can walk in now.
    assert names(search(drop_in=True, open_now=True)) == ["Drop in"]


def test_combined_filters_must_all_fit() -> None:
    visit_place("Fits", languages=["ar"], topics=["eid"], step_free=True)
    visit_place("Wrong language", languages=["pl"], topics=["eid"], step_free=True)
    visit_place("Wrong topic", languages=["ar"], topics=["tax"], step_free=True)
    visit_place("Steps", languages=["ar"], topics=["eid"])
    visit_place("Closed now", languages=["ar"], topics=["eid"], step_free=True, days="SA")
    visit_place("Hamar", languages=["ar"], topics=["eid"], step_free=True, municipality=HAMAR,
                postal_code="2317")  # fmt: skip
    results = search(
        municipality=OSLO, topic="eid", language="ar", step_free=True, open_now=True, drop_in=True
    )
    assert names(results) == ["Fits"]


# --- Schedules kept on the service or the location -----------------------------------------


def test_hours_kept_on_the_service_and_a_closed_day_on_the_location() -> None:
    place = visit_place("Hours on the service", days="")
    Schedule.objects.create(
        service=place.service, freq="WEEKLY", byday="MO", opens_at=dt.time(9),
        closes_at=dt.time(13),
    )  # fmt: skip
    Schedule.objects.create(
        location=place.location, freq="", valid_from=MONDAY_NOON.date(),
        valid_to=MONDAY_NOON.date(),
    )  # fmt: skip
    found = search().hits[0]
    assert [rule.byday for rule in found.rules] == ["MO", ""]
    assert names(search(open_now=True)) == []
    assert names(search(open_now=True, now=MONDAY_NOON + dt.timedelta(days=7)))


# --- Pages of results ----------------------------------------------------------------------


def test_twenty_a_page_and_a_bad_page_number_gives_a_page() -> None:
    for n in range(23):
        visit_place(f"Place {n:02}")
    results = search()
    first = selectors.results_page(results, 1)
    second = selectors.results_page(results, "2")
    assert len(first) == 20 and len(second) == 3
    assert selectors.results_page(results, "many").number == 1
    assert selectors.results_page(results, 99).number == 2


def test_one_page_of_results_costs_the_same_queries_however_many_places(
    django_assert_num_queries: Any,
) -> None:
    def run() -> None:
        results = search(municipality=OSLO, open_now=True)
        page = selectors.results_page(results, 1)
        for hit in page.object_list:
            display.card(hit.place, hit.rules, MONDAY_NOON)

    visit_place("First", full=True)
    with django_assert_num_queries(14) as few:
        run()
    for n in range(14):
        visit_place(f"More {n}", full=True, languages=["ar"])
    remote_help("Phone", municipality=OSLO)
    with django_assert_num_queries(14) as many:
        run()
    assert len(few.captured_queries) == len(many.captured_queries)


# --- The form ------------------------------------------------------------------------------


def test_postcode_gives_the_municipality_and_the_centre() -> None:
    searched = form(postcode=" 23 17 ")
    assert searched.is_valid(), searched.errors
    assert searched.criteria()["municipality"] == HAMAR
    assert searched.criteria()["near"] == selectors.Point(*HAMAR_CENTRE)
    assert searched.place_name == "Hamar"


def test_postcode_typed_in_arabic_digits() -> None:
    searched = form(postcode="٢٣١٧")
    assert searched.is_valid(), searched.errors
    assert searched.criteria()["municipality"] == HAMAR


def test_unknown_postcode() -> None:
    searched = form(postcode="1234")
    assert not searched.is_valid()
    assert searched.errors["postcode"] == [
        "We do not know the postcode 1234. Check it, or choose your municipality."
    ]


def test_postcode_must_be_four_digits() -> None:
    searched = form(postcode="12a")
    assert not searched.is_valid()
    assert searched.errors["postcode"] == ["A postcode has 4 digits, for example 0557."]


def test_postcode_in_another_municipality_than_the_one_chosen() -> None:
    searched = form(postcode="2317", municipality=OSLO)
    assert not searched.is_valid()
    assert searched.errors["postcode"] == [
        "The postcode 2317 is not in Oslo. Choose the municipality, or write the postcode, "
        "not both."
    ]
    assert form(postcode="2317", municipality=HAMAR).is_valid()


def test_values_not_in_the_lists_are_errors() -> None:
    searched = form(municipality="9999", topic="astrology", language="xx")
    assert not searched.is_valid()
    assert searched.errors == {
        "municipality": ["Choose a municipality from the list."],
        "topic": ["Choose a topic from the list."],
        "language": ["Choose a language from the list."],
    }


def test_your_position_beats_the_postcode_centre_and_odd_positions_are_ignored() -> None:
    searched = form(postcode="0556", lat="59.9296", lon="10.7155")
    assert searched.is_valid()
    assert searched.criteria()["near"] == selectors.Point(59.9296, 10.7155)
    odd = form(lat="north", lon="999")
    assert odd.is_valid() and odd.criteria()["near"] is None


# --- Texts ---------------------------------------------------------------------------------


def rules_of(place: ServiceAtLocation) -> list[opening.Rule]:
    return selectors.place(place.pk).rules


def test_today_texts() -> None:
    rules = rules_of(visit_place("Weekdays"))
    assert display.today_text(rules, MONDAY_NOON) == "Open today 10:00–15:00"
    assert display.today_text(rules, MONDAY_NOON.replace(hour=16)) == (
        "Closed for the rest of today. Next open tomorrow 10:00–15:00"
    )
    assert display.today_text(rules, SATURDAY_NOON) == (
        "Closed today. Next open Monday 10:00–15:00"
    )
    assert display.today_text([], SATURDAY_NOON) == "Ask them about the opening hours."


def test_next_open_far_ahead_names_the_date() -> None:
    place = visit_place("Summer break")
    Schedule.objects.filter(service_at_location=place).update(
        valid_from=MONDAY_NOON.date() + dt.timedelta(days=14)
    )
    assert display.today_text(rules_of(place), MONDAY_NOON) == (
        "Closed today. Next open Monday January 19 10:00–15:00"
    )


def test_attending_texts() -> None:
    drop_in = rules_of(visit_place("Drop in"))
    appointments = rules_of(visit_place("Appointments", attending=Attending.APPOINTMENT))
    assert display.attending_text(drop_in, MONDAY_NOON) == (
        "Drop in now. You do not need an appointment."
    )
    assert display.attending_text(drop_in, SATURDAY_NOON) == (
        "Drop in when it is open. You do not need an appointment."
    )
    assert display.attending_text(appointments, MONDAY_NOON) == "By appointment only."
    assert display.attending_text(drop_in, MONDAY_NOON, LocationKind.PHONE) == (
        "You can call now. You do not need an appointment."
    )
    mixed = [*drop_in, *appointments]
    assert display.attending_text(mixed, SATURDAY_NOON) == (
        "Some hours you can drop in, other hours are by appointment."
    )


def test_language_names() -> None:
    assert [display.language_name(code) for code in ["ar", "so", "ti", "uk", "pl", "en", "nb"]] == [
        "Arabic",
        "Somali",
        "Tigrinya",
        "Ukrainian",
        "Polish",
        "English",
        "Norwegian",
    ]
    assert display.language_name("hu") == "Hungarian"  # from Django's list
    assert display.language_name("zzz", "Made-up") == "Made-up"
    assert display.language_own_name("ar") == "العربيّة"


def test_a_week_on_the_place_page_with_a_holiday_later() -> None:
    place = visit_place("Full", full=True)
    found = selectors.place(place.pk)
    today = MONDAY_NOON.astimezone(OSLO_TZ).date()
    week = display.week_lines(found.rules, today)
    assert [(line.label, line.hours) for line in week[:1]] == [("Monday January 5", "10:00–15:00")]
    assert [line.hours for line in week[5:]] == ["Closed", "Closed"]
    assert week[0].today and not week[1].today
    later = display.exception_lines(found.rules, today)
    assert [(line.label, line.hours, line.note) for line in later] == [
        ("Thursday January 22", "Closed", "Closed for a course.")
    ]


# --- Review fixes: a cap on the rows, coordinates off the earth, own-names -----------------


def test_the_search_looks_at_a_bounded_number_of_places(monkeypatch: pytest.MonkeyPatch) -> None:
    visit_place("Grünerløkka")
    visit_place("Majorstuen", postal_code="0367", at=MAJORSTUEN)
    visit_place("Hamar", municipality=HAMAR, postal_code="2317", at=HAMAR_CENTRE)
    remote_help("Phone", municipality=None)
    from_hamar = names(search(near=selectors.Point(*HAMAR_CENTRE)))
    monkeypatch.setattr(selectors, "MAX_CANDIDATES", 2)
    # The cap keeps the places that come first: to visit, nearest first ...
    assert names(search(near=selectors.Point(*HAMAR_CENTRE))) == from_hamar[:2]
    assert from_hamar[0] == "Hamar" and len(from_hamar) == 4
    assert names(search(near=selectors.Point(*MAJORSTUEN))) == ["Majorstuen", "Grünerløkka"]
    # ... or by name, with phone and video help after the places to visit.
    assert names(search()) == ["Grünerløkka", "Hamar"]
    monkeypatch.setattr(selectors, "MAX_CANDIDATES", 4)
    assert names(search())[-1] == "Phone"


def test_coordinates_off_the_earth_do_not_break_the_search() -> None:
    visit_place("Infinite", at=(float("inf"), 10.0))
    visit_place("Off the map", at=(200.0, 10.0))
    visit_place("Grünerløkka")
    results = search(near=selectors.Point(*MAJORSTUEN))
    assert names(results)[0] == "Grünerløkka"
    assert [hit.distance_km for hit in results.hits][1:] == [None, None]


@pytest.mark.parametrize(
    "point",
    [
        selectors.Point(float("nan"), 10.0),
        selectors.Point(59.9, float("inf")),
        selectors.Point(91.0, 10.0),
        selectors.Point(59.9, -181.0),
    ],
)
def test_no_distance_to_a_point_off_the_earth(point: selectors.Point) -> None:
    assert selectors.distance_km(point, selectors.Point(*MAJORSTUEN)) is None
    assert selectors.distance_km(selectors.Point(*MAJORSTUEN), point) is None


def test_antipodes_are_half_the_earth_away() -> None:
    far = selectors.distance_km(selectors.Point(0.0, 0.0), selectors.Point(0.0, 180.0))
    assert far == pytest.approx(20015, abs=1)


def test_own_names_come_only_from_a_list_we_trust() -> None:
    # A name stored with an import may be in Norwegian: it is not the language's own name.
    assert display.language_own_name("ar", "arabisk") == "العربيّة"
    assert display.language_own_name("so", "somali") == "Soomaali"
    assert display.language_own_name("ti", "") == "ትግርኛ"
    assert display.language_own_name("xx", "Made-up") == ""
