"""Reminders a day before a booking, through the outbox.

A reminder is due from 24 hours before the start until the start, once: a deferred task is
queued for that moment when a booking is made or moved (tasks.schedule), and the sweeper
(`sweep`, run every few minutes) catches whatever a restart or a backend that cannot wait
lost. Both end in `remind`, which checks again under a row lock and writes `reminded_at` in
the same transaction as the outbox row, so a person is reminded once even if both run.

The reminder goes to the person booked for, never to the helper or desk that booked it, by
SMS or email (the channel chosen from their contact facts when they booked). People who get
letters get no reminder from here: a letter posted a day before arrives too late. Their
letter path is the confirmation letter when they book and the desk's letter list (the desk
posts a letter, calls them or gives them a printed slip). A guest without a person gets
nothing here either: the desk gives them a printed slip.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.db import OperationalError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from kompanjong.notifications.services import queue_notification

from . import retrying
from .links import link_path
from .models import Booking, RemindBy, Status

# Needs an entry in notifications.content.TEMPLATES (see docs/adr/0011).
TEMPLATE_KEY = "booking_reminder"
REMIND_BEFORE = timedelta(hours=24)
# The channels a reminder a day before can go by; a letter would arrive too late.
REMINDED_BY = (RemindBy.SMS, RemindBy.EMAIL)


def is_due(
    *,
    starts_at: datetime,
    status: str,
    remind_by: str,
    has_person: bool,
    reminded_at: datetime | None,
    now: datetime,
) -> bool:
    """Pure: should this booking's reminder go now?"""
    return (
        status == Status.BOOKED
        and has_person
        and remind_by in REMINDED_BY
        and reminded_at is None
        and starts_at - REMIND_BEFORE <= now < starts_at
    )


def due(now: datetime | None = None) -> QuerySet[Booking]:
    now = now or timezone.now()
    return Booking.objects.filter(
        status=Status.BOOKED,
        person__isnull=False,
        remind_by__in=REMINDED_BY,
        reminded_at__isnull=True,
        starts_at__gt=now,
        starts_at__lte=now + REMIND_BEFORE,
    )


def remind(booking_id: Any, now: datetime | None = None) -> bool:
    """Queue the reminder if it is due now; True when it did. A database that stays busy
    through every retry leaves it for the next sweep (False), never an error."""
    moment = now or timezone.now()
    try:
        return retrying.retried(lambda: _remind(booking_id, moment))
    except OperationalError as error:
        if not retrying.is_transient(error):
            raise
        return False


def _remind(booking_id: Any, now: datetime) -> bool:
    with transaction.atomic():
        booking = (
            Booking.objects.select_for_update(of=("self",))
            .select_related("person")
            .filter(pk=booking_id)
            .first()
        )
        if booking is None or booking.person is None:
            return False
        if not is_due(
            starts_at=booking.starts_at,
            status=booking.status,
            remind_by=booking.remind_by,
            has_person=True,
            reminded_at=booking.reminded_at,
            now=now,
        ):
            return False
        queue_notification(
            person=booking.person, template_key=TEMPLATE_KEY, link_path=link_path(booking)
        )
        booking.reminded_at = now
        booking.save(update_fields=["reminded_at", "updated_at"])
    return True


def sweep(now: datetime | None = None, limit: int = 1000) -> int:
    """Remind every booking that is due and not reminded yet. Returns how many."""
    now = now or timezone.now()
    ids = list(due(now).order_by("starts_at").values_list("pk", flat=True)[:limit])
    return sum(remind(pk, now) for pk in ids)
