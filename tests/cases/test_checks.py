from __future__ import annotations

from pathlib import Path
from typing import Any

from kompanjong.cases.checks import contracts_present


def test_the_contracts_are_found() -> None:
    assert contracts_present() == []


def test_missing_contracts_are_reported_at_start(settings: Any, tmp_path: Path) -> None:
    settings.CONTRACTS_DIR = tmp_path
    [error] = contracts_present()
    assert error.id == "kompanjong.E001"
    assert "KOMPANJONG_CONTRACTS_DIR" in (error.hint or "")
