"""NAV's letters to the citizen, and the cover page for documents sent later, as PDF/UA-1. Pure.

The caller turns a case into plain, display-ready dataclasses; this module turns them into PDF
bytes with the receipt's machinery (`html_to_pdf`: tagged PDF/UA-1, embedded fonts, every URL
refused). Each letter is written in its own language, whatever language the request is in.
`letter_title` and `letter_summary` give the heading and the main point, so the case page can
show them without opening the PDF.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.dateformat import format as format_date
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kompanjong.applications.receipt_pdf import (
    _DATE_FORMATS,
    _TIME_FORMAT,
    LANGUAGES,
    OSLO,
    html_to_pdf,
)

from .fold import Outcome
from .texts import OUTCOME

TEMPLATE_NAME = "cases/letter_pdf.html"

# The first date of a period drops what it shares with the last: "1.–31. mars 2026".
_SHARED_MONTH = {"nb": "j.", "nn": "j.", "en": "j"}
_SHARED_YEAR = {"nb": "j. F", "nn": "j. F", "en": "j F"}


@dataclass(frozen=True)
class LetterHeader:
    language: str  # "nb", "nn" or "en"; the letter is rendered in it
    person_name: str
    address_lines: tuple[str, ...]
    office_name: str
    office_phone: str  # display-ready, may be ""
    office_address_lines: tuple[str, ...]
    reference: str
    date: datetime.date
    caseworker_name: str


@dataclass(frozen=True)
class RequestedDocument:
    title: str
    explanation: str


@dataclass(frozen=True)
class DocumentRequestLetter:
    header: LetterHeader
    documents: tuple[RequestedDocument, ...]
    deadline: datetime.date


@dataclass(frozen=True)
class PreliminaryAnswerLetter:
    header: LetterHeader
    reason: str
    expected_by: datetime.date | None


@dataclass(frozen=True)
class DecisionLetter:
    header: LetterHeader
    subject: str
    outcome: str  # an `Outcome` code
    amount: Decimal | None  # kroner
    period_from: datetime.date | None
    period_to: datetime.date | None
    reasoning: str
    complaint_deadline: datetime.date


@dataclass(frozen=True)
class SentDocument:
    title: str
    file_names: tuple[str, ...]
    pages: int


@dataclass(frozen=True)
class CoverPage:
    language: str
    person_name: str
    reference: str
    office_name: str
    sent_at: datetime.datetime  # aware; shown in Europe/Oslo
    sent_by: str
    documents: tuple[SentDocument, ...]
    task_title: str  # may be ""


Letter = DocumentRequestLetter | PreliminaryAnswerLetter | DecisionLetter


def render_letter(letter: Letter) -> bytes:
    """The letter as PDF/UA-1 bytes, in the letter's language."""
    language = _language(letter.header.language)
    with translation.override(language):
        kind = {
            DecisionLetter: "decision",
            DocumentRequestLetter: "request",
            PreliminaryAnswerLetter: "preliminary",
        }[type(letter)]
        context: dict[str, Any] = {
            "kind": kind,
            "letter": letter,
            "header": letter.header,
            "title": letter_title(letter),
            "summary": letter_summary(letter),
            "date": _date(letter.header.date),
            "office_address": ", ".join(letter.header.office_address_lines),
        }
        if isinstance(letter, DecisionLetter):
            context |= {
                "outcome_text": OUTCOME[letter.outcome],
                "amount": _kroner(letter.amount) if letter.amount is not None else "",
                "period": _period(letter.period_from, letter.period_to),
                "complaint_deadline": _date(letter.complaint_deadline),
                "refused": letter.outcome in (Outcome.AVSLATT, Outcome.AVVIST),
            }
        elif isinstance(letter, DocumentRequestLetter):
            context["deadline"] = _date(letter.deadline)
        return html_to_pdf(_html(context, letter.header.reference))


def letter_title(letter: Letter) -> str:
    """The letter's heading (and PDF title), in the letter's language."""
    with translation.override(_language(letter.header.language)):
        if isinstance(letter, DocumentRequestLetter):
            return _("NAV needs more documents from you")
        if isinstance(letter, PreliminaryAnswerLetter):
            return _("Your application will take longer")
        headings = {
            Outcome.INNVILGET: _("You get financial assistance"),
            Outcome.DELVIS_INNVILGET: _("You get part of what you applied for"),
            Outcome.AVSLATT: _("You do not get financial assistance"),
            Outcome.AVVIST: _("We cannot process your application"),
        }
        if letter.outcome not in headings:
            raise ValueError(f"Unknown outcome {letter.outcome!r}")
        return headings[Outcome(letter.outcome)]


def letter_summary(letter: Letter) -> str:
    """The main point in 1–3 short sentences, in the letter's language (the letter's lead too)."""
    with translation.override(_language(letter.header.language)):
        if isinstance(letter, DocumentRequestLetter):
            count = len(letter.documents)
            return " ".join(
                (
                    ngettext(
                        "NAV needs %(count)d document from you by %(date)s.",
                        "NAV needs %(count)d documents from you by %(date)s.",
                        count,
                    )
                    % {"count": count, "date": _date(letter.deadline)},
                    _("Send them in Kompanjong, or bring them to %(office)s.")
                    % {"office": letter.header.office_name},
                )
            )
        if isinstance(letter, PreliminaryAnswerLetter):
            when = (
                _("NAV expects to decide by %(date)s.") % {"date": _date(letter.expected_by)}
                if letter.expected_by
                else _("NAV will tell you when it knows more.")
            )
            return " ".join(
                (
                    _("Your application will take longer than usual."),
                    when,
                    _("You do not need to do anything now."),
                )
            )
        return " ".join(_decision_summary(letter))


def render_cover_page(cover: CoverPage) -> bytes:
    """One page listing what was sent, to lie on top of the documents in the case file."""
    language = _language(cover.language)
    if cover.sent_at.tzinfo is None or cover.sent_at.utcoffset() is None:
        raise ValueError("sent_at must be timezone-aware")
    sent = cover.sent_at.astimezone(OSLO)
    with translation.override(language):
        context = {
            "kind": "cover",
            "cover": cover,
            "title": _("Documents for application %(reference)s") % {"reference": cover.reference},
            "sent_date": _date(sent.date()),
            "sent_time": format_date(sent, _TIME_FORMAT),
            "total_pages": sum(document.pages for document in cover.documents),
        }
        # No "Page 1 of 1": the documents are appended after the cover page.
        return html_to_pdf(_html(context, cover.reference, page_numbers=False))


def _decision_summary(letter: DecisionLetter) -> list[str]:
    outcome = letter.outcome
    granted = outcome in (Outcome.INNVILGET, Outcome.DELVIS_INNVILGET)
    sentences = []
    if granted and letter.amount is not None and letter.period_from and letter.period_to:
        sentences.append(
            _("You get %(amount)s for %(period)s.")
            % {
                "amount": _kroner(letter.amount),
                "period": _period(letter.period_from, letter.period_to),
            }
        )
    elif granted and letter.amount is not None:
        sentences.append(_("You get %(amount)s.") % {"amount": _kroner(letter.amount)})
    elif granted:
        sentences.append(_("NAV has granted your application: %(subject)s.") % _subject(letter))
    elif outcome == Outcome.AVSLATT:
        sentences.append(
            _("You do not get financial assistance for this: %(subject)s.") % _subject(letter)
        )
    else:
        sentences.append(_("NAV cannot process your application: %(subject)s.") % _subject(letter))
    if outcome == Outcome.DELVIS_INNVILGET:
        sentences.append(_("Some of what you asked for is not granted."))
    if outcome != Outcome.INNVILGET:
        sentences.append(
            _("If you disagree, you can complain by %(date)s.")
            % {"date": _date(letter.complaint_deadline)}
        )
    return sentences


def _subject(letter: DecisionLetter) -> dict[str, str]:
    return {"subject": letter.subject.rstrip(".")}


def _html(context: dict[str, Any], reference: str, *, page_numbers: bool = True) -> str:
    # Margin boxes take CSS strings, which Django's HTML escaping does not make safe.
    context["footer_left"] = _css_string(reference)
    context["footer_right"] = _page_counter() if page_numbers else "none"
    context["lang"] = translation.get_language()
    return render_to_string(TEMPLATE_NAME, context)


def _language(language: str) -> str:
    if language not in LANGUAGES:
        raise ValueError(f"Unknown letter language {language!r}; expected one of {LANGUAGES}")
    return language


def _date(day: datetime.date) -> str:
    return format_date(day, _DATE_FORMATS[translation.get_language()])


def _period(start: datetime.date | None, end: datetime.date | None) -> str:
    """ "1.–31. mars 2026", "1. mars – 30. april 2026", "from 1 March 2026", or ""."""
    if start and end:
        language = translation.get_language()
        if (start.year, start.month) == (end.year, end.month):
            first = format_date(start, _SHARED_MONTH[language])
        elif start.year == end.year:
            first = format_date(start, _SHARED_YEAR[language])
        else:
            first = _date(start)
        # Norwegian and English typography: spaces around the dash when a side has spaces.
        return f"{first} – {_date(end)}" if " " in first else f"{first}–{_date(end)}"
    if start:
        return _("from %(date)s") % {"date": _date(start)}
    if end:
        return _("until %(date)s") % {"date": _date(end)}
    return ""


def _kroner(amount: Decimal) -> str:
    """6 200 kr, 6 200,50 kr (en: 6,200 kr); never split over two lines."""
    decimals = 0 if amount == amount.to_integral_value() else 2
    number = number_format(amount, decimal_pos=decimals, force_grouping=True)
    return (_("%(amount)s kr") % {"amount": number}).replace(" ", "\N{NO-BREAK SPACE}")


def _css_string(text: str) -> str:
    """A quoted CSS string that cannot end itself, or the <style> element it is in."""
    escaped = "".join(
        f"\\{ord(char):x} " if char in '\\"<>&' or ord(char) < 32 else char for char in text
    )
    return f'"{escaped}"'


def _page_counter() -> str:
    """ "Page 1 of 2" as CSS content: translated text around counter(page) and counter(pages)."""
    text = _("Page %(page)s of %(pages)s") % {"page": "\0page\0", "pages": "\0pages\0"}
    parts = text.split("\0")
    return " ".join(
        f"counter({part})" if index % 2 else _css_string(part) for index, part in enumerate(parts)
    )
