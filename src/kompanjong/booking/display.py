"""Plain-language texts for the booking pages: "Monday 7 December at 09:00–09:30", where to
go or how you are met, what to bring. Built from loaded rows: no queries here."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from kompanjong.core.formatting import phone_for_reading
from kompanjong.directory.display import day_and_date, language_name, topic_name
from kompanjong.people.models import Language

from . import slots
from .models import Booking, Channel, RemindBy, Status


def day_text(day: dt.date, today: dt.date | None = None, *, start: bool = True) -> str:
    """ "Monday 7 December" in the page's language, as a heading or a sentence's start
    (`start=False` inside a sentence: Norwegian writes weekdays in lower case); with the year
    when it is not this year ("Monday 4 January 2027")."""
    text = capfirst(day_and_date(day)) if start else day_and_date(day)
    this_year = (today or slots.local_date(timezone.now())).year
    if day.year == this_year:
        return text
    return _("%(day)s, %(year)s") % {"day": text, "year": day.year}


def span_text(starts_at: dt.datetime, ends_at: dt.datetime) -> str:
    """ "09:00–09:30". In the hour the clocks go back (the last Sunday of October) 02:00 to
    03:00 happens twice: the start then says which one, or both would read the same."""
    start = starts_at.astimezone(slots.OSLO)
    text = f"{start:%H:%M}–{ends_at.astimezone(slots.OSLO):%H:%M}"
    if not _repeated(start):
        return text
    if start.fold:
        return _("%(time)s (winter time)") % {"time": text}
    return _("%(time)s (summer time)") % {"time": text}


def _repeated(local: dt.datetime) -> bool:
    """A wall-clock time that happens twice: its other fold has another UTC offset."""
    return local.replace(fold=1 - local.fold).utcoffset() != local.utcoffset()


def when_text(starts_at: dt.datetime, ends_at: dt.datetime) -> str:
    return _("%(day)s at %(time)s") % {
        "day": day_text(slots.local_date(starts_at)),
        "time": span_text(starts_at, ends_at),
    }


def channel_name(code: str) -> str:
    return str(Channel(code).label) if code in Channel.values else code


def language_label(code: str) -> str:
    """A language a person chose (people.Language), or any other ISO code by its name."""
    return str(Language(code).label) if code in Language.values else language_name(code)


def languages_text(codes: Iterable[str]) -> str:
    return ", ".join(language_name(code) for code in codes)


def status_text(booking: Booking, now: dt.datetime) -> str:
    """Booked, Cancelled, Did not come, Came; a booked time that has ended is "Over"."""
    if booking.status == Status.BOOKED and booking.ends_at <= now:
        return _("Over")
    return str(booking.get_status_display())


# --- Choosing a time ------------------------------------------------------------------------
@dataclass(frozen=True)
class TimeChoice:
    value: str
    label: str


def slot_value(resource_id: int, starts_at: dt.datetime) -> str:
    """A time as a form value: the resource and the start in whole seconds since 1970 (UTC),
    so no time zone or colon needs escaping."""
    return f"{resource_id}-{int(starts_at.timestamp())}"


SLOT_VALUE = re.compile(r"[0-9]{1,10}-[0-9]{1,11}")
# No booking is ever this early or late: anything outside is a garbled or made-up value.
EARLIEST = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
LATEST = dt.datetime(2100, 1, 1, tzinfo=dt.UTC)


def parse_slot_value(value: str) -> tuple[int, dt.datetime] | None:
    """The resource id and the start of a time given as a form value; None for anything
    else (only ASCII digits, a time between 2000 and 2100)."""
    if not isinstance(value, str) or SLOT_VALUE.fullmatch(value) is None:
        return None
    resource, _sep, seconds = value.partition("-")
    try:
        moment = dt.datetime.fromtimestamp(int(seconds), tz=dt.UTC)
    except (ValueError, OverflowError, OSError):
        return None
    if not EARLIEST <= moment < LATEST:
        return None
    return int(resource), moment


def value_day(value: Any) -> dt.date | None:
    """The local date of a time given as a form value."""
    parsed = parse_slot_value(str(value))
    return slots.local_date(parsed[1]) if parsed else None


def time_choices(found: Iterable[tuple[Any, slots.Slot]], *, with_names: bool) -> list[TimeChoice]:
    """(resource, slot) pairs as radio buttons, in time order; with the helper's name when
    a place has more than one."""
    ordered = sorted(found, key=lambda pair: (pair[1].starts_at, pair[0].name))
    return [
        TimeChoice(
            value=slot_value(resource.pk, slot.starts_at),
            label=(
                _("%(time)s with %(name)s")
                % {"time": span_text(slot.starts_at, slot.ends_at), "name": resource.name}
                if with_names
                else span_text(slot.starts_at, slot.ends_at)
            ),
        )
        for resource, slot in ordered
    ]


def by_day(items: Sequence[Any], day_of: Any) -> list[tuple[str, list[Any]]]:
    """Items (in time order) grouped under "Monday 7 December"."""
    days: list[tuple[str, list[Any]]] = []
    current: dt.date | None = None
    for item in items:
        day = day_of(item)
        if day is None:
            continue
        if day != current:
            days.append((day_text(day), []))
            current = day
        days[-1][1].append(item)
    return days


# --- A booking, as its pages show it --------------------------------------------------------
@dataclass
class Shown:
    """What the booking page, the signed link's page and the printed slip show."""

    when: str
    status: str
    cancelled: bool
    place_name: str
    channel: str
    channel_code: str
    address_lines: list[str] = field(default_factory=list)
    transportation: str = ""
    call_on: str = ""  # phone bookings: the number the helper calls
    video_url: str = ""
    documents: list[str] = field(default_factory=list)
    # Personal: only on pages behind a login, never on the signed link's page.
    meet: str = ""
    for_name: str = ""
    needs: list[tuple[str, str]] = field(default_factory=list)


def shown(booking: Booking, now: dt.datetime, *, private: bool) -> Shown:
    """The booking in words. `private` adds the person's name, number and needs (for the
    person, their helper and the desk); without it only when, where and what to bring."""
    place = booking.resource.service_at_location
    location = place.location
    in_person = booking.channel == Channel.IN_PERSON
    addresses = list(location.addresses.all())[:1] if in_person else []
    person = booking.person
    phone = (person.phone if person is not None else booking.guest_phone) or ""
    result = Shown(
        when=when_text(booking.starts_at, booking.ends_at),
        status=status_text(booking, now),
        cancelled=booking.status == Status.CANCELLED,
        place_name=location.name,
        channel=channel_name(booking.channel),
        channel_code=booking.channel,
        address_lines=[
            line
            for address in addresses
            for line in (
                address.address_1,
                address.address_2,
                f"{address.postal_code} {address.city}",
            )
            if line
        ],
        transportation=location.transportation if in_person else "",
        call_on=phone_for_reading(phone) if private and booking.channel == Channel.PHONE else "",
        video_url=location.url if booking.channel == Channel.VIDEO else "",
        documents=[doc.document for doc in place.service.required_documents.all()],
        # The helper's name is for the pages behind a login, not for whoever has the link.
        meet=booking.resource.name if private and booking.resource.helper_id else "",
    )
    if private:
        result.for_name = person.full_name if person is not None else booking.guest_name
        result.needs = needs_lines(booking)
    return result


def needs_lines(booking: Booking) -> list[tuple[str, str]]:
    lines = [(_("Way to meet"), channel_name(booking.channel))]
    if booking.topic is not None:
        lines.append(
            (_("What you need help with"), topic_name(booking.topic.code, booking.topic.name))
        )
    if booking.language:
        lines.append((_("Language"), language_label(booking.language)))
    lines.append(
        (_("Interpreter"), _("Interpreter needed") if booking.interpreter else _("No interpreter"))
    )
    if booking.accessibility_needs:
        lines.append((_("Accessibility needs"), booking.accessibility_needs))
    if booking.note:
        lines.append((_("Note"), booking.note))
    return lines


def needs_letter(booking: Booking) -> bool:
    """The desk must post a letter or give a printed slip: no digital notice reaches them."""
    if booking.person is None:
        return not booking.guest_phone
    return booking.person.reserved_against_digital or booking.remind_by == RemindBy.LETTER
