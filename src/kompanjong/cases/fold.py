"""The case view: a pure fold of a case's events (NAV's digisos-soker hendelser).

No database, no display text: statuses are the contract's codes (StrEnums), so templates and
the API translate them. The semantics follow NAV's innsyn service:

- events are applied in order of ``hendelsestidspunkt``; equal times keep the given order;
- ``soknadsStatus`` sets the application status; before any, the status is SENDT;
  FERDIGBEHANDLET is shown as UNDER_BEHANDLING while a visible sub-case awaits a decision;
- ``saksStatus`` creates or updates a sub-case (sak); ``vedtakFattet`` adds a decision to its
  sak, creating the sak when no ``saksStatus`` named it. A sak with a decision is FERDIGBEHANDLET;
  saker with IKKE_INNSYN or FEILREGISTRERT are hidden from the citizen;
- ``tildeltNavKontor`` moves the case to another office (history kept);
- ``dokumentasjonEtterspurt`` REPLACES the open task list with its documents;
- while no ``dokumentasjonEtterspurt`` has arrived and the application is less than 30 days
  old (judged at ``now``), the application's own "send later" documents are the tasks;
- a task is done when a document of its type was uploaded after the task was asked for;
  overdue = not done and its deadline has passed;
- ``utbetaling``, ``vilkar``, ``dokumentasjonkrav`` and ``rammevedtak`` are keyed by their
  reference: the latest event for a reference replaces the earlier one;
- fields the fold does not know are ignored, and so are event types outside the contract.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import Any, TypeVar

__all__ = [
    "SEND_LATER_WINDOW",
    "ApplicationStatus",
    "Attachment",
    "CaseView",
    "Condition",
    "ConditionStatus",
    "Decision",
    "DocumentationRequirement",
    "EventType",
    "FileRef",
    "FrameworkDecision",
    "LaterDocument",
    "Office",
    "OfficeAssignment",
    "Outcome",
    "Payment",
    "PaymentStatus",
    "PreliminaryAnswer",
    "RequirementStatus",
    "Sak",
    "SakStatus",
    "Task",
    "TaskSource",
    "TimelineEntry",
    "Uploaded",
    "fold",
    "parse_time",
]

SEND_LATER_WINDOW = timedelta(days=30)

_E = TypeVar("_E", bound=StrEnum)
_V = TypeVar("_V")


class EventType(StrEnum):
    SOKNADS_STATUS = "soknadsStatus"
    TILDELT_NAV_KONTOR = "tildeltNavKontor"
    SAKS_STATUS = "saksStatus"
    VEDTAK_FATTET = "vedtakFattet"
    DOKUMENTASJON_ETTERSPURT = "dokumentasjonEtterspurt"
    FORELOPIG_SVAR = "forelopigSvar"
    UTBETALING = "utbetaling"
    VILKAR = "vilkar"
    DOKUMENTASJONKRAV = "dokumentasjonkrav"
    RAMMEVEDTAK = "rammevedtak"


class ApplicationStatus(StrEnum):
    SENDT = "SENDT"  # sent, no soknadsStatus yet
    MOTTATT = "MOTTATT"
    UNDER_BEHANDLING = "UNDER_BEHANDLING"
    FERDIGBEHANDLET = "FERDIGBEHANDLET"
    BEHANDLES_IKKE = "BEHANDLES_IKKE"


class SakStatus(StrEnum):
    UNDER_BEHANDLING = "UNDER_BEHANDLING"
    IKKE_INNSYN = "IKKE_INNSYN"
    BEHANDLES_IKKE = "BEHANDLES_IKKE"
    FEILREGISTRERT = "FEILREGISTRERT"
    FERDIGBEHANDLET = "FERDIGBEHANDLET"  # derived: the sak has a decision


HIDDEN_SAK_STATUSES = frozenset({SakStatus.IKKE_INNSYN, SakStatus.FEILREGISTRERT})


class Outcome(StrEnum):
    """vedtakFattet.utfall"""

    INNVILGET = "INNVILGET"
    DELVIS_INNVILGET = "DELVIS_INNVILGET"
    AVSLATT = "AVSLATT"
    AVVIST = "AVVIST"


class PaymentStatus(StrEnum):
    PLANLAGT_UTBETALING = "PLANLAGT_UTBETALING"
    UTBETALT = "UTBETALT"
    STOPPET = "STOPPET"
    ANNULLERT = "ANNULLERT"


class ConditionStatus(StrEnum):
    RELEVANT = "RELEVANT"
    ANNULLERT = "ANNULLERT"
    OPPFYLT = "OPPFYLT"  # deprecated: read as RELEVANT
    IKKE_OPPFYLT = "IKKE_OPPFYLT"  # deprecated: read as RELEVANT


class RequirementStatus(StrEnum):
    RELEVANT = "RELEVANT"
    LEVERT_TIDLIGERE = "LEVERT_TIDLIGERE"
    ANNULLERT = "ANNULLERT"
    OPPFYLT = "OPPFYLT"  # deprecated: read as RELEVANT
    IKKE_OPPFYLT = "IKKE_OPPFYLT"  # deprecated: read as RELEVANT


_DEPRECATED_RELEVANT = frozenset({"OPPFYLT", "IKKE_OPPFYLT"})


class TaskSource(StrEnum):
    DOKUMENTASJON_ETTERSPURT = "DOKUMENTASJON_ETTERSPURT"  # asked for by the office
    SOKNAD = "SOKNAD"  # "I'll send it later" in the application itself


# --- inputs besides the events ------------------------------------------------------------


@dataclass(frozen=True)
class LaterDocument:
    """A document the application said would be sent later (Digisos VedleggKreves)."""

    type: str  # vedlegg type, e.g. "lonnslipp"
    tilleggsinfo: str  # vedlegg tilleggsinfo, e.g. "arbeid"
    title_key: str = ""  # the key templates translate into the document's name


@dataclass(frozen=True)
class Uploaded:
    """A document the citizen uploaded after sending the application."""

    document_type: str  # matches Task.dokumenttype
    at: datetime
    # When given, it must match the task's tilleggsinformasjon too (as NAV matches).
    tilleggsinformasjon: str | None = None


# --- the view ------------------------------------------------------------------------------


@dataclass(frozen=True)
class FileRef:
    """A filreferanse: {"type": "dokumentlager", "id": ...} or {"type": "svarut", "id", "nr"}."""

    type: str
    id: str
    nr: int | None = None


@dataclass(frozen=True)
class Attachment:
    tittel: str
    referanse: FileRef | None


@dataclass(frozen=True)
class OfficeAssignment:
    nav_kontor: str
    at: datetime


@dataclass(frozen=True)
class Office:
    current: str | None  # the navKontor now handling the case
    history: tuple[OfficeAssignment, ...]  # in order; the last is the current one


@dataclass(frozen=True)
class Decision:
    """A vedtakFattet."""

    at: datetime
    utfall: Outcome | None
    vedtaksfil: FileRef | None
    vedlegg: tuple[Attachment, ...]


@dataclass(frozen=True)
class Sak:
    referanse: str
    tittel: str | None
    status: SakStatus  # FERDIGBEHANDLET once decided, else the latest saksStatus
    reported_status: SakStatus  # the latest saksStatus as sent (UNDER_BEHANDLING if none)
    decisions: tuple[Decision, ...]
    created_at: datetime

    @property
    def utfall(self) -> Outcome | None:
        """The latest decision's outcome."""
        return self.decisions[-1].utfall if self.decisions else None

    @property
    def latest_decision(self) -> Decision | None:
        return self.decisions[-1] if self.decisions else None

    @property
    def visible(self) -> bool:
        """False for IKKE_INNSYN and FEILREGISTRERT: the citizen does not see this sak."""
        return self.reported_status not in HIDDEN_SAK_STATUSES

    @property
    def awaiting_decision(self) -> bool:
        return (
            self.visible and not self.decisions and self.reported_status != SakStatus.BEHANDLES_IKKE
        )


@dataclass(frozen=True)
class Task:
    """A document the citizen is to send (an oppgave)."""

    dokumenttype: str
    tilleggsinformasjon: str | None
    deadline: datetime | None  # innsendelsesfrist; None for the application's own documents
    requested_at: datetime  # the request's time (or the application's for SOKNAD tasks)
    source: TaskSource
    dokumentreferanse: str | None = None
    title_key: str = ""  # SOKNAD tasks: the LaterDocument's title key
    done: bool = False
    done_at: datetime | None = None  # the first matching upload after requested_at
    overdue: bool = False


@dataclass(frozen=True)
class PreliminaryAnswer:
    """A forelopigSvar: the office needs more time."""

    at: datetime
    forvaltningsbrev: FileRef | None
    vedlegg: tuple[Attachment, ...]


@dataclass(frozen=True)
class Payment:
    utbetalingsreferanse: str
    status: PaymentStatus
    belop: Decimal | None
    beskrivelse: str | None
    forfallsdato: date | None
    utbetalingsdato: date | None
    fom: date | None
    tom: date | None
    saksreferanse: str | None
    rammevedtaksreferanse: str | None
    annen_mottaker: bool  # missing counts as True, as NAV reads it
    mottaker: str | None
    kontonummer: str | None  # only when the money goes to the citizen
    utbetalingsmetode: str | None
    updated_at: datetime


@dataclass(frozen=True)
class Condition:
    """A vilkar."""

    vilkarreferanse: str
    status: ConditionStatus | None
    saksreferanse: str | None
    utbetalingsreferanser: tuple[str, ...]
    tittel: str | None
    beskrivelse: str | None
    added_at: datetime
    updated_at: datetime

    @property
    def relevant(self) -> bool:
        """Shown to the citizen: RELEVANT (and the deprecated statuses read as RELEVANT)."""
        return self.status is None or self.status != ConditionStatus.ANNULLERT


@dataclass(frozen=True)
class DocumentationRequirement:
    """A dokumentasjonkrav."""

    dokumentasjonkravreferanse: str
    status: RequirementStatus | None
    saksreferanse: str | None
    utbetalingsreferanser: tuple[str, ...]
    tittel: str | None
    beskrivelse: str | None
    frist: datetime | None
    added_at: datetime
    updated_at: datetime

    @property
    def relevant(self) -> bool:
        """Still asked for: not annulled and not delivered earlier."""
        return self.status not in (RequirementStatus.ANNULLERT, RequirementStatus.LEVERT_TIDLIGERE)


@dataclass(frozen=True)
class FrameworkDecision:
    """A rammevedtak."""

    rammevedtaksreferanse: str
    saksreferanse: str | None
    beskrivelse: str | None
    belop: Decimal | None
    fom: date | None
    tom: date | None
    updated_at: datetime


Fact = str | int | bool | Decimal | None


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    type: EventType
    facts: Mapping[str, Fact] = field(hash=False)


@dataclass(frozen=True)
class CaseView:
    status: ApplicationStatus  # as the citizen is shown it
    reported_status: ApplicationStatus  # the latest soknadsStatus as sent (SENDT if none)
    submitted_at: datetime
    office: Office
    saker: tuple[Sak, ...]  # visible to the citizen, in order of creation
    hidden_saker: tuple[Sak, ...]  # IKKE_INNSYN / FEILREGISTRERT
    tasks: tuple[Task, ...]
    tasks_done: int
    tasks_total: int
    preliminary_answers: tuple[PreliminaryAnswer, ...]
    payments: Mapping[str, Payment] = field(hash=False)  # by utbetalingsreferanse
    conditions: Mapping[str, Condition] = field(hash=False)  # by vilkarreferanse
    documentation_requirements: Mapping[str, DocumentationRequirement] = field(hash=False)
    framework_decisions: Mapping[str, FrameworkDecision] = field(hash=False)
    timeline: tuple[TimelineEntry, ...] = ()
    document_request_letter: FileRef | None = None  # the latest dokumentasjonEtterspurt's letter

    @property
    def overdue_tasks(self) -> tuple[Task, ...]:
        return tuple(task for task in self.tasks if task.overdue)

    @property
    def all_saker(self) -> tuple[Sak, ...]:
        return self.saker + self.hidden_saker


# --- parsing -------------------------------------------------------------------------------


def parse_time(value: Any) -> datetime:
    """A contract tidspunkt ("2018-10-04T13:37:00.134Z") as an aware datetime (naive → UTC)."""
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError as error:
            raise ValueError(f"Not a time: {value!r}") from error
    else:
        raise ValueError(f"Not a time: {value!r}")
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _time_or_none(value: Any) -> datetime | None:
    if value is None:
        return None
    try:
        return parse_time(value)
    except ValueError:
        return None


def _date_or_none(value: Any) -> date | None:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def _str_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _decimal_or_none(value: Any) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        return None
    try:
        return Decimal(str(value))
    except ArithmeticError:
        return None


def _enum_or_none(kind: type[_E], value: Any) -> _E | None:
    try:
        return kind(value)
    except ValueError:
        return None


def _strings(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list | tuple):
        return ()
    return tuple(item for item in value if isinstance(item, str))


def _file_ref(value: Any) -> FileRef | None:
    if not isinstance(value, Mapping):
        return None
    kind, ident, nr = value.get("type"), value.get("id"), value.get("nr")
    if not isinstance(kind, str) or not isinstance(ident, str):
        return None
    return FileRef(type=kind, id=ident, nr=nr if isinstance(nr, int) else None)


def _letter(value: Any) -> FileRef | None:
    """forvaltningsbrev / vedtaksfil: {"referanse": filreferanse}."""
    return _file_ref(value.get("referanse")) if isinstance(value, Mapping) else None


def _attachments(value: Any) -> tuple[Attachment, ...]:
    if not isinstance(value, list | tuple):
        return ()
    return tuple(
        Attachment(tittel=str(item.get("tittel", "")), referanse=_file_ref(item.get("referanse")))
        for item in value
        if isinstance(item, Mapping)
    )


# --- the fold ------------------------------------------------------------------------------


@dataclass
class _SakState:
    referanse: str
    tittel: str | None
    reported_status: SakStatus
    created_at: datetime
    decisions: list[Decision] = field(default_factory=list)

    def freeze(self) -> Sak:
        status = SakStatus.FERDIGBEHANDLET if self.decisions else self.reported_status
        return Sak(
            referanse=self.referanse,
            tittel=self.tittel,
            status=status,
            reported_status=self.reported_status,
            decisions=tuple(self.decisions),
            created_at=self.created_at,
        )


@dataclass
class _State:
    status: ApplicationStatus = ApplicationStatus.SENDT
    offices: list[OfficeAssignment] = field(default_factory=list)
    saker: dict[str, _SakState] = field(default_factory=dict)
    requested: list[Task] | None = None  # None: no dokumentasjonEtterspurt yet
    document_request_letter: FileRef | None = None
    preliminary_answers: list[PreliminaryAnswer] = field(default_factory=list)
    payments: dict[str, Payment] = field(default_factory=dict)
    conditions: dict[str, Condition] = field(default_factory=dict)
    requirements: dict[str, DocumentationRequirement] = field(default_factory=dict)
    framework: dict[str, FrameworkDecision] = field(default_factory=dict)
    timeline: list[TimelineEntry] = field(default_factory=list)


def _replace_keyed(table: dict[str, _V], key: str, value: _V) -> None:
    """Latest wins, and moves to the end (the order of last change)."""
    table.pop(key, None)
    table[key] = value


def _apply(state: _State, kind: EventType, at: datetime, event: Mapping[str, Any]) -> None:
    facts: dict[str, Fact] = {}
    get = event.get

    if kind is EventType.SOKNADS_STATUS:
        status = _enum_or_none(ApplicationStatus, get("status"))
        if status is None or status is ApplicationStatus.SENDT:
            return
        state.status = status
        facts = {"status": status.value}

    elif kind is EventType.TILDELT_NAV_KONTOR:
        office = _str_or_none(get("navKontor"))
        if office is None:
            return
        previous = state.offices[-1].nav_kontor if state.offices else None
        state.offices.append(OfficeAssignment(nav_kontor=office, at=at))
        facts = {"navKontor": office, "previous": previous}

    elif kind is EventType.SAKS_STATUS:
        referanse = _str_or_none(get("referanse"))
        if referanse is None:
            return
        sak_status = _enum_or_none(SakStatus, get("status"))
        tittel = _str_or_none(get("tittel"))
        sak = state.saker.get(referanse)
        if sak is None:
            sak = _SakState(
                referanse=referanse,
                tittel=tittel,
                reported_status=sak_status or SakStatus.UNDER_BEHANDLING,
                created_at=at,
            )
            state.saker[referanse] = sak
        else:
            if tittel is not None:
                sak.tittel = tittel
            if sak_status is not None:
                sak.reported_status = sak_status
        facts = {"referanse": referanse, "tittel": sak.tittel, "status": sak.reported_status.value}

    elif kind is EventType.VEDTAK_FATTET:
        referanse = _str_or_none(get("saksreferanse")) or "default"
        sak = state.saker.get(referanse)
        if sak is None:
            sak = _SakState(
                referanse=referanse,
                tittel=None,
                reported_status=SakStatus.UNDER_BEHANDLING,
                created_at=at,
            )
            state.saker[referanse] = sak
        decision = Decision(
            at=at,
            utfall=_enum_or_none(Outcome, get("utfall")),
            vedtaksfil=_letter(get("vedtaksfil")),
            vedlegg=_attachments(get("vedlegg")),
        )
        sak.decisions.append(decision)
        facts = {
            "saksreferanse": referanse,
            "tittel": sak.tittel,
            "utfall": decision.utfall.value if decision.utfall else None,
            "vedtaksfil": decision.vedtaksfil.id if decision.vedtaksfil else None,
        }

    elif kind is EventType.DOKUMENTASJON_ETTERSPURT:
        documents = get("dokumenter")
        tasks = [
            Task(
                dokumenttype=str(document.get("dokumenttype", "")),
                tilleggsinformasjon=_str_or_none(document.get("tilleggsinformasjon")),
                deadline=_time_or_none(document.get("innsendelsesfrist")),
                requested_at=at,
                source=TaskSource.DOKUMENTASJON_ETTERSPURT,
                dokumentreferanse=_str_or_none(document.get("dokumentreferanse")),
            )
            for document in (documents if isinstance(documents, list | tuple) else ())
            if isinstance(document, Mapping)
        ]
        had_open = bool(state.requested)
        state.requested = tasks
        letter = _letter(get("forvaltningsbrev"))
        state.document_request_letter = letter
        facts = {
            "documents": len(tasks),
            "forvaltningsbrev": letter.id if letter else None,
            # NAV: "we have looked at your documents" when a request empties the list
            "cleared": had_open and not tasks,
        }

    elif kind is EventType.FORELOPIG_SVAR:
        answer = PreliminaryAnswer(
            at=at,
            forvaltningsbrev=_letter(get("forvaltningsbrev")),
            vedlegg=_attachments(get("vedlegg")),
        )
        state.preliminary_answers.append(answer)
        facts = {
            "forvaltningsbrev": answer.forvaltningsbrev.id if answer.forvaltningsbrev else None
        }

    elif kind is EventType.UTBETALING:
        referanse = _str_or_none(get("utbetalingsreferanse"))
        if referanse is None:
            return
        other = get("annenMottaker")
        annen_mottaker = other is None or bool(other)
        payment = Payment(
            utbetalingsreferanse=referanse,
            status=_enum_or_none(PaymentStatus, get("status")) or PaymentStatus.PLANLAGT_UTBETALING,
            belop=_decimal_or_none(get("belop")),
            beskrivelse=_str_or_none(get("beskrivelse")),
            forfallsdato=_date_or_none(get("forfallsdato")),
            utbetalingsdato=_date_or_none(get("utbetalingsdato")),
            fom=_date_or_none(get("fom")),
            tom=_date_or_none(get("tom")),
            saksreferanse=_str_or_none(get("saksreferanse")),
            rammevedtaksreferanse=_str_or_none(get("rammevedtaksreferanse")),
            annen_mottaker=annen_mottaker,
            mottaker=_str_or_none(get("mottaker")),
            kontonummer=None if annen_mottaker else _str_or_none(get("kontonummer")),
            utbetalingsmetode=_str_or_none(get("utbetalingsmetode")),
            updated_at=at,
        )
        replaced = referanse in state.payments
        _replace_keyed(state.payments, referanse, payment)
        facts = {
            "utbetalingsreferanse": referanse,
            "status": payment.status.value,
            "belop": payment.belop,
            "saksreferanse": payment.saksreferanse,
            "replaced": replaced,
        }

    elif kind is EventType.VILKAR:
        referanse = _str_or_none(get("vilkarreferanse"))
        if referanse is None:
            return
        earlier = state.conditions.get(referanse)
        condition = Condition(
            vilkarreferanse=referanse,
            status=_enum_or_none(ConditionStatus, get("status")),
            saksreferanse=_str_or_none(get("saksreferanse")),
            utbetalingsreferanser=_strings(get("utbetalingsreferanse")),
            tittel=_str_or_none(get("tittel")),
            beskrivelse=_str_or_none(get("beskrivelse")),
            added_at=earlier.added_at if earlier else at,
            updated_at=at,
        )
        _replace_keyed(state.conditions, referanse, condition)
        facts = {
            "vilkarreferanse": referanse,
            "status": condition.status.value if condition.status else None,
            "tittel": condition.tittel,
        }

    elif kind is EventType.DOKUMENTASJONKRAV:
        referanse = _str_or_none(get("dokumentasjonkravreferanse"))
        if referanse is None:
            return
        earlier_krav = state.requirements.get(referanse)
        requirement = DocumentationRequirement(
            dokumentasjonkravreferanse=referanse,
            status=_enum_or_none(RequirementStatus, get("status")),
            saksreferanse=_str_or_none(get("saksreferanse")),
            utbetalingsreferanser=_strings(get("utbetalingsreferanse")),
            tittel=_str_or_none(get("tittel")),
            beskrivelse=_str_or_none(get("beskrivelse")),
            frist=_time_or_none(get("frist")),
            added_at=earlier_krav.added_at if earlier_krav else at,
            updated_at=at,
        )
        _replace_keyed(state.requirements, referanse, requirement)
        facts = {
            "dokumentasjonkravreferanse": referanse,
            "status": requirement.status.value if requirement.status else None,
            "tittel": requirement.tittel,
        }

    elif kind is EventType.RAMMEVEDTAK:
        referanse = _str_or_none(get("rammevedtaksreferanse"))
        if referanse is None:
            return
        decision_frame = FrameworkDecision(
            rammevedtaksreferanse=referanse,
            saksreferanse=_str_or_none(get("saksreferanse")),
            beskrivelse=_str_or_none(get("beskrivelse")),
            belop=_decimal_or_none(get("belop")),
            fom=_date_or_none(get("fom")),
            tom=_date_or_none(get("tom")),
            updated_at=at,
        )
        _replace_keyed(state.framework, referanse, decision_frame)
        facts = {
            "rammevedtaksreferanse": referanse,
            "belop": decision_frame.belop,
            "saksreferanse": decision_frame.saksreferanse,
        }

    state.timeline.append(TimelineEntry(at=at, type=kind, facts=facts))


def _with_progress(task: Task, uploads: Sequence[Uploaded], now: datetime) -> Task:
    matching = [
        upload.at
        for upload in uploads
        if upload.document_type == task.dokumenttype
        and (
            upload.tilleggsinformasjon is None
            or upload.tilleggsinformasjon == task.tilleggsinformasjon
        )
        and upload.at > task.requested_at
    ]
    done_at = min(matching) if matching else None
    overdue = done_at is None and task.deadline is not None and task.deadline < now
    return replace(task, done=done_at is not None, done_at=done_at, overdue=overdue)


def _send_later_tasks(send_later: Sequence[LaterDocument], submitted_at: datetime) -> list[Task]:
    return [
        Task(
            dokumenttype=document.type,
            tilleggsinformasjon=document.tilleggsinfo,
            deadline=None,
            requested_at=submitted_at,
            source=TaskSource.SOKNAD,
            title_key=document.title_key,
        )
        for document in send_later
        # NAV leaves out the catch-all "other documents" (annet/annet)
        if not (document.type == "annet" and document.tilleggsinfo == "annet")
    ]


def fold(
    events: Sequence[Mapping[str, Any]],
    *,
    submitted_at: datetime,
    now: datetime,
    send_later: Sequence[LaterDocument] = (),
    uploads: Sequence[Uploaded] = (),
) -> CaseView:
    """The case view of an application sent at ``submitted_at``, as it stands at ``now``.

    ``events`` are hendelser as JSON objects, in any order. Raises ValueError for an event
    without a valid ``hendelsestidspunkt``; unknown types and fields are ignored.
    """
    submitted_at = parse_time(submitted_at)
    now = parse_time(now)
    timed = [(parse_time(event.get("hendelsestidspunkt")), event) for event in events]
    timed.sort(key=lambda pair: pair[0])  # stable: equal times keep the given order

    state = _State()
    for at, event in timed:
        kind = _enum_or_none(EventType, event.get("type"))
        if kind is not None:
            _apply(state, kind, at, event)

    if state.requested is not None:
        open_tasks = state.requested
    elif now - submitted_at < SEND_LATER_WINDOW:
        open_tasks = _send_later_tasks(send_later, submitted_at)
    else:
        open_tasks = []
    tasks = tuple(_with_progress(task, uploads, now) for task in open_tasks)

    saker = [sak.freeze() for sak in state.saker.values()]
    visible = tuple(sak for sak in saker if sak.visible)
    hidden = tuple(sak for sak in saker if not sak.visible)

    status = state.status
    if status is ApplicationStatus.FERDIGBEHANDLET and any(s.awaiting_decision for s in visible):
        status = ApplicationStatus.UNDER_BEHANDLING

    return CaseView(
        status=status,
        reported_status=state.status,
        submitted_at=submitted_at,
        office=Office(
            current=state.offices[-1].nav_kontor if state.offices else None,
            history=tuple(state.offices),
        ),
        saker=visible,
        hidden_saker=hidden,
        tasks=tasks,
        tasks_done=sum(1 for task in tasks if task.done),
        tasks_total=len(tasks),
        preliminary_answers=tuple(state.preliminary_answers),
        payments=dict(state.payments),
        conditions=dict(state.conditions),
        documentation_requirements=dict(state.requirements),
        framework_decisions=dict(state.framework),
        timeline=tuple(state.timeline),
        document_request_letter=state.document_request_letter,
    )
