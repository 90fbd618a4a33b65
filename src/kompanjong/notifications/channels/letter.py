"""Letters. There is no printer integration yet: the default backend records the letter as
sent to print in the log, which is where an operator (or a print service) picks it up.
A real print service is a new `LetterBackend` named in `NOTIFICATION_LETTER_BACKEND`."""

from __future__ import annotations

import logging
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

from kompanjong.notifications.channels.errors import PermanentDeliveryError

logger = logging.getLogger(__name__)

DEFAULT_LETTER_BACKEND = "kompanjong.notifications.channels.letter.PrintLogLetterBackend"


class LetterBackend(Protocol):
    def send(self, *, reference: str, address_lines: list[str], body: str) -> None:
        """Hand the letter to print. Raise DeliveryError if that fails."""


class PrintLogLetterBackend:
    def send(self, *, reference: str, address_lines: list[str], body: str) -> None:
        # Log the reference and postcode only: the log is no place for names or letter text.
        postcode = address_lines[-1].split(" ", 1)[0] if address_lines else ""
        logger.info(
            "Letter %s sent to print (postcode %s, %d lines).",
            reference,
            postcode,
            body.count("\n") + 1,
        )


def get_letter_backend() -> LetterBackend:
    path = getattr(settings, "NOTIFICATION_LETTER_BACKEND", DEFAULT_LETTER_BACKEND)
    backend: LetterBackend = import_string(path)()
    return backend


def send_letter(*, reference: str, address: str, body: str) -> None:
    address_lines = [line for line in address.splitlines() if line.strip()]
    if not address_lines:
        raise PermanentDeliveryError("No postal address to send the letter to")
    get_letter_backend().send(reference=reference, address_lines=address_lines, body=body)
