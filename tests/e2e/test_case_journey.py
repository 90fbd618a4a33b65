"""The case issue, done: Ola at NAV Grünerløkka handles Amina's application, and she follows it.

Amina has sent her application (the `amina_case` fixture, through the real wizard). Then, in
two browsers taking turns (tests/e2e/case_steps.py): Ola logs in, goes from the staff home to
the cases, filters the queue to the new ones, opens Amina's case and starts processing it. He
asks for two documents, first sending the form empty (400, error summary), and Amina is told
through the outbox on the channel the rules choose for her. Amina finds the case from her home
page, sees the two tasks (0 of 2 done), presses Send for the first with nothing chosen
(error), then sends a real phone photo (1 of 2 done). Ola finds the case under "documents
received" and sees the document in a frame that gives him the PDF, and writes to her. Amina
sees the new message, reads it and answers. Ola sees the unread answer, makes a decision on a
new part ("Livsopphold", partly granted, 6 200 kr) and registers the planned payment. Amina's
case page then shows the outcome, the decision letter (a PDF), the complaint deadline, the
payment and the timeline.

It runs three ways, Amina in a 360×740 phone window and Ola in a desktop window:

* JavaScript on, in bokmål (the photo goes up with XMLHttpRequest);
* JavaScript off, in nynorsk (the language cookie); axe checks the same DOM replayed in a
  JavaScript-on page (support.AxeReplay);
* the keyboard only, JavaScript on, in browsers set to Norwegian with no language cookie:
  Tab, arrow keys, typing, Enter and Space (application_steps.Keys).

At every stop, for both: one <h1>, <html lang> is the journey's language, axe-core finds 0
WCAG 2.1 A/AA violations, and after a failed submit the error-summary pattern holds. Every
page of Amina's reflows at 320 px (= 200 % zoom) and with 200 % text (support.LayoutCheck).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import ViewportSize

from kompanjong.cases import selectors
from kompanjong.cases.fold import Outcome, PaymentStatus
from kompanjong.cases.models import Case
from tests.documents import photos
from tests.e2e.application_steps import Hands, Keys, Pointer
from tests.e2e.case_steps import AMOUNT, PART, Learnt, case_journey
from tests.e2e.conftest import ContextFactory
from tests.e2e.support import (
    AxeReplay,
    StopChecks,
)

pytestmark = pytest.mark.e2e

AMINAS_PHONE: ViewportSize = {"width": 360, "height": 740}
OLAS_SCREEN: ViewportSize = {"width": 1280, "height": 800}
# Per journey: the language cookie, the browser's own language, the language of every page.
LANGUAGE: dict[str, tuple[str | None, str, str]] = {
    "js": ("nb", "en-GB", "nb"),
    "nojs": ("nn", "en-GB", "nn"),
    "keyboard": (None, "nb-NO", "nb"),
}


@pytest.fixture(scope="module")
def photo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A phone photo of a bank statement: a real JPEG with EXIF orientation and position."""
    path = tmp_path_factory.mktemp("amina") / "IMG_5120.jpg"
    path.write_bytes(photos.jpeg(1600, 1200))
    return path


@pytest.mark.parametrize("mode", ["js", "nojs", "keyboard"])
def test_ola_handles_aminas_case(
    mode: str, amina_case: Case, photo: Path, new_context: ContextFactory, server: str
) -> None:
    cookie, locale, language = LANGUAGE[mode]
    js = mode != "nojs"
    hands: type[Hands] = Keys if mode == "keyboard" else Pointer
    replay = None if js else AxeReplay(new_context(js=True, axe=True).new_page(), server)

    def person(viewport: ViewportSize, layout: bool) -> tuple[Hands, StopChecks]:
        context = new_context(js=js, language=cookie, locale=locale, axe=js, viewport=viewport)
        page = context.new_page()
        return hands(page, server, js=js), StopChecks(
            page, server, language, replay=replay, layout=layout
        )

    amina, amina_checks = person(AMINAS_PHONE, layout=True)
    ola, ola_checks = person(OLAS_SCREEN, layout=False)
    checks = {"amina": amina_checks, "ola": ola_checks}

    learnt = Learnt()
    reference = amina_case.application.reference or ""
    for stop in case_journey(amina, ola, reference, language, photo, learnt):
        checks[stop.who](stop)

    assert len(amina_checks.stops) == 9, amina_checks.stops
    assert len(ola_checks.stops) == 18, ola_checks.stops
    assert learnt.channel == "sms"  # Amina prefers SMS and has a mobile number
    for told in ["documents_requested", "decision", "payment"]:
        assert told in learnt.notified, learnt.notified
    assert learnt.decision_letter.startswith(b"%PDF")
    # What Ola did is in the case log as NAV's own events: one part, partly granted, and a
    # planned payment of 6 200 kr linked to it.
    view = selectors.case_view(Case.objects.get(pk=amina_case.pk))
    assert [(s.tittel, s.utfall) for s in view.saker] == [(PART, Outcome.DELVIS_INNVILGET)]
    [payment] = view.payments.values()
    assert payment.status == PaymentStatus.PLANLAGT_UTBETALING
    assert payment.belop == Decimal(AMOUNT)
    assert payment.saksreferanse == view.saker[0].referanse
    problems = amina_checks.problems + ola_checks.problems
    assert not problems, f"{mode}:\n" + "\n\n".join(problems)
