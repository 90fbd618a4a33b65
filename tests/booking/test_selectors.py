"""Reads: free times in a fixed number of queries, a person's own bookings, the desk's day."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from kompanjong.booking import selectors, services
from kompanjong.booking.models import Booking, Resource, Status
from kompanjong.core.models import AccessLog
from kompanjong.delegation.rules import Action
from kompanjong.people.models import Account
from tests import factories
from tests.booking.conftest import MONDAY_9, at
from tests.booking.factories import BookingFactory, ExceptionFactory, RuleFactory
from tests.booking.test_services import book_for_self, helper_for

pytestmark = pytest.mark.django_db


def test_free_slots_over_four_weeks(resource: Resource) -> None:
    free = selectors.free_slots(resource=resource)
    # Mondays 7, 14, 21, 28 December: 6 times each (today is Friday 4 December).
    assert len(free) == 4 * 6
    assert free[0].starts_at == MONDAY_9
    ExceptionFactory.create(resource=resource, date=dt.date(2026, 12, 14))
    assert len(selectors.free_slots(resource=resource)) == 3 * 6
    assert selectors.free_slots(resource=resource, channel="video") == []
    assert len(selectors.free_slots(resource=resource, first_day=dt.date(2026, 12, 20))) == 2 * 6


def test_free_slots_take_a_constant_number_of_queries(
    resource: Resource, django_assert_num_queries: Any
) -> None:
    RuleFactory.create(resource=resource, weekday=2, starts=dt.time(12), ends=dt.time(16))
    ExceptionFactory.create(resource=resource, date=dt.date(2026, 12, 14))
    with django_assert_num_queries(3):
        few = selectors.free_slots(resource=resource)
    for week in range(4):
        for hour in (8, 9, 10):
            BookingFactory.create(
                resource=resource,
                starts_at=dt.datetime(2026, 12, 7, hour, tzinfo=dt.UTC) + dt.timedelta(weeks=week),
            )
    with django_assert_num_queries(3):
        many = selectors.free_slots(resource=resource)
    assert len(many) == len(few) - 3 * 3  # three open Mondays (the 14th is closed)


def test_expired_holds_count_as_free(resource: Resource, citizen: Account, clock: Any) -> None:
    services.hold(resource=resource, starts_at=MONDAY_9, by=citizen, idempotency_key="form-1")
    assert MONDAY_9 not in [s.starts_at for s in selectors.free_slots(resource=resource)]
    clock.shift(dt.timedelta(minutes=6))
    assert selectors.free_slots(resource=resource)[0].starts_at == MONDAY_9


def test_an_inactive_resource_has_no_times_and_is_not_listed(resource: Resource) -> None:
    assert list(selectors.resources(service_at_location=resource.service_at_location)) == [resource]
    resource.active = False
    resource.save()
    assert selectors.free_slots(resource=resource) == []
    assert not selectors.resources(organisation=resource.organisation).exists()


@pytest.mark.usefixtures("no_booking_limit")
def test_my_bookings_are_mine_or_the_persons_i_help(
    resource: Resource, citizen: Account, clock: Any, django_assert_max_num_queries: Any
) -> None:
    mine = book_for_self(resource, citizen)
    later = book_for_self(resource, citizen, at(10))
    cancelled = services.cancel(booking=book_for_self(resource, citizen, at(11)), by=citizen)
    book_for_self(resource, factories.CitizenAccountFactory.create(), at(11, 30))
    with django_assert_max_num_queries(3):
        upcoming = selectors.my_bookings(user=citizen)
        places = [b.resource.service_at_location.location.addresses.all()[0] for b in upcoming]
    assert [b.pk for b in upcoming] == [mine.pk, later.pk] and len(places) == 2
    assert [b.pk for b in selectors.my_bookings(user=citizen, upcoming=False)] == [cancelled.pk]
    helper = helper_for(citizen, Action.READ)
    assert [b.pk for b in selectors.my_bookings(user=helper)] == [mine.pk, later.pk]
    assert selectors.my_bookings(user=factories.CitizenAccountFactory.create()) == []
    clock.move_to(at(12))
    past = selectors.my_bookings(user=citizen, upcoming=False)
    assert [b.pk for b in past] == [cancelled.pk, later.pk, mine.pk]


def test_one_booking_for_the_person_the_desk_and_nobody_else(
    resource: Resource, citizen: Account, desk: Account
) -> None:
    booking = book_for_self(resource, citizen)
    assert selectors.booking_for(user=citizen, booking_id=booking.pk) == booking
    assert not AccessLog.objects.exists()
    assert selectors.booking_for(user=desk, booking_id=booking.pk) == booking
    entry = AccessLog.objects.get()
    assert (entry.actor, entry.subject, entry.action, entry.object_type) == (
        desk,
        citizen.person,
        "read",
        "booking",
    )
    with pytest.raises(Booking.DoesNotExist):
        selectors.booking_for(user=factories.CitizenAccountFactory.create(), booking_id=booking.pk)
    with pytest.raises(Booking.DoesNotExist):
        selectors.booking_for(user=citizen, booking_id="5f0c7c3e-0000-4000-8000-000000000000")
    held = services.hold(resource=resource, starts_at=at(10), by=citizen, idempotency_key="h")
    with pytest.raises(Booking.DoesNotExist):
        selectors.booking_for(user=citizen, booking_id=held.pk)


def test_the_desks_day(
    resource: Resource, desk: Account, django_assert_max_num_queries: Any
) -> None:
    people = [factories.CitizenAccountFactory.create() for _ in range(3)]
    for hour, account in zip((11, 9, 10), people, strict=True):
        book_for_self(resource, account, at(hour))
    services.book(
        resource=resource,
        starts_at=at(9, 30),
        by=desk,
        idempotency_key="guest",
        guest=services.Guest("Ola Gjest"),
    )
    services.hold(resource=resource, starts_at=at(11, 30), by=desk, idempotency_key="held")
    BookingFactory.create(  # another day
        resource=resource, starts_at=dt.datetime(2026, 12, 14, 8, tzinfo=dt.UTC)
    )
    with django_assert_max_num_queries(6):
        day = selectors.desk_day(user=desk, resource=resource, day=MONDAY_9.date())
    assert [timezone.localtime(b.starts_at).strftime("%H:%M") for b in day] == [
        "09:00", "09:30", "10:00", "11:00",
    ]  # fmt: skip
    assert day[1].guest_name == "Ola Gjest" and day[1].status == Status.BOOKED
    assert AccessLog.objects.filter(actor=desk, object_type="booking.listed").count() == 3
    selectors.desk_day(user=desk, resource=resource, day=MONDAY_9.date())
    assert AccessLog.objects.filter(actor=desk, object_type="booking.listed").count() == 3
    assert selectors.desk_resources(user=desk) == [resource]


def test_the_desks_day_is_only_for_the_desk(resource: Resource, citizen: Account) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        selectors.desk_day(user=citizen, resource=resource, day=MONDAY_9.date())
    assert selectors.desk_resources(user=citizen) == []
