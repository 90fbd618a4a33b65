"""Reminders a day before, to the person booked for, once, through the outbox."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
from django.utils import translation

from kompanjong.booking import reminders, selectors, services, tasks
from kompanjong.booking.models import Booking, RemindBy, Resource, Status
from kompanjong.notifications import content
from kompanjong.notifications.models import Notification
from kompanjong.people.models import Account
from tests import factories
from tests.booking.conftest import MONDAY_9, at
from tests.booking.test_services import book_for_self, helper_for

pytestmark = pytest.mark.django_db

DAY_BEFORE = MONDAY_9 - dt.timedelta(hours=24)


@pytest.mark.parametrize(
    ("changes", "due"),
    [
        ({}, True),
        ({"now": DAY_BEFORE - dt.timedelta(seconds=1)}, False),
        ({"now": MONDAY_9 - dt.timedelta(minutes=1)}, True),
        ({"now": MONDAY_9}, False),
        ({"status": Status.CANCELLED}, False),
        ({"status": Status.HELD}, False),
        ({"remind_by": RemindBy.NONE}, False),
        ({"remind_by": RemindBy.EMAIL}, True),
        ({"remind_by": RemindBy.LETTER}, False),  # it would arrive too late
        ({"has_person": False}, False),
        ({"reminded_at": DAY_BEFORE}, False),
    ],
)
def test_when_a_reminder_is_due(changes: dict[str, Any], due: bool) -> None:
    facts: dict[str, Any] = {
        "starts_at": MONDAY_9,
        "status": Status.BOOKED,
        "remind_by": RemindBy.SMS,
        "has_person": True,
        "reminded_at": None,
        "now": DAY_BEFORE,
    }
    assert reminders.is_due(**(facts | changes)) is due


def test_the_sweeper_reminds_the_person_once_with_a_signed_link(
    resource: Resource, citizen: Account, clock: Any
) -> None:
    helper = helper_for(citizen)
    booking = services.book(
        resource=resource,
        starts_at=MONDAY_9,
        by=helper,
        idempotency_key=uuid.uuid4().hex,
        person=citizen.person,
    )
    before = Notification.objects.count()  # the grant's own notifications
    clock.move_to(DAY_BEFORE - dt.timedelta(minutes=1))
    assert reminders.sweep() == 0
    clock.move_to(DAY_BEFORE)
    assert reminders.sweep() == 1
    note = Notification.objects.get(template_key=reminders.TEMPLATE_KEY)
    assert note.recipient == citizen.person  # not the helper who booked it
    assert (note.channel, note.address) == ("email", citizen.person.email)
    assert "/booking/link/" in note.body
    # The real template (notifications.content): the neutral line, in the person's language.
    assert citizen.person is not None
    with translation.override(citizen.person.preferred_language):
        neutral = content.TEMPLATES[reminders.TEMPLATE_KEY].neutral
        assert neutral is not None
        opening = str(neutral).split("%(url)s")[0]
    assert note.body.startswith(opening)
    booking.refresh_from_db()
    assert booking.reminded_at is not None
    assert reminders.sweep() == 0 and reminders.remind(booking.pk) is False
    assert Notification.objects.count() == before + 1


def test_a_moved_booking_is_reminded_again_with_a_new_link(
    resource: Resource, citizen: Account, clock: Any
) -> None:
    booking = book_for_self(resource, citizen)
    clock.move_to(DAY_BEFORE)
    assert reminders.sweep() == 1
    clock.move_to(DAY_BEFORE - dt.timedelta(hours=20))
    services.move(booking=booking, new_starts_at=at(11), by=citizen)
    clock.move_to(at(11) - dt.timedelta(hours=23))
    assert reminders.sweep() == 1
    bodies = list(
        Notification.objects.filter(template_key=reminders.TEMPLATE_KEY).values_list(
            "body", flat=True
        )
    )
    assert len(bodies) == 2 and bodies[0] != bodies[1]


def test_no_reminder_for_guests_cancelled_bookings_or_those_who_said_no(
    resource: Resource, citizen: Account, desk: Account, clock: Any
) -> None:
    services.book(
        resource=resource,
        starts_at=MONDAY_9,
        by=desk,
        idempotency_key="guest",
        guest=services.Guest("Ola Gjest", "41234567"),
    )
    services.cancel(booking=book_for_self(resource, citizen, at(10)), by=citizen)
    book_for_self(resource, factories.CitizenAccountFactory.create(), at(11), remind=False)
    clock.move_to(DAY_BEFORE + dt.timedelta(hours=1))
    assert list(reminders.due()) == []
    assert reminders.sweep() == 0
    assert not Notification.objects.filter(template_key=reminders.TEMPLATE_KEY).exists()


def test_someone_reserved_against_digital_notices_gets_a_letter(
    resource: Resource, desk: Account, citizen: Account, clock: Any
) -> None:
    """Not a reminder letter a day before (it would arrive too late): the confirmation
    letter when they book it themself, and the desk's letter list."""
    caller = factories.PersonFactory.create(reserved_against_digital=True)
    by_desk = services.book(
        resource=resource, starts_at=MONDAY_9, by=desk, idempotency_key="call", person=caller
    )
    assert citizen.person is not None
    citizen.person.reserved_against_digital = True
    citizen.person.save()
    themself = book_for_self(resource, citizen, at(10))
    assert by_desk.remind_by == themself.remind_by == RemindBy.LETTER
    [confirmation] = Notification.objects.filter(template_key="booking_confirmed")
    assert (confirmation.recipient, confirmation.channel) == (citizen.person, "letter")
    clock.move_to(DAY_BEFORE)
    assert list(reminders.due()) == []
    assert reminders.sweep() == 0
    assert reminders.remind(by_desk.pk) is False
    assert not Notification.objects.filter(template_key=reminders.TEMPLATE_KEY).exists()
    clock.move_to(DAY_BEFORE - dt.timedelta(days=2))
    listed = selectors.letter_list(user=desk)
    assert [b.pk for b in listed] == [by_desk.pk, themself.pk]


def test_a_booking_made_less_than_a_day_ahead_is_reminded_at_once(
    resource: Resource, citizen: Account, clock: Any
) -> None:
    clock.move_to(MONDAY_9 - dt.timedelta(hours=3))
    booking = book_for_self(resource, citizen)
    assert [b.pk for b in reminders.due()] == [booking.pk]


def test_the_reminder_task_and_its_schedule(
    resource: Resource,
    citizen: Account,
    clock: Any,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:
    queued: list[tuple[dt.datetime, str]] = []
    real = tasks.send_reminder

    class Deferring:
        """Stands in for the task with a backend that can wait (the database one, RQ)."""

        def get_backend(self) -> Any:
            return type("Backend", (), {"supports_defer": True})()

        def using(self, run_after: dt.datetime) -> Any:
            return type(
                "Deferred", (), {"enqueue": lambda _self, pk: queued.append((run_after, pk))}
            )()

    monkeypatch.setattr(tasks, "send_reminder", Deferring())
    with django_capture_on_commit_callbacks(execute=True):
        booking = book_for_self(resource, citizen)
    assert queued == [(DAY_BEFORE, str(booking.pk))]
    clock.move_to(DAY_BEFORE)
    assert real.call(str(booking.pk)) == "sent"
    assert real.call(str(booking.pk)) == "nothing"
    assert tasks.send_due_reminders.call() == 0


def test_nothing_is_scheduled_for_a_guest_or_by_letter(
    resource: Resource, desk: Account, monkeypatch: pytest.MonkeyPatch
) -> None:
    class NoBackend:
        def get_backend(self) -> Any:
            raise AssertionError("nothing should be scheduled")

    monkeypatch.setattr(tasks, "send_reminder", NoBackend())
    tasks.schedule(Booking(resource=resource, remind_by=RemindBy.NONE))  # no person
    person = factories.PersonFactory.create()
    tasks.schedule(Booking(resource=resource, person=person, remind_by=RemindBy.LETTER))
    tasks.schedule(Booking(resource=resource, person=person, remind_by=RemindBy.NONE))


def test_the_sweeper_also_clears_old_holds(
    resource: Resource, citizen: Account, clock: Any
) -> None:
    services.hold(resource=resource, starts_at=MONDAY_9, by=citizen, idempotency_key="old")
    clock.shift(dt.timedelta(hours=2))
    tasks.send_due_reminders.call()
    assert not Booking.objects.exists()


def test_a_busy_database_is_retried_and_never_stops_the_sweep(
    resource: Resource, citizen: Account, clock: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.db import OperationalError

    from kompanjong.booking import retrying

    book_for_self(resource, citizen)
    book_for_self(another_calendar(), factories.CitizenAccountFactory.create())
    clock.move_to(DAY_BEFORE + dt.timedelta(minutes=1))
    monkeypatch.setattr(retrying.clock, "sleep", lambda seconds: None)
    real = reminders.queue_notification
    calls: list[int] = []

    def busy_once(**kwargs: Any) -> Any:
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("database is locked")
        return real(**kwargs)

    monkeypatch.setattr(reminders, "queue_notification", busy_once)
    assert reminders.sweep() == 2 and len(calls) == 3
    assert Notification.objects.filter(template_key=reminders.TEMPLATE_KEY).count() == 2

    def always_busy(**kwargs: Any) -> Any:
        raise OperationalError("database is locked")

    third = book_for_self(another_calendar(), factories.CitizenAccountFactory.create())
    monkeypatch.setattr(reminders, "queue_notification", always_busy)
    assert reminders.remind(third.pk) is False  # left for the next sweep
    third.refresh_from_db()
    assert third.reminded_at is None
    monkeypatch.setattr(reminders, "queue_notification", real)
    assert reminders.sweep() == 1


def another_calendar() -> Resource:
    """Another calendar open at the same hours (a person may have only so many times)."""
    from tests.booking.factories import ResourceFactory, RuleFactory

    other = ResourceFactory.create()
    RuleFactory.create(resource=other, weekday=0)
    return other
