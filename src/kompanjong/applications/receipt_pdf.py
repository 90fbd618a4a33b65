"""The receipt for a submitted application, as a tagged, accessible PDF (PDF/UA-1). Pure: no models.

The caller turns an application into a `ReceiptData` of display strings (already translated), and
`render_receipt_pdf` turns that into PDF bytes: the Django template `applications/receipt_pdf.html`
rendered in the receipt's language, laid out by WeasyPrint with tags, `/Lang`, a document title and
embedded fonts. WeasyPrint never fetches anything: every URL (http, file, data) is refused, and the
fonts come from the system (DejaVu) through fontconfig.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NoReturn
from zoneinfo import ZoneInfo

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.dateformat import format as format_datetime
from weasyprint import HTML
from weasyprint.urls import URLFetcher

logger = logging.getLogger(__name__)

LANGUAGES: tuple[str, ...] = ("nb", "nn", "en")
TEMPLATE_NAME = "applications/receipt_pdf.html"
OSLO = ZoneInfo("Europe/Oslo")
PDF_VARIANT = "pdf/ua-1"  # WeasyPrint 70: PDF 1.7, tagged, pdfuaid:part=1 in the XMP metadata

# Date and time as people write them: "5. mars 2026" / "5 March 2026", and 24-hour time.
_DATE_FORMATS = {"nb": "j. F Y", "nn": "j. F Y", "en": "j F Y"}
_TIME_FORMAT = "H:i"


@dataclass(frozen=True)
class ReceiptRow:
    label: str
    value: str


@dataclass(frozen=True)
class ReceiptSection:
    title: str
    rows: tuple[ReceiptRow, ...]


@dataclass(frozen=True)
class ReceiptDocument:
    title: str
    status: str  # display text, already translated


@dataclass(frozen=True)
class ReceiptData:
    reference: str
    submitted_at: datetime  # aware
    language: str  # "nb", "nn" or "en"
    applicant_name: str
    submitted_by: str  # a sentence: "Sent by Nora Nilsen on behalf of Amina Hassan, under …"
    office_name: str
    office_phone: str
    office_opening_hours: str
    urgent: bool
    next_steps: tuple[str, ...]
    processing_time: str
    sections: tuple[ReceiptSection, ...]
    documents: tuple[ReceiptDocument, ...]
    missing: tuple[str, ...]  # titles of documents we still need


class RefuseAllURLs(URLFetcher):
    """A WeasyPrint URL fetcher that fetches nothing, and remembers what it was asked for.

    A refusal is not fatal: WeasyPrint logs it and leaves the resource out, so a stray URL in
    the template (or in text someone typed, if it ever got past autoescaping) costs an image,
    never a request and never the receipt.
    """

    def __init__(self) -> None:
        super().__init__(timeout=0, allowed_protocols=(), allow_redirects=False)
        self.refused: list[str] = []

    def fetch(self, url: str, headers: Any = None) -> NoReturn:
        self.refused.append(url)
        raise ValueError(f"Receipts fetch nothing; refused {url[:200]!r}")


def render_receipt_pdf(data: ReceiptData) -> bytes:
    """Render the receipt in `data.language` as PDF/UA-1 bytes."""
    html = render_receipt_html(data)
    return html_to_pdf(html)


def render_receipt_html(data: ReceiptData) -> str:
    """The receipt as HTML, in the receipt's language (what `render_receipt_pdf` lays out)."""
    if data.language not in LANGUAGES:
        raise ValueError(f"Unknown receipt language {data.language!r}; expected one of {LANGUAGES}")
    if data.submitted_at.tzinfo is None or data.submitted_at.utcoffset() is None:
        raise ValueError("submitted_at must be timezone-aware")
    submitted = data.submitted_at.astimezone(OSLO)
    with translation.override(data.language):
        context = {
            "receipt": data,
            "lang": data.language,
            "submitted_date": format_datetime(submitted, _DATE_FORMATS[data.language]),
            "submitted_time": format_datetime(submitted, _TIME_FORMAT),
        }
        return render_to_string(TEMPLATE_NAME, context)


def html_to_pdf(html: str) -> bytes:
    """Lay out receipt HTML as tagged PDF/UA-1, with every URL fetch refused."""
    fetcher = RefuseAllURLs()
    pdf = HTML(string=html, base_url=None, url_fetcher=fetcher).write_pdf(pdf_variant=PDF_VARIANT)
    if fetcher.refused:
        logger.warning("Receipt PDF: refused to fetch %d URL(s)", len(fetcher.refused))
    if not isinstance(pdf, bytes):  # write_pdf() without a target returns the bytes
        raise TypeError(f"WeasyPrint returned {type(pdf).__name__}, not bytes")
    return pdf
