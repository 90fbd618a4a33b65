"""Answers as the applicant, the office and the receipt read them: question, then answer.

Labels and choice texts come from the step forms, so a question reads the same everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kompanjong.core.formatting import account_for_reading, phone_for_reading
from kompanjong.people.models import Municipality

from .answers import AllAnswers, section
from .forms import (
    STEP_FORMS,
    PersonalForm,
    StepForm,
    YesNoField,
)


@dataclass(frozen=True)
class Row:
    label: str
    value: str


@dataclass(frozen=True)
class Section:
    step: str
    title: str
    rows: tuple[Row, ...]


def step_titles(steps: list[str]) -> list[str]:
    """The names of wizard steps, as the applicant sees them in the step headings."""
    titles = {step: str(form.title) for step, form in STEP_FORMS.items()}
    titles["documents"] = _("Documents")
    titles["check"] = _("Check your answers")
    return [titles[step] for step in steps]


def _text(field: forms.Field, value: Any) -> str:
    if isinstance(field, YesNoField):
        return _("Yes") if value else _("No")
    if isinstance(field, forms.MultipleChoiceField):
        labels = dict(field.choices)  # type: ignore[arg-type]
        return ", ".join(str(labels.get(item, item)) for item in value) if value else _("None")
    if isinstance(field, forms.ChoiceField):
        return str(dict(field.choices).get(value, value))  # type: ignore[arg-type]
    if isinstance(field, forms.DecimalField | forms.IntegerField):
        return number_format(value, force_grouping=True)
    return str(value)


def _shown(form: StepForm, name: str, value: Any) -> bool:
    """Follow-up answers that were not asked are left out; unanswered optional text too."""
    if name in form.follow_ups:
        question, answer = form.follow_ups[name]
        return bool(section_value(form, question) == answer)
    return value not in (None, "") or form.fields[name].required


def section_value(form: StepForm, name: str) -> Any:
    return form.initial.get(name)


ADDRESS_FIELDS = frozenset({"street", "postcode", "city"})
PROTECTED_ADDRESS = gettext_lazy("Protected address. Only staff with the special right can see it.")


def sections(
    answers: AllAnswers, municipalities: list[Municipality], *, mask_address: bool = False
) -> list[Section]:
    """The answers as labelled rows. `mask_address`: the applicant has a protected address
    (fortrolig / strengt fortrolig) and the reader lacks the right to see it."""
    result = []
    for step, form_class in STEP_FORMS.items():
        saved = section(answers, step)
        form: StepForm = (
            PersonalForm(municipalities=municipalities)
            if form_class is PersonalForm
            else form_class()
        )
        form.initial = saved
        rows = []
        for name, field in form.fields.items():
            if name not in saved or not _shown(form, name, saved[name]):
                continue
            value = saved[name]
            if (
                step == "family"
                and name == "children_shared_residence"
                and not saved.get("children")
            ):
                continue
            if mask_address and step == "personal" and name in ADDRESS_FIELDS:
                if name == "street":
                    rows.append(Row(str(_("Address")), str(PROTECTED_ADDRESS)))
                continue
            text = _text(field, value)
            if step == "personal" and name == "account_number":
                text = account_for_reading(value)
            elif step == "personal" and name == "phone":
                text = phone_for_reading(value)
            rows.append(Row(str(field.label), text))
        result.append(Section(step, str(form_class.title), tuple(rows)))
    return result
