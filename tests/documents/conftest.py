"""Fixtures for the document tests: a real clamd, and settings that point at it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from kompanjong.documents.scanning import ClamdScanner
from tests.documents.clamd_server import CLAMD, MISSING_CLAMD, running_clamd


@pytest.fixture(scope="session")
def clamd_socket(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The unix socket of a real clamd, started once per test process (each xdist worker)."""
    if not CLAMD.exists():
        pytest.fail(MISSING_CLAMD)  # a missing scanner must not quietly skip the tests
    with running_clamd(tmp_path_factory.mktemp("clamd")) as server:
        yield server.socket


@pytest.fixture
def clamd_scanner(clamd_socket: str) -> ClamdScanner:
    return ClamdScanner(clamd_socket, timeout=10)


@pytest.fixture
def clamd_settings(settings: Any, clamd_socket: str) -> Any:
    """Settings with VIRUS_SCANNER = "clamd" pointing at the test clamd."""
    settings.VIRUS_SCANNER = "clamd"
    settings.CLAMD_ADDRESS = clamd_socket
    settings.CLAMD_TIMEOUT_SECONDS = 10
    return settings
