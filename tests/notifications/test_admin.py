"""The outbox in the admin: readable, not writable, failed rows can be tried again."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.test import Client
from django.urls import reverse
from pytest_django import Settings

from kompanjong.notifications.models import Notification, Status
from kompanjong.notifications.services import queue_notification
from kompanjong.notifications.tasks import deliver_notification
from tests.notifications.support import make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def failed(settings: Settings) -> Notification:
    settings.NOTIFICATION_MAX_ATTEMPTS = 1
    settings.EMAIL_BACKEND = "tests.notifications.test_admin.BrokenEmailBackend"
    notification = queue_notification(person=make_person(), template_key="news")
    deliver_notification.call(notification.pk)
    notification.refresh_from_db()
    assert notification.status == Status.FAILED
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    return notification


class BrokenEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages: object) -> int:
        raise ConnectionRefusedError(111, "Connection refused")


def test_changelist_and_detail_are_readable(admin_client: Client, failed: Notification) -> None:
    changelist = admin_client.get(reverse("admin:notifications_notification_changelist"))
    assert changelist.status_code == 200
    assert b"news" in changelist.content
    detail = admin_client.get(reverse("admin:notifications_notification_change", args=[failed.pk]))
    assert detail.status_code == 200
    assert b"Email server could not be reached" in detail.content
    add = admin_client.get(reverse("admin:notifications_notification_add"))
    assert add.status_code == 403


def test_retry_action_gives_a_failed_notification_new_attempts(
    admin_client: Client, failed: Notification, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks() as callbacks:
        response = admin_client.post(
            reverse("admin:notifications_notification_changelist"),
            {"action": "retry_failed", "_selected_action": [failed.pk]},
        )
    assert response.status_code == 302
    assert len(callbacks) == 1  # the delivery task is enqueued on commit
    failed.refresh_from_db()
    assert failed.status == Status.RETRYING
    assert failed.attempts == 0
    assert deliver_notification.call(failed.pk) == "sent"
    assert len(mail.outbox) == 1
