"""Giving, asking for, accepting and ending a power of attorney through the pages."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from kompanjong.delegation.models import Grant, GrantEvent, HelperLookup
from kompanjong.notifications.models import Notification
from kompanjong.people.models import Person
from tests.pages import Persona, page, post

pytestmark = pytest.mark.django_db

NORA = {"national_id": "23078010088", "family_name": "Berg"}
AMINA = {"national_id": "15069210055", "family_name": "Hassan"}


def until(days: int) -> str:
    return (timezone.localdate() + timedelta(days=days)).strftime("%d.%m.%Y")


def scopes(**levels: str) -> dict[str, str]:
    data = {}
    for area, level in levels.items():
        data[f"{area}_level"] = level
        data[f"{area}_until"] = until(90)
    return data


GIVE = {**NORA, **scopes(application="write", case="read", messages="communicate")}


def confirm(client: Any, url: str, data: dict[str, str]) -> Grant:
    check = post(client, url, {**data, "action": "check"}, status=200).content.decode()
    assert "Nora Berg" in check or "Amina Hassan" in check
    post(client, url, {**data, "action": "confirm"})
    return Grant.objects.latest("id")


def test_amina_gives_nora_accepts_and_amina_ends_it(persona: Persona) -> None:
    amina, nora = persona("amina"), persona("nora")
    grant = confirm(amina, "/fullmakt/give/", GIVE)
    assert grant.state == "pending"
    assert sorted(grant.scopes.values_list("area", "action")) == [
        ("application", "write"),
        ("case", "read"),
        ("messages", "communicate"),
    ]
    notified = Notification.objects.filter(template_key__in=["grant_created", "grant_given"])
    assert {(n.recipient.given_name, n.template_key) for n in notified} == {
        ("Amina", "grant_given"),  # "you have given …"
        ("Nora", "grant_created"),  # "someone has given you … accept or say no"
    }
    assert "Venter på svar" in page(nora, "/fullmakt/")
    post(nora, f"/fullmakt/{grant.pk}/yes/", {})
    grant.refresh_from_db()
    assert grant.state == "active"
    post(amina, f"/fullmakt/{grant.pk}/end/", {})
    grant.refresh_from_db()
    assert grant.state == "ended"
    assert list(grant.events.values_list("kind", flat=True)) == ["created", "accepted", "ended"]
    assert Notification.objects.filter(template_key="grant_ended").count() == 2
    history = page(amina, f"/fullmakt/{grant.pk}/")
    assert "Nora Berg aksepterte." in history


def test_every_notification_says_what_to_do_if_it_was_not_you(persona: Persona) -> None:
    confirm(persona("amina"), "/fullmakt/give/", GIVE)
    for notification in Notification.objects.filter(template_key__startswith="grant_"):
        assert "55 55 33 33" in notification.body


def test_nora_asks_and_amina_approves_or_refuses(persona: Persona) -> None:
    nora, amina = persona("nora"), persona("amina")
    asked = {**AMINA, **scopes(case="read")}
    grant = confirm(nora, "/fullmakt/ask/", asked)
    assert grant.requested_by_helper and grant.giver.given_name == "Amina"
    assert post(nora, f"/fullmakt/{grant.pk}/yes/", {}).status_code == 302  # not hers to say
    grant.refresh_from_db()
    assert grant.state == "pending"
    post(amina, f"/fullmakt/{grant.pk}/yes/", {})
    grant.refresh_from_db()
    assert grant.state == "active"
    second = confirm(nora, "/fullmakt/ask/", asked)
    post(amina, f"/fullmakt/{second.pk}/end/", {})
    second.refresh_from_db()
    assert second.state == "ended"
    assert second.events.last().kind == "refused"  # type: ignore[union-attr]


def test_a_wrong_surname_is_refused_keeps_what_was_typed_and_stores_nothing(
    persona: Persona,
) -> None:
    amina = persona("amina")
    response = post(
        amina, "/fullmakt/give/", {**GIVE, "family_name": "Bergersen", "action": "check"}, 400
    )
    html = response.content.decode()
    assert "Vi fant ingen med dette fødselsnummeret og etternavnet" in html
    assert "Bergersen" in html and "23078010088" in html
    assert not Grant.objects.exists()


def test_after_five_failed_lookups_it_says_so_and_stops(persona: Persona) -> None:
    amina = persona("amina")
    for _ in range(5):
        post(amina, "/fullmakt/give/", {**GIVE, "family_name": "Feil", "action": "check"}, 400)
    blocked = post(amina, "/fullmakt/give/", {**GIVE, "action": "check"}, 400).content.decode()
    assert "Du har prøvd for mange ganger" in blocked
    assert HelperLookup.objects.filter(found=False).count() == 5
    assert not Grant.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({**NORA}, "Velg minst én ting"),
        ({**NORA, "case_level": "read", "case_until": until(400)}, "høyst ett år"),
        ({**NORA, "case_level": "read", "case_until": until(-1)}, "Velg i dag eller en senere dag"),
        ({**AMINA, **scopes(case="read")}, "Dette er deg"),
    ],
)
def test_bad_choices_get_a_specific_message(
    persona: Persona, data: dict[str, str], message: str
) -> None:
    html = post(persona("amina"), "/fullmakt/give/", {**data, "action": "check"}, 400)
    assert message in html.content.decode()
    assert not Grant.objects.exists()


def test_only_the_parties_see_a_grant(persona: Persona) -> None:
    grant = confirm(persona("amina"), "/fullmakt/give/", GIVE)
    assert persona("kare").get(f"/fullmakt/{grant.pk}/").status_code == 404
    assert persona("kare").post(f"/fullmakt/{grant.pk}/end/").status_code == 404
    grant.refresh_from_db()
    assert grant.state == "pending"


def test_the_history_is_append_only(persona: Persona) -> None:
    from kompanjong.core.models import AppendOnlyError

    confirm(persona("amina"), "/fullmakt/give/", GIVE)
    event = GrantEvent.objects.get()
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        GrantEvent.objects.all().delete()
    assert Person.objects.filter(given_name="Nora").exists()


def test_both_are_told_once_when_it_runs_out_without_any_batch_job_for_the_status(
    persona: Persona,
) -> None:
    import time_machine
    from django.core.management import call_command

    from kompanjong.delegation.expiry import sweep

    grant = confirm(persona("amina"), "/fullmakt/give/", {**NORA, **scopes(case="read")})
    post(persona("nora"), f"/fullmakt/{grant.pk}/yes/", {})
    assert sweep() == 0  # not yet
    with time_machine.travel(timezone.now() + timedelta(days=91)):
        assert "Utløpt" in page(persona("amina"), f"/fullmakt/{grant.pk}/")
        grant.refresh_from_db()
        assert grant.state == "active"  # stored as it was: the status is computed on read
        call_command("notify_expired_grants", stdout=open("/dev/null", "w"))  # noqa: SIM115
        assert sweep() == 0  # told once
    told = Notification.objects.filter(template_key="grant_expired")
    assert {n.recipient.given_name for n in told} == {"Amina", "Nora"}


def test_confirming_twice_makes_one_grant(persona: Persona) -> None:
    amina = persona("amina")
    token = "0b1c2d3e-4f50-4a61-8b72-9c8d7e6f5a4b"
    for _ in range(2):
        post(amina, "/fullmakt/give/", {**GIVE, "token": token, "action": "confirm"})
    assert Grant.objects.count() == 1


def test_withdrawing_a_pending_grant_is_not_saying_no(persona: Persona) -> None:
    amina = persona("amina")
    grant = confirm(amina, "/fullmakt/give/", GIVE)
    post(amina, f"/fullmakt/{grant.pk}/end/", {})
    assert grant.events.last().kind == "withdrawn"  # type: ignore[union-attr]


def test_a_bad_value_in_the_session_is_ignored(persona: Persona) -> None:
    nora = persona("nora")
    session = nora.session
    session["kompanjong_acting_for"] = "abc"
    session.save()
    assert nora.get("/citizen/").status_code == 302  # dropped, no error page
    assert nora.get("/citizen/").status_code == 200
