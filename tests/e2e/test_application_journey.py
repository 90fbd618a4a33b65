"""Amina applies for financial assistance on her phone; Ola at NAV Grünerløkka reads it.

One journey (tests/e2e/application_steps.py) through the whole application: her home page,
the start page, every question step, errors on the way (an account number that does not
exist, a page sent with nothing answered) and their fixes, "Back" from a half-answered page
(what she typed is still there when she comes back), and four required documents: two
photos (JPEG and HEIC) that become one two-page document; a text file with a .pdf name that is
refused, then a real PDF; "upload now" without a file, then "later"; and nothing more under
"other documents". Then the check page with one "Change", sending, the receipt with the
reference number and the missing document, and the receipt PDF.

It runs three ways, each in a 360×740 phone window:

* JavaScript on, in bokmål: follow-up questions appear when their answer is chosen, and an
  upload goes with XMLHttpRequest and a progress bar (one on a slow connection, so that the
  page is also checked while the files go up and while the server checks them; one with a
  double tap, which must store the file once). Sending is a double tap too, and makes one
  application. At every page and state also: the layout at 320 px / 200 % zoom and at
  200 % text (support.LayoutCheck), and at every loaded page the first-view weight with a
  cold cache (weight.Recorder): ≤ 60 KB, ≤ 6 requests, own origin only. The figures join
  the page-weight table at the end of the run.
* JavaScript off, in nynorsk: the same with plain form posts; axe checks the very same DOM
  replayed in a JavaScript-on page (support.AxeReplay).
* The keyboard only, JavaScript on, in a browser set to Norwegian and no language cookie
  (application_steps.Keys): Tab, arrow keys in radio groups, typing, Enter and Space.

At every stop axe-core finds 0 WCAG 2.1 A/AA violations, <html lang> is the journey's
language, and after a failed submit the error-summary pattern holds
(support.error_summary_problems). After the JavaScript on and off journeys Ola logs in (a new
browser context), finds the application in the office inbox and opens it: the answers are
there, and each uploaded document is in a frame whose address gives Ola the PDF.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, ViewportSize

from kompanjong.applications.models import Application
from tests.e2e.application_steps import (
    Files,
    Hands,
    Keys,
    Outcome,
    PageStop,
    Pointer,
    amina_applies,
    make_files,
    ola_reads,
    pdf_pages,
)
from tests.e2e.conftest import WEIGHT_DIR, ContextFactory
from tests.e2e.support import (
    AMINA_NATIONAL_ID,
    PHONE,
    AxeReplay,
    LayoutCheck,
    axe_violations,
    describe_violations,
    error_summary_problems,
)
from tests.e2e.weight import MAX_BYTES, MAX_REQUESTS, Recorder, row

pytestmark = pytest.mark.e2e

AMINAS_PHONE: ViewportSize = {"width": 360, "height": 740}
# Per journey: the language cookie it starts with, the browser's own language, and the
# language every page must be in. The keyboard journey has no cookie: a phone set to
# Norwegian gets bokmål without choosing it.
LANGUAGE: dict[str, tuple[str | None, str, str]] = {
    "js": ("nb", "en-GB", "nb"),
    "nojs": ("nn", "en-GB", "nn"),
    "keyboard": (None, "nb-NO", "nb"),
}


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> Files:
    return make_files(tmp_path_factory.mktemp("amina"))


class Checks:
    """What is checked at every stop; problems are collected and reported together."""

    def __init__(
        self,
        page: Page,
        origin: str,
        language: str,
        *,
        replay: AxeReplay | None = None,
        layout: bool = False,
        weigh: bool = False,
    ) -> None:
        self.page = page
        self.origin = origin
        self.language = language
        self.replay = replay
        self.layout = LayoutCheck(page) if layout else None
        self.recorder: Recorder | None = None
        if weigh:
            cdp = page.context.new_cdp_session(page)
            cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
            self.recorder = Recorder(page)
        self.problems: list[str] = []
        self.weights: list[list[str]] = []
        self.stops: list[str] = []
        self.headings: dict[str, str] = {}  # stop -> its <h1>

    def __call__(self, stop: PageStop, who: str) -> None:
        page = self.page
        where = f"{who}, {stop.name} ({page.url.removeprefix(self.origin)})"
        self.stops.append(stop.name)
        headings = page.locator("h1")
        if headings.count() == 1:
            self.headings[stop.name] = headings.inner_text()
        else:
            self.problems.append(f"[heading] {where}: {headings.count()} <h1>, wanted 1")
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
        if self.layout is not None and stop.citizen and not stop.transient:
            viewport = page.viewport_size
            page.set_viewport_size(PHONE)
            self.problems += [f"[layout] {problem}" for problem in self.layout.problems(where)]
            assert viewport is not None
            page.set_viewport_size(viewport)
        if self.recorder is not None and stop.loaded:
            self.weigh(stop, who)

    def weigh(self, stop: PageStop, who: str) -> None:
        assert self.recorder is not None
        # Ola's page shows the documents themselves in frames: they are what he came for,
        # not the page's weight (and they load lazily), so they are only counted. Chromium
        # shows them in its built-in PDF viewer, whose own files (chrome://…) are the
        # browser's, not the service's. Both are left out before weighing: reading the body
        # of a response that went to the PDF viewer can wait for ever.
        frames = self.origin + "/documents/"
        documents = [r.url for r in self.recorder.requests if r.url.startswith(frames)]
        self.recorder.requests[:] = [
            r
            for r in self.recorder.requests
            if not r.url.startswith((frames, "chrome:", "chrome-extension:"))
        ]
        weight = self.recorder.current()
        name = stop.name + (f" (+ {len(documents)} PDF in frames)" if documents else "")
        self.weights.append(row(who, name, weight))
        where = f"{who}, {stop.name}"
        if third := weight.third_party(self.origin):
            self.problems.append(f"[weight] {where}: requests to other origins: {third}")
        if weight.requests > MAX_REQUESTS:
            urls = [f"{t.status} {t.url}" for t in weight.transfers]
            self.problems.append(
                f"[weight] {where}: {weight.requests} requests > {MAX_REQUESTS}: {urls}"
            )
        if weight.total > MAX_BYTES:
            self.problems.append(f"[weight] {where}: {weight.total} bytes > {MAX_BYTES}")
        kinds = {t.kind for t in weight.transfers}
        if not {"document", "stylesheet", "script"} <= kinds:
            self.problems.append(f"[weight] {where}: cache not cold? {kinds}")


@pytest.mark.parametrize("mode", ["js", "nojs", "keyboard"])
def test_amina_applies_and_ola_reads_it(
    mode: str, files: Files, new_context: ContextFactory, server: str
) -> None:
    cookie, locale, language = LANGUAGE[mode]
    js = mode != "nojs"
    context = new_context(js=js, language=cookie, locale=locale, axe=js, viewport=AMINAS_PHONE)
    page = context.new_page()
    replay = None if js else AxeReplay(new_context(js=True, axe=True).new_page(), server)
    checks = Checks(page, server, language, replay=replay, layout=mode == "js", weigh=mode == "js")
    hands: Hands = (Keys if mode == "keyboard" else Pointer)(page, server, js=js)

    outcome = Outcome()
    for stop in amina_applies(hands, files, outcome):
        checks(stop, "amina")
    assert len(checks.stops) >= 25, checks.stops
    sent = Application.objects.filter(person__national_id=AMINA_NATIONAL_ID, status="submitted")
    assert [a.reference for a in sent] == [outcome.reference]
    assert pdf_pages(outcome.receipt_pdf) >= 1
    if language == "nb":
        in_bokmal = {
            "about you": "Om deg",
            "document 1 of 4": "Oppholdstillatelse",
            "document 2 of 4": "Husleiekontrakt",
            "document 3 of 4": "Faktura eller kvittering for husleie",
            "check your answers": "Sjekk svarene dine",
            "receipt": "Vi har fått søknaden din",
        }
        assert {stop: checks.headings[stop] for stop in in_bokmal} == in_bokmal

    if mode != "keyboard":
        staff_page = new_context(js=js, language=cookie, locale=locale, axe=js).new_page()
        staff = Checks(staff_page, server, language, replay=replay, weigh=mode == "js")
        for stop in ola_reads(staff_page, server, outcome):
            staff(stop, "ola")
        checks.problems += staff.problems
        checks.weights += staff.weights

    if checks.weights:
        WEIGHT_DIR.mkdir(parents=True, exist_ok=True)
        table = "".join("\t".join(r) + "\n" for r in checks.weights)
        (WEIGHT_DIR / "9-application.tsv").write_text(table)
    assert not checks.problems, f"{mode}:\n" + "\n\n".join(checks.problems)


def test_files_are_what_they_claim(files: Files) -> None:
    """The test files are real: a JPEG, a HEIC, a one-page PDF, and a text file."""
    assert files.jpeg.read_bytes()[:3] == b"\xff\xd8\xff"
    assert files.heic.read_bytes()[4:12] in (b"ftypheic", b"ftypmif1")
    assert pdf_pages(files.pdf.read_bytes()) == 1
    assert not files.fake_pdf.read_bytes().startswith(b"%PDF")
