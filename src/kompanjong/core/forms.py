"""Forms of the core app, and the field types every app shares."""

from __future__ import annotations

import re
import unicodedata
import uuid
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def posted(request: Any) -> Any:
    """The form data of a POST, even an empty one (so it is checked), else None (unbound)."""
    return request.POST if request.method == "POST" else None


class OnceForm(forms.Form):
    """A form with a hidden token, so a double click or a resent page does the thing once:
    the service records the token and recognises it the second time."""

    token = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["initial"] = {"token": uuid.uuid4(), **(kwargs.get("initial") or {})}
        super().__init__(*args, **kwargs)

    def clean_token(self) -> uuid.UUID | None:
        # Only ever our own hidden value; anything else just means "no protection".
        try:
            return uuid.UUID(self.cleaned_data["token"])
        except ValueError:
            return None


def ascii_digits(text: str) -> str:
    """Digits typed on an Arabic, Persian or wide keyboard (٤١٢, ４１２) as 0–9: people may type
    numbers in their own script, and registers and NAV's formats want ASCII digits."""
    return "".join(
        str(unicodedata.digit(char)) if char.isdigit() and not char.isascii() else char
        for char in text
    )


DATE_FORMATS = ["%d.%m.%Y", "%d.%m.%y", "%Y-%m-%d", "%d/%m/%Y", "%d%m%Y"]


class NorwegianDateField(forms.DateField):
    """A date typed as 17.05.1990 (also accepts 17/05/1990 and 1990-05-17)."""

    widget = forms.TextInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("input_formats", DATE_FORMATS)
        kwargs.setdefault(
            "error_messages",
            {"invalid": _("Write the date as day.month.year, for example 17.05.1990.")},
        )
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})


class AmountField(forms.DecimalField):
    """An amount in kroner. Accepts '12 500', '12500,50' and '12.500'."""

    widget = forms.TextInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_digits", 12)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("min_value", Decimal(0))
        kwargs.setdefault(
            "error_messages",
            {
                "invalid": _("Write the amount in numbers, for example 12 500."),
                "min_value": _("The amount cannot be less than 0."),
            },
        )
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("inputmode", "decimal")

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]  # stubs: Decimal
        if isinstance(value, str):
            text = re.sub(r"[\s\u00a0]|kr\.?|,-$", "", value.strip(), flags=re.IGNORECASE)
            # 12.500 is twelve thousand five hundred in Norwegian; 12,50 is twelve and a half.
            if re.fullmatch(r"\d{1,3}(\.\d{3})+", text):
                text = text.replace(".", "")
            text = text.replace(",", ".")
            try:
                Decimal(text) if text else None
            except InvalidOperation as error:
                raise ValidationError(self.error_messages["invalid"], code="invalid") from error
            value = text
        return super().to_python(value)


class NorwegianPhoneField(forms.CharField):
    """A Norwegian phone number: 8 digits, with or without +47 and spaces."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 20)
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "tel", "autocomplete": "tel"})

    def clean(self, value: Any) -> str:
        text = super().clean(value)
        if not text:
            return ""
        digits = re.sub(r"[\s\-().]", "", ascii_digits(text))
        digits = re.sub(r"^(\+47|0047)", "", digits)
        if not re.fullmatch(r"[0-9]{8}", digits):
            raise ValidationError(
                _("Write a Norwegian phone number with 8 digits, for example 412 34 567."),
                code="invalid",
            )
        return digits


class ComponentGalleryForm(forms.Form):
    """Shows each form component once; submitting it empty shows every error state."""

    name = forms.CharField(label=_("Full name"), help_text=_("As on your ID card."))
    about = forms.CharField(
        label=_("What do you need help with?"),
        help_text=_("Write a few words. You can write in your own language."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    contact = forms.ChoiceField(
        label=_("How should we contact you?"),
        choices=[("sms", _("Text message (SMS)")), ("letter", _("Letter by post"))],
        widget=forms.RadioSelect,
    )
    topics = forms.MultipleChoiceField(
        label=_("What is it about?"),
        help_text=_("Choose all that fit."),
        choices=[("money", _("Money")), ("housing", _("Housing")), ("work", _("Work"))],
        widget=forms.CheckboxSelectMultiple,
    )
    birth_date = NorwegianDateField(label=_("Date of birth"), help_text=_("For example 17.05.1990"))
    amount = AmountField(label=_("Monthly rent"), help_text=_("In Norwegian kroner."))
    document = forms.FileField(
        label=_("Attach a document"),
        help_text=_("Photo (JPEG, PNG, HEIC) or PDF, at most 20 MB."),
    )
    agree = forms.BooleanField(label=_("I have checked that this is right"))
