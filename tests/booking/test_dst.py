"""The daylight-saving Sundays of 2026 through the services and selectors: what is offered,
what can be booked, and that nothing overlaps or has the wrong length."""

from __future__ import annotations

import datetime as dt
import itertools
import uuid
from typing import Any

import pytest
import time_machine

from kompanjong.booking import selectors, services
from kompanjong.booking.models import Booking, Resource
from kompanjong.booking.services import BookingError, SlotTaken
from kompanjong.booking.slots import OSLO
from kompanjong.people.models import Account
from tests import factories
from tests.booking.factories import ResourceFactory, RuleFactory

pytestmark = pytest.mark.django_db

SPRING = dt.date(2026, 3, 29)
AUTUMN = dt.date(2026, 10, 25)


def oslo(day: dt.date, hour: int, minute: int = 0, fold: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, fold=fold, tzinfo=OSLO)


@pytest.fixture
def night_owl(db: Any) -> Resource:
    """Sundays 01:00–04:00 and 09:00–12:00."""
    resource = ResourceFactory.create(name="Nattevakt")
    RuleFactory.create(resource=resource, weekday=6, starts=dt.time(1), ends=dt.time(4))
    RuleFactory.create(resource=resource, weekday=6, starts=dt.time(9), ends=dt.time(12))
    return resource


def book(resource: Resource, starts_at: dt.datetime, account: Account | None = None) -> Booking:
    account = account or factories.CitizenAccountFactory.create()
    return services.book(
        resource=resource,
        starts_at=starts_at,
        by=account,
        idempotency_key=uuid.uuid4().hex,
        person=account.person,
    )


def assert_no_overlaps(resource: Resource) -> None:
    rows = list(Booking.objects.filter(resource=resource).order_by("starts_at"))
    for row in rows:
        assert row.ends_at - row.starts_at == dt.timedelta(minutes=30)
    for first, second in itertools.pairwise(rows):
        assert first.blocks_until <= second.starts_at


def test_spring_slots_and_bookings(night_owl: Resource) -> None:
    with time_machine.travel(dt.datetime(2026, 3, 20, 12, tzinfo=OSLO), tick=False):
        free = selectors.free_slots(resource=night_owl, first_day=SPRING, last_day=SPRING)
        assert [f"{s.local_start:%H:%M%z}" for s in free] == [
            "01:00+0100", "01:30+0100", "03:00+0200", "03:30+0200",
            "09:00+0200", "09:30+0200", "10:00+0200", "10:30+0200", "11:00+0200", "11:30+0200",
        ]  # fmt: skip
        with pytest.raises(BookingError, match="not_a_slot"):
            book(night_owl, oslo(SPRING, 2, 30))  # 02:30 does not exist that night
        late = book(night_owl, oslo(SPRING, 1, 30))
        assert late.ends_at.astimezone(OSLO) == oslo(SPRING, 3)
        book(night_owl, oslo(SPRING, 3))
        morning = book(night_owl, oslo(SPRING, 9))
        assert morning.starts_at == dt.datetime(2026, 3, 29, 7, 0, tzinfo=dt.UTC)
        assert_no_overlaps(night_owl)
        left = selectors.free_slots(resource=night_owl, first_day=SPRING, last_day=SPRING)
        assert len(left) == 7


def test_autumn_both_two_oclocks_can_be_booked_once_each(night_owl: Resource) -> None:
    with time_machine.travel(dt.datetime(2026, 10, 20, 12, tzinfo=OSLO), tick=False):
        free = selectors.free_slots(resource=night_owl, first_day=AUTUMN, last_day=AUTUMN)
        assert len(free) == 8 + 6
        summer = book(night_owl, oslo(AUTUMN, 2, fold=0))
        winter = book(night_owl, oslo(AUTUMN, 2, fold=1))
        assert winter.starts_at - summer.starts_at == dt.timedelta(hours=1)
        with pytest.raises(SlotTaken) as taken:
            book(night_owl, oslo(AUTUMN, 2, fold=1))
        # (In UTC: Python never finds a time in the repeated hour equal to one in another zone.)
        assert taken.value.next_free[0].starts_at == oslo(AUTUMN, 2, 30, fold=1).astimezone(dt.UTC)
        book(night_owl, oslo(AUTUMN, 2, 30, fold=0))
        book(night_owl, oslo(AUTUMN, 2, 30, fold=1))
        assert_no_overlaps(night_owl)
        left = selectors.free_slots(resource=night_owl, first_day=AUTUMN, last_day=AUTUMN)
        assert [f"{s.local_start:%H:%M%z}" for s in left][:4] == [
            "01:00+0200", "01:30+0200", "03:00+0100", "03:30+0100",
        ]  # fmt: skip


def test_moving_across_the_autumn_switch_keeps_the_length(night_owl: Resource) -> None:
    with time_machine.travel(dt.datetime(2026, 10, 20, 12, tzinfo=OSLO), tick=False):
        account = factories.CitizenAccountFactory.create()
        booking = book(night_owl, oslo(AUTUMN, 1, 30), account)
        moved = services.move(
            booking=booking, new_starts_at=oslo(AUTUMN, 2, 30, fold=1), by=account
        )
        assert moved.starts_at == dt.datetime(2026, 10, 25, 1, 30, tzinfo=dt.UTC)
        assert moved.ends_at - moved.starts_at == dt.timedelta(minutes=30)
        assert moved.sequence == 1


def test_a_buffer_across_the_spring_switch(db: Any) -> None:
    resource = ResourceFactory.create(buffer_minutes=30)
    RuleFactory.create(resource=resource, weekday=6, starts=dt.time(1), ends=dt.time(5))
    with time_machine.travel(dt.datetime(2026, 3, 20, 12, tzinfo=OSLO), tick=False):
        free = selectors.free_slots(resource=resource, first_day=SPRING, last_day=SPRING)
        # A slot every real hour: 01:00 winter, then 03:00 and 04:00 summer (02:00 is gone).
        assert [f"{s.local_start:%H:%M%z}" for s in free] == [
            "01:00+0100", "03:00+0200", "04:00+0200",
        ]  # fmt: skip
        first = book(resource, oslo(SPRING, 1))
        assert first.blocks_until.astimezone(OSLO) == oslo(SPRING, 3)
        book(resource, oslo(SPRING, 3))
        assert_no_overlaps(resource)
