"""The caseworker's action forms. Each answers bad input with a specific, plain message."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kompanjong.core.forms import AmountField, NorwegianDateField, OnceForm
from kompanjong.people.models import Account, Organisation

from .casework import RequestedDocument
from .fold import Outcome, PaymentStatus

MAX_REQUESTED = 5
TEXT_LIMIT = 2000


def _future(day: date) -> date:
    if day <= timezone.localdate():
        raise ValidationError(_("Choose a date after today."))
    return day


class RequestDocumentsForm(OnceForm):
    deadline = NorwegianDateField(
        label=_("Deadline"), help_text=_("Usually 1 to 2 weeks. For example 15.03.2027")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for number in range(1, MAX_REQUESTED + 1):
            self.fields[f"title_{number}"] = forms.CharField(
                label=_("Document %(number)s") % {"number": number},
                required=number == 1,
                max_length=200,
                help_text=_("For example: bank statement for the last 3 months")
                if number == 1
                else "",
                error_messages={"required": _("Name the document you need.")},
            )
            self.fields[f"explanation_{number}"] = forms.CharField(
                label=_("What exactly, and why (plain language)"),
                required=False,
                max_length=500,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"title_{n}"], self[f"explanation_{n}"]) for n in range(1, MAX_REQUESTED + 1)]

    def clean_deadline(self) -> date:
        return _future(self.cleaned_data["deadline"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for number in range(2, MAX_REQUESTED + 1):
            if data.get(f"explanation_{number}") and not data.get(f"title_{number}"):
                self.add_error(f"title_{number}", _("Name the document you explain."))
        return data

    def documents(self) -> list[RequestedDocument]:
        data = self.cleaned_data
        return [
            RequestedDocument(data[f"title_{n}"].strip(), data[f"explanation_{n}"].strip())
            for n in range(1, MAX_REQUESTED + 1)
            if data.get(f"title_{n}", "").strip()
        ]


class PreliminaryAnswerForm(OnceForm):
    reason = forms.CharField(
        label=_("Why it takes longer"),
        help_text=_("Write it as you would say it to the applicant."),
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write why it takes longer.")},
    )
    expected_by = NorwegianDateField(
        label=_("Expected answer by"), required=False, help_text=_("For example 15.03.2027")
    )

    def clean_expected_by(self) -> date | None:
        day = self.cleaned_data.get("expected_by")
        return _future(day) if day else None


NEW_SAK = "new"


class DecisionForm(OnceForm):
    sak = forms.ChoiceField(label=_("What the decision is about"))
    title = forms.CharField(
        label=_("Name of the new part"),
        required=False,
        max_length=200,
        help_text=_("For example: Living costs in March"),
    )
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        widget=forms.RadioSelect,
        choices=[
            (Outcome.INNVILGET.value, _("Granted")),
            (Outcome.DELVIS_INNVILGET.value, _("Partly granted")),
            (Outcome.AVSLATT.value, _("Rejected")),
            (Outcome.AVVIST.value, _("Dismissed")),
        ],
        error_messages={"required": _("Choose the outcome.")},
    )
    amount = AmountField(label=_("Amount"), required=False)
    period_from = NorwegianDateField(label=_("Period from"), required=False)
    period_to = NorwegianDateField(label=_("Period to"), required=False)
    reasoning = forms.CharField(
        label=_("Reasoning"),
        help_text=_("Why you decided this. The applicant reads it in the letter."),
        max_length=TEXT_LIMIT * 2,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Write the reasoning for the decision.")},
    )

    def __init__(self, *args: Any, saker: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sak"].choices = [*saker, (NEW_SAK, _("A new part of the application"))]  # type: ignore[attr-defined]
        self.initial.setdefault("sak", saker[0][0] if saker else NEW_SAK)
        self.titles = dict(saker)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("sak") == NEW_SAK and not (data.get("title") or "").strip():
            self.add_error("title", _("Name the new part, for example Living costs in March."))
        granted = data.get("outcome") in {Outcome.INNVILGET, Outcome.DELVIS_INNVILGET}
        if granted and data.get("amount") is None:
            self.add_error("amount", _("Write the amount granted."))
        start, end = data.get("period_from"), data.get("period_to")
        if start and end and end < start:
            self.add_error("period_to", _("The period must end on or after the day it starts."))
        return data

    def subject(self) -> str:
        data = self.cleaned_data
        return data["title"].strip() if data["sak"] == NEW_SAK else self.titles[data["sak"]]


class PaymentForm(OnceForm):
    payment = forms.ChoiceField(label=_("Payment"))
    status = forms.ChoiceField(
        label=_("Status"),
        widget=forms.RadioSelect,
        choices=[
            (PaymentStatus.PLANLAGT_UTBETALING.value, _("Planned")),
            (PaymentStatus.UTBETALT.value, _("Paid")),
            (PaymentStatus.STOPPET.value, _("Stopped")),
        ],
        error_messages={"required": _("Choose the status of the payment.")},
    )
    amount = AmountField(label=_("Amount"), error_messages={"required": _("Write the amount.")})
    day = NorwegianDateField(
        label=_("Date"),
        help_text=_("When it is due, or when it was paid. For example 20.03.2027"),
        error_messages={"required": _("Write the date.")},
    )
    period_from = NorwegianDateField(label=_("Period from"), required=False)
    period_to = NorwegianDateField(label=_("Period to"), required=False)
    description = forms.CharField(
        label=_("What it is for"),
        max_length=200,
        help_text=_("For example: living costs, rent, electricity"),
        error_messages={"required": _("Write what the payment is for.")},
    )
    sak = forms.ChoiceField(label=_("Part of the application"), required=False)

    def __init__(
        self,
        *args: Any,
        payments: list[tuple[str, str]],
        saker: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["payment"].choices = [(NEW_SAK, _("A new payment")), *payments]  # type: ignore[attr-defined]
        self.fields["sak"].choices = [("", _("Not linked to a part")), *saker]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("period_from"), data.get("period_to")
        if start and end and end < start:
            self.add_error("period_to", _("The period must end on or after the day it starts."))
        return data


class ForwardForm(OnceForm):
    office = forms.ModelChoiceField(
        label=_("NAV office"),
        queryset=Organisation.objects.none(),
        empty_label=_("Choose an office"),
        error_messages={
            "required": _("Choose the office to send the case to."),
            "invalid_choice": _("Choose one of the offices in the list."),
        },
    )

    def __init__(self, *args: Any, current_office: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = (  # type: ignore[attr-defined]
            Organisation.objects.filter(kind="nav_office")
            .exclude(unit_number="")
            .exclude(pk=current_office)
            .order_by("name")
        )


class SendDocumentForm(OnceForm):
    """The citizen's upload for a task: the files come from the upload fieldset."""


class AssignForm(forms.Form):
    to = forms.ModelChoiceField(
        label=_("Assign to"),
        queryset=Account.objects.none(),
        required=False,
        empty_label=_("Nobody"),
        error_messages={"invalid_choice": _("Choose someone at this office.")},
    )

    def __init__(self, *args: Any, colleagues: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to"].queryset = colleagues  # type: ignore[attr-defined]
