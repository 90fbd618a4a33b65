"""Writes to the outbox. Other apps call `queue_notification`; nothing else sends anything."""

from __future__ import annotations

from functools import partial

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from kompanjong.notifications import content, rules
from kompanjong.notifications.models import Notification, Status
from kompanjong.notifications.tasks import deliver_notification
from kompanjong.people.models import Person


def contact_facts(person: Person) -> rules.ContactFacts:
    return rules.ContactFacts(
        reserved_against_digital=person.reserved_against_digital,
        preferred_channel=person.preferred_channel,
        phone=person.phone,
        email=person.email,
    )


def _address_for(person: Person, via: rules.Via) -> tuple[str, list[str]]:
    """The snapshot stored on the row, plus the postal address lines for a letter."""
    if via == rules.Via.EMAIL:
        return person.email.strip(), []
    if via == rules.Via.SMS:
        return rules.sms_number(person.phone) or "", []
    lines = rules.postal_address_lines(
        name=person.full_name,
        street=person.street_address,
        postal_code=person.postal_code,
        town=person.postal_town,
    )
    return "\n".join(lines), lines


def queue_notification(
    *, person: Person, template_key: str, link_path: str = "/home/"
) -> Notification:
    """Put a notification in the outbox and have it delivered once the transaction commits.

    Call it inside the transaction that made the change the person is told about: if that
    rolls back, nothing is sent.
    """
    via = rules.choose_channel(contact_facts(person))
    language = rules.choose_language(
        person.preferred_language, (code for code, _name in settings.LANGUAGES)
    )
    address, address_lines = _address_for(person, via)
    rendered = content.render(
        template_key=template_key,
        via=via,
        language=language,
        link_path=link_path,
        address_lines=address_lines,
    )
    with transaction.atomic():
        notification = Notification.objects.create(
            recipient=person,
            channel=via.value,
            template_key=template_key,
            language=language,
            address=address,
            subject=rendered.subject,
            body=rendered.body,
            next_attempt_at=timezone.now(),
        )
        # robust: if the queue is down, the row is still committed and the sweeper sends it.
        transaction.on_commit(partial(_enqueue, notification.pk), robust=True)
    return notification


def retry_notification(notification: Notification) -> None:
    """Give a failed notification a fresh set of attempts (an admin action)."""
    with transaction.atomic():
        updated = Notification.objects.filter(pk=notification.pk, status=Status.FAILED).update(
            status=Status.RETRYING, attempts=0, next_attempt_at=timezone.now()
        )
        if updated:
            transaction.on_commit(partial(_enqueue, notification.pk), robust=True)


def _enqueue(notification_id: int) -> None:
    deliver_notification.enqueue(notification_id)
