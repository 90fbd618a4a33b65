"""Sweeper for bookings: drop holds nobody finished, and queue the reminders that are due.

Run it every few minutes (cron or a systemd timer), like deliver_due_notifications. Each
booking also queues its own reminder task when it is made or moved; this catches what a
restart or a task backend that cannot wait lost. A person is reminded once either way.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from kompanjong.booking import reminders
from kompanjong.booking.services import purge_expired_holds


class Command(BaseCommand):
    help = "Delete expired holds and queue every booking reminder that is due."

    def handle(self, *args: Any, **options: Any) -> None:
        purged = purge_expired_holds()
        reminded = reminders.sweep()
        self.stdout.write(f"Deleted {purged} expired hold(s). Queued {reminded} reminder(s).")
