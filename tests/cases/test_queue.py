"""The office queue: filters with counts, only the office's open cases, constant queries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kompanjong.cases.models import Case
from kompanjong.cases.queue import office_queue
from kompanjong.people.models import Account, Organisation
from tests import factories
from tests.pages import Persona, page

pytestmark = pytest.mark.django_db


def add_cases(office: Organisation, count: int, **fields: object) -> list[Case]:
    cases = []
    for _ in range(count):
        application = factories.SubmittedApplicationFactory.create(office=office)
        case = Case.objects.get(application=application)
        Case.objects.filter(pk=case.pk).update(**fields)
        cases.append(case)
    return cases


@pytest.fixture
def office(demo_world: None) -> Organisation:
    return Organisation.objects.get(name="NAV Grünerløkka")


def test_each_filter_counts_and_lists_its_cases(office: Organisation) -> None:
    ola = Account.objects.get(username="demo-ola")
    past, future = timezone.now() - timedelta(days=1), timezone.now() + timedelta(days=5)
    add_cases(office, 2)  # new
    add_cases(office, 1, urgent=True)
    add_cases(office, 1, status="UNDER_BEHANDLING", open_tasks=2, next_deadline=future)
    add_cases(office, 1, status="UNDER_BEHANDLING", open_tasks=1, next_deadline=past)
    add_cases(office, 1, status="UNDER_BEHANDLING", new_documents=True, assigned_to=ola)
    add_cases(office, 3, status="FERDIGBEHANDLET", open=False)  # history: not in the queue
    add_cases(factories.OrganisationFactory.create(), 2)  # another office
    queue = office_queue(ola)
    assert queue.counts == {
        "all": 6,
        "new": 3,
        "urgent": 1,
        "waiting": 2,
        "received": 1,
        "messages": 0,
        "overdue": 1,
        "mine": 1,
        "unassigned": 5,
    }
    assert [c.open_tasks for c in office_queue(ola, "overdue").page.object_list] == [1]
    assert office_queue(ola, "urgent").page.object_list[0].urgent
    assert office_queue(ola, "no-such-filter").filter == "all"


def test_the_page_shows_counts_and_marks_the_current_filter(
    office: Organisation, persona: Persona
) -> None:
    add_cases(office, 2, status="UNDER_BEHANDLING", open_tasks=1)
    html = page(persona("ola"), "/staff/cases/?filter=waiting")
    assert 'href="?filter=waiting" aria-current="page"' in html
    assert "(2)" in html


def test_the_queue_runs_the_same_queries_however_many_cases(
    office: Organisation, persona: Persona
) -> None:
    ola = persona("ola")

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            page(ola, "/staff/cases/")
        return len(queries)

    add_cases(office, 3, assigned_to=Account.objects.get(username="demo-ola"))
    page(ola, "/staff/cases/")  # the first listing writes the access log once per case
    few = count()
    add_cases(office, 40, urgent=True)
    page(ola, "/staff/cases/")
    assert count() == few


def test_citizens_and_helpers_have_no_queue(persona: Persona) -> None:
    assert persona("amina").get("/staff/cases/").status_code == 403
    assert persona("nora").get("/staff/cases/").status_code == 403
