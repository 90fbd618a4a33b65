"""Fixtures for the dialogue tests: Amina's case at NAV Grünerløkka, and clients for each side."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.conf import settings
from django.test import Client
from django.utils.translation import gettext_lazy as _

from kompanjong.cases.models import Case
from kompanjong.notifications import content
from kompanjong.people.models import Organisation, Person
from tests.dialogue.support import sent_case

Login = Callable[[str], Client]


@pytest.fixture(autouse=True)
def message_template(monkeypatch: pytest.MonkeyPatch) -> None:
    """The "message" notification template, until notifications/content.py has it."""
    if "message" not in content.TEMPLATES:
        monkeypatch.setitem(
            content.TEMPLATES,
            "message",
            content.NotificationTemplate(
                subject=_("You have a new message about your case"),
                text=_(
                    "You have a new message from NAV about your case. "
                    "Log in to Kompanjong to read it and answer."
                ),
            ),
        )


@pytest.fixture
def case(demo_world: None) -> Case:
    return sent_case(
        Person.objects.get(given_name="Amina"), Organisation.objects.get(name="NAV Grünerløkka")
    )


@pytest.fixture
def log_in(demo_world: None) -> Login:
    """A new client per persona (so the citizen and the caseworker can take turns), in
    English, so the tests read the msgids whatever the translations say."""

    def login(persona: str) -> Client:
        client = Client()
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        response = client.post("/login/demo/", {"persona": persona})
        assert response.status_code == 302, response
        return client

    return login


@pytest.fixture
def amina_client(log_in: Login) -> Client:
    return log_in("amina")


@pytest.fixture
def ola_client(log_in: Login) -> Client:
    return log_in("ola")
