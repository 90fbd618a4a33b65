"""Sweeper: find notifications that are due but whose task was lost, and deliver them.

Run it every few minutes (cron or a systemd timer). A normal notification is sent by the
task queued when it was created; this catches the rest: a queue that was down, a worker
that crashed, a deferred retry that vanished with a Redis restart, or the immediate task
backend, which cannot defer retries at all.
"""

from __future__ import annotations

import datetime as dt
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from kompanjong.notifications import delivery, selectors
from kompanjong.notifications.tasks import deliver_notification


class Command(BaseCommand):
    help = "Enqueue (or, with --inline, deliver) every notification that is due."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--grace-seconds",
            type=int,
            default=60,
            help=(
                "Only rows due for at least this long; younger ones most likely still have a "
                "queued task on its way (default: %(default)s)."
            ),
        )
        parser.add_argument(
            "--limit", type=int, default=1000, help="At most this many (default: %(default)s)."
        )
        parser.add_argument(
            "--inline",
            action="store_true",
            help="Deliver here and now instead of enqueuing a task for each.",
        )

    def handle(
        self, *args: Any, grace_seconds: int, limit: int, inline: bool, **options: Any
    ) -> None:
        before = timezone.now() - dt.timedelta(seconds=max(grace_seconds, 0))
        ids = list(selectors.due_notifications(before=before).values_list("pk", flat=True)[:limit])
        for notification_id in ids:
            if inline:
                outcome = delivery.attempt_delivery(notification_id).outcome
                self.stdout.write(f"Notification {notification_id}: {outcome}")
            else:
                # The task itself checks the row again, so a duplicate task is harmless.
                deliver_notification.enqueue(notification_id)
        verb = "Delivered" if inline else "Enqueued"
        self.stdout.write(f"{verb} {len(ids)} due notification(s).")
