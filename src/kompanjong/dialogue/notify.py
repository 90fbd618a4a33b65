"""Telling the citizen, by SMS, email or letter through the outbox, that the office wrote.

Only that they have a message: the text never leaves Kompanjong (the outbox's SMS and email
are neutral; see notifications/content.py). The citizen's own messages notify nobody: the
office sees unread counts in its queue.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.db.models import F, Max, Q
from django.urls import reverse
from django.utils import timezone

from kompanjong.notifications.services import queue_notification

from . import rules
from .models import Thread

TEMPLATE_KEY = "message"


def notify_citizen_if_due(*, thread_id: int, now: datetime | None = None) -> rules.NotifyDecision:
    """Queue the notification if rules.notify_citizen says so, and remember when. The thread
    is locked, so two tasks running at once cannot both send."""
    now = now or timezone.now()
    with transaction.atomic():
        thread = (
            Thread.objects.select_for_update(of=("self",))
            .select_related("case__application__person")
            .filter(pk=thread_id)
            .first()
        )
        if thread is None:
            return rules.NOTHING
        latest = thread.messages.filter(side=rules.OFFICE).aggregate(at=Max("created_at"))["at"]
        decision = rules.notify_citizen(
            now=now,
            latest_office_message_at=latest,
            citizen_read_at=thread.citizen_read_at,
            last_notified_at=thread.last_citizen_notified_at,
        )
        if decision.send:
            application = thread.case.application
            queue_notification(
                person=application.person,
                template_key=TEMPLATE_KEY,
                link_path=reverse("dialogue:thread", args=[application.reference]),
            )
            thread.last_citizen_notified_at = now
            thread.save(update_fields=["last_citizen_notified_at"])
    return decision


def notify_citizens_due(*, now: datetime | None = None) -> int:
    """Sweeper: threads where the office wrote after the citizen last read and after the
    last notification, longer ago than NOTIFY_AFTER; the check task for them may have been
    lost (a queue that was down, a worker that crashed). Returns how many were notified."""
    now = now or timezone.now()
    waiting = (
        Thread.objects.annotate(
            latest=Max("messages__created_at", filter=Q(messages__side=rules.OFFICE))
        )
        .filter(latest__lte=now - rules.NOTIFY_AFTER)
        .filter(Q(citizen_read_at__isnull=True) | Q(citizen_read_at__lt=F("latest")))
        .filter(
            Q(last_citizen_notified_at__isnull=True) | Q(last_citizen_notified_at__lt=F("latest"))
        )
        .values_list("pk", flat=True)
    )
    return sum(notify_citizen_if_due(thread_id=pk, now=now).send for pk in waiting)
