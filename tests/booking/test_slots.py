"""The free-slot rules, without a database: rules, exceptions, bookings and buffers,
notice and horizon, and the two daylight-saving switches of 2026."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, time, timedelta

import pytest

from kompanjong.booking.slots import (
    OSLO,
    Busy,
    DayException,
    Slot,
    Timing,
    WeeklyRule,
    free_slots,
    grid,
    next_free,
    wall_to_utc,
)

SPRING = date(2026, 3, 29)  # 02:00 → 03:00
AUTUMN = date(2026, 10, 25)  # 03:00 → 02:00
LONG_AGO = datetime(2026, 1, 1, tzinfo=UTC)
TIMING = Timing(max_days_ahead=400, channels=("in_person", "phone"))


def oslo(day: date, hour: int, minute: int = 0, fold: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, fold=fold, tzinfo=OSLO)


def local_times(slots: list[Slot]) -> list[str]:
    return [f"{s.local_start:%H:%M%z}" for s in slots]


def slots_on(
    day: date,
    rules: list[WeeklyRule],
    *,
    timing: Timing = TIMING,
    busy: list[Busy] | None = None,
    exceptions: list[DayException] | None = None,
    now: datetime = LONG_AGO,
    channel: str | None = None,
) -> list[Slot]:
    return free_slots(
        timing=timing,
        rules=rules,
        exceptions=exceptions or [],
        busy=busy or [],
        first_day=day,
        last_day=day,
        now=now,
        channel=channel,
    )


def assert_well_formed(slots: list[Slot], minutes: int = 30) -> None:
    starts = [s.starts_at for s in slots]
    assert len(set(starts)) == len(starts), "duplicate slots"
    assert starts == sorted(starts)
    for slot in slots:
        assert slot.starts_at.utcoffset() == timedelta(0)
        assert slot.ends_at - slot.starts_at == timedelta(minutes=minutes)
    for first, second in itertools.pairwise(slots):
        assert first.ends_at <= second.starts_at, "overlapping slots"


def test_a_monday_morning_in_half_hours() -> None:
    monday = date(2026, 12, 7)
    slots = slots_on(monday, [WeeklyRule(0, time(9), time(12))])
    assert local_times(slots) == [
        "09:00+0100", "09:30+0100", "10:00+0100", "10:30+0100", "11:00+0100", "11:30+0100",
    ]  # fmt: skip
    assert slots[0].starts_at == datetime(2026, 12, 7, 8, 0, tzinfo=UTC)
    assert_well_formed(slots)
    assert slots_on(monday + timedelta(days=1), [WeeklyRule(0, time(9), time(12))]) == []


def test_a_slot_that_does_not_fit_before_closing_is_not_offered() -> None:
    slots = slots_on(
        date(2026, 12, 7),
        [WeeklyRule(0, time(9), time(10, 15))],
        timing=Timing(slot_minutes=45, max_days_ahead=400),
    )
    assert local_times(slots) == ["09:00+0100"]


def test_the_buffer_is_free_time_after_each_booking() -> None:
    timing = Timing(slot_minutes=30, buffer_minutes=10, max_days_ahead=400)
    day = date(2026, 12, 7)
    rule = WeeklyRule(0, time(9), time(12))
    assert local_times(slots_on(day, [rule], timing=timing)) == [
        "09:00+0100", "09:40+0100", "10:20+0100", "11:00+0100",
    ]  # fmt: skip
    # Someone booked 10:00–10:30 straight into the table (+10 min buffer: busy until 10:40).
    busy = [Busy(oslo(day, 10), oslo(day, 10, 40))]
    assert local_times(slots_on(day, [rule], timing=timing, busy=busy)) == [
        "09:00+0100", "11:00+0100",
    ]  # fmt: skip
    # 09:40 would end 10:10 and its own buffer would run to 10:20, into that booking.


def test_bookings_take_their_slot_and_touching_ones_do_not_clash() -> None:
    day = date(2026, 12, 7)
    busy = [Busy(oslo(day, 9, 30), oslo(day, 10))]
    slots = slots_on(day, [WeeklyRule(0, time(9), time(11))], busy=busy)
    assert local_times(slots) == ["09:00+0100", "10:00+0100", "10:30+0100"]


def test_rules_with_dates_and_overlapping_rules() -> None:
    day = date(2026, 12, 7)
    rules = [
        WeeklyRule(0, time(9), time(10)),
        WeeklyRule(0, time(9, 30), time(11), channels=("phone",)),  # overlaps the first
        WeeklyRule(0, time(14), time(15), valid_to=date(2026, 12, 6)),  # no longer valid
        WeeklyRule(0, time(16), time(17), valid_from=date(2026, 12, 8)),  # not yet valid
    ]
    slots = slots_on(day, rules)
    assert local_times(slots) == [
        "09:00+0100", "09:30+0100", "10:00+0100", "10:30+0100",
    ]  # fmt: skip
    assert_well_formed(slots)
    assert [s.channels for s in slots] == [
        ("in_person", "phone"), ("in_person", "phone"), ("phone",), ("phone",),
    ]  # fmt: skip
    assert local_times(slots_on(day, rules, channel="in_person")) == ["09:00+0100", "09:30+0100"]


def test_a_rule_channel_the_resource_does_not_offer_gives_nothing() -> None:
    rules = [WeeklyRule(0, time(9), time(10), channels=("video",))]
    assert slots_on(date(2026, 12, 7), rules) == []


def test_exceptions_close_a_day_or_change_its_hours() -> None:
    day = date(2026, 12, 7)
    rule = WeeklyRule(0, time(9), time(12))
    assert slots_on(day, [rule], exceptions=[DayException(day)]) == []
    other_hours = [DayException(day, time(13), time(14))]
    assert local_times(slots_on(day, [rule], exceptions=other_hours)) == [
        "13:00+0100", "13:30+0100",
    ]  # fmt: skip
    closed_too = [*other_hours, DayException(day)]
    assert slots_on(day, [rule], exceptions=closed_too) == []
    # An exception opens a day without rules, too.
    tuesday = DayException(day + timedelta(days=1), time(10), time(11))
    assert len(slots_on(day + timedelta(days=1), [rule], exceptions=[tuesday])) == 2


def test_notice_and_horizon() -> None:
    rule = WeeklyRule(0, time(9), time(12))
    now = oslo(date(2026, 12, 7), 8, 45)  # Monday 08:45: two hours' notice → from 10:45
    timing = Timing(min_notice_hours=2, max_days_ahead=14)
    slots = free_slots(
        timing=timing,
        rules=[rule],
        exceptions=[],
        busy=[],
        first_day=date(2026, 12, 1),
        last_day=date(2027, 1, 31),
        now=now,
    )
    assert [f"{s.local_start:%m-%d %H:%M}" for s in slots][:2] == ["12-07 11:00", "12-07 11:30"]
    # Monday 21 December is the 14th day after; 28 December is too far ahead.
    assert {s.local_start.date() for s in slots} == {
        date(2026, 12, 7), date(2026, 12, 14), date(2026, 12, 21),
    }  # fmt: skip


def test_times_across_midnight_stay_on_their_day() -> None:
    rules = [WeeklyRule(0, time(22), time(23, 59))]
    slots = slots_on(date(2026, 12, 7), rules)
    assert local_times(slots)[0] == "22:00+0100" and local_times(slots)[-1] == "23:00+0100"


# --- Daylight saving --------------------------------------------------------------------------
def test_spring_a_morning_rule_is_still_nine_to_twelve_local() -> None:
    slots = slots_on(SPRING, [WeeklyRule(6, time(9), time(12))])
    assert local_times(slots) == [
        "09:00+0200", "09:30+0200", "10:00+0200", "10:30+0200", "11:00+0200", "11:30+0200",
    ]  # fmt: skip
    assert slots[0].starts_at == datetime(2026, 3, 29, 7, 0, tzinfo=UTC)
    assert_well_formed(slots)
    # The Sunday before is still winter time.
    before = slots_on(SPRING - timedelta(days=7), [WeeklyRule(6, time(9), time(12))])
    assert before[0].starts_at == datetime(2026, 3, 22, 8, 0, tzinfo=UTC)


def test_spring_no_slot_at_a_time_that_does_not_exist() -> None:
    slots = slots_on(SPRING, [WeeklyRule(6, time(1), time(4))])
    assert local_times(slots) == ["01:00+0100", "01:30+0100", "03:00+0200", "03:30+0200"]
    assert_well_formed(slots)
    # 01:30 winter time to 03:00 summer time is 30 real minutes: one slot, not a gap.
    assert slots[1].local_end == oslo(SPRING, 3)


def test_spring_rules_that_start_or_end_in_the_gap_start_or_end_at_the_switch() -> None:
    starts_in_gap = slots_on(SPRING, [WeeklyRule(6, time(2, 30), time(4))])
    assert local_times(starts_in_gap) == ["03:00+0200", "03:30+0200"]
    ends_in_gap = slots_on(SPRING, [WeeklyRule(6, time(1), time(2, 30))])
    assert local_times(ends_in_gap) == ["01:00+0100", "01:30+0100"]
    assert slots_on(SPRING, [WeeklyRule(6, time(2), time(2, 45))]) == []
    assert wall_to_utc(SPRING, time(2, 15)) == datetime(2026, 3, 29, 1, 0, tzinfo=UTC)


def test_autumn_the_repeated_hour_gives_each_real_half_hour_once() -> None:
    slots = slots_on(AUTUMN, [WeeklyRule(6, time(1), time(4))])
    assert local_times(slots) == [
        "01:00+0200", "01:30+0200",
        "02:00+0200", "02:30+0200",  # summer time
        "02:00+0100", "02:30+0100",  # the same hour again, winter time
        "03:00+0100", "03:30+0100",
    ]  # fmt: skip
    assert_well_formed(slots)
    assert [s.local_start.fold for s in slots[2:6]] == [0, 0, 1, 1]
    # 02:30 summer time ends at 02:00 winter time: 30 real minutes.
    assert slots[3].ends_at - slots[3].starts_at == timedelta(minutes=30)


def test_autumn_a_morning_rule_is_still_nine_to_twelve_local() -> None:
    slots = slots_on(AUTUMN, [WeeklyRule(6, time(9), time(12))])
    assert local_times(slots)[0] == "09:00+0100" and len(slots) == 6
    assert slots[0].starts_at == datetime(2026, 10, 25, 8, 0, tzinfo=UTC)
    assert_well_formed(slots)


def test_autumn_a_booking_in_the_first_two_oclock_leaves_the_second_free() -> None:
    rule = WeeklyRule(6, time(1), time(4))
    busy = [Busy(oslo(AUTUMN, 2, fold=0), oslo(AUTUMN, 2, 30, fold=0))]
    slots = slots_on(AUTUMN, [rule], busy=busy)
    assert "02:00+0200" not in local_times(slots)
    assert "02:00+0100" in local_times(slots)
    assert len(slots) == 7


def test_ambiguous_rule_boundaries_use_the_first_occurrence() -> None:
    assert wall_to_utc(AUTUMN, time(2, 30)) == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
    slots = slots_on(AUTUMN, [WeeklyRule(6, time(2), time(3))])
    # 02:00 summer time until 03:00 winter time: two real hours.
    assert len(slots) == 4
    assert_well_formed(slots)


def test_grid_over_a_whole_year_never_overlaps() -> None:
    rules = [WeeklyRule(day, time(0), time(23, 30)) for day in range(7)]
    slots = grid(
        timing=Timing(slot_minutes=45, buffer_minutes=5),
        rules=rules,
        exceptions=[],
        first_day=date(2026, 1, 1),
        last_day=date(2026, 12, 31),
    )
    assert_well_formed(slots, minutes=45)


def test_next_free_prefers_times_after_the_taken_one() -> None:
    day = date(2026, 12, 7)
    slots = slots_on(day, [WeeklyRule(0, time(9), time(12))])
    assert local_times(next_free(slots, oslo(day, 10), limit=2)) == ["10:00+0100", "10:30+0100"]
    assert local_times(next_free(slots, oslo(day, 13), limit=2)) == ["09:00+0100", "09:30+0100"]
    assert next_free([], oslo(day, 10)) == []


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError, match="naive"):
        slots_on(date(2026, 12, 7), [], now=datetime(2026, 12, 1, 9, 0))
