"""Real test photos, made by the tests: phone-sized, with EXIF orientation and a GPS position."""

from __future__ import annotations

import io
import random

import pillow_heif
from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

pillow_heif.register_heif_opener()

ORIENTATION = 0x0112
GPS_IFD = 0x8825


def scene(width: int = 4000, height: int = 3000) -> Image.Image:
    """Photo-like pixels: smooth gradients with a little sensor noise (compresses like a photo)."""
    red = Image.linear_gradient("L").resize((width, height))
    green = Image.linear_gradient("L").rotate(90).resize((width, height))
    noise = Image.effect_noise((width, height), 40).filter(ImageFilter.GaussianBlur(1.5))
    return Image.merge("RGB", [red, green, noise])


def phone_exif(orientation: int = 6) -> Image.Exif:
    exif = Image.Exif()
    exif[ORIENTATION] = orientation  # 6: the phone was held upright; rotate 90° to view
    exif[GPS_IFD] = {1: "N", 2: (59.0, 54.0, 59.0), 3: "E", 4: (10.0, 45.0, 27.0)}
    return exif


def jpeg(width: int = 4000, height: int = 3000, orientation: int = 6) -> bytes:
    out = io.BytesIO()
    scene(width, height).save(out, "JPEG", quality=92, exif=phone_exif(orientation).tobytes())
    return out.getvalue()


def heic(width: int = 4000, height: int = 3000) -> bytes:
    out = io.BytesIO()
    scene(width, height).save(out, "HEIF", quality=80, exif=phone_exif(1).tobytes())
    return out.getvalue()


def png_with_transparency(width: int = 800, height: int = 600) -> bytes:
    image = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    image.paste((200, 30, 30, 255), (100, 100, 400, 300))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def document_scene(
    width: int = 4032, height: int = 3024, *, grain: int = 4, seed: int = 1
) -> Image.Image:
    """A phone photo of a payslip on a wooden table: paper, print, grain, shadow, sensor noise.

    What people actually upload. Text edges, wood texture and noise compress like a real
    photo, unlike smooth gradients, so sizes measured on it are honest. `grain` is the sensor
    noise (standard deviation in 8-bit levels) left after the phone's noise reduction: about
    4 in good light, 10 or more in a dim kitchen in the evening. Noise is what costs bytes.
    """
    rng = random.Random(seed)
    table = _wood(width, height)
    paper, mask = _printed_page(int(width * 0.62), int(height * 0.86), rng)
    angle = rng.uniform(-4, 4)
    paper = paper.rotate(angle, expand=True, resample=Image.Resampling.BICUBIC)
    mask = mask.rotate(angle, expand=True, resample=Image.Resampling.BICUBIC)
    shadow = mask.filter(ImageFilter.GaussianBlur(40)).point(lambda v: v * 0.45)
    left, top = (width - paper.width) // 2, (height - paper.height) // 2
    table.paste((30, 20, 10), (left + 25, top + 35), shadow)
    table.paste(paper, (left, top), mask)
    # Light falls off towards the corners; the sensor adds grain; the lens softens a little.
    light = Image.radial_gradient("L").resize((width, height)).point(lambda v: 255 - v // 3)
    lit = ImageChops.multiply(table, Image.merge("RGB", [light] * 3))
    noise = Image.effect_noise((width, height), grain).convert("RGB")
    noisy = ImageChops.add(lit, noise, scale=1.0, offset=-128)
    return noisy.filter(ImageFilter.GaussianBlur(0.6))


def document_jpeg(
    width: int = 4032, height: int = 3024, *, orientation: int = 6, grain: int = 4
) -> bytes:
    """`document_scene` as a phone saves it: JPEG quality 92, EXIF orientation and GPS."""
    out = io.BytesIO()
    exif = phone_exif(orientation).tobytes()
    document_scene(width, height, grain=grain).save(out, "JPEG", quality=92, exif=exif)
    return out.getvalue()


def document_heic(width: int = 4032, height: int = 3024, *, grain: int = 4) -> bytes:
    out = io.BytesIO()
    exif = phone_exif(1).tobytes()
    document_scene(width, height, grain=grain).save(out, "HEIF", quality=80, exif=exif)
    return out.getvalue()


def _wood(width: int, height: int) -> Image.Image:
    # Noise stretched along the grain: streaks of lighter and darker wood.
    streaks = Image.effect_noise((max(width // 64, 1), height // 2), 60).resize(
        (width, height), Image.Resampling.BICUBIC
    )
    base = Image.new("RGB", (width, height), (150, 105, 65))
    dark = Image.new("RGB", (width, height), (95, 60, 35))
    return Image.composite(base, dark, streaks.filter(ImageFilter.GaussianBlur(2)))


def _printed_page(width: int, height: int, rng: random.Random) -> tuple[Image.Image, Image.Image]:
    # ASCII only: the default font has no ø.
    page = Image.new("RGB", (width, height), (244, 242, 236))
    draw = ImageDraw.Draw(page)
    size = max(height // 60, 8)
    heading = ImageFont.load_default(size=size * 2)
    body = ImageFont.load_default(size=size)
    margin = width // 12
    draw.text((margin, margin), "Lonnsslipp - mars", fill=(20, 20, 20), font=heading)
    y = margin + size * 4
    words = ["Grunnlonn", "Skattetrekk", "Feriepenger", "Overtid", "Netto", "kr", "timer"]
    while y < height - margin:
        x = margin
        while x < width - margin * 2:
            word = rng.choice(words) if rng.random() < 0.6 else f"{rng.randint(10, 99999):,}"
            draw.text((x, y), word, fill=(25, 25, 30), font=body)
            x += int(draw.textlength(word, font=body)) + size
        if rng.random() < 0.15:
            draw.line((margin, y + size * 1.6, width - margin, y + size * 1.6), fill=(60, 60, 60))
        y += int(size * 1.8)
    return page, Image.new("L", (width, height), 255)
