"""Power of attorney (fullmakt) in a browser: three journeys where two or three people take turns.

* `help_code_journey`: Amina makes a help code at the library; Nora (a helper at Deichman
  Grünerløkka) uses it, fills in and sends Amina's application with a photo; Amina sees who
  sent it on her receipt and what Nora did in "Who has seen my information".
* `no_eid_journey`: Kåre has no eID. A caseworker at NAV Nord-Østerdal finds him, checks his
  identity, registers the paper power of attorney he signed for his daughter Siri (with the
  scan), and registers his paper application; Siri chooses to help him and follows his case.
* `ended_journey`: Amina gives Nora a power of attorney, Nora accepts and starts Amina's
  application; Amina ends it while Nora is in the middle, and Nora's next Continue is refused.

Each yields a `FullmaktStop` (whose page it is) at every page and state anyone reaches, error
states included, like case_steps.py. People work their pages with `Hands` from
application_steps (`Pointer` or `Keys`). Locators are addresses, field names and structure;
wording that is asserted comes from the catalogue in the journey's language (`say`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.test import Client
from django.utils import timezone
from playwright.sync_api import BrowserContext

from kompanjong.applications.models import Application
from kompanjong.delegation.models import Grant
from kompanjong.people.models import Account
from tests.e2e.application_steps import (
    ACCOUNT,
    COUNTRY,
    NEED_DETAILS,
    REASON,
    REFERENCE,
    Hands,
    at,
    continue_,
    error_links,
    is_at,
    main_text,
)
from tests.e2e.case_steps import log_in_with, notice, pick, say, shown, squeeze, typed
from tests.e2e.support import PersonStop, goto, path_of

AMINA = "Amina Hassan"
NORA = "Nora Berg"
NORA_AT = "Nora Berg, Deichman Grünerløkka"  # how the access log names her
NORA_NATIONAL_ID = "23078010088"
KARE = "Kåre Nilsen"
KARE_NATIONAL_ID = "04094810170"
# The page's own form: the banner (in <main> while acting) has a form of its own.
SUBMIT = "main form:not([action='/helping/stop/']) button[type=submit]"
WRONG_CODE = "ACDE-3479"  # the example in the hint: well-formed, never issued
PAPER_REFERENCE = "Skjema 1/2026"
PASSPORT_NUMBER = "ab1234567"


FullmaktStop = PersonStop


@dataclass
class Found:
    """What a journey found out on the way, for the checks after it."""

    code: str = ""
    draft: str = ""  # the application's id
    reference: str = ""
    grant: int = 0
    answers_before: dict[str, Any] | None = None  # the draft when the grant was ended


# --- small things --------------------------------------------------------------------------------

_MARK_OLD = "() => { document.documentElement.dataset.oldDocument = '1'; }"
_NEW_DOCUMENT_READY = (
    "() => !document.documentElement.dataset.oldDocument && document.readyState === 'complete'"
)


def send_with_files(hands: Hands, button: str) -> None:
    """Submit a form with files in it. With JavaScript kompanjong.js sends it with
    XMLHttpRequest and writes the answer into the page (no navigation); without, a page loads."""
    if not hands.js:
        hands.go(button)
        return
    hands.page.evaluate(_MARK_OLD)
    hands.activate(button)
    hands.page.wait_for_function(_NEW_DOCUMENT_READY, timeout=30_000)


def banner(hands: Hands) -> str:
    """The "acting for someone" banner's headline, or "" when there is none."""
    found = hands.page.locator("main .acting-banner strong")
    return found.inner_text() if found.count() else ""


def log_in_by_session(context: BrowserContext, origin: str, username: str) -> None:
    """Someone without a demo persona logs in: Django's test client makes the session, and the
    browser gets its cookie (as the login would have set it)."""
    client = Client()
    client.force_login(Account.objects.get(username=username))
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": origin}])


def person_id(hands: Hands) -> int:
    match = re.fullmatch(r"/staff/people/(\d+)/", path_of(hands.page, hands.origin))
    assert match, hands.page.url
    return int(match.group(1))


# --- the application wizard, driven by whoever fills it in ---------------------------------------

# What is answered on each question step, as (how, field, value), in page order.
Answer = tuple[str, str, str]
AMINAS_ANSWERS: dict[str, list[Answer]] = {
    "personal": [
        ("choose", "has_account", "yes"),
        ("fill", "#id_account_number", ACCOUNT),
        ("choose", "citizenship", "other"),
        ("fill", "#id_citizenship_country", COUNTRY),
    ],
    "need": [
        ("tick", "#id_needs_0", ""),  # food
        ("fill", "#id_need_details", NEED_DETAILS),
        ("fill", "#id_reason", REASON),
        ("choose", "urgent", "no"),
    ],
    "work": [("choose", "working", "no"), ("choose", "student", "no")],
    "family": [
        ("choose", "marital_status", "single"),
        ("fill", "#id_children", "0"),
        ("choose", "child_support", "none"),
    ],
    "housing": [
        ("choose", "housing", "rents"),
        ("fill", "#id_people_in_household", "1"),
        ("choose", "housing_benefit", "no"),
    ],
    "income": [("tick", "#id_income_sources_1", ""), ("fill", "#id_monthly_income", "6 500")],
    "expenses": [("tick", "#id_expenses_0", "")],
}
KARES_ANSWERS: dict[str, list[Answer]] = {
    **AMINAS_ANSWERS,
    "personal": [("choose", "has_account", "no"), ("choose", "citizenship", "norwegian")],
    "need": [
        ("tick", "#id_needs_0", ""),
        ("fill", "#id_reason", "Pensjonen strekker ikke til ved siden av strømregningen."),
        ("choose", "urgent", "no"),
    ],
    "housing": [
        ("choose", "housing", "owns"),
        ("fill", "#id_people_in_household", "1"),
        ("choose", "housing_benefit", "no"),
    ],
    "expenses": [],
}
STEPS = list(AMINAS_ANSWERS)


def answer(hands: Hands, answers: list[Answer]) -> None:
    for how, field, value in answers:
        if how == "choose":
            hands.choose(field, value)
        elif how == "tick":
            hands.tick(field)
        else:
            hands.fill(field, value)


def start_application(hands: Hands, who: str) -> Iterator[FullmaktStop]:
    """From the start page: start a new draft. Ends on its first step."""
    page, origin = hands.page, hands.origin
    at(page, origin, "/application/")
    yield FullmaktStop("application – start", who=who)
    hands.go(SUBMIT)
    at(page, origin, r"/application/[0-9a-f-]{36}/personal/")


def draft_of(hands: Hands) -> str:
    match = re.match(r"/application/([0-9a-f-]{36})/", path_of(hands.page, hands.origin))
    assert match, hands.page.url
    return match.group(1)


def question_steps(
    hands: Hands, who: str, answers: dict[str, list[Answer]], steps: list[str]
) -> Iterator[FullmaktStop]:
    """Answer the question steps in `steps`, yielding each page before it is answered."""
    page, origin = hands.page, hands.origin
    base = f"/application/{draft_of(hands)}/"
    for step in steps:
        at(page, origin, base + step + "/")
        yield FullmaktStop(f"application – {step}", who=who)
        answer(hands, answers[step])
        continue_(hands)


def documents_and_send(
    hands: Hands, who: str, photo: Path | None, found: Found
) -> Iterator[FullmaktStop]:
    """Every document page: the first gets a photo from the camera input when there is one,
    the others "later" (or "nothing more" for the optional one). Then check and send."""
    page, origin = hands.page, hands.origin
    base = f"/application/{draft_of(hands)}/"
    number = 1
    while is_at(page, origin, f"{base}documents/{number}/"):
        yield FullmaktStop(f"application – document {number}", who=who)
        if number == 1 and photo is not None:
            hands.attach("#id_photos", [photo])  # "Take a photo"
            loaded = hands.upload()
            at(page, origin, f"{base}documents/1/")
            assert page.locator("[data-error-summary]").count() == 0, main_text(page)
            assert page.locator("main .file-list li").count() == 1, main_text(page)
            assert page.is_checked("input[name=choice][value=upload]")  # chosen by the upload
            yield FullmaktStop(
                "application – document 1, photo uploaded" + ("" if loaded else " (XHR)"), who=who
            )
        elif page.locator("input[name=choice][value=later]").count():
            hands.choose("choice", "later")
        else:
            hands.choose("choice", "none")
        continue_(hands)
        number += 1
    assert number > 1, f"no document pages: at {page.url}"

    at(page, origin, base + "check/")
    yield FullmaktStop("application – check your answers", who=who)
    hands.go("main form[data-send-once] button[type=submit]")
    at(page, origin, base + "receipt/")
    told = page.locator("main [data-notice]").inner_text()
    reference = REFERENCE.search(told)
    assert reference, told
    found.draft = draft_of(hands)
    found.reference = reference.group(0)
    yield FullmaktStop("application – receipt", who=who)


def who_sent_it(hands: Hands, language: str) -> str:
    """What the receipt says under "Who sent it"."""
    term = hands.page.locator("main dl.summary-list > dt", has_text=say(language, "Who sent it"))
    assert term.count() == 1, main_text(hands.page)
    return squeeze(term.locator("xpath=following-sibling::dd[1]").inner_text())


# --- 1. a help code at the library -------------------------------------------------------------


def help_code_journey(
    amina: Hands, nora: Hands, language: str, photo: Path, found: Found
) -> Iterator[FullmaktStop]:
    origin = amina.origin
    started = timezone.now().replace(second=0, microsecond=0)

    # --- Amina makes a help code ---
    page = amina.page
    log_in_with(amina, "amina")
    yield FullmaktStop("citizen home")

    amina.go("main a[href='/fullmakt/']")
    at(page, origin, "/fullmakt/")
    yield FullmaktStop("power of attorney")

    amina.go("main a[href='/fullmakt/help-code/']")
    at(page, origin, "/fullmakt/help-code/")
    yield FullmaktStop("make a help code")

    response = amina.go(SUBMIT)  # nothing chosen
    assert response.status == 400, response.status
    at(page, origin, "/fullmakt/help-code/")
    shown(page, say(language, "Choose at least one thing they may help with."))
    yield FullmaktStop("make a help code – nothing chosen", failed_submit=True)

    amina.choose("application_level", "write")
    response = amina.go(SUBMIT)
    assert response.status == 200, response.status
    found.code = page.locator("main .help-code strong").inner_text().strip()
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}", found.code), found.code
    yield FullmaktStop("help code made")

    # --- Nora uses it ---
    page = nora.page
    log_in_with(nora, "nora")
    yield FullmaktStop("helper home", who="nora")

    nora.go("main a[href='/helper/help-code/']")
    at(page, origin, "/helper/help-code/")
    yield FullmaktStop("use a help code", who="nora")

    nora.fill("#id_code", WRONG_CODE)
    response = nora.go(SUBMIT)
    assert response.status == 400, response.status
    assert error_links(page) == {"#id_code"}, error_links(page)
    assert page.input_value("#id_code") == WRONG_CODE  # kept as typed
    yield FullmaktStop("use a help code – wrong code", failed_submit=True, who="nora")

    nora.fill("#id_code", found.code)
    nora.go(SUBMIT)
    at(page, origin, "/citizen/")
    assert banner(nora) == say(language, "You are helping %(name)s.", name=AMINA), banner(nora)
    notice(page)
    assert page.locator("main h1").inner_text() == say(language, "%(name)s's page", name=AMINA)
    yield FullmaktStop("Amina's page, helping her", who="nora")

    # --- Nora fills in Amina's application and sends it ---
    nora.go("main a[href='/application/']")
    yield from start_application(nora, "nora")
    # What NAV knows about Amina (not Nora) is filled in.
    assert page.input_value("#id_street") == "Toftes gate 12", page.input_value("#id_street")
    yield from question_steps(nora, "nora", AMINAS_ANSWERS, STEPS)
    yield from documents_and_send(nora, "nora", photo, found)
    sent_by = say(
        language,
        "Sent by %(helper)s on behalf of %(applicant)s, with a power of attorney.",
        helper=NORA,
        applicant=AMINA,
    )
    assert who_sent_it(nora, language) == sent_by, who_sent_it(nora, language)
    assert banner(nora) == say(language, "You are helping %(name)s.", name=AMINA)

    # --- Amina sees who sent it, and everything Nora did ---
    page = amina.page
    case = f"/cases/{found.reference}/"
    goto(page, origin, "/citizen/")
    assert page.locator(f"main a[href='{case}']").count() == 1, main_text(page)
    yield FullmaktStop("citizen home – the application is sent")

    amina.go(f"main a[href='{case}']")
    at(page, origin, case)
    yield FullmaktStop("my case")

    amina.go(f"main a[href='/application/{found.draft}/receipt/']")
    at(page, origin, f"/application/{found.draft}/receipt/")
    assert who_sent_it(amina, language) == sent_by, who_sent_it(amina, language)
    yield FullmaktStop("receipt – sent by Nora on behalf of Amina")

    amina.go("footer a[href='/me/access-log/']")
    at(page, origin, "/me/access-log/")
    entries = access_log(amina)
    with_fullmakt = "%(sentence)s They used the power of attorney you gave them."
    for done in [
        "%(actor)s opened your application.",
        "%(actor)s filled in or changed your application.",
        "%(actor)s sent your application.",
    ]:
        sentence = squeeze(
            say(language, with_fullmakt, sentence=say(language, done, actor=NORA_AT))
        )
        times = [at_ for at_, text in entries if text.endswith(sentence)]
        assert times, f"{sentence!r} is not in the access log:\n" + "\n".join(
            text for _, text in entries
        )
        assert all(started <= at_ <= timezone.now() + timedelta(minutes=1) for at_ in times), times
    yield FullmaktStop("who has seen my information")


def access_log(hands: Hands) -> list[tuple[datetime, str]]:
    """(time, text) for every line of "Who has seen my information"; the time is the one the
    line shows, and the text is what follows it."""
    entries = []
    for line in hands.page.locator("main ul.log-list > li").all():
        moment = line.locator("time")
        at_ = datetime.fromisoformat(moment.get_attribute("datetime") or "")
        shown_time = timezone.localtime(at_).strftime("%H:%M")
        assert shown_time in moment.inner_text(), (shown_time, moment.inner_text())
        text = squeeze(line.inner_text())
        heading = squeeze(line.locator(".log-time").inner_text())
        entries.append((at_, text.removeprefix(heading).strip()))
    return entries


# --- 2. Kåre without eID -----------------------------------------------------------------------


def no_eid_journey(
    ola: Hands, siri: Hands, language: str, scan: Path, found: Found
) -> Iterator[FullmaktStop]:
    origin = ola.origin
    page = ola.page
    log_in_with(ola, "ola")
    yield FullmaktStop("staff home", who="ola")

    ola.fill("#id_national_id", KARE_NATIONAL_ID)
    ola.go("main form[action='/staff/people/find/'] button[type=submit]")
    kare = person_id(ola)
    person = f"/staff/people/{kare}/"
    assert page.locator("main h1").inner_text() == KARE
    yield FullmaktStop("Kåre", who="ola")

    ola.go(f"main a[href='{person}identity/']")
    at(page, origin, f"{person}identity/")
    yield FullmaktStop("check identity", who="ola")

    response = ola.go(SUBMIT)  # nothing filled in
    assert response.status == 400, response.status
    assert error_links(page) == {"#id_document_type", "#id_document_number"}, error_links(page)
    yield FullmaktStop("check identity – nothing filled in", failed_submit=True, who="ola")

    pick(ola, "#id_document_type", "passport")
    ola.fill("#id_document_number", PASSPORT_NUMBER)
    ola.go(SUBMIT)
    at(page, origin, person)
    notice(page)
    yield FullmaktStop("Kåre – identity checked", who="ola")

    ola.go(f"main a[href='{person}paper-fullmakt/']")
    at(page, origin, f"{person}paper-fullmakt/")
    yield FullmaktStop("register a paper power of attorney", who="ola")

    daughter = Account.objects.get(username="siri").person
    assert daughter is not None
    ola.fill("#id_national_id", daughter.national_id)
    ola.fill("#id_family_name", daughter.family_name)
    ola.choose("case_level", "read")
    ola.fill("#id_case_until", typed(timezone.localdate() + timedelta(days=100)))
    ola.fill("#id_paper_reference", PAPER_REFERENCE)
    ola.attach("#id_files", [scan])  # "Choose file": the scanner's JPEG
    send_with_files(ola, "main form[data-upload-form] button[type=submit]")
    at(page, origin, person)
    assert page.locator("[data-error-summary]").count() == 0, main_text(page)
    grant = Grant.objects.get(giver_id=kare)
    found.grant = grant.pk
    told = squeeze(page.locator("main [data-notice]").inner_text())
    assert grant.reference in told, told
    yield FullmaktStop("Kåre – paper power of attorney registered", who="ola")

    ola.choose("channel", "staff_paper")  # "On a paper form"
    ola.go(f"main form[action='{person}register-application/'] button[type=submit]")
    at(page, origin, "/application/")
    registering = say(language, "You are registering an application for %(name)s.", name=KARE)
    assert banner(ola) == registering, banner(ola)
    yield from start_application(ola, "ola")
    assert page.input_value("#id_street") == "Narjordsvegen 140"
    yield from question_steps(ola, "ola", KARES_ANSWERS, STEPS)
    yield from documents_and_send(ola, "ola", None, found)
    assert banner(ola) == registering, banner(ola)
    paper = say(
        language, "Registered by NAV from a paper application from %(applicant)s.", applicant=KARE
    )
    assert who_sent_it(ola, language) == paper, who_sent_it(ola, language)

    # --- Siri, his daughter, follows his case ---
    page = siri.page
    goto(page, origin, "/citizen/")
    assert banner(siri) == ""
    yield FullmaktStop("citizen home", who="siri")

    siri.go("main a[href='/helping/']")
    at(page, origin, "/helping/")
    yield FullmaktStop("who are you helping now", who="siri")

    siri.choose("person", str(found.grant))
    siri.go(SUBMIT)
    at(page, origin, "/citizen/")
    assert banner(siri) == say(language, "You are helping %(name)s.", name=KARE), banner(siri)
    notice(page)
    yield FullmaktStop("Kåre's page, helping him", who="siri")

    case = f"/cases/{found.reference}/"
    siri.go(f"main a[href='{case}']")
    at(page, origin, case)
    status = page.locator("main .notice:not(.acting-banner) strong").first.inner_text()
    assert status == say(language, "NAV has received your application."), status
    yield FullmaktStop("Kåre's case – received", who="siri")


# --- 3. Amina ends the power of attorney while Nora is in the middle of her application ----------


def ended_journey(amina: Hands, nora: Hands, language: str, found: Found) -> Iterator[FullmaktStop]:
    origin = amina.origin

    # --- Amina gives Nora a power of attorney for her application ---
    page = amina.page
    log_in_with(amina, "amina")
    yield FullmaktStop("citizen home")

    amina.go("main a[href='/fullmakt/']")
    at(page, origin, "/fullmakt/")
    yield FullmaktStop("power of attorney")

    amina.go("main a[href='/fullmakt/give/']")
    at(page, origin, "/fullmakt/give/")
    yield FullmaktStop("give a power of attorney")

    amina.fill("#id_national_id", NORA_NATIONAL_ID)
    amina.fill("#id_family_name", "Berg")
    amina.choose("application_level", "write")
    amina.go("main form button[name=action][value=check]")
    at(page, origin, "/fullmakt/give/")
    assert page.locator("[data-error-summary]").count() == 0, main_text(page)
    shown(page, NORA)
    shown(page, say(language, "May see it, fill it in and send it"))
    yield FullmaktStop("give – check before you confirm")

    amina.go("main form button[name=action][value=confirm]")
    at(page, origin, r"/fullmakt/\d+/")
    grant = Grant.objects.get(giver__given_name="Amina")
    found.grant = grant.pk
    detail = f"/fullmakt/{grant.pk}/"
    at(page, origin, detail)
    notice(page)
    shown(page, say(language, "Waiting for a yes"))
    yield FullmaktStop("the power of attorney – waiting for Nora")

    # --- Nora accepts it ---
    page = nora.page
    log_in_with(nora, "nora")
    yield FullmaktStop("helper home", who="nora")

    nora.go("main a[href='/fullmakt/']")
    at(page, origin, "/fullmakt/")
    shown(page, say(language, "Waiting for your answer"))
    yield FullmaktStop("power of attorney", who="nora")

    nora.go(f"main a[href='{detail}']")
    at(page, origin, detail)
    yield FullmaktStop("the power of attorney", who="nora")

    nora.go(f"main form[action='{detail}yes/'] button[type=submit]")
    at(page, origin, detail)
    notice(page)
    shown(page, say(language, "Active"))
    yield FullmaktStop("the power of attorney – accepted", who="nora")

    # --- Nora chooses to help Amina, and starts her application ---
    nora.go("main a[href='/fullmakt/']")  # "Back to power of attorney"
    at(page, origin, "/fullmakt/")
    nora.go("main a[href='/helping/']")
    at(page, origin, "/helping/")
    yield FullmaktStop("who are you helping now", who="nora")

    nora.choose("person", str(grant.pk))
    nora.go(SUBMIT)
    at(page, origin, "/citizen/")
    helping = say(language, "You are helping %(name)s.", name=AMINA)
    assert banner(nora) == helping, banner(nora)
    yield FullmaktStop("Amina's page, helping her", who="nora")

    nora.go("main a[href='/application/']")
    yield from start_application(nora, "nora")
    found.draft = draft_of(nora)
    yield from question_steps(nora, "nora", AMINAS_ANSWERS, ["personal", "need"])
    at(page, origin, f"/application/{found.draft}/work/")
    assert banner(nora) == helping, banner(nora)
    yield FullmaktStop("application – work", who="nora")
    found.answers_before = Application.objects.get(pk=found.draft).answers

    # --- Amina ends it ---
    page = amina.page
    page.reload()
    shown(page, say(language, "Active"))
    yield FullmaktStop("the power of attorney – active")

    amina.go(f"main form[action='{detail}end/'] button[type=submit]")
    at(page, origin, detail)
    notice(page)
    shown(page, say(language, "Ended"))
    yield FullmaktStop("the power of attorney – ended")

    # --- Nora answers the next step and presses Continue: refused, nothing stored ---
    page = nora.page
    answer(nora, AMINAS_ANSWERS["work"])
    continue_(nora)
    at(page, origin, "/helper/")  # refused as a whole: back on her own start page
    told = squeeze(page.locator("main [data-notice]").inner_text())
    refused = say(
        language,
        "You can no longer help this person: the power of attorney has ended or expired. "
        "Nothing of theirs has been changed. You are now acting as yourself.",
    )
    assert squeeze(refused) in told, told
    assert banner(nora) == "", banner(nora)
    yield FullmaktStop("application – refused", who="nora")

    assert banner(nora) == ""
    assert page.locator("main form[action='/helping/'] button[name=person]").count() == 0
    yield FullmaktStop("helper home – herself again", who="nora")
