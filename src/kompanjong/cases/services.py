"""Writes for cases: open a case when an application is sent, append events (idempotently)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.db import transaction
from django.utils.dateparse import parse_datetime

from kompanjong.api.scopes import CASES_WRITE
from kompanjong.applications.models import Application
from kompanjong.core import policy
from kompanjong.core.audit import record_access
from kompanjong.core.contracts import ContractError, contract_errors
from kompanjong.core.models import AccessChannel
from kompanjong.people.models import Account, Organisation

from .models import Case, CaseEvent, EventSource
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
        offices = [e.data["navKontor"] for e in new if e.type == "tildeltNavKontor"]
        if offices:
            office = Organisation.objects.filter(kind="nav_office", unit_number=offices[-1]).first()
            if office is not None and office.pk != case.office_id:
                case.office = office
                case.save(update_fields=["office"])
    return new


def open_case(*, application: Application) -> Case:
    """The case of a just-sent application: received, at the office its address decides.
    Called inside the sending transaction."""
    if application.office is None or application.submitted_at is None:
        raise ValueError("Only a sent application with an office gets a case.")
    case = Case.objects.create(application=application, office=application.office)
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
            record_access(
                actor=None,
                label=system.name,
                subject=case.application.person,
                action="change",
                object_type="case.events",
                object_id=reference,
                channel=AccessChannel.API,
            )
    return Ingested(case, len(new))
