"""Directory editors keep their own organisation's entries, and only those."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kompanjong.directory import editor_selectors, hsds
from kompanjong.directory.hsds_import import import_records
from kompanjong.directory.models import (
    Address,
    Language,
    Location,
    LocationKind,
    Organization,
    Phone,
    Postcode,
    Schedule,
    Service,
    ServiceAtLocation,
)
from kompanjong.directory.topics import term_id
from kompanjong.people.models import Account
from tests.directory.factories import (
    ClosedDayFactory,
    LanguageFactory,
    LocationFactory,
    OrganizationFactory,
    PhoneFactory,
    PlaceFactory,
    WeeklyHoursFactory,
)
from tests.factories import AccountFactory, CitizenAccountFactory, MembershipFactory
from tests.factories import OrganisationFactory as MembersFactory

OSLO = ZoneInfo("Europe/Oslo")
LONG_AGO = dt.date(2020, 1, 1)


@dataclass
class Desk:
    """A directory editor, their organisation's entry, and one service at one place."""

    editor: Account
    entry: Organization
    place: ServiceAtLocation

    @property
    def service(self) -> Service:
        return self.place.service

    @property
    def location(self) -> Location:
        return self.place.location


def make_desk(name: str = "Deichman Grünerløkka", kind: str = "library") -> Desk:
    members = MembersFactory.create(name=name, kind=kind)
    editor = MembershipFactory.create(
        role="directory_editor", organisation=members, account=AccountFactory.create()
    ).account
    entry = OrganizationFactory.create(name=name, members=members)
    place = PlaceFactory.create(
        service__organization=entry,
        service__name=f"Digital hjelp, {name}",
        service__assured_date=LONG_AGO,
        service__topic_codes=["nav", "eid"],
        location__name=name,
    )
    LanguageFactory.create(service=place.service, code="nb", name="norsk bokmål")
    return Desk(editor, entry, place)


def client_for(account: Account | None) -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    if account is not None:
        client.force_login(account)
    return client


@pytest.fixture
def desk(db: Any) -> Desk:
    return make_desk()


@pytest.fixture
def other(db: Any) -> Desk:
    return make_desk("Frivilligsentralen Hamar", kind="volunteer_centre")


@pytest.fixture
def editor(desk: Desk) -> Client:
    return client_for(desk.editor)


def html(response: Any) -> str:
    return response.content.decode()


def text_of(page: str) -> str:
    """The page as words: tags out, whitespace squeezed (to read sentences across tags)."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))


# --- who may come in --------------------------------------------------------------------------
def edit_urls(desk: Desk) -> list[str]:
    return [
        f"/directory/services/{desk.service.pk}/edit/",
        f"/directory/locations/{desk.location.pk}/edit/",
        f"/directory/places/{desk.place.pk}/hours/",
    ]


def checked_urls(desk: Desk) -> list[str]:
    return [
        f"/directory/services/{desk.service.pk}/checked/",
        f"/directory/locations/{desk.location.pk}/checked/",
    ]


def test_anonymous_visitors_are_sent_to_log_in(desk: Desk) -> None:
    client = client_for(None)
    for url in ["/directory/", *edit_urls(desk)]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/login" in response["Location"], url


def test_a_citizen_is_not_allowed(desk: Desk) -> None:
    client = client_for(CitizenAccountFactory.create())
    for url in ["/directory/", *edit_urls(desk)]:
        assert client.get(url).status_code == 403, url


def test_a_helper_who_is_not_an_editor_is_not_allowed(desk: Desk) -> None:
    helper = MembershipFactory.create(
        role="helper", organisation=desk.entry.members, account=AccountFactory.create()
    ).account
    client = client_for(helper)
    for url in ["/directory/", *edit_urls(desk)]:
        assert client.get(url).status_code == 403, url


def test_the_editor_sees_their_own_entries_and_nobody_elses(
    editor: Client, desk: Desk, other: Desk
) -> None:
    page = html(editor.get("/directory/"))
    assert desk.service.name in page
    assert desk.location.name in page
    for url in edit_urls(desk):
        assert url in page
        assert editor.get(url).status_code == 200, url
    assert other.service.name not in page
    assert other.location.name not in page


def test_another_organisations_entries_are_forbidden_by_url(
    editor: Client, desk: Desk, other: Desk
) -> None:
    before = Service.objects.get(pk=other.service.pk)
    for url in edit_urls(other):
        assert editor.get(url).status_code == 403, url
        assert editor.post(url, {"name": "Taken over"}).status_code == 403, url
    for url in checked_urls(other):
        assert editor.post(url).status_code == 403, url
    after = Service.objects.get(pk=other.service.pk)
    assert (after.name, after.assured_date) == (before.name, before.assured_date)
    assert Location.objects.get(pk=other.location.pk).name == other.location.name


def test_unknown_entries_are_not_found(editor: Client) -> None:
    missing = "00000000-0000-0000-0000-000000000000"
    assert editor.get(f"/directory/services/{missing}/edit/").status_code == 404
    assert editor.get(f"/directory/places/{missing}/hours/").status_code == 404


def test_an_editor_with_no_entry_yet_gets_a_plain_page(db: Any) -> None:
    account = MembershipFactory.create(
        role="directory_editor", account=AccountFactory.create()
    ).account
    page = html(client_for(account).get("/directory/"))
    assert "Your organisation is not in the directory yet." in page


def test_nav_office_entries_are_kept_the_same_way(desk: Desk) -> None:
    nav = make_desk("NAV Grünerløkka", kind="nav_office")
    client = client_for(nav.editor)
    response = client.post(f"/directory/services/{nav.service.pk}/edit/", service_data())
    assert response.status_code == 302
    assert Service.objects.get(pk=nav.service.pk).name == "Help with NAV and BankID"
    assert client.get(f"/directory/services/{desk.service.pk}/edit/").status_code == 403


def test_an_editor_of_two_organisations_keeps_both(desk: Desk, other: Desk) -> None:
    MembershipFactory.create(
        role="directory_editor", organisation=other.entry.members, account=desk.editor
    )
    page = html(client_for(desk.editor).get("/directory/"))
    assert desk.service.name in page and other.service.name in page


def test_a_location_nobody_clearly_owns_is_not_editable(editor: Client, desk: Desk) -> None:
    shared = LocationFactory.create(organization=None, name="Shared room")
    PlaceFactory.create(service=desk.service, location=shared)
    other_entry = OrganizationFactory.create()
    PlaceFactory.create(service__organization=other_entry, location=shared)
    assert editor.get(f"/directory/locations/{shared.pk}/edit/").status_code == 403


def test_a_location_without_organisation_is_its_services_organisations(
    editor: Client, desk: Desk
) -> None:
    loose = LocationFactory.create(organization=None, name="Loose room")
    PlaceFactory.create(service=desk.service, location=loose)
    assert editor.get(f"/directory/locations/{loose.pk}/edit/").status_code == 200


# --- editing a service ------------------------------------------------------------------------
def service_data(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": "Help with NAV and BankID",
        "description": "We help you log in to NAV.",
        "what_to_bring": "Your phone\n\n  Your BankID code chip  \n",
        "application_process": "Just come in.",
        "interpretation_services": "Ask us for an interpreter.",
        "topics": ["nav", "documents"],
        "languages": ["nb", "ar", "uk"],
        "status": "active",
    }
    data.update(changes)
    return data


def test_the_service_form_shows_what_is_there(editor: Client, desk: Desk) -> None:
    page = html(editor.get(f"/directory/services/{desk.service.pk}/edit/"))
    assert desk.service.name in page
    assert 'value="nav" checked' in page and 'value="tax" checked' not in page
    assert "Northern Sami" in page and "Help with NAV" in page


def test_saving_a_service_keeps_it_and_marks_it_checked(editor: Client, desk: Desk) -> None:
    LanguageFactory.create(service=desk.service, code="de", name="Deutsch")  # from an import
    response = editor.post(f"/directory/services/{desk.service.pk}/edit/", service_data())
    assert response.status_code == 302
    assert response["Location"] == "/directory/"
    service = Service.objects.get(pk=desk.service.pk)
    assert service.name == "Help with NAV and BankID"
    assert service.application_process == "Just come in."
    assert service.interpretation_services == "Ask us for an interpreter."
    assert service.assured_date == timezone.localdate()
    assert sorted(d.document for d in service.required_documents.all()) == [
        "Your BankID code chip",
        "Your phone",
    ]
    assert set(service.topics.values_list("pk", flat=True)) == {
        term_id("nav"),
        term_id("documents"),
    }
    codes = dict(Language.objects.filter(service=service).values_list("code", "name"))
    assert codes == {"nb": "norsk bokmål", "ar": "العربية", "uk": "українська", "de": "Deutsch"}


def test_saving_again_keeps_the_things_to_bring_that_stayed(editor: Client, desk: Desk) -> None:
    url = f"/directory/services/{desk.service.pk}/edit/"
    editor.post(url, service_data())
    phone = desk.service.required_documents.get(document="Your phone")
    editor.post(url, service_data(what_to_bring="Your phone\nA letter from NAV"))
    documents = {d.document: d.pk for d in desk.service.required_documents.all()}
    assert documents == {
        "Your phone": phone.pk,
        "A letter from NAV": documents["A letter from NAV"],
    }


SERVICE_ERRORS = [
    ({"name": ""}, "Write the name of the service."),
    ({"name": "x" * 201}, "The name can be at most 200 characters."),
    ({"description": "x" * 2001}, "Write at most 2000 characters."),
    ({"topics": []}, "Choose at least one thing you help with."),
    ({"topics": ["astrology"]}, "Choose from the list."),
    ({"languages": []}, "Choose at least one language you can help in."),
    ({"languages": ["xx"]}, "Choose from the list."),
    ({"status": ""}, "Choose whether the service is open."),
    ({"status": "sleeping"}, "Choose one of the answers."),
    (
        {"what_to_bring": "Your phone\n" + "x" * 301},
        "Each thing to bring can be at most 300 characters. Thing number 2 is too long.",
    ),
    (
        {"what_to_bring": "Your phone\nyour phone"},
        "You have written the same thing twice. Write each thing once.",
    ),
]


@pytest.mark.parametrize(("changes", "message"), SERVICE_ERRORS)
def test_bad_service_input_is_explained_kept_and_not_stored(
    editor: Client, desk: Desk, changes: dict[str, Any], message: str
) -> None:
    data = service_data(interpretation_services="Typed and kept", **changes)
    response = editor.post(f"/directory/services/{desk.service.pk}/edit/", data)
    assert response.status_code == 400
    page = html(response)
    assert message in page
    assert "Something needs fixing" in page
    assert "Typed and kept" in page
    for name, typed in changes.items():
        if name != "status" and isinstance(typed, str) and typed:
            assert typed.splitlines()[-1] in page  # the bad input itself is kept too
    service = Service.objects.get(pk=desk.service.pk)
    assert service.name == desk.service.name
    assert service.assured_date == LONG_AGO
    assert not service.required_documents.exists()
    assert set(service.topics.values_list("pk", flat=True)) == {term_id("nav"), term_id("eid")}


# --- editing a location -----------------------------------------------------------------------
def location_data(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": "Deichman Grünerløkka, 2nd floor",
        "address_1": "Schleppegrells gate 32",
        "address_2": "",
        "postal_code": "0556",
        "city": "Oslo",
        "transportation": "Tram 11 to Olaf Ryes plass.",
        "accessibility": "Lift from the main entrance.",
        "step_free": "on",
        "latitude": "59,9225",
        "longitude": "10.759",
    }
    data.update(changes)
    return data


def test_saving_a_place_keeps_it_and_marks_its_services_checked(editor: Client, desk: Desk) -> None:
    url = f"/directory/locations/{desk.location.pk}/edit/"
    page = html(editor.get(url))
    assert "Schleppegrells gate 32" in page
    response = editor.post(url, location_data(postal_code="0 5 5 6"))
    assert response.status_code == 302
    location = Location.objects.get(pk=desk.location.pk)
    assert location.name == "Deichman Grünerløkka, 2nd floor"
    assert location.step_free is True
    assert (location.latitude, location.longitude) == (59.9225, 10.759)
    assert location.transportation == "Tram 11 to Olaf Ryes plass."
    assert [a.description for a in location.accessibility.all()] == ["Lift from the main entrance."]
    address = location.addresses.get()
    assert (address.address_1, address.postal_code, address.city) == (
        "Schleppegrells gate 32",
        "0556",
        "Oslo",
    )
    assert Service.objects.get(pk=desk.service.pk).assured_date == timezone.localdate()


def test_the_map_point_can_be_left_out(editor: Client, desk: Desk) -> None:
    url = f"/directory/locations/{desk.location.pk}/edit/"
    data = location_data(latitude="", longitude="", accessibility="", step_free="")
    assert editor.post(url, data).status_code == 302
    location = Location.objects.get(pk=desk.location.pk)
    assert (location.latitude, location.longitude, location.step_free) == (None, None, False)
    assert not location.accessibility.exists()


LOCATION_ERRORS = [
    ({"name": ""}, "Write the name of the place."),
    ({"address_1": ""}, "Write the street address."),
    ({"postal_code": ""}, "Write the postcode."),
    ({"postal_code": "055"}, "Write the postcode with 4 digits, for example 0556."),
    ({"postal_code": "O556"}, "Write the postcode with 4 digits, for example 0556."),
    ({"city": ""}, "Write the postal town."),
    ({"latitude": "north"}, "Write a number between -90 and 90, for example 59.9225."),
    ({"latitude": "95"}, "Write a number between -90 and 90, for example 59.9225."),
    ({"longitude": "200"}, "Write a number between -180 and 180, for example 10.7590."),
    ({"latitude": ""}, "Write the latitude too, or remove the longitude."),
    ({"longitude": ""}, "Write the longitude too, or remove the latitude."),
    ({"transportation": "x" * 1001}, "Write at most 1000 characters."),
]


@pytest.mark.parametrize(("changes", "message"), LOCATION_ERRORS)
def test_bad_place_input_is_explained_kept_and_not_stored(
    editor: Client, desk: Desk, changes: dict[str, Any], message: str
) -> None:
    data = location_data(**changes)
    if "name" not in changes:
        data["name"] = "Typed name kept"
    response = editor.post(f"/directory/locations/{desk.location.pk}/edit/", data)
    assert response.status_code == 400
    page = html(response)
    assert message in page
    for typed in (v for k, v in changes.items() if v and len(v) < 100):
        assert f'value="{typed}"' in page
    location = Location.objects.get(pk=desk.location.pk)
    assert location.name == desk.location.name
    assert location.addresses.get().postal_code == "0556"
    assert not location.accessibility.exists()
    assert Service.objects.get(pk=desk.service.pk).assured_date == LONG_AGO


def test_a_video_location_has_a_link_and_no_address(editor: Client, desk: Desk) -> None:
    video = PlaceFactory.create(
        service=desk.service,
        location__organization=desk.entry,
        location__kind=LocationKind.VIDEO,
        location__name="Video help",
    ).location
    url = f"/directory/locations/{video.pk}/edit/"
    page = html(editor.get(url))
    assert "Video link" in page and "Street address" not in page

    response = editor.post(url, {"name": "Video help", "url": "not a link"})
    assert response.status_code == 400
    assert "Write the whole link, for example https://meet.example.no/help." in html(response)
    assert 'value="not a link"' in html(response)
    response = editor.post(url, {"name": "Video help", "url": ""})
    assert "Write the video link." in html(response)
    assert Location.objects.get(pk=video.pk).url == ""

    assert editor.post(url, {"name": "Video help", "url": "meet.example.no/nav"}).status_code == 302
    assert Location.objects.get(pk=video.pk).url == "https://meet.example.no/nav"


def test_a_phone_location_has_only_a_name(editor: Client, desk: Desk) -> None:
    phone = PlaceFactory.create(
        service=desk.service,
        location__organization=desk.entry,
        location__kind=LocationKind.PHONE,
        location__name="Phone help",
    ).location
    url = f"/directory/locations/{phone.pk}/edit/"
    assert editor.post(url, {"name": "Call us"}).status_code == 302
    assert Location.objects.get(pk=phone.pk).name == "Call us"


# --- opening hours ----------------------------------------------------------------------------
def hours_data(
    rules: list[dict[str, Any]], dates: list[dict[str, Any]], initial: tuple[int, int] = (0, 0)
) -> dict[str, Any]:
    """The posted hours page: rows of weekly rules and special dates, as a browser sends them."""
    data: dict[str, Any] = {
        "rules-TOTAL_FORMS": len(rules),
        "rules-INITIAL_FORMS": initial[0],
        "rules-MIN_NUM_FORMS": 0,
        "rules-MAX_NUM_FORMS": 30,
        "dates-TOTAL_FORMS": len(dates),
        "dates-INITIAL_FORMS": initial[1],
        "dates-MIN_NUM_FORMS": 0,
        "dates-MAX_NUM_FORMS": 30,
    }
    for prefix, rows in (("rules", rules), ("dates", dates)):
        for number, row in enumerate(rows):
            for name, value in row.items():
                data[f"{prefix}-{number}-{name}"] = value
    return data


EMPTY_RULE = {"id": "", "days": [], "opens": "", "closes": "", "attending": "drop_in"}
EMPTY_DATE = {
    "id": "",
    "day": "",
    "open_or_closed": "closed",
    "opens": "",
    "closes": "",
    "note": "",
}


@pytest.fixture
def hours(desk: Desk) -> dict[str, Schedule]:
    return {
        "weekdays": WeeklyHoursFactory.create(service_at_location=desk.place, byday="MO,TU,WE"),
        "christmas": ClosedDayFactory.create(service_at_location=desk.place),
    }


def hours_now(desk: Desk) -> list[tuple[Any, ...]]:
    return sorted(
        Schedule.objects.filter(service_at_location=desk.place).values_list(
            "freq", "byday", "opens_at", "closes_at", "attending_type", "valid_from", "description"
        ),
        key=str,
    )


def test_the_hours_page_shows_the_rules(
    editor: Client, desk: Desk, hours: dict[str, Schedule]
) -> None:
    page = html(editor.get(f"/directory/places/{desk.place.pk}/hours/"))
    assert 'value="10:00"' in page and 'value="15:00"' in page
    assert 'value="24.12.2026"' in page and "Stengt julaften." in page
    assert "Add opening hours" in page and "Add a special date" in page


def test_changing_adding_and_removing_hours(
    editor: Client, desk: Desk, hours: dict[str, Schedule]
) -> None:
    weekdays, christmas = hours["weekdays"], hours["christmas"]
    data = hours_data(
        rules=[
            {
                **EMPTY_RULE,
                "id": weekdays.pk,
                "days": ["MO", "WE"],
                "opens": "9.30",
                "closes": "14:00",
                "attending": "appointment",
            },
            {**EMPTY_RULE, "days": ["TH"], "opens": "12", "closes": "19:00"},
        ],
        dates=[
            {**EMPTY_DATE, "id": christmas.pk, "day": "24.12.2026", "DELETE": "on"},
            {**EMPTY_DATE, "day": "01.04.2026", "note": "Closed for Easter"},
        ],
        initial=(1, 1),
    )
    response = editor.post(f"/directory/places/{desk.place.pk}/hours/", data)
    assert response.status_code == 302, html(response)[:3000]
    weekdays.refresh_from_db()
    assert (weekdays.byday, weekdays.opens_at, weekdays.closes_at, weekdays.attending_type) == (
        "MO,WE",
        dt.time(9, 30),
        dt.time(14, 0),
        "appointment",
    )
    assert not Schedule.objects.filter(pk=christmas.pk).exists()
    thursday = Schedule.objects.get(service_at_location=desk.place, byday="TH")
    assert (thursday.opens_at, thursday.closes_at, thursday.freq) == (
        dt.time(12, 0),
        dt.time(19, 0),
        "WEEKLY",
    )
    easter = Schedule.objects.get(service_at_location=desk.place, freq="")
    assert easter.valid_from == easter.valid_to == dt.date(2026, 4, 1)
    assert (easter.opens_at, easter.description) == (None, "Closed for Easter")
    assert Service.objects.get(pk=desk.service.pk).assured_date == timezone.localdate()


def test_a_date_with_other_hours(editor: Client, desk: Desk) -> None:
    data = hours_data(
        rules=[EMPTY_RULE],
        dates=[
            {
                **EMPTY_DATE,
                "day": "23.12.2026",
                "open_or_closed": "other_hours",
                "opens": "10:00",
                "closes": "13:00",
                "note": "Short day",
            }
        ],
    )
    assert editor.post(f"/directory/places/{desk.place.pk}/hours/", data).status_code == 302
    day = Schedule.objects.get(service_at_location=desk.place)
    assert (day.valid_from, day.opens_at, day.closes_at) == (
        dt.date(2026, 12, 23),
        dt.time(10),
        dt.time(13),
    )


def test_empty_new_rows_are_left_out(
    editor: Client, desk: Desk, hours: dict[str, Schedule]
) -> None:
    before = hours_now(desk)
    data = hours_data(
        rules=[
            {
                **EMPTY_RULE,
                "id": hours["weekdays"].pk,
                "days": ["MO", "TU", "WE"],
                "opens": "10:00",
                "closes": "15:00",
            },
            EMPTY_RULE,
        ],
        dates=[
            {
                **EMPTY_DATE,
                "id": hours["christmas"].pk,
                "day": "24.12.2026",
                "note": "Stengt julaften.",
            },
            EMPTY_DATE,
        ],
        initial=(1, 1),
    )
    assert editor.post(f"/directory/places/{desk.place.pk}/hours/", data).status_code == 302
    assert hours_now(desk) == before


def test_an_id_from_another_place_makes_a_new_row(editor: Client, desk: Desk, other: Desk) -> None:
    theirs = WeeklyHoursFactory.create(service_at_location=other.place)
    data = hours_data(
        rules=[
            {**EMPTY_RULE, "id": theirs.pk, "days": ["FR"], "opens": "08:00", "closes": "09:00"}
        ],
        dates=[],
    )
    assert editor.post(f"/directory/places/{desk.place.pk}/hours/", data).status_code == 302
    theirs.refresh_from_db()
    assert theirs.byday == "MO,TU,WE,TH,FR"
    assert Schedule.objects.filter(service_at_location=desk.place, byday="FR").exists()


RULE_ERRORS = [
    ({"days": []}, "Choose at least one day."),
    ({"days": ["XX"]}, "Choose from the days in the list."),
    ({"opens": ""}, "Write when it opens, for example 10:00."),
    ({"closes": ""}, "Write when it closes, for example 15:00."),
    ({"opens": "ten"}, "Write the time as hours and minutes, for example 09:30."),
    ({"opens": "25:00"}, "Write the time as hours and minutes, for example 09:30."),
    ({"closes": "14:75"}, "Write the time as hours and minutes, for example 09:30."),
    ({"opens": "15:00", "closes": "10:00"}, "It must close after it opens. Write a later time."),
    ({"opens": "10:00", "closes": "10:00"}, "It must close after it opens. Write a later time."),
    ({"attending": ""}, "Choose drop in or by appointment."),
    ({"attending": "whenever"}, "Choose drop in or by appointment."),
]


@pytest.mark.parametrize(("changes", "message"), RULE_ERRORS)
def test_bad_weekly_hours_are_explained_kept_and_not_stored(
    editor: Client, desk: Desk, hours: dict[str, Schedule], changes: dict[str, Any], message: str
) -> None:
    before = hours_now(desk)
    new_rule = {**EMPTY_RULE, "days": ["SA"], "opens": "11:00", "closes": "13:00", **changes}
    data = hours_data(
        rules=[
            {
                **EMPTY_RULE,
                "id": hours["weekdays"].pk,
                "days": ["MO"],
                "opens": "08:15",
                "closes": "15:00",
            },
            new_rule,
        ],
        dates=[{**EMPTY_DATE, "id": hours["christmas"].pk, "day": "24.12.2026"}],
        initial=(1, 1),
    )
    response = editor.post(f"/directory/places/{desk.place.pk}/hours/", data)
    assert response.status_code == 400
    page = html(response)
    assert f"Opening hours 2: {message}" in page  # in the error summary, naming the row
    assert 'value="08:15"' in page  # what was typed elsewhere is kept
    for typed in (changes.get("opens"), changes.get("closes")):
        if typed:
            assert f'value="{typed}"' in page
    assert hours_now(desk) == before
    assert Service.objects.get(pk=desk.service.pk).assured_date == LONG_AGO


DATE_ERRORS = [
    ({"day": ""}, "Write the date, for example 24.12.2026."),
    ({"day": "31.02.2026"}, "Write the date as day.month.year, for example 17.05.1990."),
    ({"day": "Easter"}, "Write the date as day.month.year, for example 17.05.1990."),
    ({"open_or_closed": "other_hours"}, "Write when it opens, for example 10:00."),
    (
        {"open_or_closed": "other_hours", "opens": "13:00", "closes": "10:00"},
        "It must close after it opens. Write a later time.",
    ),
    (
        {"open_or_closed": "closed", "opens": "10:00"},
        "You chose “Closed all day”. Remove the times, or choose “Open at other hours”.",
    ),
    ({"day": "24.12.2026"}, "This date is already in the list. Write it once."),
    ({"note": "x" * 201}, "The note can be at most 200 characters."),
]


@pytest.mark.parametrize(("changes", "message"), DATE_ERRORS)
def test_bad_special_dates_are_explained_kept_and_not_stored(
    editor: Client, desk: Desk, hours: dict[str, Schedule], changes: dict[str, Any], message: str
) -> None:
    before = hours_now(desk)
    new_date = {**EMPTY_DATE, "day": "02.04.2026", "note": "Typed note kept", **changes}
    data = hours_data(
        rules=[
            {
                **EMPTY_RULE,
                "id": hours["weekdays"].pk,
                "days": ["MO"],
                "opens": "10:00",
                "closes": "15:00",
            }
        ],
        dates=[{**EMPTY_DATE, "id": hours["christmas"].pk, "day": "24.12.2026"}, new_date],
        initial=(1, 1),
    )
    response = editor.post(f"/directory/places/{desk.place.pk}/hours/", data)
    assert response.status_code == 400
    page = html(response)
    assert f"Special date 2: {message}" in page
    if new_date["day"]:
        assert f'value="{new_date["day"]}"' in page
    assert hours_now(desk) == before


def test_a_tampered_hours_form_stores_nothing(
    editor: Client, desk: Desk, hours: dict[str, Schedule]
) -> None:
    before = hours_now(desk)
    response = editor.post(f"/directory/places/{desk.place.pk}/hours/", {"rules-0-days": "MO"})
    assert response.status_code == 400
    assert hours_now(desk) == before


# --- marking as checked -----------------------------------------------------------------------
def test_marking_a_service_checked(editor: Client, desk: Desk) -> None:
    response = editor.post(
        f"/directory/services/{desk.service.pk}/checked/", {"next": "/directory/"}
    )
    assert response.status_code == 302 and response["Location"] == "/directory/"
    assert Service.objects.get(pk=desk.service.pk).assured_date == timezone.localdate()
    assert "is marked as checked today" in html(editor.get("/directory/"))


def test_marking_checked_returns_to_the_edit_page(editor: Client, desk: Desk) -> None:
    page = f"/directory/places/{desk.place.pk}/hours/"
    assert f"/directory/services/{desk.service.pk}/checked/" in html(editor.get(page))
    response = editor.post(f"/directory/services/{desk.service.pk}/checked/", {"next": page})
    assert response["Location"] == page


def test_marking_checked_never_sends_you_elsewhere(editor: Client, desk: Desk) -> None:
    response = editor.post(
        f"/directory/services/{desk.service.pk}/checked/", {"next": "https://evil.example/"}
    )
    assert response["Location"] == "/directory/"


def test_marking_a_place_checked_checks_the_services_there(editor: Client, desk: Desk) -> None:
    response = editor.post(f"/directory/locations/{desk.location.pk}/checked/")
    assert response.status_code == 302
    assert Service.objects.get(pk=desk.service.pk).assured_date == timezone.localdate()


def test_marking_checked_needs_a_post(editor: Client, desk: Desk) -> None:
    assert editor.get(f"/directory/services/{desk.service.pk}/checked/").status_code == 405
    assert Service.objects.get(pk=desk.service.pk).assured_date == LONG_AGO


# --- the flag for entries that need a check ---------------------------------------------------
def at(day: dt.date) -> Any:
    return time_machine.travel(dt.datetime.combine(day, dt.time(12), tzinfo=OSLO), tick=False)


def test_the_flag_comes_six_months_and_a_day_after_the_check(desk: Desk) -> None:
    """A new login each time: the session would have expired during the time travel."""
    Service.objects.filter(pk=desk.service.pk).update(assured_date=dt.date(2025, 3, 12))
    with at(dt.date(2025, 9, 11)):  # six months less a day
        page = html(client_for(desk.editor).get("/directory/"))
        assert desk.service.name in page
        assert "not been checked since" not in page
        assert editor_selectors.unchecked_count(desk.editor) == 0
    with at(dt.date(2025, 9, 13)):  # six months and a day
        page = html(client_for(desk.editor).get("/directory/"))
        assert "1 entry has not been checked since 14. March 2025." in page
        assert "Check that they are right." in page
        assert editor_selectors.unchecked_count(desk.editor) == 1
        assert editor_selectors.unchecked_services(desk.editor) == [desk.service]


def test_the_flag_counts_never_checked_and_old_entries(
    editor: Client, desk: Desk, other: Desk
) -> None:
    PlaceFactory.create(service__organization=desk.entry, service__assured_date=None)
    PlaceFactory.create(
        service__organization=desk.entry, service__assured_date=timezone.localdate()
    )
    page = html(editor.get("/directory/"))
    assert "2 entries have not been checked since" in page
    assert "Never checked." in page
    assert editor_selectors.unchecked_count(desk.editor) == 2  # not the other organisation's
    unchecked = editor_selectors.unchecked_services(desk.editor)
    assert [s.assured_date for s in unchecked] == [None, LONG_AGO]


def test_checking_takes_the_flag_away(editor: Client, desk: Desk) -> None:
    editor.post(f"/directory/services/{desk.service.pk}/checked/")
    assert "not been checked since" not in html(editor.get("/directory/"))
    assert editor_selectors.unchecked_count(desk.editor) == 0


def test_nobody_else_has_anything_to_check(desk: Desk) -> None:
    assert editor_selectors.unchecked_count(CitizenAccountFactory.create()) == 0
    assert editor_selectors.unchecked_services(CitizenAccountFactory.create()) == []


def test_the_count_is_one_query(desk: Desk, django_assert_num_queries: Any) -> None:
    editor_selectors.unchecked_count(desk.editor)  # loads the editor's roles once
    with django_assert_num_queries(1):
        assert editor_selectors.unchecked_count(desk.editor) == 1


# --- budgets ----------------------------------------------------------------------------------
def queries_for(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_home_page_query_count_does_not_grow_with_entries(
    editor: Client, desk: Desk, django_assert_max_num_queries: Any
) -> None:
    few = queries_for(editor, "/directory/")
    for _ in range(5):
        place = PlaceFactory.create(service__organization=desk.entry, service__assured_date=None)
        PlaceFactory.create(service=place.service, location__organization=desk.entry)
    more_entries = OrganizationFactory.create(members=MembersFactory.create())
    MembershipFactory.create(
        role="directory_editor", organisation=more_entries.members, account=desk.editor
    )
    PlaceFactory.create(service__organization=more_entries)
    assert queries_for(editor, "/directory/") == few
    with django_assert_max_num_queries(10):
        editor.get("/directory/")


def test_the_hours_page_query_count_does_not_grow_with_rules(editor: Client, desk: Desk) -> None:
    url = f"/directory/places/{desk.place.pk}/hours/"
    few = queries_for(editor, url)
    for day in ("MO", "TU", "WE", "TH"):
        WeeklyHoursFactory.create(service_at_location=desk.place, byday=day)
        ClosedDayFactory.create(service_at_location=desk.place, valid_from=dt.date(2026, 5, 17))
    assert queries_for(editor, url) == few


# --- review fixes: map points, days, last changed, counties, hours kept elsewhere, phones ---
@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"latitude": "-90.5"}, "Write a number between -90 and 90, for example 59.9225."),
        ({"latitude": "inf"}, "Write a number between -90 and 90, for example 59.9225."),
        ({"longitude": "nan"}, "Write a number between -180 and 180, for example 10.7590."),
        ({"longitude": "-180.01"}, "Write a number between -180 and 180, for example 10.7590."),
        ({"latitude": "1e3"}, "Write a number between -90 and 90, for example 59.9225."),
    ],
)
def test_map_points_off_the_earth_are_refused(
    editor: Client, desk: Desk, changes: dict[str, Any], message: str
) -> None:
    response = editor.post(
        f"/directory/locations/{desk.location.pk}/edit/", location_data(**changes)
    )
    assert response.status_code == 400
    assert message in html(response)
    assert Location.objects.get(pk=desk.location.pk).latitude == 59.9225


def test_imported_days_with_spaces_are_shown_and_saved_whole(editor: Client, desk: Desk) -> None:
    rule = WeeklyHoursFactory.create(service_at_location=desk.place, byday="MO, WE,fr")
    page = html(editor.get(f"/directory/places/{desk.place.pk}/hours/"))
    checked = re.findall(r'name="rules-0-days" id="[^"]+" value="(\w\w)" checked', page)
    assert checked == ["MO", "WE", "FR"]
    data = hours_data(
        rules=[{**EMPTY_RULE, "id": rule.pk, "days": checked, "opens": "10:00", "closes": "15:00"}],
        dates=[],
        initial=(1, 0),
    )
    assert editor.post(f"/directory/places/{desk.place.pk}/hours/", data).status_code == 302
    rule.refresh_from_db()
    assert rule.byday == "MO,WE,FR"


LONG_AGO_MOMENT = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)


def changed_since_long_ago(desk: Desk) -> dict[str, bool]:
    return {
        "service": Service.objects.get(pk=desk.service.pk).last_modified > LONG_AGO_MOMENT,
        "place": ServiceAtLocation.objects.get(pk=desk.place.pk).last_modified > LONG_AGO_MOMENT,
        "location": Location.objects.get(pk=desk.location.pk).last_modified > LONG_AGO_MOMENT,
    }


def age(desk: Desk) -> None:
    Service.objects.filter(pk=desk.service.pk).update(last_modified=LONG_AGO_MOMENT)
    ServiceAtLocation.objects.filter(pk=desk.place.pk).update(last_modified=LONG_AGO_MOMENT)
    Location.objects.filter(pk=desk.location.pk).update(last_modified=LONG_AGO_MOMENT)


@pytest.mark.parametrize(
    ("write", "changed"),
    [
        ("service", {"service": True, "place": True, "location": False}),
        ("location", {"service": True, "place": True, "location": True}),
        ("hours", {"service": True, "place": True, "location": False}),
        ("service_checked", {"service": True, "place": True, "location": False}),
        ("location_checked", {"service": True, "place": True, "location": False}),
    ],
)
def test_every_editor_write_is_seen_by_modified_after(
    editor: Client, desk: Desk, write: str, changed: dict[str, bool]
) -> None:
    posts = {
        "service": (f"/directory/services/{desk.service.pk}/edit/", service_data()),
        "location": (f"/directory/locations/{desk.location.pk}/edit/", location_data()),
        "hours": (
            f"/directory/places/{desk.place.pk}/hours/",
            hours_data(
                rules=[{**EMPTY_RULE, "days": ["MO"], "opens": "10:00", "closes": "12:00"}],
                dates=[],
            ),
        ),
        "service_checked": (f"/directory/services/{desk.service.pk}/checked/", {}),
        "location_checked": (f"/directory/locations/{desk.location.pk}/checked/", {}),
    }
    age(desk)
    url, data = posts[write]
    assert editor.post(url, data).status_code == 302
    assert changed_since_long_ago(desk) == changed
    # What an HSDS consumer asks for when it keeps a copy.
    api = client_for(None)
    since = "2021-01-01"
    services = api.get(f"/api/hsds/services?modified_after={since}").json()
    assert [item["id"] for item in services["contents"]] == [str(desk.service.pk)]
    places = api.get(f"/api/hsds/service_at_locations?modified_after={since}").json()
    assert [item["id"] for item in places["contents"]] == [str(desk.place.pk)]


def oslo_postcode() -> None:
    Postcode.objects.update_or_create(
        code="0556",
        defaults={
            "town": "OSLO",
            "municipality_number": "0301",
            "latitude": 59.9253,
            "longitude": 10.7610,
        },
    )


@pytest.mark.parametrize(
    ("postcode", "municipality", "county"),
    [
        ("0556", "0301", "Oslo"),
        ("2317", "3403", "Innlandet"),
        ("9999", "9999", "SOMEWHERE"),  # no county with that number: the postcode's town
        ("1234", None, "Oslo"),  # a postcode we do not know: the postal town typed
    ],
)
def test_a_new_address_gets_its_county(
    editor: Client, desk: Desk, postcode: str, municipality: str | None, county: str
) -> None:
    if municipality:
        Postcode.objects.create(
            code=postcode,
            town="SOMEWHERE",
            municipality_number=municipality,
            latitude=60.0,
            longitude=10.0,
        )
    desk.location.addresses.all().delete()
    url = f"/directory/locations/{desk.location.pk}/edit/"
    assert editor.post(url, location_data(postal_code=postcode)).status_code == 302
    assert desk.location.addresses.get().state_province == county


def test_an_address_the_editor_created_survives_export_and_import(
    editor: Client, desk: Desk
) -> None:
    oslo_postcode()
    desk.location.addresses.all().delete()
    url = f"/directory/locations/{desk.location.pk}/edit/"
    assert editor.post(url, location_data()).status_code == 302
    exported = hsds.export_organizations()
    assert [o["id"] for o in exported] == [str(desk.entry.pk)]

    Organization.objects.all().delete()
    Location.objects.all().delete()
    report = import_records(records=exported)

    assert report.ok, [r.problems for r in report.refusals]
    assert Address.objects.get(location_id=desk.location.pk).state_province == "Oslo"
    assert hsds.export_organizations() == exported


def test_hours_kept_for_the_service_or_the_place_are_shown(editor: Client, desk: Desk) -> None:
    WeeklyHoursFactory.create(service_at_location=desk.place, byday="MO")
    Schedule.objects.create(
        service=desk.service,
        freq="WEEKLY",
        byday="SA",
        opens_at=dt.time(11),
        closes_at=dt.time(14),
        attending_type="appointment",
    )
    Schedule.objects.create(
        location=desk.location,
        valid_from=dt.date(2026, 12, 31),
        valid_to=dt.date(2026, 12, 31),
        opens_at=dt.time(10),
        closes_at=dt.time(12),
        description="Short day",
    )
    Schedule.objects.create(  # another service's hours at the same place: not for this one
        location=desk.location,
        service=PlaceFactory.create(location=desk.location).service,
        freq="WEEKLY",
        byday="SU",
        opens_at=dt.time(9),
        closes_at=dt.time(10),
    )
    page = text_of(html(editor.get(f"/directory/places/{desk.place.pk}/hours/")))
    assert "Hours kept somewhere else" in page
    assert "For the whole service: Saturday 11:00–14:00, by appointment" in page
    assert "For the place, for every service there: 31. December 2026: 10:00–12:00 (Short day)" in (
        page
    )
    assert "Sunday" not in page.split("Every week")[0]
    assert "The weekly hours above do not apply here: the hours under “Every week” replace" in page
    Schedule.objects.filter(service_at_location=desk.place).delete()
    page = text_of(html(editor.get(f"/directory/places/{desk.place.pk}/hours/")))
    assert "Opening hours you write under “Every week” replace the weekly hours above" in page
    assert "Closed days and shorter days above still count." in page


def test_without_hours_kept_elsewhere_the_page_says_nothing_of_them(
    editor: Client, desk: Desk
) -> None:
    page = html(editor.get(f"/directory/places/{desk.place.pk}/hours/"))
    assert "Hours kept somewhere else" not in page


def test_what_an_imported_rule_holds_beyond_the_form_is_shown_and_cleared_on_change(
    editor: Client, desk: Desk
) -> None:
    rule = WeeklyHoursFactory.create(
        service_at_location=desk.place,
        byday="TH",
        valid_from=dt.date(2026, 1, 1),
        valid_to=dt.date(2026, 6, 30),
        interval=2,
        dtstart=dt.date(2026, 1, 1),
    )
    url = f"/directory/places/{desk.place.pk}/hours/"
    page = text_of(html(editor.get(url)))
    assert "These hours apply only from 1. January 2026 to 30. June 2026." in page
    assert "They apply every 2 weeks." in page
    assert "If you change them, they apply every week, with no end date." in page

    same = {**EMPTY_RULE, "id": rule.pk, "days": ["TH"], "opens": "10:00", "closes": "15:00"}
    assert editor.post(url, hours_data(rules=[same], dates=[], initial=(1, 0))).status_code == 302
    rule.refresh_from_db()
    assert (rule.valid_from, rule.valid_to, rule.interval, rule.dtstart) == (
        dt.date(2026, 1, 1),
        dt.date(2026, 6, 30),
        2,
        dt.date(2026, 1, 1),
    )

    later = {**same, "closes": "16:00"}
    assert editor.post(url, hours_data(rules=[later], dates=[], initial=(1, 0))).status_code == 302
    rule.refresh_from_db()
    assert (rule.valid_from, rule.valid_to, rule.interval, rule.dtstart) == (None,) * 4
    assert rule.closes_at == dt.time(16)


def test_the_phone_numbers_of_a_place(editor: Client, desk: Desk) -> None:
    kept = PhoneFactory.create(location=desk.location, number="+47 23 43 29 00", description="Desk")
    PhoneFactory.create(location=desk.location, number="22 22 22 22")
    of_the_place = PhoneFactory.create(service_at_location=desk.place, number="33 33 33 33")
    url = f"/directory/locations/{desk.location.pk}/edit/"
    page = html(editor.get(url))
    assert "+47 23 43 29 00\n22 22 22 22</textarea>" in page
    assert "33 33 33 33" not in page

    typed = "+47 23 43 29 00\n ٩١٥  00 000 \n"  # Arabic-Indic digits and extra spaces are fine
    assert editor.post(url, location_data(phones=typed)).status_code == 302

    phones = {p.number: p for p in Phone.objects.filter(location=desk.location)}
    assert set(phones) == {"+47 23 43 29 00", "915 00 000"}
    assert (phones["+47 23 43 29 00"].pk, phones["+47 23 43 29 00"].description) == (
        kept.pk,
        "Desk",
    )
    assert phones["915 00 000"].type == "voice"
    assert Phone.objects.filter(pk=of_the_place.pk).exists()


@pytest.mark.parametrize("kind", [LocationKind.PHONE, LocationKind.VIDEO])
def test_phone_and_video_help_has_phone_numbers_too(editor: Client, desk: Desk, kind: str) -> None:
    location = PlaceFactory.create(
        service=desk.service, location__organization=desk.entry, location__kind=kind
    ).location
    data = {"name": "Help", "url": "https://meet.example.no/help", "phones": "55 55 33 33"}
    response = editor.post(f"/directory/locations/{location.pk}/edit/", data)
    assert response.status_code == 302
    assert list(location.phones.values_list("number", flat=True)) == ["55 55 33 33"]


def test_the_phone_numbers_of_a_service(editor: Client, desk: Desk) -> None:
    old = PhoneFactory.create(service=desk.service, number="915 00 000", type="text")
    of_the_place = PhoneFactory.create(service_at_location=desk.place, number="33 33 33 33")
    url = f"/directory/services/{desk.service.pk}/edit/"
    assert "915 00 000</textarea>" in html(editor.get(url))
    response = editor.post(url, service_data(phones="91500000\n23 43 29 00"))
    assert response.status_code == 302
    numbers = dict(
        Phone.objects.filter(service=desk.service).values_list("number", "pk"),
    )
    # The same digits: the same row (its id and type stay), written as now typed.
    assert numbers == {"91500000": old.pk, "23 43 29 00": numbers["23 43 29 00"]}
    assert Phone.objects.get(pk=old.pk).type == "text"
    assert Phone.objects.filter(pk=of_the_place.pk).exists()
    editor.post(url, service_data(phones=""))
    assert not Phone.objects.filter(service=desk.service).exists()


PHONE_ERRORS = [
    (
        "23 43 29 0x",
        "“23 43 29 0x” is not a phone number we can use. Write only digits and spaces, with a + "
        "at the start if you like, for example +47 23 43 29 00.",
    ),
    ("23+432900", "“23+432900” is not a phone number we can use."),
    ("23-43-29-00", "“23-43-29-00” is not a phone number we can use."),
    (
        "1234567",
        "“1234567” has 7 digits. A phone number has 8 to 15 digits, for example 23 43 29 00.",
    ),
    ("1234 5678 9012 3456", "“1234 5678 9012 3456” has 16 digits."),
    ("23 43 29 00\n23432900", "You have written the same number twice. Write each number once."),
    ("\n".join(f"2343290{n}" for n in range(10)) + "\n99999999", "Write at most 10 phone numbers."),
]


@pytest.mark.parametrize(("typed", "message"), PHONE_ERRORS)
def test_bad_phone_numbers_are_explained_kept_and_not_stored(
    editor: Client, desk: Desk, typed: str, message: str
) -> None:
    for url, data in (
        (f"/directory/locations/{desk.location.pk}/edit/", location_data(phones=typed)),
        (f"/directory/services/{desk.service.pk}/edit/", service_data(phones=typed)),
    ):
        response = editor.post(url, data)
        assert response.status_code == 400, url
        page = html(response)
        assert message in page, url
        assert typed.splitlines()[0] in page
    assert not Phone.objects.exists()
    assert Location.objects.get(pk=desk.location.pk).name == desk.location.name
    assert Service.objects.get(pk=desk.service.pk).assured_date == LONG_AGO


def test_change_the_place_is_only_offered_when_the_editor_may(editor: Client, desk: Desk) -> None:
    shared = LocationFactory.create(organization=None, name="Shared room")
    PlaceFactory.create(service=desk.service, location=shared)
    PlaceFactory.create(service__organization=OrganizationFactory.create(), location=shared)
    loose = LocationFactory.create(organization=None, name="Loose room")
    PlaceFactory.create(service=desk.service, location=loose)
    theirs = LocationFactory.create(organization=OrganizationFactory.create(), name="Their room")
    PlaceFactory.create(service=desk.service, location=theirs)

    page = html(editor.get("/directory/"))

    for location, offered in (
        (shared, False),
        (loose, True),
        (theirs, False),
        (desk.location, True),
    ):
        url = f"/directory/locations/{location.pk}/edit/"
        assert (url in page) is offered, location.name
        assert editor.get(url).status_code == (200 if offered else 403), location.name
