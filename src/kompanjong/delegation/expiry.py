"""Telling both people when a grant has run out. The grant's status needs no job (it is
computed on read); only the notification does: a task deferred to the moment it expires, and
a sweeper for tasks a restart lost."""

from __future__ import annotations

from datetime import datetime
from functools import partial

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django_tasks import task

from .models import Grant, GrantEvent
from .rules import Status, Stored
from .services import current_status, notify_both


def tell_if_expired(grant_id: int, now: datetime | None = None) -> bool:
    """Notify once, if the grant has expired by now. True when it did."""
    now = now or timezone.now()
    with transaction.atomic():
        grant = (
            Grant.objects.select_for_update(of=("self",))
            .select_related("giver", "helper")
            .prefetch_related("scopes")
            .filter(pk=grant_id)
            .first()
        )
        if grant is None or current_status(grant, now) != Status.EXPIRED:
            return False
        if grant.events.filter(kind="expired").exists():
            return False
        GrantEvent.objects.create(grant=grant, kind="expired", channel=grant.channel)
        notify_both(grant, "grant_expired")
    return True


@task
def tell_when_expired(grant_id: int) -> str:
    return "told" if tell_if_expired(grant_id) else "nothing"


def schedule(grant: Grant) -> None:
    """On commit: a check at the moment the last scope ends (backends that cannot wait leave
    it to the sweeper)."""
    until = grant.scopes.aggregate(last=Max("valid_until"))["last"]
    if until is not None and tell_when_expired.get_backend().supports_defer:
        transaction.on_commit(
            partial(tell_when_expired.using(run_after=until).enqueue, grant.pk), robust=True
        )


def sweep(now: datetime | None = None) -> int:
    """Grants that have run out and were never told about: tell both people."""
    now = now or timezone.now()
    due = (
        Grant.objects.filter(state__in=[Stored.ACTIVE, Stored.PENDING])
        .annotate(last=Max("scopes__valid_until"))
        .filter(last__lte=now)
        .exclude(events__kind="expired")
        .values_list("pk", flat=True)
    )
    return sum(tell_if_expired(pk, now) for pk in due)
