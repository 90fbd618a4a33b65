"""Uploaded PDFs come out inert: scripts, actions and embedded files removed, pages kept."""

from __future__ import annotations

import io

import pikepdf
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kompanjong.documents.pdfs import PdfRejectedError, merge, sanitise
from tests.documents import hostile


def page_texts(data: bytes) -> list[bytes]:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return [page.obj.Contents.read_bytes() for page in pdf.pages]


def links(data: bytes) -> list[pikepdf.Dictionary]:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        [page] = pdf.pages
        return [
            pikepdf.Dictionary({str(k): v for k, v in annotation.A.items()})
            for annotation in page.obj.get("/Annots", [])
            if annotation.Subtype == "/Link"
        ]


def test_a_plain_pdf_keeps_its_pages() -> None:
    result = sanitise(hostile.plain_pdf(2), max_pages=10)
    assert result.pages == 2
    assert result.pdf.startswith(b"%PDF-")
    assert [b"Payslip page 1" in text for text in page_texts(result.pdf)] == [True, False]
    assert b"Payslip page 2" in page_texts(result.pdf)[1]


def test_javascript_and_actions_are_removed() -> None:
    original = hostile.pdf_with_javascript()
    assert len(hostile.active_content(original)) >= 8  # the oracle sees what we planted
    result = sanitise(original, max_pages=10)
    assert hostile.active_content(result.pdf) == []
    assert result.pages == 1


def test_plain_web_links_survive_and_lose_their_chained_actions() -> None:
    result = sanitise(hostile.pdf_with_javascript(), max_pages=10)
    kept = links(result.pdf)
    # Of five links: the script, the program launch and the javascript: URI are gone.
    assert [str(link.URI) for link in kept] == [hostile.SAFE_URI, hostile.SAFE_URI]
    assert all("/Next" not in link for link in kept)


def test_form_fields_stay_but_cannot_submit_or_run_scripts() -> None:
    result = sanitise(hostile.pdf_with_javascript(), max_pages=10)
    with pikepdf.open(io.BytesIO(result.pdf)) as pdf:
        [field] = pdf.Root.AcroForm.Fields
        assert field.T == "send"
        assert "/A" not in field and "/AA" not in field
        assert "/XFA" not in pdf.Root.AcroForm


def test_embedded_files_are_removed() -> None:
    original = hostile.pdf_with_embedded_file()
    assert hostile.active_content(original)
    result = sanitise(original, max_pages=10)
    assert hostile.active_content(result.pdf) == []
    with pikepdf.open(io.BytesIO(result.pdf)) as pdf:
        assert pdf.attachments == {}
        streams = [obj for obj in pdf.objects if isinstance(obj, pikepdf.Stream)]
        assert all(hostile.WINDOWS_PROGRAM not in stream.read_bytes() for stream in streams)


def test_whatever_follows_the_pdf_is_dropped() -> None:
    result = sanitise(hostile.pdf_with_zip_appended(), max_pages=10)
    assert b"PK\x03\x04" not in result.pdf
    assert result.pdf.rstrip().endswith(b"%%EOF")


def test_a_pdf_that_needs_a_password_is_refused() -> None:
    with pytest.raises(PdfRejectedError) as error:
        sanitise(hostile.encrypted_pdf(user_password="secret"), max_pages=10)
    assert error.value.code == "encrypted"


def test_owner_password_restrictions_are_dropped() -> None:
    # Bank statements often forbid copying with an owner password but open without one.
    result = sanitise(hostile.encrypted_pdf(user_password=""), max_pages=10)
    with pikepdf.open(io.BytesIO(result.pdf)) as pdf:
        assert not pdf.is_encrypted
        assert len(pdf.pages) == 1


def test_too_many_pages() -> None:
    with pytest.raises(PdfRejectedError) as error:
        sanitise(hostile.plain_pdf(4), max_pages=3)
    assert (error.value.code, error.value.pages) == ("too_many_pages", 4)
    assert sanitise(hostile.plain_pdf(3), max_pages=3).pages == 3


def test_a_pdf_without_pages_is_damaged() -> None:
    with pikepdf.new() as pdf:
        out = io.BytesIO()
        pdf.save(out)
    with pytest.raises(PdfRejectedError) as error:
        sanitise(out.getvalue(), max_pages=10)
    assert error.value.code == "damaged"


@pytest.mark.parametrize(
    "data",
    [b"%PDF-1.7\n", b"%PDF-1.7\n<html><script>alert(1)</script></html>", b"", b"not a pdf"],
)
def test_garbage_is_damaged(data: bytes) -> None:
    with pytest.raises(PdfRejectedError) as error:
        sanitise(data, max_pages=10)
    assert error.value.code == "damaged"


def test_the_same_upload_gives_the_same_bytes() -> None:
    original = hostile.pdf_with_javascript()
    assert sanitise(original, max_pages=10).pdf == sanitise(original, max_pages=10).pdf


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_a_damaged_pdf_is_refused_or_cleaned_never_crashes(data: st.DataObject) -> None:
    original = bytearray(hostile.pdf_with_javascript())
    for _ in range(data.draw(st.integers(1, 20))):
        position = data.draw(st.integers(0, len(original) - 1))
        original[position] = data.draw(st.integers(0, 255))
    cut = data.draw(st.integers(8, len(original)))
    try:
        result = sanitise(bytes(original[:cut]), max_pages=10)
    except PdfRejectedError as error:
        assert error.code in {"damaged", "encrypted"}
    else:
        assert hostile.active_content(result.pdf) == []


def test_merge_keeps_the_order() -> None:
    first, second = hostile.plain_pdf(2), hostile.plain_pdf(1)
    merged = merge([first, second])
    texts = page_texts(merged)
    assert len(texts) == 3
    assert [b"page 1" in t for t in texts] == [True, False, True]


def test_merge_needs_something() -> None:
    with pytest.raises(ValueError, match="At least one"):
        merge([])
