from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kompanjong.core.forms import NorwegianPhoneField
from kompanjong.people.models import Channel, Language, Person
from kompanjong.people.validators import normalise_national_id, validate_national_id

NO_INTERPRETER = ""


class CommunicationNeedsForm(forms.ModelForm):
    phone = NorwegianPhoneField(
        label=_("Mobile number"), required=False, help_text=_("8 digits, for example 412 34 567.")
    )
    interpreter_language = forms.ChoiceField(
        label=_("Do you need an interpreter?"),
        choices=[(NO_INTERPRETER, _("No, I do not need an interpreter")), *Language.choices],
        required=False,
        help_text=_("Choose the language the interpreter should speak."),
    )
    support = forms.MultipleChoiceField(
        label=_("Do you need help with reading or writing?"),
        help_text=_("Choose all that fit. You can leave it empty."),
        choices=[("reading", _("I need help reading")), ("writing", _("I need help writing"))],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Person
        fields = [
            "preferred_language",
            "interpreter_language",
            "preferred_channel",
            "phone",
            "email",
            "reserved_against_digital",
            "needs_note",
        ]
        labels = {
            "preferred_language": _("Which language do you prefer?"),
            "preferred_channel": _("How do you want us to contact you?"),
            "email": _("Email"),
            "reserved_against_digital": _("I do not want digital notices (only letters)"),
            "needs_note": _("Is there anything else we should know?"),
        }
        help_texts = {
            "preferred_language": _("Staff will know this when they meet you."),
            "email": _("For example navn@epost.no"),
            "reserved_against_digital": _(
                "This works like the national contact register (KRR): "
                "we send you letters instead of text messages and emails."
            ),
            "needs_note": _(
                "For example: I hear badly, call me after 12. At most 1000 characters."
            ),
        }
        widgets = {
            "preferred_channel": forms.RadioSelect,
            "needs_note": forms.Textarea(attrs={"rows": 4}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        person = self.instance
        if not self.is_bound:
            self.initial["support"] = [
                name
                for name, on in (
                    ("reading", person.reading_support),
                    ("writing", person.writing_support),
                )
                if on
            ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        channel = data.get("preferred_channel")
        # A field that already has its own error gets no second, contradicting message.
        if (
            channel in {Channel.SMS, Channel.PHONE}
            and not data.get("phone")
            and "phone" not in self.errors
        ):
            self.add_error(
                "phone",
                _("You chose to be contacted by phone or text message. Write your mobile number."),
            )
        if (
            channel == Channel.DIGITAL
            and not data.get("email")
            and not data.get("phone")
            and not data.get("reserved_against_digital")
            and "email" not in self.errors
            and "phone" not in self.errors
        ):
            self.add_error(
                "email",
                _(
                    "You chose digital contact. "
                    "Write your email or mobile number, or choose letter."
                ),
            )
        return data

    def needs(self) -> dict[str, Any]:
        """The cleaned values as the service wants them."""
        data = dict(self.cleaned_data)
        support = data.pop("support", [])
        data["reading_support"] = "reading" in support
        data["writing_support"] = "writing" in support
        return data


class FindPersonForm(forms.Form):
    national_id = forms.CharField(
        label=_("National identity number"),
        help_text=_("11 digits (fødselsnummer or D-number)."),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def clean_national_id(self) -> str:
        value = self.cleaned_data["national_id"]
        validate_national_id(value)
        return normalise_national_id(value)


class DemoLoginForm(forms.Form):
    def __init__(self, *args: Any, personas: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["persona"] = forms.ChoiceField(choices=[(key, key) for key in personas])
