"""The pure fold of digisos-soker hendelser into the case view: no database."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kompanjong.cases.fold import (
    SEND_LATER_WINDOW,
    ApplicationStatus,
    ConditionStatus,
    EventType,
    FileRef,
    LaterDocument,
    Outcome,
    PaymentStatus,
    RequirementStatus,
    SakStatus,
    TaskSource,
    Uploaded,
    fold,
    parse_time,
)

EXAMPLES = Path(__file__).resolve().parents[2].parent / "shared/contracts/digisos/examples"

SENT = datetime(2018, 10, 4, 12, 0, tzinfo=UTC)
NOW = datetime(2018, 10, 15, 12, 0, tzinfo=UTC)


def example(name: str) -> list[dict[str, Any]]:
    document = json.loads((EXAMPLES / name).read_text(encoding="utf-8"))
    hendelser: list[dict[str, Any]] = document["hendelser"]
    return hendelser


def t(day: int, hour: int = 12, minute: int = 0) -> str:
    """A contract tidspunkt in October 2018."""
    return f"2018-10-{day:02d}T{hour:02d}:{minute:02d}:00.000Z"


def at(day: int, hour: int = 12, minute: int = 0) -> datetime:
    return datetime(2018, 10, day, hour, minute, tzinfo=UTC)


def status(day: int, value: str) -> dict[str, Any]:
    return {"type": "soknadsStatus", "hendelsestidspunkt": t(day), "status": value}


def request(day: int, *types: str, deadline: str | None = None) -> dict[str, Any]:
    return {
        "type": "dokumentasjonEtterspurt",
        "hendelsestidspunkt": t(day),
        "forvaltningsbrev": {"referanse": {"type": "dokumentlager", "id": f"brev-{day}"}},
        "dokumenter": [
            {"dokumenttype": kind, "innsendelsesfrist": deadline or t(day + 7)} for kind in types
        ],
    }


def sak(day: int, referanse: str, value: str = "UNDER_BEHANDLING") -> dict[str, Any]:
    return {
        "type": "saksStatus",
        "hendelsestidspunkt": t(day),
        "referanse": referanse,
        "tittel": f"Sak {referanse}",
        "status": value,
    }


def vedtak(day: int, referanse: str, utfall: str = "INNVILGET") -> dict[str, Any]:
    return {
        "type": "vedtakFattet",
        "hendelsestidspunkt": t(day),
        "saksreferanse": referanse,
        "utfall": utfall,
        "vedtaksfil": {"referanse": {"type": "dokumentlager", "id": f"vedtak-{referanse}-{day}"}},
    }


def payment(day: int, referanse: str, value: str, belop: float = 1000.0) -> dict[str, Any]:
    return {
        "type": "utbetaling",
        "hendelsestidspunkt": t(day),
        "utbetalingsreferanse": referanse,
        "status": value,
        "belop": belop,
    }


# --- the contract's examples -----------------------------------------------------------------


def test_minimal_example_is_received() -> None:
    view = fold(example("digisos_soker_minimal.json"), submitted_at=SENT, now=NOW)

    assert view.status is ApplicationStatus.MOTTATT
    assert view.office.current is None
    assert view.saker == view.hidden_saker == ()
    assert view.tasks == ()
    assert (view.tasks_done, view.tasks_total) == (0, 0)
    assert dict(view.payments) == {}
    assert [(e.type, dict(e.facts)) for e in view.timeline] == [
        (EventType.SOKNADS_STATUS, {"status": "MOTTATT"})
    ]


def test_complete_example_folds_as_nav_would() -> None:
    view = fold(example("digisos_soker_komplett.json"), submitted_at=SENT, now=NOW)

    # The office moved from 0314 to 0315.
    assert view.office.current == "0315"
    assert [(o.nav_kontor, o.at) for o in view.office.history] == [
        ("0314", parse_time("2018-10-04T13:42:00.134Z")),
        ("0315", parse_time("2018-10-08T21:47:00.134Z")),
    ]

    # FERDIGBEHANDLET holds: the only visible sak (SAK1) has its decision; SAK2 is hidden.
    assert view.status is ApplicationStatus.FERDIGBEHANDLET
    assert view.reported_status is ApplicationStatus.FERDIGBEHANDLET
    [sak1] = view.saker
    assert sak1.referanse == "SAK1"
    assert sak1.tittel == "Nødhjelp"
    assert sak1.status is SakStatus.FERDIGBEHANDLET
    assert sak1.reported_status is SakStatus.UNDER_BEHANDLING
    assert sak1.utfall is Outcome.INNVILGET
    [decision] = sak1.decisions
    assert decision.vedtaksfil == FileRef("dokumentlager", "12345678-9abc-def0-1234-56789abcdef0")
    assert decision.at == parse_time("2018-10-12T13:37:00.134Z")
    assert [a.tittel for a in decision.vedlegg] == ["Foobar", "Test"]
    assert decision.vedlegg[1].referanse == FileRef(
        "svarut", "12345678-9abc-def0-1234-56789abcdef0", 1
    )
    [sak2] = view.hidden_saker
    assert (sak2.referanse, sak2.tittel, sak2.status) == ("SAK2", "KVP", SakStatus.IKKE_INNSYN)
    assert not sak2.visible

    # Two tasks from the request, with their deadlines; nothing uploaded yet, both overdue.
    assert [
        (task.dokumenttype, task.tilleggsinformasjon, task.deadline) for task in view.tasks
    ] == [
        (
            "Strømfaktura",
            "For periode 01.01.2019 til 01.02.2019",
            parse_time("2018-10-20T07:37:00.134Z"),
        ),
        (
            "Kopi av depositumskonto",
            "Signert av både deg og utleier",
            parse_time("2018-10-20T07:37:30.000Z"),
        ),
    ]
    assert view.tasks[0].dokumentreferanse == "dokumentreferanse1"
    assert view.tasks[1].dokumentreferanse is None
    assert all(task.source is TaskSource.DOKUMENTASJON_ETTERSPURT for task in view.tasks)
    assert (view.tasks_done, view.tasks_total) == (0, 2)
    assert not any(task.overdue for task in view.tasks)  # now is before 20 October
    assert view.document_request_letter == FileRef(
        "dokumentlager", "12345678-9abc-def0-1234-56789abcdea1"
    )

    [answer] = view.preliminary_answers
    assert answer.at == parse_time("2018-10-12T07:37:00.134Z")
    assert answer.forvaltningsbrev == FileRef(
        "dokumentlager", "12345678-9abc-def0-1234-56789abcdeb1"
    )
    assert len(answer.vedlegg) == 2

    # One planned payment of 5000 to another recipient: no account number shown.
    [(reference, paid)] = view.payments.items()
    assert reference == "UTBETALINGNR1SAK2"
    assert paid.status is PaymentStatus.PLANLAGT_UTBETALING
    assert paid.belop == Decimal("5000.0")
    assert (paid.forfallsdato, paid.fom, paid.tom) == (
        date(2018, 10, 11),
        date(2018, 10, 11),
        date(2018, 10, 13),
    )
    assert paid.utbetalingsdato is None
    assert paid.saksreferanse == "SAK2"
    assert paid.rammevedtaksreferanse == "rammevedtaksreferanse"
    assert paid.beskrivelse == "strøm"
    assert paid.annen_mottaker is True
    assert paid.kontonummer is None
    assert paid.utbetalingsmetode == "kontooverføring"

    # vilkar1 was annulled the next day; vilkar2 stays relevant.
    vilkar1, vilkar2 = view.conditions["vilkar1"], view.conditions["vilkar2"]
    assert vilkar1.status is ConditionStatus.ANNULLERT
    assert not vilkar1.relevant
    assert vilkar1.beskrivelse == "Annullert som følge av nytt vedtak"
    assert vilkar1.added_at == parse_time("2018-10-12T13:37:00.134Z")
    assert vilkar1.updated_at == parse_time("2018-10-13T13:37:00.134Z")
    assert vilkar2.status is ConditionStatus.RELEVANT
    assert vilkar2.relevant
    assert vilkar2.tittel == "Søke bostøtte"
    assert vilkar2.utbetalingsreferanser == ("UTBETALINGNR1SAK2",)

    # dokumentasjonkrav1: the later of two events at the same time wins (LEVERT_TIDLIGERE);
    # dokumentasjonkrav2 was annulled.
    krav1 = view.documentation_requirements["dokumentasjonkrav1"]
    krav2 = view.documentation_requirements["dokumentasjonkrav2"]
    assert krav1.status is RequirementStatus.LEVERT_TIDLIGERE
    assert krav2.status is RequirementStatus.ANNULLERT
    assert krav2.frist == parse_time("2018-02-28T23:59:59.000Z")
    assert not krav1.relevant and not krav2.relevant

    assert dict(view.framework_decisions) == {}
    assert len(view.timeline) == len(example("digisos_soker_komplett.json"))
    times = [entry.at for entry in view.timeline]
    assert times == sorted(times)


def test_complete_example_with_uploads_after_the_request() -> None:
    uploads = [
        Uploaded("Strømfaktura", parse_time("2018-10-13T09:00:00.000Z")),
        Uploaded("Kopi av depositumskonto", parse_time("2018-10-10T09:00:00.000Z")),  # before
    ]
    view = fold(
        example("digisos_soker_komplett.json"),
        submitted_at=SENT,
        now=at(25),
        uploads=uploads,
    )
    power, deposit = view.tasks
    assert power.done and power.done_at == parse_time("2018-10-13T09:00:00.000Z")
    assert not power.overdue
    assert not deposit.done and deposit.done_at is None
    assert deposit.overdue
    assert (view.tasks_done, view.tasks_total) == (1, 2)
    assert view.overdue_tasks == (deposit,)


# --- application status ----------------------------------------------------------------------


def test_sent_before_any_event() -> None:
    view = fold([], submitted_at=SENT, now=NOW)
    assert view.status is ApplicationStatus.SENDT
    assert view.timeline == ()


def test_other_events_do_not_make_it_received() -> None:
    events = [{"type": "tildeltNavKontor", "hendelsestidspunkt": t(5), "navKontor": "0301"}]
    assert fold(events, submitted_at=SENT, now=NOW).status is ApplicationStatus.SENDT


def test_status_follows_the_latest_soknads_status() -> None:
    events = [status(5, "MOTTATT"), status(6, "UNDER_BEHANDLING")]
    assert fold(events, submitted_at=SENT, now=NOW).status is ApplicationStatus.UNDER_BEHANDLING


def test_behandles_ikke() -> None:
    events = [status(5, "MOTTATT"), status(6, "BEHANDLES_IKKE")]
    view = fold(events, submitted_at=SENT, now=NOW)
    assert view.status is ApplicationStatus.BEHANDLES_IKKE


def test_finished_is_shown_as_processing_while_a_visible_sak_lacks_a_decision() -> None:
    events = [
        status(5, "UNDER_BEHANDLING"),
        sak(6, "A"),
        sak(6, "B"),
        vedtak(7, "A"),
        status(8, "FERDIGBEHANDLET"),
    ]
    view = fold(events, submitted_at=SENT, now=NOW)
    assert view.reported_status is ApplicationStatus.FERDIGBEHANDLET
    assert view.status is ApplicationStatus.UNDER_BEHANDLING
    assert [(s.referanse, s.status) for s in view.saker] == [
        ("A", SakStatus.FERDIGBEHANDLET),
        ("B", SakStatus.UNDER_BEHANDLING),
    ]

    decided = fold([*events, vedtak(9, "B", "AVSLATT")], submitted_at=SENT, now=NOW)
    assert decided.status is ApplicationStatus.FERDIGBEHANDLET
    assert decided.saker[1].utfall is Outcome.AVSLATT


def test_finished_without_saker_is_finished() -> None:
    view = fold([status(5, "FERDIGBEHANDLET")], submitted_at=SENT, now=NOW)
    assert view.status is ApplicationStatus.FERDIGBEHANDLET


@pytest.mark.parametrize("hidden", ["IKKE_INNSYN", "FEILREGISTRERT"])
def test_hidden_saker_do_not_hold_back_finished(hidden: str) -> None:
    events = [sak(6, "A"), sak(6, "B", hidden), vedtak(7, "A"), status(8, "FERDIGBEHANDLET")]
    view = fold(events, submitted_at=SENT, now=NOW)
    assert view.status is ApplicationStatus.FERDIGBEHANDLET
    assert [s.referanse for s in view.saker] == ["A"]
    assert [(s.referanse, s.status.value) for s in view.hidden_saker] == [("B", hidden)]
    assert [s.referanse for s in view.all_saker] == ["A", "B"]


def test_a_sak_that_will_not_be_processed_does_not_hold_back_finished() -> None:
    events = [sak(6, "A"), sak(6, "B", "BEHANDLES_IKKE"), vedtak(7, "A")]
    view = fold([*events, status(8, "FERDIGBEHANDLET")], submitted_at=SENT, now=NOW)
    assert view.status is ApplicationStatus.FERDIGBEHANDLET
    assert [(s.referanse, s.status) for s in view.saker] == [
        ("A", SakStatus.FERDIGBEHANDLET),
        ("B", SakStatus.BEHANDLES_IKKE),
    ]
    assert view.saker[1].visible


# --- saker -----------------------------------------------------------------------------------


def test_vedtak_without_saks_status_creates_the_sak() -> None:
    view = fold([vedtak(7, "NY", "DELVIS_INNVILGET")], submitted_at=SENT, now=NOW)
    [created] = view.saker
    assert created.referanse == "NY"
    assert created.tittel is None
    assert created.status is SakStatus.FERDIGBEHANDLET
    assert created.reported_status is SakStatus.UNDER_BEHANDLING
    assert created.utfall is Outcome.DELVIS_INNVILGET
    assert created.latest_decision is not None
    assert created.latest_decision.vedtaksfil == FileRef("dokumentlager", "vedtak-NY-7")
    assert created.created_at == at(7)


def test_saks_status_updates_title_and_status_and_keeps_every_decision() -> None:
    events = [
        sak(5, "A", "IKKE_INNSYN"),
        {"type": "saksStatus", "hendelsestidspunkt": t(6), "referanse": "A"},  # no change
        {**sak(7, "A"), "tittel": "Livsopphold"},
        vedtak(8, "A", "AVSLATT"),
        vedtak(9, "A", "INNVILGET"),  # e.g. after a complaint
    ]
    view = fold(events, submitted_at=SENT, now=NOW)
    [only] = view.saker
    assert only.tittel == "Livsopphold"
    assert only.reported_status is SakStatus.UNDER_BEHANDLING
    assert [d.utfall for d in only.decisions] == [Outcome.AVSLATT, Outcome.INNVILGET]
    assert only.utfall is Outcome.INNVILGET
    assert only.created_at == at(5)


def test_a_sak_can_become_hidden_later() -> None:
    view = fold([sak(5, "A"), sak(6, "A", "IKKE_INNSYN")], submitted_at=SENT, now=NOW)
    assert view.saker == ()
    assert [s.referanse for s in view.hidden_saker] == ["A"]


# --- office ----------------------------------------------------------------------------------


def test_office_history() -> None:
    events = [
        {"type": "tildeltNavKontor", "hendelsestidspunkt": t(5), "navKontor": "0301"},
        {"type": "tildeltNavKontor", "hendelsestidspunkt": t(9), "navKontor": "0312"},
    ]
    view = fold(events, submitted_at=SENT, now=NOW)
    assert view.office.current == "0312"
    assert [o.nav_kontor for o in view.office.history] == ["0301", "0312"]
    assert dict(view.timeline[1].facts) == {"navKontor": "0312", "previous": "0301"}


# --- tasks -----------------------------------------------------------------------------------


def test_a_new_request_replaces_the_open_tasks() -> None:
    events = [request(5, "kontoutskrift", "strømfaktura"), request(8, "husleiekontrakt")]
    view = fold(events, submitted_at=SENT, now=NOW)
    assert [task.dokumenttype for task in view.tasks] == ["husleiekontrakt"]
    assert view.tasks[0].requested_at == at(8)
    assert view.tasks[0].deadline == at(15)
    assert view.document_request_letter == FileRef("dokumentlager", "brev-8")


def test_an_empty_request_clears_the_tasks() -> None:
    events = [request(5, "kontoutskrift"), request(8)]
    view = fold(events, submitted_at=SENT, now=NOW)
    assert view.tasks == ()
    assert view.timeline[-1].facts["cleared"] is True
    assert view.timeline[0].facts["cleared"] is False


def test_a_task_is_done_only_by_an_upload_after_the_request() -> None:
    events = [request(8, "kontoutskrift", "strømfaktura")]
    uploads = [
        Uploaded("kontoutskrift", at(7)),  # before the request: does not count
        Uploaded("strømfaktura", at(9)),
        Uploaded("strømfaktura", at(10)),
    ]
    view = fold(events, submitted_at=SENT, now=NOW, uploads=uploads)
    account, power = view.tasks
    assert not account.done and account.done_at is None
    assert power.done and power.done_at == at(9)
    assert (view.tasks_done, view.tasks_total) == (1, 2)


def test_an_upload_at_the_very_moment_of_the_request_does_not_count() -> None:
    view = fold(
        [request(8, "kontoutskrift")],
        submitted_at=SENT,
        now=NOW,
        uploads=[Uploaded("kontoutskrift", at(8))],
    )
    assert not view.tasks[0].done


def test_an_upload_for_an_earlier_request_does_not_finish_the_new_one() -> None:
    events = [request(5, "kontoutskrift"), request(9, "kontoutskrift")]
    view = fold(events, submitted_at=SENT, now=NOW, uploads=[Uploaded("kontoutskrift", at(6))])
    assert not view.tasks[0].done


def test_an_upload_naming_other_additional_information_does_not_count() -> None:
    event = request(5, "kontoutskrift")
    event["dokumenter"][0]["tilleggsinformasjon"] = "brukskonto"
    uploads = [Uploaded("kontoutskrift", at(6), tilleggsinformasjon="sparekonto")]
    assert not fold([event], submitted_at=SENT, now=NOW, uploads=uploads).tasks[0].done
    uploads.append(Uploaded("kontoutskrift", at(7), tilleggsinformasjon="brukskonto"))
    assert fold([event], submitted_at=SENT, now=NOW, uploads=uploads).tasks[0].done_at == at(7)


def test_overdue_is_not_done_and_past_the_deadline() -> None:
    events = [request(5, "kontoutskrift", "strømfaktura", deadline=t(10))]
    uploads = [Uploaded("strømfaktura", at(11))]  # late, but done
    before = fold(events, submitted_at=SENT, now=at(10), uploads=())
    assert not any(task.overdue for task in before.tasks)  # deadline == now: not yet overdue
    after = fold(events, submitted_at=SENT, now=at(12), uploads=uploads)
    account, power = after.tasks
    assert account.overdue and not account.done
    assert power.done and not power.overdue


SEND_LATER = [
    LaterDocument("lonnslipp", "arbeid", "documents.payslip"),
    LaterDocument("husleiekontrakt", "husleiekontrakt", "documents.lease"),
    LaterDocument("annet", "annet", "documents.other"),  # NAV leaves this one out
]


def test_send_later_documents_are_the_tasks_while_no_request_has_come() -> None:
    view = fold(
        [status(4, "MOTTATT")],
        submitted_at=SENT,
        now=SENT + timedelta(days=29),
        send_later=SEND_LATER,
        uploads=[
            Uploaded("lonnslipp", SENT - timedelta(hours=1)),
            Uploaded("husleiekontrakt", at(6)),
        ],
    )
    assert [
        (task.dokumenttype, task.tilleggsinformasjon, task.title_key) for task in view.tasks
    ] == [
        ("lonnslipp", "arbeid", "documents.payslip"),
        ("husleiekontrakt", "husleiekontrakt", "documents.lease"),
    ]
    assert all(task.source is TaskSource.SOKNAD for task in view.tasks)
    assert all(task.deadline is None and not task.overdue for task in view.tasks)
    assert all(task.requested_at == SENT for task in view.tasks)
    assert [task.done for task in view.tasks] == [False, True]  # uploaded before sending: no
    assert (view.tasks_done, view.tasks_total) == (1, 2)


def test_send_later_documents_lapse_after_thirty_days() -> None:
    view = fold(
        [status(4, "MOTTATT")],
        submitted_at=SENT,
        now=SENT + SEND_LATER_WINDOW,
        send_later=SEND_LATER,
    )
    assert view.tasks == ()


def test_a_request_replaces_the_send_later_documents() -> None:
    view = fold(
        [request(6, "kontoutskrift")],
        submitted_at=SENT,
        now=NOW,
        send_later=SEND_LATER,
    )
    assert [task.dokumenttype for task in view.tasks] == ["kontoutskrift"]
    empty = fold([request(6)], submitted_at=SENT, now=NOW, send_later=SEND_LATER)
    assert empty.tasks == ()


# --- payments, conditions, requirements, framework decisions ---------------------------------


def test_a_payment_with_a_known_reference_replaces_the_earlier_one() -> None:
    events = [
        payment(5, "U1", "PLANLAGT_UTBETALING", 3000),
        payment(6, "U2", "PLANLAGT_UTBETALING", 200),
        {**payment(9, "U1", "UTBETALT", 2500), "utbetalingsdato": "2018-10-09"},
        payment(10, "U2", "STOPPET", 200),
    ]
    view = fold(events, submitted_at=SENT, now=NOW)
    assert set(view.payments) == {"U1", "U2"}
    assert view.payments["U1"].status is PaymentStatus.UTBETALT
    assert view.payments["U1"].belop == Decimal(2500)
    assert view.payments["U1"].utbetalingsdato == date(2018, 10, 9)
    assert view.payments["U1"].updated_at == at(9)
    assert view.payments["U2"].status is PaymentStatus.STOPPET
    assert view.timeline[2].facts["replaced"] is True
    assert view.timeline[0].facts["replaced"] is False


def test_payment_to_the_citizen_shows_the_account_and_defaults_to_planned() -> None:
    event = {
        "type": "utbetaling",
        "hendelsestidspunkt": t(5),
        "utbetalingsreferanse": "U1",
        "annenMottaker": False,
        "mottaker": "Amina Hassan",
        "kontonummer": "12345678903",
    }
    paid = fold([event], submitted_at=SENT, now=NOW).payments["U1"]
    assert paid.status is PaymentStatus.PLANLAGT_UTBETALING
    assert paid.annen_mottaker is False
    assert paid.mottaker == "Amina Hassan"
    assert paid.kontonummer == "12345678903"
    assert paid.belop is None


def test_annulled_payment() -> None:
    events = [payment(5, "U1", "PLANLAGT_UTBETALING"), payment(6, "U1", "ANNULLERT")]
    assert fold(events, submitted_at=SENT, now=NOW).payments["U1"].status is (
        PaymentStatus.ANNULLERT
    )


def test_deprecated_condition_statuses_count_as_relevant() -> None:
    events = [
        {"type": "vilkar", "hendelsestidspunkt": t(5), "vilkarreferanse": "v", "status": "OPPFYLT"},
        {
            "type": "dokumentasjonkrav",
            "hendelsestidspunkt": t(5),
            "dokumentasjonkravreferanse": "d",
        },
    ]
    view = fold(events, submitted_at=SENT, now=NOW)
    assert view.conditions["v"].status is ConditionStatus.OPPFYLT
    assert view.conditions["v"].relevant
    assert view.documentation_requirements["d"].status is None
    assert view.documentation_requirements["d"].relevant


def test_framework_decisions_latest_wins() -> None:
    events = [
        {
            "type": "rammevedtak",
            "hendelsestidspunkt": t(5),
            "rammevedtaksreferanse": "R1",
            "saksreferanse": "A",
            "beskrivelse": "strøm",
            "belop": 1500,
            "fom": "2018-11-01",
            "tom": "2019-01-31",
        },
        {
            "type": "rammevedtak",
            "hendelsestidspunkt": t(7),
            "rammevedtaksreferanse": "R1",
            "belop": 1800.5,
        },
    ]
    frame = fold(events, submitted_at=SENT, now=NOW).framework_decisions["R1"]
    assert frame.belop == Decimal("1800.5")
    assert frame.beskrivelse is None
    assert frame.updated_at == at(7)
    first = fold(events[:1], submitted_at=SENT, now=NOW).framework_decisions["R1"]
    assert (first.fom, first.tom, first.saksreferanse) == (
        date(2018, 11, 1),
        date(2019, 1, 31),
        "A",
    )


# --- ordering, robustness --------------------------------------------------------------------


def test_events_are_applied_in_time_order_whatever_the_given_order() -> None:
    events = [status(9, "FERDIGBEHANDLET"), status(5, "MOTTATT"), status(7, "UNDER_BEHANDLING")]
    view = fold(events, submitted_at=SENT, now=NOW)
    assert view.status is ApplicationStatus.FERDIGBEHANDLET
    assert [entry.facts["status"] for entry in view.timeline] == [
        "MOTTATT",
        "UNDER_BEHANDLING",
        "FERDIGBEHANDLET",
    ]
    assert [entry.at for entry in view.timeline] == [at(5), at(7), at(9)]


def test_equal_times_keep_the_given_order() -> None:
    first = [status(5, "UNDER_BEHANDLING"), status(5, "MOTTATT")]
    assert fold(first, submitted_at=SENT, now=NOW).status is ApplicationStatus.MOTTATT
    second = list(reversed(first))
    assert fold(second, submitted_at=SENT, now=NOW).status is ApplicationStatus.UNDER_BEHANDLING


def test_times_in_other_offsets_are_compared_as_instants() -> None:
    events = [
        {**status(5, "UNDER_BEHANDLING"), "hendelsestidspunkt": "2018-10-05T13:30:00.000+02:00"},
        status(5, "MOTTATT"),  # 12:00Z, i.e. after 11:30Z
    ]
    assert fold(events, submitted_at=SENT, now=NOW).status is ApplicationStatus.MOTTATT


def test_unknown_fields_and_event_types_are_ignored() -> None:
    events = [
        {**status(5, "MOTTATT"), "kommentar": "ikke i kontrakten", "ekstra": {"a": [1, 2]}},
        {"type": "nyHendelsestype", "hendelsestidspunkt": t(6), "status": "FERDIGBEHANDLET"},
        {
            **request(7, "kontoutskrift"),
            "dokumenter": [
                {"dokumenttype": "kontoutskrift", "innsendelsesfrist": t(14), "farge": "blå"}
            ],
        },
    ]
    view = fold(events, submitted_at=SENT, now=NOW)
    assert view.status is ApplicationStatus.MOTTATT
    assert [entry.type for entry in view.timeline] == [
        EventType.SOKNADS_STATUS,
        EventType.DOKUMENTASJON_ETTERSPURT,
    ]
    assert [task.dokumenttype for task in view.tasks] == ["kontoutskrift"]


def test_an_event_without_a_time_is_refused() -> None:
    with pytest.raises(ValueError, match="Not a time"):
        fold([{"type": "soknadsStatus", "status": "MOTTATT"}], submitted_at=SENT, now=NOW)


def test_the_komplett_example_folds_the_same_from_any_given_order() -> None:
    events = example("digisos_soker_komplett.json")
    # Reversing changes the order within equal timestamps, so compare only what NAV's
    # contract fixes independently of that: the offices, tasks, payment and saker.
    forward = fold(events, submitted_at=SENT, now=NOW)
    backward = fold(list(reversed(events)), submitted_at=SENT, now=NOW)
    assert forward.office == backward.office
    assert forward.tasks == backward.tasks
    assert forward.payments == backward.payments
    assert forward.saker == backward.saker


def test_view_has_no_display_text() -> None:
    view = fold(example("digisos_soker_komplett.json"), submitted_at=SENT, now=NOW)
    assert view.status == "FERDIGBEHANDLET"  # a code; templates translate it
    assert {entry.type.value for entry in view.timeline} <= {e.value for e in EventType}


# --- properties ------------------------------------------------------------------------------

TYPES = st.sampled_from([kind.value for kind in EventType])
REFS = st.sampled_from(["A", "B", "C"])
DOC_TYPES = st.sampled_from(["kontoutskrift", "strømfaktura", "lonnslipp"])


@st.composite
def an_event(draw: st.DrawFn, moment: datetime) -> dict[str, Any]:
    kind = draw(TYPES)
    event: dict[str, Any] = {
        "type": kind,
        "hendelsestidspunkt": moment.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
    }
    ref = draw(REFS)
    if kind == "soknadsStatus":
        event["status"] = draw(
            st.sampled_from(["MOTTATT", "UNDER_BEHANDLING", "FERDIGBEHANDLET", "BEHANDLES_IKKE"])
        )
    elif kind == "tildeltNavKontor":
        event["navKontor"] = draw(st.sampled_from(["0301", "0314", "0315"]))
    elif kind == "saksStatus":
        event["referanse"] = ref
        event["status"] = draw(
            st.sampled_from(["UNDER_BEHANDLING", "IKKE_INNSYN", "BEHANDLES_IKKE", "FEILREGISTRERT"])
        )
    elif kind == "vedtakFattet":
        event["saksreferanse"] = ref
        event["utfall"] = draw(st.sampled_from(list(Outcome)))
        event["vedtaksfil"] = {"referanse": {"type": "dokumentlager", "id": ref}}
    elif kind == "dokumentasjonEtterspurt":
        deadline = moment + timedelta(days=draw(st.integers(1, 20)))
        event["dokumenter"] = [
            {"dokumenttype": doc, "innsendelsesfrist": deadline.strftime("%Y-%m-%dT%H:%M:%S.000Z")}
            for doc in draw(st.lists(DOC_TYPES, max_size=3))
        ]
    elif kind == "utbetaling":
        event["utbetalingsreferanse"] = ref
        event["status"] = draw(st.sampled_from(list(PaymentStatus)))
        event["belop"] = draw(st.integers(0, 10_000))
    elif kind == "vilkar":
        event["vilkarreferanse"] = ref
        event["status"] = draw(st.sampled_from(list(ConditionStatus)))
    elif kind == "dokumentasjonkrav":
        event["dokumentasjonkravreferanse"] = ref
        event["status"] = draw(st.sampled_from(list(RequirementStatus)))
    elif kind == "rammevedtak":
        event["rammevedtaksreferanse"] = ref
        event["belop"] = draw(st.integers(0, 10_000))
    return event


@st.composite
def histories(draw: st.DrawFn) -> list[dict[str, Any]]:
    minutes = draw(st.lists(st.integers(0, 60 * 24 * 40), unique=True, max_size=12))
    return [draw(an_event(SENT + timedelta(minutes=m))) for m in minutes]


UPLOADS = st.lists(
    st.builds(
        Uploaded,
        document_type=DOC_TYPES,
        at=st.integers(0, 60 * 24 * 40).map(lambda m: SENT + timedelta(minutes=m)),
    ),
    max_size=5,
)


@settings(max_examples=150, deadline=None)
@given(events=histories(), uploads=UPLOADS, data=st.data())
def test_fold_is_deterministic_and_order_independent(
    events: list[dict[str, Any]], uploads: list[Uploaded], data: st.DataObject
) -> None:
    now = SENT + timedelta(days=data.draw(st.integers(0, 45)))
    shuffled = data.draw(st.permutations(events))
    view = fold(events, submitted_at=SENT, now=now, uploads=uploads, send_later=SEND_LATER)
    again = fold(events, submitted_at=SENT, now=now, uploads=uploads, send_later=SEND_LATER)
    other = fold(shuffled, submitted_at=SENT, now=now, uploads=uploads, send_later=SEND_LATER)
    assert view == again == other

    assert 0 <= view.tasks_done <= view.tasks_total == len(view.tasks)
    assert view.tasks_done == sum(task.done for task in view.tasks)
    for task in view.tasks:
        assert not (task.done and task.overdue)
        assert task.done == (task.done_at is not None)
        if task.done_at is not None:
            assert task.done_at > task.requested_at
    assert len(view.timeline) == len(events)
    times = [entry.at for entry in view.timeline]
    assert times == sorted(times)
    assert {s.referanse for s in view.saker}.isdisjoint(s.referanse for s in view.hidden_saker)
    if view.status is ApplicationStatus.FERDIGBEHANDLET:
        assert not any(s.awaiting_decision for s in view.saker)
