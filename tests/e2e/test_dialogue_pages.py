"""The message pages in the browser: axe 0, no sideways scroll at 320 px and 200 % zoom, the
error summary takes focus, and sending works with JavaScript on and off."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from kompanjong.cases.models import Case
from kompanjong.dialogue import services
from kompanjong.dialogue.models import Message
from kompanjong.dialogue.rules import OFFICE
from kompanjong.people.models import Account, Organisation, Person
from tests.dialogue.support import citizen_url, sent_case, staff_url
from tests.e2e.conftest import ContextFactory
from tests.e2e.support import (
    PHONE,
    LayoutCheck,
    describe_violations,
    error_summary_problems,
    goto,
    log_in,
    submit,
)
from tests.e2e.support import axe_violations as axe

pytestmark = pytest.mark.e2e

LONG_WORD = "Kontoutskrift" * 30  # no spaces: must wrap, not scroll sideways


def amina_case_with_an_answer() -> Case:
    case = sent_case(
        Person.objects.get(given_name="Amina"), Organisation.objects.get(name="NAV Grünerløkka")
    )
    services.write_message(
        case=case,
        author=Account.objects.get(username="demo-ola"),
        side=OFFICE,
        text=f"Vi trenger kontoutskrift for mars.\n{LONG_WORD}",
    )
    return case


def check(page: Page, state: str) -> list[str]:
    violations = axe(page)
    problems = [f"{state}: {describe_violations(violations)}"] if violations else []
    return problems + LayoutCheck(page).problems(state)


@pytest.mark.parametrize("js", [True, False], ids=["js", "no-js"])
def test_the_citizen_reads_and_answers(new_context: ContextFactory, server: str, js: bool) -> None:
    case = amina_case_with_an_answer()
    page = new_context(js=js, language="nb", viewport=PHONE).new_page()
    log_in(page, server, "amina")
    goto(page, server, citizen_url(case))
    assert "Ola Nordmann" in page.content()
    problems = check(page, "thread with an answer") if js else []

    page.fill("textarea[name=text]", "x" * 4001)
    response = submit(page)
    assert response.status == 400
    assert not error_summary_problems(page, "nb")
    problems += check(page, "too long text") if js else []

    page.fill("textarea[name=text]", "Takk, jeg sender den i morgen.")
    response = submit(page)
    assert response.status == 200 and page.url == server + citizen_url(case)
    assert Message.objects.filter(text="Takk, jeg sender den i morgen.").exists()
    problems += check(page, "sent") if js else []
    assert not problems, "\n".join(problems)


def test_the_caseworker_page(new_context: ContextFactory, server: str) -> None:
    case = amina_case_with_an_answer()
    page = new_context(js=True, language="nb", viewport=PHONE).new_page()
    log_in(page, server, "ola")
    goto(page, server, staff_url(case))
    problems = check(page, "staff thread")
    response = submit(page)  # empty
    assert response.status == 400
    assert not error_summary_problems(page, "nb")
    problems += check(page, "staff empty message")
    assert not problems, "\n".join(problems)
