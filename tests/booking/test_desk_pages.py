"""The desk's pages: its calendars, the letter list, a day's bookings with no-shows, and
booking for someone who calls (with a national identity number, or without an account)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kompanjong.booking import services
from kompanjong.booking.models import Booking, RemindBy, Resource, Status
from kompanjong.core.models import AccessLog
from kompanjong.directory.models import TaxonomyTerm
from kompanjong.notifications.models import Notification
from kompanjong.people.models import Account, Person
from tests import factories
from tests.booking.conftest import MONDAY_9, at
from tests.booking.factories import BookingFactory, desk_staff
from tests.booking.test_booking_pages import (
    assert_headings_in_order,
    browser,
    html_of,
    offered,
    slot,
    text_of,
    token_in,
)
from tests.booking.test_services import book_for_self

pytestmark = pytest.mark.django_db

DAY = "/booking/desk/{id}/?day=2026-12-07"


def day_url(resource: Resource) -> str:
    return DAY.format(id=resource.pk)


def new_url(resource: Resource) -> str:
    return f"/booking/desk/{resource.pk}/new/"


def guest_booking(resource: Resource, desk: Account, moment: dt.datetime, phone: str = "") -> Any:
    return services.book(
        resource=resource,
        starts_at=moment,
        by=desk,
        idempotency_key=f"guest-{moment.isoformat()}",
        guest=services.Guest("Ola Gjest", phone),
        needs=services.Needs(channel="phone"),
    )


def reserved_person(**fields: Any) -> Person:
    return factories.PersonFactory.create(
        reserved_against_digital=True, given_name="Kåre", family_name="Nilsen", **fields
    )


# --- Access ---------------------------------------------------------------------------------
def test_who_may_use_the_desk(resource: Resource, desk: Account, citizen: Account) -> None:
    booking = book_for_self(resource, citizen)
    for url in ("/booking/desk/", day_url(resource), new_url(resource)):
        response = browser().get(url)
        assert response.status_code == 302 and response["Location"].startswith("/login/")
        assert browser(citizen).get(url).status_code == 403, url
        assert browser(desk).get(url).status_code == 200, url
    elsewhere = desk_staff(factories.OrganisationFactory.create(kind="library", unit_number=""))
    assert browser(elsewhere).get("/booking/desk/").status_code == 200  # their own desk
    assert resource.name not in html_of(browser(elsewhere).get("/booking/desk/"))
    for url in (day_url(resource), new_url(resource)):
        assert browser(elsewhere).get(url).status_code == 403, url
    marked = browser(elsewhere).post(
        f"/booking/desk/booking/{booking.pk}/mark/", {"status": "no_show"}
    )
    assert marked.status_code == 404
    assert browser(elsewhere).get(f"/booking/{booking.pk}/").status_code == 404
    assert browser(desk).get("/booking/desk/999999/").status_code == 404


# --- The desk page and the letter list ------------------------------------------------------
def test_the_desk_page_and_its_letter_list(
    resource: Resource, desk: Account, citizen: Account
) -> None:
    book_for_self(resource, citizen)  # email: no letter needed
    kare = reserved_person()
    services.book(resource=resource, starts_at=at(10), by=desk, idempotency_key="kare", person=kare)
    guest_booking(resource, desk, at(11), phone="41234567")
    protected = reserved_person(address_protection="fortrolig", street_address="Hemmelig vei 1")
    services.book(
        resource=resource, starts_at=at(11, 30), by=desk, idempotency_key="p", person=protected
    )
    BookingFactory.create(  # more than a week ahead: not yet
        resource=resource,
        person=reserved_person(),
        starts_at=MONDAY_9 + dt.timedelta(days=8),
        remind_by=RemindBy.LETTER,
    )
    html = html_of(browser(desk).get("/booking/desk/"))
    assert_headings_in_order(html)
    text = text_of(html)
    assert f"/booking/desk/{resource.pk}/" in html and f"/booking/desk/{resource.pk}/new/" in html
    letters = text.split("Reminders to send by letter or phone")[1]
    assert "Kåre Nilsen" in letters and "Storgata 1, 0155 Oslo" in letters
    assert "Ola Gjest" in letters and "412 34 567" in letters
    assert "The address is protected or missing" in letters and "Hemmelig vei" not in letters
    assert assert_person_absent(citizen, letters)
    assert letters.count("Monday December") == 3
    assert AccessLog.objects.filter(subject=kare, object_type="booking.listed").count() == 1


def assert_person_absent(account: Account, text: str) -> bool:
    assert account.person is not None
    return account.person.full_name not in text


# --- The day --------------------------------------------------------------------------------
def test_the_day_in_time_order_with_what_the_desk_must_know(
    resource: Resource, desk: Account, citizen: Account
) -> None:
    book_for_self(
        resource,
        citizen,
        at(10),
        needs=services.Needs(
            channel="phone",
            language="ar",
            interpreter=True,
            accessibility_needs="Hører dårlig",
            note="Brev fra NAV",
        ),
    )
    guest_booking(resource, desk, MONDAY_9)
    kare = reserved_person()
    services.book(resource=resource, starts_at=at(11), by=desk, idempotency_key="k", person=kare)
    html = html_of(browser(desk).get(day_url(resource)))
    assert_headings_in_order(html)
    text = text_of(html)
    assert "Nora Berg: Monday December 7" in text
    assert text.index("09:00–09:30") < text.index("10:00–10:30") < text.index("11:00–11:30")
    assert "Ola Gjest (no account)" in text
    assert citizen.person is not None and citizen.person.full_name in text
    assert "Interpreter needed: Arabic" in text
    assert "Call 412 34 567" in text  # the phone booking's number
    assert "Hører dårlig" in text and "Brev fra NAV" in text
    # The guest without a phone and the person who only gets letters.
    assert text.count("Send a letter / give a printed slip") == 2
    assert "?day=2026-12-06" in html and "?day=2026-12-08" in html
    assert "Did not come" not in html  # nothing has started yet


def test_the_day_takes_the_same_queries_for_3_or_12_bookings(
    resource: Resource, desk: Account
) -> None:
    def fill(count: int, day: dt.datetime) -> None:
        for n in range(count):
            BookingFactory.create(
                resource=resource,
                starts_at=day + dt.timedelta(minutes=30 * n),
                person=factories.PersonFactory.create(),
                topic=TaxonomyTerm.objects.first(),
            )

    fill(3, dt.datetime(2026, 12, 7, 7, tzinfo=dt.UTC))
    fill(12, dt.datetime(2026, 12, 14, 7, tzinfo=dt.UTC))
    client = browser(desk)
    client.get("/booking/desk/")  # the session's first request out of the way
    counts = []
    for day in ("2026-12-07", "2026-12-14"):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"/booking/desk/{resource.pk}/?day={day}")
        assert response.status_code == 200
        counts.append(len(queries.captured_queries))
    assert html_of(response).count("<h3>") == 12
    assert counts[0] == counts[1], counts


def test_a_date_that_does_not_exist(resource: Resource, desk: Account) -> None:
    response = browser(desk).get(f"/booking/desk/{resource.pk}/?day=31.02.2026")
    assert response.status_code == 400
    html = html_of(response)
    assert "Write the date as day.month.year" in html and 'value="31.02.2026"' in html
    typed = browser(desk).get(f"/booking/desk/{resource.pk}/?day=07.12.2026")
    assert "Monday December 7" in html_of(typed)


def test_came_or_did_not_come(
    resource: Resource, desk: Account, citizen: Account, clock: Any
) -> None:
    booking = book_for_self(resource, citizen)
    later = book_for_self(resource, citizen, at(11))
    mark = f"/booking/desk/booking/{booking.pk}/mark/"
    early = browser(desk).post(mark, {"status": "no_show"})
    assert early.status_code == 302
    booking.refresh_from_db()
    assert booking.status == Status.BOOKED
    clock.move_to(at(9, 15))
    client = browser(desk)
    html = html_of(client.get(day_url(resource)))
    assert html.count("Did not come") == 1  # only the one that has started
    response = client.post(mark, {"status": "no_show"})
    assert response["Location"] == day_url(resource)
    booking.refresh_from_db()
    assert booking.status == Status.NO_SHOW
    assert "Saved." in html_of(client.get(response["Location"]))
    client.post(mark, {"status": "attended"})
    booking.refresh_from_db()
    assert booking.status == Status.ATTENDED
    client.post(mark, {"status": "something"})
    booking.refresh_from_db()
    assert booking.status == Status.ATTENDED
    client.post(f"/booking/desk/booking/{later.pk}/mark/", {"status": "no_show"})
    later.refresh_from_db()
    assert later.status == Status.BOOKED


# --- Booking for a caller -------------------------------------------------------------------
def desk_form(
    resource: Resource, client: Any, moment: dt.datetime = MONDAY_9, **fields: str
) -> Any:
    token = token_in(html_of(client.get(new_url(resource))))
    data = {
        "slot": slot(resource, moment),
        "token": token,
        "who": "person",
        "national_id": "",
        "family_name": "",
        "guest_name": "",
        "guest_phone": "",
        "topic": "nav",
        "channel": "phone",
        "language": "nb",
        "accessibility_needs": "",
        "note": "",
        "via": "phone",
        "remind": "on",
    }
    return client.post(new_url(resource), data | fields)


def test_booking_for_a_caller_with_a_national_identity_number(
    resource: Resource, desk: Account
) -> None:
    caller = factories.PersonFactory.create(email="", phone="")  # no email, no phone
    client = browser(desk)
    page = html_of(client.get(new_url(resource)))
    assert_headings_in_order(page)
    assert offered(page)[0] == slot(resource, MONDAY_9)
    number = f"{caller.national_id[:6]} {caller.national_id[6:]}"
    response = desk_form(
        resource, client, national_id=number, family_name=f" {caller.family_name.upper()} "
    )
    assert response.status_code == 302
    booking = Booking.objects.get()
    assert response["Location"] == f"/booking/{booking.pk}/"
    assert (booking.person, booking.booked_by, booking.on_behalf) == (caller, desk, True)
    assert booking.remind_by == RemindBy.LETTER and booking.channel == "phone"
    made = AccessLog.objects.get(subject=caller, action="create")
    assert made.channel == "phone"
    # Finding them is in their log too: the desk learnt their name from the number.
    looked_up = AccessLog.objects.get(subject=caller, object_type="booking.lookup")
    assert (looked_up.action, looked_up.actor, looked_up.channel) == ("read", desk, "phone")
    slip = html_of(client.get(response["Location"]))
    assert f"The time is booked for {caller.full_name}" in slip
    assert "Print" in slip and "Monday December 7 at 09:00–09:30" in slip
    assert f'href="/booking/desk/{resource.pk}/?day=2026-12-07"' in slip


def test_booking_for_someone_without_an_account(resource: Resource, desk: Account) -> None:
    client = browser(desk)
    response = desk_form(
        resource, client, who="guest", guest_name=" Ola Gjest ", guest_phone="412 34 567"
    )
    assert response.status_code == 302
    booking = Booking.objects.get()
    assert (booking.person, booking.guest_name, booking.guest_phone) == (
        None,
        "Ola Gjest",
        "41234567",
    )
    assert booking.remind_by == RemindBy.NONE
    assert not Notification.objects.exists()
    slip = text_of(html_of(client.get(response["Location"])))
    assert "The time is booked for Ola Gjest" in slip and "We call you on 412 34 567" in slip
    without_phone = desk_form(resource, client, at(10), who="guest", guest_name="Uten Telefon")
    assert without_phone.status_code == 302


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"national_id": ""}, "national_id", "Write their national identity number (11 digits)."),
        ({"national_id": "1234"}, "national_id", "A national identity number has 11 digits."),
        ({"national_id": "12345678901"}, "national_id", "This is not a valid national identity"),
        (
            {"national_id": "01017510084", "family_name": "Hansen"},
            "national_id",
            "We found nobody with this national identity number and last name.",
        ),
        ({"national_id": "01017510084"}, "family_name", "Write their last name."),
        (
            {"national_id": "01017510084", "family_name": "x" * 101},
            "family_name",
            "Write at most 100 characters.",
        ),
        ({"who": "guest"}, "guest_name", "Write the name of the person the time is for."),
        ({"who": "guest", "guest_name": "x" * 201}, "guest_name", "Write at most 200 characters."),
        ({"who": "guest", "guest_name": "Ola", "guest_phone": "123"}, "guest_phone", "8 digits"),
        ({"who": ""}, "who", "Choose who the time is for."),
        ({"slot": ""}, "slot", "Choose a time."),
        ({"topic": ""}, "topic", "Choose what you need help with."),
        ({"via": "pigeon"}, "via", "Select a valid choice."),
    ],
)
def test_every_bad_answer_at_the_desk_is_named(
    resource: Resource, desk: Account, fields: dict[str, str], field: str, message: str
) -> None:
    response = desk_form(resource, browser(desk), MONDAY_9, **{"note": "Ringer", **fields})
    assert response.status_code == 400
    html = html_of(response)
    assert message in html and f'href="#id_{field}' in html
    assert "Ringer</textarea>" in html  # what was typed is kept
    assert not Booking.objects.exists()


def test_the_desk_books_a_time_just_taken(resource: Resource, desk: Account) -> None:
    client = browser(desk)
    token = token_in(html_of(client.get(new_url(resource))))
    book_for_self(resource, factories.CitizenAccountFactory.create())
    response = desk_form(
        resource, client, token=token, who="guest", guest_name="Ola Gjest", note="Viktig"
    )
    html = html_of(response)
    assert response.status_code == 400
    assert "Sorry, that time was just taken. Here are the next free times:" in html
    assert offered(html)[0] == slot(resource, at(9, 30)) and "Ola Gjest" in html
    again = desk_form(resource, client, at(9, 30), token=token, who="guest", guest_name="Ola Gjest")
    assert again.status_code == 302
    assert Booking.objects.filter(guest_name="Ola Gjest").get().starts_at == at(9, 30)


def test_a_desk_booking_sent_twice_is_one_booking(resource: Resource, desk: Account) -> None:
    client = browser(desk)
    token = token_in(html_of(client.get(new_url(resource))))
    first = desk_form(resource, client, token=token, who="guest", guest_name="Ola")
    second = desk_form(resource, client, token=token, who="guest", guest_name="Ola")
    assert first["Location"] == second["Location"]
    assert Booking.objects.count() == 1


def test_query_counts_do_not_depend_on_the_letter_list(resource: Resource, desk: Account) -> None:
    counts = []
    for hours in ((9,), (9.5, 10, 10.5, 11)):
        for hour in hours:
            h, m = int(hour), int((hour % 1) * 60)
            services.book(
                resource=resource,
                starts_at=at(h, m),
                by=desk,
                idempotency_key=f"r-{hour}",
                person=reserved_person(),
            )
        client = browser(desk)
        client.get("/booking/")
        with CaptureQueriesContext(connection) as queries:
            client.get("/booking/desk/")
        counts.append(len(queries.captured_queries))
    assert counts[0] == counts[1], counts


# --- Finding the caller: number and last name -----------------------------------------------
def test_a_number_alone_tells_the_desk_nothing_and_tries_are_counted(
    resource: Resource, desk: Account, settings: Any
) -> None:
    caller = reserved_person()
    client = browser(desk)
    wrong = desk_form(resource, client, national_id=caller.national_id, family_name="Hansen")
    assert wrong.status_code == 400
    html = html_of(wrong)
    assert "We found nobody with this national identity number and last name." in html
    assert caller.full_name not in html
    assert not AccessLog.objects.filter(subject=caller).exists()
    for _ in range(settings.DELEGATION_LOOKUP_LIMIT - 1):
        desk_form(resource, client, national_id="01017510084", family_name="Hansen")
    # Blocked now, even with the right name: nobody can try numbers until one fits.
    blocked = desk_form(resource, client, national_id=caller.national_id, family_name="Nilsen")
    assert blocked.status_code == 400
    assert "You have tried too many numbers that did not match." in html_of(blocked)
    assert not Booking.objects.exists()
    # A guest (no account) can still be booked.
    guest = desk_form(resource, client, who="guest", guest_name="Ola Gjest")
    assert guest.status_code == 302


def test_the_desk_cannot_look_itself_up(resource: Resource) -> None:
    worker = desk_staff(resource.organisation)
    worker.person = factories.PersonFactory.create(family_name="Skranke")
    worker.save()
    assert worker.person is not None
    response = desk_form(
        resource, browser(worker), national_id=worker.person.national_id, family_name="Skranke"
    )
    assert "This is you." in html_of(response) and not Booking.objects.exists()


# --- One form, one booking ------------------------------------------------------------------
def test_the_same_form_for_another_caller_is_refused_not_shown_as_booked(
    resource: Resource, desk: Account
) -> None:
    one = factories.PersonFactory.create(family_name="En")
    two = factories.PersonFactory.create(family_name="To")
    client = browser(desk)
    token = token_in(html_of(client.get(new_url(resource))))
    first = desk_form(resource, client, token=token, national_id=one.national_id, family_name="En")
    assert first.status_code == 302
    # The Back button, then Caller Two in the same form.
    again = desk_form(
        resource, client, at(10), token=token, national_id=two.national_id, family_name="To"
    )
    assert again.status_code == 400
    html = html_of(again)
    assert "This form was already sent. Start again." in html
    assert not Booking.objects.filter(person=two).exists()
    assert 'value="To"' in html  # what was typed is kept
    fresh = token_in(html)
    assert fresh != token
    # What was typed is kept; sending it now books Caller Two.
    booked = desk_form(
        resource, client, at(10), token=fresh, national_id=two.national_id, family_name="To"
    )
    assert booked.status_code == 302
    assert Booking.objects.get(person=two).starts_at == at(10)


# --- A calendar switched off ----------------------------------------------------------------
def test_a_calendar_switched_off_keeps_its_bookings_at_the_desk(
    resource: Resource, desk: Account, citizen: Account
) -> None:
    booking = book_for_self(resource, citizen)
    resource.active = False
    resource.save()
    client = browser(desk)
    desk_page = text_of(html_of(client.get("/booking/desk/")))
    assert "Nora Berg" in desk_page and "(not open for booking)" in desk_page
    day = client.get(day_url(resource))
    assert day.status_code == 200
    assert citizen.person is not None and citizen.person.full_name in text_of(html_of(day))
    new = client.get(new_url(resource))
    assert new.status_code == 200 and offered(html_of(new)) == []
    assert "There are no free times in these weeks." in html_of(new)
    assert client.get(f"/booking/{booking.pk}/").status_code == 200


# --- Odd addresses --------------------------------------------------------------------------
@pytest.mark.parametrize("day", ["9999-12-31", "31.12.9999", "0001-01-01", "01.01.2020"])
def test_a_day_far_away_is_a_plain_error(resource: Resource, desk: Account, day: str) -> None:
    response = browser(desk).get(f"/booking/desk/{resource.pk}/?day={day}")
    assert response.status_code == 400
    html = html_of(response)
    assert "Choose a day at most five years before or after today." in html
    assert f'value="{day}"' in html


def test_a_day_five_years_ahead_is_shown(resource: Resource, desk: Account) -> None:
    assert browser(desk).get(f"/booking/desk/{resource.pk}/?day=04.12.2031").status_code == 200


@pytest.mark.parametrize("value", ["{id}-999999999999", "{id}-253402300799", "{id}-²", "1-²³"])
def test_a_garbled_time_at_the_desk_is_a_plain_error(
    resource: Resource, desk: Account, value: str
) -> None:
    garbled = value.format(id=resource.pk)
    response = desk_form(resource, browser(desk), who="guest", guest_name="Ola", slot=garbled)
    assert response.status_code == 400
    assert "Choose one of the times in the list." in html_of(response)
    assert not Booking.objects.exists()


@pytest.mark.parametrize("week", ["²", "1" * 5000, "-1", "١"])
def test_an_odd_week_at_the_desk_is_this_week(resource: Resource, desk: Account, week: str) -> None:
    response = browser(desk).get(f"{new_url(resource)}?week={week}")
    assert response.status_code == 200
    assert offered(html_of(response))[0] == slot(resource, MONDAY_9)


def test_marking_while_the_database_is_busy_is_retried(
    resource: Resource, desk: Account, citizen: Account, clock: Any, monkeypatch: Any
) -> None:
    from django.db import OperationalError

    booking = book_for_self(resource, citizen)
    clock.move_to(at(9, 15))
    monkeypatch.setattr(services.clock, "sleep", lambda seconds: None)
    real = services._locked
    calls: list[int] = []

    def busy_once(row: Booking) -> Booking:
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("database is locked")
        return real(row)

    monkeypatch.setattr(services, "_locked", busy_once)
    client = browser(desk)
    client.post(f"/booking/desk/booking/{booking.pk}/mark/", {"status": "no_show"})
    booking.refresh_from_db()
    assert booking.status == Status.NO_SHOW and len(calls) == 2

    def always_busy(row: Booking) -> Booking:
        raise OperationalError("database is locked")

    monkeypatch.setattr(services, "_locked", always_busy)
    response = client.post(f"/booking/desk/booking/{booking.pk}/mark/", {"status": "attended"})
    assert response.status_code == 302
    told = html_of(client.get(response["Location"]))
    assert "Many people are using Kompanjong right now. Try again in a minute." in told
    booking.refresh_from_db()
    assert booking.status == Status.NO_SHOW
