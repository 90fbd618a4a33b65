"""What the database and the model checks refuse on their own."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from kompanjong.booking.models import AvailabilityException, AvailabilityRule, Resource, Status
from tests.booking.factories import BookingFactory, ResourceFactory

pytestmark = pytest.mark.django_db


def test_channels_and_languages_are_checked(resource: Resource) -> None:
    resource.full_clean()
    resource.channels = ["in_person", "carrier_pigeon"]
    with pytest.raises(ValidationError, match="Choose among"):
        resource.full_clean()
    resource.channels = ["video"]
    resource.languages = ["nb", "norsk"]
    with pytest.raises(ValidationError, match="two or three letters"):
        resource.full_clean()
    rule = AvailabilityRule(
        resource=resource, weekday=0, starts=dt.time(9), ends=dt.time(10), channels="phone"
    )
    with pytest.raises(ValidationError):
        rule.full_clean()


@pytest.mark.parametrize(
    ("model", "fields"),
    [
        (AvailabilityRule, {"weekday": 0, "starts": dt.time(10), "ends": dt.time(9)}),
        (AvailabilityRule, {"weekday": 7, "starts": dt.time(9), "ends": dt.time(10)}),
        (AvailabilityException, {"date": dt.date(2026, 12, 24), "starts": dt.time(10)}),
        (
            AvailabilityException,
            {"date": dt.date(2026, 12, 24), "starts": dt.time(10), "ends": dt.time(9)},
        ),
    ],
)
def test_rules_that_make_no_sense_are_refused(model: Any, fields: dict[str, Any]) -> None:
    resource = ResourceFactory.create()
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.create(resource=resource, **fields)


@pytest.mark.parametrize(
    "fields",
    [
        {"ends_at": dt.datetime(2026, 12, 7, 8, tzinfo=dt.UTC)},  # no length
        {"status": Status.HELD, "hold_expires_at": None},  # a hold that never expires
        {"person": None, "guest_name": ""},  # booked for nobody
    ],
)
def test_bookings_that_make_no_sense_are_refused(fields: dict[str, Any]) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        BookingFactory.create(**fields)


def test_a_closed_day_reads_as_closed(resource: Resource) -> None:
    closed = AvailabilityException.objects.create(resource=resource, date=dt.date(2026, 12, 24))
    assert closed.closed and "closed" in str(closed)
    assert closed.as_exception().closed
