"""Sweeper: tell both people about powers of attorney that have run out, where the task
scheduled for that moment was lost. Run it every few minutes next to the other sweepers."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from kompanjong.delegation.expiry import sweep


class Command(BaseCommand):
    help = "Notify both people of powers of attorney that have expired."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"Told about {sweep()} expired power(s) of attorney.")
