"""What the fold's codes mean in plain words. The fold stays free of display text."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .fold import ApplicationStatus, EventType, Outcome, PaymentStatus

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
