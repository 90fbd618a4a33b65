"""Amina sends a document straight from a task: real photos through the pipeline, a cover
page first, the task done, the office told by the queue."""

from __future__ import annotations

import shutil
import subprocess
from datetime import timedelta

import pikepdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from kompanjong.cases import casework
from kompanjong.cases.models import Case, CaseDocument
from kompanjong.people.models import Account
from tests.documents import photos
from tests.pages import Persona, page, post

pytestmark = pytest.mark.django_db


def ask_for_documents(case: Case) -> None:
    casework.request_documents(
        case=case,
        actor=Account.objects.get(username="demo-ola"),
        documents=[
            casework.RequestedDocument("Kontoutskrift", "For de siste 3 månedene."),
            casework.RequestedDocument("Strømregning", ""),
        ],
        deadline=timezone.localdate() + timedelta(days=7),
    )


def task_url(case: Case, number: int) -> str:
    return f"/cases/{case.application.reference}/tasks/{number}/"


def task_key(persona: Persona, case: Case, number: int) -> str:
    html = page(persona("amina"), task_url(case, number))
    return html.split('name="task" value="')[1].split('"')[0]


def pdf_text(data: bytes) -> str:
    assert shutil.which("pdftotext")
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"],  # noqa: S607
        input=data,
        capture_output=True,
        check=True,
    ).stdout.decode()


def test_a_photo_from_the_task_page_completes_the_task(amina_case: Case, persona: Persona) -> None:
    ask_for_documents(amina_case)
    amina = persona("amina")
    key = task_key(persona, amina_case, 1)
    photo = SimpleUploadedFile("IMG_0001.jpg", photos.jpeg(1200, 900), "image/jpeg")
    post(amina, task_url(amina_case, 1), {"task": key, "photos": photo})
    sent = CaseDocument.objects.get(case=amina_case)
    assert sent.dokumenttype == "Kontoutskrift"
    with sent.document.file.open("rb") as file:
        data = file.read()
    with pikepdf.open(__import__("io").BytesIO(data)) as pdf:
        assert len(pdf.pages) == 2  # the cover page, then the photo
    cover = pdf_text(data)
    assert "IMG_0001.jpg" in cover
    assert str(amina_case.application.reference) in cover
    html = page(amina, f"/cases/{amina_case.application.reference}/")
    assert "1 av 2 gjort" in html
    amina_case.refresh_from_db()
    assert (amina_case.open_tasks, amina_case.new_documents) == (1, True)
    ola = persona("ola")
    assert "?filter=received" in page(ola, "/staff/cases/")
    staff_html = page(ola, f"/staff/cases/{amina_case.application.reference}/")
    assert f"/documents/{sent.document_id}/" in staff_html
    assert ola.get(f"/documents/{sent.document_id}/").status_code == 200
    amina_case.refresh_from_db()
    assert not amina_case.new_documents  # Ola has seen them


def test_nothing_chosen_or_a_bad_file_is_refused_and_nothing_stored(
    amina_case: Case, persona: Persona
) -> None:
    ask_for_documents(amina_case)
    amina = persona("amina")
    key = task_key(persona, amina_case, 2)
    empty = post(amina, task_url(amina_case, 2), {"task": key}, status=400).content.decode()
    assert "Velg en fil eller ta et bilde først" in empty
    fake = SimpleUploadedFile("faktura.pdf", b"MZ\x90\x00 not a pdf at all", "application/pdf")
    bad = post(amina, task_url(amina_case, 2), {"task": key, "files": fake}, status=400)
    assert "faktura.pdf" in bad.content.decode()
    assert not CaseDocument.objects.exists()


def test_a_changed_task_list_sends_her_back_to_check(amina_case: Case, persona: Persona) -> None:
    ask_for_documents(amina_case)
    amina = persona("amina")
    photo = SimpleUploadedFile("IMG_0001.jpg", photos.jpeg(600, 400), "image/jpeg")
    post(amina, task_url(amina_case, 1), {"task": "something|old|", "photos": photo})
    assert not CaseDocument.objects.exists()


def test_others_cannot_send_for_her(amina_case: Case, persona: Persona) -> None:
    ask_for_documents(amina_case)
    assert persona("kare").get(task_url(amina_case, 1)).status_code == 404
    assert persona("amina").get(task_url(amina_case, 9)).status_code == 404
