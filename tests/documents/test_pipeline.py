"""From uploads to one clean PDF: every hostile file refused with the right message."""

from __future__ import annotations

import hashlib
import io
from typing import Any

import pikepdf
import pytest
from django.utils import translation
from django.utils.functional import Promise
from PIL import Image, ImageFile

from kompanjong.documents.detect import Kind
from kompanjong.documents.pipeline import (
    DocumentRejected,
    Original,
    PreparedDocument,
    Upload,
    check_application_limits,
    prepare,
)
from kompanjong.documents.scanning import CLEAN, NotScanning, ScannerUnavailable, ScanOutcome
from tests.documents import hostile, photos
from tests.documents.clamd_server import EICAR, REPORTED_SIGNATURE

CORPUS = hostile.corpus()
# What each refusal must tell the person, besides the file's name.
MUST_SAY = {
    "empty": ["empty"],
    "too_big": ["1.1 MB", "at most 1 MB"],
    "unsupported": ["JPEG, PNG or HEIC", "PDF"],
    "damaged": ["damaged"],
    "too_large_image": ["at most 50 megapixels"],
    "encrypted": ["password"],
    "too_many_pages": ["has 3 pages", "at most 2 pages"],
    "virus": ["virus"],
}


@pytest.fixture
def small_limits(settings: Any) -> Any:
    for name, value in hostile.SMALL_LIMITS.items():
        setattr(settings, name, value)
    return settings


@pytest.fixture
def english() -> Any:
    with translation.override("en"):
        yield


def outcome(upload: Upload) -> tuple[str, PreparedDocument | DocumentRejected]:
    try:
        return hostile.SANITISED, prepare([upload])
    except DocumentRejected as rejected:
        return rejected.code, rejected


def assert_explained(rejected: DocumentRejected, upload: Upload) -> None:
    message = str(rejected.message)
    assert rejected.file_name == upload.name
    assert f"“{upload.name}”" in message
    for words in MUST_SAY[rejected.code]:
        assert words in message, message


def assert_inert(document: PreparedDocument) -> None:
    assert document.pdf.startswith(b"%PDF-")
    assert hostile.active_content(document.pdf) == []
    for leftover in (b"PK\x03\x04", EICAR, hostile.HTML_WITH_SCRIPT):
        assert leftover not in document.pdf


@pytest.mark.usefixtures("small_limits", "clamd_settings", "english")
@pytest.mark.parametrize("entry", CORPUS, ids=[entry.id for entry in CORPUS])
def test_hostile_corpus_with_clamd(entry: hostile.Hostile) -> None:
    upload = Upload(entry.name, entry.data)
    code, result = outcome(upload)
    assert code == entry.expected
    if isinstance(result, DocumentRejected):
        assert_explained(result, upload)
    else:
        assert_inert(result)
        assert result.scan == "clean"


@pytest.mark.usefixtures("small_limits", "english")
@pytest.mark.parametrize("entry", CORPUS, ids=[entry.id for entry in CORPUS])
def test_hostile_corpus_without_a_scanner(entry: hostile.Hostile) -> None:
    upload = Upload(entry.name, entry.data)
    code, result = outcome(upload)
    assert code == entry.expected_unscanned
    if isinstance(result, DocumentRejected):
        assert_explained(result, upload)
    else:
        assert_inert(result)
        assert result.scan == "not_scanned"


@pytest.mark.usefixtures("clamd_settings")
def test_a_virus_names_the_file_and_keeps_the_signature_for_the_log() -> None:
    uploads = [
        Upload("page1.jpg", photos.jpeg(320, 240)),
        Upload("page2.jpg", photos.jpeg(320, 240) + EICAR),
        Upload("page3.jpg", photos.jpeg(320, 240)),
    ]
    with pytest.raises(DocumentRejected) as error:
        prepare(uploads)
    assert (error.value.code, error.value.file_name) == ("virus", "page2.jpg")
    assert error.value.detail == REPORTED_SIGNATURE


def test_a_scanner_that_cannot_answer_blocks(settings: Any, tmp_path: Any) -> None:
    settings.VIRUS_SCANNER = "clamd"
    settings.CLAMD_ADDRESS = "/nonexistent/clamd.sock"
    with translation.override("en"), pytest.raises(DocumentRejected) as error:
        prepare([Upload("payslip.jpg", photos.jpeg(320, 240))])
    assert error.value.code == "scan_failed"
    assert str(error.value.message) == (
        "We could not check the file for viruses just now. Try again in a few minutes."
    )


class RecordingScanner:
    def __init__(self, fail: bool = False) -> None:
        self.seen: list[bytes] = []
        self.fail = fail

    def scan(self, data: bytes) -> ScanOutcome:
        self.seen.append(data)
        if self.fail:
            raise ScannerUnavailable("down")
        return CLEAN


def test_the_original_bytes_are_scanned_before_anything_else() -> None:
    uploads = [
        Upload("a.jpg", photos.jpeg(320, 240)),
        Upload("b.txt", b"not a document"),
    ]
    scanner = RecordingScanner()
    with pytest.raises(DocumentRejected) as error:
        prepare(uploads, scanner=scanner)
    assert error.value.code == "unsupported"  # found after both were scanned
    assert scanner.seen == [upload.data for upload in uploads]


def test_cheap_checks_come_before_the_scan(settings: Any) -> None:
    settings.DOCUMENT_MAX_FILE_BYTES = 1000
    scanner = RecordingScanner(fail=True)
    for upload, code in [
        (Upload("empty.jpg", b""), "empty"),
        (Upload("big.jpg", bytes(1001)), "too_big"),
    ]:
        with pytest.raises(DocumentRejected) as error:
            prepare([Upload("fine.jpg", b"\xff\xd8\xff"), upload], scanner=scanner)
        assert error.value.code == code
    assert scanner.seen == []


def test_a_decompression_bomb_never_reaches_the_scanner() -> None:
    # clamd decodes pictures too: a bomb kept it busy for many seconds.
    scanner = RecordingScanner()
    with pytest.raises(DocumentRejected) as error:
        prepare([Upload("bomb.png", hostile.png_bomb())], scanner=scanner)
    assert error.value.code == "too_large_image"
    assert scanner.seen == []


def test_scanner_failure_is_scan_failed() -> None:
    with pytest.raises(DocumentRejected) as error:
        prepare([Upload("a.jpg", photos.jpeg(320, 240))], scanner=RecordingScanner(fail=True))
    assert (error.value.code, error.value.file_name) == ("scan_failed", "a.jpg")


def page_kinds(pdf: bytes) -> list[str]:
    """ "photo" or "text" for each page, in order."""
    with pikepdf.open(io.BytesIO(pdf)) as document:
        return ["photo" if page.get_images() else "text" for page in document.pages]


@pytest.mark.usefixtures("clamd_settings")
def test_several_photos_make_one_pdf_in_upload_order() -> None:
    uploads = [
        Upload("IMG_0001.JPG", photos.jpeg(1200, 900, orientation=1)),
        Upload("IMG_0002.HEIC", photos.heic(900, 1200)),
        Upload("IMG_0003.PNG", photos.png_with_transparency(600, 800)),
    ]
    document = prepare(uploads)
    assert document.pages == 3
    assert page_kinds(document.pdf) == ["photo"] * 3
    assert document.originals == (
        Original("IMG_0001.JPG", Kind.JPEG, uploads[0].size),
        Original("IMG_0002.HEIC", Kind.HEIF, uploads[1].size),
        Original("IMG_0003.PNG", Kind.PNG, uploads[2].size),
    )
    assert document.scan == "clean"
    assert document.size == len(document.pdf)
    assert document.sha512 == hashlib.sha512(document.pdf).hexdigest()
    with pikepdf.open(io.BytesIO(document.pdf)) as pdf:
        widths = [float(page.mediabox[2]) for page in pdf.pages]
        heights = [float(page.mediabox[3]) for page in pdf.pages]
    assert widths[0] > heights[0] and widths[1] < heights[1]  # each page as it was taken


def test_photos_and_pdfs_are_merged_in_order() -> None:
    uploads = [
        Upload("photo.jpg", photos.jpeg(800, 600)),
        Upload("statement.pdf", hostile.plain_pdf(2)),
        Upload("photo2.jpg", photos.jpeg(800, 600)),
    ]
    document = prepare(uploads, scanner=NotScanning())
    assert document.pages == 4
    assert page_kinds(document.pdf) == ["photo", "text", "text", "photo"]
    assert document.scan == "not_scanned"
    assert [original.kind for original in document.originals] == [Kind.JPEG, Kind.PDF, Kind.JPEG]


def test_a_pdf_with_javascript_comes_out_sanitised() -> None:
    document = prepare(
        [Upload("payslip.pdf", hostile.pdf_with_javascript()), Upload("p2.jpg", photos.jpeg())],
        scanner=NotScanning(),
    )
    assert document.pages == 2
    assert hostile.active_content(document.pdf) == []
    with pikepdf.open(io.BytesIO(document.pdf)) as pdf:
        for key in ("/Names", "/OpenAction", "/AA"):
            assert not pdf.Root.get(key)  # an emptied name dictionary is fine, not a script
        assert "/XFA" not in pdf.Root.get("/AcroForm", {})


def test_no_location_or_camera_metadata_survives() -> None:
    original = photos.jpeg(1600, 1200)
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)  # the GPS is there
    document = prepare(
        [Upload("IMG.JPG", original), Upload("IMG.HEIC", photos.heic(800, 600))],
        scanner=NotScanning(),
    )
    for marker in (b"Exif", b"GPS", b"http://ns.adobe.com/xap"):
        assert marker not in document.pdf
    with pikepdf.open(io.BytesIO(document.pdf)) as pdf:
        for page in pdf.pages:
            for image in page.get_images().values():
                assert isinstance(image, pikepdf.Stream)
                picture = pikepdf.PdfImage(image).as_pil_image()
                assert not picture.getexif()


@pytest.mark.parametrize("kind", ["jpeg", "png"])
def test_truncated_photos_are_damaged_even_when_pillow_was_told_to_allow_them(
    monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    # WeasyPrint (receipts) turns this on for the whole process when it is imported.
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    whole = photos.jpeg(600, 400) if kind == "jpeg" else photos.png_with_transparency()
    with pytest.raises(DocumentRejected) as error:
        prepare([Upload(f"photo.{kind}", hostile.truncated(whole))], scanner=NotScanning())
    assert error.value.code == "damaged"
    assert ImageFile.LOAD_TRUNCATED_IMAGES is True  # put back for the others


def test_the_whole_document_has_a_page_limit(settings: Any) -> None:
    settings.DOCUMENT_MAX_PDF_PAGES = 3
    with translation.override("en"), pytest.raises(DocumentRejected) as error:
        prepare(
            [Upload("a.pdf", hostile.plain_pdf(2)), Upload("b.pdf", hostile.plain_pdf(2))],
            scanner=NotScanning(),
        )
    assert (error.value.code, error.value.file_name) == ("too_many_pages", None)
    assert "4 pages" in str(error.value) and "at most 3 pages" in str(error.value)


def test_nothing_to_prepare() -> None:
    with pytest.raises(DocumentRejected) as error:
        prepare([], scanner=NotScanning())
    assert (error.value.code, error.value.file_name) == ("empty", None)


def test_too_many_files_for_one_application(settings: Any) -> None:
    settings.DOCUMENT_MAX_FILES = 5
    uploads = [Upload(f"{n}.jpg", b"x") for n in range(2)]
    check_application_limits(existing_files=3, existing_bytes=0, uploads=uploads)
    with translation.override("en"), pytest.raises(DocumentRejected) as error:
        check_application_limits(existing_files=4, existing_bytes=0, uploads=uploads)
    assert error.value.code == "too_many_files"
    assert "at most 5 files" in str(error.value) and "there would be 6" in str(error.value)


def test_too_many_bytes_for_one_application(settings: Any) -> None:
    settings.DOCUMENT_MAX_TOTAL_BYTES = 10 * 1024 * 1024
    uploads = [Upload("scan.pdf", bytes(1024 * 1024))]
    check_application_limits(existing_files=1, existing_bytes=9 * 1024 * 1024, uploads=uploads)
    with translation.override("en"), pytest.raises(DocumentRejected) as error:
        check_application_limits(
            existing_files=1, existing_bytes=9 * 1024 * 1024 + 1, uploads=uploads
        )
    assert error.value.code == "total_too_big"
    assert "at most 10 MB" in str(error.value) and "would be 10.1 MB" in str(error.value)


def test_prepare_applies_the_application_limits_too(settings: Any) -> None:
    settings.DOCUMENT_MAX_FILES = 2
    with pytest.raises(DocumentRejected) as error:
        prepare([Upload(f"{n}.jpg", b"x") for n in range(3)], scanner=NotScanning())
    assert error.value.code == "too_many_files"


def test_messages_are_rendered_in_the_language_of_the_moment(settings: Any) -> None:
    settings.DOCUMENT_MAX_FILE_BYTES = 1024 * 1024
    with pytest.raises(DocumentRejected) as error:
        prepare([Upload("big.jpg", bytes(1024 * 1024 + 1))], scanner=NotScanning())
    assert isinstance(error.value.message, Promise)
    with translation.override("en"):
        assert "is 1.1 MB" in str(error.value.message)
    with translation.override("nb"):
        assert "1,1" in str(error.value.message)  # Norwegian decimal comma


def test_a_file_just_over_the_limit_does_not_read_as_the_limit(settings: Any) -> None:
    settings.DOCUMENT_MAX_FILE_BYTES = 20 * 1024 * 1024
    with translation.override("en"), pytest.raises(DocumentRejected) as error:
        prepare([Upload("scan.jpg", bytes(20 * 1024 * 1024 + 1))], scanner=NotScanning())
    assert "is 20.1 MB. Each file can be at most 20 MB." in str(error.value)


def test_long_names_are_shortened_in_the_message_only() -> None:
    name = "a" * 200 + ".exe"
    with translation.override("en"), pytest.raises(DocumentRejected) as error:
        prepare([Upload(name, b"MZ" + bytes(100))], scanner=NotScanning())
    assert error.value.file_name == name
    assert "…" in str(error.value) and "aaa.exe”" in str(error.value)
    assert len(str(error.value)) < 200
