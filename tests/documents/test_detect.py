"""File kinds come from content, not names."""

from __future__ import annotations

import pytest

from kompanjong.documents.detect import Kind, detect
from tests.documents import photos


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (photos.jpeg(64, 48), Kind.JPEG),
        (photos.png_with_transparency(32, 32), Kind.PNG),
        (photos.heic(64, 48), Kind.HEIF),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", Kind.PDF),
    ],
)
def test_accepted_kinds(data: bytes, kind: Kind) -> None:
    assert detect(data[:64]) == kind


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"<html><script>alert(1)</script></html>",
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
        b"GIF89a\x01\x00\x01\x00",
        b"PK\x03\x04 a zip or an office file",
        b"MZ\x90\x00 a Windows program",
        b"\x00\x00\x00\x18ftypmp42 an mp4 video",
        b" %PDF-1.7 with something in front",
    ],
)
def test_everything_else_is_refused(data: bytes) -> None:
    assert detect(data) is None
