"""SMS through the HTTP gateway backend: a real local gateway, a refused connection, retries."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from django.conf import settings as django_settings
from django.utils import timezone
from pytest_django import Settings

from kompanjong.notifications.models import Channel, Notification, Status
from kompanjong.notifications.services import queue_notification
from kompanjong.notifications.tasks import deliver_notification
from kompanjong.people.models import Person
from tests.notifications.support import GATEWAY_TOKEN, SmsGateway, make_person
from tests.tasks_runner import backend_kind, deferred_run_times, run_queued_tasks

pytestmark = pytest.mark.django_db(transaction=True)


def sms_person() -> Person:
    return make_person(phone="912 34 567", email="", preferred_channel="sms")


def make_due(notification: Notification) -> None:
    """Pretend the backoff has passed."""
    Notification.objects.filter(pk=notification.pk).update(next_attempt_at=timezone.now())


def test_working_gateway_receives_the_sms(sms_gateway: SmsGateway) -> None:
    notification = queue_notification(
        person=sms_person(), template_key="news", link_path="/meldinger/"
    )
    run_queued_tasks()

    notification.refresh_from_db()
    assert notification.channel == Channel.SMS
    assert (notification.status, notification.attempts) == (Status.SENT, 1)
    assert notification.sent_at is not None
    assert len(sms_gateway.requests) == 1
    request = sms_gateway.requests[0]
    assert request["headers"]["Authorization"] == f"Bearer {GATEWAY_TOKEN}"
    assert request["headers"]["Content-Type"] == "application/json"
    assert request["json"] == {
        "to": "+4791234567",
        "from": "Kompanjong",
        "message": notification.body,
    }
    assert f"{django_settings.SITE_URL}/meldinger/" in request["json"]["message"]


def test_refused_connection_is_recorded_and_retried_with_backoff(
    settings: Settings, unreachable_sms_gateway: str
) -> None:
    settings.NOTIFICATION_RETRY_BASE_SECONDS = 120
    settings.NOTIFICATION_MAX_ATTEMPTS = 3
    notification = queue_notification(person=sms_person(), template_key="news")
    before = timezone.now()
    run_queued_tasks()

    notification.refresh_from_db()
    assert notification.status == Status.RETRYING
    assert notification.attempts == 1
    assert notification.last_error == "SMS gateway could not be reached (Connection refused)"
    assert GATEWAY_TOKEN not in notification.last_error
    assert unreachable_sms_gateway not in notification.last_error
    assert notification.next_attempt_at is not None
    expected = before + dt.timedelta(seconds=120)
    assert abs(notification.next_attempt_at - expected) < dt.timedelta(seconds=10)
    if backend_kind() in {"database", "rq"}:
        # The task deferred itself to the backoff time (RQ keeps whole seconds).
        [run_after] = deferred_run_times()
        assert abs(run_after - notification.next_attempt_at) < dt.timedelta(seconds=1)

    # Later attempts (the deferred task, run here directly once it is due): 2 → retry, 3 → give up.
    make_due(notification)
    assert deliver_notification.call(notification.pk) == "retrying"
    notification.refresh_from_db()
    assert notification.attempts == 2
    assert notification.next_attempt_at is not None
    assert notification.next_attempt_at - timezone.now() > dt.timedelta(seconds=200)

    make_due(notification)
    assert deliver_notification.call(notification.pk) == "failed"
    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == (Status.FAILED, 3)
    assert notification.next_attempt_at is None
    assert notification.last_error.startswith("SMS gateway could not be reached")
    assert deliver_notification.call(notification.pk) == "skipped"


def test_a_retry_that_is_not_due_yet_does_nothing(unreachable_sms_gateway: str) -> None:
    notification = queue_notification(person=sms_person(), template_key="news")
    run_queued_tasks()
    assert deliver_notification.call(notification.pk) == "skipped"
    notification.refresh_from_db()
    assert notification.attempts == 1


def test_gateway_server_error_is_retried(sms_gateway: SmsGateway) -> None:
    sms_gateway.status = 503
    notification = queue_notification(person=sms_person(), template_key="news")
    run_queued_tasks()
    notification.refresh_from_db()
    assert (notification.status, notification.last_error) == (
        Status.RETRYING,
        "SMS gateway answered HTTP 503",
    )

    sms_gateway.status = 202
    make_due(notification)
    assert deliver_notification.call(notification.pk) == "sent"
    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == (Status.SENT, 2)
    assert len(sms_gateway.requests) == 2


def test_gateway_rejecting_the_message_fails_at_once(sms_gateway: SmsGateway) -> None:
    sms_gateway.status = 400
    notification = queue_notification(person=sms_person(), template_key="news")
    run_queued_tasks()
    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == (Status.FAILED, 1)
    assert notification.last_error == "SMS gateway answered HTTP 400"
    assert deferred_run_times() == []


def test_delivering_twice_sends_once(sms_gateway: SmsGateway) -> None:
    notification = queue_notification(person=sms_person(), template_key="news")
    # A duplicate task, e.g. from the sweeper racing the original one.
    deliver_notification.enqueue(notification.pk)
    run_queued_tasks()
    assert deliver_notification.call(notification.pk) == "skipped"

    assert len(sms_gateway.requests) == 1
    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == (Status.SENT, 1)


def test_the_deferred_retry_runs_through_the_task_backend(
    settings: Settings, sms_gateway: SmsGateway
) -> None:
    if backend_kind() not in {"database", "rq"}:
        pytest.skip("needs a task backend that can defer tasks")
    settings.NOTIFICATION_RETRY_BASE_SECONDS = 1
    sms_gateway.status = 503
    notification = queue_notification(person=sms_person(), template_key="news")
    run_queued_tasks()
    [run_after] = deferred_run_times()

    sms_gateway.status = 202
    time.sleep(max((run_after - timezone.now()).total_seconds(), 0) + 1.1)
    assert run_queued_tasks() == 1

    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == (Status.SENT, 2)
    assert len(sms_gateway.requests) == 2
