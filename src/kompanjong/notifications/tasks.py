"""The background task that delivers one notification and schedules its own retries."""

from __future__ import annotations

import datetime as dt
from functools import partial

from django.db import transaction
from django_tasks import task

from kompanjong.notifications import delivery


@task
def deliver_notification(notification_id: int) -> str:
    result = delivery.attempt_delivery(notification_id)
    if result.retry_at is not None:
        transaction.on_commit(
            partial(_enqueue_retry, notification_id, result.retry_at), robust=True
        )
    return result.outcome.value


def _enqueue_retry(notification_id: int, run_after: dt.datetime) -> None:
    if not deliver_notification.get_backend().supports_defer:
        # E.g. the immediate backend: retrying at once would hammer a channel that just
        # failed. The row is "retrying" with a due time, so the sweeper sends it later.
        return
    deliver_notification.using(run_after=run_after).enqueue(notification_id)
