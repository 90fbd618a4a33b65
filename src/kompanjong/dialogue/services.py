"""Writes for the dialogue: write a message (with attachments), mark one done, mark read."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import ExitStack
from datetime import datetime
from functools import partial
from uuid import UUID

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from kompanjong.cases.models import Case, CaseDocument
from kompanjong.cases.services import documents_received, messages_read, messages_waiting
from kompanjong.core import policy
from kompanjong.core.audit import record_for_person
from kompanjong.documents.pipeline import (
    PreparedDocument,
    Upload,
    check_application_limits,
    fingerprint,
    prepare,
)
from kompanjong.documents.scanning import get_scanner
from kompanjong.documents.services import new_document, stored_file
from kompanjong.people.models import Account

from . import rules, tasks
from .models import Message, Thread
from .selectors import SIDE_RULE


def thread_of(case: Case) -> Thread:
    """The case's thread, locked for this transaction; made on the first message."""
    thread, _created = Thread.objects.get_or_create(case=case)
    return Thread.objects.select_for_update().get(pk=thread.pk)


def write_message(
    *,
    case: Case,
    author: Account,
    side: rules.Side,
    text: str,
    attachments: Sequence[Sequence[Upload]] = (),
    token: UUID | None = None,
) -> Message:
    """Store a message and its attachments, all or nothing. Each inner list of `attachments`
    becomes one document (the files as its pages, in order).

    The slow part (checking, converting, scanning the files) runs before the transaction.
    Raises documents.pipeline.DocumentRejected with a plain-language message, and ValueError
    for an empty or too long message; nothing is stored then. The same `token` twice returns
    the message already stored.
    """
    policy.require(author, SIDE_RULE[side], case)
    text = text.strip()
    if not text and not attachments:
        raise ValueError("A message needs text or an attachment.")
    if len(text) > rules.MAX_LENGTH:
        raise ValueError("The message is too long.")
    if token is not None and (sent := _already_sent(case, token)) is not None:
        return sent
    uploads = [upload for group in attachments for upload in group]
    check_application_limits(existing_files=0, existing_bytes=0, uploads=uploads)
    scanner = get_scanner()
    prepared = [(prepare(group, scanner=scanner), group) for group in attachments]
    try:
        with ExitStack() as files:
            names = [files.enter_context(stored_file(document.pdf)) for document, _ in prepared]
            with transaction.atomic():
                thread = thread_of(case)
                message = Message.objects.create(
                    thread=thread,
                    author=author,
                    side=side,
                    office_id=case.office_id if side == rules.OFFICE else None,
                    text=text,
                    token=token,
                )
                message.attachments.set(
                    _case_document(case, author, name, document, group)
                    for name, (document, group) in zip(names, prepared, strict=True)
                )
                if prepared and side == rules.CITIZEN:
                    documents_received(case)
                if side == rules.CITIZEN:
                    messages_waiting(case)
                    record_for_person(
                        actor=author,
                        subject=case.application.person,
                        action="change",
                        object_type="case.messages",
                        object_id=case.application.reference or "",
                    )
                if side == rules.OFFICE:
                    transaction.on_commit(
                        partial(tasks.schedule, thread.pk, delay=rules.NOTIFY_AFTER), robust=True
                    )
    except IntegrityError:
        # The same form came twice at the same moment; the other request stored it.
        if token is not None and (sent := _already_sent(case, token)) is not None:
            return sent
        raise
    return message


def _already_sent(case: Case, token: UUID) -> Message | None:
    return Message.objects.filter(thread__case=case, token=token).first()


def _case_document(
    case: Case, author: Account, name: str, prepared: PreparedDocument, group: Sequence[Upload]
) -> CaseDocument:
    document = new_document(
        name=name,
        owner=case.application.person,
        uploaded_by=author,
        vedlegg_type="annet",
        vedlegg_subtype="annet",
        prepared=prepared,
        fingerprints=[fingerprint(upload) for upload in group],
    )
    return CaseDocument.objects.create(case=case, document=document, dokumenttype="")


def mark_done(*, case: Case, message_id: int, actor: Account) -> Message:
    """Staff mark a citizen's message as needing no answer. Doing it twice changes nothing.
    Raises Message.DoesNotExist for a message not in this case's thread, or the office's."""
    policy.require(actor, "case.staff", case)
    with transaction.atomic():
        message = Message.objects.select_for_update().get(
            pk=message_id, thread__case=case, side=rules.CITIZEN
        )
        if message.done_at is None:
            message.done_at = timezone.now()
            message.done_by = actor
            message.save(update_fields=["done_at", "done_by"])
    return message


def mark_read(*, thread: Thread, side: rules.Side, up_to: datetime) -> None:
    """`side` has read the other side's messages written up to `up_to` (the newest one shown).
    Never moves back: an older page loaded late does not make newer messages unread again."""
    field = f"{side}_read_at"
    Thread.objects.filter(
        Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__lt": up_to}), pk=thread.pk
    ).update(**{field: up_to})
    if side == rules.OFFICE:
        unanswered = thread.messages.filter(side=rules.CITIZEN, created_at__gt=up_to).exists()
        if not unanswered and thread.case.unread_messages:
            messages_read(thread.case)
