"""Virus scanning of uploads, behind a small interface so tests and development can swap it.

Scanning never fails open (DESIGN.md §4): if the scanner cannot give a clear "clean" or
"infected" answer — it is down, slow, says something we do not understand, or refuses the
file as too big — that is ScannerUnavailable, and the upload is refused with "try again".
"""

from __future__ import annotations

import io
import logging
import socket
from dataclasses import dataclass
from typing import Literal, Protocol
from urllib.parse import urlsplit

from clamav_client import clamd
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

logger = logging.getLogger(__name__)

Status = Literal["clean", "infected", "not_scanned"]


@dataclass(frozen=True)
class ScanOutcome:
    status: Status
    signature: str | None = None  # what the scanner found, when infected

    @property
    def infected(self) -> bool:
        return self.status == "infected"


CLEAN = ScanOutcome("clean")
NOT_SCANNED = ScanOutcome("not_scanned")


class ScannerUnavailable(Exception):
    """The scanner gave no usable answer. The file must be treated as not safe."""


class Scanner(Protocol):
    def scan(self, data: bytes) -> ScanOutcome: ...


class NotScanning:
    """VIRUS_SCANNER = "off" (development only): every document records it was not scanned."""

    def scan(self, data: bytes) -> ScanOutcome:
        return NOT_SCANNED


class ClamdScanner:
    """ClamAV's daemon, over a unix socket ("/path" or "unix:///path") or "tcp://host:port".

    Files are streamed with INSTREAM, so clamd needs no access to our disk. clamd's
    StreamMaxLength must be above DOCUMENT_MAX_FILE_BYTES; if it is not, clamd refuses the
    file and we refuse the upload rather than pass it unscanned.
    """

    def __init__(self, address: str, timeout: float) -> None:
        self.address = address
        self.timeout = timeout
        self._client = _client(address, timeout)

    def scan(self, data: bytes) -> ScanOutcome:
        try:
            results = self._client.instream(io.BytesIO(data))
        # Any failure at all (refused, reset, timeout, undecodable reply, size limit, a bug
        # in the client) means "not known to be clean", which blocks.
        except Exception as error:
            raise ScannerUnavailable(f"clamd at {self.address}: {error!r}") from error
        return _outcome(results, self.address)

    def ping(self) -> None:
        """Raise ScannerUnavailable unless clamd answers PING (for health checks)."""
        try:
            reply = self._client.ping()
        except Exception as error:
            raise ScannerUnavailable(f"clamd at {self.address}: {error!r}") from error
        if reply != "PONG":
            raise ScannerUnavailable(f"clamd at {self.address} answered {reply!r} to PING")


def get_scanner() -> Scanner:
    """The scanner the settings ask for."""
    if settings.VIRUS_SCANNER == "clamd":
        return ClamdScanner(settings.CLAMD_ADDRESS, settings.CLAMD_TIMEOUT_SECONDS)
    if settings.VIRUS_SCANNER == "off":
        return NotScanning()
    raise ImproperlyConfigured(f"Unknown VIRUS_SCANNER {settings.VIRUS_SCANNER!r}.")


def _outcome(results: clamd.ScanResults, address: str) -> ScanOutcome:
    # INSTREAM answers exactly one line: "stream: OK" or "stream: <signature> FOUND".
    match list(results.values()):
        case [("OK", None)]:
            return CLEAN
        case [("FOUND", str(signature))]:
            logger.warning("clamd found %s in an upload", signature)
            return ScanOutcome("infected", signature)
        case _:
            raise ScannerUnavailable(f"clamd at {address} answered {results!r}")


def _client(address: str, timeout: float) -> clamd.ClamdNetworkSocket:
    if address.startswith("tcp://"):
        parts = urlsplit(address)
        if not parts.hostname or not parts.port:
            raise ImproperlyConfigured(f"CLAMD_ADDRESS {address!r} needs a host and a port.")
        return clamd.ClamdNetworkSocket(parts.hostname, parts.port, timeout=timeout)
    path = address.removeprefix("unix://")
    if not path.startswith("/"):
        raise ImproperlyConfigured(
            f"CLAMD_ADDRESS {address!r} must be a socket path or tcp://host:port."
        )
    return _UnixSocket(path, timeout)


class _UnixSocket(clamd.ClamdUnixSocket):
    """ClamdUnixSocket, but with the timeout set before connecting, not after.

    The library connects first, so a clamd whose connection queue is full would make us wait
    for ever instead of for `timeout` seconds.
    """

    def __init__(self, path: str, timeout: float) -> None:
        super().__init__(path)
        self.timeout = timeout

    def _init_socket(self) -> None:
        try:
            self.clamd_socket = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            self.clamd_socket.settimeout(self.timeout)
            self.clamd_socket.connect(self.unix_socket)
        except OSError as err:
            raise clamd.CommunicationError(self._error_message(err)) from err
