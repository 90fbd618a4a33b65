"""Helpers for the dialogue tests."""

from __future__ import annotations

from typing import Any

from kompanjong.cases.models import Case
from kompanjong.cases.services import open_case
from kompanjong.people.models import Organisation, Person
from tests.factories import SubmittedApplicationFactory


def sent_case(person: Person, office: Organisation) -> Case:
    """A sent application's case (the factory may already have opened it, as sending does)."""
    application = SubmittedApplicationFactory.create(person=person, office=office)
    return Case.objects.filter(application=application).first() or open_case(
        application=application
    )


def citizen_url(case: Case) -> str:
    return f"/cases/{case.application.reference}/messages/"


def staff_url(case: Case) -> str:
    return f"/staff/cases/{case.application.reference}/messages/"


def html(response: Any) -> str:
    return str(response.content.decode())
