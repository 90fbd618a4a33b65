"""What a file really is, from its first bytes: never from its name or the browser's word.

Four kinds are accepted (JPEG, PNG, HEIC/HEIF, PDF); everything else is None and is refused.
A handful of signatures is all we need, so this is a small table rather than a libmagic
dependency that would have to be installed on every machine.
"""

from __future__ import annotations

from enum import StrEnum


class Kind(StrEnum):
    JPEG = "jpeg"
    PNG = "png"
    HEIF = "heif"
    PDF = "pdf"


# ISO base media "ftyp" brands used by HEIC/HEIF stills from phones.
HEIF_BRANDS = frozenset({b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1"})


def detect(head: bytes) -> Kind | None:
    """The kind of file whose first bytes (at least 32) are `head`, or None."""
    if head.startswith(b"\xff\xd8\xff"):
        return Kind.JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return Kind.PNG
    if head.startswith(b"%PDF-"):
        return Kind.PDF
    if len(head) >= 12 and head[4:8] == b"ftyp" and head[8:12] in HEIF_BRANDS:
        return Kind.HEIF
    return None
