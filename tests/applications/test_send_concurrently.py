"""Two sends of one draft at the same moment (a double click, two tabs) give one application."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection

from kompanjong.applications import services
from kompanjong.applications.models import Application
from kompanjong.notifications.models import Notification
from kompanjong.people.models import Account
from tests import factories


@pytest.mark.django_db(transaction=True)
def test_simultaneous_sends_give_one_application_and_one_receipt() -> None:
    draft = factories.SubmittedApplicationFactory.create(
        status="draft", reference=None, submitted_at=None, channel=""
    )
    draft.answers["documents"] = {"husleiekontrakt|husleiekontrakt": "later"}
    draft.answers["documents"]["kontooversikt|brukskonto"] = "later"
    draft.answers["documents"]["faktura|husleie"] = "later"
    draft.answers["documents"]["annet|annet"] = "none"
    draft.save()
    actor = factories.CitizenAccountFactory.create(person=draft.person)
    barrier = threading.Barrier(2)
    results: list[Any] = []

    def send() -> None:
        try:
            barrier.wait()
            results.append(services.submit(application_id=draft.pk, actor=actor))
        except Exception as error:  # collected and asserted below
            results.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert all(isinstance(result, services.Submitted) for result in results), results
    assert sorted(result.created for result in results) == [False, True]
    assert len({result.application.reference for result in results}) == 1
    assert Application.objects.filter(person=draft.person).count() == 1
    assert Notification.objects.filter(recipient=draft.person).count() == 1
    assert Account.objects.filter(pk=actor.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_photos_uploaded_at_the_same_moment_all_become_pages() -> None:
    from kompanjong.applications.required_documents import OTHER
    from kompanjong.documents.models import Document
    from kompanjong.documents.pipeline import Upload
    from tests.documents import photos

    draft = factories.SubmittedApplicationFactory.create(
        status="draft", reference=None, submitted_at=None, channel=""
    )
    actor = factories.CitizenAccountFactory.create(person=draft.person)
    barrier = threading.Barrier(3)
    errors: list[Exception] = []

    def upload(width: int) -> None:
        try:
            photo = Upload(f"IMG_{width}.JPG", photos.jpeg(width, 300))
            barrier.wait()
            services.attach_document(
                application=draft, actor=actor, requirement=OTHER, uploads=[photo]
            )
        except Exception as error:  # collected and asserted below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=upload, args=(400 + n,)) for n in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    document = Document.objects.get(owner=draft.person)
    assert document.pages == 3
    assert len(document.originals) == 3
