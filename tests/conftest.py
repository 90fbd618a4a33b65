from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.utils import translation

from kompanjong.applications.models import Application
from kompanjong.cases.models import Case
from kompanjong.people.models import Person
from tests import factories
from tests.applications.wizard import answer_questions, choose_for_all_documents
from tests.pages import Persona


@pytest.fixture
def citizen(db: Any) -> Any:
    return factories.CitizenAccountFactory()


@pytest.fixture
def caseworker(db: Any) -> Any:
    return factories.MembershipFactory(role="caseworker").account


@pytest.fixture
def demo_world(db: Any) -> None:
    call_command("load_demo_data", stdout=open("/dev/null", "w"))  # noqa: SIM115


@pytest.fixture
def demo_directory(demo_world: None) -> None:
    """The demo directory: helping places in Oslo, Hamar and Os (kompanjong.directory.demo)."""
    call_command("load_demo_directory", stdout=open("/dev/null", "w"))  # noqa: SIM115


@pytest.fixture
def login_as(demo_world: None, client: Client) -> Any:
    """Log the test client in as a demo persona (amina, kare, nora, ola, lead, admin)."""

    def login(persona: str) -> Client:
        response = client.post("/login/demo/", {"persona": persona})
        assert response.status_code == 302, response
        return client

    return login


@pytest.fixture
def persona(demo_world: None) -> Persona:
    """A client of its own per persona, so Amina and Ola can take turns in one test."""

    def log_in(name: str) -> Client:
        client = Client()
        assert client.post("/login/demo/", {"persona": name}).status_code == 302
        return client

    return log_in


@pytest.fixture
def amina_case(persona: Persona) -> Case:
    """Amina has sent her application, with every document "later"."""
    client = persona("amina")
    draft = answer_questions(client)
    choose_for_all_documents(client, draft, "later")
    assert client.post(f"/application/{draft.pk}/check/").status_code == 302
    return Case.objects.select_related("application__person", "office").get(
        application=Application.objects.get(pk=draft.pk)
    )


@pytest.fixture
def amina(demo_world: None) -> Person:
    return Person.objects.get(given_name="Amina")


@pytest.fixture
def kare(demo_world: None) -> Person:
    return Person.objects.get(given_name="Kåre")


@pytest.fixture(autouse=True)
def english_outside_requests() -> Any:
    """Unit tests read messages in English; requests still pick their own language (nb first)."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _empty_rq_queue() -> Any:
    """With the RQ backend, every test starts and ends with an empty queue.

    tests/settings.py gives each xdist worker its own Redis database, so this never touches
    another worker's (or a developer's) jobs.
    """
    if settings.TASK_BACKEND != "rq":
        yield
        return
    import django_rq

    connection = django_rq.get_connection("default")
    connection.flushdb()
    yield
    connection.flushdb()
