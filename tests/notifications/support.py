"""Helpers for the outbox tests: free ports, typed test data, recorders for the fake servers."""

from __future__ import annotations

import socket
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import Message
from typing import Any, cast

from aiosmtpd.smtp import SMTP, Envelope, Session

from kompanjong.people.models import Person
from tests.factories import PersonFactory

SMS_BACKEND = "kompanjong.notifications.channels.sms.HttpSmsGatewayBackend"
GATEWAY_TOKEN = "test-gateway-token"


def make_person(**fields: Any) -> Person:
    return cast(Person, PersonFactory(**fields))


def free_port() -> int:
    """A port nothing listens on (the OS just handed it out and it is closed again)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class SmtpSink:
    port: int
    envelopes: list[Envelope] = field(default_factory=list)

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"

    def messages(self) -> list[Message]:
        return [
            message_from_bytes(bytes(envelope.original_content or b""))
            for envelope in self.envelopes
        ]


@dataclass
class SmsGateway:
    url: str
    status: int = 202
    requests: list[dict[str, Any]] = field(default_factory=list)
