"""Background tasks for booking: each booking's reminder, and the sweepers."""

from __future__ import annotations

from functools import partial

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from . import reminders
from .models import Booking


@task
def send_reminder(booking_id: str) -> str:
    """Runs when the reminder is due; decides again then (the booking may have moved or been
    cancelled since it was queued)."""
    return "sent" if reminders.remind(booking_id) else "nothing"


@task
def send_due_reminders() -> int:
    """The sweeper as a task, for a scheduler that runs tasks rather than commands."""
    from .services import purge_expired_holds

    purge_expired_holds()
    return reminders.sweep()


def schedule(booking: Booking) -> None:
    """On commit: the reminder at its due time. Backends that cannot wait (the immediate
    one) leave it to the sweeper: run now, the task would find it not due yet."""
    if booking.person_id is None or booking.remind_by not in reminders.REMINDED_BY:
        return
    if not send_reminder.get_backend().supports_defer:
        return
    run_after = max(booking.starts_at - reminders.REMIND_BEFORE, timezone.now())
    transaction.on_commit(
        partial(send_reminder.using(run_after=run_after).enqueue, str(booking.pk)), robust=True
    )
