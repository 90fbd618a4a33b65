"""The migration that fills the queue columns rebuilds them from each case's log."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps

from kompanjong.cases.models import Case
from kompanjong.cases.services import append_events

pytestmark = pytest.mark.django_db

fill = importlib.import_module("kompanjong.cases.migrations.0004_fill_queue_columns").fill


def test_stale_columns_are_rebuilt_from_the_log(amina_case: Case) -> None:
    Case.objects.filter(pk=amina_case.pk).update(urgent=True)  # the application says not urgent
    append_events(
        case=amina_case,
        source="case_system",
        events=[
            {
                "type": "soknadsStatus",
                "hendelsestidspunkt": "2030-03-01T10:00:00.000Z",
                "status": "FERDIGBEHANDLET",
            }
        ],
    )
    Case.objects.filter(pk=amina_case.pk).update(status="MOTTATT", open=True, open_tasks=9)
    fill(apps, None)
    amina_case.refresh_from_db()
    assert (amina_case.status, amina_case.open, amina_case.urgent) == (
        "FERDIGBEHANDLET",
        False,
        False,
    )
    assert amina_case.open_tasks == 3  # her own "send later" documents, not the stale 9
