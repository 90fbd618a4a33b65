"""SMS through a pluggable backend named in `settings.SMS_BACKEND`.

A backend is anything with `send(to: str, message: str) -> None` that raises DeliveryError
when the message was not accepted. `to` is in international form (+47…).
"""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request
from typing import Protocol

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

from kompanjong.notifications.channels.errors import DeliveryError, PermanentDeliveryError

logger = logging.getLogger(__name__)

_REJECTED = {400, 413, 422}


class SmsBackend(Protocol):
    def send(self, to: str, message: str) -> None: ...


class ConsoleSmsBackend:
    """For development: the message goes to the log instead of a phone."""

    def send(self, to: str, message: str) -> None:
        logger.info("SMS to %s: %s", to, message)


class HttpSmsGatewayBackend:
    """POSTs `{"to", "from", "message"}` as JSON with a bearer token to an SMS gateway."""

    def __init__(
        self,
        *,
        url: str | None = None,
        token: str | None = None,
        sender: str | None = None,
        timeout: float = 10.0,
    ) -> None:
        self.url = url if url is not None else settings.SMS_GATEWAY_URL
        self.token = token if token is not None else settings.SMS_GATEWAY_TOKEN
        self.sender = sender if sender is not None else settings.SMS_SENDER
        self.timeout = timeout
        if not self.url.startswith(("https://", "http://")):
            raise ImproperlyConfigured("Set KOMPANJONG_SMS_GATEWAY_URL to the gateway's URL.")

    def send(self, to: str, message: str) -> None:
        payload = json.dumps({"to": to, "from": self.sender, "message": message}).encode()
        request = urllib.request.Request(  # noqa: S310 - the scheme is checked in __init__
            self.url,
            data=payload,
            method="POST",
            headers={
                "Content-Type": "application/json",
                "Accept": "application/json",
                "Authorization": f"Bearer {self.token}",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                response.read()
        except urllib.error.HTTPError as exc:
            error = f"SMS gateway answered HTTP {exc.code}"
            # These say the message itself is wrong (e.g. an invalid number): sending it again
            # gets the same answer. Anything else, including 401/403 from a bad token, may be
            # fixed on our side, so the outbox keeps trying.
            if exc.code in _REJECTED:
                raise PermanentDeliveryError(error) from exc
            raise DeliveryError(error) from exc
        except urllib.error.URLError as exc:
            reason = exc.reason
            detail = reason.strerror if isinstance(reason, OSError) else None
            raise DeliveryError(
                f"SMS gateway could not be reached ({detail or type(reason).__name__})"
            ) from exc
        except OSError as exc:  # e.g. a timeout while reading the answer
            raise DeliveryError(
                f"SMS gateway could not be reached ({exc.strerror or type(exc).__name__})"
            ) from exc


def get_sms_backend() -> SmsBackend:
    backend: SmsBackend = import_string(settings.SMS_BACKEND)()
    return backend


def send_sms(*, to: str, message: str) -> None:
    get_sms_backend().send(to, message)
