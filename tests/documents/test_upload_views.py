"""Uploads through the application's document pages: real files, real clamd, real storage.

The hostile corpus is posted as a browser would; each refused file must leave nothing behind
(no row, no stored file), and each accepted one must be one clean PDF under an unguessable
name that only the policy view serves.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from kompanjong.applications import progress
from kompanjong.applications.models import Application, Attachment
from kompanjong.core.models import AccessLog
from kompanjong.documents.models import Document
from kompanjong.people.models import Person
from tests import factories
from tests.applications.wizard import answer_questions, choose_for_all_documents
from tests.documents import hostile, photos

pytestmark = pytest.mark.django_db


def stored_files(settings: Any) -> list[Path]:
    return [path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()]


@pytest.fixture
def draft(login_as: Any, amina: Person) -> tuple[Client, Application]:
    client = login_as("amina")
    return client, answer_questions(client)


def document_url(application: Application, number: int = 1) -> str:
    return f"/application/{application.pk}/documents/{number}/"


def upload(client: Client, application: Application, *files: tuple[str, bytes]) -> Any:
    return client.post(
        document_url(application),
        {
            "action": "upload",
            "photos": [SimpleUploadedFile(name, data) for name, data in files],
        },
    )


def test_two_photos_become_one_clean_two_page_pdf(
    draft: tuple[Client, Application], settings: Any
) -> None:
    client, application = draft
    response = upload(
        client,
        application,
        ("IMG_0001.JPG", photos.jpeg(1200, 900)),
        ("IMG_0002.HEIC", photos.heic(1200, 900)),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    attachment = Attachment.objects.get(application=application)
    document = attachment.document
    assert document.pages == 2
    assert [o["name"] for o in document.originals] == ["IMG_0001.JPG", "IMG_0002.HEIC"]
    data = Path(document.file.path).read_bytes()
    assert hashlib.sha512(data).hexdigest() == document.sha512
    assert "IMG_0001" not in document.file.name and len(Path(document.file.name).stem) >= 40
    with pikepdf.open(document.file.path) as pdf:
        assert len(pdf.pages) == 2
    application.refresh_from_db()
    first = progress.required_for(application.answers)[0]
    assert application.answers["documents"][first.key] == "upload"
    page = client.get(response["Location"]).content.decode()
    assert "IMG_0001.JPG" in page


def test_documents_are_served_only_through_the_policy(
    draft: tuple[Client, Application], login_as: Any, amina: Person
) -> None:
    client, application = draft
    upload(client, application, ("payslip.pdf", hostile.plain_pdf(1)))
    document = Document.objects.get(owner=amina)
    url = f"/documents/{document.pk}/"
    own = client.get(url)
    assert own.status_code == 200
    assert own["Content-Type"] == "application/pdf"
    assert own["Cache-Control"] == "private, no-store"
    assert own["Content-Security-Policy"] == "default-src 'none'; frame-ancestors 'self'"
    assert own["X-Frame-Options"] == "SAMEORIGIN"  # only our own inbox page may frame it
    assert b"".join(own.streaming_content).startswith(b"%PDF")  # type: ignore[attr-defined]
    assert Client().get(url).status_code == 302  # anonymous: log in first
    assert login_as("kare").get(url).status_code == 404
    assert login_as("ola").get(url).status_code == 404  # not sent to Ola's office yet

    client = login_as("amina")
    choose_for_all_documents(client, application, "later")
    client.post(f"/application/{application.pk}/check/")
    ola = login_as("ola")
    assert ola.get(url).status_code == 200
    assert AccessLog.objects.filter(subject=amina, object_type="document").count() == 1
    other_office = factories.MembershipFactory.create(role="caseworker").account
    ola.force_login(other_office)
    assert ola.get(url).status_code == 404


@pytest.mark.parametrize("entry", hostile.corpus(), ids=lambda entry: entry.id)
def test_hostile_uploads_are_refused_with_the_right_message_and_leave_nothing(
    entry: hostile.Hostile,
    draft: tuple[Client, Application],
    settings: Any,
    clamd_settings: Any,
) -> None:
    for name, value in hostile.SMALL_LIMITS.items():
        setattr(settings, name, value)
    client, application = draft
    files_before = stored_files(settings)
    response = upload(client, application, (entry.name, entry.data))
    if entry.expected == hostile.SANITISED:
        assert response.status_code == 302, response.content.decode()[:3000]
        document = Document.objects.get(attachment__application=application)
        assert hostile.active_content(Path(document.file.path).read_bytes()) == []
        return
    page = response.content.decode()
    assert response.status_code == 400
    assert "<title>Feil:" in page
    assert 'class="error-summary"' in page
    assert entry.name in page or entry.expected in ("virus", "scan_failed")
    assert not Document.objects.exists()
    assert not Attachment.objects.exists()
    assert stored_files(settings) == files_before


def test_a_scanner_that_cannot_answer_blocks_the_file(
    draft: tuple[Client, Application], settings: Any, tmp_path: Path
) -> None:
    settings.VIRUS_SCANNER = "clamd"
    settings.CLAMD_ADDRESS = str(tmp_path / "no-clamd-here.sock")
    client, application = draft
    response = upload(client, application, ("IMG_0001.JPG", photos.jpeg(600, 400)))
    assert response.status_code == 400
    assert "virus" in response.content.decode().lower()
    assert not Document.objects.exists()


def test_upload_chosen_without_a_file_asks_for_one_and_keeps_the_choice(
    draft: tuple[Client, Application],
) -> None:
    client, application = draft
    response = client.post(document_url(application), {"choice": "upload", "action": "continue"})
    page = response.content.decode()
    assert response.status_code == 400
    assert 'value="upload" checked' in page


def test_application_limits_on_number_of_files(
    draft: tuple[Client, Application], settings: Any
) -> None:
    settings.DOCUMENT_MAX_FILES = 2
    client, application = draft
    first, second, third = (photos.jpeg(300 + n, 200) for n in range(3))
    assert upload(client, application, ("a.jpg", first), ("b.jpg", second)).status_code == 302
    response = upload(client, application, ("c.jpg", third))
    assert response.status_code == 400
    assert Document.objects.count() == 1


def test_a_removed_file_is_gone_from_storage(
    draft: tuple[Client, Application], django_capture_on_commit_callbacks: Any
) -> None:
    client, application = draft
    upload(client, application, ("a.jpg", photos.jpeg(300, 200)))
    attachment = Attachment.objects.get(application=application)
    path = Path(attachment.document.file.path)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/application/{application.pk}/documents/1/remove/{attachment.pk}/")
    assert response.status_code == 302
    assert not Document.objects.exists()
    assert not path.exists()


def test_deleting_an_expired_draft_deletes_its_files(
    draft: tuple[Client, Application], django_capture_on_commit_callbacks: Any
) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from kompanjong.applications.services import delete_expired_drafts

    client, application = draft
    upload(client, application, ("a.jpg", photos.jpeg(300, 200)))
    path = Path(Document.objects.get().file.path)
    Application.objects.filter(pk=application.pk).update(
        updated_at=timezone.now() - timedelta(days=15)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert delete_expired_drafts() == 1
    assert not Document.objects.exists()
    assert not path.exists()


def test_photos_taken_one_at_a_time_become_pages_of_one_document(
    draft: tuple[Client, Application], django_capture_on_commit_callbacks: Any
) -> None:
    client, application = draft
    upload(client, application, ("IMG_1.JPG", photos.jpeg(600, 400)))
    first = Document.objects.get()
    old_path = Path(first.file.path)
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, application, ("IMG_2.JPG", photos.jpeg(601, 400)))
    assert response.status_code == 302
    document = Document.objects.get()  # still one document, now with two pages
    assert document.pages == 2
    assert [o["name"] for o in document.originals] == ["IMG_1.JPG", "IMG_2.JPG"]
    with pikepdf.open(document.file.path) as pdf:
        assert len(pdf.pages) == 2
    assert hashlib.sha512(Path(document.file.path).read_bytes()).hexdigest() == document.sha512
    assert not old_path.exists()  # the one-page version is gone


def test_the_same_photo_sent_twice_is_taken_once(draft: tuple[Client, Application]) -> None:
    client, application = draft
    photo = ("IMG_1.JPG", photos.jpeg(600, 400))
    upload(client, application, photo)
    assert upload(client, application, photo).status_code == 302  # a double tap without JS
    assert Document.objects.get().pages == 1


def test_upload_without_a_file_says_so_and_does_not_ask_about_the_choice(
    draft: tuple[Client, Application],
) -> None:
    client, application = draft
    response = client.post(document_url(application), {"action": "upload"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Velg en fil eller ta et bilde først" in page
    assert "Velg hvordan du vil sende" not in page


def test_a_document_no_longer_asked_for_goes_with_the_application_as_other(
    draft: tuple[Client, Application],
) -> None:
    """Renting → owning: the rental contract is shown under "other documents"; back to
    renting: it is the rental contract again. Nothing is lost either way."""
    from kompanjong.applications.export import export_documents
    from kompanjong.applications.receipts import document_lines
    from tests.applications.wizard import POSTS

    client, application = draft
    application.refresh_from_db()
    rental = next(
        number
        for number, document in enumerate(progress.required_for(application.answers), start=1)
        if document.type == "husleiekontrakt"
    )
    client.post(
        document_url(application, rental),
        {"action": "upload", "files": [SimpleUploadedFile("kontrakt.pdf", hostile.plain_pdf(1))]},
    )

    def where_is_it(housing: str) -> str:
        answers = {**POSTS["housing"], "housing": housing}
        assert client.post(f"/application/{application.pk}/housing/", answers).status_code == 302
        fresh = Application.objects.get(pk=application.pk)
        lines = [line for line in document_lines(fresh) if line.attachments]
        assert len(lines) == 1
        return lines[0].requirement.key

    assert where_is_it("owns") == "annet|annet"
    assert where_is_it("rents") == "husleiekontrakt|husleiekontrakt"
    assert Attachment.objects.get(application=application).requirement == (
        "husleiekontrakt|husleiekontrakt"
    )
    where_is_it("owns")
    fresh = Application.objects.get(pk=application.pk)
    fresh.submitted_at = fresh.created_at  # exported as if sent: the file goes as "annet"
    other = [d for d in export_documents(fresh) if d.type == "annet"]
    assert other and other[0].files


def test_too_many_files_at_once_get_a_plain_page_and_nothing_is_stored(
    draft: tuple[Client, Application], settings: Any
) -> None:
    client, application = draft
    small = photos.jpeg(50, 50)
    files = [SimpleUploadedFile(f"p{n}.jpg", small) for n in range(settings.DOCUMENT_MAX_FILES + 2)]
    client.raise_request_exception = False  # Django answers it with the 400 page, as in production
    response = client.post(document_url(application), {"action": "upload", "photos": files})
    assert response.status_code == 400
    assert f"høyst {settings.DOCUMENT_MAX_FILES} filer" in response.content.decode()
    assert not Document.objects.exists()


def test_a_file_that_is_too_big_is_refused_by_its_size(
    draft: tuple[Client, Application], settings: Any
) -> None:
    settings.DOCUMENT_MAX_FILE_BYTES = 1024
    client, application = draft
    response = upload(client, application, ("big.jpg", photos.jpeg(400, 300)))
    assert response.status_code == 400
    assert "big.jpg" in response.content.decode()
    assert not Document.objects.exists()
