"""The sweeper finds due notifications whose task was lost and gets them delivered."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from pytest_django import Settings

from kompanjong.notifications.models import Notification, Status
from kompanjong.notifications.rules import SENDING_LEASE
from tests.notifications.support import make_person
from tests.tasks_runner import run_queued_tasks

pytestmark = pytest.mark.django_db(transaction=True)


def row(status: str, due_in: dt.timedelta | None, **fields: object) -> Notification:
    """An outbox row written directly, as if its task had been lost."""
    person = make_person(email="sweep@example.org")
    values: dict[str, object] = {
        "recipient": person,
        "channel": "email",
        "template_key": "news",
        "language": "nb",
        "address": person.email,
        "subject": "You have news in Kompanjong",
        "body": "You have a new message in Kompanjong.",
        "status": status,
        "next_attempt_at": None if due_in is None else timezone.now() + due_in,
    }
    values.update(fields)
    return Notification.objects.create(**values)


def sweep(*args: str) -> str:
    out = StringIO()
    call_command("deliver_due_notifications", "--grace-seconds=0", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def rows() -> dict[str, Notification]:
    ago = -dt.timedelta(minutes=5)
    return {
        "pending": row(Status.PENDING, ago),
        "retrying": row(Status.RETRYING, ago, attempts=2, last_error="Email server said no"),
        "stale_sending": row(Status.SENDING, -dt.timedelta(seconds=1), attempts=1),
        "retry_later": row(Status.RETRYING, dt.timedelta(hours=1), attempts=1),
        "sending_now": row(Status.SENDING, SENDING_LEASE, attempts=1),
        "sent": row(Status.SENT, None, attempts=1),
        "failed": row(Status.FAILED, None, attempts=6),
    }


def test_sweeper_enqueues_due_rows_and_the_worker_sends_them(rows: dict[str, Notification]) -> None:
    assert "Enqueued 3 due notification(s)." in sweep()
    run_queued_tasks()

    statuses = {name: Notification.objects.get(pk=n.pk).status for name, n in rows.items()}
    assert statuses == {
        "pending": Status.SENT,
        "retrying": Status.SENT,
        "stale_sending": Status.SENT,
        "retry_later": Status.RETRYING,
        "sending_now": Status.SENDING,
        "sent": Status.SENT,
        "failed": Status.FAILED,
    }
    assert len(mail.outbox) == 3
    assert Notification.objects.get(pk=rows["retrying"].pk).attempts == 3


def test_sweeper_can_deliver_inline(rows: dict[str, Notification]) -> None:
    output = sweep("--inline")
    assert "Delivered 3 due notification(s)." in output
    assert len(mail.outbox) == 3
    # Nothing left to do: a second sweep finds nothing.
    assert "Delivered 0 due notification(s)." in sweep("--inline")


def test_grace_period_leaves_freshly_due_rows_to_their_own_task() -> None:
    row(Status.PENDING, -dt.timedelta(seconds=5))
    out = StringIO()
    call_command("deliver_due_notifications", stdout=out)
    assert "Enqueued 0 due notification(s)." in out.getvalue()


def test_interrupted_last_attempt_is_given_up(settings: Settings) -> None:
    settings.NOTIFICATION_MAX_ATTEMPTS = 2
    stale = row(Status.SENDING, -dt.timedelta(seconds=1), attempts=2, last_error="")
    sweep("--inline")
    stale.refresh_from_db()
    assert (stale.status, stale.attempts) == (Status.FAILED, 2)
    assert stale.last_error == "The last attempt was interrupted"
    assert mail.outbox == []
