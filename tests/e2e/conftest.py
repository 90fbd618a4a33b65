"""Fixtures for the browser journeys: one Chromium per xdist worker, fresh contexts per test.

Playwright's sync API runs an asyncio event loop in the test thread, which makes Django's
"async unsafe" guard refuse ORM calls made from that thread (loading the demo data, reading
back what a journey saved, flushing the database after a test). The guard protects real async
code; here the ORM really is called synchronously, so it is safe to switch it off
(DJANGO_ALLOW_ASYNC_UNSAFE) from the moment Playwright starts in a worker; a run that selects
no browser test never starts Playwright and keeps the guard.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.base import AXE_SCRIPT
from django.core.management import call_command
from playwright.sync_api import Browser, BrowserContext, Playwright, sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-gpu",
    "--no-first-run",
]
# Where the page-weight table is written (the path is ignored by git).
RESULTS_DIR = Path(__file__).resolve().parents[2] / "test-results"
WEIGHT_DIR = RESULTS_DIR / "page-weight"

ContextFactory = Callable[..., BrowserContext]


@pytest.fixture(scope="session")
def playwright_driver() -> Iterator[Playwright]:
    before = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as driver:
            yield driver
    finally:
        if before is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = before


@pytest.fixture(scope="session")
def browser(playwright_driver: Playwright) -> Iterator[Browser]:
    """One headless Debian Chromium per worker; tests get their own contexts."""
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"{CHROMIUM} is not installed: `make test` installs it (apt-get install chromium)"
        )
    chromium = playwright_driver.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
    )
    yield chromium
    chromium.close()


@pytest.fixture
def server(live_server: Any) -> str:
    """The live server's origin, with the demo world loaded into the (per-test) database."""
    with open(os.devnull, "w") as quiet:
        call_command("load_demo_data", stdout=quiet)
    return str(live_server.url)


def set_language(context: BrowserContext, server: str, language: str) -> None:
    """Start afresh in `language`: no session, and the language cookie the switch would set."""
    context.clear_cookies()
    context.add_cookies([{"name": "kompanjong_language", "value": language, "url": server}])


@pytest.fixture
def new_context(browser: Browser, server: str) -> Iterator[ContextFactory]:
    """Make browser contexts for this test; all are closed when the test ends.

    `new_context(js=False, language="nn")` gives a context with JavaScript off and the language
    cookie set, as if the person had used the language switch earlier. With `axe=True` (JS on
    only) every page gets axe-core before its own scripts run, so checking a page does not
    have to send axe's 570 KB through the driver again for every page.
    """
    contexts: list[BrowserContext] = []

    def make(
        *, js: bool = True, language: str | None = "nb", axe: bool = False, **options: Any
    ) -> BrowserContext:
        options.setdefault("viewport", {"width": 1024, "height": 800})
        context = browser.new_context(java_script_enabled=js, **options)
        if axe:
            assert js, "axe-core needs JavaScript; see AxeReplay for JavaScript-off pages"
            context.add_init_script(script=AXE_SCRIPT)
        context.set_default_timeout(10_000)
        context.set_default_navigation_timeout(15_000)
        if language:
            set_language(context, server, language)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


# Longest first, so that two xdist workers finish at about the same time: the session test
# mostly sleeps (the other worker gets the CPU meanwhile), the journeys are the heavy part.
_FIRST = ["test_session_warning_continue", "test_journey["]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    def rank(item: pytest.Item) -> int:
        return next((i for i, name in enumerate(_FIRST) if name in item.nodeid), len(_FIRST))

    here = str(Path(__file__).parent)
    e2e = [item for item in items if str(item.path).startswith(here)]
    if e2e:
        position = items.index(e2e[0])
        rest = [item for item in items if not str(item.path).startswith(here)]
        items[:] = rest[:position] + sorted(e2e, key=rank) + rest[position:]


def pytest_sessionstart(session: pytest.Session) -> None:
    # Only the controller (or a run without xdist) clears old page-weight rows.
    if not hasattr(session.config, "workerinput") and WEIGHT_DIR.exists():
        for old in WEIGHT_DIR.glob("*.tsv"):
            old.unlink()


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Print the page-weight table that test_page_weight.py measured (any worker)."""
    rows: list[list[str]] = []
    for part in sorted(WEIGHT_DIR.glob("*.tsv")) if WEIGHT_DIR.exists() else []:
        rows.extend(line.split("\t") for line in part.read_text().splitlines() if line)
    if not rows:
        return
    from tests.e2e.weight import format_table

    table = format_table(rows)
    (RESULTS_DIR / "page-weight.md").write_text(table + "\n")
    terminalreporter.write_sep(
        "-", "page weight: first view, cold cache, JS on; bytes = headers + compressed body"
    )
    terminalreporter.write_line(table)
