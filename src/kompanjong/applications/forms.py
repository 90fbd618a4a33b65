"""One form per wizard step. Field names are the answer keys of `answers.py`.

Follow-up questions ("Where do you work?") sit on the same page as the question they follow;
they are required only when the answer calls for them, and cleared when it does not, so a
changed answer never leaves a stale one behind.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.no import kontonr

from kompanjong.core.formatting import account_for_reading, phone_for_reading
from kompanjong.core.forms import AmountField, NorwegianPhoneField, ascii_digits
from kompanjong.people.models import Municipality

from .answers import AllAnswers, section
from .required_documents import EXPENSE_DOCUMENTS, ChildSupport, Housing

YES_NO = [("yes", _("Yes")), ("no", _("No"))]
TOO_LONG = _("Write at most %(limit_value)d characters. You have written %(show_value)d.")
# Invisible characters that turn text around ("evil" shows as "live"); Arabic and other
# right-to-left text needs none of them, so they are removed.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


class YesNoField(forms.TypedChoiceField):
    """A yes/no question as two radio buttons; the answer is stored as True/False."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("choices", YES_NO)
        kwargs.setdefault("widget", forms.RadioSelect)
        kwargs.setdefault("coerce", lambda value: value == "yes")
        kwargs.setdefault("empty_value", None)
        super().__init__(**kwargs)


def radios(choices: Any, **kwargs: Any) -> forms.ChoiceField:
    return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **kwargs)


def checkboxes(choices: Any, **kwargs: Any) -> forms.MultipleChoiceField:
    kwargs.setdefault("required", False)
    return forms.MultipleChoiceField(choices=choices, widget=forms.CheckboxSelectMultiple, **kwargs)


def whole_number(*, minimum: int, maximum: int, **kwargs: Any) -> forms.IntegerField:
    messages = {
        "invalid": _("Write a whole number, for example 2."),
        "min_value": _("The number must be %(limit_value)s or more."),
        "max_value": _("The number must be %(limit_value)s or less."),
        **kwargs.pop("error_messages", {}),
    }
    return forms.IntegerField(
        min_value=minimum,
        max_value=maximum,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        error_messages=messages,
        **kwargs,
    )


class StepForm(forms.Form):
    """A wizard step: reads its initial values from the answers and writes its own section."""

    step: ClassVar[str]
    title: ClassVar[Any]
    # Follow-up field -> (question field, the answer that asks for it)
    follow_ups: ClassVar[dict[str, tuple[str, object]]] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field.widget, forms.Textarea):
                # No maxlength in the browser: pasted text would be cut off without a word.
                # The server says how much is too much instead.
                field.widget.attrs.pop("maxlength", None)
                field.error_messages["max_length"] = TOO_LONG

    @classmethod
    def initial_from(cls, answers: AllAnswers) -> dict[str, Any]:
        saved = section(answers, cls.step)
        initial: dict[str, Any] = {}
        for name, field in cls.base_fields.items():
            if name not in saved:
                continue
            value = saved[name]
            if isinstance(field, YesNoField) and isinstance(value, bool):
                value = "yes" if value else "no"
            initial[name] = value
        return initial

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name, value in cleaned.items():
            if isinstance(value, str):
                cleaned[name] = BIDI_CONTROLS.sub("", value)
        for follow_up, (question, answer) in self.follow_ups.items():
            asked = cleaned.get(question) == answer
            if not asked:
                cleaned[follow_up] = self._empty(follow_up)
                self.errors.pop(follow_up, None)
            elif cleaned.get(follow_up) in (None, "", []) and follow_up not in self.errors:
                self.add_error(follow_up, self.fields[follow_up].error_messages["required"])
        return cleaned

    def _empty(self, name: str) -> Any:
        field = self.fields[name]
        if isinstance(field, forms.MultipleChoiceField):
            return []
        if isinstance(field, YesNoField):
            return False
        if isinstance(field, forms.IntegerField):
            return 0
        return ""

    def to_answers(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) for name in self.fields}


def required(message: Any) -> dict[str, Any]:
    return {"error_messages": {"required": message}}


class PersonalForm(StepForm):
    step = "personal"
    title = _("About you")
    follow_ups: ClassVar[dict[str, tuple[str, object]]] = {
        "account_number": ("has_account", True),
        "citizenship_country": ("citizenship", "other"),
    }

    street = forms.CharField(
        label=_("Street address"),
        max_length=200,
        help_text=_("Where you live now, for example Storgata 12B."),
        widget=forms.TextInput(attrs={"autocomplete": "address-line1"}),
        **required(_("Write the address where you live now.")),
    )
    postcode = forms.CharField(
        label=_("Postcode"),
        max_length=4,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "postal-code", "class": "input"}
        ),
        **required(_("Write your postcode.")),
    )
    city = forms.CharField(
        label=_("Town or city"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "address-level2"}),
        **required(_("Write your town or city.")),
    )
    municipality = forms.ChoiceField(
        label=_("Municipality"),
        help_text=_("Your municipality decides which NAV office gets your application."),
        **required(_("Choose the municipality you live in.")),
    )
    phone = NorwegianPhoneField(
        label=_("Mobile number"),
        required=False,
        help_text=_("So that NAV can call you. 8 digits, for example 412 34 567."),
    )
    has_account = YesNoField(
        label=_("Do you have a bank account NAV can pay money into?"),
        **required(_("Choose yes if you have a bank account, or no if you do not.")),
    )
    account_number = forms.CharField(
        label=_("Account number"),
        max_length=20,
        required=False,
        help_text=_("11 digits, for example 1234 56 78903."),
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        **required(_("Write your account number, or choose that you do not have an account.")),
    )
    citizenship = radios(
        [
            ("norwegian", _("Norway")),
            ("nordic", _("Sweden, Denmark, Finland or Iceland")),
            ("other", _("Another country")),
        ],
        label=_("Which country are you a citizen of?"),
        **required(_("Choose which country you are a citizen of.")),
    )
    citizenship_country = forms.CharField(
        label=_("Which country?"),
        max_length=100,
        required=False,
        **required(_("Write which country you are a citizen of.")),
    )

    def __init__(self, *args: Any, municipalities: list[Municipality] | None = None, **kw: Any):
        super().__init__(*args, **kw)
        options = municipalities if municipalities is not None else []
        self.fields["municipality"].choices = [  # type: ignore[attr-defined]
            ("", _("Choose municipality")),
            *((m.number, f"{m.name} ({m.number})") for m in options),
        ]

    def clean_postcode(self) -> str:
        postcode = re.sub(r"\s", "", ascii_digits(self.cleaned_data["postcode"]))
        if not re.fullmatch(r"[0-9]{4}", postcode):
            raise ValidationError(_("A postcode has 4 digits, for example 0557."), code="invalid")
        return postcode

    def clean_account_number(self) -> str:
        text = re.sub(r"[\s.]", "", ascii_digits(self.cleaned_data.get("account_number") or ""))
        if not text:
            return ""
        if not re.fullmatch(r"[0-9]{11}", text):
            raise ValidationError(
                _("An account number has 11 digits. You wrote %(count)s.")
                % {"count": len(re.sub(r"\D", "", text))},
                code="invalid",
            )
        if not kontonr.is_valid(text):
            raise ValidationError(
                _("This account number does not exist. Check the digits and try again."),
                code="checksum",
            )
        return text

    def clean_phone(self) -> str:
        digits = self.cleaned_data.get("phone") or ""
        return f"+47{digits}" if digits else ""

    @classmethod
    def initial_from(cls, answers: AllAnswers) -> dict[str, Any]:
        initial = super().initial_from(answers)
        initial["phone"] = phone_for_reading(initial.get("phone") or "")
        initial["account_number"] = account_for_reading(initial.get("account_number") or "")
        return initial


class NeedForm(StepForm):
    step = "need"
    title = _("What you need")

    needs = checkboxes(
        [
            ("food", _("Food")),
            ("rent", _("Rent")),
            ("electricity", _("Electricity")),
            ("medicine", _("Medicine")),
            ("clothes", _("Clothes")),
            ("transport", _("Travel and transport")),
            ("other", _("Something else")),
        ],
        label=_("What do you need money for?"),
        help_text=_("Choose all that fit."),
        required=True,
        **required(_("Choose at least one thing you need money for.")),
    )
    need_details = forms.CharField(
        label=_("Tell us more about what you need"),
        help_text=_("For example how much money you need. You can leave this empty."),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    reason = forms.CharField(
        label=_("Why are you applying?"),
        help_text=_("Write a few words about your situation. You can write in your own language."),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        **required(_("Write a few words about why you are applying.")),
    )
    urgent = YesNoField(
        label=_("Do you need help today?"),
        help_text=_("For example if you have no money for food today or nowhere to sleep tonight."),
        **required(_("Choose yes if you need help today, or no if it can wait a few days.")),
    )


class WorkForm(StepForm):
    step = "work"
    title = _("Work and education")
    follow_ups: ClassVar[dict[str, tuple[str, object]]] = {
        "employer": ("working", True),
        "study_level": ("student", True),
        "student_loan": ("student", True),
    }

    working = YesNoField(
        label=_("Do you have a paid job?"),
        **required(_("Choose yes if you have a paid job, or no if you do not.")),
    )
    employer = forms.CharField(
        label=_("Where do you work?"),
        max_length=200,
        required=False,
        **required(_("Write where you work.")),
    )
    student = YesNoField(
        label=_("Are you a student?"),
        **required(_("Choose yes if you are a student, or no if you are not.")),
    )
    study_level = radios(
        [("full_time", _("Full time")), ("part_time", _("Part time"))],
        label=_("Do you study full time or part time?"),
        required=False,
        **required(_("Choose full time or part time.")),
    )
    student_loan = YesNoField(
        label=_("Do you have a student loan or grant from Lånekassen?"),
        required=False,
        **required(_("Choose yes if you have a student loan or grant, or no if you do not.")),
    )


class FamilyForm(StepForm):
    step = "family"
    title = _("Family")

    marital_status = radios(
        [
            ("single", _("Single")),
            ("married", _("Married or registered partner")),
            ("cohabiting", _("Living with a partner (samboer)")),
            ("separated", _("Separated")),
            ("divorced", _("Divorced")),
            ("widowed", _("Widow or widower")),
        ],
        label=_("What is your marital status?"),
        **required(_("Choose your marital status.")),
    )
    children = whole_number(
        minimum=0,
        maximum=20,
        label=_("How many children under 18 do you provide for?"),
        help_text=_("Write 0 if you have none."),
        **required(_("Write how many children you provide for. Write 0 if you have none.")),
    )
    children_shared_residence = YesNoField(
        label=_("Do any of the children live with both parents (shared residence)?"),
        required=False,
        **required(_("Choose yes if a child lives with both parents, or no if not.")),
    )
    child_support = radios(
        [
            (ChildSupport.NONE.value, _("No")),
            (ChildSupport.PAYS.value, _("Yes, I pay child support")),
            (ChildSupport.RECEIVES.value, _("Yes, I receive child support")),
        ],
        label=_("Do you pay or receive child support?"),
        **required(_("Choose whether you pay or receive child support.")),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        children = cleaned.get("children")
        if not children:
            cleaned["children_shared_residence"] = False
            self.errors.pop("children_shared_residence", None)
        elif cleaned.get("children_shared_residence") is None:
            self.add_error(
                "children_shared_residence",
                self.fields["children_shared_residence"].error_messages["required"],
            )
        return cleaned


class HousingForm(StepForm):
    step = "housing"
    title = _("Housing")

    housing = radios(
        [
            (Housing.RENTS.value, _("I rent")),
            (Housing.RENTS_MUNICIPAL.value, _("I rent from the municipality")),
            (Housing.OWNS.value, _("I own")),
            (Housing.LIVES_WITH_FAMILY.value, _("I live with my parents or other family")),
            (Housing.INSTITUTION.value, _("I live in an institution")),
            (Housing.NO_HOME.value, _("I have no permanent home")),
            (Housing.OTHER.value, _("Other")),
        ],
        label=_("What kind of home do you have?"),
        **required(_("Choose what kind of home you have.")),
    )
    people_in_household = whole_number(
        minimum=1,
        maximum=30,
        label=_("How many people live with you, you included?"),
        help_text=_("Write 1 if you live alone."),
        **required(_("Write how many people live with you. Write 1 if you live alone.")),
    )
    housing_benefit = YesNoField(
        label=_("Do you get housing benefit (bostøtte) from Husbanken?"),
        **required(_("Choose yes if you get housing benefit, or no if you do not.")),
    )


class IncomeForm(StepForm):
    step = "income"
    title = _("Income and assets")

    income_sources = checkboxes(
        [
            ("wage", _("Wages")),
            ("nav_benefits", _("Money from NAV, for example unemployment benefit")),
            ("student_loan", _("Student loan or grant")),
            ("child_support", _("Child support")),
            ("other", _("Other income")),
        ],
        label=_("What money do you get each month?"),
        help_text=_("Choose all that fit. Leave it empty if you get no money."),
    )
    monthly_income = AmountField(
        label=_("About how much do you get each month, after tax?"),
        help_text=_("In kroner. You can leave this empty."),
        required=False,
        max_digits=9,
        decimal_places=0,
        error_messages={
            "invalid": _("Write the amount in numbers, for example 12 500."),
            "min_value": _("The amount cannot be less than 0."),
            "max_decimal_places": _("Write the amount in whole kroner, for example 12 500."),
            "max_digits": _("The amount is too big. Write what you get in a month."),
            "max_whole_digits": _("The amount is too big. Write what you get in a month."),
        },
    )
    assets = checkboxes(
        [
            ("bank_account", _("A bank account")),
            ("savings_account", _("A savings account")),
            ("shares", _("Shares or funds")),
            ("vehicle", _("A car, motorbike or boat")),
            ("property", _("A house, flat or cabin")),
            ("other", _("Something else of value")),
        ],
        label=_("What do you own?"),
        help_text=_("Choose all that fit. Leave it empty if you own none of these."),
    )

    def to_answers(self) -> dict[str, Any]:
        answers = super().to_answers()
        amount = answers.get("monthly_income")
        answers["monthly_income"] = int(amount) if amount is not None else None
        return answers


EXPENSE_LABELS = {
    "rent": _("Rent"),
    "electricity": _("Electricity"),
    "municipal_fees": _("Municipal fees"),
    "heating": _("Heating"),
    "mortgage": _("A home loan"),
    "kindergarten": _("Kindergarten"),
    "after_school": _("After-school care (SFO)"),
    "dentist": _("Dentist"),
    "leisure": _("The children's leisure activities"),
}
if EXPENSE_LABELS.keys() != EXPENSE_DOCUMENTS.keys():  # one question per expense document
    raise ImportError("EXPENSE_LABELS and EXPENSE_DOCUMENTS must have the same keys.")


class ExpensesForm(StepForm):
    step = "expenses"
    title = _("Expenses")

    expenses = checkboxes(
        list(EXPENSE_LABELS.items()),
        label=_("What do you pay for?"),
        help_text=_("Choose all that fit. Leave it empty if you pay for none of these."),
    )
    other_expenses = forms.CharField(
        label=_("Other expenses"),
        help_text=_("For example debt or medicine. You can leave this empty."),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


STEP_FORMS: dict[str, type[StepForm]] = {
    form.step: form
    for form in (
        PersonalForm,
        NeedForm,
        WorkForm,
        FamilyForm,
        HousingForm,
        IncomeForm,
        ExpensesForm,
    )
}


class DocumentChoice:
    UPLOAD = "upload"
    ALREADY_SENT = "already_sent"
    LATER = "later"
    NONE = "none"  # only for "other documents", which nobody has to send


class DocumentForm(forms.Form):
    """One required document: upload it now, say it is already with NAV, or send it later."""

    choice = radios(
        [
            (DocumentChoice.UPLOAD, _("I will upload it now")),
            (DocumentChoice.ALREADY_SENT, _("I have already sent it to NAV")),
            (DocumentChoice.LATER, _("I will send it later")),
        ],
        label=_("How will you send this document?"),
        **required(_("Choose how you will send this document.")),
    )

    def __init__(self, *args: Any, optional: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if optional:
            self.fields["choice"].choices = [  # type: ignore[attr-defined]
                (DocumentChoice.UPLOAD, _("I will upload something now")),
                (DocumentChoice.NONE, _("I have nothing more to send")),
            ]
            self.fields["choice"].label = _("Do you want to send anything else?")
            self.fields["choice"].error_messages["required"] = _(
                "Choose whether you want to send anything else."
            )
