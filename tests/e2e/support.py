"""What the browser tests share: axe-core, logging in and out, and the journeys themselves.

A journey is a generator that drives a page through everything one persona can reach and
yields a `Stop` each time the page shows a new page or state. The test that runs it
decides what to check at every stop (axe, layout, weight), so every check sees exactly the
same pages and states.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from axe_playwright_python.base import AXE_SCRIPT
from django.core.management import call_command
from playwright.sync_api import FilePayload, Page, Response, ViewportSize

from tests.personas import HOMES

LANGUAGES = ["nb", "nn", "en"]
KINDS = {
    "amina": "citizen",
    "kare": "citizen",
    "nora": "helper",
    "ola": "caseworker",
    "lead": "caseworker",
    "admin": "admin",
}
AMINA_NATIONAL_ID = "15069210055"
UNKNOWN_POSTCODE = "9999"  # four digits, and no place has it
OSLO = "0301"
INVALID_NATIONAL_ID = "12345678901"  # eleven digits, wrong check digits

AXE_OPTIONS: dict[str, Any] = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}


@dataclass(frozen=True)
class Stop:
    """A page or state a journey has reached."""

    name: str
    failed_submit: bool = False  # a form came back with errors


Journey = Iterator[Stop]


@dataclass(frozen=True)
class PersonStop(Stop):
    """A stop in a journey with several people; `who` says whose browser shows it."""

    who: str = "amina"


# --- axe-core --------------------------------------------------------------------------------
def axe_violations(page: Page) -> list[dict[str, Any]]:
    """Run axe-core in the page (which must have JavaScript on) and return the violations.

    This is what axe-playwright-python's `Axe().run(page, options=AXE_OPTIONS)` does, with the
    package's own axe-core build, except that axe is not injected again when the context
    already put it in every page (`new_context(axe=True)`).
    """
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SCRIPT)
    results = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
    violations: list[dict[str, Any]] = results["violations"]
    return violations


def describe_violations(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"  [{violation['impact']}] {violation['id']}: {violation['help']}")
        lines.append(f"      {violation['helpUrl']}")
        for node in violation["nodes"][:5]:
            lines.append(f"      at {', '.join(map(str, node['target']))}")
            lines.append(f"         {node['html'][:160]}")
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            if summary:
                lines.append(f"         {summary[:300]}")
        if len(violation["nodes"]) > 5:
            lines.append(f"      … and {len(violation['nodes']) - 5} more")
    return "\n".join(lines)


_SCRIPT = re.compile(r"<script\b[^>]*>.*?</script\s*>", re.IGNORECASE | re.DOTALL)
_NOSCRIPT_TAG = re.compile(r"</?noscript\b[^>]*>", re.IGNORECASE)


def without_scripts(html: str) -> str:
    """The page as a browser without JavaScript shows it: no scripts, <noscript> content shown."""
    return _NOSCRIPT_TAG.sub("", _SCRIPT.sub("", html))


_STYLESHEETS_LOADED = """() => [...document.querySelectorAll('link[rel=stylesheet]')]
  .every(link => link.sheet && link.sheet.cssRules.length > 0)"""


class AxeReplay:
    """Run axe on HTML captured from a JavaScript-off page.

    axe-core is JavaScript, and it does not finish in a context with JavaScript off (its
    promises and timers never run), so it cannot check the JS-off page where it is. Instead we
    take the DOM the JS-off page really shows (`page.content()`, which without JavaScript is
    the server's HTML as parsed), remove its <script> elements (and unwrap <noscript>), and
    write that HTML into a JavaScript-on page that sits on the live server's own origin
    (`page.set_content`, i.e. document.open/write). The stylesheet and everything else the page
    links to load from the live server exactly as for the JS-off user, under the same Content
    Security Policy; none of the page's own scripts run, and axe then sees the same DOM and
    computed styles. axe itself stays loaded
    in the window between pages (document.open keeps the window). Focus is not replayed;
    axe's WCAG rules do not depend on it.
    """

    PATH = "/__axe_replay__/"

    def __init__(self, page: Page, origin: str) -> None:
        self.page = page
        # The replay document gets the service's own Content Security Policy, so that what
        # the policy would block on the real page (inline styles, say) is blocked here too.
        headers = page.request.get(origin + "/help/").headers
        policy = {"content-security-policy": headers.get("content-security-policy", "")}
        blank = "<!DOCTYPE html><html lang='en'><title>replay</title></html>"
        page.route(origin + self.PATH, lambda route: route.fulfill(body=blank, headers=policy))
        page.goto(origin + self.PATH)

    def violations(self, html: str) -> list[dict[str, Any]]:
        self.page.set_content(without_scripts(html))
        assert self.page.evaluate(_STYLESHEETS_LOADED), "the replayed page lost its stylesheet"
        return axe_violations(self.page)


# --- layout ------------------------------------------------------------------------------------
PHONE: ViewportSize = {"width": 320, "height": 640}
TEXT_ZOOM_WIDTH = 640
_MEASURE = """() => {
  const width = document.documentElement.clientWidth;
  const controls = 'a, button, input, select, textarea, label';
  const outside = [...document.querySelectorAll('header, main')]
    .flatMap(area => [...area.querySelectorAll(controls)])
    .filter(el => el.getClientRects().length && !el.closest('[hidden], .visually-hidden'))
    .filter(el => {
      const box = el.getBoundingClientRect();
      return box.left < -1 || box.right > width + 1;
    })
    .map(el => el.outerHTML.slice(0, 100));
  return {width, scrollWidth: document.documentElement.scrollWidth, outside};
}"""
_ROOT_FONT_SIZE = "() => getComputedStyle(document.documentElement).fontSize"


def layout_problems(page: Page, what: str) -> list[str]:
    """No horizontal scroll, and every control in the header and <main> inside the viewport."""
    result: dict[str, Any] = page.evaluate(_MEASURE)
    problems = []
    if result["scrollWidth"] > result["width"]:
        problems.append(f"{what}: horizontal scroll, {result['scrollWidth']} > {result['width']}")
    problems += [f"{what}: sticks out of the viewport: {html}" for html in result["outside"]]
    return problems


class LayoutCheck:
    """Reflow at 320 px and 200 % zoom, for a page whose context has a 320 px viewport.

    A 320 CSS px viewport is both a small phone and exactly the layout a 640 px wide window
    gets at 200 % browser zoom: browser zoom divides the CSS viewport by the zoom factor and
    multiplies the device pixel ratio, and the pixel ratio does not change CSS layout (so the
    check runs at ratio 1, which renders faster). Then, for 200 % *text-only* zoom,
    the page is widened to 640 px and the browser's default font size doubled to 32 px with
    DevTools' `Page.setFontSizes`: what a user's font-size setting does (rem/em media queries
    follow it, as they would for that user). Both must reflow without horizontal scrolling.
    """

    def __init__(self, page: Page) -> None:
        self.page = page
        self.cdp = page.context.new_cdp_session(page)

    def _font_size(self, standard: int, fixed: int) -> None:
        self.cdp.send("Page.setFontSizes", {"fontSizes": {"standard": standard, "fixed": fixed}})

    def problems(self, state: str) -> list[str]:
        page = self.page
        assert page.viewport_size == PHONE, page.viewport_size
        found = layout_problems(page, f"{state}, 320 px (= 640 px at 200 % zoom)")
        page.set_viewport_size({"width": TEXT_ZOOM_WIDTH, "height": PHONE["height"]})
        self._font_size(32, 26)
        try:
            assert page.evaluate(_ROOT_FONT_SIZE) == "36px"  # 112.5 % of 32 px: it took
            found += layout_problems(page, f"{state}, 640 px with 200 % text")
        finally:
            self._font_size(16, 13)
            page.set_viewport_size(PHONE)
        return found


# --- language and the error-summary pattern ----------------------------------------------------
ERROR_TITLE_PREFIX = {"nb": "Feil:", "nn": "Feil:", "en": "Error:"}
_SUMMARY_STATE = """() => ({
  focused: !!document.activeElement?.matches('[data-error-summary]'),
  links: [...document.querySelectorAll('[data-error-summary] a')].map(a => {
    const target = document.querySelector(a.getAttribute('href'));
    return {href: a.getAttribute('href'),
            focusable: !!target && !target.disabled && target.tabIndex >= 0};
  }),
})"""


def error_summary_problems(page: Page, language: str) -> list[str]:
    """After a failed submit: the title says so, the error summary has focus (by JavaScript,
    or by its `autofocus` attribute without it) and every link in it leads to a field."""
    problems = []
    title = page.title()
    if not title.startswith(ERROR_TITLE_PREFIX[language]):
        problems.append(f"title {title!r} does not start with {ERROR_TITLE_PREFIX[language]!r}")
    state: dict[str, Any] = page.evaluate(_SUMMARY_STATE)
    if not state["focused"]:
        active = page.evaluate("() => document.activeElement?.outerHTML.slice(0, 80)")
        problems.append(f"the error summary does not have focus; {active} has")
    if not state["links"]:
        problems.append("the error summary has no links to the fields")
    problems += [
        f"{link['href']} leads to no field" for link in state["links"] if not link["focusable"]
    ]
    return problems


# --- navigation --------------------------------------------------------------------------------
def navigate(page: Page, action: Callable[[], Any]) -> Response:
    """Do something that loads a new page (click, submit) and return the final response."""
    with page.expect_navigation() as navigation:
        action()
    response = navigation.value
    assert response is not None
    return response


def goto(page: Page, origin: str, path: str, status: int = 200) -> Response:
    response = page.goto(origin + path)
    assert response is not None
    assert response.status == status, f"GET {path}: {response.status}, wanted {status}"
    return response


def submit(page: Page, form: str = "main form") -> Response:
    """Submit a form with its submit button."""
    return navigate(page, lambda: page.locator(f"{form} button[type=submit]").first.click())


def log_in(page: Page, origin: str, persona: str) -> None:
    """Log in by pressing the persona's button on the demo login page."""
    goto(page, origin, "/login/demo/")
    response = navigate(page, lambda: page.locator(f"button[value='{persona}']").click())
    assert response.status == 200
    assert page.url == origin + HOMES[persona], page.url


def log_out(page: Page, origin: str) -> None:
    """Log out with the logout button in the header."""
    response = navigate(
        page, lambda: page.locator("header form[action='/logout/'] button[type=submit]").click()
    )
    assert response.status == 200
    assert page.url == origin + "/", page.url
    assert page.locator("main [role=status]").is_visible()
    assert page.locator("header a[href='/login/']").is_visible()


def path_of(page: Page, origin: str) -> str:
    return page.url.removeprefix(origin)


# --- the demo directory ------------------------------------------------------------------------
def load_demo_directory() -> None:
    """The demo directory of helping places and its calendars, after the demo world (as `make
    run` loads them); loading again changes nothing. (The live server's tests empty the
    database after each test, the help topics a migration adds included: the command puts
    them back.)"""
    from kompanjong.booking.models import Resource

    if Resource.objects.exists():
        return
    with open(os.devnull, "w") as quiet:
        call_command("load_demo_directory", stdout=quiet)


def aminas_booking_day() -> str:
    """The day (YYYY-MM-DD) of the demo booking Amina has with Nora."""
    from kompanjong.booking import slots
    from kompanjong.booking.models import Booking

    booking = Booking.objects.get(idempotency_key="demo-amina-with-nora")
    return slots.local_date(booking.starts_at).isoformat()


# --- journeys ----------------------------------------------------------------------------------
def anonymous_journey(page: Page, origin: str) -> Journey:
    load_demo_directory()
    goto(page, origin, "/")
    yield Stop("start page")
    navigate(page, lambda: page.locator("main a[href='/login/']").click())
    assert path_of(page, origin) == "/login/"
    yield Stop("login")
    navigate(page, lambda: page.locator("main a[href='/login/demo/']").click())
    assert path_of(page, origin) == "/login/demo/"
    yield Stop("demo login")
    goto(page, origin, "/help/")
    yield Stop("help")
    yield from where_is_help(page, origin)
    goto(page, origin, "/design/")
    yield Stop("design gallery")
    response = submit(page)
    assert response.status == 200
    fields = ["name", "about", "contact", "topics", "birth_date", "amount", "document", "agree"]
    assert page.locator(".field-error").count() == len(fields)
    errors = page.locator("[data-error-summary] li")
    assert errors.count() == len(fields), errors.all_inner_texts()
    yield Stop("design gallery – every error", failed_submit=True)
    page.fill("#id_name", "Amina Hassan")
    page.fill("#id_about", "Husleie")
    page.check("#id_contact_0")
    page.check("#id_topics_1")
    page.fill("#id_birth_date", "15.06.1992")
    page.fill("#id_amount", "12 500")
    receipt: FilePayload = {
        "name": "kvittering.pdf",
        "mimeType": "application/pdf",
        "buffer": b"%PDF-1.4",
    }
    page.set_input_files("#id_document", files=[receipt])
    page.check("#id_agree")
    submit(page)
    assert page.locator("[data-error-summary]").count() == 0
    assert page.locator("main [role=status]").is_visible()
    yield Stop("design gallery – done")
    goto(page, origin, "/no-such-page/", status=404)
    yield Stop("404")


def where_is_help(page: Page, origin: str) -> Journey:
    """The search's error and results, and a place's page (after the empty /help/)."""
    search = "main form.directory-search"
    page.fill("#id_postcode", UNKNOWN_POSTCODE)
    submit(page, search)
    assert page.locator("[data-error-summary] a[href='#id_postcode']").is_visible()
    assert page.input_value("#id_postcode") == UNKNOWN_POSTCODE  # kept as typed
    yield Stop("help – unknown postcode", failed_submit=True)
    page.fill("#id_postcode", "")
    page.select_option("#id_municipality", OSLO)
    submit(page, search)
    places = page.locator("main article.card h3 a")
    assert places.count() >= 2, page.locator("main").inner_text()
    yield Stop("help – places in Oslo")
    navigate(page, lambda: places.first.click())
    assert re.fullmatch(r"/help/[0-9a-f-]{36}/", path_of(page, origin)), page.url
    yield Stop("a helping place")


def citizen_journey(page: Page, origin: str, persona: str) -> Journey:
    load_demo_directory()  # "Your bookings" then lists the demo booking Amina has with Nora
    log_in(page, origin, persona)
    yield Stop("citizen home")
    navigate(page, lambda: page.locator("main a[href='/me/needs/']").click())
    assert path_of(page, origin) == "/me/needs/"
    yield Stop("my needs")
    page.fill("#id_phone", "123")
    submit(page)
    assert page.locator("[data-error-summary] a[href='#id_phone']").first.is_visible()
    assert page.input_value("#id_phone") == "123"  # what the user typed is kept
    yield Stop("my needs – bad phone", failed_submit=True)
    page.fill("#id_phone", "412 34 567")
    submit(page)
    assert path_of(page, origin) == "/me/needs/"
    assert page.locator("main [role=status]").is_visible()
    assert page.input_value("#id_phone") == "41234567"
    yield Stop("my needs – saved")
    goto(page, origin, "/booking/")
    yield Stop("your bookings")
    navigate(page, lambda: page.locator("footer a[href='/me/access-log/']").click())
    assert path_of(page, origin) == "/me/access-log/"
    yield Stop("who has seen my information")
    navigate(page, lambda: page.locator("header a[href='/help/']").click())
    assert path_of(page, origin) == "/help/"
    yield Stop("help")
    goto(page, origin, "/staff/", status=403)
    yield Stop("403 (staff page)")
    log_out(page, origin)
    yield Stop("logged out")


def helper_journey(page: Page, origin: str, persona: str) -> Journey:
    load_demo_directory()
    log_in(page, origin, persona)
    yield Stop("helper home")
    navigate(page, lambda: page.locator("main a[href='/booking/desk/']").click())
    yield Stop("bookings at the desk")
    day_view = page.locator("main a[href^='/booking/desk/']:not([href$='/new/'])").first
    path = day_view.get_attribute("href")
    goto(page, origin, f"{path}?day={aminas_booking_day()}")  # the day Amina comes
    assert page.locator("main ol.desk-day > li").count() >= 1, page.locator("main").inner_text()
    yield Stop("a day's bookings")
    goto(page, origin, "/directory/")
    yield Stop("your entries in the directory")
    edit = "main a[href^='/directory/services/'][href$='/edit/']"
    navigate(page, lambda: page.locator(edit).first.click())
    page.fill("#id_name", "")  # the form itself is checked in its error state
    response = submit(page)
    assert response.status == 400, response.status
    assert page.locator("[data-error-summary] a[href='#id_name']").is_visible()
    yield Stop("change a service – no name", failed_submit=True)
    goto(page, origin, "/help/")
    yield Stop("help")
    log_out(page, origin)
    yield Stop("logged out")


def find_amina(page: Page, origin: str) -> None:
    page.fill("#id_national_id", AMINA_NATIONAL_ID)
    submit(page)
    assert re.fullmatch(r"/staff/people/\d+/", path_of(page, origin)), page.url
    assert page.locator("#needs-title").is_visible()


def caseworker_journey(page: Page, origin: str, persona: str) -> Journey:
    log_in(page, origin, persona)
    yield Stop("staff home")
    goto(page, origin, "/staff/people/find/")
    yield Stop("find a person")
    page.fill("#id_national_id", INVALID_NATIONAL_ID)
    submit(page)
    assert page.locator("[data-error-summary] a[href='#id_national_id']").is_visible()
    assert page.input_value("#id_national_id") == INVALID_NATIONAL_ID
    yield Stop("find a person – invalid number", failed_submit=True)
    find_amina(page, origin)
    yield Stop("person page (Amina)")
    log_out(page, origin)
    yield Stop("logged out")


def admin_journey(page: Page, origin: str, persona: str) -> Journey:
    log_in(page, origin, persona)
    yield Stop("administration")
    log_out(page, origin)
    yield Stop("logged out")


def journey(who: str, page: Page, origin: str) -> Journey:
    """The journey of a persona, or of someone not logged in (who="anonymous")."""
    if who == "anonymous":
        return anonymous_journey(page, origin)
    walk = {
        "citizen": citizen_journey,
        "helper": helper_journey,
        "caseworker": caseworker_journey,
        "admin": admin_journey,
    }[KINDS[who]]
    return walk(page, origin, who)


class StopChecks:
    """What is checked at every stop of one person's page; problems are collected."""

    def __init__(
        self, page: Page, origin: str, language: str, *, replay: AxeReplay | None, layout: bool
    ) -> None:
        self.page = page
        self.origin = origin
        self.language = language
        self.replay = replay
        self.layout = LayoutCheck(page) if layout else None
        self.problems: list[str] = []
        self.stops: list[str] = []

    def __call__(self, stop: PersonStop) -> None:
        page = self.page
        where = f"{stop.who}, {stop.name} ({page.url.removeprefix(self.origin)})"
        self.stops.append(stop.name)
        if (headings := page.locator("h1").count()) != 1:
            self.problems.append(f"[heading] {where}: {headings} <h1>, wanted 1")
        lang = page.locator("html").get_attribute("lang")
        if lang != self.language:
            self.problems.append(f"[language] {where}: <html lang={lang!r}>")
        violations = (
            axe_violations(page) if self.replay is None else self.replay.violations(page.content())
        )
        if violations:
            self.problems.append(
                f"[axe] {where}: {len(violations)} violation(s)\n" + describe_violations(violations)
            )
        if stop.failed_submit:
            self.problems += [
                f"[error summary] {where}: {problem}"
                for problem in error_summary_problems(page, self.language)
            ]
        if self.layout is not None:
            viewport = page.viewport_size
            assert viewport is not None
            page.set_viewport_size(PHONE)
            self.problems += [f"[layout] {problem}" for problem in self.layout.problems(where)]
            page.set_viewport_size(viewport)
