"""The office's queue of new applications (the case workspace), and who may see what."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from kompanjong.applications.models import Application
from kompanjong.applications.receipts import submitted_by_text
from kompanjong.cases.models import Case
from kompanjong.core.models import AccessLog
from kompanjong.people.models import Account, Organisation, Person
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(amina_case: Case) -> Application:
    return amina_case.application


def test_caseworker_sees_new_applications_for_their_office(
    login_as: Any, sent: Application
) -> None:
    hamar = Organisation.objects.get(name="NAV Hamar")
    elsewhere = factories.SubmittedApplicationFactory.create(office=hamar, reference="HAMA-0001")
    ola = login_as("ola")
    page = ola.get("/staff/cases/").content.decode()
    assert sent.reference in page
    assert elsewhere.reference not in page
    assert ola.get(f"/staff/cases/{elsewhere.reference}/").status_code == 404
    home = ola.get("/staff/").content.decode()
    assert "/staff/cases/" in home


def test_opening_an_application_shows_answers_and_is_logged_for_the_citizen(
    login_as: Any, sent: Application, amina: Person
) -> None:
    ola = login_as("ola")
    page = ola.get(f"/staff/cases/{sent.reference}/").content.decode()
    assert "Jeg mistet jobben" in page  # her own words
    assert "Amina Hassan" in page
    assert AccessLog.objects.filter(subject=amina, object_type="case").count() == 1
    log = login_as("amina").get("/me/access-log/").content.decode()
    assert "Ola" in log


def test_seeing_the_list_is_logged_once_per_caseworker(
    login_as: Any, sent: Application, amina: Person
) -> None:
    ola = login_as("ola")
    ola.get("/staff/cases/")
    ola.get("/staff/cases/")
    listed = AccessLog.objects.filter(subject=amina, object_type="application.listed")
    assert listed.count() == 1
    log = login_as("amina").get("/me/access-log/").content.decode()
    assert "listen over nye søknader" in log


def test_citizens_and_helpers_have_no_inbox(login_as: Any, sent: Application) -> None:
    for persona in ("amina", "nora"):
        client = login_as(persona)
        assert client.get("/staff/cases/").status_code == 403
        assert client.get(f"/staff/cases/{sent.reference}/").status_code == 403
    assert Client().get("/staff/cases/").status_code == 302


def test_inbox_queries_do_not_grow_with_applications(login_as: Any, sent: Application) -> None:
    ola = login_as("ola")
    office = Organisation.objects.get(name="NAV Grünerløkka")

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert ola.get("/staff/cases/").status_code == 200
        return len(queries)

    before = count()
    factories.SubmittedApplicationFactory.create_batch(25, office=office)
    assert count() == before


def test_urgent_applications_come_first(login_as: Any, sent: Application) -> None:
    office = Organisation.objects.get(name="NAV Grünerløkka")
    urgent = factories.SubmittedApplicationFactory.create(office=office, urgent=True)
    page = login_as("ola").get("/staff/cases/").content.decode()
    assert page.index(urgent.reference or "") < page.index(sent.reference or "")


@pytest.mark.parametrize(
    ("channel", "expected"),
    [
        ("self", "Sent by Amina Hassan."),
        ("helper", "Sent by Nora Berg on behalf of Amina Hassan, with a power of attorney."),
        ("staff_paper", "Registered by NAV from a paper application from Amina Hassan."),
        ("staff_phone", "Registered by NAV from a phone call with Amina Hassan."),
    ],
)
def test_the_receipt_says_who_sent_it_and_how(
    channel: str, expected: str, sent: Application
) -> None:
    nora = Account.objects.get(username="demo-nora")
    sent.channel = channel
    sent.submitted_by = nora
    with translation.override("en"):
        assert submitted_by_text(sent) == expected


def test_a_busy_inbox_is_paged_and_says_how_many(login_as: Any, sent: Application) -> None:
    office = Organisation.objects.get(name="NAV Grünerløkka")
    factories.SubmittedApplicationFactory.create_batch(55, office=office)
    ola = login_as("ola")
    first = ola.get("/staff/cases/").content.decode()
    assert "1–50 av 56" in first
    second = ola.get("/staff/cases/?page=2").content.decode()
    assert "51–56 av 56" in second
    assert sent.reference in first + second
