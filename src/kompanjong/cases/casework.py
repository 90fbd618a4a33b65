"""The caseworker's actions. Each one appends NAV's own events to the case log, so a case
handled in Kompanjong reads exactly like one a municipality's case system drives; each is
checked by the policy, written to the access log the citizen sees, and tells the citizen
through the outbox in the same transaction.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from kompanjong.core import policy
from kompanjong.core.audit import record_access
from kompanjong.documents.services import store_generated
from kompanjong.notifications.rules import postal_address_lines
from kompanjong.notifications.services import queue_notification
from kompanjong.people.models import Account, Organisation

from . import letters, selectors
from .fold import HIDDEN_SAK_STATUSES, ApplicationStatus, Outcome, PaymentStatus
from .models import Case, CaseFile, EventSource, FileKind
from .projection import FINISHED
from .services import append_events, claim_once, contract_time

OSLO = ZoneInfo("Europe/Oslo")
# A decision can be appealed (klage) within 3 weeks of the citizen receiving it (fvl. § 29).
COMPLAINT_WINDOW = timedelta(weeks=3)


class CaseworkError(ValueError):
    """An action that does not fit the case as it is now; `message` is for the caseworker."""


@dataclass(frozen=True)
class RequestedDocument:
    title: str
    explanation: str


def _now() -> datetime:
    return timezone.now()


def _letter_language(case: Case) -> str:
    language = case.application.person.preferred_language
    return language if language in {"nb", "nn", "en"} else settings.LANGUAGE_CODE


def _header(case: Case, actor: Account) -> letters.LetterHeader:
    person, office = case.application.person, case.office
    return letters.LetterHeader(
        language=_letter_language(case),
        person_name=person.full_name,
        # A protected address never goes into a stored letter: it is posted by special handling.
        address_lines=()
        if person.address_protection
        else tuple(
            postal_address_lines(
                name=person.full_name,
                street=person.street_address,
                postal_code=person.postal_code,
                town=person.postal_town,
            )
        ),
        office_name=office.name,
        office_phone=office.phone,
        office_address_lines=tuple(line for line in [office.street_address] if line),
        reference=case.application.reference or "",
        date=timezone.localdate(),
        caseworker_name=actor.name,
    )


def _store_letter(case: Case, actor: Account, letter: letters.Letter) -> CaseFile:
    """The letter as a PDF document the citizen and the office can open, under a
    dokumentlager reference the event points to."""
    document = store_generated(
        pdf=letters.render_letter(letter),
        owner=case.application.person,
        made_by=actor,
        vedlegg_type="brev",
        vedlegg_subtype=type(letter).__name__.lower(),
    )
    return CaseFile.objects.create(
        case=case,
        kind=FileKind.DOKUMENTLAGER,
        file_id=document.pk,
        document=document,
        summary=letters.letter_summary(letter),
    )


def _reference(file: CaseFile) -> dict[str, str]:
    return {"type": FileKind.DOKUMENTLAGER, "id": str(file.file_id)}


def _act(
    case: Case,
    actor: Account,
    events: Sequence[dict[str, Any]],
    *,
    notify: str | None,
    link: str = "",
) -> None:
    append_events(case=case, events=events, source=EventSource.KOMPANJONG, actor=actor)
    record_access(
        actor=actor,
        subject=case.application.person,
        action="change",
        object_type="case.events",
        object_id=case.application.reference or "",
    )
    if notify:
        queue_notification(
            person=case.application.person,
            template_key=notify,
            link_path=link or f"/cases/{case.application.reference}/",
        )


def _locked(
    case: Case,
    actor: Account,
    *,
    kind: str,
    token: UUID | None = None,
    unfinished: bool = False,
) -> Case:
    """The case, re-read under a row lock: two caseworkers acting at once are serialised,
    the policy is asked about the case as it is now (it may just have been forwarded or
    decided in another tab), and the same form twice does the action once."""
    locked = (
        Case.objects.select_for_update(of=("self",))
        .select_related("application__person", "office")
        .get(pk=case.pk)
    )
    policy.require(actor, "case.staff", locked)
    claim_once(case=locked, token=token, kind=kind, actor=actor)
    if unfinished and locked.status in FINISHED:
        raise CaseworkError(gettext("The case is finished. Reload it to see what happened."))
    return locked


def mark_processing(*, case: Case, actor: Account) -> None:
    with transaction.atomic():
        case = _locked(case, actor, kind="processing")
        if case.status not in {ApplicationStatus.SENDT, ApplicationStatus.MOTTATT}:
            raise CaseworkError(gettext("Someone has already started processing the case."))
        event = {
            "type": "soknadsStatus",
            "hendelsestidspunkt": contract_time(_now()),
            "status": "UNDER_BEHANDLING",
        }
        _act(case, actor, [event], notify="case_update")


def forward(*, case: Case, actor: Account, office: Organisation, token: UUID | None = None) -> None:
    """Send the case to another NAV office; it leaves this office's queue at once."""
    if office.kind != "nav_office" or not office.unit_number:
        raise CaseworkError(gettext("Choose a NAV office."))
    with transaction.atomic():
        case = _locked(case, actor, kind="forward", token=token, unfinished=True)
        if office.pk == case.office_id:
            raise CaseworkError(gettext("The case is already at this office."))
        event = {
            "type": "tildeltNavKontor",
            "hendelsestidspunkt": contract_time(_now()),
            "navKontor": office.unit_number,
        }
        _act(case, actor, [event], notify="case_update")


def assign(*, case: Case, actor: Account, to: Account | None) -> None:
    """Assign the case to a caseworker at its office (or to nobody). Not an event: who works
    on it inside the office is the office's business, not part of the citizen's view."""
    with transaction.atomic():
        case = _locked(case, actor, kind="assign")
        if to is not None and not policy.allows(to, "case.staff", case):
            raise CaseworkError(gettext("Choose someone at this office."))
        case.assigned_to = to
        case.save(update_fields=["assigned_to", "updated_at"])
        record_access(
            actor=actor,
            subject=case.application.person,
            action="change",
            object_type="case.assigned",
            object_id=case.application.reference or "",
        )


def end_of_day(day: date) -> datetime:
    return datetime.combine(day, time(23, 59), tzinfo=OSLO)


def request_documents(
    *,
    case: Case,
    actor: Account,
    documents: Sequence[RequestedDocument],
    deadline: date,
    token: UUID | None = None,
) -> None:
    """Ask for documents (dokumentasjonEtterspurt). NAV's rule: the new list replaces the
    open one, so documents still missing must be asked for again."""
    if not documents:
        raise CaseworkError(gettext("Name the document you need."))
    with transaction.atomic():
        case = _locked(case, actor, kind="request_documents", token=token, unfinished=True)
        letter = _store_letter(
            case,
            actor,
            letters.DocumentRequestLetter(
                header=_header(case, actor),
                documents=tuple(
                    letters.RequestedDocument(title=d.title, explanation=d.explanation)
                    for d in documents
                ),
                deadline=deadline,
            ),
        )
        event = {
            "type": "dokumentasjonEtterspurt",
            "hendelsestidspunkt": contract_time(_now()),
            "forvaltningsbrev": {"referanse": _reference(letter)},
            "dokumenter": [
                {
                    "dokumenttype": d.title,
                    **({"tilleggsinformasjon": d.explanation} if d.explanation else {}),
                    "innsendelsesfrist": contract_time(end_of_day(deadline)),
                    "dokumentreferanse": str(uuid.uuid4()),
                }
                for d in documents
            ],
        }
        _act(case, actor, [event], notify="documents_requested")


def preliminary_answer(
    *,
    case: Case,
    actor: Account,
    reason: str,
    expected_by: date | None,
    token: UUID | None = None,
) -> None:
    """ "This will take longer, because …" (forelopigSvar), with the letter it refers to."""
    with transaction.atomic():
        case = _locked(case, actor, kind="preliminary_answer", token=token, unfinished=True)
        letter = _store_letter(
            case,
            actor,
            letters.PreliminaryAnswerLetter(
                header=_header(case, actor), reason=reason, expected_by=expected_by
            ),
        )
        event = {
            "type": "forelopigSvar",
            "hendelsestidspunkt": contract_time(_now()),
            "forvaltningsbrev": {"referanse": _reference(letter)},
        }
        _act(case, actor, [event], notify="case_update")


def decide(
    *,
    case: Case,
    actor: Account,
    sak: str | None,
    title: str,
    outcome: Outcome,
    amount: Decimal | None,
    period_from: date | None,
    period_to: date | None,
    reasoning: str,
    token: UUID | None = None,
) -> str:
    """A decision (vedtak) on one sub-case, with its letter; a new sub-case when `sak` is
    None. When every sub-case the citizen sees has a decision, the application is finished.
    Returns the sub-case's reference."""
    with transaction.atomic():
        case = _locked(case, actor, kind="decide", token=token)
        view = selectors.case_view(case)
        known = {s.referanse for s in (*view.saker, *view.hidden_saker)}
        now = contract_time(_now())
        events: list[dict[str, Any]] = []
        if sak is None:
            sak = uuid.uuid4().hex[:12]
            events.append(
                {
                    "type": "saksStatus",
                    "hendelsestidspunkt": now,
                    "referanse": sak,
                    "tittel": title,
                    "status": "UNDER_BEHANDLING",
                }
            )
        elif sak not in known:
            raise CaseworkError(gettext("Choose one of the parts in the list."))
        letter = _store_letter(
            case,
            actor,
            letters.DecisionLetter(
                header=_header(case, actor),
                subject=title,
                outcome=outcome.value,
                amount=amount,
                period_from=period_from,
                period_to=period_to,
                reasoning=reasoning,
                complaint_deadline=timezone.localdate() + COMPLAINT_WINDOW,
            ),
        )
        events.append(
            {
                "type": "vedtakFattet",
                "hendelsestidspunkt": now,
                "saksreferanse": sak,
                "utfall": outcome.value,
                "vedtaksfil": {"referanse": _reference(letter)},
            }
        )
        undecided = [
            s
            for s in view.saker
            if s.referanse != sak and not s.decisions and s.status not in HIDDEN_SAK_STATUSES
        ]
        if not undecided:
            events.append(
                {"type": "soknadsStatus", "hendelsestidspunkt": now, "status": "FERDIGBEHANDLET"}
            )
        _act(case, actor, events, notify="decision")
        return sak


def register_payment(
    *,
    case: Case,
    actor: Account,
    reference: str | None,
    sak: str | None,
    status: PaymentStatus,
    amount: Decimal,
    day: date,
    period_from: date | None,
    period_to: date | None,
    description: str,
    token: UUID | None = None,
) -> str:
    """A payment (utbetaling): planned, paid or stopped. The same reference again replaces
    the earlier one, as in NAV's model. Returns the payment's reference."""
    with transaction.atomic():
        case = _locked(case, actor, kind="payment", token=token)
        reference = reference or uuid.uuid4().hex[:12]
        personal = case.application.answers.get("personal") or {}
        account = personal.get("account_number") or ""
        event: dict[str, Any] = {
            "type": "utbetaling",
            "hendelsestidspunkt": contract_time(_now()),
            "utbetalingsreferanse": reference,
            "status": status.value,
            "belop": float(amount),
            "beskrivelse": description,
            "annenMottaker": False,
            "mottaker": case.application.person.full_name,
            "utbetalingsmetode": "kontooverføring" if account else "kontantkort",
        }
        if sak:
            event["saksreferanse"] = sak
        if account:
            event["kontonummer"] = account
        event["utbetalingsdato" if status == PaymentStatus.UTBETALT else "forfallsdato"] = (
            day.isoformat()
        )
        if period_from:
            event["fom"] = period_from.isoformat()
        if period_to:
            event["tom"] = period_to.isoformat()
        _act(case, actor, [event], notify="payment")
        return reference
