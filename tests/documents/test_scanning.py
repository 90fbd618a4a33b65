"""Virus scanning against a real clamd, and every way it can fail: all of them block."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured

from kompanjong.documents.scanning import (
    CLEAN,
    NOT_SCANNED,
    ClamdScanner,
    NotScanning,
    ScannerUnavailable,
    get_scanner,
)
from tests.documents import hostile, photos
from tests.documents.clamd_server import EICAR, REPORTED_SIGNATURE, FakeClamd, running_clamd


@pytest.fixture
def short_dir() -> Iterator[Path]:
    # Unix socket paths must stay under ~107 bytes; pytest's tmp_path can be deeper.
    with tempfile.TemporaryDirectory(prefix="kj-") as directory:
        yield Path(directory)


def test_a_clean_file_is_clean(clamd_scanner: ClamdScanner) -> None:
    assert clamd_scanner.scan(photos.jpeg(640, 480)) == CLEAN
    assert clamd_scanner.scan(hostile.plain_pdf()) == CLEAN


def test_eicar_is_found(clamd_scanner: ClamdScanner) -> None:
    outcome = clamd_scanner.scan(EICAR)
    assert outcome.infected
    assert outcome.signature == REPORTED_SIGNATURE


@pytest.mark.parametrize(
    "data",
    [
        hostile.zip_of({"documents/eicar.com": EICAR}),
        photos.jpeg(320, 240) + EICAR,
        b"%PDF-1.7\n" + EICAR,
    ],
    ids=["in-a-zip", "after-a-jpeg", "in-a-pdf"],
)
def test_eicar_is_found_inside_other_files(clamd_scanner: ClamdScanner, data: bytes) -> None:
    assert clamd_scanner.scan(data).infected


def test_ping(clamd_scanner: ClamdScanner) -> None:
    clamd_scanner.ping()


def test_get_scanner_follows_the_settings(clamd_settings: Any) -> None:
    scanner = get_scanner()
    assert isinstance(scanner, ClamdScanner)
    assert scanner.scan(EICAR).infected
    clamd_settings.VIRUS_SCANNER = "off"
    assert isinstance(get_scanner(), NotScanning)
    assert get_scanner().scan(EICAR) == NOT_SCANNED


def test_an_unknown_scanner_setting_is_a_configuration_error(settings: Any) -> None:
    settings.VIRUS_SCANNER = "trust-me"
    with pytest.raises(ImproperlyConfigured):
        get_scanner()


@pytest.mark.parametrize("address", ["tcp://localhost", "clamd.sock", "tcp://:3310"])
def test_a_bad_address_is_a_configuration_error(address: str) -> None:
    with pytest.raises(ImproperlyConfigured):
        ClamdScanner(address, timeout=1)


def test_an_unreachable_socket_blocks(short_dir: Path) -> None:
    scanner = ClamdScanner(str(short_dir / "nobody-here.sock"), timeout=1)
    with pytest.raises(ScannerUnavailable):
        scanner.scan(b"hello")
    with pytest.raises(ScannerUnavailable):
        scanner.ping()


def test_an_unreachable_tcp_port_blocks() -> None:
    # Port 9 (discard) is closed on test machines: the connection is refused.
    with pytest.raises(ScannerUnavailable):
        ClamdScanner("tcp://127.0.0.1:9", timeout=1).scan(b"hello")


def test_clamd_stopped_between_scans_blocks(tmp_path: Path) -> None:
    with running_clamd(tmp_path) as server:
        scanner = ClamdScanner(server.socket, timeout=5)
        assert scanner.scan(b"first file") == CLEAN
        server.stop()
        with pytest.raises(ScannerUnavailable):
            scanner.scan(b"second file")


def test_a_file_over_clamds_stream_limit_blocks(tmp_path: Path) -> None:
    # clamd answers "INSTREAM size limit exceeded" and hangs up: never "clean".
    with running_clamd(tmp_path, stream_max_length="1M") as server:
        scanner = ClamdScanner(server.socket, timeout=5)
        assert scanner.scan(bytes(500_000)) == CLEAN
        with pytest.raises(ScannerUnavailable):
            scanner.scan(bytes(3_000_000))


@pytest.mark.parametrize("behaviour", ["garbage", "unexpected", "silent", "hang_up"])
def test_a_misbehaving_clamd_blocks(short_dir: Path, behaviour: str) -> None:
    socket_path = str(short_dir / "fake.sock")
    with FakeClamd(socket_path, behaviour):
        scanner = ClamdScanner(socket_path, timeout=1)
        with pytest.raises(ScannerUnavailable):
            scanner.scan(bytes(200_000))


def test_not_scanning_says_so() -> None:
    assert NotScanning().scan(EICAR) == NOT_SCANNED
    assert not NOT_SCANNED.infected
