"""Uploaded PDFs become plain, inert PDFs. Pure: bytes in, bytes out, no database.

Decision: a PDF with JavaScript or other active content is sanitised, not refused. Banks,
employers and public bodies send ordinary statements with form scripts or "open at page 1"
actions in them, and the person uploading cannot know or fix that; refusing would block
people for something that is not their fault. Instead everything active is removed and the
file is written out again, so the office only ever opens a document that can do nothing:

- document JavaScript (Names/JavaScript), /JS, /OpenAction and /AA (additional actions) on the
  document, pages, annotations and form fields;
- any action that is not a plain link inside the document or to a web page (JavaScript,
  Launch, SubmitForm, ImportData, GoToR, GoToE, Rendition, RichMediaExecute, ...), and
  "javascript:" or "file:" web links;
- link annotations whose action was removed, and annotations that carry files or media
  (FileAttachment, Sound, Movie, Screen, RichMedia, 3D);
- embedded files (Names/EmbeddedFiles, file streams in file specifications, portfolios) and
  XFA forms (the XML form layer, which carries its own scripts).

Writing the file out again also drops anything hidden after the end of the PDF (a ZIP glued
to it, say) and every object nothing refers to.

A PDF that needs a password to open is refused: we cannot read it, and the office could not
either. A PDF with only an "owner password" (restrictions on printing or copying, common on
bank statements) opens without one, so it is accepted and saved without the restrictions.
"""

from __future__ import annotations

import contextlib
import io
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import pikepdf

# Keys that only ever hold scripts, automatic actions, embedded files or XFA: safe to drop
# wherever they appear, which also covers objects we would not think to look for.
ACTIVE_KEYS = (
    "/AA",  # additional actions: on open/close/print, page open, field keystroke, ...
    "/OpenAction",
    "/JS",
    "/JavaScript",  # the document-level script name tree
    "/EmbeddedFiles",
    "/EF",  # the file streams of a file specification
    "/XFA",
    "/AlternatePresentations",
    "/Collection",  # portfolio view of embedded files
)
# Actions a reader of a payslip may reasonably need. Everything else is removed.
SAFE_ACTIONS = frozenset({"/GoTo", "/URI", "/Named", "/Thread"})
# Every other action type in PDF 2.0. These names mean "action" wherever they are the /S of a
# dictionary, so such a dictionary is emptied even when we cannot tell who refers to it (a
# damaged file can lose the /A key that pointed at it, while a reader's repair finds it).
UNSAFE_ACTIONS = frozenset(
    {
        "/GoToR", "/GoToE", "/GoToDp", "/Launch", "/Sound", "/Movie", "/Hide", "/SubmitForm",
        "/ResetForm", "/ImportData", "/SetOCGState", "/Rendition", "/Trans", "/GoTo3DView",
        "/JavaScript", "/RichMediaExecute",
    }
)  # fmt: skip
SAFE_URI_SCHEMES = ("http://", "https://", "mailto:")
# Annotations whose whole purpose is to carry a file, a sound, a film or a 3D model.
MEDIA_ANNOTATIONS = frozenset(
    {"/FileAttachment", "/Sound", "/Movie", "/Screen", "/RichMedia", "/3D"}
)


class PdfRejectedError(ValueError):
    """Why a PDF cannot be used; `code` picks the plain-language message for the user."""

    def __init__(self, code: str, *, pages: int | None = None) -> None:
        super().__init__(code)
        self.code = code  # "encrypted" | "damaged" | "too_many_pages"
        self.pages = pages  # how many pages it has, for "too_many_pages"


@dataclass(frozen=True)
class SanitisedPdf:
    pdf: bytes
    pages: int


def sanitise(data: bytes, *, max_pages: int) -> SanitisedPdf:
    """The same pages with everything active removed, or PdfRejectedError."""
    try:
        with _open(data) as pdf:
            pages = len(pdf.pages)
            if pages == 0:
                raise PdfRejectedError("damaged")  # nothing we could show the office
            if pages > max_pages:
                raise PdfRejectedError("too_many_pages", pages=pages)
            _strip_active_content(pdf)
            return SanitisedPdf(pdf=_checked(_save(pdf), pages), pages=pages)
    except PdfRejectedError:
        raise
    # qpdf reads lazily, so a broken object can surface while we walk or write, not only
    # when opening. RuntimeError and friends come from qpdf's C++ layer on some damage.
    except (pikepdf.PdfError, OSError, RuntimeError, ValueError, TypeError) as error:
        raise PdfRejectedError("damaged") from error


def merge(parts: Sequence[bytes]) -> bytes:
    """One PDF with the pages of `parts`, in that order. The parts must be our own output."""
    if not parts:
        raise ValueError("At least one PDF is needed.")
    with contextlib.ExitStack() as stack, pikepdf.new() as merged:
        for part in parts:
            # Pages copied from another PDF read their content from it when `merged` is
            # saved, so every source stays open until then.
            source = stack.enter_context(pikepdf.open(io.BytesIO(part)))
            merged.add_pages_from(source)  # unlike pages.extend, keeps filled-in form fields
        return _save(merged)


@contextlib.contextmanager
def _open(data: bytes) -> Iterator[pikepdf.Pdf]:
    try:
        pdf = pikepdf.open(io.BytesIO(data))
    except pikepdf.PasswordError as error:
        raise PdfRejectedError("encrypted") from error
    with pdf:
        yield pdf


def _checked(output: bytes, pages: int) -> bytes:
    """`output`, if it opens again with the same number of pages.

    qpdf repairs damaged files as best it can, and a repair can produce something that does
    not open again; the office must never receive a document we could not read ourselves.
    """
    with pikepdf.open(io.BytesIO(output)) as pdf:
        if len(pdf.pages) != pages:
            raise PdfRejectedError("damaged")
    return output


def _save(pdf: pikepdf.Pdf) -> bytes:
    out = io.BytesIO()
    with warnings.catch_warnings():
        # A damaged upload can have form widgets its form has lost; they still show.
        warnings.simplefilter("ignore", pikepdf.PageCopyWarning)
        pdf.save(
            out,
            compress_streams=True,
            object_stream_mode=pikepdf.ObjectStreamMode.generate,
            # The same upload gives the same bytes (and checksum) every time.
            deterministic_id=True,
        )
    return out.getvalue()


def _strip_active_content(pdf: pikepdf.Pdf) -> None:
    for page in pdf.pages:
        _drop_hostile_annotations(page.obj)
    # Every object in the file, not just those reachable from the pages: scripts hide in
    # outlines, form fields, name trees and action chains.
    for obj in pdf.objects:
        _clean_tree(obj)


def _drop_hostile_annotations(page: pikepdf.Object) -> None:
    annotations = page.get("/Annots")
    if not isinstance(annotations, pikepdf.Array):
        return
    kept = [annotation for annotation in annotations if not _is_hostile(annotation)]
    if len(kept) != len(annotations):
        page.Annots = pikepdf.Array(kept)


def _is_hostile(annotation: pikepdf.Object) -> bool:
    if not isinstance(annotation, pikepdf.Dictionary):
        return False
    subtype = annotation.get("/Subtype")
    if subtype in MEDIA_ANNOTATIONS:
        return True
    # A link whose only job was to run a script or start a program would be dead anyway.
    return subtype == "/Link" and "/A" in annotation and not _is_safe_action(annotation.A)


def _clean_tree(obj: pikepdf.Object) -> None:
    """Clean `obj` and the direct objects inside it (indirect ones are visited on their own)."""
    if _is_dictionary(obj):
        _clean_dictionary(obj)
        children = [value for _key, value in obj.items()]
    elif isinstance(obj, pikepdf.Array):
        children = list(obj)
    else:
        return
    for child in children:
        if isinstance(child, pikepdf.Dictionary | pikepdf.Array) and not child.is_indirect:
            _clean_tree(child)


def _clean_dictionary(obj: pikepdf.Object) -> None:
    for key in ACTIVE_KEYS:
        if key in obj:
            del obj[key]
    if isinstance(obj, pikepdf.Dictionary) and _is_unsafe_action(obj):
        for key in list(obj.keys()):
            del obj[key]  # an empty action does nothing
    if "/A" in obj:
        if _is_safe_action(obj.A):
            _cut_chain(obj.A)
        else:
            del obj.A


def _is_safe_action(action: pikepdf.Object) -> bool:
    if not isinstance(action, pikepdf.Dictionary):
        return False
    kind = action.get("/S")
    if kind not in SAFE_ACTIONS:
        return False
    return kind != "/URI" or _is_safe_uri(action)


def _is_unsafe_action(obj: pikepdf.Dictionary) -> bool:
    kind = obj.get("/S")
    return kind in UNSAFE_ACTIONS or (kind == "/URI" and not _is_safe_uri(obj))


def _is_safe_uri(action: pikepdf.Dictionary) -> bool:
    return str(action.get("/URI", "")).strip().lower().startswith(SAFE_URI_SCHEMES)


def _cut_chain(action: pikepdf.Object) -> None:
    # A safe action can be followed by a chain (/Next) of others; a link needs only one.
    if "/Next" in action:
        del action.Next


def _is_dictionary(obj: pikepdf.Object) -> bool:
    return isinstance(obj, pikepdf.Dictionary | pikepdf.Stream)
