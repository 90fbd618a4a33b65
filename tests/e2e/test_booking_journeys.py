"""Where is help, and booking a time, done: the issue's three journeys in browsers.

1. Kåre has no eID and gets letters; he signed a paper power of attorney at NAV for his
   daughter Siri that covers appointments with helpers. Siri chooses to help him (the
   banner), searches "Where is help" (first a postcode nobody has: an error), finds phone help
   and the Thursday visiting helper in Os for eID and BankID, and books the first free phone
   time for him (first without a topic: an error). The booking is Kåre's, booked by Siri; his
   access log says she used his power of attorney; his confirmation goes by letter.
2. Amina finds help in Oslo in Arabic, books a time with Nora at the library, and takes the
   calendar file. A day before, the reminder goes out as a text message with a signed link
   and nothing personal in it. Whoever holds her phone opens the link in a browser that has
   never logged in: date and place, not her name or needs. They move the time; the old link
   stops working; the booking keeps its UID and counts one change.
3. Nora, at the library's computer, opens her calendar's day view, first with a date that
   does not exist (an error), then the day of Amina's booking: Amina, the time, her topic
   and language.

Each runs three ways (tests/e2e/booking_steps.py for the journeys), like
test_fullmakt_journeys.py: JavaScript on in bokmål, JavaScript off in nynorsk (axe checks the
same DOM replayed in a JavaScript-on page, support.AxeReplay), and the keyboard only (browsers
set to Norwegian). Citizens use a 360×740 phone window, Nora a desktop. At every stop: one
<h1>, <html lang> is the journey's language, axe-core finds 0 WCAG 2.1 A/AA violations, after
a failed submit the error-summary pattern holds, and every page reflows at 320 px (= 200 %
zoom) and with 200 % text (support.LayoutCheck).

Free times depend on when the suite runs: the journeys choose the first time offered, never a
fixed one, and check it against the demo booking Amina already has with Nora.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from urllib.parse import urlsplit

import pytest
from django.utils import timezone, translation

from kompanjong.booking import reminders
from kompanjong.booking.models import Booking, Status
from kompanjong.core.audit import actor_label
from kompanjong.core.formatting import phone_for_reading
from kompanjong.core.models import AccessLog
from kompanjong.delegation.no_eid import check_identity, register_paper_grant
from kompanjong.delegation.rules import Action, Area
from kompanjong.delegation.services import ScopeChoice
from kompanjong.documents.pipeline import Upload
from kompanjong.notifications.models import Notification
from kompanjong.people.models import Account, Membership, Organisation, Person
from kompanjong.people.selectors import access_log_page
from tests.documents import photos
from tests.e2e.booking_steps import (
    Found,
    amina_books_journey,
    kare_phone_time_journey,
    nora_day_journey,
    reminder_link_journey,
)
from tests.e2e.case_steps import say
from tests.e2e.conftest import ContextFactory
from tests.e2e.support import load_demo_directory
from tests.e2e.test_fullmakt_journeys import CITIZENS_PHONE, DESKTOP, MODES, Browsers
from tests.factories import valid_national_id

pytestmark = pytest.mark.e2e

LINK = re.compile(r"https?://\S+/booking/link/[^/\s]+/")


def kare_signs_a_paper_fullmakt_for_siri() -> int:
    """Kåre comes to his NAV office with the signed paper: a caseworker there (Ola, who
    works there too for this test) checks his identity and registers it, with the scan. Siri
    has an account of her own. Returns the grant's id."""
    ola = Account.objects.get(username="demo-ola")
    Membership.objects.create(
        account=ola,
        organisation=Organisation.objects.get(name="NAV Nord-Østerdal"),
        role="caseworker",
    )
    kare = Person.objects.get(given_name="Kåre")
    siri = Person.objects.create(
        national_id=valid_national_id(date(1975, 3, 12)),
        given_name="Siri",
        family_name="Nilsen",
        municipality=kare.municipality,
        email="siri@example.org",
    )
    Account.objects.create(username="siri", person=siri)
    check_identity(actor=ola, person=kare, document_type="passport", document_number="AB1234567")
    grant = register_paper_grant(
        actor=ola,
        giver=kare,
        helper=siri,
        scopes=[ScopeChoice(Area.BOOKINGS, Action.WRITE, timezone.localdate() + timedelta(100))],
        paper_reference="Skjema 2/2026",
        uploads=[Upload(name="fullmakt.jpg", data=photos.jpeg(620, 877, orientation=1))],
    )
    return grant.pk


@pytest.mark.parametrize("mode", MODES)
def test_siri_books_a_phone_time_for_kare(
    mode: str, new_context: ContextFactory, server: str
) -> None:
    load_demo_directory()
    grant = kare_signs_a_paper_fullmakt_for_siri()
    browsers = Browsers(mode, new_context, server)
    daughter = browsers.person("siri", CITIZENS_PHONE, layout=True, username="siri")
    found = Found()
    browsers.walk(kare_phone_time_journey(daughter, browsers.language, grant, found))

    assert len(browsers.stops("siri")) == 11, browsers.stops("siri")
    booking = Booking.objects.select_related("resource", "topic").get(pk=found.booking)
    kare = Person.objects.get(given_name="Kåre")
    siri = Account.objects.get(username="siri")
    assert (booking.person_id, booking.booked_by_id, booking.channel, booking.status) == (
        kare.pk,
        siri.pk,
        "phone",
        Status.BOOKED,
    )
    assert booking.on_behalf
    assert (booking.resource.name, booking.topic.code if booking.topic else "") == (
        "Telefonveileder",
        "eid",
    )
    assert booking.remind_by == "letter"  # he is reserved against digital notices
    # His access log: Siri booked it, with his power of attorney.
    [entry] = AccessLog.objects.filter(subject=kare, object_id=str(booking.pk), action="create")
    assert (entry.actor_id, entry.object_type, entry.on_behalf_of_id) == (
        siri.pk,
        "booking",
        kare.pk,
    )
    with translation.override("en"):
        texts = [row["text"] for row in access_log_page(kare.account, page_number=1).object_list]
    sentence = (
        f"{actor_label(siri)} booked a time with a helper for you. "
        "They used the power of attorney you gave them."
    )
    assert sentence in texts, texts
    # The confirmation goes to Kåre, not to Siri, and by letter.
    confirmations = Notification.objects.filter(template_key="booking_confirmed").exclude(
        recipient__given_name="Amina"  # her demo booking with Nora
    )
    assert [(n.recipient_id, n.channel) for n in confirmations] == [(kare.pk, "letter")]
    browsers.assert_no_problems()


def private_facts(booking: Booking) -> list[str]:
    """What only the person, their helper and the desk may see: never on the signed link's
    pages or in a text message."""
    person = booking.person
    assert person is not None and booking.topic is not None
    facts = [
        person.given_name,
        person.family_name,
        person.national_id,
        person.phone,
        phone_for_reading(person.phone),
        person.email,
    ]
    for language in ["nb", "nn", "en"]:
        facts += [
            say(language, str(booking.topic.name)),
            say(language, "Arabic"),
            say(language, "Interpreter needed"),
        ]
    return facts


@pytest.mark.parametrize("mode", MODES)
def test_amina_books_and_moves_her_time_from_the_reminder(
    mode: str, new_context: ContextFactory, server: str
) -> None:
    load_demo_directory()
    browsers = Browsers(mode, new_context, server)
    amina = browsers.person("amina", CITIZENS_PHONE, layout=True)
    found = Found()
    browsers.walk(amina_books_journey(amina, browsers.language, found))

    booked = Booking.objects.select_related("person", "topic").get(pk=found.booking)
    assert (booked.status, booked.channel, booked.language, booked.interpreter) == (
        Status.BOOKED,
        "in_person",
        "ar",
        True,
    )
    assert booked.topic is not None and booked.topic.code == "documents"
    assert booked.resource.name == "Nora Berg"

    # A day before: the reminder, a text message with the signed link and nothing personal.
    assert reminders.remind(booked.pk, now=booked.starts_at - timedelta(hours=23))
    [sms] = Notification.objects.filter(recipient=booked.person, template_key="booking_reminder")
    assert sms.channel == "sms", sms.channel
    private = private_facts(booked)
    leaks = [fact for fact in private if fact.casefold() in sms.body.casefold()]
    assert not leaks, f"{leaks} in the text message: {sms.body!r}"
    assert booked.resource.service_at_location.location.name not in sms.body
    urls = LINK.findall(sms.body)
    assert len(urls) == 1, sms.body
    found.link = urlsplit(urls[0]).path

    # Whoever holds her phone, in a browser that has never logged in.
    holder = browsers.person("link", CITIZENS_PHONE, layout=True)
    browsers.walk(reminder_link_journey(holder, browsers.language, private, found))

    assert len(browsers.stops("amina")) == 8, browsers.stops("amina")
    assert len(browsers.stops("link")) == 4, browsers.stops("link")
    moved = Booking.objects.get(pk=found.booking)
    assert moved.starts_at == found.moved_to
    assert (moved.uid, moved.sequence, moved.status) == (
        booked.uid,
        booked.sequence + 1,
        Status.BOOKED,
    )
    assert moved.reminded_at is None  # a new reminder for the new time
    changed = Notification.objects.filter(recipient=booked.person, template_key="booking_changed")
    assert [n.channel for n in changed] == ["sms"]
    assert AccessLog.objects.filter(
        subject=booked.person, object_type="booking.link", object_id=str(moved.pk)
    ).exists()
    browsers.assert_no_problems()


@pytest.mark.parametrize("mode", MODES)
def test_nora_sees_her_day(mode: str, new_context: ContextFactory, server: str) -> None:
    load_demo_directory()
    aminas = Booking.objects.select_related("topic").get(idempotency_key="demo-amina-with-nora")
    browsers = Browsers(mode, new_context, server)
    nora = browsers.person("nora", DESKTOP, layout=True)  # the library's computer
    browsers.walk(nora_day_journey(nora, browsers.language, aminas))

    assert len(browsers.stops("nora")) == 5, browsers.stops("nora")
    browsers.assert_no_problems()
