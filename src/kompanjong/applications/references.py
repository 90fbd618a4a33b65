"""Reference numbers people can read aloud on the phone: no 0/O, 1/I/L or U."""

from __future__ import annotations

import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_reference() -> str:
    """Eight characters in two groups, e.g. "7K3M-9QXR" (30^8 ≈ 6.6e11 possibilities)."""
    characters = "".join(secrets.choice(ALPHABET) for _ in range(8))
    return f"{characters[:4]}-{characters[4:]}"
