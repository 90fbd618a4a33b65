"""NAV's letters and the cover page as PDF/UA-1: pure, so no database.

The new strings are not translated yet, so nb and nn are checked on what does not depend on
translation (names, numbers, dates, the caseworker's words) and English on its wording too.
"""

from __future__ import annotations

import dataclasses
import io
import logging
import re
import socket
import urllib.request
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pikepdf
import pytest

from kompanjong.applications.receipt_pdf import RefuseAllURLs
from kompanjong.cases.letters import (
    CoverPage,
    DecisionLetter,
    DocumentRequestLetter,
    Letter,
    LetterHeader,
    PreliminaryAnswerLetter,
    RequestedDocument,
    SentDocument,
    letter_summary,
    letter_title,
    render_cover_page,
    render_letter,
)
from tests.applications.test_receipt_pdf import pdf_text, structure

LANGUAGES = ("nb", "nn", "en")
PERSON = "Åse Kjærstad Ødegård"
OFFICE = "NAV Grünerløkka"
REASONING = "Du har rett til stønad til livsopphold. Strøm dekkes ikke, fordi bostøtten dekker den."
# "j. F Y" / "j F Y" as the receipt writes dates; Django's own month names in each language.
DATES = {
    "nb": {
        "deadline": "26. mars 2026",
        "period": "1.–31. mars 2026",
        "due": "15. april 2026",
        "sent": "5. mars 2026",
    },
    "nn": {
        "deadline": "26. mars 2026",
        "period": "1.–31. mars 2026",
        "due": "15. april 2026",
        "sent": "5. mars 2026",
    },
    "en": {
        "deadline": "26 March 2026",
        "period": "1–31 March 2026",
        "due": "15 April 2026",
        "sent": "5 March 2026",
    },
}
AMOUNTS = {"nb": "6 200 kr", "nn": "6 200 kr", "en": "6,200 kr"}


def header(language: str = "nb") -> LetterHeader:
    return LetterHeader(
        language=language,
        person_name=PERSON,
        address_lines=("Tøyengata 14 B", "0578 Oslo"),
        office_name=OFFICE,
        office_phone="55 55 33 33",
        office_address_lines=("Postboks 4000", "0506 Oslo"),
        reference="K7QX2M9A",
        date=date(2026, 3, 5),
        caseworker_name="Kari Nordmann",
    )


def decision(language: str = "nb", **changes: Any) -> DecisionLetter:
    letter = DecisionLetter(
        header=header(language),
        subject="Livsopphold i mars",
        outcome="DELVIS_INNVILGET",
        amount=Decimal("6200"),
        period_from=date(2026, 3, 1),
        period_to=date(2026, 3, 31),
        reasoning=REASONING,
        complaint_deadline=date(2026, 3, 26),
    )
    return dataclasses.replace(letter, **changes)


def request(language: str = "nb") -> DocumentRequestLetter:
    return DocumentRequestLetter(
        header=header(language),
        documents=(
            RequestedDocument("Kontoutskrift", "For alle kontoene dine, de siste tre månedene."),
            RequestedDocument("Husleiekontrakt", "Kontrakten for leiligheten du bor i nå."),
        ),
        deadline=date(2026, 4, 15),
    )


def preliminary(language: str = "nb", expected_by: date | None = None) -> PreliminaryAnswerLetter:
    return PreliminaryAnswerLetter(
        header=header(language),
        reason="Vi venter på svar fra Husbanken om bostøtten din.",
        expected_by=expected_by,
    )


def cover(language: str = "nb") -> CoverPage:
    return CoverPage(
        language=language,
        person_name=PERSON,
        reference="K7QX2M9A",
        office_name=OFFICE,
        sent_at=datetime(2026, 3, 5, 13, 30, tzinfo=UTC),  # 14:30 in Oslo
        sent_by="Sendt av Nora Nilsen på vegne av Åse Kjærstad Ødegård",
        documents=(
            SentDocument("Kontoutskrift", ("konto-januar.pdf", "konto-februar.jpg"), 3),
            SentDocument("Husleiekontrakt", ("kontrakt.pdf",), 4),
        ),
        task_title="Kontoutskrift",
    )


def summary_of(letter: Letter) -> str:
    """The summary with its no-break spaces ("6 200 kr") as plain spaces, like `pdf_text`."""
    return " ".join(letter_summary(letter).split())


def assert_in_order(text: str, parts: list[str]) -> None:
    position = 0
    for part in parts:
        found = text.find(part, position)
        assert found >= 0, f"{part!r} not after {text[max(0, position - 80) : position]!r}"
        position = found + len(part)


def assert_tagged_pdf_ua(pdf_bytes: bytes, language: str, title: str) -> None:
    assert pdf_bytes.startswith(b"%PDF-1.7")
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        assert pdf.Root.MarkInfo.Marked is True
        assert "/StructTreeRoot" in pdf.Root
        assert pdf.Root.ViewerPreferences.DisplayDocTitle is True
        assert str(pdf.Root.Lang) == language
        assert str(pdf.docinfo.Title) == title
        with pdf.open_metadata() as xmp:
            assert xmp["pdfuaid:part"] == "1"
            assert xmp["dc:title"] == title
        kinds = [str(element.S) for element in structure(pdf)]
        assert kinds[0] == "/Document"
        assert kinds.count("/H1") == 1
        fonts = [
            obj
            for obj in pdf.objects
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/Font"
        ]
        assert fonts
        for font in fonts:
            glyphs = font.DescendantFonts[0] if font.Subtype == "/Type0" else font
            assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(glyphs.FontDescriptor.keys())


def assert_letter_basics(letter: Letter, text: str) -> None:
    for expected in (PERSON, "Tøyengata 14 B", OFFICE, "Postboks 4000", "55 55 33 33"):
        assert expected in text
    assert "K7QX2M9A" in text
    assert "Kari Nordmann" in text
    assert letter_title(letter) in text


# The laws' and the appeal body's own names in each language (nynorsk has official forms).
LAW_NAMES = {
    "nb": ("sosialtjenesteloven", "Statsforvalteren", "forvaltningsloven § 18"),
    "nn": ("sosialtenestelova", "Statsforvaltaren", "forvaltningslova § 18"),
    "en": ("sosialtjenesteloven", "Statsforvalteren", "forvaltningsloven § 18"),
}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("outcome", ["INNVILGET", "DELVIS_INNVILGET", "AVSLATT", "AVVIST"])
def test_decision_in_each_outcome_and_language(language: str, outcome: str) -> None:
    letter = decision(language, outcome=outcome)
    pdf = render_letter(letter)

    assert_tagged_pdf_ua(pdf, language, letter_title(letter))
    text = pdf_text(pdf)
    assert_letter_basics(letter, text)
    assert text.index(letter_title(letter)) < text.index(REASONING)
    for expected in (AMOUNTS[language], DATES[language]["period"], DATES[language]["deadline"]):
        assert expected in text
    for name in LAW_NAMES[language]:
        assert name in text


@pytest.mark.parametrize(
    ("outcome", "heading", "summary"),
    [
        ("INNVILGET", "You get financial assistance", "You get 6,200 kr for 1–31 March 2026."),
        (
            "DELVIS_INNVILGET",
            "You get part of what you applied for",
            "You get 6,200 kr for 1–31 March 2026. Some of what you asked for is not granted.",
        ),
        ("AVSLATT", "You do not get financial assistance", "You do not get financial"),
        ("AVVIST", "We cannot process your application", "NAV cannot process"),
    ],
)
def test_the_english_decision_reads_in_order(outcome: str, heading: str, summary: str) -> None:
    letter = decision("en", outcome=outcome)
    text = pdf_text(render_letter(letter))

    assert letter_title(letter) == heading
    assert summary_of(letter).startswith(summary)
    order = [
        "Date: 5 March 2026",
        "Reference: K7QX2M9A",
        heading,
        summary,
        "Amount 6,200 kr",
        "Period 1–31 March 2026",
        "Why",
        REASONING,
        "sosialtjenesteloven",
        "If you disagree",
        "within 3 weeks",
        "Send your complaint by 26 March 2026.",
        "Send the complaint to NAV Grünerløkka, Postboks 4000, 0506 Oslo.",
        "help writing the complaint",
        "Statsforvalteren",
        "forvaltningsloven § 18",
        "Call NAV Grünerløkka on 55 55 33 33",
        "Kind regards Kari Nordmann NAV Grünerløkka",
    ]
    assert_in_order(text, order)
    assert ("26 March 2026" in summary_of(letter)) == (outcome != "INNVILGET")
    assert ("§ 18. It gives you" in text) == (outcome != "AVVIST")


@pytest.mark.parametrize("language", LANGUAGES)
def test_decision_without_amount_or_period(language: str) -> None:
    letter = decision(language, outcome="INNVILGET", amount=None, period_from=None, period_to=None)
    text = pdf_text(render_letter(letter))
    assert "Livsopphold i mars" in summary_of(letter)
    assert " kr" not in text
    assert "Livsopphold i mars" in text


def test_amounts_with_øre_and_periods_over_months() -> None:
    letter = decision(
        "nb",
        amount=Decimal("12345.5"),
        period_from=date(2026, 3, 15),
        period_to=date(2026, 4, 14),
    )
    assert "12 345,50 kr for 15. mars – 14. april 2026" in summary_of(letter)
    letter = decision("en", period_from=date(2025, 12, 1), period_to=date(2026, 1, 31))
    assert "for 1 December 2025 – 31 January 2026" in summary_of(letter)
    assert "from 1 December 2025" in pdf_text(
        render_letter(dataclasses.replace(letter, period_to=None))
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_document_request_lists_each_document_and_the_deadline(language: str) -> None:
    letter = request(language)
    pdf = render_letter(letter)

    assert_tagged_pdf_ua(pdf, language, letter_title(letter))
    text = pdf_text(pdf)
    assert_letter_basics(letter, text)
    for document in letter.documents:
        assert f"{document.title} {document.explanation}" in text
    assert text.count(DATES[language]["due"]) >= 2  # in the lead and in the deadline box
    summary = summary_of(letter)
    assert "2" in summary and DATES[language]["due"] in summary


def test_the_english_document_request() -> None:
    letter = request("en")
    text = pdf_text(render_letter(letter))
    assert summary_of(letter).startswith("NAV needs 2 documents from you by 15 April 2026.")
    order = [
        "NAV needs more documents from you",
        "Deadline: 15 April 2026",
        "What we need",
        "Kontoutskrift",
        "Husleiekontrakt",
        "How to send the documents",
        "In Kompanjong",
        "Or bring them to NAV Grünerløkka",
        "If you cannot send them in time",
        "you may get less help, or no help",
        "Call NAV Grünerløkka on 55 55 33 33",
    ]
    assert_in_order(text, order)
    one = dataclasses.replace(letter, documents=letter.documents[:1])
    assert summary_of(one).startswith("NAV needs 1 document from you")


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("expected_by", [None, date(2026, 4, 15)])
def test_preliminary_answer(language: str, expected_by: date | None) -> None:
    letter = preliminary(language, expected_by)
    pdf = render_letter(letter)

    assert_tagged_pdf_ua(pdf, language, letter_title(letter))
    text = pdf_text(pdf)
    assert_letter_basics(letter, text)
    assert letter.reason in text
    assert (DATES[language]["due"] in text) == (expected_by is not None)
    assert (DATES[language]["due"] in summary_of(letter)) == (expected_by is not None)
    if language == "en":
        assert text.index("Your application will take longer") < text.index(letter.reason)
        assert "You do not need to do anything now." in text


@pytest.mark.parametrize("language", LANGUAGES)
def test_cover_page_lists_what_was_sent(language: str) -> None:
    data = cover(language)
    pdf = render_cover_page(data)

    with pikepdf.open(io.BytesIO(pdf)) as document:
        assert len(document.pages) == 1
        title = str(document.docinfo.Title)
    assert "K7QX2M9A" in title
    assert_tagged_pdf_ua(pdf, language, title)
    text = pdf_text(pdf)
    for expected in (
        PERSON,
        OFFICE,
        data.sent_by,
        "14:30",
        "5. mars 2026" if language != "en" else "5 March 2026",
    ):
        assert expected in text
    assert "Kontoutskrift konto-januar.pdf konto-februar.jpg 3" in text
    assert "Husleiekontrakt kontrakt.pdf 4" in text
    assert "of 1" not in text  # the documents follow, so no page count
    if language == "en":
        assert "What NAV asked for Kontoutskrift" in text
        assert "7 pages in all" in text


HOSTILE = '<img src="http://example.com/x"> <b>bold</b>'
LONG_WORD = "Strømregning" * 166  # 1 992 characters with no space to break at


def test_what_the_caseworker_wrote_is_text_and_fetches_nothing(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def no_network(*args: Any, **kwargs: Any) -> Any:
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
    hostile_header = dataclasses.replace(header("en"), reference='X"; } body { color: red')
    letter = decision(
        "en", header=hostile_header, reasoning=f"{HOSTILE}\n\n{LONG_WORD}", subject=HOSTILE
    )

    with caplog.at_level(logging.WARNING):
        pdf = render_letter(letter)
        render_cover_page(dataclasses.replace(cover("en"), task_title=HOSTILE))

    assert refused == []
    assert "refused to fetch" not in caplog.text
    text = pdf_text(pdf)
    assert HOSTILE in text
    # Wrapped anywhere and over a page break (with the footer in between), but all there.
    footer = re.escape(hostile_header.reference.replace(" ", "")) + r"Page\dof\d"
    assert LONG_WORD in re.sub(footer, "", "".join(text.split()))
    assert 'X"; } body { color: red' in text  # the footer's CSS string held


@pytest.mark.parametrize(
    "letter",
    [
        decision("sv"),
        decision(outcome="MAYBE"),
    ],
    ids=["language", "outcome"],
)
def test_rejects_what_it_cannot_render_correctly(letter: Letter) -> None:
    with pytest.raises(ValueError):
        render_letter(letter)


def test_cover_page_needs_an_aware_time() -> None:
    with pytest.raises(ValueError):
        render_cover_page(dataclasses.replace(cover(), sent_at=datetime(2026, 3, 5, 14, 30)))
