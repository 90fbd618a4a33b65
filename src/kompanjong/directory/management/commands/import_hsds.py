"""Import an HSDS 3.0 file into the directory: `python -m kompanjong import_hsds PATH`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import ngettext

from kompanjong.directory.hsds_import import ImportFileError, import_file


class Command(BaseCommand):
    help = (
        "Import organizations, services or services at locations from an HSDS 3.0 JSON file "
        "(one object, a list, or a page with contents). Each record is stored whole or not at "
        "all; importing the same file again updates it. A record that would change an "
        "organization whose entries Kompanjong's own editors keep, or move an existing object "
        "to another organization, is refused unless you give --take-over. Exits with 1 if any "
        "record was refused."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="The JSON file.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check every record and report what would happen, but store nothing.",
        )
        parser.add_argument(
            "--take-over",
            action="store_true",
            help=(
                "Let the file change organizations that editors keep in Kompanjong (their "
                "services, places and hours may be replaced or deleted), and move objects "
                "between organizations. Try it with --dry-run first."
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = import_file(
                path=options["path"], dry_run=options["dry_run"], take_over=options["take_over"]
            )
        except ImportFileError as error:
            raise CommandError(str(error)) from None
        for line in report.lines():
            self.stdout.write(line)
        for refusal in report.refusals:
            for line in refusal.lines():
                self.stderr.write(line)
        if not report.ok:
            count = len(report.refusals)
            raise CommandError(
                ngettext(
                    "%(count)d record was refused: see above.",
                    "%(count)d records were refused: see above.",
                    count,
                )
                % {"count": count}
            )
