"""A case in a browser, from the request for documents to the payment: Ola and Amina take turns.

`case_journey` walks the case issue's "done when" story through two browser pages, Amina's
and Ola's, and yields a `CaseStop` (whose page it is) at every page and state either of them
reaches, error states included, like the journeys in support.py and application_steps.py.
Each person works their page with `Hands` from application_steps: `Pointer` (clicks and
`fill`, JavaScript on or off) or `Keys` (Tab, arrow keys, typing, Enter and Space only).

Locators are addresses, form field names and structure wherever possible, so the journey does
not depend on the wording. Where wording is asserted, it is read from the catalogue at test
time (`say`), in the journey's language, so the test follows the translations.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from django.utils import dateformat, timezone, translation
from django.utils.translation import gettext, ngettext
from playwright.sync_api import Page

from kompanjong.cases import selectors
from kompanjong.cases.models import Case
from kompanjong.notifications.models import Notification
from kompanjong.notifications.rules import choose_channel
from kompanjong.notifications.services import contact_facts
from kompanjong.people.models import Person
from tests.e2e.application_steps import Hands, Keys, at, error_links, main_text, pdf_pages
from tests.e2e.support import PersonStop, goto, log_in
from tests.personas import HOMES

# --- what Ola writes -------------------------------------------------------------------------

REQUESTED = [
    ("Kontoutskrift", "Fra alle kontoene dine, for de siste tre månedene."),
    ("Husleiekontrakt", "Den som gjelder nå, med underskrift fra deg og utleier."),
]
OLA_WRITES = "Takk for kontoutskriften. Når begynte du i den nye jobben?"
AMINA_ANSWERS = "Jeg har ikke fått ny jobb ennå. Jeg søker hver uke."
PART = "Livsopphold"
AMOUNT = "6200"
REASONING = (
    "Du får stønad til livsopphold for én måned. Husleien dekkes av bostøtten, derfor er "
    "søknaden delvis innvilget."
)
PAYMENT_FOR = "Livsopphold"
AMOUNT_SHOWN = re.compile(r"6[\s\u00a0\u202f.]?200 kr")


# --- stops and texts ---------------------------------------------------------------------------


CaseStop = PersonStop


def say(language: str, message: str, **values: Any) -> str:
    """A text as the catalogue has it in `language`, with its placeholders filled in."""
    with translation.override(language):
        text = gettext(message)
    return text % values if values else text


def say_n(language: str, singular: str, plural: str, count: int) -> str:
    with translation.override(language):
        return ngettext(singular, plural, count) % {"count": count}


def long_date(language: str, day: date) -> str:
    """A date as the templates show it ("j. F Y"), month name in `language`."""
    with translation.override(language):
        return dateformat.format(day, "j. F Y")


def typed(day: date) -> str:
    return day.strftime("%d.%m.%Y")


def squeeze(text: str) -> str:
    """No-break and narrow spaces as spaces, runs of white space as one."""
    return re.sub(r"\s+", " ", re.sub(r"[\u00a0\u202f]", " ", text))


def shown(page: Page, text: str) -> None:
    assert squeeze(text) in squeeze(main_text(page)), (
        f"{text!r} is not in <main>:\n{main_text(page)}"
    )


def notice(page: Page) -> None:
    """The green confirmation after an action (the Django message, role=status)."""
    assert page.locator("main [data-notice][role=status]").is_visible(), main_text(page)


def pdf_at(page: Page, origin: str, src: str) -> bytes:
    """What the address gives the person whose page it is: a PDF."""
    response = page.request.get(origin + src)
    assert response.status == 200, (src, response.status)
    assert response.headers["content-type"] == "application/pdf", response.headers
    body = response.body()
    assert body.startswith(b"%PDF"), body[:20]
    return body


def pick(hands: Hands, selector: str, value: str) -> None:
    """Choose an option in a <select>: with the keyboard, Tab to it and use the arrow keys."""
    page = hands.page
    if not isinstance(hands, Keys):
        page.select_option(selector, value)
        return
    hands.tab_to(selector)
    for _ in range(12):
        if page.input_value(selector) == value:
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"the arrow keys never chose {value!r} in {selector}")


def log_in_with(hands: Hands, persona: str) -> None:
    page, origin = hands.page, hands.origin
    if hands.keyboard_only:
        goto(page, origin, "/login/demo/")
        hands.go(f"button[value='{persona}']")
        at(page, origin, HOMES[persona])
    else:
        log_in(page, origin, persona)


# --- the journey -------------------------------------------------------------------------------


@dataclass
class Learnt:
    """What the journey found out on the way, for the checks after it."""

    channel: str = ""
    notified: list[str] = field(default_factory=list)  # template keys of Amina's outbox rows
    decision_letter: bytes = b""
    sent_document: bytes = b""


def case_journey(
    amina: Hands, ola: Hands, reference: str, language: str, photo: Path, learnt: Learnt
) -> Iterator[CaseStop]:
    origin = ola.origin
    case = f"/cases/{reference}/"
    staff_case = f"/staff/cases/{reference}/"
    yield from ola_asks_for_documents(ola, reference, language)

    # --- the outbox: Amina is told, the way the rules choose for her ---
    person = Person.objects.get(given_name="Amina")
    expected = choose_channel(contact_facts(person))
    rows = Notification.objects.filter(recipient=person, template_key="documents_requested")
    assert [row.channel for row in rows] == [expected.value], list(rows)
    learnt.channel = expected.value

    # --- Amina sends the first document ---
    page = amina.page
    log_in_with(amina, "amina")
    assert page.locator(f"main a[href='{case}']").count() == 1, main_text(page)
    yield CaseStop("citizen home")

    amina.go(f"main a[href='{case}']")
    at(page, origin, case)
    tasks = page.locator("main .task-list > li")
    assert tasks.count() == 2, tasks.all_inner_texts()
    for number, (title, explanation) in enumerate(REQUESTED):
        assert title in tasks.nth(number).inner_text()
        assert explanation in tasks.nth(number).inner_text()
    shown(page, say(language, "%(done)s of %(total)s done.", done=0, total=2))
    deadline = long_date(language, timezone.localdate() + timedelta(days=10))
    shown(page, say(language, "Send it by %(date)s.", date=deadline))
    letter = page.locator("main a[href^='/documents/']").first  # NAV's letter about them
    pdf_at(page, origin, letter.get_attribute("href") or "")
    yield CaseStop("my case – two documents asked for")

    amina.go(f"main a[href='{case}tasks/1/']")
    at(page, origin, f"{case}tasks/1/")
    assert REQUESTED[0][0] in page.locator("main h1").inner_text()
    yield CaseStop("send document 1")

    send = "main button[name=action][value=upload]"
    response = amina.go(send)  # nothing chosen
    assert response.status == 400, response.status
    at(page, origin, f"{case}tasks/1/")
    assert error_links(page) == {"#id_photos"}, error_links(page)
    yield CaseStop("send document 1 – nothing chosen", failed_submit=True)

    amina.attach("#id_photos", [photo])
    amina.upload()
    at(page, origin, case)
    notice(page)
    assert REQUESTED[0][0] in page.locator("main [data-notice]").inner_text()
    shown(page, say(language, "%(done)s of %(total)s done.", done=1, total=2))
    assert page.locator(f"main a[href='{case}tasks/1/']").count() == 0  # done
    assert page.locator(f"main a[href='{case}tasks/2/']").count() == 1
    yield CaseStop("my case – document 1 sent")

    # --- Ola sees it, and writes to Amina ---
    page = ola.page
    ola.go("main a[href='/staff/cases/']")  # "Back to the cases"
    at(page, origin, "/staff/cases/")
    ola.go("main nav a[href='?filter=received']")
    assert page.locator(f"main tbody a[href='{staff_case}']").count() == 1, main_text(page)
    yield CaseStop("queue – documents received", who="ola")

    ola.go(f"main tbody a[href='{staff_case}']")
    at(page, origin, staff_case)
    frames = page.locator("main iframe.document-frame")
    assert frames.count() == 1, frames.count()
    assert frames.first.get_attribute("title")
    learnt.sent_document = pdf_at(page, origin, frames.first.get_attribute("src") or "")
    assert pdf_pages(learnt.sent_document) >= 2  # a cover page, then the photo
    shown(page, say(language, "%(done)s of %(total)s sent.", done=1, total=2))
    yield CaseStop("case – the document Amina sent", who="ola")

    ola.go(f"main a[href='{staff_case}messages/']")
    at(page, origin, f"{staff_case}messages/")
    yield CaseStop("messages", who="ola")

    write = "main form:has(textarea[name=text]) button[type=submit]"
    ola.fill("#id_text", OLA_WRITES)
    ola.go(write)
    at(page, origin, f"{staff_case}messages/")
    notice(page)
    shown(page, OLA_WRITES)
    yield CaseStop("messages – sent", who="ola")

    # --- Amina reads it and answers ---
    page = amina.page
    page.reload()
    shown(
        page,
        say_n(language, "You have %(count)s new message.", "You have %(count)s new messages.", 1),
    )
    yield CaseStop("my case – a new message")

    amina.go(f"main a[href='{case}messages/']")
    at(page, origin, f"{case}messages/")
    message = page.locator("main .message", has_text=OLA_WRITES)
    assert message.locator(".message-new").count() == 1, message.inner_text()
    yield CaseStop("messages – Ola's message")

    amina.fill("#id_text", AMINA_ANSWERS)
    amina.go("main form:has(textarea[name=text]) button[type=submit]")
    at(page, origin, f"{case}messages/")
    notice(page)
    shown(page, AMINA_ANSWERS)
    yield CaseStop("messages – answered")

    # --- Ola sees the answer, decides, and registers the payment ---
    page = ola.page
    ola.go(f"main a[href='{staff_case}']")  # "Back to the case"
    at(page, origin, staff_case)
    unread = say_n(language, "%(count)s unread", "%(count)s unread", 1)
    link = page.locator(f"main a[href='{staff_case}messages/']")
    assert unread in link.inner_text(), link.inner_text()
    yield CaseStop("case – an unread answer", who="ola")

    ola.go(f"main a[href='{staff_case}messages/']")
    at(page, origin, f"{staff_case}messages/")
    answer = page.locator("main .message", has_text=AMINA_ANSWERS)
    assert answer.locator(".message-new").count() == 1, answer.inner_text()
    yield CaseStop("messages – Amina's answer", who="ola")

    ola.go(f"main a[href='{staff_case}']")  # "Back to the case"
    at(page, origin, staff_case)
    ola.go(f"main a[href='{staff_case}decide/']")
    at(page, origin, f"{staff_case}decide/")
    assert page.input_value("#id_sak") == "new"  # no part yet: a new one
    yield CaseStop("make a decision", who="ola")

    today = timezone.localdate()
    ola.fill("#id_title", PART)
    ola.choose("outcome", "DELVIS_INNVILGET")
    ola.fill("#id_amount", AMOUNT)
    ola.fill("#id_period_from", typed(today))
    ola.fill("#id_period_to", typed(today + timedelta(days=30)))
    ola.fill("#id_reasoning", REASONING)
    ola.go("main form button[type=submit]")
    at(page, origin, staff_case)
    notice(page)
    shown(page, PART)
    shown(page, say(language, "Partly granted"))
    yield CaseStop("case – decided", who="ola")

    ola.go(f"main a[href='{staff_case}payment/']")
    at(page, origin, f"{staff_case}payment/")
    yield CaseStop("register a payment", who="ola")

    pick(ola, "#id_payment", "new")
    ola.choose("status", "PLANLAGT_UTBETALING")
    ola.fill("#id_amount", AMOUNT)
    ola.fill("#id_day", typed(today + timedelta(days=3)))
    ola.fill("#id_description", PAYMENT_FOR)
    part = page.locator("#id_sak option", has_text=PART).get_attribute("value") or ""
    assert part, page.locator("#id_sak").inner_html()
    pick(ola, "#id_sak", part)
    ola.go("main form button[type=submit]")
    at(page, origin, staff_case)
    notice(page)
    assert AMOUNT_SHOWN.search(squeeze(main_text(page))), main_text(page)
    yield CaseStop("case – payment registered", who="ola")

    # --- Amina sees the outcome ---
    page = amina.page
    amina.go(f"main a[href='{case}']")  # "Back to your application"
    at(page, origin, case)
    decision = page.locator("main section[aria-labelledby^='sak-']")
    assert decision.count() == 1, decision.count()
    assert PART in decision.locator("h3").inner_text()
    assert say(language, "Partly granted") in decision.inner_text()
    complain_by = long_date(language, today + timedelta(weeks=3))
    shown(
        page,
        say(
            language,
            "If you disagree, you can complain (klage) to your NAV office. Complain by %(date)s.",
            date=complain_by,
        ),
    )
    letter = decision.locator("a[href^='/documents/']")
    assert letter.count() == 1
    learnt.decision_letter = pdf_at(page, origin, letter.get_attribute("href") or "")
    main = squeeze(main_text(page))
    assert AMOUNT_SHOWN.search(main), main
    assert say(language, "Planned") in main
    assert PAYMENT_FOR in main
    # The timeline: one line per event in the case log (newest first), then the sending.
    timeline = page.locator("main ul.log-list").last.locator("> li")
    events = selectors.case_view(Case.objects.get(application__reference=reference)).timeline
    assert timeline.count() == len(events) + 1, timeline.all_inner_texts()
    assert len(events) >= 6, events  # office, processing, request, part, decision, payment
    said = squeeze(" ".join(timeline.all_inner_texts()))
    assert PART in said and AMOUNT_SHOWN.search(said), said
    yield CaseStop("my case – decided, payment planned")

    learnt.notified = list(
        Notification.objects.filter(recipient=person).values_list("template_key", flat=True)
    )


def ola_asks_for_documents(ola: Hands, reference: str, language: str) -> Iterator[CaseStop]:
    page, origin = ola.page, ola.origin
    staff_case = f"/staff/cases/{reference}/"
    log_in_with(ola, "ola")
    yield CaseStop("staff home", who="ola")

    ola.go("main a[href='/staff/cases/']")
    at(page, origin, "/staff/cases/")
    yield CaseStop("queue", who="ola")

    new = "main nav a[href='?filter=new']"
    ola.go(new)
    assert page.locator(new).get_attribute("aria-current") == "page"
    count = re.search(r"\((\d+)\)", page.locator(new).inner_text())
    assert count, page.locator(new).inner_text()
    rows = page.locator("main tbody tr")
    assert rows.count() == min(int(count.group(1)), 50), (rows.count(), count.group(0))
    assert page.locator(f"main tbody a[href='{staff_case}']").count() == 1, main_text(page)
    yield CaseStop("queue – new", who="ola")

    ola.go(f"main tbody a[href='{staff_case}']")
    at(page, origin, staff_case)
    yield CaseStop("case", who="ola")

    start = f"main form[action='{staff_case}processing/'] button[type=submit]"
    ola.go(start)
    at(page, origin, staff_case)
    notice(page)
    assert page.locator(start).count() == 0  # it is being processed now
    yield CaseStop("case – processing", who="ola")

    ola.go(f"main a[href='{staff_case}request-documents/']")
    at(page, origin, f"{staff_case}request-documents/")
    yield CaseStop("ask for documents", who="ola")

    response = ola.go("main form button[type=submit]")  # nothing filled in
    assert response.status == 400, response.status
    assert error_links(page) == {"#id_title_1", "#id_deadline"}, error_links(page)
    yield CaseStop("ask for documents – nothing filled in", failed_submit=True, who="ola")

    for number, (title, explanation) in enumerate(REQUESTED, start=1):
        ola.fill(f"#id_title_{number}", title)
        ola.fill(f"#id_explanation_{number}", explanation)
    ola.fill("#id_deadline", typed(timezone.localdate() + timedelta(days=10)))
    ola.go("main form button[type=submit]")
    at(page, origin, staff_case)
    notice(page)
    shown(page, say(language, "%(done)s of %(total)s sent.", done=0, total=2))
    yield CaseStop("case – documents asked for", who="ola")
