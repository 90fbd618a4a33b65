"""The booking forms: a time (radio buttons), what the person needs, and who it is for.

Times travel as "<resource id>-<start in seconds>" (display.slot_value). A time that is no
longer in the list is still accepted by the form: the service decides, and answers "that
time was just taken" with the next free times, which is more use than "not a valid choice".
"""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kompanjong.core.forms import NorwegianDateField, NorwegianPhoneField, OnceForm
from kompanjong.core.models import AccessChannel
from kompanjong.directory.topics import TOPICS
from kompanjong.people.models import Language, Person
from kompanjong.people.validators import normalise_national_id, validate_national_id

from . import slots
from .display import TimeChoice, channel_name, parse_slot_value

TEXT_LIMIT = 1000
TOO_LONG = _("Write at most %(limit_value)d characters. You have written %(show_value)d.")


class SlotField(forms.ChoiceField):
    """A time from the list; any well-formed time passes here (see the module's note)."""

    def valid_value(self, value: Any) -> bool:
        return parse_slot_value(str(value)) is not None


def slot_field(choices: list[TimeChoice], label: Any = None) -> SlotField:
    return SlotField(
        label=label or _("Choose a time"),
        choices=[(choice.value, choice.label) for choice in choices],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose a time."),
            "invalid_choice": _("Choose one of the times in the list."),
        },
    )


def choice_field(form: forms.Form, name: str) -> forms.ChoiceField:
    return cast(forms.ChoiceField, form.fields[name])


class TimeForm(OnceForm):
    """Choose a free time (the place's page, moving a booking)."""

    def __init__(
        self, *args: Any, choices: list[TimeChoice], resource_ids: set[int], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.resource_ids = resource_ids
        self.fields["slot"] = slot_field(choices)

    def clean_slot(self) -> tuple[int, dt.datetime]:
        parsed = parse_slot_value(self.cleaned_data["slot"])
        if parsed is None or parsed[0] not in self.resource_ids:
            raise ValidationError(_("Choose one of the times in the list."), code="invalid")
        return parsed


class FilterForm(forms.Form):
    """Narrow the list of times: a way to meet, a language, later weeks (GET)."""

    channel = forms.ChoiceField(
        label=_("How do you want to meet?"),
        required=False,
        error_messages={"invalid_choice": _("Choose one of the ways to meet in the list.")},
    )
    language = forms.ChoiceField(
        label=_("Which language do you want to speak?"),
        required=False,
        error_messages={"invalid_choice": _("Choose one of the languages in the list.")},
    )

    def __init__(
        self, *args: Any, channels: list[str], languages: list[tuple[str, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "channel").choices = [
            ("", _("Any way")),
            *((code, channel_name(code)) for code in channels),
        ]
        choice_field(self, "language").choices = [("", _("Any language")), *languages]
        # A filter with one answer is no choice: it is not shown.
        counts = {"channel": len(channels), "language": len(languages)}
        self.offered = {name for name, count in counts.items() if count > 1}


def _topic_choices() -> list[tuple[str, Any]]:
    return [("", _("Choose")), *((topic.code, topic.name) for topic in TOPICS)]


class NeedsForm(forms.Form):
    """What the person needs at the meeting (the citizen's form and the desk's)."""

    topic = forms.ChoiceField(
        label=_("What do you need help with?"),
        choices=_topic_choices,
        error_messages={
            "required": _("Choose what you need help with."),
            "invalid_choice": _("Choose one of the topics in the list."),
        },
    )
    channel = forms.ChoiceField(
        label=_("How do you want to meet?"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose how you want to meet."),
            "invalid_choice": _("Choose one of the ways to meet in the list."),
        },
    )
    language = forms.ChoiceField(
        label=_("Which language do you want to speak?"),
        choices=Language.choices,
        error_messages={
            "required": _("Choose a language."),
            "invalid_choice": _("Choose one of the languages in the list."),
        },
    )
    interpreter = forms.BooleanField(label=_("I need an interpreter"), required=False)
    accessibility_needs = forms.CharField(
        label=_("Do you need anything to take part?"),
        help_text=_("For example: I use a wheelchair, I hear badly, I need large text."),
        required=False,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": TOO_LONG},
    )
    note = forms.CharField(
        label=_("Anything else the helper should know?"),
        help_text=_("For example what the letter from NAV is about. At most 1000 characters."),
        required=False,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": TOO_LONG},
    )

    def __init__(self, *args: Any, channels: tuple[str, ...] | list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "channel").choices = [(code, channel_name(code)) for code in channels]
        if len(channels) == 1 and not self.is_bound:
            self.initial.setdefault("channel", channels[0])


def reminder_choices(person: Person, via: str) -> list[tuple[str, Any]]:
    """Yes by the one channel the outbox will use for this person (their own choice in
    "Your needs"), or no; empty when they only get letters (no choice to make)."""
    from kompanjong.core.formatting import phone_for_reading

    if via == "sms":
        yes = _("Yes, a text message to %(number)s the day before") % {
            "number": phone_for_reading(person.phone)
        }
    elif via == "email":
        yes = _("Yes, an email to %(email)s the day before") % {"email": person.email}
    else:
        return []
    return [(via, yes), ("none", _("No reminder. I write down the time or print this page."))]


class DetailsForm(NeedsForm, OnceForm):
    """The citizen's (or their helper's) second step: needs, reminder, and the time kept
    for them; after "just taken" the time becomes a choice among the next free times."""

    def __init__(
        self,
        *args: Any,
        person: Person,
        remind_via: str,
        offer: list[TimeChoice] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["slot"] = slot_field(offer or [], _("Choose another time"))
        if offer is None:
            self.fields["slot"].widget = forms.HiddenInput()
        choices = reminder_choices(person, remind_via)
        if choices:
            self.fields["remind"] = forms.ChoiceField(
                label=_("Do you want a reminder?"),
                choices=choices,
                widget=forms.RadioSelect,
                initial=choices[0][0],
                error_messages={
                    "required": _("Choose if you want a reminder."),
                    "invalid_choice": _("Choose one of the answers in the list."),
                },
            )
        if not self.is_bound:
            self.initial.setdefault("language", person.preferred_language)
            self.initial.setdefault("interpreter", bool(person.interpreter_language))

    def clean_slot(self) -> tuple[int, dt.datetime]:
        parsed = parse_slot_value(self.cleaned_data["slot"])
        if parsed is None:
            raise ValidationError(_("Choose one of the times in the list."), code="invalid")
        return parsed

    def wants_reminder(self) -> bool:
        """Letters only (no field): the letter list and the printed page remind them."""
        return self.cleaned_data.get("remind", "letter") != "none"


WHO = [
    ("person", _("The person has a national identity number")),
    ("guest", _("The person has no account in Kompanjong")),
]
VIA = [
    (AccessChannel.PHONE, _("On the phone")),
    (AccessChannel.COUNTER, _("At the desk")),
]


class DeskBookingForm(NeedsForm, TimeForm):
    """The desk books for someone who calls or comes by: a time, who, and their needs."""

    who = forms.ChoiceField(
        label=_("Who is the time for?"),
        choices=WHO,
        widget=forms.RadioSelect,
        initial="person",
        error_messages={"required": _("Choose who the time is for.")},
    )
    national_id = forms.CharField(
        label=_("Their national identity number"),
        help_text=_("11 digits (fødselsnummer or D-number)."),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    # Both must match, so a number alone tells nobody whether such a person exists.
    family_name = forms.CharField(
        label=_("Their last name"),
        help_text=_("As in the national register. It must match the number."),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        error_messages={"max_length": TOO_LONG},
    )
    guest_name = forms.CharField(
        label=_("Their name"),
        help_text=_("If they have no account."),
        required=False,
        max_length=200,
        error_messages={"max_length": TOO_LONG},
    )
    guest_phone = NorwegianPhoneField(
        label=_("Their phone number"),
        help_text=_("If they have no account and have a phone. 8 digits."),
        required=False,
    )
    via = forms.ChoiceField(
        label=_("How did they ask for the time?"),
        choices=VIA,
        widget=forms.RadioSelect,
        initial=AccessChannel.PHONE,
        error_messages={"required": _("Choose how they asked for the time.")},
    )
    remind = forms.BooleanField(
        label=_("Send them a reminder the day before (text message, email or letter)"),
        required=False,
        initial=True,
    )

    field_order = [
        "slot",
        "who",
        "national_id",
        "family_name",
        "guest_name",
        "guest_phone",
        "topic",
        "channel",
        "language",
        "interpreter",
        "accessibility_needs",
        "note",
        "via",
        "remind",
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.order_fields(self.field_order)
        self.initial.setdefault("language", Language.NB)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        who = data.get("who")
        if who == "person":
            number = data.get("national_id", "")
            if not number:
                self.add_error(
                    "national_id", _("Write their national identity number (11 digits).")
                )
            else:
                try:
                    validate_national_id(number)
                except ValidationError as error:
                    self.add_error("national_id", error)
                else:
                    data["national_id"] = normalise_national_id(number)
            if not data.get("family_name", "").strip() and "family_name" not in self.errors:
                self.add_error("family_name", _("Write their last name."))
        elif (
            who == "guest"
            and not data.get("guest_name", "").strip()
            and "guest_name" not in self.errors
        ):
            self.add_error("guest_name", _("Write the name of the person the time is for."))
        return data


# The desk's day view looks this far back and ahead, and no further.
DAY_RANGE_YEARS = 5


class DayForm(forms.Form):
    """The desk's day: which date to show (GET)."""

    day = NorwegianDateField(label=_("Show another day"), help_text=_("For example 07.12.2026"))

    def clean_day(self) -> dt.date:
        day: dt.date = self.cleaned_data["day"]
        today = slots.local_date(timezone.now())
        if not years_from(today, -DAY_RANGE_YEARS) <= day <= years_from(today, DAY_RANGE_YEARS):
            raise ValidationError(
                _("Choose a day at most five years before or after today."), code="range"
            )
        return day


def years_from(day: dt.date, years: int) -> dt.date:
    """The same date `years` later (or earlier); 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)
