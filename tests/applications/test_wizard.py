"""The application wizard through the test client: steps, bad input, back, change, send."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from kompanjong.applications.models import Application
from kompanjong.notifications.models import Notification
from kompanjong.people.models import Person

from .wizard import POSTS, answer_questions, choose_for_all_documents

pytestmark = pytest.mark.django_db


def draft_of(person: Person) -> Application:
    return Application.objects.get(person=person, status="draft")


def send(client: Client, application: Application) -> Any:
    return client.post(f"/application/{application.pk}/check/")


@pytest.fixture
def ready(login_as: Any, amina: Person) -> tuple[Client, Application]:
    """Amina, logged in, with every question answered and documents "later"."""
    client = login_as("amina")
    application = answer_questions(client)
    choose_for_all_documents(client, application, "later")
    return client, application


def test_start_page_offers_to_start_and_then_to_continue(login_as: Any, amina: Person) -> None:
    client = login_as("amina")
    assert "Start søknaden" in client.get("/application/").content.decode()
    client.post("/application/")
    page = client.get("/application/").content.decode()
    assert "Fortsett søknaden" in page
    assert "slettes" in page  # when the draft is deleted, with the date


def test_personal_step_is_prefilled_from_the_person(login_as: Any, amina: Person) -> None:
    client = login_as("amina")
    response = client.post("/application/")
    page = client.get(response["Location"]).content.decode()
    assert amina.street_address in page
    assert 'value="0301" selected' in page
    assert "Steg 1 av 9" in page


@pytest.mark.parametrize(
    ("step", "change", "field", "message"),
    [
        ("personal", {"postcode": "55"}, "postcode", "Et postnummer har 4 sifre"),
        ("personal", {"account_number": "1234 56 78900"}, "account_number", "finnes ikke"),
        ("personal", {"account_number": "123"}, "account_number", "11 sifre"),
        ("personal", {"account_number": ""}, "account_number", "kontonummer"),
        ("personal", {"citizenship_country": ""}, "citizenship_country", "land"),
        ("personal", {"municipality": "9999"}, "municipality", "9999"),
        ("personal", {"phone": "123"}, "phone", "8 sifre"),
        ("need", {"needs": []}, "needs", "minst én"),
        ("need", {"reason": ""}, "reason", "hvorfor"),
        ("need", {"urgent": ""}, "urgent", "hjelp i dag"),
        ("work", {"working": "yes", "employer": ""}, "employer", "hvor du jobber"),
        ("work", {"student": "yes"}, "study_level", "heltid eller deltid"),
        ("family", {"children": "to"}, "children", "helt tall"),
        ("family", {"children": "2"}, "children_shared_residence", "begge foreldrene"),
        ("family", {"children": "-1"}, "children", "0 eller mer"),
        ("housing", {"people_in_household": "0"}, "people_in_household", "1 eller mer"),
        ("income", {"monthly_income": "mye"}, "monthly_income", "tall"),
        ("income", {"assets": ["gold"]}, "assets", "gold"),
    ],
)
def test_bad_input_gets_a_specific_message_keeps_input_and_saves_nothing(
    login_as: Any, amina: Person, step: str, change: dict[str, Any], field: str, message: str
) -> None:
    client = login_as("amina")
    steps = list(POSTS)
    application = answer_questions(client, steps=steps[: steps.index(step)])
    before = dict(application.answers)
    data = {**POSTS[step], **change}
    response = client.post(f"/application/{application.pk}/{step}/", data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Feil:" in page
    assert f'href="#id_{field}' in page, page[:3000]
    assert message.lower() in page.lower()
    for name, value in change.items():  # what was typed stays in the form
        if isinstance(value, str) and value and name not in ("municipality", "urgent"):
            assert f'value="{value}"' in page or f">{value}<" in page
    application.refresh_from_db()
    assert application.answers == before
    assert step not in application.completed_steps


def test_follow_up_answers_are_cleared_when_no_longer_asked(login_as: Any, amina: Person) -> None:
    client = login_as("amina")
    application = answer_questions(client, steps=["personal", "need"])
    data = {**POSTS["work"], "working": "yes", "employer": "Rema 1000"}
    client.post(f"/application/{application.pk}/work/", data)
    application.refresh_from_db()
    assert application.answers["work"]["employer"] == "Rema 1000"
    client.post(f"/application/{application.pk}/work/", {**data, "working": "no"})
    application.refresh_from_db()
    assert application.answers["work"]["employer"] == ""
    assert application.answers["work"]["working"] is False


def test_back_keeps_what_was_typed_even_when_it_is_not_valid_yet(
    login_as: Any, amina: Person
) -> None:
    client = login_as("amina")
    application = answer_questions(client, steps=["personal"])
    typed = {"needs": ["food"], "reason": "Halvferdig tekst", "urgent": "", "action": "back"}
    response = client.post(f"/application/{application.pk}/need/", typed)
    assert response.status_code == 302
    assert response["Location"].endswith("/personal/")
    page = client.get(f"/application/{application.pk}/need/").content.decode()
    assert "Halvferdig tekst" in page
    assert 'value="food" checked' in page
    assert "Feil:" not in page  # shown as typed, not as errors
    application.refresh_from_db()
    assert "need" not in application.completed_steps


def test_steps_cannot_be_skipped(login_as: Any, amina: Person) -> None:
    client = login_as("amina")
    application = answer_questions(client, steps=["personal"])
    response = client.get(f"/application/{application.pk}/housing/")
    assert response.status_code == 302
    assert response["Location"].endswith("/need/")
    response = client.get(f"/application/{application.pk}/check/")
    assert response["Location"].endswith("/need/")


def test_urgent_shows_the_office_phone_and_marks_the_application(
    login_as: Any, amina: Person
) -> None:
    client = login_as("amina")
    application = answer_questions(client, steps=["personal"])
    page = client.get(f"/application/{application.pk}/need/").content.decode()
    assert "NAV Grünerløkka" in page and "55 55 33 33" in page  # shown at once, JS or not
    client.post(f"/application/{application.pk}/need/", {**POSTS["need"], "urgent": "yes"})
    application.refresh_from_db()
    assert application.urgent is True
    page = client.get(f"/application/{application.pk}/work/").content.decode()
    assert "Du har sagt at du trenger hjelp i dag" in page


def test_change_link_returns_to_check_answers(ready: tuple[Client, Application]) -> None:
    client, application = ready
    page = client.get(f"/application/{application.pk}/check/").content.decode()
    assert f"/application/{application.pk}/housing/?return=check" in page
    response = client.post(
        f"/application/{application.pk}/housing/",
        {**POSTS["housing"], "people_in_household": "3", "return": "check"},
    )
    assert response["Location"].endswith("/check/")
    assert "3" in client.get(response["Location"]).content.decode()


def test_sending_twice_gives_one_application_and_one_receipt(
    ready: tuple[Client, Application],
) -> None:
    client, application = ready
    first = send(client, application)
    second = send(client, application)  # a double click, or a resend after a timeout
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Application.objects.filter(person=application.person).count() == 1
    sent = Application.objects.get(pk=application.pk)
    assert sent.status == "submitted" and sent.reference
    assert sent.office is not None and sent.office.name == "NAV Grünerløkka"
    assert sent.submitted_by is not None and sent.channel == "self"
    assert (
        Notification.objects.filter(recipient=application.person, template_key="receipt").count()
        == 1
    )


def test_receipt_shows_reference_office_next_steps_and_missing_documents(
    ready: tuple[Client, Application],
) -> None:
    client, application = ready
    receipt = client.get(send(client, application)["Location"]).content.decode()
    sent = Application.objects.get(pk=application.pk)
    assert sent.reference and sent.reference in receipt
    assert "NAV Grünerløkka" in receipt
    assert "Husleiekontrakt" in receipt  # a document still missing
    assert "Hva skjer nå" in receipt
    assert f"/application/{sent.pk}/receipt.pdf" in receipt


def test_a_sent_application_cannot_be_changed_and_its_pages_lead_to_the_receipt(
    ready: tuple[Client, Application],
) -> None:
    client, application = ready
    send(client, application)
    sent = Application.objects.get(pk=application.pk)
    receipt = f"/application/{application.pk}/receipt/"
    for url in ("need/", "documents/1/", "check/"):  # the back button after sending
        response = client.get(f"/application/{application.pk}/{url}")
        assert response.status_code == 302 and response["Location"] == receipt
    response = client.post(f"/application/{application.pk}/need/", POSTS["need"])
    assert response["Location"] == receipt
    assert Application.objects.get(pk=application.pk).answers == sent.answers


def test_a_save_from_a_stale_page_never_reopens_a_sent_application(
    ready: tuple[Client, Application],
) -> None:
    """One tab sends while another still holds the draft: the late save is refused."""
    from kompanjong.applications import services

    client, application = ready
    stale = Application.objects.get(pk=application.pk)
    send(client, application)
    with pytest.raises(services.DraftGoneError):
        services.save_step(application=stale, step="need", section=stale.answers["need"])
    with pytest.raises(services.DraftGoneError):
        services.choose_document(application=stale, key="annet|annet", choice="none")
    sent = Application.objects.get(pk=application.pk)
    assert sent.status == "submitted" and sent.reference


def test_a_change_that_asks_for_a_new_document_goes_to_it_before_the_overview(
    ready: tuple[Client, Application],
) -> None:
    client, application = ready
    response = client.post(
        f"/application/{application.pk}/work/",
        {"working": "yes", "employer": "Rema 1000", "student": "no", "return": "check"},
    )
    assert "/documents/" in response["Location"] and "return=check" in response["Location"]
    page = client.get(f"/application/{application.pk}/check/").content.decode()
    assert "Lønnsslipp" in page  # listed, with a link, until she says how she sends it
    refused = client.post(f"/application/{application.pk}/check/")
    assert refused.status_code == 400
    assert Application.objects.get(pk=application.pk).status == "draft"


def test_submission_limit_per_day_is_explained_and_keeps_the_draft(
    login_as: Any, amina: Person, settings: Any
) -> None:
    settings.APPLICATION_SUBMISSIONS_PER_DAY = 1
    client = login_as("amina")
    first = answer_questions(client)
    choose_for_all_documents(client, first, "later")
    send(client, first)
    second = answer_questions(client)
    choose_for_all_documents(client, second, "later")
    response = send(client, second)
    page = response.content.decode()
    assert response.status_code == 400
    assert "siste 24 timene" in page
    second.refresh_from_db()
    assert second.status == "draft"


def test_drafts_are_deleted_after_14_days(login_as: Any, amina: Person) -> None:
    client = login_as("amina")
    application = answer_questions(client, steps=["personal"])
    Application.objects.filter(pk=application.pk).update(
        updated_at=timezone.now() - timedelta(days=15)
    )
    assert client.get(f"/application/{application.pk}/need/").status_code == 404
    call_command("delete_expired_drafts", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert not Application.objects.filter(pk=application.pk).exists()


def test_someone_else_cannot_open_a_draft(login_as: Any, amina: Person) -> None:
    client = login_as("amina")
    application = answer_questions(client, steps=["personal"])
    other = login_as("kare")
    assert other.get(f"/application/{application.pk}/need/").status_code == 404
    assert other.post(f"/application/{application.pk}/check/").status_code == 404
    anonymous = Client()
    assert anonymous.get(f"/application/{application.pk}/need/").status_code == 302


def test_receipt_notification_goes_by_letter_when_reserved(
    ready: tuple[Client, Application], amina: Person
) -> None:
    client, application = ready
    Person.objects.filter(pk=amina.pk).update(reserved_against_digital=True)
    send(client, application)
    notification = Notification.objects.get(recipient=amina, template_key="receipt")
    assert notification.channel == "letter"


@pytest.mark.parametrize("step", [*POSTS])
def test_each_step_runs_a_constant_number_of_queries(
    login_as: Any, amina: Person, step: str, django_assert_max_num_queries: Any
) -> None:
    """The same number of queries whatever else is in the database."""
    from tests.factories import SubmittedApplicationFactory

    client = login_as("amina")
    steps = list(POSTS)
    application = answer_questions(client, steps=steps[: steps.index(step)])
    url = f"/application/{application.pk}/{step}/"

    def count() -> tuple[int, int]:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as get:
            client.get(url)
        with CaptureQueriesContext(connection) as post:
            client.post(url, POSTS[step])
        return len(get), len(post)

    before = count()
    for _ in range(3):
        SubmittedApplicationFactory.create(person=amina)
    SubmittedApplicationFactory.create_batch(20)
    assert count() == before
    assert max(before) <= 16, before


def test_home_page_says_what_is_left_of_the_draft(login_as: Any, amina: Person) -> None:
    client = login_as("amina")
    answer_questions(client, steps=["personal", "need"])
    page = client.get("/citizen/").content.decode()
    assert "Fortsett søknaden" in page or "Fortsett søknaden din" in page
    assert "Arbeid og utdanning" in page  # a step still to do
    assert "Om deg" not in page  # a step already done


def test_numbers_typed_in_arabic_digits_are_understood(login_as: Any, amina: Person) -> None:
    client = login_as("amina")
    application = answer_questions(client, steps=[])
    data = {**POSTS["personal"], "postcode": "٠٥٥٥", "phone": "٤١٢ ٣٤ ٥٦٧"}
    response = client.post(f"/application/{application.pk}/personal/", data)
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.answers["personal"]["postcode"] == "0555"
    assert application.answers["personal"]["phone"] == "+4741234567"


def test_text_direction_overrides_are_removed_and_long_text_is_not_cut(
    login_as: Any, amina: Person
) -> None:
    client = login_as("amina")
    application = answer_questions(client, steps=["personal"])
    page = client.get(f"/application/{application.pk}/need/").content.decode()
    assert "maxlength" not in page  # pasted text is never silently cut in the browser
    too_long = {**POSTS["need"], "reason": "x" * 2001}
    page = client.post(f"/application/{application.pk}/need/", too_long).content.decode()
    assert "2001" in page  # says how much was written
    tricky = {**POSTS["need"], "reason": "Jeg trenger \u202eevil\u202c hjelp"}
    client.post(f"/application/{application.pk}/need/", tricky)
    application.refresh_from_db()
    assert application.answers["need"]["reason"] == "Jeg trenger evil hjelp"


def test_removing_a_file_twice_is_not_an_error(login_as: Any) -> None:
    client = login_as("amina")
    draft = answer_questions(client)
    response = client.post(f"/application/{draft.pk}/documents/1/remove/999999/")
    assert response.status_code == 302
