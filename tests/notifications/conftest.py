"""Real servers for the outbox tests: an SMTP server (aiosmtpd) and an SMS gateway
(http.server), each on a free local port. (Redis isolation per test worker: tests/conftest.py.)"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from pytest_django import Settings

from tests.notifications.support import (
    GATEWAY_TOKEN,
    SMS_BACKEND,
    SmsGateway,
    SmtpSink,
    free_port,
)


@pytest.fixture
def smtp_server(settings: Settings) -> Iterator[SmtpSink]:
    """A real SMTP server; Django's SMTP email backend is pointed at it."""
    sink = SmtpSink(port=free_port())
    controller = Controller(sink, hostname="127.0.0.1", port=sink.port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = sink.port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 5
    try:
        yield sink
    finally:
        controller.stop()


@pytest.fixture
def sms_gateway(settings: Settings) -> Iterator[SmsGateway]:
    """A tiny real HTTP SMS gateway that records every POST; the SMS backend points at it."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    gateway = SmsGateway(url=f"http://127.0.0.1:{server.server_address[1]}/sms")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            gateway.requests.append(
                {
                    "path": self.path,
                    "headers": dict(self.headers.items()),
                    "json": json.loads(self.rfile.read(length) or b"null"),
                }
            )
            body = json.dumps({"accepted": gateway.status < 300}).encode()
            self.send_response(gateway.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass  # keep test output quiet

    server.RequestHandlerClass = Handler
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    settings.SMS_BACKEND = SMS_BACKEND
    settings.SMS_GATEWAY_URL = gateway.url
    settings.SMS_GATEWAY_TOKEN = GATEWAY_TOKEN
    settings.SMS_SENDER = "Kompanjong"
    try:
        yield gateway
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def unreachable_sms_gateway(settings: Settings) -> str:
    """The SMS backend points at a local port nobody listens on: connection refused."""
    url = f"http://127.0.0.1:{free_port()}/sms"
    settings.SMS_BACKEND = SMS_BACKEND
    settings.SMS_GATEWAY_URL = url
    settings.SMS_GATEWAY_TOKEN = GATEWAY_TOKEN
    return url
