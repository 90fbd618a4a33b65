"""Layout (DESIGN.md §8): no horizontal scroll at 320 px, and usable at 200 % zoom.

The layout of every page and state, in every language, is checked at every stop of the
JavaScript-on journeys in test_journeys.py (see `support.LayoutCheck` for how 320 px,
200 % zoom and 200 % text are measured). This module adds stress cases with real-world data
that the demo world does not have.
"""

from __future__ import annotations

import pytest

from kompanjong.people.models import Person
from tests.e2e.conftest import ContextFactory
from tests.e2e.support import PHONE, find_amina, layout_problems, log_in

pytestmark = pytest.mark.e2e


def test_long_values_do_not_cause_horizontal_scroll_at_320px(
    new_context: ContextFactory, server: str
) -> None:
    Person.objects.filter(given_name="Amina").update(
        email="amina.hassan.abdirahman@bydel-grunerlokka.oslo.kommune.no",
        street_address="Christian Michelsens gate 123 B, leilighet H0304",
    )
    page = new_context(js=True, language="nb", viewport=PHONE).new_page()
    log_in(page, server, "ola")
    find_amina(page, server)
    assert not layout_problems(page, "person page with long values, 320 px")
