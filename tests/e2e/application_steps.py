"""The application for financial assistance in a browser: Amina applies, Ola reads it.

`amina_applies` walks the whole wizard, from the citizen home page to the receipt PDF, and
yields a `PageStop` at every page and state it reaches (error states included), like the
journeys in support.py. It does everything through `Hands`, which come in two kinds:

* `Pointer`: clicks and `fill`, the way most tests drive a page (JavaScript on or off);
* `Keys`: the keyboard only. Every control is reached with Tab (and radio buttons with the
  arrow keys inside their group), text is typed, buttons and links are pressed with Enter or
  Space, and focus must be visible on every element it passes. A real file dialog cannot be
  driven in a headless browser, so files are given to the file input that has keyboard focus
  (`set_input_files` on `*:focus`), after reaching that input with Tab.

`ola_reads` is the caseworker's side: the office inbox and the application with its
documents shown inline.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pikepdf
from PIL import Image, ImageDraw
from playwright.sync_api import Page, Response

from tests.documents import photos
from tests.e2e.support import Stop, goto, log_in, navigate, path_of
from tests.personas import HOMES

# --- test files ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Files:
    """Real files on disk, as a phone or a computer would offer them."""

    jpeg: Path  # a phone photo (EXIF orientation, GPS position)
    heic: Path  # an iPhone photo
    pdf: Path  # a one-page PDF from a scanner or a bank
    fake_pdf: Path  # text with a .pdf name: must be refused


def make_pdf(text: str) -> bytes:
    """A real one-page A4 PDF (Pillow's PDF writer), with a little text on it."""
    page = Image.new("RGB", (595, 842), "white")
    draw = ImageDraw.Draw(page)
    draw.rectangle((40, 40, 555, 120), outline="black", width=2)
    draw.text((60, 70), text, fill="black")
    out = io.BytesIO()
    page.save(out, "PDF", resolution=72.0, title=text)
    return out.getvalue()


def make_files(directory: Path) -> Files:
    """Write the test files. The photos are real camera-like pictures, smaller than 12 MP so
    that the journeys stay quick (the 12 MP case is in tests/documents)."""
    files = Files(
        jpeg=directory / "IMG_4711.jpg",
        heic=directory / "IMG_4712.HEIC",
        pdf=directory / "husleiekontrakt.pdf",
        fake_pdf=directory / "kontrakt.pdf",
    )
    files.jpeg.write_bytes(photos.jpeg(2000, 1500))
    files.heic.write_bytes(photos.heic(1200, 900))
    files.pdf.write_bytes(make_pdf("Husleiekontrakt Toftes gate 12"))
    files.fake_pdf.write_bytes(b"This is a text file, not a PDF.\n" * 20)
    return files


def pdf_pages(data: bytes) -> int:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return len(pdf.pages)


def pdf_title(data: bytes) -> str:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return str(pdf.docinfo.get("/Title", ""))


# --- stops -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PageStop(Stop):
    """A page or state; `loaded` is False for a state reached without loading a page (an
    upload with JavaScript writes the server's answer into the page), which is not a first
    view and so is not weighed."""

    loaded: bool = True
    citizen: bool = True
    transient: bool = False  # lasts a moment only (an upload in progress): no layout check


# --- hands: the mouse or the keyboard --------------------------------------------------------

MAX_TABS = 80

_FOCUS = """selector => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  const style = getComputedStyle(el);
  return {
    matches: el.matches(selector),
    checked: !!el.checked,
    visible: (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0)
      || style.boxShadow !== "none",
    html: el.outerHTML.slice(0, 120),
  };
}"""

_MARK_OLD = "() => { document.documentElement.dataset.oldDocument = '1'; }"
_NEW_DOCUMENT_READY = (
    "() => !document.documentElement.dataset.oldDocument && document.readyState === 'complete'"
)


class Hands:
    """How Amina works the page. Selectors are CSS; radios are chosen by name and value."""

    keyboard_only = False

    def __init__(self, page: Page, origin: str, *, js: bool) -> None:
        self.page = page
        self.origin = origin
        self.js = js

    # what every kind of hands does
    def fill(self, selector: str, text: str) -> None:
        raise NotImplementedError

    def choose(self, name: str, value: str) -> None:
        raise NotImplementedError

    def tick(self, selector: str) -> None:
        raise NotImplementedError

    def activate(self, selector: str) -> None:
        """Press a button or follow a link, without waiting for anything."""
        raise NotImplementedError

    def attach(self, selector: str, paths: list[Path]) -> None:
        raise NotImplementedError

    # built on the above
    def go(self, selector: str) -> Response:
        """Press a button or follow a link that loads a new page."""
        return navigate(self.page, lambda: self.activate(selector))

    def double(self, selector: str) -> None:
        """Press twice in a hurry (a double tap); the keyboard presses once."""
        self.activate(selector)

    def upload(self, *, double: bool = False) -> bool:
        """Press "Upload" and wait for the answer. Returns whether a page was loaded.

        `double` taps twice with JavaScript on, while the first upload is on its way. (Without
        JavaScript Playwright's second click would wait for the page the first one loads.)"""
        self.start_upload(double=double)
        return self.finish_upload()

    def start_upload(self, *, double: bool = False) -> None:
        """Press "Upload". Without JavaScript that loads a page; with it, kompanjong.js sends
        the files with XMLHttpRequest, shows the progress, and writes the server's answer
        into the page."""
        button = "main button[name=action][value=upload]"
        if not self.js:
            self.go(button)
            return
        self.page.evaluate(_MARK_OLD)
        (self.double if double else self.activate)(button)

    def finish_upload(self) -> bool:
        if not self.js:
            return True
        self.page.wait_for_function(_NEW_DOCUMENT_READY, timeout=30_000)
        return False


class Pointer(Hands):
    """A mouse (or a finger) and `fill`."""

    def fill(self, selector: str, text: str) -> None:
        self.page.fill(selector, text)

    def choose(self, name: str, value: str) -> None:
        self.page.check(f"input[name='{name}'][value='{value}']")

    def tick(self, selector: str) -> None:
        self.page.check(selector)

    def activate(self, selector: str) -> None:
        self.page.click(selector)

    def double(self, selector: str) -> None:
        # Two taps, not a dblclick: Chromium submits a form once for a double click, but a
        # second tap while the first is still on its way is a second submit.
        self.page.click(selector)
        self.page.click(selector)

    def attach(self, selector: str, paths: list[Path]) -> None:
        self.page.set_input_files(selector, paths)


class Keys(Hands):
    """The keyboard only: Tab (and arrows inside a radio group), typing, Enter and Space."""

    keyboard_only = True

    def tab_to(self, selector: str) -> dict[str, Any]:
        """Press Tab until the focused element matches; focus must show on every stop."""
        seen: list[str] = []
        for _ in range(MAX_TABS):
            self.page.keyboard.press("Tab")
            element: dict[str, Any] | None = self.page.evaluate(_FOCUS, selector)
            if element is None:
                # Past the last element focus leaves the page; the next Tab starts it again
                # at the top, as it does for a keyboard user. Once round is enough.
                assert "<end of page>" not in seen, "Tab went round twice:\n" + "\n".join(seen)
                seen.append("<end of page>")
                continue
            assert element["visible"], f"focus is not visible on {element['html']}"
            seen.append(element["html"])
            if element["matches"]:
                return element
        raise AssertionError(f"Tab never reached {selector}; it went through:\n" + "\n".join(seen))

    def fill(self, selector: str, text: str) -> None:
        self.tab_to(selector)
        self.page.keyboard.press("ControlOrMeta+a")
        if text:
            self.page.keyboard.type(text)
        else:
            self.page.keyboard.press("Backspace")

    def choose(self, name: str, value: str) -> None:
        # Tab stops once in a radio group: on the chosen radio, or the first. The arrow keys
        # then move through the group, choosing as they go.
        element = self.tab_to(f"input[name='{name}']")
        wanted = f"input[name='{name}'][value='{value}']"
        for _ in range(12):
            element = self.page.evaluate(_FOCUS, wanted)
            assert element is not None and element["visible"], element
            if element["matches"]:
                if not element["checked"]:
                    self.page.keyboard.press("Space")
                assert self.page.is_checked(wanted)
                return
            self.page.keyboard.press("ArrowDown")
        raise AssertionError(f"the arrow keys never reached {wanted}")

    def tick(self, selector: str) -> None:
        element = self.tab_to(selector)
        if not element["checked"]:
            self.page.keyboard.press("Space")
        assert self.page.is_checked(selector)

    def activate(self, selector: str) -> None:
        self.tab_to(selector)
        self.page.keyboard.press("Enter")

    def attach(self, selector: str, paths: list[Path]) -> None:
        self.tab_to(selector)
        self.page.locator("*:focus").set_input_files(paths)


# --- Amina applies ---------------------------------------------------------------------------

ACCOUNT_WITH_TYPO = "1234 56 78900"  # eleven digits, wrong check digit
ACCOUNT = "1234 56 78903"
REASON = "Jeg mistet jobben i januar og har ikke penger igjen til mat og husleie."
NEED_DETAILS = "Mat til to uker"
NEED_DETAILS_CHANGED = "Mat til to uker og husleie for mars"
COUNTRY = "Syria"
REFERENCE = re.compile(r"\b[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}\b")


@dataclass
class Outcome:
    """What the journey learnt on the way, for the checks after it (and for Ola)."""

    application: str = ""  # the draft's id, from the URL
    reference: str = ""
    receipt_pdf: bytes = b""
    titles: dict[int, str] = field(default_factory=dict)  # document number -> heading


def is_at(page: Page, origin: str, pattern: str) -> bool:
    return re.fullmatch(pattern, path_of(page, origin).split("?")[0].split("#")[0]) is not None


def at(page: Page, origin: str, pattern: str) -> None:
    assert is_at(page, origin, pattern), f"wanted {pattern}, at {page.url}"


def continue_(hands: Hands) -> Response:
    return hands.go("main button[name=action][value=continue]")


def main_text(page: Page) -> str:
    """The text of <main>, with no-break and narrow spaces (thousands separators) as spaces."""
    return re.sub(r"[\u00a0\u202f]", " ", page.locator("main").inner_text())


def digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def error_links(page: Page) -> set[str]:
    links = page.locator("[data-error-summary] a").all()
    return {link.get_attribute("href") or "" for link in links}


def revealed(page: Page, selector: str) -> bool:
    return page.locator(selector).is_visible()


def amina_applies(hands: Hands, files: Files, outcome: Outcome) -> Iterator[PageStop]:
    page, origin = hands.page, hands.origin
    if hands.keyboard_only:
        goto(page, origin, "/login/demo/")
        hands.go("button[value='amina']")
    else:
        log_in(page, origin, "amina")
    at(page, origin, HOMES["amina"])
    yield PageStop("citizen home")

    hands.go("main a[href='/application/']")
    at(page, origin, "/application/")
    yield PageStop("start")

    hands.go("main form button[type=submit]")
    draft = r"/application/([0-9a-f-]{36})/"
    at(page, origin, draft + "personal/")
    match = re.match(draft, path_of(page, origin))
    assert match
    outcome.application = match.group(1)
    base = f"/application/{outcome.application}/"
    # What NAV knows already is filled in; the follow-up questions wait for their answer.
    assert page.input_value("#id_street") == "Toftes gate 12"
    assert page.input_value("#id_municipality") == "0301"
    assert revealed(page, "#id_account_number") is not hands.js
    assert revealed(page, "#id_citizenship_country") is not hands.js
    yield PageStop("about you")

    hands.choose("has_account", "yes")
    assert revealed(page, "#id_account_number")
    hands.fill("#id_account_number", ACCOUNT_WITH_TYPO)
    hands.choose("citizenship", "other")
    assert revealed(page, "#id_citizenship_country")
    hands.fill("#id_citizenship_country", COUNTRY)
    continue_(hands)
    at(page, origin, base + "personal/")
    assert error_links(page) == {"#id_account_number"}, error_links(page)
    assert page.input_value("#id_account_number") == ACCOUNT_WITH_TYPO  # kept as typed
    assert page.input_value("#id_citizenship_country") == COUNTRY
    yield PageStop("about you – account number does not exist", failed_submit=True)

    hands.fill("#id_account_number", ACCOUNT)
    continue_(hands)
    at(page, origin, base + "need/")
    yield PageStop("what you need")

    continue_(hands)  # nothing answered
    at(page, origin, base + "need/")
    assert error_links(page) == {"#id_needs_0", "#id_reason", "#id_urgent_0"}, error_links(page)
    yield PageStop("what you need – nothing answered", failed_submit=True)

    hands.tick("#id_needs_0")  # food
    hands.tick("#id_needs_1")  # rent
    hands.fill("#id_need_details", NEED_DETAILS)
    hands.fill("#id_reason", REASON)
    # "Back" before the page is complete (no answer to "help today?" yet): nothing is lost.
    hands.go("main button[name=action][value=back]")
    at(page, origin, base + "personal/")
    assert digits(page.input_value("#id_account_number")) == digits(ACCOUNT)
    assert page.is_checked("input[name=citizenship][value=other]")
    assert page.locator("[data-error-summary]").count() == 0
    yield PageStop("about you – back again")

    continue_(hands)
    at(page, origin, base + "need/")
    assert page.is_checked("#id_needs_0") and page.is_checked("#id_needs_1")
    assert not page.is_checked("#id_needs_2")
    assert page.input_value("#id_reason") == REASON
    assert page.input_value("#id_need_details") == NEED_DETAILS
    assert page.locator("[data-error-summary]").count() == 0
    yield PageStop("what you need – as typed before Back")

    hands.choose("urgent", "no")
    continue_(hands)
    at(page, origin, base + "work/")
    assert revealed(page, "#id_employer") is not hands.js
    yield PageStop("work and education")

    hands.choose("working", "no")
    hands.choose("student", "no")
    continue_(hands)
    at(page, origin, base + "family/")
    yield PageStop("family")

    hands.choose("marital_status", "single")
    hands.fill("#id_children", "0")
    hands.choose("child_support", "none")
    continue_(hands)
    at(page, origin, base + "housing/")
    yield PageStop("housing")

    hands.choose("housing", "rents")
    hands.fill("#id_people_in_household", "1")
    hands.choose("housing_benefit", "no")
    continue_(hands)
    at(page, origin, base + "income/")
    yield PageStop("income and assets")

    hands.tick("#id_income_sources_1")  # money from NAV
    hands.fill("#id_monthly_income", "6 500")
    continue_(hands)
    at(page, origin, base + "expenses/")
    yield PageStop("expenses")

    hands.tick("#id_expenses_0")  # rent
    continue_(hands)
    yield from documents(hands, files, outcome, base)

    # --- check your answers ---
    at(page, origin, base + "check/")
    main = main_text(page)
    for answer in ["Toftes gate 12", COUNTRY, REASON, NEED_DETAILS, "6 500"]:
        assert answer in main, f"{answer!r} is not on the check page:\n{main}"
    assert "78903" in main
    missing = page.locator("main .notice li").all_inner_texts()
    assert missing == [outcome.titles[3]], missing
    yield PageStop("check your answers")

    hands.go(f"main a[href='{base}need/?return=check']")
    at(page, origin, base + "need/")
    assert page.input_value("#id_reason") == REASON
    yield PageStop("what you need – changing it from the overview")

    hands.fill("#id_need_details", NEED_DETAILS_CHANGED)
    continue_(hands)  # "Save and go back to the overview"
    at(page, origin, base + "check/")
    assert NEED_DETAILS_CHANGED in main_text(page)
    yield PageStop("check your answers – after a change")

    send = "main form[data-send-once] button[type=submit]"
    if hands.keyboard_only:
        hands.go(send)
    else:
        # An impatient double tap: one application all the same (kompanjong.js holds back a
        # second submit, and the server treats a resend as the same application).
        navigate(page, lambda: page.dblclick(send))
    at(page, origin, base + "receipt/")
    notice = page.locator("main [data-notice]").inner_text()
    found = REFERENCE.search(notice)
    assert found, notice
    outcome.reference = found.group(0)
    assert page.locator("main [data-notice] strong").inner_text() == outcome.reference
    missing = page.locator("main .notice:not([data-notice]) li").all_inner_texts()
    assert missing == [outcome.titles[3]], missing
    yield PageStop("receipt")

    with page.expect_download() as download:
        hands.activate(f"main a[href='{base}receipt.pdf']")
    outcome.receipt_pdf = Path(download.value.path()).read_bytes()
    assert outcome.receipt_pdf.startswith(b"%PDF"), outcome.receipt_pdf[:20]
    assert outcome.reference in pdf_title(outcome.receipt_pdf), pdf_title(outcome.receipt_pdf)
    assert download.value.suggested_filename == f"kvittering-{outcome.reference}.pdf"


def documents(hands: Hands, files: Files, outcome: Outcome, base: str) -> Iterator[PageStop]:
    """Four documents are asked for: residence permit (photos), rental contract (a PDF),
    rent invoice (later) and "other documents" (nothing more to send)."""
    page, origin = hands.page, hands.origin

    def arrive(number: int) -> None:
        at(page, origin, f"{base}documents/{number}/")
        outcome.titles[number] = page.locator("main h1").inner_text()

    # 1: two photos, one with the phone's camera (JPEG) and one from an iPhone (HEIC).
    arrive(1)
    yield PageStop("document 1 of 4")
    continue_(hands)  # nothing chosen, nothing uploaded
    at(page, origin, f"{base}documents/1/")
    assert error_links(page) == {"#id_choice_0"}, error_links(page)
    yield PageStop("document 1 – nothing chosen", failed_submit=True)

    hands.attach("#id_photos", [files.jpeg, files.heic])
    if hands.js and not hands.keyboard_only:
        # On a slow connection: the progress bar and its announcements are a state too.
        cdp = page.context.new_cdp_session(page)
        cdp.send("Network.enable")
        slow = {"offline": False, "latency": 0, "downloadThroughput": -1}
        cdp.send("Network.emulateNetworkConditions", {**slow, "uploadThroughput": 400_000})
        hands.start_upload()
        page.wait_for_selector("[data-upload-progress]:not([hidden])")
        assert page.get_by_role("progressbar", name=re.compile(r"\w")).is_visible()
        status = page.locator("[data-upload-status]")
        assert re.search(r"\d", status.inner_text()), status.inner_text()  # "… 25 percent"
        yield PageStop("document 1 – uploading", loaded=False, transient=True)
        # The rest goes up quickly and the answer comes down slowly: in between, the page
        # says that the files are being checked.
        conditions = {**slow, "uploadThroughput": -1, "downloadThroughput": 1_000}
        cdp.send("Network.emulateNetworkConditions", conditions)
        checking = status.get_attribute("data-label-checking")
        page.wait_for_function(
            "text => document.querySelector('[data-upload-status]')?.textContent === text",
            arg=checking,
        )
        yield PageStop("document 1 – checking the files", loaded=False, transient=True)
        cdp.send("Network.emulateNetworkConditions", {**slow, "uploadThroughput": -1})
        cdp.detach()
        loaded = hands.finish_upload()
    else:
        loaded = hands.upload()
    at(page, origin, f"{base}documents/1/")
    assert page.locator("main [data-notice]").is_visible()
    assert page.locator("main .file-list li").count() == 1  # two photos, one document
    pages = page.locator("main .file-list li .hint").inner_text()
    assert re.search(r"\b2\b", pages), pages  # "2 pages"
    yield PageStop("document 1 – two photos uploaded", loaded=loaded)

    assert page.is_checked("input[name=choice][value=upload]")  # chosen by the upload
    continue_(hands)

    # 2: a PDF; first a text file that only has a .pdf name, which is refused.
    arrive(2)
    yield PageStop("document 2 of 4")
    hands.choose("choice", "upload")
    hands.attach("#id_files", [files.fake_pdf])
    loaded = hands.upload()
    at(page, origin, f"{base}documents/2/")
    assert error_links(page) == {"#id_photos"}, error_links(page)
    assert page.is_checked("input[name=choice][value=upload]")  # kept
    assert files.fake_pdf.name in page.locator("[data-error-summary]").inner_text()
    assert page.locator("main .file-list").count() == 0
    yield PageStop("document 2 – not a PDF", failed_submit=True, loaded=loaded)

    hands.attach("#id_files", [files.pdf])
    loaded = hands.upload(double=True)  # an impatient double tap uploads it once
    at(page, origin, f"{base}documents/2/")
    assert page.locator("[data-error-summary]").count() == 0
    uploaded = page.locator("main .file-list li").all_inner_texts()
    assert len(uploaded) == 1, uploaded
    assert page.is_checked("input[name=choice][value=upload]")
    yield PageStop("document 2 – PDF uploaded", loaded=loaded)

    continue_(hands)

    # 3: "upload now" without a file is an error; then she will send it later.
    arrive(3)
    yield PageStop("document 3 of 4")
    hands.choose("choice", "upload")
    continue_(hands)
    at(page, origin, f"{base}documents/3/")
    assert error_links(page) == {"#id_photos"}, error_links(page)
    assert page.is_checked("input[name=choice][value=upload]")  # kept
    yield PageStop("document 3 – upload chosen, no file", failed_submit=True)

    hands.choose("choice", "later")
    continue_(hands)

    # 4: other documents (optional): nothing more to send.
    arrive(4)
    yield PageStop("document 4 of 4 (optional)")
    hands.choose("choice", "none")
    continue_(hands)


# --- Ola reads it ----------------------------------------------------------------------------


def ola_reads(page: Page, origin: str, outcome: Outcome) -> Iterator[PageStop]:
    log_in(page, origin, "ola")
    yield PageStop("staff home", citizen=False)

    navigate(page, lambda: page.click("main a[href='/staff/cases/']"))
    at(page, origin, "/staff/cases/")
    row = page.locator("main tbody tr", has_text=outcome.reference)
    assert row.count() == 1, page.locator("main").inner_text()
    assert "Amina" in row.inner_text()
    yield PageStop("office inbox", citizen=False)

    navigate(page, lambda: row.locator("a").click())
    at(page, origin, f"/staff/cases/{outcome.reference}/")
    main = main_text(page)
    for answer in ["Toftes gate 12", COUNTRY, REASON, NEED_DETAILS_CHANGED, "6 500"]:
        assert answer in main, f"{answer!r} is not on the caseworker's page"
    frames = page.locator("main iframe.document-frame")
    assert frames.count() == 2, frames.count()
    pages = []
    for index in range(frames.count()):
        frame = frames.nth(index)
        src = frame.get_attribute("src") or ""
        assert re.fullmatch(r"/documents/[0-9a-f-]{36}/", src), src
        assert frame.get_attribute("title")
        response = page.request.get(origin + src)
        assert response.status == 200, (src, response.status)
        assert response.headers["content-type"] == "application/pdf", response.headers
        body = response.body()
        assert body.startswith(b"%PDF"), body[:20]
        pages.append(pdf_pages(body))
    assert pages == [2, 1], pages  # the two photos became one document of two pages
    headings = page.locator("main .document-view h3").all_inner_texts()
    assert headings == [outcome.titles[1], outcome.titles[2]], headings
    yield PageStop("application with documents", citizen=False)
