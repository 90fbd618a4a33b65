"""Writes for cases: open a case when an application is sent, append events (idempotently)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from django.db import transaction
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from kompanjong.api.scopes import CASES_WRITE
from kompanjong.applications.models import Application
from kompanjong.core import policy
from kompanjong.core.audit import record_access
from kompanjong.core.contracts import ContractError, contract_errors
from kompanjong.core.models import AccessChannel
from kompanjong.documents import pipeline
from kompanjong.documents.detect import Kind, detect
from kompanjong.documents.pipeline import DocumentRejected, Upload, prepare
from kompanjong.documents.scanning import get_scanner
from kompanjong.documents.services import new_document, stored_file
from kompanjong.people.models import Account, Organisation

from . import selectors
from .fold import CaseView
from .models import Case, CaseAction, CaseEvent, CaseFile, EventSource, FileKind
from .projection import queue_columns
from .selectors import case_by_reference


def fingerprint(event: Mapping[str, Any]) -> str:
    canonical = json.dumps(event, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def contract_time(moment: datetime) -> str:
    """hendelsestidspunkt as NAV writes it: UTC with milliseconds and Z."""
    utc = moment.astimezone(UTC)
    return f"{utc:%Y-%m-%dT%H:%M:%S}.{utc.microsecond // 1000:03d}Z"


def append_events(
    *,
    case: Case,
    events: Iterable[Mapping[str, Any]],
    source: str,
    source_name: str = "",
    actor: Account | None = None,
) -> list[CaseEvent]:
    """Store the events not already in the log; returns the new ones (none for a repeat).

    A tildeltNavKontor moves the case to that office when Kompanjong knows it.
    """
    with transaction.atomic():
        # Lock the case first: two writers (a caseworker and a case system) must not both
        # fold the log as it was and overwrite each other's queue columns.
        Case.objects.select_for_update(of=("self",)).filter(pk=case.pk).first()
        known = set(case.events.values_list("fingerprint", flat=True))
        new = []
        for event in events:
            print_ = fingerprint(event)
            if print_ in known:
                continue
            known.add(print_)
            at = parse_datetime(str(event["hendelsestidspunkt"]))
            if at is None:
                raise ValueError(f"Not a time: {event['hendelsestidspunkt']!r}")
            new.append(
                CaseEvent(
                    case=case,
                    type=str(event["type"]),
                    at=at,
                    data=dict(event),
                    source=source,
                    source_name=source_name,
                    actor=actor,
                    fingerprint=print_,
                )
            )
        CaseEvent.objects.bulk_create(new)
        if new:
            refresh(case)
    return new


def refresh(case: Case) -> CaseView:
    """Rewrite the case's queue columns, and its office, from the folded log (the log stays
    the truth). Call it with the case row locked, inside the writing transaction."""
    flags = Case.objects.filter(pk=case.pk).values("new_documents", "unread_messages").get()
    case.new_documents, case.unread_messages = flags["new_documents"], flags["unread_messages"]
    view = selectors.case_view(case)
    for name, value in queue_columns(view, **flags).items():
        setattr(case, name, value)
    fields = ["status", "open", "open_tasks", "next_deadline", "tasks_until", "updated_at"]
    # The office handling it is the latest assignment in time over the whole log, whatever
    # order a case system lists its history in.
    current = view.office.current
    if current and current != case.office.unit_number:
        office = Organisation.objects.filter(kind="nav_office", unit_number=current).first()
        if office is not None:
            case.office = office
            case.assigned_to = None  # a caseworker at the old office no longer sees it
            fields += ["office", "assigned_to"]
    case.save(update_fields=fields)
    return view


def open_case(*, application: Application) -> Case:
    """The case of a just-sent application: received, at the office its address decides.
    Called inside the sending transaction."""
    if application.office is None or application.submitted_at is None:
        raise ValueError("Only a sent application with an office gets a case.")
    case = Case.objects.create(
        application=application, office=application.office, urgent=application.urgent
    )
    when = contract_time(application.submitted_at)
    events: list[dict[str, Any]] = [
        {"type": "soknadsStatus", "hendelsestidspunkt": when, "status": "MOTTATT"},
    ]
    if application.office.unit_number:
        events.append(
            {
                "type": "tildeltNavKontor",
                "hendelsestidspunkt": when,
                "navKontor": application.office.unit_number,
            }
        )
    append_events(case=case, events=events, source=EventSource.KOMPANJONG)
    return case


SOKER_SCHEMA = "digisos/json/digisos/soker/digisos-soker.json"


class InvalidDocumentError(ValueError):
    def __init__(self, errors: list[ContractError]) -> None:
        super().__init__(f"{len(errors)} errors")
        self.errors = errors


@dataclass(frozen=True)
class Ingested:
    case: Case
    stored: int  # new events; 0 when the same document came before


def ingest_digisos_soker(*, system: Any, reference: str, document: Any) -> Ingested:
    """A municipality's case system sends the whole digisos-soker.json for a case.

    Raises Case.DoesNotExist for an unknown reference or another office's case (the same
    answer: a system learns nothing about cases that are not its own), InvalidDocumentError
    with every failing path. Storing is idempotent: events already in the log are skipped.
    """
    case = case_by_reference(reference)
    if case is None or not policy.token_may_use_case(system, CASES_WRITE, case):
        raise Case.DoesNotExist
    errors = contract_errors(document, SOKER_SCHEMA)
    if errors:
        raise InvalidDocumentError(errors)
    with transaction.atomic():
        new = append_events(
            case=case,
            events=document["hendelser"],
            source=EventSource.CASE_SYSTEM,
            source_name=str(document["avsender"].get("systemnavn", "")),
        )
        if new:
            _record_system_change(system, case)
    return Ingested(case, len(new))


def _record_system_change(system: Any, case: Case) -> None:
    """The citizen's log says which connected system changed their case."""
    record_access(
        actor=None,
        label=system.name,
        subject=case.application.person,
        action="change",
        object_type="case.events",
        object_id=case.application.reference or "",
        channel=AccessChannel.API,
    )


def _flag(case: Case, **flags: bool) -> None:
    """Set the citizen-activity flags and put the case in (or out of) the queue."""
    with transaction.atomic():
        locked = (
            Case.objects.select_for_update(of=("self",))
            .select_related("application__person", "office")
            .get(pk=case.pk)
        )
        Case.objects.filter(pk=case.pk).update(**flags)
        refresh(locked)
    for name, value in flags.items():
        setattr(case, name, value)
    case.open = locked.open


def documents_received(case: Case) -> None:
    """The citizen sent documents: the office's queue shows the case under "documents
    received" (finished or not) until someone opens it."""
    _flag(case, new_documents=True)


def documents_seen(case: Case) -> None:
    """The office has opened the case since the citizen last sent documents."""
    _flag(case, new_documents=False)


def messages_waiting(case: Case) -> None:
    """The citizen wrote: the case is in the queue, under "unread messages", until read."""
    _flag(case, unread_messages=True)


def messages_read(case: Case) -> None:
    _flag(case, unread_messages=False)


@dataclass(frozen=True)
class StoredFile:
    file: CaseFile
    created: bool


def store_case_system_file(
    *, system: Any, reference: str, kind: str, file_id: UUID, nr: int | None, data: bytes
) -> StoredFile:
    """A case system hands over a letter (PDF) under the reference its events use, so the
    citizen can open it from the case page. Checked like any upload (a PDF, sanitised,
    scanned); the same reference twice keeps the first file (idempotent for a resend).
    Raises Case.DoesNotExist, ValueError for a reference that does not fit its kind, or
    documents.pipeline.DocumentRejected."""
    case = case_by_reference(reference)
    if case is None or not policy.token_may_use_case(system, CASES_WRITE, case):
        raise Case.DoesNotExist
    if kind not in FileKind.values or (kind == FileKind.SVARUT) != (nr is not None):
        raise ValueError("svarut needs nr; dokumentlager has none")
    existing = CaseFile.objects.filter(case=case, kind=kind, file_id=file_id, nr=nr).first()
    if existing is not None:
        return StoredFile(existing, created=False)
    upload = Upload(name=f"{kind}-{file_id}.pdf", data=data)
    if detect(upload.data[:64]) != Kind.PDF:
        raise DocumentRejected("not_pdf", _("Only PDF files can be handed over."))
    prepared = prepare([upload], scanner=get_scanner())
    with stored_file(prepared.pdf) as name, transaction.atomic():
        document = new_document(
            name=name,
            owner=case.application.person,
            uploaded_by=None,
            vedlegg_type="brev",
            vedlegg_subtype=kind,
            prepared=prepared,
            fingerprints=[pipeline.fingerprint(upload)],
        )
        file = CaseFile.objects.create(
            case=case, kind=kind, file_id=file_id, nr=nr, document=document
        )
        _record_system_change(system, case)
    return StoredFile(file, created=True)


class AlreadyDoneError(Exception):
    """The same form came again (a double click, a resent page): it was done the first time."""


def claim_once(*, case: Case, token: UUID | None, kind: str, actor: Account) -> None:
    """Record the form's token; raise AlreadyDoneError if it was used before. Call it with
    the case row locked, so two identical requests are serialised."""
    if token is None:
        return
    _action, created = CaseAction.objects.get_or_create(
        case=case, token=token, defaults={"kind": kind, "actor": actor}
    )
    if not created:
        raise AlreadyDoneError(kind)
