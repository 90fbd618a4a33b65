"""The citizen's case page in the browser: axe 0 and no sideways scroll, JS on and off."""

from __future__ import annotations

import json

import pytest

from kompanjong.cases.models import Case
from kompanjong.cases.services import append_events
from kompanjong.people.models import Organisation, Person
from tests.contracts import CONTRACTS
from tests.e2e.conftest import ContextFactory
from tests.e2e.support import (
    PHONE,
    AxeReplay,
    axe_violations,
    describe_violations,
    layout_problems,
    log_in,
)
from tests.factories import SubmittedApplicationFactory

pytestmark = pytest.mark.e2e


def amina_case() -> Case:
    application = SubmittedApplicationFactory.create(
        person=Person.objects.get(given_name="Amina"),
        office=Organisation.objects.get(name="NAV Grünerløkka"),
    )
    case = Case.objects.get(application=application)  # sending opens it
    path = CONTRACTS / "digisos/examples/digisos_soker_komplett.json"
    events = json.loads(path.read_text(encoding="utf-8"))["hendelser"]
    append_events(case=case, events=events, source="case_system")
    return case


@pytest.mark.parametrize("js", [True, False], ids=["js", "no-js"])
def test_case_page_is_accessible(new_context: ContextFactory, server: str, js: bool) -> None:
    case = amina_case()
    url = f"{server}/cases/{case.application.reference}/"
    page = new_context(js=js, language="nb", viewport=PHONE).new_page()
    log_in(page, server, "amina")
    response = page.goto(url)
    assert response is not None and response.status == 200
    assert "Innvilget" in page.content()
    if js:
        violations = axe_violations(page)
        assert not layout_problems(page, "case page, 320 px")
    else:
        html = page.content()
        checker = new_context(js=True, language="nb").new_page()
        violations = AxeReplay(checker, server).violations(html)
    assert not violations, describe_violations(violations)
