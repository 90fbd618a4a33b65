"""The timeline says what happened with the facts the event carries, in plain words."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.utils import translation

from kompanjong.cases.fold import EventType, Fact, TimelineEntry
from kompanjong.cases.texts import timeline_text

AT = datetime(2026, 3, 5, 10, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("kind", "facts", "text"),
    [
        (EventType.SOKNADS_STATUS, {"status": "UNDER_BEHANDLING"}, "NAV started processing"),
        (EventType.TILDELT_NAV_KONTOR, {"navKontor": "0315"}, "NAV Grünerløkka handles"),
        (EventType.TILDELT_NAV_KONTOR, {"navKontor": "9999"}, "A NAV office took over"),
        (
            EventType.VEDTAK_FATTET,
            {"utfall": "DELVIS_INNVILGET", "tittel": "Livsopphold"},
            "Decision about Livsopphold: partly granted",
        ),
        (EventType.DOKUMENTASJON_ETTERSPURT, {"documents": 2}, "NAV asked for 2 documents"),
        (EventType.DOKUMENTASJON_ETTERSPURT, {"documents": 0, "cleared": True}, "looked at"),
        (
            EventType.UTBETALING,
            {"status": "UTBETALT", "belop": Decimal("6200")},
            "Payment of 6,200 kr: paid",
        ),
        (EventType.VILKAR, {"status": "ANNULLERT", "tittel": "Betale husleie"}, "removed"),
        (EventType.VILKAR, {"status": "RELEVANT", "tittel": "Søke bostøtte"}, "Søke bostøtte"),
    ],
)
def test_sentences(kind: EventType, facts: dict[str, Fact], text: str) -> None:
    with translation.override("en"):
        sentence = timeline_text(TimelineEntry(AT, kind, facts), {"0315": "NAV Grünerløkka"})
    assert text in sentence
