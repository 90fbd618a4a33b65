"""The session-expiry warning keeps what the user typed; read-aloud only shows with a voice.

The session test uses real time, as the server's sliding session expiry does. With a
14-second session and a 5-second warning the dialog opens 9 s after the page loads; pressing
"continue" extends the session on the server without reloading. We then wait until the
original session would have run out (14.5 s after the page loaded) and submit: that only
works if "continue" really extended the session. The next warning would only come 9 s after
"continue", so it cannot get in the way of the submit.
"""

from __future__ import annotations

import time
from typing import Any

import pytest
from playwright.sync_api import Page

from kompanjong.people.models import Person
from tests.e2e.conftest import ContextFactory
from tests.e2e.support import log_in, submit

pytestmark = pytest.mark.e2e

SESSION_SECONDS = 14
WARNING_SECONDS = 5


def test_session_warning_continue_keeps_typed_text_and_session(
    new_context: ContextFactory, server: str, settings: Any
) -> None:
    # The context processor and the session middleware read these on every request, also in
    # the live server's thread.
    settings.SESSION_COOKIE_AGE = SESSION_SECONDS
    settings.SESSION_WARNING_SECONDS = WARNING_SECONDS
    page = new_context(js=True, language="en").new_page()
    log_in(page, server, "kare")
    page.goto(server + "/me/needs/")
    loaded = time.monotonic()
    assert page.locator("body").get_attribute("data-session-seconds") == str(SESSION_SECONDS)
    note = "Ring meg etter klokka 12, takk."
    page.locator("#id_needs_note").fill(note)

    dialog = page.locator("dialog[data-session-dialog]")
    assert not dialog.is_visible()
    dialog.wait_for(state="visible", timeout=(SESSION_SECONDS + 5) * 1000)
    opened_after = time.monotonic() - loaded
    assert opened_after >= SESSION_SECONDS - WARNING_SECONDS - 1, opened_after
    assert page.evaluate("() => document.querySelector('dialog[data-session-dialog]').open")
    # The dialog is modal and has focus inside it (showModal focuses its first control).
    assert page.evaluate("() => document.activeElement?.matches('[data-session-continue]')")

    with page.expect_response(lambda r: r.url.endswith("/session/keepalive/")) as keepalive:
        page.locator("[data-session-continue]").click()
    assert keepalive.value.status == 204
    dialog.wait_for(state="hidden")
    assert page.input_value("#id_needs_note") == note  # nothing typed was lost

    # Past the original expiry, before the next warning: the session must still be valid.
    time.sleep(max(0.0, loaded + SESSION_SECONDS + 0.5 - time.monotonic()))
    assert not dialog.is_visible()
    submit(page)
    assert page.url.startswith(server + "/me/needs/"), page.url  # not sent to the login page
    assert page.locator("main [role=status]").is_visible()
    assert Person.objects.get(given_name="Kåre").needs_note == note


@pytest.mark.parametrize("js", [True, False], ids=["js", "nojs"])
def test_read_aloud_is_hidden_without_a_voice_or_without_javascript(
    js: bool, new_context: ContextFactory, server: str
) -> None:
    page = new_context(js=js, language="nb").new_page()
    page.goto(server + "/help/")
    button = page.locator("button[data-read-aloud]")
    assert button.count() == 1
    if js:
        voices = page.evaluate("() => window.speechSynthesis?.getVoices().length ?? 0")
        assert voices == 0, "this test assumes headless Chromium has no voices"
    # Without a voice (or without JavaScript to look for one) the button stays `hidden`.
    assert button.is_hidden()
    assert button.get_attribute("hidden") is not None


def wait_for_warning(
    new_context: ContextFactory,
    server: str,
    settings: Any,
    *,
    session: int,
    warning: int,
    note: str = "",
) -> tuple[Page, float]:
    """Kåre on "My needs" with a short session, until the expiry warning opens.

    Returns the page and when it loaded (the session's clock started then).
    """
    settings.SESSION_COOKIE_AGE = session
    settings.SESSION_WARNING_SECONDS = warning
    page = new_context(js=True, language="en").new_page()
    log_in(page, server, "kare")
    page.goto(server + "/me/needs/")
    loaded = time.monotonic()
    if note:
        page.locator("#id_needs_note").fill(note)
    page.locator("dialog[data-session-dialog]").wait_for(state="visible", timeout=8000)
    return page, loaded


def test_without_continue_the_session_runs_out(
    new_context: ContextFactory, server: str, settings: Any
) -> None:
    """The control for the test above: the same wait without "continue" logs you out."""
    page, loaded = wait_for_warning(new_context, server, settings, session=4, warning=2)
    time.sleep(max(0.0, loaded + 4.5 - time.monotonic()))
    page.goto(server + "/me/needs/")
    assert page.url.startswith(server + "/login/"), page.url


def test_escape_on_session_warning_does_not_silently_let_the_session_run_out(
    new_context: ContextFactory, server: str, settings: Any
) -> None:
    page, _loaded = wait_for_warning(new_context, server, settings, session=6, warning=4)
    dialog = page.locator("dialog[data-session-dialog]")
    keepalives: list[str] = []
    page.on("request", lambda r: keepalives.append(r.url) if "keepalive" in r.url else None)
    with page.expect_response(lambda r: r.url.endswith("/session/keepalive/")) as keepalive:
        page.keyboard.press("Escape")
    page.wait_for_timeout(500)
    assert dialog.is_visible() or keepalives, (
        "Escape closed the warning and nothing kept the session"
    )
    # Escape counts as "continue": the session is extended and the warning closes.
    assert keepalive.value.status == 204
    dialog.wait_for(state="hidden")


def test_continue_after_expiry_says_so_and_keeps_the_text(
    new_context: ContextFactory, server: str, settings: Any
) -> None:
    """Too late for "continue": the page says you were logged out, and the text stays."""
    page, loaded = wait_for_warning(
        new_context, server, settings, session=4, warning=2, note="Skriv til meg."
    )
    time.sleep(max(0.0, loaded + 4.5 - time.monotonic()))
    with page.expect_response(lambda r: r.url.endswith("/session/keepalive/")) as keepalive:
        page.locator("[data-session-continue]").click()
    assert keepalive.value.status == 401
    expired = page.locator("[data-session-expired]")
    expired.wait_for(state="visible")
    assert page.evaluate("() => document.activeElement?.matches('[data-session-expired]')")
    assert page.input_value("#id_needs_note") == "Skriv til meg."
