"""Errors a channel raises. Their messages end up in `Notification.last_error`, which staff
read in the admin: keep them short and plain, and never put secrets (tokens, URLs with
credentials) or message content in them."""

from __future__ import annotations


class DeliveryError(Exception):
    """The attempt failed but may work later (network down, server busy): try again."""


class PermanentDeliveryError(DeliveryError):
    """Trying again cannot help (no address, rejected recipient): give up at once."""
