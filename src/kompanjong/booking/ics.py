"""A booking as an iCalendar file (RFC 5545), written by hand: one VEVENT, Oslo time.

The UID stays the same through every move and SEQUENCE counts the changes, so a calendar that
imported the first file updates its event from a later one; a cancelled booking gives
METHOD:CANCEL and STATUS:CANCELLED. Only what the person needs is in it: when, where (or
"Phone call"/"Video") and whom they meet; never their name, topic or notes, since calendars
are often shared or synchronised elsewhere.

Times are written with TZID=Europe/Oslo and a VTIMEZONE with the daylight-saving rules. The
one exception is a time in the repeated hour of the October switch that is its second
occurrence: a TZID time there means the first occurrence (RFC 5545 3.3.5), so it is written
in UTC instead.
"""

from __future__ import annotations

from datetime import UTC, datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Booking, Channel, Status
from .slots import OSLO

CRLF = "\r\n"
MAX_OCTETS = 75
TZID = "Europe/Oslo"

# Since 1996 the EU rule: summer time from 01:00 UTC on the last Sunday of March to 01:00 UTC
# on the last Sunday of October, i.e. 02:00 → 03:00 and 03:00 → 02:00 local time.
VTIMEZONE = (
    "BEGIN:VTIMEZONE",
    f"TZID:{TZID}",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0200",
    "TZNAME:CEST",
    "DTSTART:19700329T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0200",
    "TZOFFSETTO:+0100",
    "TZNAME:CET",
    "DTSTART:19701025T030000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
)


def escape_text(value: str) -> str:
    """TEXT values: backslash, semicolon, comma and line breaks escaped (RFC 5545 3.3.11)."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


def param_value(value: str) -> str:
    """A parameter value in quotes (DQUOTE itself cannot appear in one)."""
    return '"' + value.replace('"', "'").replace("\r", " ").replace("\n", " ") + '"'


def fold(line: str) -> str:
    """Lines longer than 75 octets are folded: CRLF and a space, never inside a UTF-8
    character (RFC 5545 3.1)."""
    parts: list[str] = []
    current = ""
    size = 0
    limit = MAX_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            parts.append(current)
            current, size = " ", 1  # the leading space counts towards the next line's 75
        current += char
        size += width
    parts.append(current)
    return CRLF.join(parts)


def utc_stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def date_time(name: str, moment: datetime) -> str:
    """DTSTART/DTEND in Oslo time, or in UTC for the second occurrence of a repeated hour."""
    local = moment.astimezone(OSLO)
    if local.fold == 1 and local.replace(fold=0).utcoffset() != local.utcoffset():
        return f"{name}:{utc_stamp(moment)}"
    return f"{name};TZID={TZID}:{local:%Y%m%dT%H%M%S}"


def location_text(booking: Booking) -> str:
    if booking.channel == Channel.PHONE:
        return _("Phone call")
    if booking.channel == Channel.VIDEO:
        return _("Video")
    location = booking.resource.service_at_location.location
    address = next(iter(location.addresses.all()), None)
    if address is None:
        return location.name
    return f"{location.name}, {address.address_1}, {address.postal_code} {address.city}"


def summary_text(booking: Booking) -> str:
    place = booking.resource.service_at_location.location.name
    return _("Appointment: %(place)s") % {"place": place}


def description_text(booking: Booking) -> str:
    if booking.resource.helper_id is None:
        return ""
    return _("You meet %(name)s.") % {"name": booking.resource.name}


def calendar(booking: Booking, now: datetime | None = None) -> str:
    """The .ics file's text (serve it as text/calendar; charset=utf-8)."""
    cancelled = booking.status == Status.CANCELLED
    organisation = booking.resource.organisation
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Kompanjong//Booking//EN",
        "CALSCALE:GREGORIAN",
        f"METHOD:{'CANCEL' if cancelled else 'PUBLISH'}",
        *VTIMEZONE,
        "BEGIN:VEVENT",
        f"UID:{booking.uid}",
        f"SEQUENCE:{booking.sequence}",
        f"DTSTAMP:{utc_stamp(now or timezone.now())}",
        f"LAST-MODIFIED:{utc_stamp(booking.updated_at)}",
        date_time("DTSTART", booking.starts_at),
        date_time("DTEND", booking.ends_at),
        f"SUMMARY:{escape_text(summary_text(booking))}",
        f"LOCATION:{escape_text(location_text(booking))}",
    ]
    if description := description_text(booking):
        lines.append(f"DESCRIPTION:{escape_text(description)}")
    if organisation.email:
        lines.append(f"ORGANIZER;CN={param_value(organisation.name)}:mailto:{organisation.email}")
    lines += [
        f"STATUS:{'CANCELLED' if cancelled else 'CONFIRMED'}",
        "TRANSP:OPAQUE",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return CRLF.join(fold(line) for line in lines) + CRLF


def filename(booking: Booking) -> str:
    return f"kompanjong-{booking.starts_at.astimezone(OSLO):%Y-%m-%d-%H%M}.ics"
