from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from kompanjong.booking.demo import load_calendars
from kompanjong.directory.demo import load_directory


class Command(BaseCommand):
    help = (
        "Load the demo directory of helping places and their calendars (after load_demo_data). "
        "Idempotent."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEMO_MODE:
            raise CommandError("Demo data is only for demo mode (KOMPANJONG_MODE=development).")
        places = load_directory()
        calendars = load_calendars()
        self.stdout.write(f"Demo directory: {places} places, {calendars} calendars to book.")
