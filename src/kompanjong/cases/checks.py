"""Start-up check: case systems' documents are validated against NAV's schema, so it must be
there. Without it every POST from a case system would fail; say so before that happens."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, register

from .services import SOKER_SCHEMA


@register()
def contracts_present(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    schema = Path(settings.CONTRACTS_DIR) / SOKER_SCHEMA
    if schema.is_file():
        return []
    return [
        Error(
            f"NAV's digisos-soker schema is missing at {schema}.",
            hint="Set KOMPANJONG_CONTRACTS_DIR to the folder with the shared contracts.",
            id="kompanjong.E001",
        )
    ]
