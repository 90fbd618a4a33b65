"""What the fold's codes mean in plain words. The fold stays free of display text."""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from .fold import ApplicationStatus, EventType, Outcome, PaymentStatus, TimelineEntry

STATUS: dict[str, tuple[Promise, Promise]] = {
    # status: (where it stands, what happens next)
    ApplicationStatus.SENDT: (
        _("Your application is sent."),
        _("NAV will register it. You do not need to do anything now."),
    ),
    ApplicationStatus.MOTTATT: (
        _("NAV has received your application."),
        _("A caseworker will look at it. If NAV needs more, you will see it here."),
    ),
    ApplicationStatus.UNDER_BEHANDLING: (
        _("NAV is processing your application."),
        _("Send the documents NAV asks for as soon as you can. Then NAV can decide."),
    ),
    ApplicationStatus.FERDIGBEHANDLET: (
        _("NAV has decided your application."),
        _("Read the decision below. If you disagree, you can complain."),
    ),
    ApplicationStatus.BEHANDLES_IKKE: (
        _("NAV will not process this application."),
        _("Contact your NAV office if you have questions."),
    ),
}

OUTCOME: dict[str, Promise] = {
    Outcome.INNVILGET: _("Granted"),
    Outcome.DELVIS_INNVILGET: _("Partly granted"),
    Outcome.AVSLATT: _("Rejected"),
    Outcome.AVVIST: _("Dismissed"),
}

PAYMENT: dict[str, Promise] = {
    PaymentStatus.PLANLAGT_UTBETALING: _("Planned"),
    PaymentStatus.UTBETALT: _("Paid"),
    PaymentStatus.STOPPET: _("Stopped"),
    PaymentStatus.ANNULLERT: _("Cancelled"),
}

EVENT: dict[str, Promise] = {
    EventType.SOKNADS_STATUS: _("The status of the application changed"),
    EventType.TILDELT_NAV_KONTOR: _("A NAV office took over the application"),
    EventType.SAKS_STATUS: _("A part of the application changed"),
    EventType.VEDTAK_FATTET: _("NAV made a decision"),
    EventType.DOKUMENTASJON_ETTERSPURT: _("NAV asked for documents"),
    EventType.FORELOPIG_SVAR: _("NAV sent a preliminary answer"),
    EventType.UTBETALING: _("A payment was registered or changed"),
    EventType.VILKAR: _("A condition was set or changed"),
    EventType.DOKUMENTASJONKRAV: _("A documentation requirement was set or changed"),
    EventType.RAMMEVEDTAK: _("A framework decision was registered"),
}


TIMELINE_STATUS: dict[str, Promise] = {
    ApplicationStatus.MOTTATT: _("NAV received your application"),
    ApplicationStatus.UNDER_BEHANDLING: _("NAV started processing your application"),
    ApplicationStatus.FERDIGBEHANDLET: _("NAV finished processing your application"),
    ApplicationStatus.BEHANDLES_IKKE: _("NAV will not process your application"),
}


REMOVED: dict[str, Promise] = {
    EventType.VILKAR: _("NAV removed a condition"),
    EventType.DOKUMENTASJONKRAV: _("NAV removed a documentation requirement"),
}


def timeline_text(entry: TimelineEntry, office_names: Mapping[str, str]) -> str:
    """What happened, in plain words, with the facts the event carries."""
    facts = entry.facts
    kind = entry.type
    if kind is EventType.SOKNADS_STATUS and facts.get("status") in TIMELINE_STATUS:
        return str(TIMELINE_STATUS[str(facts["status"])])
    if kind is EventType.TILDELT_NAV_KONTOR and facts.get("navKontor") in office_names:
        return gettext("%(office)s handles your application") % {
            "office": office_names[str(facts["navKontor"])]
        }
    if kind is EventType.VEDTAK_FATTET and facts.get("utfall") in OUTCOME:
        outcome = str(OUTCOME[str(facts["utfall"])])
        if facts.get("tittel"):
            return gettext("Decision about %(title)s: %(outcome)s") % {
                "title": facts["tittel"],
                "outcome": outcome.lower(),
            }
        return gettext("Decision: %(outcome)s") % {"outcome": outcome.lower()}
    if kind is EventType.DOKUMENTASJON_ETTERSPURT:
        count = int(facts.get("documents") or 0)
        if facts.get("cleared") or not count:
            return gettext("NAV has looked at your documents")
        return ngettext(
            "NAV asked for %(count)d document", "NAV asked for %(count)d documents", count
        ) % {"count": count}
    if kind is EventType.UTBETALING and facts.get("status") in PAYMENT:
        status = str(PAYMENT[str(facts["status"])]).lower()
        if facts.get("belop") is not None:
            return gettext("Payment of %(amount)s kr: %(status)s") % {
                "amount": number_format(facts["belop"], 0, force_grouping=True),  # type: ignore[arg-type]
                "status": status,
            }
        return gettext("Payment: %(status)s") % {"status": status}
    if kind in REMOVED and facts.get("status") == "ANNULLERT":
        return str(REMOVED[kind])
    titled = (EventType.SAKS_STATUS, EventType.VILKAR, EventType.DOKUMENTASJONKRAV)
    if kind in titled and facts.get("tittel"):
        return f"{EVENT[kind]}: {facts['tittel']}"
    return str(EVENT[kind])
