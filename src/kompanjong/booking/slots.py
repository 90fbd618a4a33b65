"""Which times a resource (a helper's calendar, a desk) can be booked. Pure: no database.

Opening rules are wall-clock times in Europe/Oslo; everything this module returns, and all
arithmetic in it, is in UTC. Two reasons:

- a wall-clock window is turned into a real stretch of time once, at its two ends, and the
  slots are laid out in real time inside it: a 30-minute slot is 30 minutes long even across a
  daylight-saving switch, there is never a slot at a time that does not exist (02:30 on the
  last Sunday of March), and the hour that happens twice (02:00–03:00 on the last Sunday of
  October) gives each real half hour once — no duplicates, no overlaps;
- Python compares and subtracts two datetimes with the *same* tzinfo by their wall-clock
  values, ignoring the offset, so in Oslo time 02:00 summer and 02:00 winter would be equal.
  In UTC they never are.

Show a slot with `slot.local_start` (Europe/Oslo, with `fold` set for the repeated hour).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

OSLO = ZoneInfo("Europe/Oslo")


@dataclass(frozen=True, slots=True)
class Timing:
    """A resource's booking settings."""

    slot_minutes: int = 30
    buffer_minutes: int = 0  # free time after each booking
    min_notice_hours: int = 2
    max_days_ahead: int = 28
    channels: tuple[str, ...] = ("in_person",)

    @property
    def length(self) -> timedelta:
        return timedelta(minutes=self.slot_minutes)

    @property
    def buffer(self) -> timedelta:
        return timedelta(minutes=self.buffer_minutes)


@dataclass(frozen=True, slots=True)
class WeeklyRule:
    """Open on `weekday` (0 = Monday) from `starts` to `ends`, wall clock."""

    weekday: int
    starts: time
    ends: time
    valid_from: date | None = None
    valid_to: date | None = None  # inclusive
    channels: tuple[str, ...] = ()  # empty: every channel the resource offers

    def applies_on(self, day: date) -> bool:
        return (
            day.weekday() == self.weekday
            and (self.valid_from is None or self.valid_from <= day)
            and (self.valid_to is None or day <= self.valid_to)
        )


@dataclass(frozen=True, slots=True)
class DayException:
    """On `day` the weekly rules do not apply: closed, or open from `starts` to `ends`.
    Several exceptions for one day add up; any closed one closes the day."""

    day: date
    starts: time | None = None
    ends: time | None = None

    @property
    def closed(self) -> bool:
        return self.starts is None or self.ends is None


@dataclass(frozen=True, slots=True)
class Busy:
    """An active booking or hold: from its start until its end plus its buffer."""

    starts_at: datetime
    until: datetime


@dataclass(frozen=True, slots=True, order=True)
class Slot:
    starts_at: datetime  # UTC
    ends_at: datetime  # UTC
    channels: tuple[str, ...] = field(default=(), compare=False)

    @property
    def local_start(self) -> datetime:
        return self.starts_at.astimezone(OSLO)

    @property
    def local_end(self) -> datetime:
        return self.ends_at.astimezone(OSLO)


def as_utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("A naive datetime has no place in time; give an aware one.")
    return moment.astimezone(UTC)


def exists(moment: datetime) -> bool:
    """False for a wall-clock time that never happens in its own zone (02:30 on the last
    Sunday of March in Oslo): Python quietly maps such a time to an hour later."""
    as_utc(moment)
    back = moment.astimezone(UTC).astimezone(moment.tzinfo)
    return back.replace(tzinfo=None, fold=0) == moment.replace(tzinfo=None, fold=0)


def local_date(moment: datetime) -> date:
    return moment.astimezone(OSLO).date()


def wall_to_utc(day: date, at: time) -> datetime:
    """The first real moment the clock in Oslo shows `at` on `day`.

    A time that happens twice (autumn) gives its first occurrence, as RFC 5545 does. A time
    that never happens (spring, 02:00–02:59) gives the moment the clock jumps to 03:00, so a
    window that starts or ends in the gap starts or ends at the switch.
    """
    naive = datetime.combine(day, at)
    first = naive.replace(tzinfo=OSLO, fold=0).astimezone(UTC)
    if _wall(first) == naive:
        return first
    # In the gap: fold=0 maps to a moment after the switch, fold=1 to one before it. Find
    # the first moment whose wall clock is at or past `naive`: the switch itself.
    low = naive.replace(tzinfo=OSLO, fold=1).astimezone(UTC)
    high = first
    if low > high:
        low, high = high, low
    while high - low > timedelta(seconds=1):
        middle = low + (high - low) / 2
        if _wall(middle) >= naive:
            high = middle
        else:
            low = middle
    return high.replace(microsecond=0)


def _wall(moment: datetime) -> datetime:
    return moment.astimezone(OSLO).replace(tzinfo=None, fold=0)


# --- Opening windows ------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class _Window:
    starts_at: datetime
    ends_at: datetime
    channels: tuple[str, ...]


def windows_on(
    day: date,
    rules: Iterable[WeeklyRule],
    exceptions: Iterable[DayException],
    default_channels: tuple[str, ...],
) -> list[_Window]:
    """When the resource is open on `day`, as real (UTC) stretches of time."""
    todays = [e for e in exceptions if e.day == day]
    if any(e.closed for e in todays):
        return []
    spans: list[tuple[time, time, tuple[str, ...]]]
    if todays:
        spans = [(e.starts, e.ends, default_channels) for e in todays if e.starts and e.ends]
    else:
        spans = [
            (rule.starts, rule.ends, rule.channels or default_channels)
            for rule in rules
            if rule.applies_on(day)
        ]
    windows = []
    for starts, ends, channels in spans:
        starts_at, ends_at = wall_to_utc(day, starts), wall_to_utc(day, ends)
        if ends_at > starts_at:
            allowed = tuple(c for c in channels if c in default_channels)
            windows.append(_Window(starts_at, ends_at, allowed))
    return windows


def _merged(windows: Sequence[_Window]) -> list[tuple[datetime, datetime]]:
    """Overlapping or touching windows become one, so two rules never give two grids of
    slots that overlap each other."""
    merged: list[tuple[datetime, datetime]] = []
    for window in sorted(windows, key=lambda w: w.starts_at):
        if merged and window.starts_at <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], window.ends_at))
        else:
            merged.append((window.starts_at, window.ends_at))
    return merged


def _channels_at(windows: Sequence[_Window], starts_at: datetime, ends_at: datetime) -> tuple:
    found: list[str] = []
    for window in windows:
        if window.starts_at < ends_at and starts_at < window.ends_at:
            found.extend(c for c in window.channels if c not in found)
    return tuple(found)


# --- Slots ----------------------------------------------------------------------------------
def earliest_start(timing: Timing, now: datetime) -> datetime:
    return as_utc(now) + timedelta(hours=timing.min_notice_hours)


def horizon(timing: Timing, now: datetime) -> date:
    """The last local date a resource can be booked on."""
    return local_date(now) + timedelta(days=timing.max_days_ahead)


def grid(
    *,
    timing: Timing,
    rules: Sequence[WeeklyRule],
    exceptions: Sequence[DayException],
    first_day: date,
    last_day: date,
) -> list[Slot]:
    """Every slot the rules offer from `first_day` to `last_day` (local dates, inclusive),
    taken or not, past or not. Slots follow each other with the buffer in between."""
    step = timing.length + timing.buffer
    slots: list[Slot] = []
    day = first_day
    while day <= last_day:
        windows = windows_on(day, rules, exceptions, timing.channels)
        for starts_at, ends_at in _merged(windows):
            start = starts_at
            while start + timing.length <= ends_at:
                end = start + timing.length
                channels = _channels_at(windows, start, end)
                if channels:
                    slots.append(Slot(start, end, channels))
                start += step
        day += timedelta(days=1)
    return sorted(set(slots))


def overlaps_busy(starts_at: datetime, until: datetime, busy: Iterable[Busy]) -> bool:
    """Would a booking holding [starts_at, until) meet an existing one? `until` is the new
    booking's end plus its buffer; each busy one's `until` includes its own buffer."""
    return any(b.starts_at < until and starts_at < b.until for b in busy)


def free_slots(
    *,
    timing: Timing,
    rules: Sequence[WeeklyRule],
    exceptions: Sequence[DayException],
    busy: Sequence[Busy],
    first_day: date,
    last_day: date,
    now: datetime,
    channel: str | None = None,
) -> list[Slot]:
    """The slots a person can book now: offered by the rules, on a day between `first_day`
    and `last_day` (and no later than the resource's horizon), with enough notice, not
    taken (an active booking or hold plus its buffer), and offering `channel` if given."""
    earliest = earliest_start(timing, now)
    first = max(first_day, local_date(earliest))
    last = min(last_day, horizon(timing, now))
    if first > last:
        return []
    ordered = sorted(busy, key=lambda b: b.starts_at)
    free = []
    for slot in grid(
        timing=timing, rules=rules, exceptions=exceptions, first_day=first, last_day=last
    ):
        if slot.starts_at < earliest:
            continue
        if channel is not None and channel not in slot.channels:
            continue
        until = slot.ends_at + timing.buffer
        if overlaps_busy(slot.starts_at, until, _near(ordered, slot.starts_at, until)):
            continue
        free.append(slot)
    return free


def _near(ordered: Sequence[Busy], starts_at: datetime, until: datetime) -> Iterable[Busy]:
    # Busy ranges are short (a slot plus a buffer) and sorted by start; those starting after
    # `until` can be skipped. A linear scan is plenty for a month of one resource's bookings.
    for busy in ordered:
        if busy.starts_at >= until:
            break
        yield busy


def next_free(slots: Sequence[Slot], after: datetime, limit: int = 5) -> list[Slot]:
    """Up to `limit` free slots from `after` on; if there are none, the first ones at all,
    so "that time was just taken" always comes with something to choose from if anything
    is left."""
    after = as_utc(after)
    later = [slot for slot in slots if slot.starts_at >= after]
    return (later or list(slots))[:limit]
