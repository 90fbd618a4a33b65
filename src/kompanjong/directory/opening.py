"""Opening hours: which hours hold on a date, open now, open this week, next opening.

Pure rules over schedule-like objects (directory.models.Schedule, or any object with the same
attributes), so they are unit-tested without the database.

Hours are wall-clock times in Europe/Oslo: a place open 10–15 is open 10–15 on the days the
clocks change too. We therefore work in local dates and times and only make aware datetimes
(with zoneinfo) to compare with "now".

- A weekly rule has `freq` "WEEKLY", `byday` ("MO,TU"), `opens_at`/`closes_at`, and may be
  limited by `valid_from`/`valid_to`; `interval` 2 with a `dtstart` means every other week.
- An exception has no `freq` and holds from `valid_from` to `valid_to` (usually one date). On
  such a date the exceptions replace the weekly rules: closed when none of them has hours.
- An exception kept on a less specific level than the weekly hours (the library's short day,
  for every service in it) is a `Narrowing`: it may close a day or shorten its hours, never
  open a service on a day or at an hour it does not run (see effective_rules).
- Closing at 00:00, or at or before the opening time, means the hours run past midnight.
- Rules with another `freq` (MONTHLY, ...) are not understood and are left out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol
from zoneinfo import ZoneInfo

OSLO = ZoneInfo("Europe/Oslo")
DAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
WEEKLY = "WEEKLY"
DROP_IN = "drop_in"
APPOINTMENT = "appointment"
# How far ahead we look for the next opening: far enough for a summer break.
HORIZON_DAYS = 70


class Rule(Protocol):
    """What we read from a schedule (directory.models.Schedule has all of it)."""

    @property
    def freq(self) -> str: ...
    @property
    def byday(self) -> str: ...
    @property
    def opens_at(self) -> dt.time | None: ...
    @property
    def closes_at(self) -> dt.time | None: ...
    @property
    def valid_from(self) -> dt.date | None: ...
    @property
    def valid_to(self) -> dt.date | None: ...
    @property
    def attending_type(self) -> str: ...


@dataclass(frozen=True)
class Opening:
    """One stretch of opening hours on a local date."""

    day: dt.date
    opens_at: dt.time
    closes_at: dt.time
    attending_type: str = DROP_IN

    @property
    def start(self) -> dt.datetime:
        return dt.datetime.combine(self.day, self.opens_at, tzinfo=OSLO)

    @property
    def end(self) -> dt.datetime:
        past_midnight = self.closes_at <= self.opens_at
        end_day = self.day + dt.timedelta(days=1) if past_midnight else self.day
        return dt.datetime.combine(end_day, self.closes_at, tzinfo=OSLO)

    @property
    def drop_in(self) -> bool:
        return self.attending_type != APPOINTMENT

    def is_open_at(self, moment: dt.datetime) -> bool:
        return _utc(self.start) <= _utc(moment) < _utc(self.end)

    def ends_after(self, moment: dt.datetime) -> bool:
        return _utc(self.end) > _utc(moment)

    def starts_after(self, moment: dt.datetime) -> bool:
        return _utc(self.start) > _utc(moment)


def _utc(moment: dt.datetime) -> dt.datetime:
    """Aware datetimes in one zone compare by the clock (wrong in the hour the clocks are set
    back), so we compare instants in UTC."""
    return moment.astimezone(dt.UTC)


@dataclass(frozen=True)
class DayHours:
    """The hours on one date; `exception` tells that they are not the usual weekly ones."""

    day: dt.date
    openings: tuple[Opening, ...]
    exception: bool = False
    note: str = ""

    @property
    def closed(self) -> bool:
        return not self.openings


def is_exception(rule: Rule) -> bool:
    return not (rule.freq or "").strip()


def day_codes(byday: str) -> list[str]:
    """The weekdays of a `byday` as we read it ("mo, WE ,FR" -> ["MO", "WE", "FR"]), in week
    order, each once. Imported files are lenient with spaces and case."""
    found = {part.strip().upper()[-2:] for part in (byday or "").split(",") if part.strip()}
    return [code for code in DAY_CODES if code in found]


def normalised_byday(byday: str) -> str:
    """`byday` as we store it: parts trimmed and upper-cased, joined by commas ("MO,WE,FR").
    A prefix such as "+1MO" (a monthly rule) is kept: only the spacing changes."""
    return ",".join(part.strip().upper() for part in (byday or "").split(",") if part.strip())


def _days(rule: Rule) -> set[str]:
    return set(day_codes(rule.byday))


def _valid_on(rule: Rule, day: dt.date) -> bool:
    if rule.valid_from and day < rule.valid_from:
        return False
    return not (rule.valid_to and day > rule.valid_to)


def _weekly_applies(rule: Rule, day: dt.date) -> bool:
    if (rule.freq or "").strip().upper() != WEEKLY or not _valid_on(rule, day):
        return False
    if DAY_CODES[day.weekday()] not in _days(rule):
        return False
    interval = getattr(rule, "interval", None) or 1
    start = getattr(rule, "dtstart", None) or rule.valid_from
    if interval > 1 and start:
        weeks = (day - (start - dt.timedelta(days=start.weekday()))).days // 7
        return weeks >= 0 and weeks % interval == 0
    return True


def _exception_applies(rule: Rule, day: dt.date) -> bool:
    if not is_exception(rule) or rule.valid_from is None:
        return False
    return rule.valid_from <= day <= (rule.valid_to or rule.valid_from)


def _opening(rule: Rule, day: dt.date) -> Opening | None:
    if rule.opens_at is None or rule.closes_at is None:
        return None
    return Opening(day, rule.opens_at, rule.closes_at, rule.attending_type or DROP_IN)


def _sorted(openings: Iterable[Opening | None]) -> tuple[Opening, ...]:
    found = {opening for opening in openings if opening is not None}
    return tuple(sorted(found, key=lambda o: (o.opens_at, o.closes_at)))


def _notes(rules: Iterable[Rule]) -> list[str]:
    notes = (str(getattr(rule, "description", "") or "").strip() for rule in rules)
    return [note for note in notes if note]


def _minutes(opening: Opening) -> tuple[int, int]:
    """An opening as minutes from the start of its day; the end may pass midnight (> 1440)."""
    start = opening.opens_at.hour * 60 + opening.opens_at.minute
    end = opening.closes_at.hour * 60 + opening.closes_at.minute
    return start, end + 24 * 60 if end <= start else end


def _clock(minutes: int) -> dt.time:
    return dt.time((minutes // 60) % 24, minutes % 60)


def _intersect(openings: Iterable[Opening], limits: Sequence[Opening]) -> tuple[Opening, ...]:
    """The parts of `openings` that also lie within one of `limits` (keeping how you come)."""
    found = []
    for opening in openings:
        start, end = _minutes(opening)
        for limit in limits:
            limit_start, limit_end = _minutes(limit)
            first, last = max(start, limit_start), min(end, limit_end)
            if first < last:
                found.append(
                    Opening(opening.day, _clock(first), _clock(last), opening.attending_type)
                )
    return _sorted(found)


def hours_on(rules: Sequence[Rule], day: dt.date) -> DayHours:
    """The hours on `day`: its exceptions if it has any, else the weekly rules; then cut down
    to what the narrowing exceptions (from less specific levels) leave open."""
    applying = [rule for rule in rules if _exception_applies(rule, day)]
    exceptions = [rule for rule in applying if not narrows_only(rule)]
    narrowing = [rule for rule in applying if narrows_only(rule)]
    if exceptions:
        hours = DayHours(
            day,
            _sorted(_opening(rule, day) for rule in exceptions),
            exception=True,
            note=" ".join(_notes(exceptions)),
        )
    else:
        hours = DayHours(day, _sorted(_opening(r, day) for r in rules if _weekly_applies(r, day)))
    if not narrowing:
        return hours
    limited = _intersect(hours.openings, _sorted(_opening(rule, day) for rule in narrowing))
    if limited == hours.openings:
        return hours  # e.g. the library is shut on a day this service never runs anyway
    note = " ".join([hours.note, *_notes(narrowing)] if hours.note else _notes(narrowing))
    return DayHours(day, limited, exception=True, note=note)


def week(rules: Sequence[Rule], first_day: dt.date, days: int = 7) -> list[DayHours]:
    return [hours_on(rules, first_day + dt.timedelta(days=n)) for n in range(days)]


def exceptions_between(rules: Sequence[Rule], first_day: dt.date, days: int) -> list[DayHours]:
    """Dates with other hours than usual (holidays, a closed day) in the period."""
    return [hours for hours in week(rules, first_day, days) if hours.exception]


def local(moment: dt.datetime) -> dt.datetime:
    if moment.tzinfo is None:
        raise ValueError("Give an aware datetime: naive times are ambiguous around DST.")
    return moment.astimezone(OSLO)


def _openings_from(rules: Sequence[Rule], moment: dt.datetime, days: int) -> Iterable[Opening]:
    """Openings that have not ended at `moment`, in time order, starting the day before (its
    hours may run past midnight) and looking `days` dates ahead."""
    today = local(moment).date()
    for offset in range(-1, days):
        for opening in hours_on(rules, today + dt.timedelta(days=offset)).openings:
            if opening.ends_after(moment):
                yield opening


def current_opening(rules: Sequence[Rule], moment: dt.datetime) -> Opening | None:
    for opening in _openings_from(rules, moment, 1):
        if opening.is_open_at(moment):
            return opening
    return None


def is_open(rules: Sequence[Rule], moment: dt.datetime) -> bool:
    return current_opening(rules, moment) is not None


def next_opening(
    rules: Sequence[Rule], moment: dt.datetime, horizon_days: int = HORIZON_DAYS
) -> Opening | None:
    """The opening going on at `moment`, or else the next one to start."""
    return next(iter(_openings_from(rules, moment, horizon_days)), None)


def next_start(
    rules: Sequence[Rule], moment: dt.datetime, horizon_days: int = HORIZON_DAYS
) -> Opening | None:
    """The next opening that starts after `moment` (not the one going on now)."""
    later = (o for o in _openings_from(rules, moment, horizon_days) if o.starts_after(moment))
    return next(later, None)


def open_this_week(rules: Sequence[Rule], moment: dt.datetime) -> bool:
    """Is there an opening left in the 7 days from today (today and the 6 days after)?

    Hours that are already over today do not count: you cannot go there any more.
    """
    today = local(moment).date()
    last_day = today + dt.timedelta(days=6)
    return any(opening.day <= last_day for opening in _openings_from(rules, moment, 7))


def drop_in_now(rules: Sequence[Rule], moment: dt.datetime) -> bool:
    opening = current_opening(rules, moment)
    return opening is not None and opening.drop_in


def _still_valid(rule: Rule, today: dt.date) -> bool:
    if rule.opens_at is None or rule.closes_at is None:
        return False
    if not is_exception(rule) and (rule.freq or "").strip().upper() != WEEKLY:
        return False
    last = (rule.valid_to or rule.valid_from) if is_exception(rule) else rule.valid_to
    return last is None or last >= today


def _ahead(rules: Sequence[Rule], today: dt.date) -> list[Rule]:
    # A narrowing exception gives no hours of its own, so it cannot make a place drop-in.
    return [rule for rule in rules if _still_valid(rule, today) and not narrows_only(rule)]


def offers_drop_in(rules: Sequence[Rule], today: dt.date) -> bool:
    """Are some of the hours from `today` on drop-in (no appointment needed)?"""
    return any(rule.attending_type != APPOINTMENT for rule in _ahead(rules, today))


def offers_appointments(rules: Sequence[Rule], today: dt.date) -> bool:
    return any(rule.attending_type == APPOINTMENT for rule in _ahead(rules, today))


def appointment_only(rules: Sequence[Rule], today: dt.date) -> bool:
    """Does the place have hours from `today` on, all of them by appointment?"""
    return offers_appointments(rules, today) and not offers_drop_in(rules, today)


@dataclass(frozen=True)
class Narrowing:
    """An exception from a less specific level than the weekly hours in force, e.g. the
    library's short day on 31 December seen from one service in the library. It may close the
    day or shorten the service's own hours; it never opens the service at other times (the
    service may not run that weekday at all)."""

    rule: Rule

    @property
    def freq(self) -> str:
        return self.rule.freq

    @property
    def byday(self) -> str:
        return self.rule.byday

    @property
    def opens_at(self) -> dt.time | None:
        return self.rule.opens_at

    @property
    def closes_at(self) -> dt.time | None:
        return self.rule.closes_at

    @property
    def valid_from(self) -> dt.date | None:
        return self.rule.valid_from

    @property
    def valid_to(self) -> dt.date | None:
        return self.rule.valid_to

    @property
    def attending_type(self) -> str:
        return self.rule.attending_type

    @property
    def description(self) -> str:
        return str(getattr(self.rule, "description", "") or "")


def narrows_only(rule: Rule) -> bool:
    return isinstance(rule, Narrowing)


def effective_rules(levels: Sequence[Sequence[Rule]]) -> list[Rule]:
    """The rules for a service at a location, from schedules kept on several levels, most
    specific first (the service at the location, the service, the location).

    The weekly hours come from the most specific level that has any. Exceptions from that
    level and the more specific ones set the hours of their dates freely (they may open a day
    that is usually closed). Exceptions from less specific levels still count (a library
    closed on a holiday closes every service in it) but only as a Narrowing: they can close or
    shorten, never open. With no weekly hours anywhere, the most specific level that has
    exceptions sets the hours (a service that runs on a few dates only).
    """
    seen: set[object] = set()
    by_level: list[tuple[list[Rule], list[Rule]]] = []
    for level in levels:
        level_weekly: list[Rule] = []
        level_exceptions: list[Rule] = []
        for rule in level:
            key = getattr(rule, "pk", None) or id(rule)
            if key in seen:
                continue
            seen.add(key)
            (level_exceptions if is_exception(rule) else level_weekly).append(rule)
        by_level.append((level_weekly, level_exceptions))
    in_force = next(
        (n for n, (weekly, _) in enumerate(by_level) if weekly),
        next((n for n, (_, exceptions) in enumerate(by_level) if exceptions), 0),
    )
    weekly = by_level[in_force][0] if by_level else []
    rules: list[Rule] = list(weekly)
    for number, (_weekly, exceptions) in enumerate(by_level):
        if number <= in_force:
            rules.extend(exceptions)
        else:
            rules.extend(Narrowing(rule) for rule in exceptions)
    return rules
