"""The error summary's links, followed by keyboard, put focus in the field they name.

That the summary gets focus after a failed submit and that the title starts with
"Feil:"/"Error:" is checked at every failed submit of every journey, in every language, with
JavaScript on and off (test_journeys.py, `support.error_summary_problems`).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page

from tests.e2e.conftest import ContextFactory
from tests.e2e.support import INVALID_NATIONAL_ID, log_in, log_out, submit

pytestmark = pytest.mark.e2e

LINKS = "() => [...document.querySelectorAll('[data-error-summary] a')].map(a => a.hash)"


def design_empty(page: Page, origin: str) -> None:
    page.goto(origin + "/design/")
    submit(page)


def needs_bad_phone(page: Page, origin: str) -> None:
    log_in(page, origin, "kare")
    page.goto(origin + "/me/needs/")
    page.fill("#id_phone", "12 34")
    submit(page)


def find_invalid_number(page: Page, origin: str) -> None:
    log_in(page, origin, "ola")
    page.goto(origin + "/staff/people/find/")
    page.fill("#id_national_id", INVALID_NATIONAL_ID)
    submit(page)


FORMS: dict[str, Callable[[Page, str], None]] = {
    "design empty": design_empty,
    "my needs bad phone": needs_bad_phone,
    "find person invalid": find_invalid_number,
}


@pytest.mark.parametrize("js", [True, False], ids=["js", "nojs"])
def test_error_summary_links_lead_to_their_fields(
    js: bool, new_context: ContextFactory, server: str
) -> None:
    page = new_context(js=js, language="nb").new_page()
    problems = []
    for name, fail in FORMS.items():
        fail(page, server)
        links: list[str] = page.evaluate(LINKS)
        assert links, name
        for index, target in enumerate(links):
            page.locator("[data-error-summary]").focus()  # where the failed submit left focus
            for _ in range(index + 1):
                page.keyboard.press("Tab")
            page.keyboard.press("Enter")
            active = page.evaluate("() => document.activeElement?.id")
            if f"#{active}" != target:
                problems.append(f"{name}: following {target} put focus on #{active}")
        if page.locator("header form[action='/logout/']").count():
            log_out(page, server)
    assert not problems, "\n".join(problems)
