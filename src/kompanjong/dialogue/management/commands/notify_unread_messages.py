"""Sweeper: tell citizens about office messages whose notification check was lost.

Run it every few minutes next to deliver_due_notifications (cron or a systemd timer). The
normal path is the task scheduled when the office writes; this catches the rest.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from kompanjong.dialogue.notify import notify_citizens_due


class Command(BaseCommand):
    help = "Notify citizens of unread office messages whose notification check was lost."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = notify_citizens_due()
        self.stdout.write(f"Notified {sent} thread(s).")
