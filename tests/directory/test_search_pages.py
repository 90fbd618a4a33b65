"""The search pages as a browser without JavaScript sees them (Django's test client)."""

from __future__ import annotations

import itertools
import re
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import resolve, reverse

from kompanjong.directory import views
from kompanjong.directory.models import LocationKind, ServiceStatus
from tests.directory.factories import LanguageFactory
from tests.directory.search_world import (
    HAMAR,
    HAMAR_CENTRE,
    MONDAY_NOON,
    OS,
    OSLO,
    SATURDAY_NOON,
    make_world,
    remote_help,
    visit_place,
)
from tests.pages import page

# /help/ is still core's "Get help" page in the real URL configuration, and core comes first
# there (see test_help_is_the_directory_search). Until that moves, these tests put the directory
# first, which is where it must end up.

pytestmark = [pytest.mark.django_db]
SEARCH = "/help/"


@pytest.fixture(autouse=True)
def world() -> Iterator[None]:
    make_world()
    with time_machine.travel(MONDAY_NOON, tick=False):
        yield


@pytest.fixture
def browser() -> Client:
    """An anonymous visitor reading English (the msgids), without JavaScript."""
    client = Client()
    client.cookies["kompanjong_language"] = "en"
    return client


def headings(html: str) -> list[int]:
    return [int(level) for level in re.findall(r"<h([1-6])[\s>]", html)]


def assert_headings_in_order(html: str) -> None:
    levels = headings(html)
    assert levels.count(1) == 1 and levels[0] == 1, levels
    for before, after in itertools.pairwise(levels):
        assert after <= before + 1, levels


def text_of(html: str) -> str:
    """The page as words: tags out, whitespace squeezed (to read sentences across tags)."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_help_is_the_directory_search() -> None:
    assert resolve(reverse("directory:search")).view_name == "directory:search"


def test_empty_search_page(browser: Client) -> None:
    html = page(browser, SEARCH)
    assert "<title>Where is help – Kompanjong</title>" in html
    assert_headings_in_order(html)
    assert '<form method="get" action="/help/"' in html
    for name in ["municipality", "postcode", "topic", "language"]:
        assert f'name="{name}"' in html
    for name in ["open_now", "open_this_week", "drop_in", "step_free"]:
        assert f'type="checkbox" name="{name}"' in html
    assert '<option value="3430">Os</option>' in html
    assert '<option value="eid">eID and BankID</option>' in html
    assert ">Search</button>" in html
    assert "We found" not in html
    # "Near me" is only a script: no button without JavaScript, and no inline script.
    assert "Find places near me</button>" not in html
    assert re.search(r'<script src="[^"]*directory/near-me\.js" defer></script>', html)
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)


def test_search_shows_everything_a_result_needs(browser: Client) -> None:
    place = visit_place(
        "Deichman Grünerløkka", full=True, languages=["ar"], step_free=True,
        organisation="Deichman",
    )  # fmt: skip
    html = page(browser, f"{SEARCH}?municipality={OSLO}")
    assert "<title>1 result – Where is help – Kompanjong</title>" in html
    assert_headings_in_order(html)
    text = text_of(html)
    assert "We found 1 place that can help you in Oslo" in text
    assert f'<a href="/help/{place.pk}/">Deichman Grünerløkka</a>' in html
    assert "Digital help at Deichman Grünerløkka · Deichman" in text
    assert "Open today 10:00–15:00" in text
    assert "Drop in now. You do not need an appointment." in text
    assert "Schleppegrells gate 32" in text and "0556 Oslo" in text
    assert "Trikk 11, 12 eller 18 til Olaf Ryes plass." in text
    assert '<a href="tel:+4723432900">23 43 29 00</a>' in html
    assert "Arabic" in text and 'Somali (<span lang="so">Soomaali</span>)' in html
    assert "Step-free access. Lift by the door." in text
    assert "Your phone" in text
    assert "Topics Help with NAV" in text


def test_closed_today_says_when_it_opens_next(browser: Client) -> None:
    visit_place("Weekdays")
    with time_machine.travel(SATURDAY_NOON, tick=False):
        html = page(browser, f"{SEARCH}?municipality={OSLO}")
    assert "Closed today. Next open Monday 10:00–15:00" in text_of(html)


def test_every_filter_reaches_the_search(browser: Client) -> None:
    visit_place("Fits", languages=["ar"], topics=["eid"], step_free=True)
    visit_place("Steps", languages=["ar"], topics=["eid"])
    visit_place("Polish", languages=["pl"], topics=["eid"], step_free=True)
    html = page(
        browser,
        f"{SEARCH}?municipality={OSLO}&topic=eid&language=ar&open_now=on&open_this_week=on"
        "&drop_in=on&step_free=on",
    )
    text = text_of(html)
    assert "We found 1 place" in text and "Fits" in text
    assert ">Steps</a>" not in html and ">Polish</a>" not in html
    # The choices stay chosen.
    for name in ["open_now", "open_this_week", "drop_in", "step_free"]:
        assert re.search(rf'type="checkbox" name="{name}"[^>]* checked', html), name
    assert '<option value="ar" selected>Arabic</option>' in html


def test_postcode_search(browser: Client) -> None:
    visit_place("Hamar library", municipality=HAMAR, postal_code="2317", at=HAMAR_CENTRE)
    visit_place("Oslo place")
    text = text_of(page(browser, f"{SEARCH}?postcode=2317"))
    assert "We found 1 place that can help you in Hamar" in text
    assert "Hamar library" in text and "Oslo place" not in text
    assert "About 100 m away" in text  # from the centre of the postcode


def test_unknown_postcode_keeps_what_you_typed_and_says_what_to_do(browser: Client) -> None:
    visit_place("Somewhere")
    html = page(browser, f"{SEARCH}?postcode=1234&topic=eid&open_now=on")
    assert "<title>Error: Where is help – Kompanjong</title>" in html
    assert 'class="error-summary"' in html
    assert '<a href="#id_postcode">We do not know the postcode 1234. Check it, or choose your ' in (
        html
    )
    assert 'value="1234"' in html and 'aria-invalid="true"' in html
    assert '<option value="eid" selected>' in html
    assert re.search(r'name="open_now"[^>]* checked', html)
    assert "We found" not in html and "Somewhere" not in html
    assert_headings_in_order(html)


def test_bad_values_get_an_error_summary(browser: Client) -> None:
    html = page(browser, f"{SEARCH}?municipality=9999&postcode=12a")
    assert "Choose a municipality from the list." in html
    assert "A postcode has 4 digits, for example 0557." in html
    assert 'value="12a"' in html


def test_no_results_says_what_to_try(browser: Client) -> None:
    visit_place("Oslo place", topics=["nav"])
    html = page(browser, f"{SEARCH}?municipality={OSLO}&topic=tax")
    text = text_of(html)
    assert "We found no place that fits everything you chose" in text
    assert "Take away some of your choices" in text
    assert_headings_in_order(html)


def test_rural_municipality_gets_phone_and_video_help_explained(browser: Client) -> None:
    visit_place("Hamar library", municipality=HAMAR, postal_code="2317")
    remote_help("NAV Nord-Østerdal phone", municipality=OS, number="+4755553333")
    remote_help("Video help", municipality=OS, kind=LocationKind.VIDEO)
    html = page(browser, f"{SEARCH}?municipality={OS}")
    text = text_of(html)
    assert "There is no place to visit in Os for this. You can get help by phone or video:" in text
    assert "Help by phone or video" in text and "Places you can visit" not in text
    assert "NAV Nord-Østerdal phone" in text and "Hamar library" not in text
    assert "Help by phone" in text and '<a href="tel:+4755553333">55 55 33 33</a>' in html
    assert "You can call now. You do not need an appointment." in text
    assert '<a href="https://video.example.no/room">Start the video call</a>' in html
    assert_headings_in_order(html)


def test_near_me_sorts_by_distance_and_says_how_far(browser: Client) -> None:
    visit_place("Grünerløkka")
    visit_place("Majorstuen", postal_code="0367", at=(59.9296, 10.7155))
    text = text_of(page(browser, f"{SEARCH}?lat=59.9296&lon=10.7155"))
    assert "The places nearest to you come first." in text
    assert text.index("Majorstuen") < text.index("Grünerløkka")
    assert "About 2.5 km away" in text


def test_pages_of_twenty_keep_the_search(browser: Client) -> None:
    for n in range(23):
        visit_place(f"Place {n:02}")
    first = page(browser, f"{SEARCH}?municipality={OSLO}&open_now=on")
    assert "Page 1 of 2" in first and first.count('<article class="card">') == 20
    assert 'href="?municipality=0301&amp;open_now=on&amp;page=2"' in first
    second = page(browser, f"{SEARCH}?municipality={OSLO}&open_now=on&page=2")
    assert second.count('<article class="card">') == 3
    assert "Previous page" in second


def test_the_search_page_runs_the_same_queries_for_3_or_15_places(
    browser: Client, django_assert_num_queries: Any
) -> None:
    url = f"{SEARCH}?municipality={OSLO}&language=ar&open_this_week=on"
    for n in range(3):
        visit_place(f"Place {n}", full=True, languages=["ar"])
    with django_assert_num_queries(16) as few:
        assert page(browser, url).count('<article class="card">') == 3
    for n in range(12):
        visit_place(f"More {n}", full=True, languages=["ar"])
    with django_assert_num_queries(16) as many:
        assert page(browser, url).count('<article class="card">') == 15
    assert len(few.captured_queries) == len(many.captured_queries)


def test_logged_in_people_search_too(browser: Client, citizen: Any) -> None:
    visit_place("Somewhere")
    browser.force_login(citizen)
    assert "Somewhere" in page(browser, f"{SEARCH}?municipality={OSLO}")


# --- A place's page ------------------------------------------------------------------------


def test_place_page_has_everything_and_the_weeks_hours(browser: Client) -> None:
    place = visit_place("Deichman Grünerløkka", full=True, languages=["ar"])
    place.service.eligibility_description = "For everyone who lives in Oslo."
    place.service.save()
    html = page(browser, f"/help/{place.pk}/")
    assert "<title>Deichman Grünerløkka – Where is help – Kompanjong</title>" in html
    assert_headings_in_order(html)
    text = text_of(html)
    assert "Opening hours the next 7 days" in text
    assert "Monday January 5 (today) 10:00–15:00" in text
    assert "Saturday January 10 Closed" in text
    assert "Other hours in the coming weeks" in text
    assert "Thursday January 22 Closed – Closed for a course." in text
    assert "For everyone who lives in Oslo." in text
    assert '<a href="tel:+4723432900">' in html and "Your phone" in text
    assert "Last checked" in text
    assert "Book a time" not in text


def test_place_page_links_to_booking_when_the_booking_app_gives_a_link(
    browser: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    place = visit_place("Bookable")
    monkeypatch.setattr(views, "booking_link", lambda place: f"/book/{place.pk}/")
    html = page(browser, f"/help/{place.pk}/")
    assert f'<a class="button" href="/book/{place.pk}/">Book a time</a>' in html


def test_place_page_for_phone_help(browser: Client) -> None:
    place = remote_help("NAV phone", municipality=OS)
    text = text_of(page(browser, f"/help/{place.pk}/"))
    assert "Help by phone" in text and "55 55 33 33" in text
    assert "How to get there" not in text and "Access" not in text


def test_place_page_for_help_closed_for_a_while(browser: Client) -> None:
    place = visit_place("Paused")
    place.service.status = ServiceStatus.TEMPORARILY_CLOSED
    place.service.save()
    assert "This help is closed for a while." in page(browser, f"/help/{place.pk}/")


def test_place_page_404s_for_an_unknown_or_closed_down_place(browser: Client) -> None:
    page(browser, f"/help/{uuid.uuid4()}/", status=404)
    place = visit_place("Gone")
    place.service.status = ServiceStatus.DEFUNCT
    place.service.save()
    page(browser, f"/help/{place.pk}/", status=404)


def test_place_page_queries_do_not_grow_with_its_details(
    browser: Client, django_assert_max_num_queries: Any
) -> None:
    place = visit_place("Full", full=True, languages=["ar", "pl", "uk"])
    with django_assert_max_num_queries(15):
        page(browser, f"/help/{place.pk}/")


# --- Review fixes ------------------------------------------------------------------------------


def test_a_latitude_without_a_longitude_does_not_claim_to_sort(browser: Client) -> None:
    visit_place("Grünerløkka")
    text = text_of(page(browser, f"{SEARCH}?lat=59.9296"))
    assert "Grünerløkka" in text
    assert "The places nearest to you come first." not in text


def test_a_stored_language_name_is_never_marked_as_that_language(browser: Client) -> None:
    place = visit_place("Grünerløkka")
    LanguageFactory.create(service=place.service, code="ar", name="arabisk")
    LanguageFactory.create(service=place.service, code="xx", name="Made-up")
    html = page(browser, f"/help/{place.pk}/")
    assert '<span lang="ar">العربيّة</span>' in html
    assert 'lang="ar">arabisk' not in html
    assert 'lang="xx"' not in html
    assert "Made-up" in html


def test_coordinates_off_the_earth_do_not_break_the_search_page(browser: Client) -> None:
    visit_place("Infinite", at=(float("inf"), 10.0))
    visit_place("Grünerløkka")
    text = text_of(page(browser, f"{SEARCH}?postcode=0556"))
    assert text.index("Grünerløkka") < text.index("Infinite")
    text = text_of(page(browser, f"{SEARCH}?lat=59.9296&lon=10.7155"))
    assert "Infinite" in text
