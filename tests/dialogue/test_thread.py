"""The message thread between Amina and NAV Grünerløkka, from both sides."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import resolve, reverse

from kompanjong.cases.models import Case
from kompanjong.core.models import AccessLog
from kompanjong.dialogue import selectors
from kompanjong.dialogue.models import Message, Thread
from kompanjong.dialogue.rules import CITIZEN, OFFICE, WAITING_FOR_CITIZEN, WAITING_FOR_NAV
from kompanjong.dialogue.selectors import Summary, thread_summary, unread_by_case
from kompanjong.people.models import Organisation
from tests.dialogue.support import citizen_url, html, sent_case, staff_url
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

QUESTION = "Når får jeg svar på søknaden min?"
ANSWER = "Vi trenger kontoutskrift for mars. Kan du sende den?"


def test_a_new_thread_is_empty_and_waits_for_nobody(case: Case, amina_client: Client) -> None:
    response = amina_client.get(citizen_url(case))
    assert response.status_code == 200
    assert "No messages yet." in html(response)
    assert thread_summary(case, CITIZEN) == Summary(unread=0, state=None, messages=0)
    assert not Thread.objects.exists()  # opening the page writes nothing


def test_citizen_writes_staff_reads_and_answers(
    case: Case, amina_client: Client, ola_client: Client
) -> None:
    response = amina_client.post(citizen_url(case), {"text": QUESTION})
    assert response.status_code == 302
    assert response["Location"] == citizen_url(case)
    mine = html(amina_client.get(citizen_url(case)))
    assert "Your message is sent to NAV." in mine
    assert QUESTION in mine and "You" in mine
    assert "Waiting for NAV" in mine

    assert thread_summary(case, OFFICE) == Summary(unread=1, state=WAITING_FOR_NAV, messages=1)
    assert unread_by_case([case.pk], OFFICE) == {case.pk: 1}

    staff_page = html(ola_client.get(staff_url(case)))
    assert QUESTION in staff_page
    assert "Amina Hassan" in staff_page
    assert "New" in staff_page  # marked new on the visit that reads it
    assert "Waiting for NAV" in staff_page
    assert thread_summary(case, OFFICE).unread == 0  # opening the page read it
    assert unread_by_case([case.pk], OFFICE) == {case.pk: 0}
    assert ">New<" not in html(ola_client.get(staff_url(case)))

    response = ola_client.post(staff_url(case), {"text": ANSWER})
    assert response.status_code == 302
    assert response["Location"] == staff_url(case)
    assert thread_summary(case, CITIZEN) == Summary(unread=1, state=WAITING_FOR_CITIZEN, messages=2)
    assert thread_summary(case, OFFICE).unread == 0  # their own message is not unread

    citizen_page = html(amina_client.get(citizen_url(case)))
    assert ANSWER in citizen_page
    assert "NAV Grünerløkka (Ola Nordmann)" in citizen_page
    assert "Waiting for you" in citizen_page
    assert citizen_page.index(QUESTION) < citizen_page.index(ANSWER)  # newest last
    assert thread_summary(case, CITIZEN).unread == 0


def test_a_colleague_sees_the_caseworkers_name_and_the_caseworker_sees_you(
    case: Case, ola_client: Client, log_in: Any
) -> None:
    ola_client.post(staff_url(case), {"text": ANSWER})
    assert "<bdi>You</bdi>" in html(ola_client.get(staff_url(case)))
    assert "<bdi>Ola Nordmann</bdi>" in html(log_in("lead").get(staff_url(case)))


def test_staff_mark_a_message_done_and_the_thread_waits_for_nobody(
    case: Case, amina_client: Client, ola_client: Client
) -> None:
    amina_client.post(citizen_url(case), {"text": "Takk for hjelpen!"})
    message = Message.objects.get()
    url = f"{staff_url(case)}{message.pk}/done/"
    assert "Mark as done" in html(ola_client.get(staff_url(case)))

    response = ola_client.post(url)
    assert response.status_code == 302
    message.refresh_from_db()
    assert message.done_at is not None and message.done_by is not None
    assert message.done_by.username == "demo-ola"
    assert thread_summary(case, OFFICE).state is None
    assert "Waiting for" not in html(amina_client.get(citizen_url(case)))
    assert "NAV has read this. It needs no answer." in html(amina_client.get(citizen_url(case)))

    done_at = message.done_at
    assert ola_client.post(url).status_code == 302  # twice changes nothing
    message.refresh_from_db()
    assert message.done_at == done_at
    assert ola_client.get(url).status_code == 405


def test_only_a_citizens_message_in_this_thread_can_be_marked_done(
    case: Case, amina_client: Client, ola_client: Client
) -> None:
    ola_client.post(staff_url(case), {"text": ANSWER})
    own = Message.objects.get()
    assert ola_client.post(f"{staff_url(case)}{own.pk}/done/").status_code == 404
    other_case = open_other_case(case)
    amina_client.post(citizen_url(other_case), {"text": QUESTION})
    elsewhere = Message.objects.get(side=CITIZEN)
    assert ola_client.post(f"{staff_url(case)}{elsewhere.pk}/done/").status_code == 404
    assert amina_client.post(f"{staff_url(case)}{elsewhere.pk}/done/").status_code == 403


def open_other_case(case: Case) -> Case:
    return sent_case(case.application.person, case.office)


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("", "Write a message, or add a file."),
        ("   \r\n  ", "Write a message, or add a file."),
        ("x" * 4001, "Your message is 4001 characters long. It can be at most 4000."),
    ],
)
def test_bad_input_is_refused_with_a_plain_message_and_kept(
    case: Case, amina_client: Client, text: str, error: str
) -> None:
    response = amina_client.post(citizen_url(case), {"text": text})
    assert response.status_code == 400
    body = html(response)
    assert error in body
    assert 'href="#id_text"' in body  # the error summary leads to the field
    assert 'aria-invalid="true"' in body
    if text.strip():
        assert text in body
    assert not Message.objects.exists()


def test_line_breaks_count_as_one_character(case: Case, amina_client: Client) -> None:
    text = "a\r\n" * 1999 + "b"  # 4000 characters as the person sees them
    assert amina_client.post(citizen_url(case), {"text": text}).status_code == 302
    assert Message.objects.get().text == "a\n" * 1999 + "b"


def test_staff_bad_input_is_refused_too(case: Case, ola_client: Client) -> None:
    response = ola_client.post(staff_url(case), {"text": ""})
    assert response.status_code == 400
    assert "Write a message." in html(response)
    assert not Message.objects.exists()


def test_the_same_form_sent_twice_stores_one_message(case: Case, amina_client: Client) -> None:
    form = {"text": QUESTION, "token": "0b7c6a1e-4d0c-4a38-9a43-2f5f3f1f2c11"}
    assert amina_client.post(citizen_url(case), form).status_code == 302
    assert amina_client.post(citizen_url(case), form).status_code == 302
    assert Message.objects.count() == 1
    assert amina_client.post(citizen_url(case), {**form, "token": "junk"}).status_code == 302
    assert Message.objects.count() == 2  # a token we did not make just means no protection


def test_others_get_not_found(case: Case, log_in: Any) -> None:
    hamar = Organisation.objects.get(name="NAV Hamar")
    hamar_caseworker = MembershipFactory.create(organisation=hamar, role="caseworker").account
    other_office = Client()
    other_office.force_login(hamar_caseworker)
    assert other_office.get(staff_url(case)).status_code == 404
    assert other_office.post(staff_url(case), {"text": "Hei"}).status_code == 404
    kare = log_in("kare")
    assert kare.get(citizen_url(case)).status_code == 404
    assert kare.post(citizen_url(case), {"text": "Hei"}).status_code == 404
    # Staff at the office have no citizen's page for someone else's case, and a citizen has
    # no staff page at all.
    assert log_in("ola").get(citizen_url(case)).status_code == 404
    assert log_in("amina").get(staff_url(case)).status_code == 403
    assert Client().get(citizen_url(case)).status_code == 302  # anonymous: log in first
    assert log_in("amina").get("/cases/NO-SUCH-REF/messages/").status_code == 404
    assert not Message.objects.exists()


def test_a_case_moved_to_another_office_leaves_the_old_one(case: Case, ola_client: Client) -> None:
    ola_client.post(staff_url(case), {"text": ANSWER})
    case.office = Organisation.objects.get(name="NAV Hamar")
    case.save(update_fields=["office"])
    assert ola_client.get(staff_url(case)).status_code == 404


def test_the_citizen_sees_the_office_that_wrote_even_after_a_move(
    case: Case, ola_client: Client, amina_client: Client
) -> None:
    ola_client.post(staff_url(case), {"text": ANSWER})
    case.office = Organisation.objects.get(name="NAV Hamar")
    case.save(update_fields=["office"])
    assert "NAV Grünerløkka (Ola Nordmann)" in html(amina_client.get(citizen_url(case)))


def test_staff_reads_are_in_the_citizens_access_log(
    case: Case, amina_client: Client, ola_client: Client
) -> None:
    amina_client.get(citizen_url(case))
    assert not AccessLog.objects.exists()  # a person's own reads are not logged
    ola_client.get(staff_url(case))
    entry = AccessLog.objects.get()
    assert entry.subject == case.application.person
    assert entry.action == "read"
    assert entry.object_type == selectors.ACCESS_LOG_OBJECT == "case.messages"
    assert entry.object_id == case.application.reference
    assert entry.actor_label == "Ola Nordmann, NAV Grünerløkka"


def test_unread_by_case_counts_each_case_in_one_query(
    case: Case, amina_client: Client, django_assert_num_queries: Any
) -> None:
    other = open_other_case(case)
    amina_client.post(citizen_url(case), {"text": "1"})
    amina_client.post(citizen_url(case), {"text": "2"})
    amina_client.post(citizen_url(other), {"text": "3"})
    quiet = open_other_case(case)
    with django_assert_num_queries(1):
        counts = unread_by_case([case.pk, other.pk, quiet.pk], OFFICE)
    assert counts == {case.pk: 2, other.pk: 1, quiet.pk: 0}
    with django_assert_num_queries(1):
        assert thread_summary(case, OFFICE) == Summary(unread=2, state=WAITING_FOR_NAV, messages=2)


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("/cases/REF-1/messages/", "dialogue:thread"),
        ("/staff/cases/REF-1/messages/", "dialogue:staff_thread"),
        ("/staff/cases/REF-1/messages/7/done/", "dialogue:mark_done"),
    ],
)
def test_the_urls_reach_the_dialogue_and_nothing_shadows_them(url: str, name: str) -> None:
    match = resolve(url)
    assert match.view_name == name, f"{url} goes to {match.view_name} ({match.route})"
    assert reverse(name, kwargs=match.kwargs) == url
