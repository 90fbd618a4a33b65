"""Keyboard-only journeys: Tab, Shift+Tab, Enter, Space and arrow keys, nothing else.

No clicks and no `fill`: the only way into a field is to Tab to it, and typing happens with
`page.keyboard.type` once focus is there. Every element that gets focus on the way must show
it (an outline or a box shadow), and on every page the skip link is the first Tab stop and
takes focus to <main>.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page

from kompanjong.people.models import Person
from tests.e2e.conftest import ContextFactory
from tests.e2e.support import AMINA_NATIONAL_ID, HOMES

pytestmark = pytest.mark.e2e

MAX_TABS = 40

FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
  const shadow = style.boxShadow !== "none";
  return {
    tag: el.tagName.toLowerCase(), id: el.id, name: el.getAttribute("name") || "",
    value: el.getAttribute("value") || "", href: el.getAttribute("href") || "",
    type: el.getAttribute("type") || "", cls: el.className || "",
    form: el.form ? el.form.getAttribute("action") || "" : "",
    checked: !!el.checked, visible: outline || shadow,
    text: (el.innerText || "").trim().slice(0, 60),
  };
}"""


def focused(page: Page) -> dict[str, Any] | None:
    result: dict[str, Any] | None = page.evaluate(FOCUSED)
    return result


def describe(element: dict[str, Any] | None) -> str:
    if element is None:
        return "<nothing>"
    attrs = " ".join(
        f'{key}="{element[key]}"' for key in ("id", "name", "value", "href", "type") if element[key]
    )
    return f"<{element['tag']} {attrs}> {element['text']!r}"


def assert_focus_visible(page: Page) -> dict[str, Any]:
    element = focused(page)
    assert element is not None, "focus was lost (document.activeElement is <body>)"
    assert element["visible"], f"focus is not visible on {describe(element)}"
    return element


def tab_to(
    page: Page, matches: Callable[[dict[str, Any]], bool], *, backwards: bool = False
) -> dict[str, Any]:
    """Press Tab (or Shift+Tab) until the focused element matches; focus must always show."""
    seen = []
    for _ in range(MAX_TABS):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        element = assert_focus_visible(page)
        seen.append(describe(element))
        if matches(element):
            return element
    raise AssertionError("never reached the element; focus went through:\n" + "\n".join(seen))


def first_tab_is_skip_link(page: Page) -> None:
    """The first Tab stop on a freshly loaded page is the skip link, shown on screen."""
    page.keyboard.press("Tab")
    element = assert_focus_visible(page)
    assert "skip-link" in element["cls"], f"first Tab stop is {describe(element)}"
    box = page.locator(".skip-link").bounding_box()
    assert box is not None and box["y"] >= 0, "the focused skip link is off screen"


def start_with_skip_link(page: Page) -> None:
    """The first Tab stop is the skip link, and Enter on it moves focus to <main>."""
    first_tab_is_skip_link(page)
    page.keyboard.press("Enter")
    main = focused(page)
    assert main is not None and main["tag"] == "main", f"skip link moved focus to {main}"


def press_and_load(page: Page, key: str) -> None:
    """Press a key that loads a new page (a link, a submit) and wait for that page."""
    with page.expect_navigation():
        page.keyboard.press(key)


def wait_for(page: Page, path: str | re.Pattern[str], origin: str) -> None:
    """Wait for the page at `path`. A form posted from "page/#main" (after the skip link) keeps
    the fragment through the redirect, as browsers do, so a fragment is allowed."""
    pattern = path.pattern if isinstance(path, re.Pattern) else re.escape(path)
    page.wait_for_url(re.compile("^" + re.escape(origin) + pattern + r"(#.*)?$"))
    page.wait_for_load_state()


def keyboard_log_in(page: Page, origin: str, persona: str) -> None:
    page.goto(origin + "/login/demo/")
    start_with_skip_link(page)
    tab_to(page, lambda el: el["tag"] == "button" and el["value"] == persona)
    press_and_load(page, "Enter")
    wait_for(page, HOMES[persona], origin)


def is_logout(element: dict[str, Any]) -> bool:
    return bool(element["tag"] == "button" and element["form"] == "/logout/")


def keyboard_log_out(page: Page, origin: str) -> None:
    """Go back up the page with Shift+Tab to the header's logout button and press it."""
    tab_to(page, is_logout, backwards=True)
    press_and_load(page, "Enter")
    wait_for(page, "/", origin)
    assert page.locator("main [role=status]").is_visible()


@pytest.mark.parametrize("js", [True, False], ids=["js", "nojs"])
def test_citizen_changes_contact_channel_by_keyboard(
    js: bool, new_context: ContextFactory, server: str
) -> None:
    page = new_context(js=js, language="nb").new_page()
    keyboard_log_in(page, server, "amina")

    start_with_skip_link(page)
    tab_to(page, lambda el: el["href"] == "/me/needs/")
    press_and_load(page, "Enter")
    wait_for(page, "/me/needs/", server)

    start_with_skip_link(page)
    radio = tab_to(page, lambda el: el["name"] == "preferred_channel")
    assert (radio["value"], radio["checked"]) == ("sms", True)  # Tab lands on the chosen one
    page.keyboard.press("ArrowDown")
    radio = assert_focus_visible(page)
    assert (radio["value"], radio["checked"]) == ("phone", True)
    tab_to(page, lambda el: el["tag"] == "button" and el["type"] == "submit")
    press_and_load(page, "Space")
    wait_for(page, "/me/needs/", server)
    page.wait_for_selector("main [role=status]")
    assert page.locator("input[name=preferred_channel][value=phone]").is_checked()
    assert Person.objects.get(national_id=AMINA_NATIONAL_ID).preferred_channel == "phone"

    keyboard_log_out(page, server)


@pytest.mark.parametrize("js", [True, False], ids=["js", "nojs"])
def test_caseworker_finds_amina_by_keyboard(
    js: bool, new_context: ContextFactory, server: str
) -> None:
    page = new_context(js=js, language="en").new_page()
    keyboard_log_in(page, server, "ola")

    start_with_skip_link(page)
    tab_to(page, lambda el: el["id"] == "id_national_id")
    page.keyboard.type(AMINA_NATIONAL_ID)
    press_and_load(page, "Enter")
    wait_for(page, re.compile(r"/staff/people/\d+/"), server)
    needs = page.locator("section[aria-labelledby=needs-title]")
    assert needs.is_visible()
    text = needs.inner_text()
    assert "Arabic" in text and "Yes, in Arabic" in text, text
    assert "Needs help reading" in text, text

    # Forward to the header's logout button, back to "Get help" with Shift+Tab, and forward
    # again: the focus order works both ways.
    first_tab_is_skip_link(page)
    tab_to(page, is_logout)
    tab_to(page, lambda el: el["href"] == "/help/", backwards=True)
    tab_to(page, is_logout)
    press_and_load(page, "Enter")
    wait_for(page, "/", server)


@pytest.mark.parametrize("persona", ["nora", "admin"])
def test_helper_and_admin_get_in_and_out_by_keyboard(
    persona: str, new_context: ContextFactory, server: str
) -> None:
    page = new_context(js=True, language="en").new_page()
    keyboard_log_in(page, server, persona)
    start_with_skip_link(page)
    page.keyboard.press("Tab")
    assert_focus_visible(page)
    keyboard_log_out(page, server)


def test_skip_link_is_first_on_anonymous_pages(new_context: ContextFactory, server: str) -> None:
    page = new_context(js=True).new_page()
    for path in ["/", "/help/", "/login/", "/design/", "/no-such-page/"]:
        page.goto(server + path)
        start_with_skip_link(page)
