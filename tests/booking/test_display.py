"""The words the booking pages use for times and days (display.py): no queries."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.utils import translation

from kompanjong.booking import display, selectors
from kompanjong.booking.models import Resource
from kompanjong.booking.slots import OSLO
from tests.booking.factories import ResourceFactory, RuleFactory

AUTUMN = dt.date(2026, 10, 25)


@pytest.fixture(autouse=True)
def english() -> Any:
    with translation.override("en"):
        yield


def test_the_repeated_october_hour_reads_as_two_different_times(db: Any) -> None:
    resource: Resource = ResourceFactory.create(name="Nattevakt")
    RuleFactory.create(resource=resource, weekday=6, starts=dt.time(1), ends=dt.time(4))
    with time_machine.travel(dt.datetime(2026, 10, 20, 12, tzinfo=OSLO), tick=False):
        free = selectors.free_slots(resource=resource, first_day=AUTUMN, last_day=AUTUMN)
        labels = [
            choice.label
            for choice in display.time_choices(
                ((resource, slot) for slot in free), with_names=False
            )
        ]
    assert labels == [
        "01:00–01:30",
        "01:30–02:00",
        "02:00–02:30 (summer time)",
        "02:30–02:00 (summer time)",
        "02:00–02:30 (winter time)",
        "02:30–03:00 (winter time)",
        "03:00–03:30",
        "03:30–04:00",
    ]
    assert len(set(labels)) == len(labels)


def test_an_ordinary_time_has_no_season() -> None:
    start = dt.datetime(2026, 12, 7, 9, tzinfo=OSLO)
    assert display.span_text(start, start + dt.timedelta(minutes=30)) == "09:00–09:30"
    # 02:30 in the spring does not exist and 02:30 in the summer is not repeated.
    july = dt.datetime(2026, 7, 5, 2, 30, tzinfo=OSLO)
    assert display.span_text(july, july + dt.timedelta(minutes=30)) == "02:30–03:00"


def test_a_day_says_its_year_when_it_is_not_this_year() -> None:
    today = dt.date(2026, 12, 4)
    assert display.day_text(dt.date(2026, 12, 7), today) == "Monday December 7"
    assert display.day_text(dt.date(2027, 1, 4), today) == "Monday January 4, 2027"
    assert display.day_text(dt.date(2025, 12, 29), today) == "Monday December 29, 2025"
    with time_machine.travel(dt.datetime(2026, 12, 30, 12, tzinfo=OSLO), tick=False):
        assert display.day_text(dt.date(2027, 1, 4)) == "Monday January 4, 2027"
        start = dt.datetime(2027, 1, 4, 9, tzinfo=OSLO)
        when = display.when_text(start, start + dt.timedelta(minutes=30))
        assert when == "Monday January 4, 2027 at 09:00–09:30"
