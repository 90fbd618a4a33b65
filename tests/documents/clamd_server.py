"""A real ClamAV daemon for the tests, with one local signature: the EICAR test file.

There are no downloaded virus definitions in the test environment (and the tests must not
depend on the internet), so the database directory holds one body signature (.ndb) that
matches the 68-byte EICAR anti-virus test string anywhere in a file, inside archives too.
With that single signature clamd starts in well under a second.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

CLAMD = Path("/usr/sbin/clamd")
# The standard EICAR test string, in two halves so that this source file is not itself
# reported by a virus scanner that looks at the repository.
EICAR = b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$" + b"EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
SIGNATURE = "Kompanjong.Test.EICAR"
# clamd marks signatures that do not come from ClamAV's own databases.
REPORTED_SIGNATURE = f"{SIGNATURE}.UNOFFICIAL"
STARTUP_SECONDS = 30
SOCKET_PATH_MAX = 100  # AF_UNIX paths are limited to 107 bytes on Linux

MISSING_CLAMD = (
    f"{CLAMD} is missing: the virus-scanning tests run a real ClamAV daemon. "
    "`make test` installs it (Debian package clamav-daemon)."
)


@dataclass(frozen=True)
class RunningClamd:
    socket: str
    process: subprocess.Popen[bytes]
    log: Path

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@contextlib.contextmanager
def running_clamd(directory: Path, *, stream_max_length: str = "25M") -> Iterator[RunningClamd]:
    """Start clamd with its config, database, log and socket under `directory`; stop it after."""
    with contextlib.ExitStack() as stack:
        socket_path = _socket_path(directory, stack)
        config = _write_config(directory, socket_path, stream_max_length)
        log = directory / "clamd.out"
        with log.open("wb") as output:
            process = subprocess.Popen(  # noqa: S603 - fixed program, our own config
                [str(CLAMD), "--config-file", str(config)],
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        server = RunningClamd(socket=socket_path, process=process, log=log)
        stack.callback(server.stop)
        _wait_until_ready(server, directory / "clamd.log")
        yield server


def ping(socket_path: str, timeout: float = 1.0) -> bool:
    """Whether clamd answers PING on `socket_path`."""
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
            client.settimeout(timeout)
            client.connect(socket_path)
            client.sendall(b"nPING\n")
            return client.recv(16) == b"PONG\n"
    except OSError:
        return False


def _socket_path(directory: Path, stack: contextlib.ExitStack) -> str:
    path = directory / "clamd.sock"
    if len(str(path)) <= SOCKET_PATH_MAX:
        return str(path)
    # pytest's temporary directories can be too deep for a unix socket path.
    short = stack.enter_context(tempfile.TemporaryDirectory(prefix="clamd-"))
    return os.path.join(short, "clamd.sock")


def _write_config(directory: Path, socket_path: str, stream_max_length: str) -> Path:
    database = directory / "database"
    database.mkdir(exist_ok=True)
    (database / "kompanjong-test.ndb").write_text(f"{SIGNATURE}:0:*:{EICAR.hex()}\n")
    config = directory / "clamd.conf"
    # No User directive: clamd runs as whoever runs the tests. Foreground, so the fixture
    # owns the process and can stop it.
    config.write_text(
        "\n".join(
            [
                "Foreground yes",
                f"LocalSocket {socket_path}",
                f"DatabaseDirectory {database}",
                f"TemporaryDirectory {directory}",
                f"LogFile {directory / 'clamd.log'}",
                f"PidFile {directory / 'clamd.pid'}",
                f"StreamMaxLength {stream_max_length}",
                "SelfCheck 0",
                "",
            ]
        )
    )
    return config


def _wait_until_ready(server: RunningClamd, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"clamd exited with {server.process.returncode}:\n{_tail(log)}")
        if ping(server.socket):
            return
        time.sleep(0.02)
    raise RuntimeError(f"clamd did not answer PING in {STARTUP_SECONDS} s:\n{_tail(log)}")


def _tail(log: Path) -> str:
    try:
        return "\n".join(log.read_text(errors="replace").splitlines()[-20:])
    except OSError:
        return "(no log)"


def _read_instream(connection: socket.socket) -> None:
    """Read one "nINSTREAM\\n" command and its chunks, up to the zero-length end chunk."""
    with connection.makefile("rb") as reader:
        reader.readline()
        while size := int.from_bytes(reader.read(4) or b"\0", "big"):
            reader.read(size)


class FakeClamd:
    """A unix-socket server that misbehaves like a broken clamd, one way per instance.

    "garbage": answers bytes that are not a clamd reply; "unexpected": a well-formed line
    that is not a scan result; "silent": reads the file and never answers (a hung clamd);
    "hang_up": closes the connection as soon as the client starts sending.
    """

    def __init__(self, socket_path: str, behaviour: str) -> None:
        self.socket_path = socket_path
        self.behaviour = behaviour
        self._server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self._server.bind(socket_path)
        self._server.listen(8)
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def __enter__(self) -> FakeClamd:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stopped.set()
        with contextlib.suppress(OSError):
            self._server.shutdown(socket.SHUT_RDWR)  # wakes the thread blocked in accept()
        self._server.close()
        self._thread.join(timeout=5)

    def _serve(self) -> None:
        while not self._stopped.is_set():
            try:
                connection, _address = self._server.accept()
            except OSError:
                return  # closed by __exit__
            with connection:
                self._answer(connection)

    def _answer(self, connection: socket.socket) -> None:
        if self.behaviour == "hang_up":
            return
        connection.settimeout(5)
        with contextlib.suppress(OSError):
            _read_instream(connection)
        if self.behaviour == "garbage":
            connection.sendall(b"\xff\xfe\x00garbage \x81\n")
        elif self.behaviour == "unexpected":
            connection.sendall(b"UNKNOWN COMMAND\n")
        elif self.behaviour == "silent":
            self._stopped.wait(10)
