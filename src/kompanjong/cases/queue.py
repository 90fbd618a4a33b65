"""The office's queue: cases not finished, and finished ones where the citizen has sent
something since; filters with counts, a page at a time.

Reads only the case's queue columns (kept by services.refresh from the folded log), so the
filters and counts are indexed SQL and the number of queries does not grow with the data:
one for the counts, one for the page, two for the access log.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kompanjong.core import policy
from kompanjong.core.audit import record_listed_once

from .models import Case

PAGE_SIZE = 50


@dataclass(frozen=True)
class Filter:
    key: str
    label: Promise


FILTERS = (
    Filter("all", _("All open")),
    Filter("new", pgettext_lazy("queue filter: new applications", "New")),
    Filter("urgent", _("Needs help today")),
    Filter("waiting", _("Waiting for documents")),
    Filter("received", _("Documents received")),
    Filter("messages", _("Unread messages")),
    Filter("overdue", _("Deadline passed")),
    Filter("mine", _("Assigned to me")),
    Filter("unassigned", _("Not assigned")),
)
FILTER_KEYS = frozenset(f.key for f in FILTERS)


def _conditions(user: Any) -> dict[str, Q]:
    now = timezone.now()
    return {
        "all": Q(),
        "new": Q(status__in=["SENDT", "MOTTATT"]),
        "urgent": Q(urgent=True),
        "waiting": Q(open_tasks__gt=0) & (Q(tasks_until__isnull=True) | Q(tasks_until__gt=now)),
        "received": Q(new_documents=True),
        "messages": Q(unread_messages=True),
        "overdue": Q(open_tasks__gt=0, next_deadline__lt=now),
        "mine": Q(assigned_to=user),
        "unassigned": Q(assigned_to__isnull=True),
    }


def _open_cases(user: Any) -> QuerySet[Case]:
    offices = policy.organisations_with_role(user, *policy.STAFF_ROLES)
    return Case.objects.filter(office_id__in=offices, open=True)


@dataclass(frozen=True)
class Queue:
    filter: str
    counts: dict[str, int]
    page: Page[Case]


def counts(user: Any) -> dict[str, int]:
    """How many open cases each filter has, in one query."""
    policy.require(user, "staff.inbox")
    conditions = _conditions(user)
    return _open_cases(user).aggregate(
        **{key: Count("pk", filter=condition) for key, condition in conditions.items()}
    )


def office_queue(user: Any, filter_key: str = "all", page_number: Any = 1) -> Queue:
    """Open cases of the staff member's offices: urgent first, then oldest first (first in,
    first served; the id breaks ties so pages never overlap)."""
    if filter_key not in FILTER_KEYS:
        filter_key = "all"
    numbers = counts(user)
    cases = (
        _open_cases(user)
        .filter(_conditions(user)[filter_key])
        .select_related("application__person", "assigned_to__person")
        .order_by("-urgent", "created_at", "pk")
    )
    paginator = Paginator(cases, PAGE_SIZE)
    paginator.count = numbers[filter_key]  # known already: spares a COUNT(*)
    page = paginator.get_page(page_number)
    record_listed_once(
        actor=user,
        entries=[(c.application.person, c.application.reference or "") for c in page.object_list],
        object_type="application.listed",
    )
    return Queue(filter_key, numbers, page)
