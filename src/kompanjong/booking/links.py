"""Signed links to one booking, for reminders: /booking/link/<token>/.

The token carries the booking's id and its sequence, signed with the secret key and a salt
of its own. A move or cancellation raises the sequence, so a link from an older reminder
stops working; and a link stops working a day after the booking has ended.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

from django.core import signing
from django.utils import timezone

from .models import Booking, Status
from .selectors import with_place

SALT = "kompanjong.booking.link"
VALID_AFTER_END = timedelta(days=1)


def token_for(booking: Booking) -> str:
    return signing.dumps({"b": str(booking.pk), "s": booking.sequence}, salt=SALT)


def link_path(booking: Booking) -> str:
    return f"/booking/link/{token_for(booking)}/"


def booking_for_token(token: str, now: datetime | None = None) -> Booking | None:
    """The booking the link is for, while the link is valid; None for a forged, garbled or
    old link (after a move or cancellation, or a day after the booking ended)."""
    try:
        payload: Any = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    try:
        booking_id = uuid.UUID(str(payload["b"]))
    except (TypeError, KeyError, ValueError):
        return None
    booking = with_place(Booking.objects.filter(pk=booking_id).exclude(status=Status.HELD)).first()
    if booking is None or booking.sequence != payload.get("s"):
        return None
    if (now or timezone.now()) >= booking.ends_at + VALID_AFTER_END:
        return None
    return booking
