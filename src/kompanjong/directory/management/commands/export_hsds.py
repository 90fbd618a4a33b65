"""Export the whole directory as HSDS 3.0: `python -m kompanjong export_hsds [--output PATH]`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from kompanjong.directory.hsds import export_organizations


class Command(BaseCommand):
    help = (
        "Write every organization as a full HSDS 3.0 organization (with full services) in one "
        "JSON list, to standard output or --output. import_hsds reads it back."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", type=Path, help="The file to write (default: stdout).")

    def handle(self, *args: Any, **options: Any) -> None:
        text = json.dumps(export_organizations(), ensure_ascii=False, indent=2) + "\n"
        output: Path | None = options["output"]
        if output is None:
            self.stdout.write(text, ending="")
        else:
            output.write_text(text, encoding="utf-8")
