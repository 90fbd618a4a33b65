"""`make run` loads demo cases, so Ola's queue has work in it."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command

from kompanjong.cases.models import Case
from kompanjong.cases.queue import counts
from kompanjong.people.models import Account

pytestmark = pytest.mark.django_db


def test_demo_cases_fill_olas_queue_once(demo_world: Any) -> None:
    call_command("load_demo_cases", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("load_demo_cases", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Case.objects.count() == 3
    numbers = counts(Account.objects.get(username="demo-ola"))
    assert (numbers["all"], numbers["urgent"], numbers["waiting"], numbers["overdue"]) == (
        3,
        1,
        2,
        1,
    )
