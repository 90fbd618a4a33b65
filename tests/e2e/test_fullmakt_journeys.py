"""Power of attorney (fullmakt), done: the issue's three journeys in browsers taking turns.

1. A help code at the library: Amina makes one (first with nothing chosen: an error), Nora
   at Deichman Grünerløkka types it (first a wrong one: an error) and is on Amina's page
   with the "You are helping Amina Hassan" banner. She fills in and sends Amina's
   application, with a photo from the camera input on the first document page. Amina's
   receipt says Nora sent it on her behalf, and "Who has seen my information" lists what
   Nora did (opened, filled in, sent) with the time.
2. Kåre without eID: a caseworker at NAV Nord-Østerdal finds him by national identity number,
   checks his identity (first with nothing filled in: an error), registers the paper power
   of attorney he signed for his daughter Siri (her number and surname, "may see" his case
   until a date, the scan of the signed paper as a real JPEG), and registers his paper
   application in the wizard, with the banner. Siri chooses to help him and follows his case:
   received.
3. Amina gives Nora a power of attorney for her application (check your answers, confirm),
   Nora accepts it, chooses to help Amina and answers two steps of her application; Amina
   ends it; Nora's next Continue is refused, with the warning, and she is herself again (no
   banner). Amina's draft has the two steps and nothing of the third.

Each runs three ways (tests/e2e/fullmakt_steps.py for the journeys): JavaScript on in bokmål,
JavaScript off in nynorsk (the language cookie; axe checks the same DOM replayed in a
JavaScript-on page, support.AxeReplay), and the keyboard only (JavaScript on, browsers set to
Norwegian, no language cookie: application_steps.Keys). Citizens and helpers use a 360×740
phone window (Nora at the library a desktop), the caseworker a desktop. At every stop: one
<h1>, <html lang> is the journey's language, axe-core finds 0 WCAG 2.1 A/AA violations, after
a failed submit the error-summary pattern holds, and every page a citizen or a helper sees
reflows at 320 px (= 200 % zoom) and with 200 % text (support.LayoutCheck).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import ViewportSize

from kompanjong.applications.models import Application
from kompanjong.delegation.models import Grant
from kompanjong.people.models import Account, Membership, Organisation, Person
from tests.documents import photos
from tests.e2e.application_steps import REASON, Hands, Keys, Pointer
from tests.e2e.conftest import ContextFactory
from tests.e2e.fullmakt_steps import (
    Found,
    FullmaktStop,
    ended_journey,
    help_code_journey,
    log_in_by_session,
    no_eid_journey,
)
from tests.e2e.support import (
    AxeReplay,
    StopChecks,
)
from tests.factories import valid_national_id

pytestmark = pytest.mark.e2e

MODES = ["js", "nojs", "keyboard"]
CITIZENS_PHONE: ViewportSize = {"width": 360, "height": 740}
DESKTOP: ViewportSize = {"width": 1280, "height": 800}
# Per journey: the language cookie, the browser's own language, the language of every page.
LANGUAGE: dict[str, tuple[str | None, str, str]] = {
    "js": ("nb", "en-GB", "nb"),
    "nojs": ("nn", "en-GB", "nn"),
    "keyboard": (None, "nb-NO", "nb"),
}


@pytest.fixture(scope="module")
def photo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A phone photo of Amina's residence permit: a real JPEG with EXIF orientation."""
    path = tmp_path_factory.mktemp("fullmakt") / "IMG_6034.jpg"
    path.write_bytes(photos.jpeg(1600, 1200))
    return path


@pytest.fixture(scope="module")
def scan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The office scanner's JPEG of the signed paper: A4 at 150 dpi, upright."""
    path = tmp_path_factory.mktemp("fullmakt") / "fullmakt-skann.jpg"
    path.write_bytes(photos.jpeg(1240, 1754, orientation=1))
    return path


@dataclass
class Browsers:
    """Everyone's hands and checks in one journey, made the same way for the mode."""

    mode: str
    new_context: ContextFactory
    origin: str

    def __post_init__(self) -> None:
        self.cookie, self.locale, self.language = LANGUAGE[self.mode]
        self.js = self.mode != "nojs"
        self.replay = (
            None
            if self.js
            else AxeReplay(self.new_context(js=True, axe=True).new_page(), self.origin)
        )
        self.checks: dict[str, StopChecks] = {}

    def person(
        self, who: str, viewport: ViewportSize, *, layout: bool, username: str = ""
    ) -> Hands:
        context = self.new_context(
            js=self.js, language=self.cookie, locale=self.locale, axe=self.js, viewport=viewport
        )
        if username:
            log_in_by_session(context, self.origin, username)
        page = context.new_page()
        self.checks[who] = StopChecks(
            page, self.origin, self.language, replay=self.replay, layout=layout
        )
        hands: type[Hands] = Keys if self.mode == "keyboard" else Pointer
        return hands(page, self.origin, js=self.js)

    def walk(self, journey: Iterator[FullmaktStop]) -> None:
        for stop in journey:
            self.checks[stop.who](stop)

    def stops(self, who: str) -> list[str]:
        return self.checks[who].stops

    def assert_no_problems(self) -> None:
        problems = [p for checks in self.checks.values() for p in checks.problems]
        assert not problems, f"{self.mode}:\n" + "\n\n".join(problems)


@pytest.mark.parametrize("mode", MODES)
def test_help_code_at_the_library(
    mode: str, photo: Path, new_context: ContextFactory, server: str
) -> None:
    browsers = Browsers(mode, new_context, server)
    amina = browsers.person("amina", CITIZENS_PHONE, layout=True)
    nora = browsers.person("nora", DESKTOP, layout=True)  # the library's computer
    found = Found()
    browsers.walk(help_code_journey(amina, nora, browsers.language, photo, found))

    assert len(browsers.stops("amina")) == 9, browsers.stops("amina")
    assert len(browsers.stops("nora")) >= 16, browsers.stops("nora")
    grant = Grant.objects.get()
    assert (grant.channel, grant.state, grant.organisation.name) == (  # type: ignore[union-attr]
        "help_code",
        "active",
        "Deichman Grünerløkka",
    )
    sent = Application.objects.get(pk=found.draft)
    assert (sent.status, sent.channel, sent.fullmakt_reference) == (
        "submitted",
        "helper",
        grant.reference,
    )
    assert sent.person.given_name == "Amina"
    assert sent.submitted_by == Account.objects.get(username="demo-nora")
    [attachment] = sent.attachments.all()  # the photo, on the first document
    assert attachment.document.pages == 1
    browsers.assert_no_problems()


@pytest.mark.parametrize("mode", MODES)
def test_kare_without_eid(mode: str, scan: Path, new_context: ContextFactory, server: str) -> None:
    # A caseworker at Kåre's office (Ola, who works there too for this test), and his daughter
    # Siri, who has an account but no demo persona.
    Membership.objects.create(
        account=Account.objects.get(username="demo-ola"),
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

    browsers = Browsers(mode, new_context, server)
    ola = browsers.person("ola", DESKTOP, layout=False)
    daughter = browsers.person("siri", CITIZENS_PHONE, layout=True, username="siri")
    found = Found()
    browsers.walk(no_eid_journey(ola, daughter, browsers.language, scan, found))

    assert len(browsers.stops("siri")) == 4, browsers.stops("siri")
    grant = Grant.objects.get(pk=found.grant)
    assert (grant.channel, grant.state, grant.paper_reference, grant.helper_id) == (
        "paper",
        "active",
        "Skjema 1/2026",
        siri.pk,
    )
    assert [(s.area, s.action) for s in grant.scopes.all()] == [("case", "read")]
    assert grant.paper_document is not None and grant.paper_document.pages == 1
    sent = Application.objects.get(reference=found.reference)
    assert (sent.person_id, sent.status, sent.channel) == (kare.pk, "submitted", "staff_paper")
    assert sent.submitted_by == Account.objects.get(username="demo-ola")
    browsers.assert_no_problems()


@pytest.mark.parametrize("mode", MODES)
def test_amina_ends_noras_power_of_attorney_mid_wizard(
    mode: str, new_context: ContextFactory, server: str
) -> None:
    browsers = Browsers(mode, new_context, server)
    amina = browsers.person("amina", CITIZENS_PHONE, layout=True)
    nora = browsers.person("nora", CITIZENS_PHONE, layout=True)
    found = Found()
    browsers.walk(ended_journey(amina, nora, browsers.language, found))

    assert len(browsers.stops("amina")) == 7, browsers.stops("amina")
    assert len(browsers.stops("nora")) == 12, browsers.stops("nora")
    grant = Grant.objects.get(pk=found.grant)
    assert grant.state == "ended"
    assert list(grant.events.values_list("kind", flat=True)) == ["created", "accepted", "ended"]
    # Amina's draft is intact: the two steps Nora answered, and nothing of the third.
    draft = Application.objects.get(pk=found.draft)
    assert draft.status == "draft"
    assert draft.person.given_name == "Amina"
    assert draft.answers == found.answers_before
    assert sorted(draft.answers) == ["need", "personal"], draft.answers
    assert draft.answers["need"]["reason"] == REASON
    assert draft.completed_steps == ["personal", "need"]
    assert "work" not in draft.unsaved
    browsers.assert_no_problems()
