"""Delete application drafts nobody has touched for APPLICATION_DRAFT_DAYS (run daily)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from kompanjong.applications.services import delete_expired_drafts


class Command(BaseCommand):
    help = "Delete application drafts (and their documents) that have expired."

    def handle(self, *args: Any, **options: Any) -> None:
        deleted = delete_expired_drafts()
        self.stdout.write(f"Deleted {deleted} expired drafts.")
