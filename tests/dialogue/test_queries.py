"""The thread pages run the same number of queries with 3 messages as with 30."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from kompanjong.cases.models import Case
from kompanjong.dialogue import services
from kompanjong.dialogue.rules import CITIZEN, OFFICE
from kompanjong.documents.pipeline import Upload
from kompanjong.people.models import Account
from tests.dialogue.support import citizen_url, staff_url
from tests.documents import hostile

pytestmark = pytest.mark.django_db


def add_messages(case: Case, count: int) -> None:
    """Half from each side, every third citizen's message with a file."""
    amina = Account.objects.get(username="demo-amina")
    ola = Account.objects.get(username="demo-ola")
    for number in range(count):
        side = CITIZEN if number % 2 == 0 else OFFICE
        services.write_message(
            case=case,
            author=amina if side == CITIZEN else ola,
            side=side,
            text=f"Melding {number}",
            attachments=[[Upload("a.pdf", hostile.plain_pdf())]] if number % 6 == 0 else [],
        )


def queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("viewer", ["citizen", "staff"])
def test_the_page_runs_the_same_queries_however_many_messages(
    case: Case, amina_client: Client, ola_client: Client, viewer: str
) -> None:
    client, url = (amina_client, citizen_url(case))
    if viewer == "staff":
        client, url = (ola_client, staff_url(case))
    amina = Account.objects.get(username="demo-amina")
    ola = Account.objects.get(username="demo-ola")

    def unread_for_viewer() -> None:
        side, author = (CITIZEN, amina) if viewer == "staff" else (OFFICE, ola)
        services.write_message(case=case, author=author, side=side, text="Ny")

    add_messages(case, 3)
    unread_for_viewer()
    few = queries(client, url)
    add_messages(case, 27)
    unread_for_viewer()
    many = queries(client, url)
    assert few == many
