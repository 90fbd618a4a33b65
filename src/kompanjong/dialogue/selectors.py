"""Reads for the dialogue. They ask the policy (404 for not-yours) and log staff reads."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Count, F, OuterRef, Prefetch, Q, Subquery
from django.http import Http404

from kompanjong.cases.models import Case, CaseDocument
from kompanjong.core import policy
from kompanjong.core.audit import record_access
from kompanjong.core.models import AccessChannel
from kompanjong.documents.models import Document

from . import display, rules
from .models import Message, Thread

ACCESS_LOG_OBJECT = "case.messages"
# Who may read and write a thread, per side. (A helper under fullmakt will get a rule too.)
# Who may read a side's view of the thread, and who may write on that side.
READ_RULE: dict[rules.Side, str] = {rules.CITIZEN: "messages.read", rules.OFFICE: "case.staff"}
SIDE_RULE: dict[rules.Side, str] = {rules.CITIZEN: "messages.write", rules.OFFICE: "case.staff"}
ATTACHMENTS = CaseDocument.objects.select_related("document").order_by("id")


def _case(reference: str) -> Case | None:
    return (
        Case.objects.select_related("application__person", "office")
        .filter(application__reference=reference)
        .first()
    )


def case_for_citizen(user: Any, reference: str) -> Case:
    case = _case(reference)
    # 404 rather than 403: someone else's case looks exactly like one that does not exist.
    if case is None or not policy.allows(user, "messages.read", case):
        raise Http404
    return case


def case_for_staff(user: Any, reference: str) -> Case:
    case = _case(reference)
    if case is None or not policy.allows(user, "case.staff", case):
        raise Http404
    return case


@dataclass(frozen=True)
class Entry:
    """One message as the viewer sees it."""

    message: Message
    who: str
    mine: bool
    new: bool  # from the other side, written after the viewer's side last read the thread
    attachments: list[Document]
    # Staff may mark the thread's latest message done when it is an unanswered citizen's.
    can_mark_done: bool = False


@dataclass(frozen=True)
class Conversation:
    thread: Thread | None  # None until the first message
    entries: list[Entry]  # oldest first
    state: rules.State | None
    state_text: str
    unread: int
    # The newest message from the other side: what opening the page has now read.
    read_up_to: datetime | None


def conversation(case: Case, *, viewer: Any, side: rules.Side) -> Conversation:
    """The thread as `side` sees it, with "new" markers as they were before this visit.
    Staff reads are written to the citizen's access log."""
    if not policy.allows(viewer, READ_RULE[side], case):
        raise Http404
    if side == rules.OFFICE:
        record_access(
            actor=viewer,
            subject=case.application.person,
            action="read",
            object_type=ACCESS_LOG_OBJECT,
            object_id=case.application.reference or "",
            channel=AccessChannel.WEB,
        )
    thread = Thread.objects.filter(case=case).first()
    if thread is None:
        return Conversation(None, [], None, "", 0, None)
    thread.case = case
    read_at: datetime | None = getattr(thread, f"{side}_read_at")
    messages = list(
        thread.messages.select_related(
            "author__person", "office", "done_by__person"
        ).prefetch_related(Prefetch("attachments", queryset=ATTACHMENTS))
    )
    latest = messages[-1] if messages else None
    state = rules.thread_state(
        latest_side=latest.side if latest else None,  # type: ignore[arg-type]
        latest_done=bool(latest and latest.done_at),
    )
    entries = [
        Entry(
            message=message,
            who=display.who_wrote(
                message=message,
                viewer=viewer,
                viewer_side=side,
                person=case.application.person,
            ),
            mine=message.author_id == viewer.pk,
            new=rules.is_unread(
                message_side=message.side,  # type: ignore[arg-type]
                created_at=message.created_at,
                reader=side,
                read_at=read_at,
            ),
            attachments=[link.document for link in message.attachments.all()],
            can_mark_done=(
                side == rules.OFFICE and message is latest and state == rules.WAITING_FOR_NAV
            ),
        )
        for message in messages
    ]
    from_other = [m.created_at for m in messages if m.side != side]
    return Conversation(
        thread=thread,
        entries=entries,
        state=state,
        state_text=display.state_text(state, side),
        unread=sum(entry.new for entry in entries),
        read_up_to=max(from_other) if from_other else None,
    )


@dataclass(frozen=True)
class Summary:
    unread: int  # messages from the other side that `side` has not read
    state: rules.State | None
    messages: int


def _unread_filter(side: rules.Side, prefix: str = "") -> Q:
    read_at = f"{prefix}{side}_read_at"
    return Q(side=rules.other(side)) & (
        Q(**{f"{read_at}__isnull": True}) | Q(created_at__gt=F(read_at))
    )


def thread_summary(case: Case, side: rules.Side) -> Summary:
    """For the case pages: one query. The caller has already checked access to `case`."""
    latest = Message.objects.filter(thread=OuterRef("pk")).order_by("-created_at", "-id")
    read_at = f"{side}_read_at"
    row = (
        Thread.objects.filter(case_id=case.pk)
        .annotate(
            count=Count("messages"),
            unread=Count(
                "messages",
                filter=Q(messages__side=rules.other(side))
                & (Q(**{f"{read_at}__isnull": True}) | Q(messages__created_at__gt=F(read_at))),
            ),
            latest_side=Subquery(latest.values("side")[:1]),
            latest_done=Subquery(latest.values("done_at")[:1]),
        )
        .values("count", "unread", "latest_side", "latest_done")
        .first()
    )
    if row is None:
        return Summary(unread=0, state=None, messages=0)
    return Summary(
        unread=row["unread"],
        state=rules.thread_state(
            latest_side=row["latest_side"], latest_done=row["latest_done"] is not None
        ),
        messages=row["count"],
    )


def unread_by_case(case_ids: Iterable[int], side: rules.Side) -> dict[int, int]:
    """Unread messages per case, for a list of cases (the office queue): one query. The caller
    has already checked access to the cases. Every id is in the answer, 0 when none."""
    ids = list(case_ids)
    counts = dict(
        Message.objects.filter(_unread_filter(side, prefix="thread__"), thread__case_id__in=ids)
        .order_by()
        .values("thread__case_id")
        .annotate(unread=Count("id"))
        .values_list("thread__case_id", "unread")
    )
    return {case_id: counts.get(case_id, 0) for case_id in ids}
