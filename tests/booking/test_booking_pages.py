"""The citizen's booking pages (and their helper's), through Django's test client: choose a
time, say what you need, see the booking, move it, cancel it, your list, the .ics file."""

from __future__ import annotations

import datetime as dt
import itertools
import re
import uuid
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from kompanjong.booking import display, services
from kompanjong.booking.models import Booking, RemindBy, Resource, Status
from kompanjong.delegation.acting import SESSION_KEY
from kompanjong.delegation.models import Grant
from kompanjong.delegation.rules import Action, Area
from kompanjong.delegation.services import ScopeChoice, give, say_yes
from kompanjong.directory.models import RequiredDocument
from kompanjong.people.models import Account, Person
from tests import factories
from tests.booking.conftest import MONDAY_9, at
from tests.booking.factories import ResourceFactory, RuleFactory
from tests.booking.test_services import book_for_self

pytestmark = pytest.mark.django_db

NEEDS = {
    "topic": "eid",
    "channel": "in_person",
    "language": "nb",
    "accessibility_needs": "Jeg bruker rullestol.",
    "note": "Ta med brevet fra NAV.",
    "remind": "email",
}


# --- Helpers for the page tests (also used by the link and desk page tests) -----------------
def browser(account: Account | None = None) -> Client:
    """A browser without JavaScript, reading English (the msgids), logged in as `account`."""
    client = Client()
    client.cookies["kompanjong_language"] = "en"
    if account is not None:
        client.force_login(account)
    return client


def html_of(response: Any) -> str:
    return str(response.content.decode())


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def token_in(html: str) -> str:
    found = re.search(r'name="token" value="([^"]*)"', html)
    assert found is not None, "no form token on the page"
    return found.group(1)


def slot(resource: Resource, moment: dt.datetime) -> str:
    return display.slot_value(resource.pk, moment)


def offered(html: str) -> list[str]:
    """The times offered as radio buttons, as form values."""
    return re.findall(
        r'type="radio" class="choice-input" name="slot" id="[^"]+" value="([^"]+)"', html
    )


def assert_headings_in_order(html: str) -> None:
    levels = [int(level) for level in re.findall(r"<h([1-6])[\s>]", html)]
    assert levels.count(1) == 1 and levels[0] == 1, levels
    for before, after in itertools.pairwise(levels):
        assert after <= before + 1, levels


def choose_url(resource: Resource) -> str:
    return f"/booking/place/{resource.service_at_location_id}/"


def hold_on_page(client: Client, resource: Resource, moment: dt.datetime = MONDAY_9) -> Booking:
    url = choose_url(resource)
    token = token_in(html_of(client.get(url)))
    response = client.post(url, {"slot": slot(resource, moment), "token": token})
    assert response.status_code == 302, html_of(response)[:3000]
    held = Booking.objects.get(idempotency_key=token)
    assert response["Location"] == f"/booking/{held.pk}/details/"
    return held


def details_data(held: Booking, **changes: str) -> dict[str, str]:
    return {"slot": slot(held.resource, held.starts_at), "token": held.idempotency_key} | {
        **NEEDS,
        **changes,
    }


def grant_for(citizen: Account, area: Area = Area.BOOKINGS, action: Action = Action.WRITE) -> Any:
    """A helper with an active grant from `citizen`, and the grant."""
    helper = factories.CitizenAccountFactory.create()
    assert helper.person is not None
    grant = give(
        actor=citizen,
        helper=helper.person,
        scopes=[ScopeChoice(area, action, timezone.localdate() + dt.timedelta(days=30))],
    )
    say_yes(grant=grant, actor=helper)
    return helper, grant


def acting_browser(helper: Account, grant: Grant) -> Client:
    """The helper's browser after choosing "Help <name> now"."""
    client = browser(helper)
    session = client.session
    session[SESSION_KEY] = grant.pk
    session.save()
    return client


@pytest.fixture
def person(citizen: Account) -> Person:
    assert citizen.person is not None
    return citizen.person


@pytest.fixture
def me(citizen: Account, resource: Resource) -> Client:
    RequiredDocument.objects.create(
        service=resource.service_at_location.service, document="Your BankID code chip"
    )
    return browser(citizen)


# --- Choose a time --------------------------------------------------------------------------
def test_anonymous_visitors_log_in_first_and_come_back(resource: Resource) -> None:
    response = browser().get(choose_url(resource))
    assert response.status_code == 302
    assert response["Location"] == f"/login/?next={choose_url(resource)}"


def test_the_free_times_by_day(me: Client, resource: Resource) -> None:
    html = html_of(me.get(choose_url(resource)))
    location = resource.service_at_location.location
    assert f"<title>Book a time at {location.name} – Kompanjong</title>" in html
    assert_headings_in_order(html)
    text = text_of(html)
    assert "Schleppegrells gate 32, 0556 Oslo" in text
    assert "Nora Berg, speaks Norwegian, English" in text
    assert "<legend>Monday December 7</legend>" in html
    assert offered(html)[:2] == [slot(resource, MONDAY_9), slot(resource, at(9, 30))]
    # Two weeks at a time: Monday 7 and Monday 14; later weeks behind a link.
    assert "<legend>Monday December 14</legend>" in html
    assert "Monday December 21" not in html
    assert "Show later times" in html and "Show earlier times" not in html
    later = html_of(me.get(choose_url(resource) + "?week=1"))
    assert "Monday December 21" in later and "Show earlier times" in later
    assert 'name="token" value="' in html and 'type="radio"' in html


def test_the_filters_narrow_the_times(me: Client, resource: Resource) -> None:
    other = ResourceFactory.create(
        name="Rami",
        service_at_location=resource.service_at_location,
        organisation=resource.organisation,
        languages=["ar"],
        channels=["phone"],
    )
    RuleFactory.create(resource=other, weekday=1, starts=dt.time(13), ends=dt.time(14))
    html = html_of(me.get(choose_url(resource)))
    assert "Rami, speaks Arabic" in text_of(html)
    assert "09:00–09:30 with Nora Berg" in html and "13:00–13:30 with Rami" in html
    arabic = html_of(me.get(choose_url(resource) + "?language=ar&channel="))
    assert "with Rami" in arabic and "with Nora Berg" not in arabic
    by_phone = html_of(me.get(choose_url(resource) + "?language=&channel=phone"))
    assert "with Rami" in by_phone and "with Nora Berg" in by_phone  # Nora offers phone too
    in_person = html_of(me.get(choose_url(resource) + "?channel=in_person"))
    assert "with Rami" not in in_person
    wrong = html_of(me.get(choose_url(resource) + "?channel=fax&language=xx"))
    assert "Choose one of the ways to meet in the list." in wrong
    assert "Choose one of the languages in the list." in wrong
    assert "<title>Error:" in wrong or "Something needs fixing" in wrong


def test_choosing_a_time_keeps_it_and_asks_what_you_need(
    me: Client, resource: Resource, citizen: Account
) -> None:
    held = hold_on_page(me, resource)
    assert held.status == Status.HELD and held.booked_by == citizen
    html = html_of(me.get(f"/booking/{held.pk}/details/"))
    assert "We keep this time for you for 5 minutes" in html
    assert "Monday December 7 at 09:00–09:30" in html
    assert_headings_in_order(html)
    for name in ("topic", "channel", "language", "interpreter", "accessibility_needs", "note"):
        assert f'name="{name}"' in html
    assert f'for="id_{name}"' in html or f'id="id_{name}_0"' in html


def test_choosing_no_time_or_a_strange_one_says_so(me: Client, resource: Resource) -> None:
    url = choose_url(resource)
    token = token_in(html_of(me.get(url)))
    nothing = me.post(url, {"token": token})
    assert nothing.status_code == 400 and "Choose a time." in html_of(nothing)
    garbled = me.post(url, {"token": token, "slot": "not-a-time"})
    assert "Choose one of the times in the list." in html_of(garbled)
    elsewhere = me.post(url, {"token": token, "slot": f"99999-{int(MONDAY_9.timestamp())}"})
    assert "Choose one of the times in the list." in html_of(elsewhere)
    closed = me.post(url, {"token": token, "slot": slot(resource, at(9, 10))})
    assert "That time cannot be booked." in html_of(closed)
    assert not Booking.objects.exists()


def test_a_time_just_taken_is_answered_with_the_next_free_times(
    me: Client, resource: Resource
) -> None:
    url = choose_url(resource)
    token = token_in(html_of(me.get(url)))
    book_for_self(resource, factories.CitizenAccountFactory.create())  # someone was quicker
    response = me.post(url, {"token": token, "slot": slot(resource, MONDAY_9)})
    html = html_of(response)
    assert response.status_code == 400
    assert "Sorry, that time was just taken. Here are the next free times:" in html
    assert offered(html)[0] == slot(resource, at(9, 30))
    assert token_in(html) == token
    assert Booking.objects.count() == 1


def test_the_same_form_twice_keeps_one_time(me: Client, resource: Resource) -> None:
    url = choose_url(resource)
    token = token_in(html_of(me.get(url)))
    first = me.post(url, {"slot": slot(resource, MONDAY_9), "token": token})
    again = me.post(url, {"slot": slot(resource, at(10)), "token": token})
    assert first["Location"] == again["Location"]
    assert Booking.objects.get().starts_at == at(10)  # moved, not a second hold


# --- What you need --------------------------------------------------------------------------
def test_the_form_starts_from_the_persons_needs(
    me: Client, resource: Resource, person: Person
) -> None:
    person.preferred_language = "ar"
    person.interpreter_language = "ar"
    person.save()
    held = hold_on_page(me, resource)
    html = html_of(me.get(f"/booking/{held.pk}/details/?channel=phone"))
    assert '<option value="ar" selected>' in html
    assert re.search(r'name="interpreter"[^>]*checked', html)
    assert re.search(r'value="phone"[^>]*checked', html)
    assert f"Yes, an email to {person.email} the day before" in html


def test_booking_the_time(me: Client, resource: Resource, citizen: Account, person: Person) -> None:
    held = hold_on_page(me, resource)
    response = me.post(f"/booking/{held.pk}/details/", details_data(held, interpreter="on"))
    assert response.status_code == 302 and response["Location"] == f"/booking/{held.pk}/"
    booking = Booking.objects.get()
    assert (booking.pk, booking.status, booking.person, booking.booked_by) == (
        held.pk,
        Status.BOOKED,
        person,
        citizen,
    )
    assert booking.topic is not None and booking.topic.code == "eid"
    assert (booking.channel, booking.language, booking.interpreter) == ("in_person", "nb", True)
    assert booking.accessibility_needs == "Jeg bruker rullestol."
    assert booking.remind_by == RemindBy.EMAIL
    html = html_of(me.get(response["Location"]))
    text = text_of(html)
    assert "<title>Your time is booked – Kompanjong</title>" in html
    assert_headings_in_order(html)
    assert "Monday December 7 at 09:00–09:30" in text
    assert "Schleppegrells gate 32" in text and "Trikk 11, 12 eller 18" in text
    assert "Your BankID code chip" in text
    assert "You meet" not in text  # a desk, not a helper of its own
    assert "eID and BankID" in text and "Interpreter needed" in text
    assert "Jeg bruker rullestol." in text and "Ta med brevet fra NAV." in text
    for link in ("calendar.ics", "move/", "cancel/", "?print=1"):
        assert link in html
    # Sent again (a double click, the back button): the same booking, nothing new.
    again = me.post(f"/booking/{held.pk}/details/", details_data(held))
    assert again["Location"] == f"/booking/{held.pk}/" and Booking.objects.count() == 1


def test_no_reminder_and_phone_meetings(me: Client, resource: Resource, person: Person) -> None:
    held = hold_on_page(me, resource)
    me.post(f"/booking/{held.pk}/details/", details_data(held, remind="none", channel="phone"))
    booking = Booking.objects.get()
    assert booking.remind_by == RemindBy.NONE and booking.channel == "phone"
    text = text_of(html_of(me.get(f"/booking/{booking.pk}/")))
    assert "We call you on 412 34 567" in text
    assert "Schleppegrells gate" not in text


def test_someone_who_only_gets_letters_is_told_so(
    me: Client, resource: Resource, person: Person
) -> None:
    person.reserved_against_digital = True
    person.save()
    held = hold_on_page(me, resource)
    html = html_of(me.get(f"/booking/{held.pk}/details/"))
    assert "You get letters from us, not text messages or emails." in html
    assert 'name="remind"' not in html
    data = details_data(held)
    del data["remind"]
    me.post(f"/booking/{held.pk}/details/", data)
    assert Booking.objects.get().remind_by == RemindBy.LETTER


def test_only_the_reminder_channels_the_person_has_are_offered(
    me: Client, resource: Resource, person: Person
) -> None:
    person.email = ""
    person.save()
    held = hold_on_page(me, resource)
    html = html_of(me.get(f"/booking/{held.pk}/details/"))
    assert "Yes, a text message to 412 34 567 the day before" in html
    assert "an email" not in html
    wrong = me.post(f"/booking/{held.pk}/details/", details_data(held))  # remind=email
    assert "Choose one of the answers in the list." in html_of(wrong)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"topic": ""}, "Choose what you need help with."),
        ({"topic": "astrology"}, "Choose one of the topics in the list."),
        ({"channel": ""}, "Choose how you want to meet."),
        ({"channel": "video"}, "Choose one of the ways to meet in the list."),
        ({"language": "xx"}, "Choose one of the languages in the list."),
        ({"note": "x" * 1001}, "Write at most 1000 characters. You have written 1001."),
        ({"accessibility_needs": "y" * 1001}, "Write at most 1000 characters."),
        ({"remind": ""}, "Choose if you want a reminder."),
    ],
)
def test_every_bad_answer_keeps_what_was_typed_and_stores_nothing(
    me: Client, resource: Resource, changes: dict[str, str], message: str
) -> None:
    held = hold_on_page(me, resource)
    response = me.post(f"/booking/{held.pk}/details/", details_data(held, **changes))
    html = html_of(response)
    assert response.status_code == 400
    assert message in html and "Something needs fixing" in html
    assert "<title>Error:" in html
    kept = "Ta med brevet fra NAV." if "note" not in changes else "x" * 1001
    assert kept in html
    assert Booking.objects.get().status == Status.HELD


def test_the_hold_ran_out_and_someone_took_the_time(
    me: Client, resource: Resource, clock: Any
) -> None:
    held = hold_on_page(me, resource)
    clock.shift(dt.timedelta(minutes=6))
    book_for_self(resource, factories.CitizenAccountFactory.create())  # clears the old hold
    assert not Booking.objects.filter(pk=held.pk).exists()
    response = me.post(f"/booking/{held.pk}/details/", details_data(held))
    html = html_of(response)
    assert response.status_code == 400
    assert "Sorry, that time was just taken. Here are the next free times:" in html
    assert offered(html)[0] == slot(resource, at(9, 30))
    assert "Ta med brevet fra NAV." in html and "Jeg bruker rullestol." in html
    assert Booking.objects.count() == 1
    chosen = me.post(
        f"/booking/{held.pk}/details/", details_data(held, slot=slot(resource, at(9, 30)))
    )
    assert chosen.status_code == 302
    mine = Booking.objects.get(idempotency_key=held.idempotency_key)
    assert mine.status == Status.BOOKED and mine.starts_at == at(9, 30)
    assert chosen["Location"] == f"/booking/{mine.pk}/"


def test_the_hold_ran_out_but_the_time_is_still_free(
    me: Client, resource: Resource, clock: Any
) -> None:
    held = hold_on_page(me, resource)
    clock.shift(dt.timedelta(minutes=6))
    html = html_of(me.get(f"/booking/{held.pk}/details/"))
    assert "You can still book it if nobody else has taken it." in html
    assert me.post(f"/booking/{held.pk}/details/", details_data(held)).status_code == 302
    assert Booking.objects.get().status == Status.BOOKED


def test_the_time_is_taken_while_the_form_is_filled_in(
    me: Client, resource: Resource, monkeypatch: pytest.MonkeyPatch
) -> None:
    held = hold_on_page(me, resource)
    free = [s for s in services.selectors.free_slots(resource=resource) if s.starts_at > at(9)]

    def taken(**kwargs: Any) -> Booking:
        raise services.SlotTaken(free[:2])

    monkeypatch.setattr(services, "book", taken)
    html = html_of(me.post(f"/booking/{held.pk}/details/", details_data(held)))
    assert "Sorry, that time was just taken." in html
    assert offered(html) == [slot(resource, at(9, 30)), slot(resource, at(10))]
    nothing = me.post(f"/booking/{held.pk}/details/", {**details_data(held), "slot": ""})
    assert "Choose a time." in html_of(nothing) and offered(html_of(nothing))


# --- For someone else -----------------------------------------------------------------------
def test_a_helper_with_a_bookings_grant_books_for_the_person(
    resource: Resource, citizen: Account, person: Person
) -> None:
    helper, grant = grant_for(citizen)
    client = acting_browser(helper, grant)
    choose = html_of(client.get(choose_url(resource)))
    assert f"You book this time for {person.full_name}." in choose
    held = hold_on_page(client, resource)
    form = html_of(client.get(f"/booking/{held.pk}/details/"))
    assert f"You are helping {person.full_name}." in form  # the banner
    response = client.post(f"/booking/{held.pk}/details/", details_data(held))
    assert response.status_code == 302
    booking = Booking.objects.get()
    assert (booking.person, booking.booked_by, booking.on_behalf) == (person, helper, True)
    assert booking.remind_to == person.email  # the reminder goes to the person
    page = html_of(client.get(f"/booking/{booking.pk}/"))
    assert f"The time is booked for {person.full_name}" in page
    mine = html_of(client.get("/booking/"))
    assert f"<h1>{person.full_name}'s bookings</h1>" in mine
    assert "Monday December 7" in mine
    # The person sees it too, as their own.
    own = html_of(browser(citizen).get(f"/booking/{booking.pk}/"))
    assert "Your time is booked" in own


def test_a_helper_without_the_bookings_scope_is_told_why(
    resource: Resource, citizen: Account
) -> None:
    helper, grant = grant_for(citizen, Area.APPLICATION)
    client = acting_browser(helper, grant)
    response = client.get(choose_url(resource))
    assert response.status_code == 403
    assert "does not cover appointments with helpers" in html_of(response)
    assert client.get("/booking/").status_code == 403
    booking = book_for_self(resource, citizen)
    assert client.get(f"/booking/{booking.pk}/").status_code == 404


def test_a_helper_who_may_only_see_bookings_cannot_change_them(
    resource: Resource, citizen: Account
) -> None:
    booking = book_for_self(resource, citizen)
    helper, grant = grant_for(citizen, action=Action.READ)
    client = acting_browser(helper, grant)
    html = html_of(client.get(f"/booking/{booking.pk}/"))
    assert "Move the time" not in html and "calendar.ics" in html
    assert client.get(f"/booking/{booking.pk}/move/").status_code == 404
    assert client.post(f"/booking/{booking.pk}/cancel/").status_code == 404
    assert client.get(choose_url(resource)).status_code == 403
    assert Booking.objects.get().status == Status.BOOKED


def test_someone_elses_booking_is_not_there(resource: Resource, citizen: Account) -> None:
    booking = book_for_self(resource, citizen)
    held = hold_on_page(browser(citizen), resource, at(10))
    other = browser(factories.CitizenAccountFactory.create())
    for url in ("/", "/calendar.ics", "/move/", "/cancel/"):
        assert other.get(f"/booking/{booking.pk}{url}").status_code == 404, url
    assert other.post(f"/booking/{booking.pk}/cancel/").status_code == 404
    assert other.get(f"/booking/{held.pk}/details/").status_code == 404
    # Their hold and form token are theirs alone: sent back to choose a time, nothing booked.
    refused = other.post(f"/booking/{held.pk}/details/", details_data(held))
    assert refused.status_code == 302 and refused["Location"] == choose_url(resource)
    assert Booking.objects.get(pk=booking.pk).status == Status.BOOKED
    assert Booking.objects.get(pk=held.pk).status == Status.HELD


def test_an_account_without_a_person_is_sent_to_the_desk(resource: Resource) -> None:
    from tests.booking.factories import desk_staff

    staff = desk_staff(resource.organisation)
    response = browser(staff).get(choose_url(resource))
    assert response.status_code == 403
    assert "/booking/desk/" in html_of(response)


def test_a_place_without_calendars_has_no_booking_page(me: Client, resource: Resource) -> None:
    Resource.objects.update(active=False)
    assert me.get(choose_url(resource)).status_code == 404
    assert me.get(f"/booking/place/{uuid.uuid4()}/").status_code == 404


def test_the_place_page_links_to_booking(resource: Resource) -> None:
    url = f"/help/{resource.service_at_location_id}/"
    assert f'href="{choose_url(resource)}">Book a time</a>' in html_of(browser().get(url))
    Resource.objects.update(active=False)
    assert "Book a time" not in html_of(browser().get(url))


# --- The booking, its calendar file, the list -----------------------------------------------
def test_the_calendar_file(me: Client, resource: Resource, citizen: Account) -> None:
    booking = book_for_self(resource, citizen)
    response = me.get(f"/booking/{booking.pk}/calendar.ics")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert (
        response["Content-Disposition"] == 'attachment; filename="kompanjong-2026-12-07-0900.ics"'
    )
    body = html_of(response)
    assert f"UID:{booking.pk}@kompanjong" in body and "SEQUENCE:0" in body
    assert person_name(citizen) not in body
    services.move(booking=booking, new_starts_at=at(10), by=citizen)
    moved = html_of(me.get(f"/booking/{booking.pk}/calendar.ics"))
    assert f"UID:{booking.pk}@kompanjong" in moved and "SEQUENCE:1" in moved
    assert "DTSTART;TZID=Europe/Oslo:20261207T100000" in moved


def person_name(account: Account) -> str:
    assert account.person is not None
    return account.person.full_name


def test_the_printable_page(me: Client, resource: Resource, citizen: Account) -> None:
    booking = book_for_self(resource, citizen)
    html = html_of(me.get(f"/booking/{booking.pk}/?print=1"))
    assert "Monday December 7 at 09:00–09:30" in html
    assert "Move the time" not in html and "Print this page" in html


def test_my_bookings(me: Client, resource: Resource, citizen: Account, clock: Any) -> None:
    empty = html_of(me.get("/booking/"))
    assert "You have no booked times." in empty and 'href="/help/"' in empty
    assert_headings_in_order(empty)
    first = book_for_self(resource, citizen)
    cancelled = services.cancel(booking=book_for_self(resource, citizen, at(10)), by=citizen)
    html = html_of(me.get("/booking/"))
    coming, _sep, earlier = html.partition("Earlier and cancelled")
    assert f"/booking/{first.pk}/" in coming and f"/booking/{cancelled.pk}/" in earlier
    assert "Cancelled" in earlier
    clock.move_to(at(12))
    later = html_of(browser(citizen).get("/booking/"))
    assert "Earlier and cancelled" in later and "Over" in later


@pytest.mark.usefixtures("no_booking_limit")
def test_the_list_takes_the_same_number_of_queries_however_many_bookings(
    me: Client, resource: Resource, citizen: Account, django_assert_max_num_queries: Any
) -> None:
    book_for_self(resource, citizen)
    services.cancel(booking=book_for_self(resource, citizen, at(11, 30)), by=citizen)
    with django_assert_max_num_queries(12) as few:
        me.get("/booking/")
    for hour in (10, 11):
        book_for_self(resource, citizen, at(hour))
    services.cancel(booking=book_for_self(resource, citizen, at(9, 30)), by=citizen)
    with django_assert_max_num_queries(12) as many:
        me.get("/booking/")
    assert len(few.captured_queries) == len(many.captured_queries)


# --- Move and cancel ------------------------------------------------------------------------
def test_moving_a_booking(me: Client, resource: Resource, citizen: Account) -> None:
    booking = book_for_self(resource, citizen)
    url = f"/booking/{booking.pk}/move/"
    html = html_of(me.get(url))
    assert_headings_in_order(html)
    assert "Now: Monday December 7 at 09:00–09:30" in html
    times = offered(html)
    assert slot(resource, MONDAY_9) not in times and times[0] == slot(resource, at(9, 30))
    response = me.post(url, {"slot": slot(resource, at(11)), "token": token_in(html)})
    assert response.status_code == 302 and response["Location"] == f"/booking/{booking.pk}/"
    booking.refresh_from_db()
    assert booking.starts_at == at(11) and booking.sequence == 1
    assert "Your time is moved to Monday December 7 at 11:00–11:30." in html_of(
        me.get(response["Location"])
    )


def test_moving_to_a_time_just_taken(me: Client, resource: Resource, citizen: Account) -> None:
    booking = book_for_self(resource, citizen)
    url = f"/booking/{booking.pk}/move/"
    token = token_in(html_of(me.get(url)))
    book_for_self(resource, factories.CitizenAccountFactory.create(), at(10))
    response = me.post(url, {"slot": slot(resource, at(10)), "token": token})
    html = html_of(response)
    assert response.status_code == 400
    assert "Sorry, that time was just taken. Here are the next free times:" in html
    assert offered(html)[0] == slot(resource, at(10, 30))
    empty = me.post(url, {"token": token})
    assert "Choose a time." in html_of(empty)
    booking.refresh_from_db()
    assert booking.starts_at == MONDAY_9 and booking.sequence == 0


def test_cancelling_a_booking(me: Client, resource: Resource, citizen: Account) -> None:
    booking = book_for_self(resource, citizen)
    url = f"/booking/{booking.pk}/cancel/"
    html = html_of(me.get(url))
    assert "Do you want to cancel your time on Monday December 7 at 09:00–09:30" in text_of(html)
    response = me.post(url)
    assert response.status_code == 302 and response["Location"] == f"/booking/{booking.pk}/"
    page = html_of(me.get(response["Location"]))
    assert "This time is cancelled" in page and "Cancelled" in page
    assert "Move the time" not in page
    booking.refresh_from_db()
    assert booking.status == Status.CANCELLED and booking.sequence == 1
    again = html_of(me.get(url))
    assert "cannot be changed" in again
    assert "cannot be changed" in html_of(me.get(f"/booking/{booking.pk}/move/"))


def test_a_started_time_cannot_be_moved_or_cancelled(
    me: Client, resource: Resource, citizen: Account, clock: Any
) -> None:
    booking = book_for_self(resource, citizen)
    clock.move_to(at(9, 10))
    me = browser(citizen)
    assert me.post(f"/booking/{booking.pk}/cancel/").status_code == 400
    assert "cannot be changed" in html_of(me.get(f"/booking/{booking.pk}/move/"))
    assert "Move the time" not in html_of(me.get(f"/booking/{booking.pk}/"))
    booking.refresh_from_db()
    assert booking.status == Status.BOOKED


# --- Only a time kept for you can be booked, and only so many -------------------------------
def test_a_form_without_a_hold_books_nothing(me: Client, resource: Resource) -> None:
    """Posting the form to made-up ids, without choosing a time first, books nothing."""
    url = choose_url(resource)
    token = token_in(html_of(me.get(url)))
    for minutes in range(0, 20 * 30, 30):
        moment = MONDAY_9 + dt.timedelta(minutes=minutes % 180, days=7 * (minutes // 180))
        response = me.post(
            f"/booking/{uuid.uuid4()}/details/",
            {**NEEDS, "slot": slot(resource, moment), "token": token},
        )
        assert response.status_code == 302 and response["Location"] == url
    assert not Booking.objects.exists()
    told = html_of(me.get(url))
    assert "We do not keep a time for you now. Choose a time." in told
    # Without a time that names a place there is nowhere to go back to.
    lost = me.post(f"/booking/{uuid.uuid4()}/details/", {**NEEDS, "token": token})
    assert lost.status_code == 404


def test_the_third_time_at_one_place_is_refused_with_the_reason(
    me: Client, resource: Resource, citizen: Account
) -> None:
    book_for_self(resource, citizen)
    book_for_self(resource, citizen, at(10))
    url = choose_url(resource)
    token = token_in(html_of(me.get(url)))
    response = me.post(url, {"slot": slot(resource, at(11)), "token": token})
    assert response.status_code == 400
    html = html_of(response)
    assert "You already have 2 booked times here. Cancel one if you need another." in html
    assert not Booking.objects.filter(status=Status.HELD).exists()


def test_a_limit_reached_while_filling_in_lets_the_time_go(
    me: Client, resource: Resource, citizen: Account
) -> None:
    held = hold_on_page(me, resource, at(11))
    book_for_self(resource, citizen)  # in another tab
    book_for_self(resource, citizen, at(10))
    response = me.post(f"/booking/{held.pk}/details/", details_data(held))
    assert response.status_code == 302 and response["Location"] == "/booking/"
    assert "You already have 2 booked times here." in html_of(me.get("/booking/"))
    assert not Booking.objects.filter(pk=held.pk).exists()  # free for others again


# --- Back and choose again ------------------------------------------------------------------
def test_your_own_hold_does_not_hide_the_time_from_you(
    me: Client, resource: Resource, citizen: Account
) -> None:
    held = hold_on_page(me, resource)
    details = html_of(me.get(f"/booking/{held.pk}/details/"))
    assert f'href="{choose_url(resource)}">Choose another time</a>' in details
    again = html_of(me.get(choose_url(resource)))
    assert offered(again)[0] == slot(resource, MONDAY_9)  # still yours to choose
    other = browser(factories.CitizenAccountFactory.create())
    assert slot(resource, MONDAY_9) not in offered(html_of(other.get(choose_url(resource))))
    # Back four times: one hold in the end, at the time chosen last, and no cap reached.
    for moment in (at(10), MONDAY_9, at(10, 30), MONDAY_9):
        last = hold_on_page(me, resource, moment)
    assert list(Booking.objects.values_list("pk", "starts_at")) == [(last.pk, MONDAY_9)]
    assert slot(resource, at(10)) in offered(html_of(other.get(choose_url(resource))))


def test_the_back_button_after_booking_does_not_say_booked_for_another_time(
    me: Client, resource: Resource
) -> None:
    url = choose_url(resource)
    token = token_in(html_of(me.get(url)))
    me.post(url, {"slot": slot(resource, MONDAY_9), "token": token})
    held = Booking.objects.get(idempotency_key=token)
    me.post(f"/booking/{held.pk}/details/", details_data(held))
    # The same page again, another time chosen: refused, and a fresh form.
    response = me.post(url, {"slot": slot(resource, at(10)), "token": token})
    assert response.status_code == 302 and response["Location"] == url
    page = html_of(me.get(url))
    assert "This form was already sent. Start again." in page and token_in(page) != token
    assert list(Booking.objects.values_list("starts_at", flat=True)) == [MONDAY_9]
    # The same time again is the booking it made.
    same = me.post(url, {"slot": slot(resource, MONDAY_9), "token": token})
    assert same["Location"] == f"/booking/{held.pk}/"


def test_the_back_button_on_the_offered_times_after_booking(
    me: Client, resource: Resource, clock: Any
) -> None:
    held = hold_on_page(me, resource)
    clock.shift(dt.timedelta(minutes=6))
    book_for_self(resource, factories.CitizenAccountFactory.create())  # took it, hold gone
    me.post(f"/booking/{held.pk}/details/", details_data(held, slot=slot(resource, at(9, 30))))
    mine = Booking.objects.get(idempotency_key=held.idempotency_key)
    assert mine.status == Status.BOOKED and mine.starts_at == at(9, 30)
    # Back to the offered times, and another one chosen: refused, not "booked".
    other = me.post(f"/booking/{held.pk}/details/", details_data(held, slot=slot(resource, at(10))))
    assert other.status_code == 400
    assert "This form was already sent. Start again." in html_of(other)
    assert not Booking.objects.filter(starts_at=at(10)).exists()


# --- Odd values in addresses and forms ------------------------------------------------------
# "{id}" is the calendar's own id: the value passes every check but the time's.
BAD_SLOTS = [
    "{id}-999999999999",  # the year 33658
    "{id}-253402300799",  # 31 December 9999, 23:59:59: the time zone overflows
    "{id}-²",
    "{id}-١٧٩٦٦٣٤٠٠٠",  # Arabic-Indic digits
    "-1",
    "{id}-946684799",  # 1999
    "{id}-4102444800",  # 2100
    "99999999999-1796634000",
]


@pytest.mark.parametrize("value", BAD_SLOTS)
def test_a_garbled_time_is_a_plain_error_not_a_crash(
    me: Client, resource: Resource, value: str
) -> None:
    value = value.format(id=resource.pk)
    url = choose_url(resource)
    response = me.post(url, {"slot": value, "token": token_in(html_of(me.get(url)))})
    assert response.status_code == 400
    assert "Choose one of the times in the list." in html_of(response)
    held = hold_on_page(me, resource)
    details = me.post(f"/booking/{held.pk}/details/", details_data(held, slot=value))
    assert details.status_code == 400
    assert "Choose one of the times in the list." in html_of(details)
    made_up = me.post(f"/booking/{uuid.uuid4()}/details/", {**NEEDS, "slot": value})
    assert made_up.status_code == 404
    assert Booking.objects.get().status == Status.HELD


def test_slot_values() -> None:
    assert display.parse_slot_value(f"12-{int(MONDAY_9.timestamp())}") == (12, MONDAY_9)
    for value in [*BAD_SLOTS, "", "1-", "1-1796634000\n", " 1-1796634000", "1--1796634000"]:
        assert display.parse_slot_value(value.format(id=12)) is None, value


@pytest.mark.parametrize("week", ["²", "١", "1" * 5000, "-1", "1.5"])
def test_an_odd_week_is_this_week(me: Client, resource: Resource, week: str) -> None:
    response = me.get(f"{choose_url(resource)}?week={week}")
    assert response.status_code == 200
    assert offered(html_of(response))[0] == slot(resource, MONDAY_9)


def test_cancelling_while_the_database_is_busy(
    me: Client, resource: Resource, citizen: Account, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.db import OperationalError

    booking = book_for_self(resource, citizen)
    monkeypatch.setattr(services.clock, "sleep", lambda seconds: None)

    def always_busy(row: Booking) -> Booking:
        raise OperationalError("database is locked")

    monkeypatch.setattr(services, "_locked", always_busy)
    response = me.post(f"/booking/{booking.pk}/cancel/")
    assert response.status_code == 302
    told = html_of(me.get(response["Location"]))
    assert "Many people are using Kompanjong right now. Try again in a minute." in told
    assert Booking.objects.get().status == Status.BOOKED


# --- Query counts ---------------------------------------------------------------------------
def test_the_times_page_takes_the_same_queries_for_one_or_five_calendars(
    me: Client, resource: Resource
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count() -> int:
        me.get(choose_url(resource))  # the session's first request out of the way
        with CaptureQueriesContext(connection) as queries:
            response = me.get(choose_url(resource))
        assert response.status_code == 200
        return len(queries.captured_queries)

    one = count()
    for n in range(4):
        colleague = ResourceFactory.create(
            name=f"Kollega {n}",
            service_at_location=resource.service_at_location,
            organisation=resource.organisation,
        )
        RuleFactory.create(resource=colleague, weekday=0)
        RuleFactory.create(resource=colleague, weekday=n + 1, starts=dt.time(13), ends=dt.time(15))
        book_for_self(colleague, factories.CitizenAccountFactory.create(), at(9, 30))
    five = count()
    assert "with Kollega 3" in html_of(me.get(choose_url(resource)))
    assert one == five, (one, five)
