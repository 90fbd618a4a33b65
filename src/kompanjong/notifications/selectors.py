"""Reads from the outbox."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from kompanjong.notifications.models import Notification, Status

# "sending" is included: a row still sending after its lease ran out lost its worker.
UNFINISHED = [Status.PENDING, Status.RETRYING, Status.SENDING]


def due_notifications(*, before: dt.datetime) -> QuerySet[Notification]:
    """Unfinished notifications whose next attempt was due before `before`."""
    return Notification.objects.filter(status__in=UNFINISHED, next_attempt_at__lte=before).order_by(
        "next_attempt_at", "pk"
    )
