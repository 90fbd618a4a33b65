"""The receipt PDF: tagged PDF/UA-1 in the applicant's language, fonts inside, fetching nothing.

Pure (plain data in, bytes out), so no database. Text is read back with poppler's pdftotext
(`make browser` installs poppler-utils), the structure with pikepdf.
"""

from __future__ import annotations

import dataclasses
import io
import logging
import shutil
import socket
import subprocess
import urllib.request
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pikepdf
import pytest
from django.utils import translation
from django.utils.translation import gettext
from weasyprint.urls import URLFetchingError, fetch

from kompanjong.applications import receipt_pdf
from kompanjong.applications.receipt_pdf import (
    ReceiptData,
    ReceiptDocument,
    ReceiptRow,
    ReceiptSection,
    RefuseAllURLs,
    html_to_pdf,
    render_receipt_pdf,
)

REFERENCE = "KJ-2026-004217"
APPLICANT = "Åse Kjærstad Ødegård"
ANSWER = "Tøyengata 14 B, 0578 Oslo"
MISSING = "Kontoutskrift for de siste tre månedene"


def section(title: str, *rows: tuple[str, str]) -> ReceiptSection:
    return ReceiptSection(title, tuple(ReceiptRow(label, value) for label, value in rows))


def receipt(language: str = "nb", **changes: Any) -> ReceiptData:
    """A realistic receipt: 41 answers in 7 sections, two documents sent, one still missing."""
    data = ReceiptData(
        reference=REFERENCE,
        submitted_at=datetime(2026, 3, 5, 13, 30, tzinfo=UTC),  # 14:30 in Oslo (CET)
        language=language,
        applicant_name=APPLICANT,
        submitted_by=(
            f"Sendt av Nora Nilsen på vegne av {APPLICANT}, med fullmakt (framtidsfullmakt)"
        ),
        office_name="NAV Gamle Oslo",
        office_phone="55 55 33 33",
        office_opening_hours="Mandag–fredag 09.00–15.00",
        urgent=True,
        next_steps=(
            "NAV Gamle Oslo ser på søknaden din og dokumentene du har sendt.",
            "Hvis vi trenger mer informasjon, tar vi kontakt med deg.",
            "Du får et skriftlig vedtak i Kompanjong og i posten.",
        ),
        processing_time="2–3 uker",
        sections=(
            section(
                "Om deg",
                ("Adresse", ANSWER),
                ("Postnummer", "0578"),
                ("Poststed", "Oslo"),
                ("Kommune", "Oslo (0301)"),
                ("Telefon", "+47 912 34 567"),
                ("Har du bankkonto?", "Ja"),
                ("Kontonummer", "1234 56 78903"),
                ("Statsborgerskap", "Annet land: Somalia"),
            ),
            section(
                "Hva du trenger",
                ("Hva søker du om?", "Mat, strøm, husleie"),
                ("Hva trenger du nærmere bestemt?", "Strømregningen for februar, 2 430 kr"),
                ("Hvorfor søker du?", "Jeg mistet jobben i januar.\nDagpengene er ikke avklart."),
                ("Trenger du hjelp i dag?", "Ja"),
            ),
            section(
                "Arbeid og utdanning",
                ("Er du i arbeid?", "Nei"),
                ("Arbeidsgiver", "–"),
                ("Er du student?", "Nei"),
                ("Studienivå", "–"),
                ("Har du studielån?", "Nei"),
            ),
            section(
                "Familie",
                ("Sivilstatus", "Skilt"),
                ("Barn under 18 år som bor hos deg", "2 (Jonas, 7 år, og Mira, 11 år)"),
                ("Får du barnebidrag?", "Ja, 1 800 kr i måneden"),
                ("Betaler du barnebidrag?", "Nei"),
                ("Delt bosted", "Nei"),
            ),
            section(
                "Bolig",
                ("Hvordan bor du?", "Leier privat"),
                ("Antall personer i husstanden", "3"),
                ("Husleie per måned", "12 500 kr"),
                ("Er strøm inkludert i husleia?", "Nei"),
                ("Har du bostøtte?", "Søkt, ikke avklart"),
            ),
            section(
                "Inntekt og formue",
                ("Inntekt siste måned", "Ingen"),
                ("Inntektskilder", "Barnebidrag"),
                ("Bankinnskudd", "1 214 kr"),
                ("Sparekonto", "Nei"),
                ("Aksjer og fond", "Nei"),
                ("Kjøretøy", "Nei"),
                ("Eiendom", "Nei"),
            ),
            section(
                "Utgifter",
                ("Strøm", "2 430 kr (forfalt 28. februar)"),
                ("Barnehage og SFO", "3 315 kr"),
                ("Transport", "Månedskort Ruter, 907 kr"),
                ("Medisiner", "Nei"),
                ("Gjeld", "Forbrukslån, 1 650 kr i måneden"),
                ("Andre utgifter", "Tannlege for Mira, 1 200 kr"),
                ("Kommentar", "Jeg har ikke råd til både husleie og strøm i mars."),
            ),
        ),
        documents=(
            ReceiptDocument("Husleiekontrakt", "Mottatt"),
            ReceiptDocument("Strømregning for februar", "Mottatt"),
        ),
        missing=(MISSING,),
    )
    return dataclasses.replace(data, **changes)


def pdf_text(pdf: bytes) -> str:
    """The text of the PDF, whitespace collapsed (lines wrap wherever the layout puts them)."""
    assert shutil.which("pdftotext"), "needs poppler-utils: `make browser` installs it"
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"],  # noqa: S607
        input=pdf,
        capture_output=True,
        check=True,
        timeout=30,
    )
    return " ".join(result.stdout.decode().split())


def structure(pdf: pikepdf.Pdf) -> Iterator[pikepdf.Dictionary]:
    """Every structure element under /StructTreeRoot, depth first, in reading order."""
    pending: list[Any] = list(pdf.Root.StructTreeRoot.K)
    while pending:
        element = pending.pop(0)
        if not isinstance(element, pikepdf.Dictionary) or element.get("/Type") != "/StructElem":
            continue  # a marked-content id or an object reference
        yield element
        kids = element.get("/K")
        if isinstance(kids, pikepdf.Array):
            pending[:0] = list(kids)
        elif kids is not None:
            pending.insert(0, kids)


@pytest.fixture(scope="module")
def nb_pdf() -> bytes:
    return render_receipt_pdf(receipt("nb"))


def test_a_valid_tagged_pdf_ua(nb_pdf: bytes) -> None:
    assert nb_pdf.startswith(b"%PDF-1.7")
    with pikepdf.open(io.BytesIO(nb_pdf)) as pdf:
        assert pdf.Root.MarkInfo.Marked is True
        assert "/StructTreeRoot" in pdf.Root
        assert pdf.Root.ViewerPreferences.DisplayDocTitle is True  # PDF/UA-1, 7.1
        assert str(pdf.Root.Lang) == "nb"
        assert len(pdf.pages) >= 2
        with pdf.open_metadata() as xmp:
            assert xmp["pdfuaid:part"] == "1"


def test_real_structure_most_important_first(nb_pdf: bytes) -> None:
    with pikepdf.open(io.BytesIO(nb_pdf)) as pdf:
        elements = list(structure(pdf))
        kinds = [str(element.S) for element in elements]
        assert kinds[0] == "/Document"
        assert kinds[1] == "/H1"  # "We have received your application" opens the document
        assert kinds.count("/H1") == 1
        assert {"/H2", "/H3", "/P", "/Sect", "/Table", "/TH", "/TD", "/L", "/LI"} <= set(kinds)
        assert kinds.count("/H3") == 7  # one per answer section
        # Every answer cell is tied to its question: <th scope="row"> becomes /Headers.
        cells = [element for element in elements if element.S == "/TD"]
        assert len(cells) == 41 + 7 + 2  # answers, key facts, documents
        assert all(len(cell.A.Headers) >= 1 for cell in cells)


def test_fonts_are_embedded(nb_pdf: bytes) -> None:
    with pikepdf.open(io.BytesIO(nb_pdf)) as pdf:
        fonts = [
            obj
            for obj in pdf.objects
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/Font"
        ]
        assert fonts
        for font in fonts:
            glyphs = font.DescendantFonts[0] if font.Subtype == "/Type0" else font
            descriptor = glyphs.FontDescriptor
            assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor.keys()), font
            assert "DejaVu" in str(descriptor.FontName)


@pytest.mark.parametrize(
    ("language", "date"),
    [("nb", "5. mars 2026"), ("nn", "5. mars 2026"), ("en", "5 March 2026")],
)
def test_in_each_language(language: str, date: str) -> None:
    pdf = render_receipt_pdf(receipt(language))

    with translation.override(language):
        title = gettext("Receipt for application %(reference)s") % {"reference": REFERENCE}
        heading = gettext("We have received your application")
    with pikepdf.open(io.BytesIO(pdf)) as document:
        assert str(document.Root.Lang) == language
        assert str(document.docinfo.Title) == title
        with document.open_metadata() as xmp:
            assert xmp["dc:title"] == title
    text = pdf_text(pdf)
    assert text.startswith(heading)
    for expected in (REFERENCE, APPLICANT, ANSWER, MISSING, "NAV Gamle Oslo", "55 55 33 33"):
        assert expected in text
    assert date in text
    assert "14:30" in text  # 13:30 UTC is 14:30 in Oslo in winter


def test_the_english_receipt_reads_in_order() -> None:
    text = pdf_text(render_receipt_pdf(receipt("en")))
    order = [
        "We have received your application",
        "You said you need help today",
        f"Reference number {REFERENCE}",
        "Sent 5 March 2026 at 14:30",
        f"Applicant {APPLICANT}",
        "Who sent it Sendt av Nora Nilsen",
        "Documents we still need",
        MISSING,
        "What happens next",
        "Usual processing time: 2–3 uker",
        "Your answers",
        f"Adresse {ANSWER}",
        "Documents you sent",
        "Husleiekontrakt Mottatt",
    ]
    positions = [text.find(part) for part in order]
    assert -1 not in positions, [part for part in order if part not in text]
    assert positions == sorted(positions)


def test_summer_time_and_what_is_left_out() -> None:
    data = receipt(
        "en",
        submitted_at=datetime(2026, 6, 15, 10, 5, tzinfo=UTC),
        urgent=False,
        missing=(),
        documents=(),
    )
    text = pdf_text(render_receipt_pdf(data))
    assert "15 June 2026 at 12:05" in text
    assert "You said you need help today" not in text
    assert "Documents we still need" not in text
    assert "You did not send any documents with the application." in text


def test_what_people_typed_is_text_not_html() -> None:
    sneaky = '<img src="http://tracker.example/pixel.png"> <b>bold</b>'
    data = receipt("en", applicant_name=sneaky)
    assert "&lt;img src=" in receipt_pdf.render_receipt_html(data)
    assert '<img src="http://tracker.example/pixel.png">' in pdf_text(render_receipt_pdf(data))


def test_refuses_every_url() -> None:
    fetcher = RefuseAllURLs()
    for url in ("http://example.com/a.png", "https://example.com/a.css", "file:///etc/passwd"):
        with pytest.raises(ValueError, match="fetch nothing"):
            fetcher.fetch(url)
        with pytest.raises(URLFetchingError), fetch(fetcher, url):
            pass  # WeasyPrint's own wrapper turns the refusal into a (non-fatal) fetch error
    assert fetcher.refused == [
        "http://example.com/a.png",
        "http://example.com/a.png",
        "https://example.com/a.css",
        "https://example.com/a.css",
        "file:///etc/passwd",
        "file:///etc/passwd",
    ]


def test_no_request_even_when_the_html_asks_for_one(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """Images, stylesheets, @import, web fonts and file URLs are refused before any I/O."""
    attempts: list[str] = []

    def no_network(*args: Any, **kwargs: Any) -> Any:
        attempts.append(repr(args))
        raise AssertionError(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket, "getaddrinfo", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(urllib.request.OpenerDirector, "_open", no_network)
    refused: list[str] = []
    original_fetch = RefuseAllURLs.fetch

    def spy(self: RefuseAllURLs, url: str, headers: Any = None) -> Any:
        refused.append(url)
        return original_fetch(self, url, headers)

    monkeypatch.setattr(RefuseAllURLs, "fetch", spy)
    html = """<!DOCTYPE html><html lang="en"><head><title>Hostile</title>
      <link rel="stylesheet" href="http://example.com/style.css">
      <style>
        @import url("https://example.com/import.css");
        @font-face { font-family: Remote; src: url("https://example.com/font.woff2"); }
        body { font-family: Remote, "DejaVu Sans", sans-serif;
               background: url("file:///etc/passwd"); }
      </style></head>
      <body><h1>Hostile</h1><img src="http://example.com/logo.png" alt="Logo"></body></html>"""

    with caplog.at_level(logging.WARNING):
        pdf = html_to_pdf(html)

    assert attempts == []
    assert set(refused) == {
        "http://example.com/style.css",
        "https://example.com/import.css",
        "https://example.com/font.woff2",
        "file:///etc/passwd",
        "http://example.com/logo.png",
    }
    assert "refused to fetch 5 URL(s)" in caplog.text
    assert pdf_text(pdf).startswith("Hostile")


def test_the_receipt_itself_fetches_nothing(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        render_receipt_pdf(receipt("nn"))
    assert "refused to fetch" not in caplog.text


@pytest.mark.parametrize(
    "changes",
    [
        {"language": "sv"},
        {"submitted_at": datetime(2026, 3, 5, 14, 30)},  # naive on purpose
    ],
)
def test_rejects_what_it_cannot_render_correctly(changes: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        render_receipt_pdf(receipt(**changes))
