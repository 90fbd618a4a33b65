"""Fixtures for booking: a clock stopped on a Friday, a helper's calendar open on Monday
mornings, the citizen, a desk worker, and lifting the limit of upcoming times per person."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine

from kompanjong.booking import services
from kompanjong.booking.models import Resource
from kompanjong.people.models import Account
from tests import factories
from tests.booking.factories import ResourceFactory, RuleFactory, desk_staff

OSLO = dt.timezone(dt.timedelta(hours=1))  # December: CET
# Friday 4 December 2026, 10:00 in Oslo. The next Monday 09:00 Oslo is 08:00 UTC.
NOW = dt.datetime(2026, 12, 4, 10, 0, tzinfo=OSLO)
MONDAY_9 = dt.datetime(2026, 12, 7, 9, 0, tzinfo=OSLO)


def at(hour: int, minute: int = 0, day: dt.datetime = MONDAY_9) -> dt.datetime:
    return day.replace(hour=hour, minute=minute)


@pytest.fixture
def no_booking_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    """For tests that need one person to have many upcoming times (lists, query counts)."""
    monkeypatch.setattr(services, "MAX_BOOKED_HERE", 100)
    monkeypatch.setattr(services, "MAX_BOOKED", 100)


@pytest.fixture
def clock() -> Iterator[Any]:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def resource(db: Any, clock: Any) -> Resource:
    """Nora Berg's calendar: Mondays 09:00–12:00, 30-minute times, in person or by phone."""
    resource = ResourceFactory.create(name="Nora Berg")
    RuleFactory.create(resource=resource, weekday=0)
    return resource


@pytest.fixture
def citizen(db: Any) -> Account:
    return factories.CitizenAccountFactory.create()


@pytest.fixture
def desk(resource: Resource) -> Account:
    return desk_staff(resource.organisation)
