"""The signed link in a booking's notices: no login, nothing personal, and it stops working
when the booking changes (the page then lives on under the new link)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from kompanjong.booking import links, services
from kompanjong.booking.models import Booking, Resource, Status
from kompanjong.core.models import AccessLog
from kompanjong.directory.models import RequiredDocument, TaxonomyTerm
from kompanjong.directory.topics import term_id
from kompanjong.notifications.models import Notification
from kompanjong.people.models import Account
from tests import factories
from tests.booking.conftest import MONDAY_9, at
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


@pytest.fixture
def booking(resource: Resource, citizen: Account) -> Booking:
    RequiredDocument.objects.create(
        service=resource.service_at_location.service, document="Your BankID code chip"
    )
    person = citizen.person
    assert person is not None
    person.given_name, person.family_name = "Hemmelig", "Navnesen"
    person.save()
    return book_for_self(
        resource,
        citizen,
        needs=services.Needs(
            channel="in_person",
            topic=TaxonomyTerm.objects.get(pk=term_id("tax")),
            language="ar",
            interpreter=True,
            accessibility_needs="Rullestol og hørselsslynge",
            note="Gjeld hos Lindorff",
        ),
    )


def test_the_link_shows_when_and_where_and_nothing_personal(booking: Booking) -> None:
    response = browser().get(links.link_path(booking))
    assert response.status_code == 200
    html = html_of(response)
    assert_headings_in_order(html)
    assert "<title>Your appointment – Kompanjong</title>" in html
    text = text_of(html)
    assert "Monday December 7 at 09:00–09:30" in text
    assert "Schleppegrells gate 32" in text and "Trikk 11, 12 eller 18" in text
    assert "Your BankID code chip" in text and "Booked" in text
    assert booking.person is not None
    for secret in (
        "Hemmelig",
        "Navnesen",
        booking.person.national_id,
        booking.person.email,
        "412 34 567",
        "41234567",
        "Rullestol",
        "Lindorff",
        "Tax",
        "Interpreter",
        "Arabic",
    ):
        assert secret not in html, secret
    assert "Move the time" in html and "Cancel" in html
    assert response["Cache-Control"].startswith("max-age=0")


def test_a_phone_booking_does_not_show_the_number(resource: Resource, citizen: Account) -> None:
    booking = book_for_self(resource, citizen, needs=services.Needs(channel="phone"))
    text = text_of(html_of(browser().get(links.link_path(booking))))
    assert "By phone. The helper calls you." in text and "412" not in text


@pytest.mark.parametrize("token", ["nonsense", "a" * 300, "x:y:z"])
def test_a_garbled_link_says_it_no_longer_works(booking: Booking, token: str) -> None:
    response = browser().get(f"/booking/link/{token}/")
    assert response.status_code == 404
    html = html_of(response)
    assert "This link no longer works" in html and 'href="/booking/"' in html


def test_moving_by_the_link(booking: Booking, resource: Resource) -> None:
    old = links.token_for(booking)
    client = browser()
    page = html_of(client.get(f"/booking/link/{old}/move/"))
    assert_headings_in_order(page)
    assert "Hemmelig" not in page
    assert offered(page)[0] == slot(resource, at(9, 30))
    response = client.post(
        f"/booking/link/{old}/move/", {"slot": slot(resource, at(11)), "token": token_in(page)}
    )
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.starts_at == at(11) and booking.sequence == 1
    assert response["Location"] == links.link_path(booking)
    moved = html_of(client.get(response["Location"]))
    assert "Your time is moved to Monday December 7 at 11:00–11:30." in moved
    # The old link is over: the page, its move and its cancel.
    for url in ("", "move/", "cancel/"):
        assert client.get(f"/booking/link/{old}/{url}").status_code == 404
    assert client.post(f"/booking/link/{old}/cancel/").status_code == 404
    entry = AccessLog.objects.get(subject=booking.person)
    assert entry.actor is None and entry.action == "change" and entry.object_type == "booking.link"
    assert entry.actor_label == "Kompanjong (lenken i påminnelsen din)"  # in her language
    note = Notification.objects.get(template_key="booking_changed")
    assert links.link_path(booking) in note.body


def test_moving_by_the_link_to_a_time_just_taken(booking: Booking, resource: Resource) -> None:
    old = links.token_for(booking)
    client = browser()
    token = token_in(html_of(client.get(f"/booking/link/{old}/move/")))
    book_for_self(resource, factories.CitizenAccountFactory.create(), at(10))
    response = client.post(
        f"/booking/link/{old}/move/", {"slot": slot(resource, at(10)), "token": token}
    )
    assert response.status_code == 400
    html = html_of(response)
    assert "Sorry, that time was just taken. Here are the next free times:" in html
    assert offered(html)[0] == slot(resource, at(10, 30))
    booking.refresh_from_db()
    assert booking.starts_at == MONDAY_9 and booking.sequence == 0


def test_a_link_used_again_after_a_move_moves_nothing(booking: Booking, resource: Resource) -> None:
    """One after the other (at the same moment: test_concurrency)."""
    old = links.token_for(booking)
    services.move_by_link(token=old, new_starts_at=at(11))
    with pytest.raises(services.BookingError, match="bad_link"):
        services.move_by_link(token=old, new_starts_at=at(10))


def test_the_link_does_not_name_the_helper(
    booking: Booking, resource: Resource, citizen: Account
) -> None:
    resource.helper = factories.AccountFactory.create(display_name="Nora Berg")
    resource.save()
    link = text_of(html_of(browser().get(links.link_path(booking))))
    assert "Monday December 7 at 09:00–09:30" in link and "Schleppegrells gate 32" in link
    assert "Nora Berg" not in link and "You meet" not in link
    move = text_of(html_of(browser().get(links.link_path(booking) + "move/")))
    assert "Nora Berg" not in move
    # Behind the login the person sees whom they meet.
    own = text_of(html_of(browser(citizen).get(f"/booking/{booking.pk}/")))
    assert "You meet Nora Berg" in own


@pytest.mark.parametrize("value", ["{id}-999999999999", "{id}-253402300799", "{id}-²"])
def test_a_garbled_time_on_the_links_move_page(booking: Booking, value: str) -> None:
    url = links.link_path(booking) + "move/"
    client = browser()
    garbled = value.format(id=booking.resource_id)
    response = client.post(url, {"slot": garbled, "token": token_in(html_of(client.get(url)))})
    assert response.status_code == 400
    assert "Choose one of the times in the list." in html_of(response)
    booking.refresh_from_db()
    assert booking.sequence == 0


def test_cancelling_by_the_link(booking: Booking) -> None:
    old = links.token_for(booking)
    client = browser()
    page = html_of(client.get(f"/booking/link/{old}/cancel/"))
    assert "Do you want to cancel your time on Monday December 7 at 09:00–09:30" in text_of(page)
    response = client.post(f"/booking/link/{old}/cancel/")
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.status == Status.CANCELLED
    assert response["Location"] == links.link_path(booking)
    html = html_of(client.get(response["Location"]))
    assert "This time is cancelled" in html and "Move the time" not in html
    assert client.get(f"/booking/link/{old}/").status_code == 404
    assert AccessLog.objects.filter(subject=booking.person, actor=None).count() == 1


def test_a_link_stops_a_day_after_the_time(booking: Booking, clock: Any) -> None:
    path = links.link_path(booking)
    clock.move_to(booking.ends_at + dt.timedelta(hours=1))
    html = html_of(browser().get(path))
    assert "Over" in html and "Move the time" not in html
    clock.move_to(booking.ends_at + dt.timedelta(days=1))
    assert browser().get(path).status_code == 404


def test_cancelling_by_the_link_while_the_database_is_busy(
    booking: Booking, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.db import OperationalError

    monkeypatch.setattr(services.clock, "sleep", lambda seconds: None)

    def always_busy(row: Booking) -> Booking:
        raise OperationalError("database is locked")

    monkeypatch.setattr(services, "_locked", always_busy)
    path = links.link_path(booking)
    client = browser()
    response = client.post(f"{path}cancel/")
    assert response.status_code == 302 and response["Location"] == path
    told = html_of(client.get(path))
    assert "Many people are using Kompanjong right now. Try again in a minute." in told
    booking.refresh_from_db()
    assert booking.status == Status.BOOKED
