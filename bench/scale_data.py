"""The data behind `bench.scale`: a steady state of NAV offices and their cases.

Twenty NAV offices each receive the same number of applications a day (200 a day in all);
the number of cases only decides how many days of history exist (10,000 ≈ 50 days,
1,000,000 ≈ 13.7 years). Cases older than 45 days are finished; newer ones are received,
being processed, waiting for documents (some overdue) or have documents back. So the open
work of an office is the same at any size, and pages that only show open work should cost
the same at any size.

Everything is generated from a fixed seed (the same N gives the same data) and loaded with
PostgreSQL COPY: one Person, Application and Case per case, ~2-7 digisos-soker events each
(valid against the contract, fingerprinted like `cases.services.fingerprint`), and the
Documents and CaseDocuments the citizen sent back. The case event log is only ever appended
to. `check_sample()` validates a sample against the contract and against the case fold, so
the queue columns say what the log says.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from typing import Any

import psycopg
from django.db import connection
from django.db.models import Field, Model
from psycopg import sql
from psycopg.types.json import Jsonb
from tests.factories import COMPLETE_ANSWERS

from kompanjong.applications.answers import STEPS
from kompanjong.applications.models import Application
from kompanjong.applications.references import ALPHABET
from kompanjong.cases.models import Case, CaseDocument, CaseEvent
from kompanjong.cases.services import contract_time
from kompanjong.documents.models import Document
from kompanjong.people.models import Account, Membership, Municipality, Organisation, Person

OFFICES = 20
PER_DAY = 200  # applications a day, all offices together
OPEN_DAYS = 45  # older cases are finished
CASEWORKERS_PER_OFFICE = 5
ASSIGNED_SHARE = 0.30  # of open cases
URGENT_SHARE = 0.05
DEADLINE = dt.timedelta(days=14)  # innsendelsesfrist after a dokumentasjonEtterspurt
SEED = 20_260_305
CHUNK = 5_000  # cases per COPY round (and per commit)

PAGE_USER = "bench-caseworker"  # office 0's first caseworker: the one whose pages we time
OFFICE_PREFIX = "NAV Bench"
SYSTEM = "Bench fagsystem"

GIVEN_NAMES = (
    "Amina",
    "Ola",
    "Kari",
    "Per",
    "Fatima",
    "Jonas",
    "Ingrid",
    "Ahmed",
    "Sofie",
    "Mohammed",
    "Nora",
    "Lars",
    "Olena",
    "Emil",
    "Sara",
    "Yusuf",
    "Hanne",
    "Piotr",
    "Maja",
    "Abdi",
    "Lise",
    "Tesfay",
    "Astrid",
    "Ali",
    "Marit",
    "Erik",
    "Aisha",
    "Kristian",
    "Hawa",
    "Nils",
)
FAMILY_NAMES = (
    "Hansen",
    "Johansen",
    "Olsen",
    "Larsen",
    "Andersen",
    "Pedersen",
    "Nilsen",
    "Kristiansen",
    "Jensen",
    "Karlsen",
    "Johnsen",
    "Pettersen",
    "Eriksen",
    "Berg",
    "Haugen",
    "Hagen",
    "Ali",
    "Mohamed",
    "Ahmed",
    "Nowak",
    "Kowalski",
    "Hassan",
    "Bakken",
    "Moe",
    "Dahl",
    "Lie",
    "Lund",
    "Strand",
    "Solberg",
    "Berge",
)
INTERPRETER_LANGUAGES = ("ar", "uk", "so", "ti", "pl")
DOCUMENT_REQUESTS = (
    ("Strømfaktura", "For siste måned"),
    ("Husleiekontrakt", "Signert av deg og utleier"),
    ("Kontoutskrift", "Alle kontoer, siste 3 måneder"),
    ("Lønnsslipp", "Siste måned"),
    ("Kopi av depositumskonto", "Signert av både deg og utleier"),
)


class State(StrEnum):
    RECEIVED = "received"  # MOTTATT, nobody has started on it
    PROCESSING = "processing"  # UNDER_BEHANDLING
    WAITING = "waiting"  # dokumentasjonEtterspurt: 2 documents with a deadline, none sent
    DOCUMENTS_BACK = "documents_back"  # both documents sent: new_documents for the office
    FINISHED = "finished"  # vedtak, utbetaling, FERDIGBEHANDLET


@dataclass(frozen=True)
class Upload:
    dokumenttype: str
    tilleggsinformasjon: str
    at: dt.datetime


@dataclass
class PlannedCase:
    index: int  # 0 is the newest
    reference: str
    office: int  # 0..OFFICES-1
    submitted_at: dt.datetime
    state: State
    urgent: bool
    assigned: int | None  # 0..CASEWORKERS_PER_OFFICE-1
    events: list[dict[str, Any]] = field(default_factory=list)
    uploads: list[Upload] = field(default_factory=list)
    # The queue projection (what cases.services.refresh would write)
    status: str = "MOTTATT"
    open: bool = True
    open_tasks: int = 0
    next_deadline: dt.datetime | None = None

    @property
    def new_documents(self) -> bool:
        return bool(self.uploads)


# --- identifiers ------------------------------------------------------------------------------

_REFERENCE_SPACE = len(ALPHABET) ** 8
_REFERENCE_STEP = 7**11 * 11  # coprime with 30 = 2·3·5, so index → value is one to one
_REFERENCE_OFFSET = 123_456_789_012


def reference(index: int) -> str:
    """A unique reference like "7K3M-9QXR" for each index: a bijection of the counter
    onto 30^8, so references look random (as `new_reference` makes them) but never clash."""
    value = (index * _REFERENCE_STEP + _REFERENCE_OFFSET) % _REFERENCE_SPACE
    characters = []
    for _ in range(8):
        value, digit = divmod(value, len(ALPHABET))
        characters.append(ALPHABET[digit])
    text = "".join(characters)
    return f"{text[:4]}-{text[4:]}"


def national_ids() -> Iterator[str]:
    """Valid, unique fødselsnumre for people born 1940-1999 (individual numbers 000-499),
    spread over all birth dates."""
    weights1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
    weights2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
    first = dt.date(1940, 1, 1)
    births = [
        f"{day:%d%m%y}"
        for day in (first + dt.timedelta(days=n) for n in range((dt.date(2000, 1, 1) - first).days))
    ]
    for individual in range(500):
        for birth in births:
            base = f"{birth}{individual:03d}"
            k1 = (11 - sum(w * int(c) for w, c in zip(weights1, base, strict=True))) % 11
            if k1 == 10:
                continue
            base += str(k1)
            k2 = (11 - sum(w * int(c) for w, c in zip(weights2, base, strict=True))) % 11
            if k2 == 10:
                continue
            yield base + str(k2)


def canonical(event: dict[str, Any]) -> tuple[str, str]:
    """The event as canonical JSON and its sha256: exactly `cases.services.fingerprint`."""
    text = json.dumps(event, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return text, hashlib.sha256(text.encode()).hexdigest()


def unit_number(office: int) -> str:
    return f"{9100 + office:04d}"


# --- the plan ---------------------------------------------------------------------------------


def _uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _at(moment: dt.datetime) -> str:
    return contract_time(moment)


def _opening(case: PlannedCase) -> None:
    """What Kompanjong itself writes when an application is sent (services.open_case)."""
    when = _at(case.submitted_at)
    case.events += [
        {"type": "soknadsStatus", "hendelsestidspunkt": when, "status": "MOTTATT"},
        {
            "type": "tildeltNavKontor",
            "hendelsestidspunkt": when,
            "navKontor": unit_number(case.office),
        },
    ]


def _open_case(case: PlannedCase, rng: random.Random, now: dt.datetime) -> None:
    age = now - case.submitted_at
    if case.state is State.RECEIVED:
        return
    started = case.submitted_at + age * rng.uniform(0.05, 0.2)
    case.events.append(
        {"type": "soknadsStatus", "hendelsestidspunkt": _at(started), "status": "UNDER_BEHANDLING"}
    )
    case.status = "UNDER_BEHANDLING"
    if case.state is State.PROCESSING:
        return
    asked = case.submitted_at + age * rng.uniform(0.25, 0.6)
    deadline = (asked + DEADLINE).replace(microsecond=0)
    wanted = rng.sample(DOCUMENT_REQUESTS, 2)
    case.events.append(
        {
            "type": "dokumentasjonEtterspurt",
            "hendelsestidspunkt": _at(asked),
            "forvaltningsbrev": {"referanse": {"type": "dokumentlager", "id": _uuid(rng)}},
            "dokumenter": [
                {
                    "dokumenttype": dokumenttype,
                    "tilleggsinformasjon": extra,
                    "innsendelsesfrist": _at(deadline),
                    "dokumentreferanse": f"{case.reference}-{n}",
                }
                for n, (dokumenttype, extra) in enumerate(wanted, 1)
            ],
        }
    )
    if case.state is State.WAITING:
        case.open_tasks = 2
        case.next_deadline = deadline
        return
    sent = asked + (now - asked) * rng.uniform(0.2, 0.9)
    case.uploads = [
        Upload(dokumenttype, extra, sent + dt.timedelta(minutes=n))
        for n, (dokumenttype, extra) in enumerate(wanted)
    ]


def _finished_case(case: PlannedCase, rng: random.Random) -> None:
    started = case.submitted_at + dt.timedelta(days=rng.uniform(0.5, 3))
    opened = started + dt.timedelta(days=rng.uniform(0.5, 5))
    decided = opened + dt.timedelta(days=rng.uniform(1, 20))
    paid = decided + dt.timedelta(hours=1)
    amount = rng.randrange(1_000, 15_000, 50)
    first_of_month = (decided.date() + dt.timedelta(days=31)).replace(day=1)
    case.events += [
        {"type": "soknadsStatus", "hendelsestidspunkt": _at(started), "status": "UNDER_BEHANDLING"},
        {
            "type": "saksStatus",
            "hendelsestidspunkt": _at(opened),
            "status": "UNDER_BEHANDLING",
            "referanse": "SAK1",
            "tittel": "Økonomisk sosialhjelp",
        },
        {
            "type": "vedtakFattet",
            "hendelsestidspunkt": _at(decided),
            "saksreferanse": "SAK1",
            "utfall": "INNVILGET" if rng.random() < 0.85 else "DELVIS_INNVILGET",
            "vedtaksfil": {"referanse": {"type": "dokumentlager", "id": _uuid(rng)}},
        },
        {
            "type": "utbetaling",
            "hendelsestidspunkt": _at(paid),
            "utbetalingsreferanse": f"{case.reference}-U1",
            "saksreferanse": "SAK1",
            "status": "UTBETALT",
            "belop": amount,
            "beskrivelse": "Livsopphold",
            "forfallsdato": f"{decided.date() + dt.timedelta(days=3):%Y-%m-%d}",
            "utbetalingsdato": f"{decided.date() + dt.timedelta(days=3):%Y-%m-%d}",
            "fom": f"{first_of_month:%Y-%m-%d}",
            "tom": f"{first_of_month + dt.timedelta(days=27):%Y-%m-%d}",
            "annenMottaker": False,
            "kontonummer": "12345678903",
            "utbetalingsmetode": "kontooverføring",
        },
        {
            "type": "soknadsStatus",
            "hendelsestidspunkt": _at(decided + dt.timedelta(seconds=1)),
            "status": "FERDIGBEHANDLET",
        },
    ]
    case.status = "FERDIGBEHANDLET"
    case.open = False


def plan(n: int, now: dt.datetime) -> Iterator[PlannedCase]:
    """The N cases, newest first; the same N and `now` give the same cases."""
    rng = random.Random(SEED)
    for index in range(n):
        submitted_at = now - dt.timedelta(days=(index + rng.random()) / PER_DAY)
        age_days = (now - submitted_at) / dt.timedelta(days=1)
        if age_days >= OPEN_DAYS:
            state = State.FINISHED
        elif age_days < 1:
            state = State.RECEIVED
        else:
            r = rng.random()
            state = (
                State.RECEIVED
                if r < 0.15
                else State.PROCESSING
                if r < 0.50
                else State.WAITING
                if r < 0.85
                else State.DOCUMENTS_BACK
            )
        finished = state is State.FINISHED
        assigned = (
            rng.randrange(CASEWORKERS_PER_OFFICE)
            if finished or rng.random() < ASSIGNED_SHARE
            else None
        )
        case = PlannedCase(
            index=index,
            reference=reference(index),
            office=index % OFFICES,
            submitted_at=submitted_at,
            state=state,
            urgent=rng.random() < URGENT_SHARE,
            assigned=assigned,
        )
        _opening(case)
        if finished:
            _finished_case(case, rng)
        else:
            _open_case(case, rng, now)
        yield case


# --- checking the generator -------------------------------------------------------------------


def check_sample(now: dt.datetime, size: int = 400) -> list[str]:
    """Problems in the first `size` cases of a plan that reaches past OPEN_DAYS: contract
    errors, fingerprints that differ from the service's, and queue columns that differ from
    what cases.services.refresh would write from the fold. Empty when all is well."""
    from kompanjong.cases.fold import ApplicationStatus, Uploaded, fold
    from kompanjong.cases.services import SOKER_SCHEMA, fingerprint
    from kompanjong.core.contracts import contract_errors

    problems: list[str] = []
    stride = max(1, (OPEN_DAYS + 10) * PER_DAY // size)
    cases = [c for c in plan((OPEN_DAYS + 10) * PER_DAY, now) if c.index % stride == 0]
    seen_states = {c.state for c in cases}
    if seen_states != set(State):
        problems.append(f"sample lacks states {set(State) - seen_states}")
    for case in cases:
        document = {
            "version": "1.0.0",
            "avsender": {"systemnavn": SYSTEM, "systemversjon": "1.0.0"},
            "hendelser": case.events,
        }
        for error in contract_errors(document, SOKER_SCHEMA):
            problems.append(f"{case.reference} ({case.state}): {error}")
        for event in case.events:
            if canonical(event)[1] != fingerprint(event):
                problems.append(f"{case.reference}: fingerprint differs for {event['type']}")
        view = fold(
            case.events,
            submitted_at=case.submitted_at,
            now=now,
            uploads=[Uploaded(u.dokumenttype, u.at, u.tilleggsinformasjon) for u in case.uploads],
        )
        open_tasks = [task for task in view.tasks if not task.done]
        deadlines = [task.deadline for task in open_tasks if task.deadline is not None]
        folded = (
            view.status.value,
            view.status
            not in (ApplicationStatus.FERDIGBEHANDLET, ApplicationStatus.BEHANDLES_IKKE),
            len(open_tasks),
            min(deadlines, default=None),
        )
        planned = (case.status, case.open, case.open_tasks, case.next_deadline)
        if folded != planned:
            problems.append(f"{case.reference} ({case.state}): fold {folded} ≠ plan {planned}")
    return problems


# --- loading ----------------------------------------------------------------------------------


@dataclass
class Offices:
    ids: list[int]  # Organisation pk per office index
    municipality_ids: list[int]
    caseworkers: list[list[int]]  # Account pks per office index


def ensure_offices() -> Offices:
    """Municipalities, NAV offices and caseworkers (office 0's first is PAGE_USER)."""
    ids, municipality_ids, caseworkers = [], [], []
    for office in range(OFFICES):
        municipality, _ = Municipality.objects.get_or_create(
            number=f"{9100 + office:04d}", defaults={"name": f"Benchkommune {office:02d}"}
        )
        organisation, created = Organisation.objects.get_or_create(
            name=f"{OFFICE_PREFIX} {office:02d}",
            kind="nav_office",
            defaults={"municipality": municipality, "unit_number": unit_number(office)},
        )
        if created:
            organisation.serves.set([municipality])
        accounts = []
        for k in range(CASEWORKERS_PER_OFFICE):
            username = PAGE_USER if office == k == 0 else f"bench-cw-{office:02d}-{k}"
            account = Account.objects.filter(username=username).first()
            if account is None:
                account = Account.objects.create_user(
                    username, display_name=f"Saksbehandler {office:02d}-{k}"
                )
            Membership.objects.get_or_create(
                account=account, organisation=organisation, role="caseworker"
            )
            accounts.append(account.pk)
        ids.append(organisation.pk)
        municipality_ids.append(municipality.pk)
        caseworkers.append(accounts)
    return Offices(ids, municipality_ids, caseworkers)


class Table:
    """COPY columns for a model: the ones we fill, then every other column at its default
    (so a field added later with a default needs no change here)."""

    def __init__(self, model: type[Model], filled: Sequence[str]) -> None:
        self.name = model._meta.db_table
        by_attname = {f.attname: f for f in model._meta.concrete_fields}
        unknown = set(filled) - set(by_attname)
        if unknown:
            raise RuntimeError(f"{model.__name__} has no fields {sorted(unknown)}")
        self.columns = [by_attname[name].column for name in filled]
        self.defaults: tuple[Any, ...] = ()
        for attname, model_field in by_attname.items():
            if attname in filled or (model_field.primary_key and _is_auto(model_field)):
                continue
            self.columns.append(model_field.column)
            self.defaults += (_default(model, model_field),)

    def copy(self, cursor: psycopg.Cursor[Any], rows: Sequence[tuple[Any, ...]]) -> None:
        statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
            sql.Identifier(self.name), sql.SQL(", ").join(map(sql.Identifier, self.columns))
        )
        with cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row(row + self.defaults)


def _is_auto(model_field: Field[Any, Any]) -> bool:
    return model_field.get_internal_type() in ("AutoField", "BigAutoField", "SmallAutoField")


def _default(model: type[Model], model_field: Field[Any, Any]) -> Any:
    value = model_field.get_default()  # "" for a text field without a default
    if value is None and not model_field.null:
        raise RuntimeError(
            f"bench.scale_data does not know how to fill {model.__name__}.{model_field.name}"
        )
    return model_field.get_db_prep_save(value, connection)


@dataclass(frozen=True)
class Tables:
    persons: Table
    applications: Table
    cases: Table
    events: Table
    documents: Table
    case_documents: Table

    @property
    def all(self) -> tuple[Table, ...]:
        """In the order they are filled (a row's foreign keys point to earlier tables)."""
        return (
            self.persons,
            self.applications,
            self.cases,
            self.events,
            self.documents,
            self.case_documents,
        )


@cache
def tables() -> Tables:
    """Built on first use, so a model that grew a field we cannot fill fails the load only."""
    return Tables(
        persons=Table(
            Person,
            [
                "id",
                "national_id",
                "given_name",
                "family_name",
                "street_address",
                "postal_code",
                "postal_town",
                "municipality_id",
                "phone",
                "email",
                "interpreter_language",
                "created_at",
                "updated_at",
            ],
        ),
        applications=Table(
            Application,
            [
                "id",
                "person_id",
                "status",
                "answers",
                "completed_steps",
                "municipality_id",
                "office_id",
                "urgent",
                "reference",
                "created_at",
                "updated_at",
                "submitted_at",
                "channel",
            ],
        ),
        cases=Table(
            Case,
            [
                "id",
                "application_id",
                "office_id",
                "assigned_to_id",
                "created_at",
                "status",
                "open",
                "urgent",
                "open_tasks",
                "next_deadline",
                "new_documents",
                "updated_at",
            ],
        ),
        events=Table(
            CaseEvent, ["case_id", "type", "at", "data", "source", "fingerprint", "recorded_at"]
        ),
        documents=Table(
            Document,
            [
                "id",
                "owner_id",
                "vedlegg_type",
                "vedlegg_subtype",
                "file",
                "size",
                "pages",
                "sha512",
                "uploaded_bytes",
                "scan",
                "created_at",
            ],
        ),
        case_documents=Table(
            CaseDocument,
            ["case_id", "document_id", "dokumenttype", "tilleggsinformasjon", "uploaded_at"],
        ),
    )


def _answers(urgent: bool) -> Jsonb:
    answers = {k: dict(v) for k, v in COMPLETE_ANSWERS.items()}
    answers["need"]["urgent"] = urgent
    return Jsonb(answers)


def load(
    conninfo: str,
    n: int,
    now: dt.datetime,
    offices: Offices,
    progress: Callable[[int, float], None],
) -> None:
    """COPY the N planned cases (and their people, applications, events and documents)."""
    answers = {False: _answers(False), True: _answers(True)}
    steps = Jsonb(list(STEPS[:-1]))
    ids = national_ids()
    rng = random.Random(SEED + 1)
    t = tables()
    started = time.monotonic()
    with psycopg.connect(conninfo) as db, db.cursor() as cursor:
        cursor.execute('SELECT coalesce(max(id), 0) FROM "people_person"')
        person_base = cursor.fetchone()[0] + 1  # type: ignore[index]
        cursor.execute('SELECT coalesce(max(id), 0) FROM "cases_case"')
        case_base = cursor.fetchone()[0] + 1  # type: ignore[index]
        cases = plan(n, now)
        done = 0
        while done < n:
            chunk = [case for _, case in zip(range(CHUNK), cases, strict=False)]
            rows: dict[Table, list[tuple[Any, ...]]] = {table: [] for table in t.all}
            for case in chunk:
                person_id = person_base + case.index
                case_id = case_base + case.index
                application_id = uuid.UUID(int=rng.getrandbits(128), version=4)
                municipality_id = offices.municipality_ids[case.office]
                given, family = rng.choice(GIVEN_NAMES), rng.choice(FAMILY_NAMES)
                at = case.submitted_at
                rows[t.persons].append(
                    (
                        person_id,
                        next(ids),
                        given,
                        family,
                        f"Benchveien {case.index % 200 + 1}",
                        "0157",
                        "Oslo",
                        municipality_id,
                        f"4{case.index % 10_000_000:07d}",
                        f"person{case.index}@example.org",
                        rng.choice(INTERPRETER_LANGUAGES) if rng.random() < 0.08 else "",
                        at,
                        at,
                    )
                )
                rows[t.applications].append(
                    (
                        application_id,
                        person_id,
                        "submitted",
                        answers[case.urgent],
                        steps,
                        municipality_id,
                        offices.ids[case.office],
                        case.urgent,
                        case.reference,
                        at - dt.timedelta(minutes=20),
                        at,
                        at,
                        "self" if rng.random() < 0.9 else "staff_phone",
                    )
                )
                assigned = (
                    None
                    if case.assigned is None
                    else offices.caseworkers[case.office][case.assigned]
                )
                last = max(e["hendelsestidspunkt"] for e in case.events)
                rows[t.cases].append(
                    (
                        case_id,
                        application_id,
                        offices.ids[case.office],
                        assigned,
                        at,
                        case.status,
                        case.open,
                        case.urgent,
                        case.open_tasks,
                        case.next_deadline,
                        case.new_documents,
                        max([dt.datetime.fromisoformat(last), *(u.at for u in case.uploads)]),
                    )
                )
                for event in case.events:
                    text, print_ = canonical(event)
                    when = dt.datetime.fromisoformat(event["hendelsestidspunkt"])
                    rows[t.events].append(
                        (case_id, event["type"], when, text, "kompanjong", print_, when)
                    )
                for upload in case.uploads:
                    document_id = uuid.UUID(int=rng.getrandbits(128), version=4)
                    rows[t.documents].append(
                        (
                            document_id,
                            person_id,
                            "annet",
                            "annet",
                            f"documents/bench-{document_id}.pdf",
                            184_320,
                            1,
                            f"{rng.getrandbits(512):0128x}",
                            2_400_000,
                            "clean",
                            upload.at,
                        )
                    )
                    rows[t.case_documents].append(
                        (
                            case_id,
                            document_id,
                            upload.dokumenttype,
                            upload.tilleggsinformasjon,
                            upload.at,
                        )
                    )
            for table, table_rows in rows.items():
                if table_rows:
                    table.copy(cursor, table_rows)
            db.commit()
            done += len(chunk)
            progress(done, time.monotonic() - started)
        for table in (t.persons, t.cases):  # the tables we gave ids ourselves
            cursor.execute(
                sql.SQL(
                    "SELECT setval(pg_get_serial_sequence({}, 'id'), (SELECT max(id) FROM {}))"
                ).format(sql.Literal(f'"{table.name}"'), sql.Identifier(table.name))
            )
        db.commit()
