"""The search form of "Where is help": a GET form that works without JavaScript."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from kompanjong.core.forms import ascii_digits
from kompanjong.people.models import Municipality

from . import selectors
from .display import language_name
from .topics import TOPICS


def _coordinate(value: str, limit: float) -> float | None:
    """A coordinate from the browser; anything odd is ignored, as if none was sent (the
    fields are hidden, so an error message could not point anywhere)."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if -limit <= number <= limit else None


class SearchForm(forms.Form):
    municipality = forms.ChoiceField(
        label=_("Municipality"),
        required=False,
        error_messages={"invalid_choice": _("Choose a municipality from the list.")},
    )
    postcode = forms.CharField(
        label=_("Or your postcode"),
        required=False,
        max_length=20,
        help_text=_("4 digits, for example 0557."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
        error_messages={"max_length": _("A postcode has 4 digits, for example 0557.")},
    )
    topic = forms.ChoiceField(
        label=_("What do you need help with?"),
        required=False,
        error_messages={"invalid_choice": _("Choose a topic from the list.")},
    )
    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        help_text=_("Help in a language other than Norwegian."),
        error_messages={"invalid_choice": _("Choose a language from the list.")},
    )
    open_now = forms.BooleanField(label=_("Open now"), required=False)
    open_this_week = forms.BooleanField(label=_("Open this week"), required=False)
    drop_in = forms.BooleanField(label=_("Drop in, no appointment"), required=False)
    step_free = forms.BooleanField(label=_("Step-free access"), required=False)
    # Filled in by near-me.js from the browser's location; there is no field to type them in.
    lat = forms.CharField(required=False, widget=forms.HiddenInput)
    lon = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(
        self,
        *args: Any,
        municipalities: list[Municipality],
        languages: list[str],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.municipality_names = {m.number: m.name for m in municipalities}
        self.fields["municipality"].choices = [  # type: ignore[attr-defined]
            ("", _("All municipalities")),
            *((m.number, m.name) for m in municipalities),
        ]
        self.fields["topic"].choices = [  # type: ignore[attr-defined]
            ("", _("All topics")),
            *((topic.code, topic.name) for topic in TOPICS),
        ]
        named = sorted(((code, language_name(code)) for code in languages), key=lambda c: c[1])
        self.fields["language"].choices = [  # type: ignore[attr-defined]
            ("", _("Any language")),
            *named,
        ]
        self.place_name = ""
        self.point: selectors.Point | None = None

    def clean_postcode(self) -> str:
        typed = self.cleaned_data.get("postcode") or ""
        code = re.sub(r"\s", "", ascii_digits(typed))
        if not code:
            return ""
        if not re.fullmatch(r"[0-9]{4}", code):
            raise ValidationError(_("A postcode has 4 digits, for example 0557."), code="invalid")
        return code

    def clean_lat(self) -> float | None:
        return _coordinate(self.cleaned_data.get("lat") or "", 90)

    def clean_lon(self) -> float | None:
        return _coordinate(self.cleaned_data.get("lon") or "", 180)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        code = data.get("postcode")
        chosen = data.get("municipality") or ""
        if code:
            found = selectors.postcode(code)
            if found is None:
                self.add_error(
                    "postcode",
                    ValidationError(
                        _(
                            "We do not know the postcode %(code)s. Check it, or choose "
                            "your municipality."
                        ),
                        code="unknown",
                        params={"code": code},
                    ),
                )
                return data
            if chosen and chosen != found.municipality_number:
                self.add_error(
                    "postcode",
                    ValidationError(
                        _(
                            "The postcode %(code)s is not in %(municipality)s. Choose the "
                            "municipality, or write the postcode, not both."
                        ),
                        code="elsewhere",
                        params={"code": code, "municipality": self.municipality_names[chosen]},
                    ),
                )
                return data
            data["municipality"] = found.municipality_number
            self.point = selectors.Point(found.latitude, found.longitude)
            self.place_name = self.municipality_names.get(found.municipality_number) or found.town
        elif chosen:
            self.place_name = self.municipality_names[chosen]
        if data.get("lat") is not None and data.get("lon") is not None:
            # Your own position beats the centre of a postcode.
            self.point = selectors.Point(data["lat"], data["lon"])
        return data

    def criteria(self) -> dict[str, Any]:
        """The keyword arguments for selectors.search."""
        data = self.cleaned_data
        return {
            "municipality": data.get("municipality") or "",
            "topic": data.get("topic") or "",
            "language": data.get("language") or "",
            "open_now": bool(data.get("open_now")),
            "open_this_week": bool(data.get("open_this_week")),
            "drop_in": bool(data.get("drop_in")),
            "step_free": bool(data.get("step_free")),
            "near": self.point,
        }
