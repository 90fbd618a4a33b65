"""Delivery channels. `send` hands a claimed notification to the channel it was queued for."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kompanjong.notifications.channels.email import send_email
from kompanjong.notifications.channels.errors import DeliveryError, PermanentDeliveryError
from kompanjong.notifications.channels.letter import send_letter
from kompanjong.notifications.channels.sms import send_sms
from kompanjong.notifications.rules import Via

if TYPE_CHECKING:
    from kompanjong.notifications.models import Notification

__all__ = ["DeliveryError", "PermanentDeliveryError", "send"]


def send(notification: Notification) -> None:
    via = Via(notification.channel)
    if via == Via.EMAIL:
        send_email(
            to=notification.address,
            subject=notification.subject,
            body=notification.body,
            language=notification.language,
        )
    elif via == Via.SMS:
        send_sms(to=notification.address, message=notification.body)
    else:
        send_letter(
            reference=f"notification-{notification.pk}",
            address=notification.address,
            body=notification.body,
        )
