"""The background task that tells the citizen about the office's new messages, a little later."""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import partial

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from . import notify


@task
def notify_citizen(thread_id: int) -> str:
    """Decides when it runs, not when the message was written: by then the citizen may
    have read it, or have been told about it already."""
    decision = notify.notify_citizen_if_due(thread_id=thread_id)
    if decision.try_again_at is not None:
        transaction.on_commit(partial(_try_again, thread_id, decision.try_again_at), robust=True)
        return "later"
    return "sent" if decision.send else "nothing"


def schedule(thread_id: int, *, delay: timedelta) -> None:
    """Check in `delay`; a backend that cannot wait (the immediate one) checks at once."""
    if notify_citizen.get_backend().supports_defer:
        notify_citizen.using(run_after=timezone.now() + delay).enqueue(thread_id)
    else:
        notify_citizen.enqueue(thread_id)


def _try_again(thread_id: int, run_after: datetime) -> None:
    # Without deferring, trying again at once would only say "later" again, for ever.
    if notify_citizen.get_backend().supports_defer:
        notify_citizen.using(run_after=run_after).enqueue(thread_id)
