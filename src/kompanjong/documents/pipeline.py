"""From what someone uploaded to one clean PDF: check, scan, convert, merge. No database.

`prepare()` takes the files of one document (say photos of page 1, 2 and 3 of a payslip, or
a PDF from the bank) and either returns one sanitised PDF or raises DocumentRejected with a
code and a plain-language message that names the file and says what to do instead.

The order matters:
1. cheap checks on every file (empty, too big, and for pictures the pixel count from the
   header alone), so nobody waits for a scan to hear that. The pixel count comes before the
   scan on purpose: clamd decodes pictures too (its image fuzzy hash), and a 50 KB
   decompression bomb kept a test clamd busy for 17 seconds;
2. the virus scan, on the bytes exactly as uploaded, before any decoder touches them. A file
   the scanner cannot vouch for is refused ("scan_failed"), never passed (DESIGN.md §4);
3. the type, from the content (detect.py), never from the name or the browser;
4. photos are re-drawn from their pixels (no metadata survives), PDFs are sanitised
   (pdfs.py), and the parts are merged in upload order.
"""

from __future__ import annotations

import hashlib
import io
import logging
import math
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from django.conf import settings
from django.utils.formats import number_format
from django.utils.functional import Promise, lazy
from django.utils.translation import gettext_lazy as _
from PIL import Image

from kompanjong.documents import pdfs
from kompanjong.documents.detect import Kind, detect
from kompanjong.documents.images import MAX_PIXELS, ImageRejectedError, photos_to_pdf
from kompanjong.documents.scanning import Scanner, ScannerUnavailable, get_scanner

logger = logging.getLogger(__name__)

MEGABYTE = 1024 * 1024
HEAD_BYTES = 64  # enough for every signature detect() knows
PICTURES = frozenset({Kind.JPEG, Kind.PNG, Kind.HEIF})
NAME_SHOWN = 60  # longer file names are shortened in messages (the end, with the type, stays)

MESSAGES: dict[str, Promise] = {
    "empty": _("“%(name)s” is empty (0 bytes). Choose the file again, or choose another file."),
    "too_big": _("“%(name)s” is %(size)s MB. Each file can be at most %(limit)s MB."),
    "unsupported": _(
        "“%(name)s” is not a file type we can take. Choose a photo (JPEG, PNG or HEIC) or a PDF."
    ),
    "damaged": _(
        "“%(name)s” is damaged or incomplete, so we cannot open it. "
        "Save it again or take a new photo, and choose the new file."
    ),
    "too_large_image": _(
        "“%(name)s” has too many pixels for us to open (at most %(limit)s megapixels). "
        "Take a new photo, or save the picture at a smaller size."
    ),
    "encrypted": _(
        "“%(name)s” is protected with a password, so we cannot open it. "
        "Save a copy without a password and choose that."
    ),
    "too_many_pages": _(
        "“%(name)s” has %(pages)s pages. A document can have at most %(limit)s pages. "
        "Split it into smaller files."
    ),
    "virus": _("We found a virus in “%(name)s”, so we cannot take it. Choose another file."),
    "scan_failed": _(
        "We could not check the file for viruses just now. Try again in a few minutes."
    ),
    "too_many_files": _(
        "You can add at most %(limit)s files. With these there would be %(count)s. "
        "Choose fewer files."
    ),
    "total_too_big": _(
        "All the files together can be at most %(limit)s MB. "
        "With these they would be %(size)s MB. Choose fewer or smaller files."
    ),
}
NO_FILES = _("Choose at least one file.")
MERGED_TOO_MANY_PAGES = _(
    "Together these files make %(pages)s pages. A document can have at most %(limit)s pages. "
    "Choose fewer files."
)


@dataclass(frozen=True)
class Upload:
    name: str  # as the person's device called it: shown back to them, never trusted
    data: bytes

    @property
    def size(self) -> int:
        return len(self.data)


@dataclass(frozen=True)
class Original:
    """What was uploaded, for the record: the original itself is not kept."""

    name: str
    kind: Kind
    size: int


@dataclass(frozen=True)
class PreparedDocument:
    pdf: bytes
    pages: int
    sha512: str  # hex digest of `pdf`
    size: int  # len(pdf)
    originals: tuple[Original, ...]
    scan: Literal["clean", "not_scanned"]


class DocumentRejected(Exception):
    """An upload we cannot take. `message` is lazily translated: render it, don't store it."""

    def __init__(
        self,
        code: str,
        message: str | Promise,
        *,
        file_name: str | None = None,
        detail: str | None = None,
    ) -> None:
        super().__init__(code)
        self.code = code
        self.message = message
        self.file_name = file_name
        self.detail = detail  # for logs and audit only (e.g. the virus signature)

    def __str__(self) -> str:
        return str(self.message)

    def __repr__(self) -> str:
        return f"DocumentRejected({self.code!r}, file_name={self.file_name!r})"


@dataclass(frozen=True)
class _Part:
    original: Original
    pdf: bytes
    pages: int


def prepare(uploads: Sequence[Upload], *, scanner: Scanner | None = None) -> PreparedDocument:
    """One clean PDF from the files of one document, in upload order, or DocumentRejected."""
    if not uploads:
        raise DocumentRejected("empty", NO_FILES)
    check_application_limits(existing_files=0, existing_bytes=0, uploads=uploads)
    for upload in uploads:
        _check_size(upload)
        _check_pixels(upload)
    scan = _scan(uploads, scanner if scanner is not None else get_scanner())
    parts = [_convert(upload) for upload in uploads]
    pages = sum(part.pages for part in parts)
    if pages > settings.DOCUMENT_MAX_PDF_PAGES:
        raise DocumentRejected(
            "too_many_pages",
            _message(MERGED_TOO_MANY_PAGES, pages=pages, limit=settings.DOCUMENT_MAX_PDF_PAGES),
        )
    pdf = parts[0].pdf if len(parts) == 1 else pdfs.merge([part.pdf for part in parts])
    return PreparedDocument(
        pdf=pdf,
        pages=pages,
        sha512=hashlib.sha512(pdf).hexdigest(),
        size=len(pdf),
        originals=tuple(part.original for part in parts),
        scan=scan,
    )


def add_pages(existing_pdf: bytes, existing_pages: int, new: PreparedDocument) -> PreparedDocument:
    """The existing document with the new pages after it: photo by photo, page 3 of 3 is added
    to the payslip already uploaded. `originals` are the new files only."""
    pages = existing_pages + new.pages
    if pages > settings.DOCUMENT_MAX_PDF_PAGES:
        raise DocumentRejected(
            "too_many_pages",
            _message(MERGED_TOO_MANY_PAGES, pages=pages, limit=settings.DOCUMENT_MAX_PDF_PAGES),
        )
    pdf = pdfs.merge([existing_pdf, new.pdf])
    return PreparedDocument(
        pdf=pdf,
        pages=pages,
        sha512=hashlib.sha512(pdf).hexdigest(),
        size=len(pdf),
        originals=new.originals,
        scan=new.scan,
    )


def fingerprint(upload: Upload) -> str:
    """Identifies an uploaded file, so a repeated upload of the same file can be recognised."""
    return hashlib.sha256(upload.data).hexdigest()


def check_application_limits(
    *, existing_files: int, existing_bytes: int, uploads: Sequence[Upload]
) -> None:
    """Refuse uploads that would take an application over its file count or total size."""
    count = existing_files + len(uploads)
    if count > settings.DOCUMENT_MAX_FILES:
        raise DocumentRejected(
            "too_many_files",
            _message(MESSAGES["too_many_files"], limit=settings.DOCUMENT_MAX_FILES, count=count),
        )
    total = existing_bytes + sum(upload.size for upload in uploads)
    if total > settings.DOCUMENT_MAX_TOTAL_BYTES:
        raise DocumentRejected(
            "total_too_big",
            _message(
                MESSAGES["total_too_big"],
                limit=limit_megabytes(settings.DOCUMENT_MAX_TOTAL_BYTES),
                size=megabytes(total),
            ),
        )


def megabytes(size: int) -> str:
    """`size` bytes as MB with one decimal, formatted for the language active when shown.

    Rounded up, so a file one byte over a 20 MB limit reads "20.1 MB", not "20.0 MB".
    """
    return _lazy_number(Decimal(math.ceil(size * 10 / MEGABYTE)) / 10, 1)


def limit_megabytes(size: int) -> str:
    """A limit in MB: "20", or "0.5" when it is not a whole number."""
    whole = size % MEGABYTE == 0
    return _lazy_number(Decimal(size) / MEGABYTE, 0 if whole else 1)


def _check_size(upload: Upload) -> None:
    if upload.size == 0:
        raise _rejected("empty", upload)
    check_file_size(upload.name, upload.size)


def check_file_size(name: str, size: int) -> None:
    """Refuse a file that is too big by its size alone, before it is read into memory."""
    if size > settings.DOCUMENT_MAX_FILE_BYTES:
        raise _rejected(
            "too_big",
            Upload(name, b""),
            size=megabytes(size),
            limit=limit_megabytes(settings.DOCUMENT_MAX_FILE_BYTES),
        )


def _check_pixels(upload: Upload) -> None:
    if detect(upload.data[:HEAD_BYTES]) not in PICTURES:
        return
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            # Image.open reads the header only; no pixel is decoded here.
            with Image.open(io.BytesIO(upload.data)) as image:
                width, height = image.size
    except Image.DecompressionBombError as error:
        raise _too_large_image(upload) from error
    except Exception:
        # A header we cannot read is reported as "damaged" by the full decode, after the scan.
        return
    if width * height > MAX_PIXELS:
        raise _too_large_image(upload)


def _too_large_image(upload: Upload) -> DocumentRejected:
    return _rejected("too_large_image", upload, limit=MAX_PIXELS // 1_000_000)


def _scan(uploads: Sequence[Upload], scanner: Scanner) -> Literal["clean", "not_scanned"]:
    scanned = True
    for upload in uploads:
        try:
            outcome = scanner.scan(upload.data)
        except ScannerUnavailable as error:
            logger.error("Virus scan failed, upload refused: %s", error)
            raise _rejected("scan_failed", upload) from error
        if outcome.infected:
            raise _rejected("virus", upload, detail=outcome.signature)
        scanned = scanned and outcome.status == "clean"
    return "clean" if scanned else "not_scanned"


def _convert(upload: Upload) -> _Part:
    kind = detect(upload.data[:HEAD_BYTES])
    if kind is None:
        raise _rejected("unsupported", upload)
    original = Original(name=upload.name, kind=kind, size=upload.size)
    if kind is Kind.PDF:
        sanitised = _sanitise_pdf(upload)
        return _Part(original, sanitised.pdf, sanitised.pages)
    return _Part(original, _photo_page(upload), 1)


def _sanitise_pdf(upload: Upload) -> pdfs.SanitisedPdf:
    limit = settings.DOCUMENT_MAX_PDF_PAGES
    try:
        return pdfs.sanitise(upload.data, max_pages=limit)
    except pdfs.PdfRejectedError as error:
        raise _rejected(error.code, upload, pages=error.pages, limit=limit) from error


def _photo_page(upload: Upload) -> bytes:
    try:
        return photos_to_pdf([upload.data])
    except ImageRejectedError as error:
        if error.code == "too_large":
            raise _too_large_image(upload) from error
        raise _rejected("damaged", upload) from error
    # Image decoders are large C libraries fed hostile input; whatever else they raise about
    # a file, for the person it means the same thing: we cannot open it.
    except Exception as error:
        logger.warning("Could not convert an image upload", exc_info=True)
        raise _rejected("damaged", upload) from error


def _rejected(
    code: str, upload: Upload, *, detail: str | None = None, **params: object
) -> DocumentRejected:
    message = _message(MESSAGES[code], name=_shown(upload.name), **params)
    return DocumentRejected(code, message, file_name=upload.name, detail=detail)


def _shown(name: str) -> str:
    if len(name) <= NAME_SHOWN:
        return name
    half = (NAME_SHOWN - 1) // 2
    return f"{name[:half]}…{name[-half:]}"


def _interpolate(template: str | Promise, params: Mapping[str, object]) -> str:
    return str(template) % params


def _message(template: str | Promise, **params: object) -> str:
    # Translated and filled in when shown, in the language of that request, not when raised.
    return _lazy_interpolate(template, params)


def _format_number(value: Decimal, decimal_pos: int) -> str:
    return number_format(value, decimal_pos=decimal_pos)


_lazy_interpolate = lazy(_interpolate, str)
_lazy_number = lazy(_format_number, str)
