"""What counts as unchecked: pure date rules, no database."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from kompanjong.directory.staleness import CHECK_EVERY, last_good_day, needs_check

TODAY = date(2025, 9, 12)


def test_six_months_is_183_days() -> None:
    assert timedelta(days=183) == CHECK_EVERY
    assert last_good_day(TODAY) == date(2025, 3, 13)


def test_never_checked_needs_a_check() -> None:
    assert needs_check(None, TODAY)


@pytest.mark.parametrize(
    ("days_ago", "expected"),
    [(0, False), (1, False), (182, False), (183, False), (184, True), (400, True)],
)
def test_a_check_counts_for_183_days(days_ago: int, expected: bool) -> None:
    assert needs_check(TODAY - timedelta(days=days_ago), TODAY) is expected


def test_six_calendar_months_give_or_take_a_day() -> None:
    checked = date(2025, 3, 12)
    assert not needs_check(checked, date(2025, 9, 11))  # six months less a day
    assert needs_check(checked, date(2025, 9, 13))  # six months and a day


def test_a_check_in_the_future_is_not_stale() -> None:
    assert not needs_check(TODAY + timedelta(days=3), TODAY)
