"""One delivery attempt: claim the row, send it, record what happened.

The claim (status "sending" plus a lease) is a short transaction of its own, and the network
call happens outside any transaction: holding a row lock (on SQLite, the whole database)
while an SMTP server or SMS gateway thinks would block everyone else. If the worker dies
between claim and record, the lease runs out and the row is due again, so delivery is
at least once; the claim makes it at most once in every other case.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from kompanjong.notifications import channels, rules
from kompanjong.notifications.models import Notification, Status

logger = logging.getLogger(__name__)

MAX_ERROR_LENGTH = 500


class Outcome(StrEnum):
    SENT = "sent"
    RETRYING = "retrying"
    FAILED = "failed"
    SKIPPED = "skipped"


@dataclass(frozen=True, slots=True)
class Result:
    outcome: Outcome
    retry_at: dt.datetime | None = None


def retry_policy() -> rules.RetryPolicy:
    return rules.RetryPolicy(
        max_attempts=settings.NOTIFICATION_MAX_ATTEMPTS,
        base_seconds=settings.NOTIFICATION_RETRY_BASE_SECONDS,
    )


def attempt_delivery(notification_id: int) -> Result:
    policy = retry_policy()
    notification = _claim(notification_id, policy)
    if notification is None:
        return Result(Outcome.SKIPPED)
    try:
        channels.send(notification)
    except channels.PermanentDeliveryError as exc:
        return _record_failure(notification, str(exc), policy, give_up=True)
    except channels.DeliveryError as exc:
        return _record_failure(notification, str(exc), policy)
    except Exception as exc:
        # A bug or a surprise from a library must not leave the row "sending" until the lease
        # runs out. Only the type is recorded: the message could contain anything.
        logger.exception("Notification %s: unexpected error while sending.", notification_id)
        return _record_failure(notification, f"Unexpected error ({type(exc).__name__})", policy)
    return _record_sent(notification)


def _claim(notification_id: int, policy: rules.RetryPolicy) -> Notification | None:
    now = timezone.now()
    with transaction.atomic():
        notification = Notification.objects.select_for_update().filter(pk=notification_id).first()
        if notification is None:
            logger.warning("Notification %s does not exist; nothing to deliver.", notification_id)
            return None
        if not rules.is_due(notification.status, notification.next_attempt_at, now):
            return None
        if notification.attempts >= policy.max_attempts:
            # Only reachable when the last allowed attempt was interrupted (its lease ran out).
            notification.status = Status.FAILED
            notification.next_attempt_at = None
            notification.last_error = notification.last_error or "The last attempt was interrupted"
            notification.save(update_fields=["status", "next_attempt_at", "last_error"])
            return None
        notification.status = Status.SENDING
        notification.attempts += 1
        notification.next_attempt_at = now + rules.SENDING_LEASE
        notification.save(update_fields=["status", "attempts", "next_attempt_at"])
    return notification


def _finish(notification: Notification, **changes: object) -> None:
    # Guarded by status and attempt number: if this attempt's lease ran out and another worker
    # took the row over, the other worker's record wins.
    updated = Notification.objects.filter(
        pk=notification.pk, status=Status.SENDING, attempts=notification.attempts
    ).update(**changes)
    if not updated:
        logger.warning(
            "Notification %s was taken over by another attempt; not recording attempt %s.",
            notification.pk,
            notification.attempts,
        )


def _record_sent(notification: Notification) -> Result:
    _finish(notification, status=Status.SENT, sent_at=timezone.now(), next_attempt_at=None)
    return Result(Outcome.SENT)


def _record_failure(
    notification: Notification, error: str, policy: rules.RetryPolicy, *, give_up: bool = False
) -> Result:
    now = timezone.now()
    retry_at = (
        None
        if give_up
        else rules.next_attempt_after_failure(
            attempts=notification.attempts, now=now, policy=policy
        )
    )
    status = Status.FAILED if retry_at is None else Status.RETRYING
    _finish(
        notification,
        status=status,
        next_attempt_at=retry_at,
        last_error=error[:MAX_ERROR_LENGTH],
    )
    logger.warning(
        "Notification %s: attempt %s failed (%s); %s.",
        notification.pk,
        notification.attempts,
        error,
        f"next attempt at {retry_at.isoformat()}" if retry_at else "giving up",
    )
    return Result(Outcome.FAILED if retry_at is None else Outcome.RETRYING, retry_at)
