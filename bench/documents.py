"""Document benchmark: a 12-megapixel phone photo through the upload pipeline.

Run with `.venv/bin/python -m bench.documents`. For generated photos of a payslip on a table
(4032×3024: JPEG with EXIF orientation in good and in dim light, and HEIC) it prints the PDF
size per page against the DESIGN.md §8 budget (≤ 600 KB) and the median conversion time,
next to a bare Pillow decode + resize to 2480 px + JPEG encode of the same file in the same
run, so the pipeline's own overhead is visible whatever the machine. With clamd installed it
also times the virus scan of the original through a local clamd. Asserts nothing.
"""

from __future__ import annotations

import io
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
os.environ.setdefault("KOMPANJONG_VAR_DIR", tempfile.mkdtemp(prefix="kompanjong-bench-"))

import django  # noqa: E402

django.setup()

from PIL import Image  # noqa: E402
from tests.documents import photos  # noqa: E402
from tests.documents.clamd_server import CLAMD, running_clamd  # noqa: E402

from kompanjong.documents.images import JPEG_QUALITY, MAX_LONG_SIDE  # noqa: E402
from kompanjong.documents.pipeline import Upload, prepare  # noqa: E402
from kompanjong.documents.scanning import ClamdScanner, NotScanning  # noqa: E402

ROUNDS = 5
PAGE_BUDGET = 600 * 1024  # DESIGN.md §8
WIDTH, HEIGHT = 4032, 3024  # 12 megapixels, as a phone takes them
# Sensor noise left after the phone's noise reduction (see photos.document_scene).
GOOD_LIGHT, DIM_ROOM = 4, 10


def median_ms(work: Callable[[], object]) -> float:
    times = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def bare_pillow(data: bytes) -> bytes:
    """The least any converter must do: decode, scale to 2480 px, encode a JPEG."""
    image = Image.open(io.BytesIO(data))
    image.thumbnail((MAX_LONG_SIDE, MAX_LONG_SIDE), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    image.convert("RGB").save(out, "JPEG", quality=JPEG_QUALITY)
    return out.getvalue()


def row(label: str, data: bytes) -> str:
    upload = Upload(label, data)
    document = prepare([upload], scanner=NotScanning())
    per_page = document.size / document.pages
    pipeline = median_ms(lambda: prepare([upload], scanner=NotScanning()))
    bare_size = len(bare_pillow(data))
    bare = median_ms(lambda: bare_pillow(data))
    verdict = "ok" if per_page <= PAGE_BUDGET else "OVER"
    return (
        f"{label:<28}{len(data) / 1e6:>8.1f}{per_page / 1024:>10.0f}{verdict:>8}"
        f"{pipeline:>11.0f}{bare:>10.0f}{bare_size / 1024:>10.0f}{pipeline / bare:>8.2f}"
    )


def scan_row(label: str, data: bytes) -> str | None:
    if not CLAMD.exists():
        return None
    with (
        tempfile.TemporaryDirectory(prefix="clamd-") as directory,
        running_clamd(Path(directory)) as server,
    ):
        scanner = ClamdScanner(server.socket, timeout=30)
        ms = median_ms(lambda: scanner.scan(data))
    return f"clamd INSTREAM scan of the {label}: median {ms:.0f} ms"


def main() -> None:
    print(f"Generating {WIDTH}×{HEIGHT} photos of a payslip (JPEG and HEIC)…", flush=True)
    jpeg = photos.document_jpeg(WIDTH, HEIGHT, orientation=6, grain=GOOD_LIGHT)
    dim = photos.document_jpeg(WIDTH, HEIGHT, orientation=6, grain=DIM_ROOM)
    heic = photos.document_heic(WIDTH, HEIGHT, grain=GOOD_LIGHT)
    print(f"median of {ROUNDS} runs; budget {PAGE_BUDGET // 1024} KB per page\n")
    print(
        f"{'12 MP input':<28}{'in MB':>8}{'KB/page':>10}{'budget':>8}"
        f"{'pipe ms':>11}{'bare ms':>10}{'bare KB':>10}{'ratio':>8}"
    )
    print(row("JPEG, good light", jpeg))
    print(row(f"JPEG, dim room (noise {DIM_ROOM})", dim))
    print(row("HEIC, good light", heic))
    scanned = scan_row("12 MP JPEG", jpeg)
    if scanned:
        print(f"\n{scanned}")
    print(
        "\npipe: prepare() without scanning (size checks, type, EXIF turn, metadata strip,"
        " resize, JPEG in PDF).\nbare: Pillow open + thumbnail(2480, LANCZOS) + JPEG"
        f" quality {JPEG_QUALITY}, same input."
    )


if __name__ == "__main__":
    main()
