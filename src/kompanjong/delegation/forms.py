"""The grant form: who (national identity number and surname, which must match) and what
(per area: nothing, see, or see and act; until which day)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kompanjong.core.forms import NorwegianDateField, OnceForm
from kompanjong.people.forms import FindPersonForm

from .models import DocumentType
from .rules import Action, Area
from .services import ScopeChoice, longest_until

# The areas a grant can cover now (follow-up comes later), with what each level means there.
AREAS: dict[Area, Promise] = {
    Area.APPLICATION: _("The application for financial assistance"),
    Area.CASE: _("The case: status, letters, decisions and payments"),
    Area.MESSAGES: _("Messages with NAV"),
    Area.BOOKINGS: _("Appointments with helpers"),
}
LEVELS: dict[Area, list[tuple[str, Promise]]] = {
    Area.APPLICATION: [
        ("", _("No")),
        (Action.READ, _("May see it")),
        (Action.WRITE, _("May see it, fill it in and send it")),
    ],
    Area.CASE: [
        ("", _("No")),
        (Action.READ, _("May see it")),
        (Action.WRITE, _("May see it and send documents")),
    ],
    Area.MESSAGES: [
        ("", _("No")),
        (Action.READ, _("May read them")),
        (Action.COMMUNICATE, _("May read and write them")),
    ],
    Area.BOOKINGS: [
        ("", _("No")),
        (Action.READ, _("May see them")),
        (Action.WRITE, _("May see, book, move and cancel them")),
    ],
}


# "Choose at least one" is shown at the first group, so the error summary can link to it.
FIRST_LEVEL = f"{next(iter(AREAS))}_level"


class GrantForm(FindPersonForm, OnceForm):
    """Find the other person and choose the scopes. The same form gives a grant (the citizen
    names the helper) and asks for one (the helper names the citizen)."""

    family_name = forms.CharField(
        label=_("Their last name"),
        help_text=_("As in the national register. It must match the number."),
        max_length=100,
        error_messages={"required": _("Write their last name.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["national_id"].label = _("Their national identity number")
        self.fields["national_id"].error_messages["required"] = _(
            "Write their national identity number (11 digits)."
        )
        default_until = longest_until()
        for area, label in AREAS.items():
            self.fields[f"{area}_level"] = forms.ChoiceField(
                label=str(label), choices=LEVELS[area], required=False, widget=forms.RadioSelect
            )
            self.fields[f"{area}_until"] = NorwegianDateField(
                label=_("%(area)s: until and including") % {"area": label},
                required=False,
                initial=default_until.strftime("%d.%m.%Y"),
                help_text=_("At most one year from today. For example %(date)s")
                % {"date": default_until.strftime("%d.%m.%Y")},
            )

    def areas(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"{area}_level"], self[f"{area}_until"]) for area in AREAS]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        today, latest = timezone.localdate(), longest_until()
        chosen = False
        for area in AREAS:
            if not data.get(f"{area}_level"):
                continue
            chosen = True
            until: date | None = data.get(f"{area}_until")
            if until is None:
                if f"{area}_until" not in self.errors:
                    self.add_error(f"{area}_until", _("Write the last day it is valid."))
            elif until < today:
                self.add_error(f"{area}_until", _("Choose today or a later day."))
            elif until > latest:
                self.add_error(
                    f"{area}_until",
                    ValidationError(
                        _("It can be valid for at most one year, until %(date)s."),
                        params={"date": latest.strftime("%d.%m.%Y")},
                    ),
                )
        if not chosen:
            self.add_error(FIRST_LEVEL, _("Choose at least one thing they may help with."))
        return data

    def scopes(self) -> list[ScopeChoice]:
        data = self.cleaned_data
        return [
            ScopeChoice(Area(area), Action(data[f"{area}_level"]), data[f"{area}_until"])
            for area in AREAS
            if data.get(f"{area}_level")
        ]


class HelpCodeForm(forms.Form):
    """What a helper at the counter may help with, for the next couple of hours."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for area, label in AREAS.items():
            self.fields[f"{area}_level"] = forms.ChoiceField(
                label=str(label), choices=LEVELS[area], required=False, widget=forms.RadioSelect
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not any(data.get(f"{area}_level") for area in AREAS):
            self.add_error(FIRST_LEVEL, _("Choose at least one thing they may help with."))
        return data

    def scopes(self) -> list[tuple[Area, Action]]:
        return [
            (Area(area), Action(self.cleaned_data[f"{area}_level"]))
            for area in AREAS
            if self.cleaned_data.get(f"{area}_level")
        ]


class RedeemForm(forms.Form):
    code = forms.CharField(
        label=_("Help code"),
        help_text=_("8 letters and numbers, for example ACDE-3479. Dashes do not matter."),
        max_length=20,
        error_messages={"required": _("Write the help code the person gave you.")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )


class IdentityForm(forms.Form):
    document_type = forms.ChoiceField(
        label=_("ID document shown"),
        choices=[("", _("Choose")), *DocumentType.choices],
        error_messages={"required": _("Choose the ID document the person showed you.")},
    )
    document_number = forms.CharField(
        label=_("Document number"),
        max_length=40,
        error_messages={"required": _("Write the number of the ID document.")},
    )


class PaperGrantForm(GrantForm):
    """A signed paper power of attorney: who the helper is, what it covers, its reference."""

    paper_reference = forms.CharField(
        label=_("Reference on the paper"),
        required=False,
        max_length=64,
        help_text=_("If the paper has a number or reference, write it here."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["national_id"].label = _("The helper's national identity number")
        self.fields["family_name"].label = _("The helper's last name")


class RegisterForm(forms.Form):
    channel = forms.ChoiceField(
        label=_("How did the person apply?"),
        widget=forms.RadioSelect,
        choices=[
            ("staff_paper", _("On a paper form")),
            ("staff_phone", _("On the phone")),
        ],
        error_messages={"required": _("Choose paper or phone.")},
    )
