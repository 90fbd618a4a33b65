"""Finding help and booking a time, in a browser: the journeys of issue 6.

* `kare_phone_time_journey`: Siri, Kåre's daughter, helps him under his paper power of
  attorney. She searches "Where is help" (first with a postcode nobody has: an error), finds
  phone help and the Thursday visiting helper in Os for eID and BankID, opens the phone help
  and books the first free phone time for him (first without a topic: an error).
* `amina_books_journey`: Amina searches for help in Oslo in Arabic, finds the library where
  Nora speaks Arabic, narrows the times to Arabic and in person, books one with her needs and
  takes the calendar file.
* `reminder_link_journey`: whoever holds Amina's phone opens the link in the reminder without
  logging in: date and place only. They move the time, and the old link stops working.
* `nora_day_journey`: Nora, at the library's computer, opens her calendar's day view, first
  with a date that does not exist (an error), then the day of Amina's booking: Amina, the
  time, what she needs help with and the language.

Each yields a `BookingStop` (whose page it is) at every page and state anyone reaches, error
states included, like fullmakt_steps.py, and works the pages with `Hands` (`Pointer` or
`Keys`). Locators are addresses, field names and structure; wording that is asserted comes
from the catalogue in the journey's language (`say`), and names and places from the demo data.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

from django.utils import translation

from kompanjong.booking import display, slots
from kompanjong.booking.models import Booking, Resource
from kompanjong.core.formatting import phone_for_reading
from kompanjong.directory.display import language_name
from tests.e2e.application_steps import Hands, at, error_links, main_text
from tests.e2e.case_steps import log_in_with, notice, pick, say, shown, squeeze, typed
from tests.e2e.fullmakt_steps import AMINA, KARE, banner
from tests.e2e.support import OSLO, UNKNOWN_POSTCODE, PersonStop, goto, path_of

BookingStop = PersonStop

SEARCH = "main form.directory-search button[type=submit]"
# The page's own form that sends something (the acting banner has a form of its own, and the
# page of free times a GET form to narrow them).
SUBMIT = "main form[method=post]:not([action='/helping/stop/']) button[type=submit]"
OS = "3430"
# The demo directory's names (kompanjong.directory.demo), as the pages show them.
OS_PHONE_SERVICE = "Digital hjelp på telefon"
OS_PHONE_PLACE = "NAV Nord-Østerdal på telefon"
OS_VISITING_PLACE = "Os bibliotek (torsdager)"
LIBRARY = "Deichman Grünerløkka"
NORA_CALENDAR = "Nora Berg"
KARE_PHONE = "62497711"
NOT_A_DAY = "31.02.2026"
UUID = r"[0-9a-f-]{36}"


@dataclass
class Found:
    """What a journey found out on the way, for the checks after it."""

    booking: str = ""  # the booking's id, from its address
    starts: dt.datetime | None = None  # the time chosen, as the form sent it
    link: str = ""  # the signed link in the reminder (a path)
    moved_link: str = ""  # the link the page carried on under after the move
    moved_to: dt.datetime | None = None


# --- small things --------------------------------------------------------------------------------


def card_link(hands: Hands, text: str) -> str:
    """The address of the result card that mentions `text` (a place or a service)."""
    card = hands.page.locator("main article.card", has_text=text)
    assert card.count() == 1, f"{card.count()} cards with {text!r}:\n{main_text(hands.page)}"
    href = card.locator("h3 a").get_attribute("href") or ""
    assert re.fullmatch(rf"/help/{UUID}/", href), href
    return href


def section_of(hands: Hands, place: str) -> str:
    """The heading of the result section (places to visit, phone or video) a card is under."""
    script = """name => {
      const card = [...document.querySelectorAll('main article.card')]
        .find(c => c.querySelector('h3').textContent.trim() === name);
      let el = card;
      while (el && el.tagName !== 'H2') el = el.previousElementSibling;
      return el ? el.textContent.trim() : '';
    }"""
    heading: str = hands.page.evaluate(script, place)
    return heading


def first_time(hands: Hands) -> tuple[str, dt.datetime]:
    """The first free time offered: its form value, and when it starts."""
    radio = hands.page.locator("main input[type=radio][name=slot]").first
    value = radio.get_attribute("value") or ""
    parsed = display.parse_slot_value(value)
    assert parsed is not None, value
    return value, parsed[1]


def when(language: str, booking: Booking) -> str:
    """ "Monday 7 December at 10:00–10:30", as the pages say it in the journey's language."""
    with translation.override(language):
        return display.when_text(booking.starts_at, booking.ends_at)


def booking_id(hands: Hands) -> str:
    match = re.fullmatch(rf"/booking/({UUID})/", path_of(hands.page, hands.origin))
    assert match, hands.page.url
    return match.group(1)


# --- 1. Siri books a phone time for Kåre ---------------------------------------------------------


def kare_phone_time_journey(
    siri: Hands, language: str, grant: int, found: Found
) -> Iterator[BookingStop]:
    page, origin = siri.page, siri.origin
    goto(page, origin, "/citizen/")
    yield BookingStop("citizen home", who="siri")

    siri.go("main a[href='/helping/']")
    at(page, origin, "/helping/")
    yield BookingStop("who are you helping now", who="siri")

    siri.choose("person", str(grant))
    siri.go(SUBMIT)
    at(page, origin, "/citizen/")
    helping = say(language, "You are helping %(name)s.", name=KARE)
    assert banner(siri) == helping, banner(siri)
    yield BookingStop("Kåre's page, helping him", who="siri")

    siri.go("main a[href='/help/']")  # "Find help near you"
    at(page, origin, "/help/")
    yield BookingStop("where is help", who="siri")

    siri.fill("#id_postcode", UNKNOWN_POSTCODE)
    response = siri.go(SEARCH)
    assert response.status == 200, response.status  # a GET form: the page, with the error
    assert error_links(page) == {"#id_postcode"}, error_links(page)
    assert page.input_value("#id_postcode") == UNKNOWN_POSTCODE  # kept as typed
    unknown = say(
        language,
        "We do not know the postcode %(code)s. Check it, or choose your municipality.",
        code=UNKNOWN_POSTCODE,
    )
    assert squeeze(unknown) in squeeze(page.locator("[data-error-summary]").inner_text())
    assert page.locator("main article.card").count() == 0
    yield BookingStop("where is help – unknown postcode", failed_submit=True, who="siri")

    siri.fill("#id_postcode", "")
    pick(siri, "#id_municipality", OS)
    pick(siri, "#id_topic", "eid")
    siri.go(SEARCH)
    at(page, origin, "/help/")
    assert page.locator("[data-error-summary]").count() == 0, main_text(page)
    # Os: help by phone, and the helper who visits the library on Thursdays.
    assert section_of(siri, OS_PHONE_PLACE) == say(language, "Help by phone or video")
    assert section_of(siri, OS_VISITING_PLACE) == say(language, "Places you can visit")
    phone_help = card_link(siri, OS_PHONE_SERVICE)
    yield BookingStop("where is help – Os, eID and BankID", who="siri")

    siri.go(f"main article.card h3 a[href='{phone_help}']")
    at(page, origin, phone_help)
    assert page.locator("main h1").inner_text() == OS_PHONE_PLACE
    yield BookingStop("phone help in Os", who="siri")

    siri.go("main a[href^='/booking/place/']")  # "Book a time"
    at(page, origin, rf"/booking/place/{UUID}/")
    shown(page, say(language, "You book this time for %(name)s.", name=KARE))
    value, found.starts = first_time(siri)
    yield BookingStop("choose a time for Kåre", who="siri")

    siri.choose("slot", value)
    siri.go(SUBMIT)
    at(page, origin, rf"/booking/{UUID}/details/")
    shown(
        page, say(language, "We keep this time for you for 5 minutes while you fill in the form.")
    )
    letters = (
        "%(name)s gets letters from us, not text messages or emails. We send the confirmation "
        "by letter. Print the next page and give it to them."
    )
    shown(page, say(language, letters, name=KARE))
    assert page.locator("main input[name=remind]").count() == 0  # letters: nothing to choose
    assert page.is_checked("input[name=channel][value=phone]")  # the only way offered
    yield BookingStop("what Kåre needs help with", who="siri")

    response = siri.go(SUBMIT)  # no topic chosen
    assert response.status == 400, response.status
    assert error_links(page) == {"#id_topic"}, error_links(page)
    yield BookingStop("what Kåre needs – no topic", failed_submit=True, who="siri")

    pick(siri, "#id_topic", "eid")
    siri.choose("channel", "phone")
    siri.go(SUBMIT)
    at(page, origin, rf"/booking/{UUID}/")
    found.booking = booking_id(siri)
    booked = say(language, "The time is booked for %(name)s", name=KARE)
    assert page.locator("main h1").inner_text() == booked, page.locator("main h1").inner_text()
    booking = Booking.objects.get(pk=found.booking)
    assert booking.starts_at == found.starts
    assert squeeze(page.locator("main p.lead").inner_text()) == squeeze(when(language, booking))
    calls = say(
        language, "By phone. We call you on %(number)s.", number=phone_for_reading(KARE_PHONE)
    )
    shown(page, calls)
    shown(page, say(language, "eID and BankID"))
    assert banner(siri) == helping, banner(siri)
    yield BookingStop("booked for Kåre", who="siri")


# --- 2. Amina books a time with an Arabic-speaking helper ----------------------------------------


def amina_books_journey(amina: Hands, language: str, found: Found) -> Iterator[BookingStop]:
    page, origin = amina.page, amina.origin
    log_in_with(amina, "amina")
    yield BookingStop("citizen home")

    amina.go("main a[href='/help/']")  # "Find help near you"
    at(page, origin, "/help/")
    yield BookingStop("where is help")

    pick(amina, "#id_municipality", OSLO)
    pick(amina, "#id_language", "ar")
    amina.go(SEARCH)
    at(page, origin, "/help/")
    assert page.locator("[data-error-summary]").count() == 0, main_text(page)
    library = card_link(amina, LIBRARY)
    card = page.locator("main article.card", has_text=LIBRARY)
    assert card.locator("span[lang=ar]").count() == 1  # Arabic, in its own name too
    yield BookingStop("where is help – Oslo, Arabic")

    amina.go(f"main article.card h3 a[href='{library}']")
    at(page, origin, library)
    assert page.locator("main h1").inner_text() == LIBRARY
    yield BookingStop("the library")

    amina.go("main a[href^='/booking/place/']")  # "Book a time"
    choose = path_of(page, origin)
    at(page, origin, rf"/booking/place/{UUID}/")
    nora = Resource.objects.get(helper__username="demo-nora")
    with translation.override(language):
        speaks = display.languages_text(nora.languages)
        arabic = language_name("ar")
    assert arabic in speaks, speaks
    shown(
        page, say(language, "%(name)s, speaks %(languages)s", name=NORA_CALENDAR, languages=speaks)
    )
    yield BookingStop("choose a time at the library")

    # Nora speaks Arabic: only her times, and in person.
    pick(amina, "#id_channel", "in_person")
    pick(amina, "#id_language", "ar")
    amina.go("main form[method=get] button[type=submit]")  # "Show times"
    at(page, origin, rf"/booking/place/{UUID}/")
    assert path_of(page, origin).startswith(choose + "?")
    assert page.input_value("#id_language") == "ar"
    value, found.starts = first_time(amina)
    demo = Booking.objects.get(idempotency_key="demo-amina-with-nora")
    assert found.starts != demo.starts_at  # her demo booking's time is not offered again
    yield BookingStop("choose a time – Arabic, in person")

    amina.choose("slot", value)
    amina.go(SUBMIT)
    at(page, origin, rf"/booking/{UUID}/details/")
    assert page.is_checked("input[name=channel][value=in_person]")  # as she chose
    assert page.input_value("#id_language") == "ar"  # her own language, from her needs
    assert page.is_checked("#id_interpreter")  # she has asked for an interpreter before
    assert page.is_checked("input[name=remind][value=sms]")
    yield BookingStop("what Amina needs help with")

    pick(amina, "#id_topic", "documents")
    amina.go(SUBMIT)
    at(page, origin, rf"/booking/{UUID}/")
    found.booking = booking_id(amina)
    assert page.locator("main h1").inner_text() == say(language, "Your time is booked")
    booking = Booking.objects.get(pk=found.booking)
    assert booking.starts_at == found.starts
    shown(page, when(language, booking))
    shown(page, say(language, "Sending documents"))
    shown(page, say(language, "Arabic"))
    shown(page, say(language, "Interpreter needed"))
    shown(page, NORA_CALENDAR)  # "You meet"
    yield BookingStop("booked")

    ics = page.locator("main a[href$='/calendar.ics']").get_attribute("href") or ""
    assert ics == f"/booking/{found.booking}/calendar.ics", ics
    response = page.request.get(origin + ics)
    assert response.status == 200, response.status
    assert response.headers["content-type"].startswith("text/calendar"), response.headers
    text = response.text()
    assert "BEGIN:VEVENT" in text, text
    assert f"UID:{booking.uid}" in text and "SEQUENCE:0" in text, text


# --- 2b. The link in the reminder, without logging in --------------------------------------------


def reminder_link_journey(
    holder: Hands, language: str, private: list[str], found: Found
) -> Iterator[BookingStop]:
    """`private`: what the link's pages must never show (the person's name, number, needs)."""
    page, origin = holder.page, holder.origin
    before = Booking.objects.get(pk=found.booking)

    def nothing_private() -> None:
        text = squeeze(main_text(page) + " " + page.title())
        leaks = [value for value in private if value and value.casefold() in text.casefold()]
        assert not leaks, f"{leaks} on {page.url}:\n{text}"

    goto(page, origin, found.link)
    assert page.locator("main h1").inner_text() == say(language, "Your appointment")
    assert squeeze(page.locator("main p.lead").inner_text()) == squeeze(when(language, before))
    shown(page, LIBRARY)
    nothing_private()
    yield BookingStop("the link in the reminder", who="link")

    holder.go(f"main a[href='{found.link}move/']")  # "Move the time"
    at(page, origin, f"{found.link}move/")
    assert page.locator("main h1").inner_text() == say(language, "Move the time")
    value, found.moved_to = first_time(holder)
    assert found.moved_to != before.starts_at
    nothing_private()
    yield BookingStop("move the time", who="link")

    holder.choose("slot", value)
    holder.go(SUBMIT)
    at(page, origin, r"/booking/link/[^/]+/")
    found.moved_link = path_of(page, origin)
    assert found.moved_link != found.link  # the page carries on under the new link
    notice(page)
    moved = Booking.objects.get(pk=found.booking)
    told = say(language, "Your time is moved to %(when)s.", when=when(language, moved))
    assert squeeze(told) in squeeze(page.locator("main [data-notice]").inner_text())
    assert squeeze(page.locator("main p.lead").inner_text()) == squeeze(when(language, moved))
    nothing_private()
    yield BookingStop("the link – moved", who="link")

    goto(page, origin, found.link, status=404)
    assert page.locator("main h1").inner_text() == say(language, "This link no longer works")
    nothing_private()
    yield BookingStop("the old link – no longer works", who="link")


# --- 3. Nora's day -------------------------------------------------------------------------------


def nora_day_journey(nora: Hands, language: str, booking: Booking) -> Iterator[BookingStop]:
    """`booking`: Amina's booking with Nora, on the day Nora looks up."""
    page, origin = nora.page, nora.origin
    calendar = Resource.objects.get(helper__username="demo-nora")
    day_view = f"/booking/desk/{calendar.pk}/"
    log_in_with(nora, "nora")
    yield BookingStop("helper home", who="nora")

    nora.go("main a[href='/booking/desk/']")  # "See the day's bookings"
    at(page, origin, "/booking/desk/")
    yield BookingStop("bookings at your desk", who="nora")

    nora.go(f"main a[href='{day_view}']")  # "Today's bookings"
    at(page, origin, day_view)
    yield BookingStop("today", who="nora")

    day_field = "#id_day"
    show_day = "main form[method=get] button[type=submit]"
    nora.fill(day_field, NOT_A_DAY)
    response = nora.go(show_day)
    assert response.status == 400, response.status
    assert error_links(page) == {day_field}, error_links(page)
    assert page.input_value(day_field) == NOT_A_DAY
    yield BookingStop("a day that does not exist", failed_submit=True, who="nora")

    day = slots.local_date(booking.starts_at)
    nora.fill(day_field, typed(day))
    nora.go(show_day)
    at(page, origin, day_view)
    assert page.locator("[data-error-summary]").count() == 0, main_text(page)
    with translation.override(language):
        heading = display.day_text(day)
        span = display.span_text(booking.starts_at, booking.ends_at)
    assert heading in page.locator("main h1").inner_text(), page.locator("main h1").inner_text()
    row = page.locator("main ol.desk-day > li", has_text=AMINA)
    assert row.count() == 1, main_text(page)
    title = squeeze(row.locator("h3").inner_text())
    assert title.startswith(span) and AMINA in title, title
    text = squeeze(row.inner_text())
    for what in [say(language, "Arabic"), say(language, "Sending documents")]:
        assert squeeze(what) in text, f"{what!r} is not in Amina's row:\n{text}"
    interpreter = squeeze(say(language, "Interpreter needed")) in text
    assert interpreter is booking.interpreter, text
    assert page.locator(f"main a[href='/booking/{booking.pk}/']").count() == 1
    yield BookingStop("the day of Amina's booking", who="nora")
