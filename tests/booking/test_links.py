"""Signed links to a booking: they work until the booking changes or is long over."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import signing

from kompanjong.booking import links, services
from kompanjong.booking.models import Resource
from kompanjong.people.models import Account
from tests.booking.conftest import MONDAY_9, at
from tests.booking.test_services import book_for_self

pytestmark = pytest.mark.django_db


def test_a_link_finds_its_booking(resource: Resource, citizen: Account) -> None:
    booking = book_for_self(resource, citizen)
    path = links.link_path(booking)
    assert path.startswith("/booking/link/") and path.endswith("/")
    token = path.removeprefix("/booking/link/").removesuffix("/")
    assert "/" not in token and str(booking.pk) not in token
    assert links.booking_for_token(token) == booking


def test_a_move_or_a_cancellation_ends_the_old_link(resource: Resource, citizen: Account) -> None:
    booking = book_for_self(resource, citizen)
    old = links.token_for(booking)
    moved = services.move(booking=booking, new_starts_at=at(10), by=citizen)
    assert links.booking_for_token(old) is None
    new = links.token_for(moved)
    assert links.booking_for_token(new) == moved
    services.cancel(booking=moved, by=citizen)
    assert links.booking_for_token(new) is None


def test_a_link_ends_a_day_after_the_booking(resource: Resource, citizen: Account) -> None:
    booking = book_for_self(resource, citizen)
    token = links.token_for(booking)
    end = MONDAY_9 + dt.timedelta(minutes=30)
    assert links.booking_for_token(token, now=end + dt.timedelta(hours=23)) == booking
    assert links.booking_for_token(token, now=end + dt.timedelta(days=1)) is None


@pytest.mark.parametrize(
    "forge",
    [
        lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
        lambda token: "",
        lambda token: "not-a-token",
        lambda token: signing.dumps({"b": "x", "s": 0}, salt=links.SALT),
        lambda token: signing.dumps(["list"], salt=links.SALT),
        lambda token: signing.dumps(  # another part of the site's signatures
            signing.loads(token, salt=links.SALT), salt="something.else"
        ),
    ],
)
def test_forged_or_garbled_links_find_nothing(
    resource: Resource, citizen: Account, forge: Any
) -> None:
    token = links.token_for(book_for_self(resource, citizen))
    assert links.booking_for_token(forge(token)) is None


def test_a_hold_has_no_link(resource: Resource, citizen: Account) -> None:
    held = services.hold(resource=resource, starts_at=MONDAY_9, by=citizen, idempotency_key="k")
    assert links.booking_for_token(links.token_for(held)) is None
