"""The policy matrix: who reaches Amina's things, through every page and API endpoint about
her application and case, for each role and each state of a grant to Nora.

Only the citizen herself, and Nora with an active grant that covers the area, get through;
everything else (a pending, expired, ended, out-of-scope grant, a grant from someone else,
another citizen, staff at an office that does not have the case, nobody) is refused.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from kompanjong.cases import casework
from kompanjong.cases.models import Case
from kompanjong.delegation.acting import SESSION_KEY
from kompanjong.delegation.models import Grant, GrantScope
from kompanjong.delegation.rules import Action, Area
from kompanjong.delegation.services import ScopeChoice, give, say_yes
from kompanjong.dialogue.rules import OFFICE
from kompanjong.dialogue.services import write_message
from kompanjong.people.models import Account, Person
from tests.pages import Persona

pytestmark = pytest.mark.django_db

FULL = [
    (Area.APPLICATION, Action.WRITE),
    (Area.CASE, Action.WRITE),
    (Area.MESSAGES, Action.COMMUNICATE),
]


def grant(giver: str, scopes: list[tuple[Area, Action]], *, accept: bool = True) -> Grant:
    until = timezone.localdate() + timedelta(days=30)
    made = give(
        actor=Account.objects.get(username=f"demo-{giver}"),
        helper=Person.objects.get(given_name="Nora"),
        scopes=[ScopeChoice(area, action, until) for area, action in scopes],
    )
    if accept:
        made = say_yes(grant=made, actor=Account.objects.get(username="demo-nora"))
    return made


def acting(persona: Persona, grant_id: int) -> Client:
    """Nora with this grant chosen in her session (as if chosen while it was active)."""
    nora = persona("nora")
    session = nora.session
    session[SESSION_KEY] = grant_id
    session.save()
    return nora


def expired(made: Grant) -> Grant:
    past = timezone.now() - timedelta(days=1)
    GrantScope.objects.filter(grant=made).update(
        valid_from=past - timedelta(days=10), valid_until=past
    )
    return made


WHO: dict[str, Callable[[Persona], Client]] = {
    "amina": lambda persona: persona("amina"),
    "nora with an active grant": lambda persona: acting(persona, grant("amina", FULL).pk),
    "nora, grant not yet accepted": lambda p: acting(p, grant("amina", FULL, accept=False).pk),
    "nora, grant expired": lambda persona: acting(persona, expired(grant("amina", FULL)).pk),
    "nora, grant ended": lambda persona: acting(persona, _ended(grant("amina", FULL)).pk),
    "nora, grant for bookings only": lambda p: acting(
        p, grant("amina", [(Area.BOOKINGS, Action.WRITE)]).pk
    ),
    "nora helping someone else": lambda persona: acting(persona, grant("kare", FULL).pk),
    "nora herself": lambda persona: persona("nora"),
    "kåre (another citizen)": lambda persona: persona("kare"),
    "staff at another office": lambda persona: _staff_elsewhere(persona),
    "nobody": lambda persona: Client(),
}
ALLOWED = {"amina", "nora with an active grant"}


def _ended(made: Grant) -> Grant:
    made.state = "ended"
    made.save(update_fields=["state"])
    return made


def _staff_elsewhere(persona: Persona) -> Client:
    from kompanjong.people.models import Organisation

    ola = Account.objects.get(username="demo-ola")
    ola.memberships.update(organisation=Organisation.objects.get(name="NAV Hamar"))
    return persona("ola")


@pytest.fixture
def things(amina_case: Case) -> dict[str, str]:
    """Amina's case with a document request (a letter) and a message from the office."""
    ola = Account.objects.get(username="demo-ola")
    casework.request_documents(
        case=amina_case,
        actor=ola,
        documents=[casework.RequestedDocument("Kontoutskrift", "")],
        deadline=timezone.localdate() + timedelta(days=7),
    )
    write_message(case=amina_case, author=ola, side=OFFICE, text="Hei Amina.")
    application = amina_case.application
    letter = amina_case.files.get().document_id
    return {
        "case page": f"/cases/{application.reference}/",
        "send a document": f"/cases/{application.reference}/tasks/1/",
        "messages": f"/cases/{application.reference}/messages/",
        "receipt": f"/application/{application.pk}/receipt/",
        "receipt PDF": f"/application/{application.pk}/receipt.pdf",
        "letter": f"/documents/{letter}/",
        "API: case": f"/api/v1/cases/{application.reference}",
        "API: events": f"/api/v1/cases/{application.reference}/events",
        "API: application": f"/api/v1/applications/{application.reference}/digisos",
    }


@pytest.mark.parametrize("who", list(WHO))
def test_who_reaches_aminas_things(persona: Persona, things: dict[str, str], who: str) -> None:
    client = WHO[who](persona)
    results: dict[str, Any] = {name: client.get(url).status_code for name, url in things.items()}
    if who in ALLOWED:
        assert set(results.values()) == {200}, results
    else:
        assert not {code for code in results.values() if code < 300}, results
