"""The .ics file, read back with a small RFC 5545 reader of our own."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest

from kompanjong.booking import ics, services
from kompanjong.booking.models import Booking, Resource
from kompanjong.people.models import Account
from tests.booking.conftest import at
from tests.booking.factories import BookingFactory, ResourceFactory
from tests.booking.test_services import book_for_self

pytestmark = pytest.mark.django_db

Property = tuple[str, dict[str, str], str]


def read(text: str) -> list[Property]:
    """Unfold (CRLF + space/tab), then split each line into name, parameters and value."""
    assert text.endswith("\r\n")
    raw = text.split("\r\n")[:-1]
    for line in raw:
        assert "\n" not in line and "\r" not in line
        assert len(line.encode("utf-8")) <= 75, line
    unfolded: list[str] = []
    for line in raw:
        if line[:1] in (" ", "\t"):
            unfolded[-1] += line[1:]
        else:
            unfolded.append(line)
    properties = []
    for line in unfolded:
        head, value = re.match(r'^((?:[^:"]|"[^"]*")*):(.*)$', line).groups()  # type: ignore[union-attr]
        name, *params = re.findall(r'(?:[^;"]|"[^"]*")+', head)
        pairs = [p.split("=", 1) for p in params]
        properties.append((name, {k: v for k, v in pairs}, value))
    return properties


def unescape(value: str) -> str:
    return re.sub(r"\\(.)", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def event(properties: list[Property]) -> dict[str, tuple[dict[str, str], str]]:
    start = properties.index(("BEGIN", {}, "VEVENT"))
    end = properties.index(("END", {}, "VEVENT"))
    return {name: (params, value) for name, params, value in properties[start + 1 : end]}


def components(properties: list[Property]) -> list[str]:
    return [value for name, _params, value in properties if name == "BEGIN"]


def test_a_booking_as_a_calendar_event(resource: Resource, citizen: Account) -> None:
    booking = book_for_self(resource, citizen, needs=services.Needs(note="Privat notat"))
    text = ics.calendar(booking)
    properties = read(text)
    assert components(properties) == ["VCALENDAR", "VTIMEZONE", "DAYLIGHT", "STANDARD", "VEVENT"]
    assert ("METHOD", {}, "PUBLISH") in properties
    assert ("VERSION", {}, "2.0") in properties
    found = event(properties)
    assert found["UID"][1] == f"{booking.pk}@kompanjong"
    assert found["SEQUENCE"][1] == "0"
    assert found["DTSTART"] == ({"TZID": "Europe/Oslo"}, "20261207T090000")
    assert found["DTEND"] == ({"TZID": "Europe/Oslo"}, "20261207T093000")
    assert re.fullmatch(r"\d{8}T\d{6}Z", found["DTSTAMP"][1])
    assert found["STATUS"][1] == "CONFIRMED"
    location = booking.resource.service_at_location.location
    assert unescape(found["LOCATION"][1]) == f"{location.name}, Schleppegrells gate 32, 0556 Oslo"
    assert unescape(found["SUMMARY"][1]) == f"Appointment: {location.name}"
    # Nothing about the person: not their name, not their note.
    assert citizen.person is not None and citizen.person.given_name not in text
    assert "Privat notat" not in text
    # The time zone carries the EU rules.
    timezone_part = text[text.index("BEGIN:VTIMEZONE") : text.index("END:VTIMEZONE")]
    assert "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU" in timezone_part
    assert "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU" in timezone_part


def test_moving_keeps_the_uid_and_raises_the_sequence(resource: Resource, citizen: Account) -> None:
    booking = book_for_self(resource, citizen)
    before = event(read(ics.calendar(booking)))
    moved = services.move(booking=booking, new_starts_at=at(11), by=citizen)
    after = event(read(ics.calendar(moved)))
    assert after["UID"] == before["UID"]
    assert (after["SEQUENCE"][1], after["DTSTART"][1]) == ("1", "20261207T110000")


def test_a_cancelled_booking_cancels_the_event(resource: Resource, citizen: Account) -> None:
    booking = services.cancel(booking=book_for_self(resource, citizen), by=citizen)
    properties = read(ics.calendar(booking))
    assert ("METHOD", {}, "CANCEL") in properties
    found = event(properties)
    assert (found["STATUS"][1], found["SEQUENCE"][1]) == ("CANCELLED", "1")


def test_phone_and_video_say_so_instead_of_an_address(resource: Resource) -> None:
    phone = BookingFactory.create(resource=resource, channel="phone")
    assert unescape(event(read(ics.calendar(phone)))["LOCATION"][1]) == "Phone call"
    video = BookingFactory.create(resource=resource, channel="video", starts_at=at(10))
    assert unescape(event(read(ics.calendar(video)))["LOCATION"][1]) == "Video"


def test_special_characters_are_escaped_and_long_lines_folded(db: Any) -> None:
    resource = ResourceFactory.create(
        service_at_location__location__name="Bibliotek; Grünerløkka, 2. etasje \\ inngang B "
        + "æøå" * 30,
        organisation__email="post@bibliotek.example",
        organisation__name='Deichman "Grünerløkka"',
        helper=None,
    )
    booking = BookingFactory.create(resource=resource)
    text = ics.calendar(booking)
    found = event(read(text))
    location = resource.service_at_location.location
    assert unescape(found["LOCATION"][1]).startswith(location.name + ", ")
    assert "\\;" in found["LOCATION"][1] and "\\," in found["LOCATION"][1]
    assert found["ORGANIZER"] == (
        {"CN": "\"Deichman 'Grünerløkka'\""},
        "mailto:post@bibliotek.example",
    )
    assert "DESCRIPTION" not in found  # a desk, not a named helper
    assert any(line.startswith(" ") for line in text.split("\r\n"))
    text.encode("utf-8").decode("utf-8")  # no character cut in half by folding


def test_fold_never_splits_a_character() -> None:
    line = "SUMMARY:" + "ø" * 100
    folded = ics.fold(line)
    parts = folded.split("\r\n")
    assert all(len(part.encode()) <= 75 for part in parts)
    assert "".join(part.removeprefix(" ") for part in parts) == line
    assert ics.fold("SHORT:x") == "SHORT:x"


def test_the_second_two_oclock_in_october_is_written_in_utc(db: Any) -> None:
    from kompanjong.booking.slots import OSLO

    summer = BookingFactory.create(starts_at=dt.datetime(2026, 10, 25, 0, 0, tzinfo=dt.UTC))
    winter = BookingFactory.create(starts_at=dt.datetime(2026, 10, 25, 1, 0, tzinfo=dt.UTC))
    assert summer.starts_at.astimezone(OSLO).hour == winter.starts_at.astimezone(OSLO).hour == 2
    first = event(read(ics.calendar(summer)))
    second = event(read(ics.calendar(winter)))
    assert first["DTSTART"] == ({"TZID": "Europe/Oslo"}, "20261025T020000")
    assert first["DTEND"] == ({"TZID": "Europe/Oslo"}, "20261025T023000")
    assert second["DTSTART"] == ({}, "20261025T010000Z")
    assert second["DTEND"] == ({}, "20261025T013000Z")


def test_filename(db: Any) -> None:
    booking: Booking = BookingFactory.create()
    assert ics.filename(booking) == "kompanjong-2026-12-07-0900.ics"


def test_a_named_helper_is_who_you_meet(resource: Resource, citizen: Account) -> None:
    resource.helper = citizen
    resource.save()
    found = event(read(ics.calendar(BookingFactory.create(resource=resource))))
    assert unescape(found["DESCRIPTION"][1]) == "You meet Nora Berg."
