"""Photos become upright, metadata-free PDF pages within the size budget."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image

from kompanjong.documents.images import ImageRejectedError, open_photo, photos_to_pdf
from tests.documents import photos

PAGE_BUDGET = 600 * 1024  # DESIGN.md §8: a 12-megapixel phone photo → ≤ 600 KB PDF page


def pages(pdf: bytes) -> list[tuple[float, float]]:
    boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", pdf)
    return [(float(w), float(h)) for w, h in boxes]


def test_a_12_megapixel_jpeg_becomes_an_upright_page_within_budget() -> None:
    original = photos.jpeg(4000, 3000, orientation=6)
    pdf = photos_to_pdf([original])
    assert pdf.startswith(b"%PDF-")
    assert len(pdf) <= PAGE_BUDGET
    [(width, height)] = pages(pdf)
    assert width < height  # turned the way the phone was held
    assert max(width, height) == pytest.approx(2480 * 72 / 300, abs=1)


def test_a_12_megapixel_heic_becomes_a_page_within_budget() -> None:
    pdf = photos_to_pdf([photos.heic(4000, 3000)])
    assert len(pdf) <= PAGE_BUDGET
    assert len(pages(pdf)) == 1


def test_no_metadata_survives() -> None:
    pdf = photos_to_pdf([photos.jpeg(1200, 900)])
    for marker in (b"Exif", b"GPS", b"http://ns.adobe.com/xap"):
        assert marker not in pdf


def test_several_photos_make_one_document_in_order() -> None:
    pdf = photos_to_pdf(
        [photos.jpeg(1200, 900, orientation=1), photos.jpeg(1200, 900), photos.heic(900, 1200)]
    )
    sizes = pages(pdf)
    assert len(sizes) == 3
    assert sizes[0][0] > sizes[0][1]  # landscape as taken
    assert sizes[1][0] < sizes[1][1]  # rotated by its EXIF orientation


def test_transparent_png_gets_a_white_background() -> None:
    pdf = photos_to_pdf([photos.png_with_transparency()])
    assert len(pages(pdf)) == 1


def test_small_photos_are_not_blown_up() -> None:
    [(width, height)] = pages(photos_to_pdf([photos.jpeg(800, 600, orientation=1)]))
    assert (width, height) == pytest.approx((800 * 72 / 300, 600 * 72 / 300), abs=1)


def test_a_decompression_bomb_is_refused_before_decoding() -> None:
    bomb = io.BytesIO()
    Image.new("1", (20_000, 20_000)).save(bomb, "PNG")  # 400 megapixels in a small file
    assert len(bomb.getvalue()) < 200_000
    with pytest.raises(ImageRejectedError) as error:
        open_photo(bomb.getvalue())
    assert error.value.code == "too_large"


@pytest.mark.parametrize(
    "data",
    [photos.jpeg(1200, 900)[:5000], b"\xff\xd8\xff\xe0 not really a jpeg", b"", b"%PDF-1.7"],
)
def test_damaged_or_non_images_are_refused(data: bytes) -> None:
    with pytest.raises(ImageRejectedError) as error:
        open_photo(data)
    assert error.value.code == "damaged"


def test_at_least_one_photo() -> None:
    with pytest.raises(ValueError, match="At least one"):
        photos_to_pdf([])
