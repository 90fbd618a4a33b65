"""Notices about bookings through the outbox (confirmed, changed, the reminder), each with
the signed link; the link's own move; and the sweeper command run by cron."""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command

from kompanjong.booking import links, reminders, services
from kompanjong.booking.models import Booking, Resource, Status
from kompanjong.booking.services import BookingError, Guest, SlotTaken
from kompanjong.core.models import AccessLog
from kompanjong.notifications.models import Notification
from kompanjong.people.models import Account
from tests import factories
from tests.booking.conftest import MONDAY_9, at
from tests.booking.test_services import book_for_self, helper_for

pytestmark = pytest.mark.django_db


def notices(key: str) -> list[Notification]:
    return list(Notification.objects.filter(template_key=key).order_by("id"))


def link_in(note: Notification) -> str:
    """The path of the signed link in a notice's text; it must lead to the booking."""
    found = re.search(re.escape(settings.SITE_URL) + r"(/booking/link/[^/\s]+/)", note.body)
    assert found is not None, note.body
    return found.group(1)


def token_of(path: str) -> str:
    return path.removeprefix("/booking/link/").removesuffix("/")


def test_booking_queues_a_confirmation_with_a_working_link(
    resource: Resource, citizen: Account
) -> None:
    booking = book_for_self(resource, citizen)
    [note] = notices("booking_confirmed")
    assert note.recipient == citizen.person and note.channel == "email"
    assert link_in(note) == links.link_path(booking)
    assert links.booking_for_token(token_of(link_in(note))) == booking
    assert "Log in" not in note.body
    book_for_self(resource, citizen, idempotency_key=booking.idempotency_key)  # sent twice
    assert len(notices("booking_confirmed")) == 1


def test_a_helper_booking_notifies_the_person_not_the_helper(
    resource: Resource, citizen: Account
) -> None:
    helper = helper_for(citizen)
    services.book(
        resource=resource, starts_at=MONDAY_9, by=helper, idempotency_key="h", person=citizen.person
    )
    [note] = notices("booking_confirmed")
    assert note.recipient == citizen.person


def test_moving_and_cancelling_queue_a_change_with_the_new_link(
    resource: Resource, citizen: Account
) -> None:
    booking = book_for_self(resource, citizen)
    moved = services.move(booking=booking, new_starts_at=at(10), by=citizen)
    services.move(booking=moved, new_starts_at=at(10), by=citizen)  # no change, no notice
    [change] = notices("booking_changed")
    assert link_in(change) == links.link_path(moved)
    assert links.booking_for_token(token_of(link_in(change))) == moved
    cancelled = services.cancel(booking=moved, by=citizen)
    services.cancel(booking=cancelled, by=citizen)  # already cancelled: nothing new
    assert [link_in(n) for n in notices("booking_changed")] == [
        link_in(change),
        links.link_path(cancelled),
    ]


def test_a_refused_move_sends_nothing(resource: Resource, citizen: Account) -> None:
    booking = book_for_self(resource, citizen)
    book_for_self(resource, factories.CitizenAccountFactory.create(), at(10))
    with pytest.raises(SlotTaken):
        services.move(booking=booking, new_starts_at=at(10), by=citizen)
    assert notices("booking_changed") == []


def test_guests_get_no_notices(resource: Resource, desk: Account) -> None:
    booking = services.book(
        resource=resource,
        starts_at=MONDAY_9,
        by=desk,
        idempotency_key="guest",
        guest=Guest("Ola Gjest", "41234567"),
    )
    services.move(booking=booking, new_starts_at=at(10), by=desk)
    services.cancel(booking=booking, by=desk)
    assert not Notification.objects.exists()


def test_the_desk_gives_a_slip_instead_of_a_confirmation_letter(
    resource: Resource, desk: Account
) -> None:
    by_letter = factories.PersonFactory.create(reserved_against_digital=True)
    by_sms = factories.PersonFactory.create(email="", preferred_channel="sms")
    for person, moment in ((by_letter, MONDAY_9), (by_sms, at(10))):
        services.book(
            resource=resource,
            starts_at=moment,
            by=desk,
            idempotency_key=f"k{person.pk}",
            person=person,
        )
    assert [(n.recipient, n.channel) for n in notices("booking_confirmed")] == [(by_sms, "sms")]


def test_someone_who_books_themself_by_letter_gets_a_confirmation_letter(
    resource: Resource, citizen: Account
) -> None:
    assert citizen.person is not None
    citizen.person.reserved_against_digital = True
    citizen.person.save()
    book_for_self(resource, citizen)
    [note] = notices("booking_confirmed")
    assert note.channel == "letter" and "/booking/link/" in note.body


def test_moving_by_the_link(resource: Resource, citizen: Account) -> None:
    booking = book_for_self(resource, citizen)
    old = links.token_for(booking)
    moved = services.move_by_link(token=old, new_starts_at=at(11))
    assert (moved.pk, moved.starts_at, moved.sequence) == (booking.pk, at(11), 1)
    assert links.booking_for_token(old) is None
    entry = AccessLog.objects.get(subject=citizen.person)
    assert entry.actor is None and entry.actor_label == "Kompanjong (lenken i påminnelsen din)"
    assert [link_in(n) for n in notices("booking_changed")] == [links.link_path(moved)]
    assert moved.reminded_at is None
    again = services.move_by_link(token=links.token_for(moved), new_starts_at=at(11))
    assert again.sequence == 1  # the same time: no change


@pytest.mark.parametrize("token", ["", "nonsense"])
def test_moving_by_a_bad_link_is_refused(resource: Resource, citizen: Account, token: str) -> None:
    book_for_self(resource, citizen)
    with pytest.raises(BookingError, match="bad_link"):
        services.move_by_link(token=token, new_starts_at=at(10))


def test_moving_by_the_link_keeps_the_rules(
    resource: Resource, citizen: Account, clock: Any
) -> None:
    booking = book_for_self(resource, citizen)
    token = links.token_for(booking)
    with pytest.raises(BookingError, match="not_a_slot"):
        services.move_by_link(token=token, new_starts_at=at(9, 10))
    book_for_self(resource, factories.CitizenAccountFactory.create(), at(10))
    with pytest.raises(SlotTaken) as taken:
        services.move_by_link(token=token, new_starts_at=at(10))
    assert taken.value.next_free[0].starts_at == at(10, 30)
    clock.move_to(at(9, 5))
    with pytest.raises(BookingError, match="too_late"):
        services.move_by_link(token=token, new_starts_at=at(11))
    booking.refresh_from_db()
    assert (booking.starts_at, booking.sequence) == (MONDAY_9, 0)
    assert not AccessLog.objects.exists()


def test_a_cancelled_booking_cannot_be_moved_by_the_link(
    resource: Resource, citizen: Account
) -> None:
    booking = book_for_self(resource, citizen)
    token = links.token_for(booking)
    cancelled = services.cancel_by_link(token=token)
    assert cancelled.status == Status.CANCELLED
    with pytest.raises(BookingError, match="bad_link"):
        services.move_by_link(token=token, new_starts_at=at(10))
    with pytest.raises(BookingError, match="not_booked"):
        services.move_by_link(token=links.token_for(cancelled), new_starts_at=at(10))
    assert [link_in(n) for n in notices("booking_changed")] == [links.link_path(cancelled)]
    assert AccessLog.objects.filter(subject=citizen.person, actor=None).count() == 1


def test_the_reminder_carries_the_signed_link(
    resource: Resource, citizen: Account, clock: Any
) -> None:
    booking = book_for_self(resource, citizen)
    clock.move_to(MONDAY_9 - dt.timedelta(hours=23))
    assert reminders.sweep() == 1
    [note] = notices(reminders.TEMPLATE_KEY)
    assert links.booking_for_token(token_of(link_in(note))) == booking


def test_the_sweeper_command(resource: Resource, citizen: Account, clock: Any) -> None:
    book_for_self(resource, citizen)
    services.hold(
        resource=resource,
        starts_at=at(11),
        by=factories.CitizenAccountFactory.create(),
        idempotency_key="abandoned",
    )
    clock.move_to(MONDAY_9 - dt.timedelta(hours=23))
    out = io.StringIO()
    call_command("send_booking_reminders", stdout=out)
    assert out.getvalue().strip() == "Deleted 1 expired hold(s). Queued 1 reminder(s)."
    assert not Booking.objects.filter(status=Status.HELD).exists()
    assert len(notices(reminders.TEMPLATE_KEY)) == 1
    out = io.StringIO()
    call_command("send_booking_reminders", stdout=out)
    assert out.getvalue().strip() == "Deleted 0 expired hold(s). Queued 0 reminder(s)."
