"""Kåre has no eID. At NAV Nord-Østerdal a caseworker checks his identity in person, registers
the paper power of attorney he signed for his daughter, and registers his paper application;
his daughter then follows his case online."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from kompanjong.applications.models import Application
from kompanjong.core.models import AccessLog
from kompanjong.delegation.models import Grant, IdentityCheck
from kompanjong.notifications.models import Notification
from kompanjong.people.models import Account, Membership, Organisation, Person
from tests.applications.wizard import answer_questions, choose_for_all_documents
from tests.documents import photos
from tests.factories import valid_national_id
from tests.pages import Persona, page, post

pytestmark = pytest.mark.django_db


@pytest.fixture
def kare(demo_world: None) -> Person:
    return Person.objects.get(given_name="Kåre")


@pytest.fixture
def caseworker(persona: Persona) -> Client:
    """Ola, working at Kåre's office for these tests."""
    ola = Account.objects.get(username="demo-ola")
    Membership.objects.create(
        account=ola,
        organisation=Organisation.objects.get(name="NAV Nord-Østerdal"),
        role="caseworker",
    )
    return persona("ola")


@pytest.fixture
def daughter(kare: Person) -> tuple[Person, Client]:
    person = Person.objects.create(
        national_id=valid_national_id(),
        given_name="Siri",
        family_name="Nilsen",
        municipality=kare.municipality,
        email="siri@example.org",
    )
    account = Account.objects.create(username="siri", person=person)
    client = Client()
    client.force_login(account)
    return person, client


def check_identity(caseworker: Client, kare: Person) -> None:
    post(
        caseworker,
        f"/staff/people/{kare.pk}/identity/",
        {"document_type": "passport", "document_number": "ab1234567"},
    )


def paper(daughter: Person, **extra: Any) -> dict[str, Any]:
    return {
        "national_id": daughter.national_id,
        "family_name": "Nilsen",
        "case_level": "read",
        "case_until": (timezone.localdate() + timedelta(days=100)).strftime("%d.%m.%Y"),
        "paper_reference": "Skjema 1/2026",
        **extra,
    }


def scan() -> SimpleUploadedFile:
    return SimpleUploadedFile("fullmakt.jpg", photos.jpeg(1200, 1600), "image/jpeg")


def test_identity_is_checked_and_recorded_before_anything_else(
    caseworker: Client, kare: Person, daughter: tuple[Person, Client]
) -> None:
    refused = caseworker.get(f"/staff/people/{kare.pk}/paper-fullmakt/")
    assert refused.status_code == 302 and "/identity/" in refused["Location"]
    bad = post(caseworker, f"/staff/people/{kare.pk}/identity/", {"document_type": ""}, 400)
    assert "Velg ID-dokumentet personen viste deg." in bad.content.decode()
    check_identity(caseworker, kare)
    check = IdentityCheck.objects.get()
    assert (check.document_type, check.document_number, check.office.name) == (
        "passport",
        "AB1234567",
        "NAV Nord-Østerdal",
    )
    assert AccessLog.objects.filter(subject=kare, object_type="person.identity").exists()
    person_page = page(caseworker, f"/staff/people/{kare.pk}/")
    assert f"/staff/people/{kare.pk}/paper-fullmakt/" in person_page
    assert f"/staff/people/{kare.pk}/help-code-letter/" in person_page


def test_a_paper_power_of_attorney_becomes_a_grant_and_the_daughter_follows_his_case(
    caseworker: Client, kare: Person, daughter: tuple[Person, Client]
) -> None:
    siri, siri_client = daughter
    check_identity(caseworker, kare)
    post(caseworker, f"/staff/people/{kare.pk}/paper-fullmakt/", {**paper(siri), "photos": scan()})
    grant = Grant.objects.get()
    assert (grant.channel, grant.state, grant.paper_reference) == (
        "paper",
        "active",
        "Skjema 1/2026",
    )
    assert grant.paper_document is not None and grant.paper_document.pages == 1
    assert grant.events.get().actor == Account.objects.get(username="demo-ola")
    told = Notification.objects.get(recipient=kare, template_key="grant_paper")
    assert told.channel == "letter"  # reserved against digital notices: by post
    assert "ring eller gå til NAV-kontoret ditt" in told.body  # not "log in": he has no eID
    assert Notification.objects.filter(recipient=siri, template_key="grant_active").exists()
    assert AccessLog.objects.filter(subject=kare, object_type="grant.paper").exists()

    # Kåre's paper application, registered by the office.
    post(caseworker, f"/staff/people/{kare.pk}/register-application/", {"channel": "staff_paper"})
    assert "Du registrerer en søknad for Kåre Nilsen" in page(caseworker, "/application/")
    draft = answer_questions(caseworker)
    assert draft.person == kare
    choose_for_all_documents(caseworker, draft, "later")
    post(caseworker, f"/application/{draft.pk}/check/", {})
    sent = Application.objects.get(pk=draft.pk)
    assert (sent.channel, sent.submitted_by.username) == ("staff_paper", "demo-ola")  # type: ignore[union-attr]
    receipt = Notification.objects.filter(recipient=kare, template_key="receipt").get()
    assert receipt.channel == "letter"
    post(caseworker, "/helping/stop/", {})

    # Siri follows his case online.
    post(siri_client, "/helping/", {"person": grant.pk})
    case_page = page(siri_client, f"/cases/{sent.reference}/")
    assert "NAV har mottatt søknaden din" in case_page  # she follows his case
    # …and only what the paper covers: the case, not the application itself.
    assert siri_client.get(f"/application/{sent.pk}/receipt/").status_code == 404


def test_bad_input_on_the_paper_form_stores_nothing(
    caseworker: Client, kare: Person, daughter: tuple[Person, Client]
) -> None:
    siri, _client = daughter
    check_identity(caseworker, kare)
    no_scan = post(caseworker, f"/staff/people/{kare.pk}/paper-fullmakt/", paper(siri), 400)
    assert "Skjema 1/2026" in no_scan.content.decode()  # what was typed is kept
    wrong = post(
        caseworker,
        f"/staff/people/{kare.pk}/paper-fullmakt/",
        {**paper(siri, family_name="Hansen"), "photos": scan()},
        400,
    )
    assert "Vi fant ingen med dette fødselsnummeret og etternavnet" in wrong.content.decode()
    assert not Grant.objects.exists()


def test_another_office_cannot_register_for_him(persona: Persona, kare: Person) -> None:
    ola = persona("ola")  # NAV Grünerløkka does not serve Kåre's municipality
    assert ola.get(f"/staff/people/{kare.pk}/identity/").status_code in {403, 404}
    ola.post(f"/staff/people/{kare.pk}/register-application/", {"channel": "staff_paper"})
    assert "Du registrerer en søknad for" not in page(ola, "/application/")
    assert not IdentityCheck.objects.exists()


def test_registering_for_him_opens_nothing_else_of_his(caseworker: Client, kare: Person) -> None:
    from tests.factories import SubmittedApplicationFactory

    earlier = SubmittedApplicationFactory.create(
        person=kare, office=Organisation.objects.get(name="NAV Hamar")
    )
    check_identity(caseworker, kare)
    post(caseworker, f"/staff/people/{kare.pk}/register-application/", {"channel": "staff_phone"})
    assert caseworker.get(f"/application/{earlier.pk}/receipt/").status_code == 404
    assert caseworker.get(f"/cases/{earlier.reference}/").status_code in {403, 404}
    assert caseworker.get(f"/api/v1/applications/{earlier.reference}/digisos").status_code in {
        403,
        404,
    }


def test_a_protected_address_is_not_prefilled_for_staff_without_the_right(
    caseworker: Client, kare: Person
) -> None:
    kare.address_protection = "strengt_fortrolig"
    kare.save()
    check_identity(caseworker, kare)
    post(caseworker, f"/staff/people/{kare.pk}/register-application/", {"channel": "staff_phone"})
    post(caseworker, "/application/", {})
    draft = Application.objects.get(person=kare, status="draft")
    assert draft.answers["personal"]["street"] == ""
    assert "Narjordsvegen" not in page(caseworker, f"/application/{draft.pk}/personal/")


def test_a_help_code_on_a_printed_letter_for_the_library(
    caseworker: Client, kare: Person, persona: Persona
) -> None:
    import re

    import time_machine

    from kompanjong.delegation.models import HelpCode

    url = f"/staff/people/{kare.pk}/help-code-letter/"
    assert caseworker.get(url).status_code == 302  # identity first
    check_identity(caseworker, kare)
    empty = post(caseworker, url, {}, status=400).content.decode()
    assert "Velg minst én ting" in empty
    letter = post(caseworker, url, {"case_level": "read"}, status=200).content.decode()
    code = re.search(r'class="help-code"[^>]*><strong>([A-Z0-9-]+)</strong>', letter)
    assert code is not None
    stored = HelpCode.objects.get(person=kare)
    assert code.group(1).replace("-", "") not in stored.digest  # only its hash is kept
    assert AccessLog.objects.filter(subject=kare, object_type="help_code.letter").exists()
    with time_machine.travel(timezone.now() + timedelta(days=3)):  # the letter got there
        nora = persona("nora")
        post(nora, "/helper/help-code/", {"code": code.group(1)})
        assert "Du hjelper Kåre Nilsen" in page(nora, "/citizen/")
    assert Grant.objects.get().giver == kare
