"""Email delivery through a real SMTP server, by whatever task backend is configured."""

from __future__ import annotations

from email.header import decode_header, make_header

import pytest
from django.conf import settings as django_settings
from django.utils import translation
from pytest_django import Settings

from kompanjong.notifications.content import NEUTRAL_SUBJECT, TEMPLATES
from kompanjong.notifications.models import Status
from kompanjong.notifications.services import queue_notification
from kompanjong.notifications.tasks import deliver_notification
from tests.notifications.support import SmtpSink, free_port, make_person
from tests.tasks_runner import run_queued_tasks

pytestmark = pytest.mark.django_db(transaction=True)


def header(value: str | None) -> str:
    return str(make_header(decode_header(value or "")))


def test_email_arrives_with_subject_and_link_and_nothing_sensitive(smtp_server: SmtpSink) -> None:
    person = make_person(
        given_name="Jonas", family_name="Berg", email="jonas@example.org", preferred_language="en"
    )
    notification = queue_notification(
        person=person, template_key="receipt", link_path="/soknader/42/"
    )

    assert run_queued_tasks() >= 1

    notification.refresh_from_db()
    assert notification.status == Status.SENT
    assert notification.attempts == 1
    assert notification.sent_at is not None
    assert len(smtp_server.envelopes) == 1
    envelope = smtp_server.envelopes[0]
    assert envelope.rcpt_tos == ["jonas@example.org"]
    message = smtp_server.messages()[0]
    with translation.override("en"):
        # Even the receipt's email says only that there is news: not that someone applied.
        assert header(message["Subject"]) == str(NEUTRAL_SUBJECT)
        assert str(TEMPLATES["receipt"].subject) not in message.as_string()
    assert message["Content-Language"] == "en"
    assert message["Auto-Submitted"] == "auto-generated"
    payload = message.get_payload(decode=True)
    assert isinstance(payload, bytes)
    text = payload.decode(message.get_content_charset() or "utf-8")
    assert f"{django_settings.SITE_URL}/soknader/42/" in text
    with translation.override("en"):
        letter_text = str(TEMPLATES["receipt"].text)
    for sensitive in ("Jonas", "Berg", person.national_id, letter_text):
        assert sensitive not in text


def test_a_sent_notification_is_not_sent_twice(smtp_server: SmtpSink) -> None:
    notification = queue_notification(person=make_person(), template_key="news")
    run_queued_tasks()
    assert deliver_notification.call(notification.pk) == "skipped"
    deliver_notification.enqueue(notification.pk)
    run_queued_tasks()

    assert len(smtp_server.envelopes) == 1
    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == (Status.SENT, 1)


def test_smtp_server_down_means_retry_later(settings: Settings, smtp_server: SmtpSink) -> None:
    settings.EMAIL_PORT = free_port()
    notification = queue_notification(person=make_person(), template_key="news")
    run_queued_tasks()

    notification.refresh_from_db()
    assert notification.status == Status.RETRYING
    assert notification.attempts == 1
    assert notification.last_error.startswith("Email server could not be reached")
    assert smtp_server.envelopes == []
