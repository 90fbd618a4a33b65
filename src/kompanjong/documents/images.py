"""Phone photos become clean PDF pages. Pure: bytes in, bytes out, no database.

Each photo is turned the right way up (EXIF orientation), re-encoded from its pixels only (so
no EXIF, GPS position or other metadata survives), scaled to at most 2480 px on the long side
(A4 at 300 dpi) and written as a JPEG-compressed PDF page. Several photos can make one
multi-page document ("page 1, 2 and 3 of your payslip").
"""

from __future__ import annotations

import io
import threading
import warnings
from dataclasses import dataclass

import pillow_heif
from PIL import Image, ImageFile, ImageOps

pillow_heif.register_heif_opener()

MAX_LONG_SIDE = 2480
JPEG_QUALITY = 75
# A 12-megapixel photo has 12 million pixels; 50 million leaves room for any phone and stops
# decompression bombs (a few kilobytes that unpack to gigabytes) before they are decoded.
MAX_PIXELS = 50_000_000
A4_DPI = 300


@dataclass(frozen=True)
class ImageRejectedError(ValueError):
    """Why a picture cannot be used; `code` picks the plain-language message for the user."""

    code: str  # "too_large" | "damaged"

    def __str__(self) -> str:
        return self.code


class _TruncatedImagesRefused:
    """Make Pillow fail on a cut-off picture while we decode it, whatever others have set.

    Pillow's switch is process-wide, and WeasyPrint (our receipt PDFs) turns it on when it is
    imported; a half-uploaded photo would then become a half-grey page instead of "damaged".
    Counted, so overlapping conversions in threads restore the old value only when the last
    one is done.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._users = 0
        self._saved = False

    def __enter__(self) -> None:
        with self._lock:
            if self._users == 0:
                self._saved = ImageFile.LOAD_TRUNCATED_IMAGES
                ImageFile.LOAD_TRUNCATED_IMAGES = False
            self._users += 1

    def __exit__(self, *_exc: object) -> None:
        with self._lock:
            self._users -= 1
            if self._users == 0:
                ImageFile.LOAD_TRUNCATED_IMAGES = self._saved


_truncated_images_refused = _TruncatedImagesRefused()


def open_photo(data: bytes) -> Image.Image:
    """Decode a JPEG, PNG or HEIC photo, refusing bombs and damaged files."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise ImageRejectedError("too_large")
            with _truncated_images_refused:
                image.load()  # a truncated file fails here, not later
    except ImageRejectedError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise ImageRejectedError("too_large") from error
    except (OSError, SyntaxError, ValueError) as error:
        raise ImageRejectedError("damaged") from error
    return image


def normalise(image: Image.Image) -> Image.Image:
    """Right way up, plain RGB on white, at most MAX_LONG_SIDE px: pixels only, no metadata."""
    if image.mode in {"P", "1"}:
        image = image.convert("RGBA")
    scale = MAX_LONG_SIDE / max(image.size)
    if scale < 1:
        # Shrink first: turning and copying a 12-megapixel photo costs more than the shrink.
        size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
        image = image.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)
    upright = ImageOps.exif_transpose(image)
    if upright.mode in {"RGBA", "LA", "P"}:
        upright = upright.convert("RGBA")
        background = Image.new("RGB", upright.size, (255, 255, 255))
        background.paste(upright, mask=upright.getchannel("A"))
        upright = background
    clean = Image.new("RGB", upright.size)
    clean.paste(upright.convert("RGB"))  # a new image carries no info/EXIF from the original
    return clean


def photos_to_pdf(photos: list[bytes]) -> bytes:
    """One PDF with a page per photo, in the order given."""
    if not photos:
        raise ValueError("At least one photo is needed.")
    pages = [normalise(open_photo(data)) for data in photos]
    out = io.BytesIO()
    pages[0].save(
        out,
        format="PDF",
        save_all=True,
        append_images=pages[1:],
        resolution=A4_DPI,
        quality=JPEG_QUALITY,
        optimize=True,  # smaller pages at the same quality (a noisy 12 MP photo: 660 → 590 KB)
        progressive=True,
    )
    return out.getvalue()
