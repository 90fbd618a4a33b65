"""Nora helps Amina under her power of attorney: the grant is checked on every request, the
receipt and the access log say who did what, and ending or expiry stop it at once."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from kompanjong.applications.models import Application
from kompanjong.cases.models import Case
from kompanjong.delegation.acting import SESSION_KEY
from kompanjong.delegation.models import Grant
from kompanjong.delegation.rules import Action, Area
from kompanjong.delegation.services import ScopeChoice, give, say_yes
from kompanjong.people.models import Account, Person
from tests.applications.wizard import POSTS, answer_questions, choose_for_all_documents
from tests.pages import Persona, page, post

pytestmark = pytest.mark.django_db


def grant_to_nora(*levels: tuple[Area, Action], days: int = 30) -> Grant:
    amina = Account.objects.get(username="demo-amina")
    nora = Person.objects.get(given_name="Nora")
    until = timezone.localdate() + timedelta(days=days)
    grant = give(
        actor=amina,
        helper=nora,
        scopes=[ScopeChoice(area, action, until) for area, action in levels],
    )
    return say_yes(grant=grant, actor=Account.objects.get(username="demo-nora"))


def helping(persona: Persona, grant: Grant) -> Client:
    nora = persona("nora")
    post(nora, "/helping/", {"person": grant.pk})
    return nora


FULL = (
    (Area.APPLICATION, Action.WRITE),
    (Area.CASE, Action.WRITE),
    (Area.MESSAGES, Action.COMMUNICATE),
)


def test_nora_fills_in_and_sends_aminas_application(persona: Persona) -> None:
    grant = grant_to_nora(*FULL)
    nora = helping(persona, grant)
    home = page(nora, "/citizen/")
    assert "Du hjelper Amina Hassan" in home
    draft = answer_questions(nora)
    assert draft.person.given_name == "Amina"
    choose_for_all_documents(nora, draft, "later")
    post(nora, f"/application/{draft.pk}/check/", {})
    sent = Application.objects.get(pk=draft.pk)
    assert (sent.status, sent.channel, sent.fullmakt_reference) == (
        "submitted",
        "helper",
        grant.reference,
    )
    assert sent.submitted_by == Account.objects.get(username="demo-nora")
    receipt = page(persona("amina"), f"/application/{sent.pk}/receipt/")
    assert "Sendt av Nora Berg på vegne av Amina Hassan" in receipt
    log = page(persona("amina"), "/me/access-log/")
    assert "Nora Berg" in log and "sendte søknaden din" in log
    assert "fullmakten du ga" in log


def test_ending_the_grant_mid_wizard_stops_nora_at_once_and_keeps_the_draft(
    persona: Persona,
) -> None:
    grant = grant_to_nora(*FULL)
    nora = helping(persona, grant)
    draft = answer_questions(nora, steps=["personal", "need"])
    before = Application.objects.get(pk=draft.pk).answers
    post(persona("amina"), f"/fullmakt/{grant.pk}/end/", {})
    response = nora.post(f"/application/{draft.pk}/work/", POSTS["work"])
    assert (response.status_code, response["Location"]) == (302, "/home/")  # refused whole
    follow = page(nora, "/citizen/")
    assert "Du kan ikke lenger hjelpe" in follow
    assert "Du hjelper Amina" not in follow
    assert Application.objects.get(pk=draft.pk).answers == before  # untouched


def test_expiry_needs_no_batch_job(persona: Persona) -> None:
    grant = grant_to_nora((Area.CASE, Action.READ), days=3)
    amina = persona("amina")
    draft = answer_questions(amina)
    choose_for_all_documents(amina, draft, "later")
    post(amina, f"/application/{draft.pk}/check/", {})
    reference = Application.objects.get(pk=draft.pk).reference
    nora = helping(persona, grant)
    assert nora.get(f"/cases/{reference}/").status_code == 200
    with time_machine.travel(timezone.now() + timedelta(days=5)):
        nora = persona("nora")  # a new login: the old session has timed out by now
        session = nora.session
        session[SESSION_KEY] = grant.pk  # as if she had chosen Amina before it expired
        session.save()
        refused = nora.get(f"/cases/{reference}/")
        assert (refused.status_code, refused["Location"]) == (302, "/home/")
        assert nora.get(f"/cases/{reference}/").status_code == 404  # as herself: not hers
        assert "Du hjelper Amina" not in page(nora, "/citizen/")
        assert "Utløpt" in page(persona("amina"), f"/fullmakt/{grant.pk}/")


def test_a_grant_covers_only_its_areas(persona: Persona, amina_case: Case) -> None:
    grant = grant_to_nora((Area.CASE, Action.READ))
    nora = helping(persona, grant)
    reference = amina_case.application.reference
    assert nora.get(f"/cases/{reference}/").status_code == 200
    assert nora.get(f"/cases/{reference}/messages/").status_code == 404  # no messages scope
    assert nora.get(f"/application/{amina_case.application.pk}/receipt/").status_code == 404
    assert nora.get(f"/cases/{reference}/tasks/1/").status_code == 404  # read, not write


def test_while_helping_her_own_things_are_out_of_reach(persona: Persona) -> None:
    nora_own = persona("nora")
    own_draft = answer_questions(nora_own, steps=["personal"])
    grant = grant_to_nora(*FULL)
    nora = helping(persona, grant)
    assert nora.get(f"/application/{own_draft.pk}/need/").status_code == 404
    post(nora, "/helping/stop/", {})
    assert nora.get(f"/application/{own_draft.pk}/need/").status_code == 200


def test_someone_without_a_grant_cannot_choose_to_help(persona: Persona) -> None:
    grant = grant_to_nora(*FULL)
    kare = persona("kare")
    assert kare.post("/helping/", {"person": grant.pk}).status_code == 400
    assert "Du hjelper" not in page(kare, "/citizen/")


def test_nora_writes_in_aminas_thread_and_the_office_sees_for_whom(
    persona: Persona, amina_case: Case
) -> None:
    from kompanjong.dialogue.models import Message

    grant = grant_to_nora((Area.MESSAGES, Action.COMMUNICATE))
    nora = helping(persona, grant)
    reference = amina_case.application.reference
    post(nora, f"/cases/{reference}/messages/", {"text": "Hei, jeg hjelper Amina."})
    message = Message.objects.get()
    assert (message.author.username, message.side) == ("demo-nora", "citizen")
    staff = page(persona("ola"), f"/staff/cases/{reference}/messages/")
    assert "Nora Berg for Amina Hassan" in staff
    log = page(persona("amina"), "/me/access-log/")
    assert "skrev til NAV for deg" in log


def test_a_read_only_grant_cannot_write_messages(persona: Persona, amina_case: Case) -> None:
    from kompanjong.dialogue.models import Message

    grant = grant_to_nora((Area.MESSAGES, Action.READ))
    nora = helping(persona, grant)
    reference = amina_case.application.reference
    assert nora.get(f"/cases/{reference}/messages/").status_code == 200
    assert nora.post(f"/cases/{reference}/messages/", {"text": "Hei"}).status_code == 404
    assert not Message.objects.exists()


def test_her_own_pages_switch_her_back(persona: Persona) -> None:
    grant = grant_to_nora(*FULL)
    nora = helping(persona, grant)
    own = page(nora, "/fullmakt/")
    assert "Du hjelper Amina" not in own
    assert "Du hjelper Amina" not in page(nora, "/citizen/")


def test_a_grant_without_the_application_cannot_start_one(persona: Persona) -> None:
    grant = grant_to_nora((Area.MESSAGES, Action.READ))
    nora = helping(persona, grant)
    assert nora.get("/application/").status_code == 404
    assert nora.post("/application/").status_code == 404
    assert not Application.objects.exists()


def test_uses_are_logged_only_when_they_happen(persona: Persona, amina_case: Case) -> None:
    from kompanjong.core.models import AccessLog

    grant = grant_to_nora(*FULL)
    nora = helping(persona, grant)
    reference = amina_case.application.reference
    post(nora, f"/cases/{reference}/tasks/1/", {"task": "stale|key|"})  # refused: list changed
    assert not AccessLog.objects.filter(object_type="case.documents").exists()
    post(nora, f"/application/{amina_case.application.pk}/check/", {})  # already sent
    assert not AccessLog.objects.filter(object_type="application.sent").exists()
    nora.get(f"/api/v1/cases/{reference}")
    assert AccessLog.objects.filter(object_type="case", on_behalf_of__isnull=False).exists()


def test_an_invalid_step_is_not_logged_as_a_change(persona: Persona) -> None:
    from kompanjong.core.models import AccessLog

    grant = grant_to_nora(*FULL)
    nora = helping(persona, grant)
    draft = answer_questions(nora, steps=["personal"])
    before = AccessLog.objects.filter(action="change", object_type="application").count()
    assert nora.post(f"/application/{draft.pk}/need/", {}).status_code in {200, 400}
    after = AccessLog.objects.filter(action="change", object_type="application").count()
    assert after == before


def test_message_attachments_stay_with_the_messages(persona: Persona, amina_case: Case) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.documents import photos

    reference = amina_case.application.reference
    photo = SimpleUploadedFile("kvittering.jpg", photos.jpeg(600, 400), "image/jpeg")
    post(persona("amina"), f"/cases/{reference}/messages/", {"text": "Se vedlegg", "photos": photo})
    grant = grant_to_nora((Area.CASE, Action.READ))
    case_page = page(helping(persona, grant), f"/cases/{reference}/")
    assert "Vedlegg til en melding" not in case_page
    assert "Vedlegg til en melding" in page(persona("amina"), f"/cases/{reference}/")
