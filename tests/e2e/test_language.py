"""Language: the switch in the header works with and without JavaScript, and bidi is wired.

No right-to-left language is switched on yet, so the RTL tests add Arabic to LANGUAGES for the
test and check that the base template then says `dir="rtl"` and `lang="ar"`, and that the
layout (built on logical properties) mirrors without horizontal scrolling.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.utils import translation

from tests.e2e.conftest import ContextFactory
from tests.e2e.support import axe_violations, describe_violations, navigate

pytestmark = pytest.mark.e2e

WITH_ARABIC = [
    ("nb", "Norwegian bokmål"),
    ("nn", "Norwegian nynorsk"),
    ("en", "English"),
    ("ar", "Arabic"),
]


@pytest.mark.parametrize("js", [True, False], ids=["js", "nojs"])
def test_language_switch(js: bool, new_context: ContextFactory, server: str) -> None:
    context = new_context(js=js, language=None, locale="nb-NO")
    page = context.new_page()
    page.goto(server + "/help/")
    assert page.locator("html").get_attribute("lang") == "nb"  # from Accept-Language
    for code in ["en", "nn", "nb"]:
        button = page.locator(f"button[name=language][value={code}]")
        navigate(page, button.click)
        assert page.url == server + "/help/", "the switch keeps you on the same page"
        assert page.locator("html").get_attribute("lang") == code
        current = page.locator("button[name=language][aria-current=true]")
        assert current.get_attribute("value") == code
        cookies = {c["name"]: c["value"] for c in context.cookies()}
        assert cookies.get("kompanjong_language") == code


def test_base_template_is_rtl_for_arabic(db: Any, settings: Any) -> None:
    settings.LANGUAGES = WITH_ARABIC
    request = RequestFactory().get("/help/")
    request.user = AnonymousUser()
    with translation.override("ar"):
        rendered = render_to_string("core/start.html", request=request)
    assert '<html lang="ar" dir="rtl">' in rendered

    client = Client()
    client.cookies["kompanjong_language"] = "ar"
    assert '<html lang="ar" dir="rtl">' in client.get("/help/").content.decode()
    client.cookies["kompanjong_language"] = "nb"
    assert '<html lang="nb" dir="ltr">' in client.get("/help/").content.decode()


def test_rtl_layout_mirrors_and_stays_accessible(
    new_context: ContextFactory, server: str, settings: Any
) -> None:
    settings.LANGUAGES = WITH_ARABIC
    page = new_context(js=True, language="ar", axe=True).new_page()
    page.goto(server + "/design/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    brand = page.locator(".brand").bounding_box()
    nav = page.locator(".header-nav").bounding_box()
    assert brand and nav and brand["x"] > nav["x"], "the header does not mirror in RTL"
    violations = axe_violations(page)
    assert not violations, describe_violations(violations)
    page.set_viewport_size({"width": 320, "height": 640})
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 320, f"horizontal scroll in RTL at 320 px: {width}"
