"""Help codes: what they look like and how they are kept. Pure but for the secret key.

Eight characters from an alphabet without look-alikes (no 0/O, 1/I/L, 2/Z, 5/S, 8/B), shown
as ABCD-EFGH: read out over a library counter without mistakes. Only an HMAC of the code is
stored; the code is shown once, to the citizen.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.conf import settings

ALPHABET = "ACDEFHJKMNPQRTUVWXY34679"
LENGTH = 8


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalise(typed: str) -> str:
    """What the helper typed, as the code: case, spaces and dashes do not matter."""
    return "".join(ch for ch in typed.upper() if ch.isalnum())


def shown(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"


def digest(code: str) -> str:
    key = f"help-code:{settings.SECRET_KEY}".encode()
    return hmac.new(key, normalise(code).encode(), hashlib.sha256).hexdigest()
