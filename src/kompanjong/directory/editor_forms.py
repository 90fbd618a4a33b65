"""Forms directory editors fill in: a service, a location, and opening hours.

Each form turns what was typed into the plain values `services.py` saves (`changes()`), and
every bad input gets its own message on its own field.
"""

from __future__ import annotations

import re
from datetime import date, time
from typing import Any
from uuid import UUID

from django import forms
from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from kompanjong.core.forms import NorwegianDateField, ascii_digits

from .models import Attending, Location, LocationKind, Schedule, Service, ServiceStatus
from .opening import day_codes
from .services import (
    LANGUAGE_CODES,
    DateException,
    LocationChanges,
    ServiceChanges,
    WeeklyRule,
    phone_key,
)
from .topics import BY_CODE, TOPICS

# The languages an editor can tick, named so anyone understands them.
LANGUAGE_NAMES = {
    "nb": _("Norwegian (bokmål)"),
    "nn": _("Norwegian (nynorsk)"),
    "en": _("English"),
    "ar": _("Arabic"),
    "so": _("Somali"),
    "ti": _("Tigrinya"),
    "uk": _("Ukrainian"),
    "pl": _("Polish"),
    "fa": _("Persian (Farsi)"),
    "ur": _("Urdu"),
    "se": _("Northern Sami"),
}
LANGUAGE_CHOICES = [(code, LANGUAGE_NAMES[code]) for code in LANGUAGE_CODES]

DAYS = [
    ("MO", _("Monday")),
    ("TU", _("Tuesday")),
    ("WE", _("Wednesday")),
    ("TH", _("Thursday")),
    ("FR", _("Friday")),
    ("SA", _("Saturday")),
    ("SU", _("Sunday")),
]
DAY_ORDER = [code for code, _name in DAYS]
DAY_NAMES = dict(DAYS)

MAX_RULES = 30
MAX_THING_TO_BRING = 300
MAX_PHONES = 10
PHONE_DIGITS = (8, 15)
PHONE_LENGTH = 30  # Phone.number


class PhoneNumbersField(forms.CharField):
    """Phone numbers, one on each line: digits and spaces, a + at the start, 8 to 15 digits."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 2}))
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "tel", "autocomplete": "off"})

    def clean(self, value: Any) -> tuple[str, ...]:
        text = super().clean(value)
        numbers = []
        for line in ascii_digits(text).splitlines():
            number = " ".join(line.split())
            if number:
                numbers.append(_checked_phone(number))
        if len(numbers) > MAX_PHONES:
            raise ValidationError(
                _("Write at most %(max)s phone numbers."), params={"max": MAX_PHONES}, code="many"
            )
        if len({phone_key(number) for number in numbers}) != len(numbers):
            raise ValidationError(
                _("You have written the same number twice. Write each number once."),
                code="duplicate",
            )
        return tuple(numbers)


def _checked_phone(number: str) -> str:
    if not re.fullmatch(r"\+?[0-9 ]+", number) or len(number) > PHONE_LENGTH:
        raise ValidationError(
            _(
                "“%(typed)s” is not a phone number we can use. Write only digits and spaces, "
                "with a + at the start if you like, for example +47 23 43 29 00."
            ),
            params={"typed": number},
            code="invalid",
        )
    digits = sum(ch.isdigit() for ch in number)
    low, high = PHONE_DIGITS
    if not low <= digits <= high:
        raise ValidationError(
            _(
                "“%(typed)s” has %(count)s digits. A phone number has %(low)s to %(high)s "
                "digits, for example 23 43 29 00."
            ),
            params={"typed": number, "count": digits, "low": low, "high": high},
            code="digits",
        )
    return number


def _own_numbers(phones: Any, **owner_is_none: None) -> str:
    """The numbers kept on exactly this owner (not on its places), one on each line."""
    return "\n".join(
        phone.number
        for phone in phones
        if all(getattr(phone, f"{name}_id") is None for name in owner_is_none)
    )


def phones_field(label: Any, help_text: Any) -> PhoneNumbersField:
    return PhoneNumbersField(label=label, help_text=help_text)


class ServiceForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the service"),
        max_length=200,
        help_text=_("What people call it, for example “Digital help at the library”."),
        error_messages={
            "required": _("Write the name of the service."),
            "max_length": _("The name can be at most 200 characters."),
        },
    )
    description = forms.CharField(
        label=_("What people get help with"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Short sentences. Write “you”, for example “We help you log in to NAV”."),
        error_messages={"max_length": _("Write at most 2000 characters.")},
    )
    what_to_bring = forms.CharField(
        label=_("What to bring"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One thing on each line, for example “Your phone”."),
    )
    application_process = forms.CharField(
        label=_("How to get help"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: “Just come in” or “Call us to book a time”."),
        error_messages={"max_length": _("Write at most 2000 characters.")},
    )
    interpretation_services = forms.CharField(
        label=_("Interpreter"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Can people get an interpreter? How do they ask for one?"),
        error_messages={"max_length": _("Write at most 1000 characters.")},
    )
    topics = forms.MultipleChoiceField(
        label=_("What do you help with?"),
        help_text=_("Choose all that fit."),
        choices=[(t.code, t.name) for t in TOPICS],
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose at least one thing you help with."),
            "invalid_choice": _("Choose from the list."),
        },
    )
    languages = forms.MultipleChoiceField(
        label=_("Which languages can you help in?"),
        help_text=_("Choose all that fit."),
        choices=LANGUAGE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose at least one language you can help in."),
            "invalid_choice": _("Choose from the list."),
        },
    )
    status = forms.ChoiceField(
        label=_("Is the service open?"),
        choices=ServiceStatus.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose whether the service is open."),
            "invalid_choice": _("Choose one of the answers."),
        },
    )
    phones = phones_field(
        _("Phone numbers for this service"),
        _(
            "One number on each line, for example 23 43 29 00. People see these numbers "
            "instead of the numbers of the places where you give the service."
        ),
    )

    @staticmethod
    def initial_for(service: Service) -> dict[str, Any]:
        return {
            "phones": _own_numbers(
                service.phones.all(), location=None, service_at_location=None, organization=None
            ),
            "name": service.name,
            "description": service.description,
            "what_to_bring": "\n".join(d.document for d in service.required_documents.all()),
            "application_process": service.application_process,
            "interpretation_services": service.interpretation_services,
            "topics": [t.code for t in service.topics.all() if t.code in BY_CODE],
            "languages": [
                lang.code for lang in service.languages.all() if lang.code in LANGUAGE_NAMES
            ],
            "status": service.status,
        }

    def clean_what_to_bring(self) -> list[str]:
        lines = [line.strip() for line in self.cleaned_data["what_to_bring"].splitlines()]
        things = [line for line in lines if line]
        for number, thing in enumerate(things, start=1):
            if len(thing) > MAX_THING_TO_BRING:
                raise ValidationError(
                    _(
                        "Each thing to bring can be at most %(limit)s characters. "
                        "Thing number %(number)s is too long."
                    ),
                    params={"limit": MAX_THING_TO_BRING, "number": number},
                    code="max_length",
                )
        if len(things) != len({thing.casefold() for thing in things}):
            raise ValidationError(
                _("You have written the same thing twice. Write each thing once."),
                code="duplicate",
            )
        return things

    def changes(self) -> ServiceChanges:
        data = self.cleaned_data
        return ServiceChanges(
            name=data["name"],
            description=data["description"],
            what_to_bring=data["what_to_bring"],
            application_process=data["application_process"],
            interpretation_services=data["interpretation_services"],
            topic_codes=list(data["topics"]),
            language_codes=list(data["languages"]),
            status=data["status"],
            phones=data["phones"],
        )


def _decimal_number(value: str) -> float | None:
    text = ascii_digits(value.strip()).replace(",", ".").replace("−", "-")
    if not text:
        return None
    if not re.fullmatch(r"-?\d{1,3}(\.\d+)?", text):
        raise ValueError(text)
    return float(text)


class CoordinateField(forms.CharField):
    """Latitude or longitude in decimal degrees; a decimal comma is fine (59,9225)."""

    def __init__(self, *, limit: int, example: str, **kwargs: Any) -> None:
        super().__init__(required=False, **kwargs)
        self.limit = limit
        self.example = example
        self.widget.attrs.update({"inputmode": "decimal", "autocomplete": "off"})

    def clean(self, value: Any) -> float | None:
        text = super().clean(value)
        message = _("Write a number between -%(limit)s and %(limit)s, for example %(example)s.")
        try:
            number = _decimal_number(text)
        except ValueError as error:
            raise ValidationError(
                message, params={"limit": self.limit, "example": self.example}, code="invalid"
            ) from error
        if number is not None and not -self.limit <= number <= self.limit:
            raise ValidationError(
                message, params={"limit": self.limit, "example": self.example}, code="range"
            )
        return number


class LocationForm(forms.Form):
    """The fields depend on the kind of location: a place to visit has an address and a way
    to get there; a video location has a link; a phone location only a name."""

    name = forms.CharField(
        label=_("Name of the place"),
        max_length=200,
        help_text=_("For example “Deichman Grünerløkka, 2nd floor”."),
        error_messages={
            "required": _("Write the name of the place."),
            "max_length": _("The name can be at most 200 characters."),
        },
    )

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.fields["phones"] = phones_field(
            _("Phone numbers") if kind != LocationKind.PHONE else _("Numbers to call"),
            _(
                "One number on each line, for example 23 43 29 00. People see them when a "
                "service here has no numbers of its own."
            ),
        )
        if kind == LocationKind.PHYSICAL:
            self._add_place_fields()
        elif kind == LocationKind.VIDEO:
            self.fields["url"] = forms.URLField(
                label=_("Video link"),
                max_length=200,
                assume_scheme="https",
                help_text=_(
                    "The address people open to join, for example https://meet.example.no/help."
                ),
                error_messages={
                    "required": _("Write the video link."),
                    "invalid": _("Write the whole link, for example https://meet.example.no/help."),
                    "max_length": _("The link can be at most 200 characters."),
                },
            )

    def _add_place_fields(self) -> None:
        self.fields["address_1"] = forms.CharField(
            label=_("Street address"),
            max_length=200,
            help_text=_("For example “Schleppegrells gate 32”."),
            error_messages={
                "required": _("Write the street address."),
                "max_length": _("The street address can be at most 200 characters."),
            },
        )
        self.fields["address_2"] = forms.CharField(
            label=_("Address, line 2"),
            required=False,
            max_length=200,
            error_messages={"max_length": _("This line can be at most 200 characters.")},
        )
        self.fields["postal_code"] = forms.CharField(
            label=_("Postcode"),
            max_length=10,
            help_text=_("4 digits, for example 0556."),
            error_messages={
                "required": _("Write the postcode."),
                "max_length": _("Write the postcode with 4 digits, for example 0556."),
            },
        )
        self.fields["postal_code"].widget.attrs.update(
            {"inputmode": "numeric", "autocomplete": "postal-code"}
        )
        self.fields["city"] = forms.CharField(
            label=_("Postal town"),
            max_length=100,
            help_text=_("For example “Oslo”."),
            error_messages={
                "required": _("Write the postal town."),
                "max_length": _("The postal town can be at most 100 characters."),
            },
        )
        self.fields["transportation"] = forms.CharField(
            label=_("How to get there"),
            required=False,
            max_length=1000,
            widget=forms.Textarea(attrs={"rows": 3}),
            help_text=_("Bus, tram or train stops nearby, and parking."),
            error_messages={"max_length": _("Write at most 1000 characters.")},
        )
        self.fields["accessibility"] = forms.CharField(
            label=_("Accessibility"),
            required=False,
            max_length=1000,
            widget=forms.Textarea(attrs={"rows": 3}),
            help_text=_("How to get in with a wheelchair or pram, lifts, toilets, hearing loop."),
            error_messages={"max_length": _("Write at most 1000 characters.")},
        )
        self.fields["step_free"] = forms.BooleanField(
            label=_("You can get in without steps"), required=False
        )
        self.fields["latitude"] = CoordinateField(
            label=_("Latitude"),
            limit=90,
            example="59.9225",
            help_text=_("Where the place is on a map, for example 59.9225."),
        )
        self.fields["longitude"] = CoordinateField(
            label=_("Longitude"),
            limit=180,
            example="10.7590",
            help_text=_("For example 10.7590."),
        )

    @staticmethod
    def initial_for(location: Location) -> dict[str, Any]:
        address = next(iter(location.addresses.all()), None)
        accessibility = next(iter(location.accessibility.all()), None)
        return {
            "name": location.name,
            "phones": _own_numbers(
                location.phones.all(), service=None, service_at_location=None, organization=None
            ),
            "url": location.url,
            "address_1": address.address_1 if address else "",
            "address_2": address.address_2 if address else "",
            "postal_code": address.postal_code if address else "",
            "city": address.city if address else "",
            "transportation": location.transportation,
            "accessibility": accessibility.description if accessibility else "",
            "step_free": location.step_free,
            "latitude": "" if location.latitude is None else f"{location.latitude:g}",
            "longitude": "" if location.longitude is None else f"{location.longitude:g}",
        }

    def clean_postal_code(self) -> str:
        code = re.sub(r"\s", "", ascii_digits(self.cleaned_data["postal_code"]))
        if not re.fullmatch(r"[0-9]{4}", code):
            raise ValidationError(
                _("Write the postcode with 4 digits, for example 0556."), code="invalid"
            )
        return code

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.kind == LocationKind.PHYSICAL and "latitude" in data and "longitude" in data:
            if data["latitude"] is None and data["longitude"] is not None:
                self.add_error("latitude", _("Write the latitude too, or remove the longitude."))
            elif data["longitude"] is None and data["latitude"] is not None:
                self.add_error("longitude", _("Write the longitude too, or remove the latitude."))
        return data

    def changes(self) -> LocationChanges:
        data = self.cleaned_data
        return LocationChanges(
            name=data["name"],
            url=data.get("url", ""),
            address_1=data.get("address_1", ""),
            address_2=data.get("address_2", ""),
            postal_code=data.get("postal_code", ""),
            city=data.get("city", ""),
            transportation=data.get("transportation", ""),
            accessibility=data.get("accessibility", ""),
            step_free=bool(data.get("step_free")),
            latitude=data.get("latitude"),
            longitude=data.get("longitude"),
            phones=data.get("phones", ()),
        )


# --- opening hours ----------------------------------------------------------------------------
class ClockField(forms.CharField):
    """A time of day typed as 09:30 (also 9:30, 09.30 or 0930)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 8)
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.widget.attrs.update({"autocomplete": "off", "size": "5"})

    def clean(self, value: Any) -> time | None:
        text = re.sub(r"\s", "", ascii_digits(str(value or "")))
        if not text:
            return None
        match = re.fullmatch(r"(\d{1,2})(?:[:.]?(\d{2}))?", text)
        hours, minutes = (int(match.group(1)), int(match.group(2) or 0)) if match else (99, 99)
        if hours > 23 or minutes > 59:
            raise ValidationError(
                _("Write the time as hours and minutes, for example 09:30."), code="invalid"
            )
        return time(hours, minutes)


def clock(value: time | None) -> str:
    return value.strftime("%H:%M") if value else ""


def _day(value: date) -> str:
    return formats.date_format(value, "j. F Y")


def limits_text(schedule: Schedule) -> str:
    """What an imported weekly rule says that the form has no field for: the dates it holds
    and "every other week". Changing the rule clears them (services.save_hours)."""
    parts = []
    if schedule.valid_from and schedule.valid_to:
        parts.append(
            _("These hours apply only from %(start)s to %(end)s.")
            % {"start": _day(schedule.valid_from), "end": _day(schedule.valid_to)}
        )
    elif schedule.valid_from:
        parts.append(_("These hours apply from %(start)s.") % {"start": _day(schedule.valid_from)})
    elif schedule.valid_to:
        parts.append(_("These hours apply until %(end)s.") % {"end": _day(schedule.valid_to)})
    if schedule.interval and schedule.interval > 1:
        parts.append(
            ngettext(
                "They apply every week.", "They apply every %(count)s weeks.", schedule.interval
            )
            % {"count": schedule.interval}
        )
    if not parts:
        return ""
    parts.append(str(_("If you change them, they apply every week, with no end date.")))
    return " ".join(str(part) for part in parts)


def _check_hours(form: forms.Form, opens: time | None, closes: time | None) -> None:
    if "opens" not in form.errors and opens is None:
        form.add_error("opens", _("Write when it opens, for example 10:00."))
    if "closes" not in form.errors and closes is None:
        form.add_error("closes", _("Write when it closes, for example 15:00."))
    if opens is not None and closes is not None and closes <= opens:
        form.add_error("closes", _("It must close after it opens. Write a later time."))


def _uuid_or_none(value: str) -> UUID | None:
    try:
        return UUID(value)
    except ValueError:
        return None


class WeeklyRuleForm(forms.Form):
    """One rule: on these days, from … to …, drop in or by appointment."""

    id = forms.CharField(required=False, widget=forms.HiddenInput)
    days = forms.MultipleChoiceField(
        label=_("Days"),
        choices=DAYS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose from the days in the list.")},
    )
    opens = ClockField(label=_("Opens"), help_text=_("For example 10:00"))
    closes = ClockField(label=_("Closes"), help_text=_("For example 15:00"))
    attending = forms.ChoiceField(
        label=_("How do people come?"),
        choices=Attending.choices,
        initial=Attending.DROP_IN,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose drop in or by appointment."),
            "invalid_choice": _("Choose drop in or by appointment."),
        },
    )

    def has_changed(self) -> bool:
        # A new, empty row is left out; its preselected "drop in" alone is not a rule.
        if self.initial:
            return True
        return any(self.data.get(self.add_prefix(name)) for name in ("days", "opens", "closes"))

    @staticmethod
    def initial_for(schedule: Schedule) -> dict[str, Any]:
        return {
            "id": str(schedule.pk),
            # Imported rules may say "MO, WE,fr": read as the opening hours read them.
            "days": day_codes(schedule.byday),
            "opens": clock(schedule.opens_at),
            "closes": clock(schedule.closes_at),
            "attending": schedule.attending_type or Attending.DROP_IN,
            # Not a field: shown under the row (see limits_text).
            "limits": limits_text(schedule),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "days" not in self.errors and not data.get("days"):
            self.add_error("days", _("Choose at least one day."))
        _check_hours(self, data.get("opens"), data.get("closes"))
        return data

    def rule(self) -> WeeklyRule:
        data = self.cleaned_data
        return WeeklyRule(
            id=_uuid_or_none(data["id"]),
            days=tuple(day for day in DAY_ORDER if day in data["days"]),
            opens=data["opens"],
            closes=data["closes"],
            attending=data["attending"],
        )


CLOSED, OTHER_HOURS = "closed", "other_hours"


class DateExceptionForm(forms.Form):
    """A date with other hours than usual, or closed, with a note people see."""

    id = forms.CharField(required=False, widget=forms.HiddenInput)
    day = NorwegianDateField(
        label=_("Date"),
        required=False,
        help_text=_("For example 24.12.2026"),
    )
    open_or_closed = forms.ChoiceField(
        label=_("Open or closed?"),
        choices=[(CLOSED, _("Closed all day")), (OTHER_HOURS, _("Open at other hours"))],
        initial=CLOSED,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose closed or open at other hours."),
            "invalid_choice": _("Choose closed or open at other hours."),
        },
    )
    opens = ClockField(label=_("Opens"), help_text=_("Only if open. For example 10:00"))
    closes = ClockField(label=_("Closes"), help_text=_("Only if open. For example 13:00"))
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=200,
        help_text=_("People see this, for example “Closed for Easter”."),
        error_messages={"max_length": _("The note can be at most 200 characters.")},
    )

    def has_changed(self) -> bool:
        if self.initial:
            return True
        return any(
            self.data.get(self.add_prefix(name)) for name in ("day", "opens", "closes", "note")
        )

    @staticmethod
    def initial_for(schedule: Schedule) -> dict[str, Any]:
        return {
            "id": str(schedule.pk),
            "day": schedule.valid_from.strftime("%d.%m.%Y") if schedule.valid_from else "",
            "open_or_closed": CLOSED if schedule.opens_at is None else OTHER_HOURS,
            "opens": clock(schedule.opens_at),
            "closes": clock(schedule.closes_at),
            "note": schedule.description,
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "day" not in self.errors and data.get("day") is None:
            self.add_error("day", _("Write the date, for example 24.12.2026."))
        if data.get("open_or_closed") == OTHER_HOURS:
            _check_hours(self, data.get("opens"), data.get("closes"))
        elif data.get("opens") or data.get("closes"):
            self.add_error(
                "opens",
                _("You chose “Closed all day”. Remove the times, or choose “Open at other hours”."),
            )
        return data

    def exception(self) -> DateException:
        data = self.cleaned_data
        is_open = data["open_or_closed"] == OTHER_HOURS
        return DateException(
            id=_uuid_or_none(data["id"]),
            day=data["day"],
            opens=data["opens"] if is_open else None,
            closes=data["closes"] if is_open else None,
            note=data["note"],
        )


def removed(form: forms.Form) -> bool:
    """The row's "Remove" box is ticked."""
    return bool(getattr(form, "cleaned_data", {}).get("DELETE"))


def kept(formset: forms.BaseFormSet) -> list[Any]:
    """The rows that stay: filled in and not marked for removal."""
    return [form for form in formset.forms if form.has_changed() and not removed(form)]


class DateExceptionFormSet(forms.BaseFormSet):
    def clean(self) -> None:
        seen: set[date] = set()
        for form in kept(self):
            day = form.cleaned_data.get("day")
            if day is None:
                continue
            if day in seen:
                form.add_error("day", _("This date is already in the list. Write it once."))
            seen.add(day)


WeeklyRuleFormSet = forms.formset_factory(
    WeeklyRuleForm,
    extra=1,
    can_delete=True,
    max_num=MAX_RULES,
    validate_max=True,
    absolute_max=MAX_RULES + 10,
)
DateExceptionFormSetClass = forms.formset_factory(
    DateExceptionForm,
    formset=DateExceptionFormSet,
    extra=1,
    can_delete=True,
    max_num=MAX_RULES,
    validate_max=True,
    absolute_max=MAX_RULES + 10,
)


class HoursForms:
    """The two lists on the opening hours page, checked and saved together."""

    def __init__(self, data: Any, *, weekly: list[Schedule], exceptions: list[Schedule]) -> None:
        self.rules = WeeklyRuleFormSet(
            data, prefix="rules", initial=[WeeklyRuleForm.initial_for(s) for s in weekly]
        )
        self.exceptions = DateExceptionFormSetClass(
            data,
            prefix="dates",
            initial=[DateExceptionForm.initial_for(s) for s in exceptions],
        )
        for formset, label in (
            (self.rules, _("Remove these opening hours")),
            (self.exceptions, _("Remove this date")),
        ):
            for form in formset.forms:
                if "DELETE" in form.fields:
                    form.fields["DELETE"].label = label

    def is_valid(self) -> bool:
        rules_ok = self.rules.is_valid()
        exceptions_ok = self.exceptions.is_valid()
        return rules_ok and exceptions_ok

    def weekly_rules(self) -> list[WeeklyRule]:
        return [form.rule() for form in kept(self.rules)]

    def date_exceptions(self) -> list[DateException]:
        return [form.exception() for form in kept(self.exceptions)]

    def errors(self) -> list[tuple[str, str]]:
        """(field id, message) for the error summary, rows named as the page names them."""
        found: list[tuple[str, str]] = []
        for formset, row_name in (
            (self.rules, _("Opening hours %(number)s")),
            (self.exceptions, _("Special date %(number)s")),
        ):
            if not formset.is_bound:
                continue
            for error in formset.non_form_errors():
                found.append((f"{formset.prefix}-title", str(error)))
            for number, form in enumerate(formset.forms, start=1):
                if removed(form):
                    continue
                for name in form.fields:
                    field = form[name]
                    anchor = field.auto_id
                    if isinstance(field.field.widget, forms.RadioSelect):  # and checkboxes
                        anchor = f"{anchor}_0"
                    for message in form.errors.get(name, []):
                        prefix = str(row_name % {"number": number})
                        found.append((anchor, f"{prefix}: {message}"))
        return found
