"""Opening hours as pure rules: no database, wall-clock times in Europe/Oslo."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kompanjong.directory import opening
from kompanjong.directory.opening import OSLO

UTC = dt.UTC
T10, T15 = dt.time(10), dt.time(15)
MONDAY = dt.date(2026, 1, 5)  # a plain week: Monday 5 January 2026


@dataclass(frozen=True)
class Rule:
    freq: str = "WEEKLY"
    byday: str = "MO,TU,WE,TH,FR"
    opens_at: dt.time | None = T10
    closes_at: dt.time | None = T15
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    attending_type: str = "drop_in"
    description: str = ""
    interval: int | None = None
    dtstart: dt.date | None = None


def closed(day: dt.date, note: str = "") -> Rule:
    return Rule(freq="", byday="", opens_at=None, closes_at=None, valid_from=day, valid_to=day,
                description=note)  # fmt: skip


def other_hours(day: dt.date, opens: dt.time, closes: dt.time) -> Rule:
    return Rule(freq="", byday="", opens_at=opens, closes_at=closes, valid_from=day, valid_to=day)


def oslo(day: dt.date, hour: int, minute: int = 0, second: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute, second), tzinfo=OSLO)


WEEKDAYS = [Rule()]


# --- Hours on a date -----------------------------------------------------------------------


def test_weekly_rule_gives_the_hours_on_its_days_only() -> None:
    hours = opening.hours_on(WEEKDAYS, MONDAY)
    assert [(o.opens_at, o.closes_at) for o in hours.openings] == [(T10, T15)]
    assert not hours.exception
    assert opening.hours_on(WEEKDAYS, MONDAY + dt.timedelta(days=5)).closed  # Saturday


def test_byday_is_read_leniently() -> None:
    rules = [Rule(byday=" mo , we ")]
    assert not opening.hours_on(rules, MONDAY).closed
    assert opening.hours_on(rules, MONDAY + dt.timedelta(days=1)).closed
    assert not opening.hours_on(rules, MONDAY + dt.timedelta(days=2)).closed


def test_two_stretches_on_one_day_come_in_time_order() -> None:
    rules = [Rule(opens_at=dt.time(13), closes_at=dt.time(15)), Rule(closes_at=dt.time(12))]
    hours = opening.hours_on(rules, MONDAY)
    assert [o.opens_at for o in hours.openings] == [T10, dt.time(13)]


def test_a_closed_day_overrides_the_weekly_rule() -> None:
    christmas_eve = dt.date(2026, 12, 24)  # a Thursday
    rules = [*WEEKDAYS, closed(christmas_eve, "Stengt julaften.")]
    hours = opening.hours_on(rules, christmas_eve)
    assert hours.closed and hours.exception and hours.note == "Stengt julaften."
    assert not opening.hours_on(rules, dt.date(2026, 12, 23)).closed


def test_other_hours_on_a_date_replace_the_weekly_ones() -> None:
    short_day = dt.date(2026, 12, 23)
    rules = [*WEEKDAYS, other_hours(short_day, dt.time(9), dt.time(12))]
    hours = opening.hours_on(rules, short_day)
    assert [(o.opens_at, o.closes_at) for o in hours.openings] == [(dt.time(9), dt.time(12))]
    assert hours.exception


def test_an_exception_can_open_a_day_that_is_usually_closed() -> None:
    saturday = MONDAY + dt.timedelta(days=5)
    rules = [*WEEKDAYS, other_hours(saturday, dt.time(11), dt.time(14))]
    assert not opening.hours_on(rules, saturday).closed


def test_an_exception_may_cover_several_days() -> None:
    rules = [*WEEKDAYS, Rule(freq="", opens_at=None, closes_at=None, valid_from=MONDAY,
                             valid_to=MONDAY + dt.timedelta(days=2))]  # fmt: skip
    assert [opening.hours_on(rules, MONDAY + dt.timedelta(days=n)).closed for n in range(4)] == [
        True,
        True,
        True,
        False,
    ]


def test_weekly_rule_holds_only_while_valid() -> None:
    rules = [Rule(valid_from=MONDAY + dt.timedelta(days=1), valid_to=MONDAY + dt.timedelta(days=2))]
    assert opening.hours_on(rules, MONDAY).closed
    assert not opening.hours_on(rules, MONDAY + dt.timedelta(days=1)).closed
    assert not opening.hours_on(rules, MONDAY + dt.timedelta(days=2)).closed
    assert opening.hours_on(rules, MONDAY + dt.timedelta(days=3)).closed


def test_every_other_week() -> None:
    rules = [Rule(byday="MO", interval=2, dtstart=MONDAY)]
    assert not opening.hours_on(rules, MONDAY).closed
    assert opening.hours_on(rules, MONDAY + dt.timedelta(days=7)).closed
    assert not opening.hours_on(rules, MONDAY + dt.timedelta(days=14)).closed


def test_rules_we_do_not_understand_are_left_out() -> None:
    assert opening.hours_on([Rule(freq="MONTHLY")], MONDAY).closed
    assert opening.hours_on([Rule(opens_at=None)], MONDAY).closed


# --- Open now ------------------------------------------------------------------------------


def test_open_from_opening_time_until_just_before_closing() -> None:
    assert not opening.is_open(WEEKDAYS, oslo(MONDAY, 9, 59, 59))
    assert opening.is_open(WEEKDAYS, oslo(MONDAY, 10))
    assert opening.is_open(WEEKDAYS, oslo(MONDAY, 14, 59, 59))
    assert not opening.is_open(WEEKDAYS, oslo(MONDAY, 15))


def test_open_now_at_an_instant_given_in_utc() -> None:
    # 09:30 UTC in January is 10:30 in Oslo (UTC+1); 14:30 UTC is 15:30.
    assert opening.is_open(WEEKDAYS, dt.datetime(2026, 1, 5, 9, 30, tzinfo=UTC))
    assert not opening.is_open(WEEKDAYS, dt.datetime(2026, 1, 5, 14, 30, tzinfo=UTC))
    # 23:30 UTC on Sunday is already 00:30 on Monday in Oslo: still closed, and on Monday.
    sunday_night = dt.datetime(2026, 1, 4, 23, 30, tzinfo=UTC)
    assert not opening.is_open(WEEKDAYS, sunday_night)
    assert opening.next_opening(WEEKDAYS, sunday_night) == opening.Opening(MONDAY, T10, T15)


def test_naive_datetimes_are_refused() -> None:
    try:
        opening.is_open(WEEKDAYS, dt.datetime(2026, 1, 5, 10))
    except ValueError:
        return
    raise AssertionError("a naive datetime was accepted")


def test_summer_time_starts_and_the_hours_stay_on_the_clock() -> None:
    sunday = dt.date(2026, 3, 29)  # clocks go from 02:00 to 03:00
    rules = [Rule(byday="SU")]
    # 10:00 in Oslo is 08:00 UTC that day (UTC+2), not 09:00.
    assert not opening.is_open(rules, dt.datetime(2026, 3, 29, 7, 59, tzinfo=UTC))
    assert opening.is_open(rules, dt.datetime(2026, 3, 29, 8, 0, tzinfo=UTC))
    assert opening.is_open(rules, dt.datetime(2026, 3, 29, 12, 59, tzinfo=UTC))
    assert not opening.is_open(rules, dt.datetime(2026, 3, 29, 13, 0, tzinfo=UTC))
    only = opening.hours_on(rules, sunday).openings[0]
    assert only.start.astimezone(UTC).hour == 8 and only.end.astimezone(UTC).hour == 13


def test_summer_time_ends_and_the_hours_stay_on_the_clock() -> None:
    rules = [Rule(byday="SU")]  # 25 October 2026: clocks go from 03:00 back to 02:00
    assert not opening.is_open(rules, dt.datetime(2026, 10, 25, 8, 59, tzinfo=UTC))
    assert opening.is_open(rules, dt.datetime(2026, 10, 25, 9, 0, tzinfo=UTC))
    assert opening.is_open(rules, dt.datetime(2026, 10, 25, 13, 59, tzinfo=UTC))
    assert not opening.is_open(rules, dt.datetime(2026, 10, 25, 14, 0, tzinfo=UTC))


def test_a_whole_day_is_one_hour_shorter_and_longer_when_the_clocks_change() -> None:
    rules = [Rule(byday="SU", opens_at=dt.time(0), closes_at=dt.time(0))]
    spring = opening.hours_on(rules, dt.date(2026, 3, 29)).openings[0]
    autumn = opening.hours_on(rules, dt.date(2026, 10, 25)).openings[0]
    # Subtracting in one zone counts by the clock; in UTC it counts real hours.
    assert spring.end.astimezone(UTC) - spring.start.astimezone(UTC) == dt.timedelta(hours=23)
    assert autumn.end.astimezone(UTC) - autumn.start.astimezone(UTC) == dt.timedelta(hours=25)


def test_closing_at_midnight_means_the_end_of_the_day() -> None:
    rules = [Rule(byday="MO", opens_at=dt.time(18), closes_at=dt.time(0))]
    assert opening.is_open(rules, oslo(MONDAY, 23, 59, 59))
    assert not opening.is_open(rules, oslo(MONDAY + dt.timedelta(days=1), 0))


def test_the_hour_the_clocks_are_set_back_is_compared_as_real_time() -> None:
    rules = [Rule(byday="SU", opens_at=dt.time(1), closes_at=dt.time(2, 30))]
    autumn = dt.date(2026, 10, 25)
    # 02:15 happens twice: first in summer time (00:15 UTC), then in winter time (01:15 UTC).
    # Closing at 02:30 is taken as the first 02:30 (00:30 UTC).
    assert opening.is_open(rules, dt.datetime(2026, 10, 25, 0, 15, tzinfo=UTC))
    assert not opening.is_open(rules, dt.datetime(2026, 10, 25, 1, 15, tzinfo=UTC))
    assert opening.is_open(rules, oslo(autumn, 2, 15))


def test_hours_past_midnight_count_on_the_next_morning() -> None:
    rules = [Rule(byday="FR", opens_at=dt.time(22), closes_at=dt.time(2))]
    friday = MONDAY + dt.timedelta(days=4)
    saturday = friday + dt.timedelta(days=1)
    assert opening.is_open(rules, oslo(saturday, 1, 30))
    assert not opening.is_open(rules, oslo(saturday, 2))
    assert opening.current_opening(rules, oslo(saturday, 1)) == opening.Opening(
        friday, dt.time(22), dt.time(2)
    )


# --- Open this week, next opening ----------------------------------------------------------


def test_open_this_week_looks_seven_days_from_today() -> None:
    fridays = [Rule(byday="FR")]
    friday = MONDAY + dt.timedelta(days=4)
    assert opening.open_this_week(fridays, oslo(MONDAY, 12))
    assert opening.open_this_week(fridays, oslo(friday, 9))
    # Friday afternoon: today's hours are over and next Friday is the eighth day.
    assert not opening.open_this_week(fridays, oslo(friday, 16))
    assert opening.open_this_week(fridays, oslo(friday + dt.timedelta(days=1), 12))


def test_not_open_this_week_when_every_day_is_an_exception() -> None:
    rules = [*WEEKDAYS, *(closed(MONDAY + dt.timedelta(days=n)) for n in range(5))]
    assert not opening.open_this_week(rules, oslo(MONDAY, 8))
    assert not opening.open_this_week([], oslo(MONDAY, 8))


def test_next_opening_skips_the_weekend_and_closed_days() -> None:
    friday = MONDAY + dt.timedelta(days=4)
    next_monday = MONDAY + dt.timedelta(days=7)
    rules = [*WEEKDAYS, closed(next_monday)]
    found = opening.next_opening(rules, oslo(friday, 16))
    assert found == opening.Opening(next_monday + dt.timedelta(days=1), T10, T15)


def test_next_opening_is_the_one_going_on_and_next_start_the_one_after() -> None:
    assert opening.next_opening(WEEKDAYS, oslo(MONDAY, 12)) == opening.Opening(MONDAY, T10, T15)
    after = opening.next_start(WEEKDAYS, oslo(MONDAY, 12))
    assert after == opening.Opening(MONDAY + dt.timedelta(days=1), T10, T15)


def test_no_next_opening_without_hours() -> None:
    assert opening.next_opening([], oslo(MONDAY, 12)) is None
    ended = [Rule(valid_to=MONDAY - dt.timedelta(days=1))]
    assert opening.next_opening(ended, oslo(MONDAY, 12)) is None


def test_week_and_the_exceptions_ahead() -> None:
    rules = [*WEEKDAYS, closed(MONDAY + dt.timedelta(days=16))]
    days = opening.week(rules, MONDAY)
    assert [d.closed for d in days] == [False] * 5 + [True] * 2
    assert [d.day for d in opening.exceptions_between(rules, MONDAY, 28)] == [
        MONDAY + dt.timedelta(days=16)
    ]


# --- Drop-in or appointment ----------------------------------------------------------------


def test_drop_in_now_and_appointment_only() -> None:
    mornings_by_appointment = Rule(closes_at=dt.time(12), attending_type="appointment")
    afternoons_drop_in = Rule(opens_at=dt.time(12), closes_at=T15)
    rules = [mornings_by_appointment, afternoons_drop_in]
    assert not opening.drop_in_now(rules, oslo(MONDAY, 11))
    assert opening.drop_in_now(rules, oslo(MONDAY, 13))
    assert opening.offers_drop_in(rules, MONDAY)
    assert not opening.appointment_only(rules, MONDAY)
    assert opening.appointment_only([mornings_by_appointment], MONDAY)
    assert not opening.offers_drop_in([mornings_by_appointment], MONDAY)


def test_rules_that_ended_do_not_count_for_drop_in() -> None:
    old_drop_in = Rule(valid_to=MONDAY - dt.timedelta(days=1))
    by_appointment = Rule(attending_type="appointment")
    assert opening.appointment_only([old_drop_in, by_appointment], MONDAY)
    assert not opening.appointment_only([], MONDAY)


# --- Schedules kept on several levels ------------------------------------------------------


def test_weekly_hours_come_from_the_most_specific_level_and_exceptions_from_all() -> None:
    at_location = Rule(byday="MO")
    of_service = Rule(byday="TU")
    building_closed = closed(MONDAY)
    rules = opening.effective_rules([[at_location], [of_service], [building_closed]])
    assert rules == [at_location, opening.Narrowing(building_closed)]
    assert opening.hours_on(rules, MONDAY).closed
    assert opening.effective_rules([[], [of_service], [Rule(byday="WE")]]) == [of_service]


# A library (the location) open Monday to Saturday, with a short day and an extra evening; a
# service in it that runs on Mondays and Wednesdays only (its own hours, the most specific).
SATURDAY = MONDAY + dt.timedelta(days=5)
WEDNESDAY = MONDAY + dt.timedelta(days=2)
SERVICE_HOURS = [Rule(byday="MO,WE", opens_at=dt.time(12), closes_at=dt.time(16))]


def spans(hours: opening.DayHours) -> list[tuple[dt.time, dt.time]]:
    return [(o.opens_at, o.closes_at) for o in hours.openings]


def test_a_place_exception_never_opens_a_service_on_a_day_it_does_not_run() -> None:
    library_open_saturday = other_hours(SATURDAY, dt.time(10), dt.time(14))
    rules = opening.effective_rules([SERVICE_HOURS, [], [library_open_saturday]])
    assert opening.hours_on(rules, SATURDAY).closed
    assert not opening.hours_on(rules, SATURDAY).exception  # nothing changed for the service
    assert opening.exceptions_between(rules, MONDAY, 7) == []
    assert not opening.is_open(rules, oslo(SATURDAY, 11))


def test_a_place_exception_can_shorten_or_close_the_service_hours() -> None:
    short_day = other_hours(MONDAY, dt.time(10), dt.time(14))
    closed_wednesday = closed(WEDNESDAY, "Stengt for kurs.")
    rules = opening.effective_rules([SERVICE_HOURS, [], [short_day, closed_wednesday]])
    monday = opening.hours_on(rules, MONDAY)
    assert spans(monday) == [(dt.time(12), dt.time(14))] and monday.exception
    wednesday = opening.hours_on(rules, WEDNESDAY)
    assert wednesday.closed and wednesday.note == "Stengt for kurs."
    # A longer day at the library does not make the service open longer.
    long_day = other_hours(MONDAY, dt.time(8), dt.time(20))
    longer = opening.effective_rules([SERVICE_HOURS, [], [long_day]])
    assert spans(opening.hours_on(longer, MONDAY)) == [(dt.time(12), dt.time(16))]
    assert not opening.hours_on(longer, MONDAY).exception


def test_a_service_exception_narrows_hours_kept_at_the_place_too() -> None:
    service_closed = closed(MONDAY)
    rules = opening.effective_rules([SERVICE_HOURS, [service_closed], []])
    assert opening.hours_on(rules, MONDAY).closed


def test_only_the_level_of_the_weekly_hours_or_a_more_specific_one_may_open_a_day() -> None:
    own_saturday = other_hours(SATURDAY, dt.time(11), dt.time(13))
    rules = opening.effective_rules([[*SERVICE_HOURS, own_saturday], [], []])
    assert spans(opening.hours_on(rules, SATURDAY)) == [(dt.time(11), dt.time(13))]
    # Hours kept on the service (as imports do): its own exceptions may open a day too ...
    service_level = opening.effective_rules([[], [*SERVICE_HOURS, own_saturday], []])
    assert not opening.hours_on(service_level, SATURDAY).closed
    # ... and with no weekly hours at all, the most specific exceptions set the hours.
    dates_only = opening.effective_rules([[own_saturday], [], [closed(MONDAY)]])
    assert not opening.hours_on(dates_only, SATURDAY).closed


def test_an_own_exception_is_still_narrowed_by_a_closed_building() -> None:
    own_saturday = other_hours(SATURDAY, dt.time(11), dt.time(13))
    rules = opening.effective_rules([[*SERVICE_HOURS, own_saturday], [], [closed(SATURDAY)]])
    assert opening.hours_on(rules, SATURDAY).closed


def test_a_narrowing_exception_with_drop_in_does_not_make_a_service_drop_in() -> None:
    by_appointment = [Rule(attending_type="appointment")]
    library_day = other_hours(MONDAY, dt.time(8), dt.time(20))
    rules = opening.effective_rules([by_appointment, [], [library_day]])
    assert opening.appointment_only(rules, MONDAY)


def test_narrowing_keeps_hours_that_run_past_midnight() -> None:
    night = [Rule(byday="FR", opens_at=dt.time(22), closes_at=dt.time(2))]
    friday = MONDAY + dt.timedelta(days=4)
    until_one = other_hours(friday, dt.time(20), dt.time(1))
    rules = opening.effective_rules([night, [], [until_one]])
    assert spans(opening.hours_on(rules, friday)) == [(dt.time(22), dt.time(1))]


def test_byday_codes_are_normalised() -> None:
    assert opening.day_codes("MO, we,FR ,") == ["MO", "WE", "FR"]
    assert opening.day_codes("SU,MO,MO") == ["MO", "SU"]
    assert opening.normalised_byday(" mo, WE ,fr") == "MO,WE,FR"
    assert opening.normalised_byday("") == ""
