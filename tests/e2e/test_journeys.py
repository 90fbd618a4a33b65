"""Every persona's journey, in every language, with JavaScript on and off.

Each journey logs in on the demo login page by pressing the persona's button, visits every page
the persona can reach (and the error and done states of its forms), and logs out with the
header's logout button (see `support.journey`). At every stop:

* the page is in the chosen language (`<html lang>`);
* axe-core finds 0 violations of WCAG 2.1 A and AA (DESIGN.md §8);
* after a failed submit, the error-summary pattern holds: the title starts with "Feil:" (nb,
  nn) or "Error:" (en) and the summary has focus, from kompanjong.js with JavaScript on and
  from `autofocus` with it off (`support.error_summary_problems`);
* with JavaScript on, the layout reflows at 320 px / 200 % zoom and at 200 % text size
  without horizontal scrolling (`support.LayoutCheck`).

Each test walks the journey in nb, nn and en in turn, in one browser context whose cookies
(session and language) are cleared between languages: the same as three separate runs, at a
third of the browser set-up cost. With JavaScript on, the journey runs in a phone-sized
window and axe runs in the page itself. With JavaScript off, the journey runs in a
desktop-sized context where JavaScript is off (so links, forms, login and logout are proven
to work without it), and axe checks the very same DOM replayed in a JavaScript-on page
(`support.AxeReplay`). So axe sees every state both at 320 px and at 1024 px.
"""

from __future__ import annotations

import pytest

from tests.e2e.conftest import ContextFactory, set_language
from tests.e2e.support import (
    AXE_OPTIONS,
    LANGUAGES,
    PHONE,
    AxeReplay,
    LayoutCheck,
    axe_violations,
    describe_violations,
    error_summary_problems,
    journey,
)
from tests.personas import PERSONAS

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("js", [True, False], ids=["js", "nojs"])
@pytest.mark.parametrize("who", ["anonymous", *PERSONAS])
def test_journey(who: str, js: bool, new_context: ContextFactory, server: str) -> None:
    """The journey once in each language, in one browser context (cookies cleared between)."""
    if js:
        context = new_context(js=True, language=None, axe=True, viewport=PHONE)
        page = context.new_page()
        layout: LayoutCheck | None = LayoutCheck(page)
        replay = None
    else:
        context = new_context(js=False, language=None)
        page = context.new_page()
        layout = None
        replay = AxeReplay(new_context(js=True, axe=True).new_page(), server)

    problems: list[str] = []
    for language in LANGUAGES:
        set_language(context, server, language)
        stops = 0
        for stop in journey(who, page, server):
            stops += 1
            where = f"{language}, {stop.name} ({page.url.removeprefix(server)})"
            lang = page.locator("html").get_attribute("lang")
            if lang != language:
                problems.append(f"[language] {where}: <html lang={lang!r}>")
            violations = (
                axe_violations(page) if replay is None else replay.violations(page.content())
            )
            if violations:
                problems.append(
                    f"[axe] {where}: {len(violations)} violation(s)\n"
                    + describe_violations(violations)
                )
            if stop.failed_submit:
                problems += [
                    f"[error summary] {where}: {problem}"
                    for problem in error_summary_problems(page, language)
                ]
            if layout is not None:
                problems += [f"[layout] {problem}" for problem in layout.problems(where)]
        assert stops >= 2
    mode = "JavaScript on" if js else "JavaScript off"
    assert not problems, f"{who}, {mode}:\n" + "\n\n".join(problems)


BROKEN = """<!DOCTYPE html><html><head><title>x</title></head><body><main>
<img src="/static/kompanjong/none.png"><p style="color:#bbb;background:#fff">faint</p>
<label>Name</label><input id="n"></main></body></html>"""


@pytest.mark.parametrize("js", [True, False], ids=["js", "nojs"])
def test_axe_check_finds_violations(js: bool, new_context: ContextFactory, server: str) -> None:
    """The checks above can fail: on a broken page both ways of running axe report it."""
    wanted = {"html-has-lang", "image-alt", "label"}
    assert set(AXE_OPTIONS["runOnly"]["values"]) == {"wcag2a", "wcag2aa", "wcag21a", "wcag21aa"}
    if js:
        page = new_context(js=True, axe=True).new_page()
        page.route(server + "/broken/", lambda route: route.fulfill(body=BROKEN))
        page.goto(server + "/broken/")
        found = {violation["id"] for violation in axe_violations(page)}
    else:
        replay = AxeReplay(new_context(js=True, axe=True).new_page(), server)
        found = {violation["id"] for violation in replay.violations(BROKEN)}
    assert wanted <= found, found
