"""Page weight and third parties (DESIGN.md §8): every page and state, first view, cold cache.

Each journey runs with JavaScript on and the browser cache switched off (Chrome DevTools
`Network.setCacheDisabled`), so every page is weighed as a first view: its document (with any
redirect that led to it) plus every stylesheet and script it loads. Each page must make at most
6 requests, all to the service's own origin, and transfer at most 60 KB compressed. How bytes
are counted is described in tests/e2e/weight.py. The measurements are written to
test-results/page-weight/ and printed as a table at the end of the run.
"""

from __future__ import annotations

import pytest

from tests.e2e.conftest import WEIGHT_DIR, ContextFactory
from tests.e2e.support import journey
from tests.e2e.weight import MAX_BYTES, MAX_REQUESTS, Recorder, row
from tests.personas import PERSONAS

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("who", ["anonymous", *PERSONAS])
def test_every_page_is_light_and_first_party(
    who: str, new_context: ContextFactory, server: str
) -> None:
    context = new_context(js=True, language="nb")
    page = context.new_page()
    context.new_cdp_session(page).send("Network.setCacheDisabled", {"cacheDisabled": True})
    recorder = Recorder(page)
    rows, problems = [], []
    for stop in journey(who, page, server):
        state = stop.name
        weight = recorder.current()
        rows.append(row(who, state, weight))
        if third := weight.third_party(server):
            problems.append(f"{state}: requests to other origins: {third}")
        if weight.requests > MAX_REQUESTS:
            urls = [f"{t.status} {t.url}" for t in weight.transfers]
            problems.append(f"{state}: {weight.requests} requests > {MAX_REQUESTS}: {urls}")
        if weight.total > MAX_BYTES:
            problems.append(f"{state}: {weight.total} bytes > {MAX_BYTES}")
        if not {"document", "stylesheet", "script"} <= {t.kind for t in weight.transfers}:
            problems.append(f"{state}: cache not cold? {[t.url for t in weight.transfers]}")
    WEIGHT_DIR.mkdir(parents=True, exist_ok=True)
    order = ["anonymous", *PERSONAS].index(who)
    (WEIGHT_DIR / f"{order}-{who}.tsv").write_text("".join("\t".join(r) + "\n" for r in rows))
    assert not problems, "\n".join(problems)
