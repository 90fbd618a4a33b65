"""How numbers are written for people to read. Pure."""

from __future__ import annotations

import re


def phone_for_reading(phone: str) -> str:
    """Norwegian numbers as people write them: mobile 412 34 567, landline 55 55 33 33."""
    digits = re.sub(r"[\s]", "", phone).removeprefix("+47")
    if not re.fullmatch(r"[0-9]{8}", digits):
        return phone
    if digits[0] in "49":
        return f"{digits[:3]} {digits[3:5]} {digits[5:]}"
    return " ".join(digits[i : i + 2] for i in range(0, 8, 2))


def account_for_reading(number: str) -> str:
    """12345678903 → 1234 56 78903, as Norwegian banks print it."""
    return f"{number[:4]} {number[4:6]} {number[6:]}" if len(number) == 11 else number
