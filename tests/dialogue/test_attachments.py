"""Files with a message go through the document pipeline, and the whole message is stored
together or not at all."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from kompanjong.cases.models import Case, CaseDocument
from kompanjong.dialogue.models import Message
from kompanjong.documents.models import Document
from tests.dialogue.support import citizen_url, html, staff_url
from tests.documents import hostile, photos

pytestmark = pytest.mark.django_db

TEXT = "Her er kontoutskriften og husleiekontrakten."


def stored_files(settings: Any) -> list[Path]:
    return [path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()]


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def test_photos_and_files_are_stored_with_the_message(
    case: Case, amina_client: Client, ola_client: Client
) -> None:
    response = amina_client.post(
        citizen_url(case),
        {
            "text": TEXT,
            "photos": [
                upload("IMG_0001.JPG", photos.jpeg(1200, 900)),
                upload("IMG_0002.JPG", photos.jpeg(1200, 900)),
            ],
            "files": [upload("kontoutskrift.pdf", hostile.plain_pdf(2))],
        },
    )
    assert response.status_code == 302, html(response)[:3000]
    message = Message.objects.get()
    assert message.text == TEXT
    links = list(message.attachments.order_by("id"))
    assert [link.document.pages for link in links] == [2, 2]
    assert [link.document.display_name for link in links] == [
        "IMG_0001.JPG, IMG_0002.JPG",
        "kontoutskrift.pdf",
    ]
    for link in links:
        assert link.case == case and link.dokumenttype == ""
        assert link.document.owner == case.application.person
        assert (link.document.vedlegg_type, link.document.vedlegg_subtype) == ("annet", "annet")
        assert link.document.uploaded_by is not None
        assert link.document.uploaded_by.username == "demo-amina"

    for client, url in ((amina_client, citizen_url(case)), (ola_client, staff_url(case))):
        body = html(client.get(url))
        for link in links:
            assert f'href="/documents/{link.document.pk}/"' in body
            assert client.get(f"/documents/{link.document.pk}/").status_code == 200


def test_a_file_alone_is_a_message(case: Case, amina_client: Client) -> None:
    response = amina_client.post(
        citizen_url(case), {"text": "", "files": [upload("a.pdf", hostile.plain_pdf())]}
    )
    assert response.status_code == 302
    assert Message.objects.get().attachments.count() == 1


@pytest.mark.parametrize(
    ("name", "data", "error"),
    [
        ("program.pdf", hostile.WINDOWS_PROGRAM, "is not a file type we can take"),
        ("side.html", hostile.HTML_WITH_SCRIPT, "is not a file type we can take"),
        ("tom.jpg", b"", "is empty (0 bytes)"),
        ("passord.pdf", hostile.encrypted_pdf(user_password="hemmelig"), "password"),
    ],
)
def test_a_bad_file_is_refused_the_text_is_kept_and_nothing_is_stored(
    case: Case, amina_client: Client, settings: Any, name: str, data: bytes, error: str
) -> None:
    before = stored_files(settings)
    response = amina_client.post(
        citizen_url(case),
        {
            "text": TEXT,
            "photos": [upload("IMG_0001.JPG", photos.jpeg(800, 600))],
            "files": [upload(name, data)],
        },
    )
    assert response.status_code == 400
    body = html(response)
    assert error in body
    assert 'href="#id_photos"' in body
    assert TEXT in body  # the typed text is still in the form
    assert not Message.objects.exists()
    assert not CaseDocument.objects.exists()
    assert not Document.objects.exists()
    assert stored_files(settings) == before


def test_a_scanner_that_cannot_answer_refuses_the_files(
    case: Case, amina_client: Client, settings: Any, tmp_path: Path
) -> None:
    settings.VIRUS_SCANNER = "clamd"
    settings.CLAMD_ADDRESS = str(tmp_path / "no-clamd-here.sock")
    response = amina_client.post(
        citizen_url(case), {"text": TEXT, "files": [upload("a.pdf", hostile.plain_pdf())]}
    )
    assert response.status_code == 400
    assert "We could not check the file for viruses just now." in html(response)
    assert not Message.objects.exists()


def test_a_failure_while_storing_leaves_no_file_behind(
    case: Case, amina_client: Client, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kompanjong.dialogue import services

    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("the database went away")

    monkeypatch.setattr(services.CaseDocument.objects, "create", broken)
    before = stored_files(settings)
    amina_client.raise_request_exception = True
    with pytest.raises(RuntimeError):
        amina_client.post(
            citizen_url(case), {"text": TEXT, "files": [upload("a.pdf", hostile.plain_pdf())]}
        )
    assert not Message.objects.exists()
    assert not Document.objects.exists()
    assert stored_files(settings) == before


def test_the_office_form_takes_no_files(case: Case, ola_client: Client) -> None:
    body = html(ola_client.get(staff_url(case)))
    assert 'type="file"' not in body
    response = ola_client.post(
        staff_url(case), {"text": "Se vedlegg", "files": [upload("a.pdf", hostile.plain_pdf())]}
    )
    assert response.status_code == 302
    assert Message.objects.get().attachments.count() == 0
    assert not Document.objects.exists()


def test_files_with_a_too_long_text_must_be_chosen_again(case: Case, amina_client: Client) -> None:
    response = amina_client.post(
        citizen_url(case),
        {"text": "x" * 4001, "files": [upload("a.pdf", hostile.plain_pdf())]},
    )
    assert response.status_code == 400
    body = html(response)
    assert "It can be at most 4000." in body
    assert "Choose the photos and files again. They are not sent yet." in body
    assert not Message.objects.exists() and not Document.objects.exists()
