"""The citizen hears that the office wrote: a little later, at most once per 30 minutes, not
once read, and never what the message says."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from kompanjong.cases.models import Case
from kompanjong.dialogue import tasks
from kompanjong.dialogue.models import Message, Thread
from kompanjong.dialogue.notify import notify_citizen_if_due
from kompanjong.dialogue.rules import NOTIFY_AFTER, QUIET_PERIOD
from kompanjong.notifications.models import Notification
from tests.dialogue.support import citizen_url, staff_url
from tests.tasks_runner import deferred_run_times

pytestmark = pytest.mark.django_db

SECRET = "Vi har sett på husleien din og trenger lønnsslippen fra februar."
MINUTE = timedelta(minutes=1)


def office_writes(
    client: Client, case: Case, text: str = SECRET, at: datetime | None = None
) -> int:
    assert client.post(staff_url(case), {"text": text}).status_code == 302
    message = Message.objects.latest("id")
    if at is not None:
        Message.objects.filter(pk=message.pk).update(created_at=at)
    return message.thread_id


def test_an_office_message_schedules_a_check_two_minutes_later(
    case: Case, ola_client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        office_writes(ola_client, case)
    if tasks.notify_citizen.get_backend().supports_defer:
        [when] = deferred_run_times()
        assert abs(when - (timezone.now() + NOTIFY_AFTER)) < MINUTE
        assert not Notification.objects.exists()  # not yet
    else:  # the immediate backend checks at once
        assert Notification.objects.count() == 1


def test_the_citizens_own_message_notifies_nobody(
    case: Case, amina_client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        amina_client.post(citizen_url(case), {"text": "Hei"})
    assert deferred_run_times() == []
    assert not Notification.objects.exists()


def test_the_notification_says_where_to_read_not_what(case: Case, ola_client: Client) -> None:
    thread_id = office_writes(ola_client, case)
    decision = notify_citizen_if_due(thread_id=thread_id, now=timezone.now() + NOTIFY_AFTER)
    assert decision.send
    notification = Notification.objects.get()
    assert notification.recipient == case.application.person
    assert notification.template_key == "message"
    assert notification.channel == "sms"  # Amina prefers SMS
    assert SECRET not in notification.body and SECRET not in notification.subject
    assert "lønnsslipp" not in notification.body.lower()
    assert f"/cases/{case.application.reference}/messages/" in notification.body


def test_email_does_not_carry_the_text_either(case: Case, ola_client: Client) -> None:
    person = case.application.person
    person.preferred_channel = "email"
    person.save(update_fields=["preferred_channel"])
    thread_id = office_writes(ola_client, case)
    notify_citizen_if_due(thread_id=thread_id, now=timezone.now() + NOTIFY_AFTER)
    notification = Notification.objects.get()
    assert notification.channel == "email"
    assert SECRET not in notification.body and SECRET not in notification.subject


def test_none_once_read(case: Case, ola_client: Client, amina_client: Client) -> None:
    thread_id = office_writes(ola_client, case)
    amina_client.get(citizen_url(case))  # she read it within the two minutes
    decision = notify_citizen_if_due(thread_id=thread_id, now=timezone.now() + NOTIFY_AFTER)
    assert not decision.send and decision.try_again_at is None
    assert not Notification.objects.exists()


def test_at_most_one_per_thread_per_30_minutes(case: Case, ola_client: Client) -> None:
    start = timezone.now()
    thread_id = office_writes(ola_client, case, "Første", at=start)
    assert notify_citizen_if_due(thread_id=thread_id, now=start + NOTIFY_AFTER).send
    told_at = start + NOTIFY_AFTER

    office_writes(ola_client, case, "Andre", at=start + 10 * MINUTE)
    decision = notify_citizen_if_due(thread_id=thread_id, now=start + 12 * MINUTE)
    assert not decision.send
    assert decision.try_again_at == told_at + QUIET_PERIOD
    assert Notification.objects.count() == 1

    # The quiet period is over and the second message is still unread: now she hears.
    assert notify_citizen_if_due(thread_id=thread_id, now=told_at + QUIET_PERIOD).send
    assert Notification.objects.count() == 2
    thread = Thread.objects.get(pk=thread_id)
    assert thread.last_citizen_notified_at == told_at + QUIET_PERIOD
    # Nothing new since: nothing more, however long we wait.
    later = told_at + 3 * QUIET_PERIOD
    assert not notify_citizen_if_due(thread_id=thread_id, now=later).send
    assert Notification.objects.count() == 2


def test_the_task_reports_and_tries_again_later(
    case: Case, ola_client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    thread_id = office_writes(ola_client, case)
    Thread.objects.filter(pk=thread_id).update(last_citizen_notified_at=timezone.now() - MINUTE)
    Message.objects.update(created_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.notify_citizen.call(thread_id) == "later"
    if tasks.notify_citizen.get_backend().supports_defer:
        [when] = deferred_run_times()
        assert abs(when - (timezone.now() + QUIET_PERIOD - MINUTE)) < MINUTE
    Thread.objects.filter(pk=thread_id).update(last_citizen_notified_at=None)
    assert tasks.notify_citizen.call(thread_id) == "sent"
    assert tasks.notify_citizen.call(thread_id) == "nothing"


def test_the_sweeper_catches_a_lost_check_once(case: Case, ola_client: Client) -> None:
    from django.core.management import call_command

    from kompanjong.dialogue.notify import notify_citizens_due

    office_writes(ola_client, case, at=timezone.now() - NOTIFY_AFTER - MINUTE)
    Notification.objects.all().delete()  # the scheduled check was lost
    Thread.objects.update(last_citizen_notified_at=None)
    assert notify_citizens_due() == 1
    assert Notification.objects.filter(template_key="message").count() == 1
    call_command("notify_unread_messages", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Notification.objects.count() == 1  # told once
