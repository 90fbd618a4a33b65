"""Real test photos, made by the tests: phone-sized, with EXIF orientation and a GPS position."""

from __future__ import annotations

import io

import pillow_heif
from PIL import Image, ImageFilter

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
