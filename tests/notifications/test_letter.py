"""Letters: people reserved against digital notices are reached by post, never digitally."""

from __future__ import annotations

import logging

import pytest
from django.core import mail

from kompanjong.notifications.models import Channel, Status
from kompanjong.notifications.services import queue_notification
from kompanjong.notifications.tasks import deliver_notification
from tests.notifications.support import SmsGateway, make_person
from tests.tasks_runner import run_queued_tasks

pytestmark = pytest.mark.django_db(transaction=True)


def test_reserved_person_gets_a_letter_and_no_sms_or_email(
    sms_gateway: SmsGateway, caplog: pytest.LogCaptureFixture
) -> None:
    person = make_person(
        reserved_against_digital=True,
        preferred_channel="sms",
        phone="41234567",
        email="kare@example.org",
        given_name="Kåre",
        street_address="Bygdavegen 3",
        postal_code="3880",
        postal_town="Dalen",
    )
    with caplog.at_level(logging.INFO, logger="kompanjong.notifications.channels.letter"):
        notification = queue_notification(person=person, template_key="receipt")
        run_queued_tasks()

    notification.refresh_from_db()
    assert notification.channel == Channel.LETTER
    assert notification.status == Status.SENT
    assert notification.address.endswith("Bygdavegen 3\n3880 Dalen")
    assert sms_gateway.requests == []
    assert mail.outbox == []
    [record] = [r for r in caplog.records if "sent to print" in r.getMessage()]
    assert f"notification-{notification.pk}" in record.getMessage()
    # The log says where the letter goes by postcode only; no names, no letter text.
    assert "Kåre" not in record.getMessage()
    assert "3880" in record.getMessage()


def test_letter_without_a_postal_address_fails_at_once() -> None:
    person = make_person(phone="", email="", street_address="", postal_code="", postal_town="")
    notification = queue_notification(person=person, template_key="news")
    assert notification.channel == Channel.LETTER

    assert deliver_notification.call(notification.pk) == "failed"
    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == (Status.FAILED, 1)
    assert notification.last_error == "No postal address to send the letter to"
