"""Plain-language texts for search results and a place's page.

"Open today 10:00–15:00", "Closed today. Next open Monday 10:00–15:00", "About 1.2 km away",
language names. Built from already loaded rows and pure opening rules: no queries here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.conf.locale import LANG_INFO
from django.urls import reverse
from django.utils import formats
from django.utils.dates import WEEKDAYS
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import opening, selectors
from .autonyms import autonym
from .models import LocationKind, ServiceAtLocation
from .topics import BY_CODE

# Languages people in Norway often ask for help in. Django's own list lacks several of them
# (Somali, Tigrinya, Dari ...), and gives the English name where we want a translated one.
LANGUAGE_NAMES: dict[str, Promise] = {
    "am": gettext_lazy("Amharic"),
    "ar": gettext_lazy("Arabic"),
    "bs": gettext_lazy("Bosnian"),
    "de": gettext_lazy("German"),
    "en": gettext_lazy("English"),
    "es": gettext_lazy("Spanish"),
    "fa": gettext_lazy("Persian"),
    "fr": gettext_lazy("French"),
    "ku": gettext_lazy("Kurdish"),
    "lt": gettext_lazy("Lithuanian"),
    "nb": gettext_lazy("Norwegian"),
    "nn": gettext_lazy("Norwegian nynorsk"),
    "no": gettext_lazy("Norwegian"),
    "pl": gettext_lazy("Polish"),
    "prs": gettext_lazy("Dari"),
    "ps": gettext_lazy("Pashto"),
    "ro": gettext_lazy("Romanian"),
    "ru": gettext_lazy("Russian"),
    "se": gettext_lazy("Northern Sami"),
    "so": gettext_lazy("Somali"),
    "sq": gettext_lazy("Albanian"),
    "sv": gettext_lazy("Swedish"),
    "th": gettext_lazy("Thai"),
    "ti": gettext_lazy("Tigrinya"),
    "tr": gettext_lazy("Turkish"),
    "uk": gettext_lazy("Ukrainian"),
    "ur": gettext_lazy("Urdu"),
    "vi": gettext_lazy("Vietnamese"),
}


def language_name(code: str, stored: str = "") -> str:
    """The name of a language in the page's language: our list, Django's, what the editor
    wrote, or at least the code."""
    key = code.lower()
    if key in LANGUAGE_NAMES:
        return str(LANGUAGE_NAMES[key])
    if key in LANG_INFO and "name" in LANG_INFO[key]:
        return str(gettext_lazy(LANG_INFO[key]["name"]))
    return stored or code


def language_own_name(code: str, stored: str = "") -> str:
    """The language's name for itself (العربية), so a speaker recognises it; "" when we do not
    know it. Only from our trusted list (autonyms.py), never the stored name: that may be in
    any language ("arabisk" from an import), and the page marks the own-name with the code's
    `lang`."""
    return autonym(code)


def topic_name(code: str, stored: str) -> str:
    """Topics are named by code, so the name follows the page's language."""
    return str(BY_CODE[code].name) if code in BY_CODE else stored


def clock(time: dt.time) -> str:
    return time.strftime("%H:%M")


def span(hours: opening.Opening) -> str:
    return f"{clock(hours.opens_at)}–{clock(hours.closes_at)}"


def spans(openings: Sequence[opening.Opening]) -> str:
    texts = [span(o) for o in openings]
    if len(texts) < 2:
        return "".join(texts)
    return _("%(first)s and %(last)s") % {"first": ", ".join(texts[:-1]), "last": texts[-1]}


def weekday(day: dt.date) -> str:
    return str(WEEKDAYS[day.weekday()])


def day_and_date(day: dt.date) -> str:
    """ "Monday 12 January" in the page's language."""
    return f"{weekday(day)} {formats.date_format(day, 'MONTH_DAY_FORMAT')}"


def when(day: dt.date, today: dt.date) -> str:
    """A day as people say it: today, tomorrow, Monday (this coming week), or with a date."""
    if day == today:
        return _("today")
    if day == today + dt.timedelta(days=1):
        return _("tomorrow")
    if day < today + dt.timedelta(days=7):
        return weekday(day)
    return day_and_date(day)


def today_text(rules: Sequence[opening.Rule], now: dt.datetime) -> str:
    """The one line a result shows about its hours."""
    if not rules:
        return _("Ask them about the opening hours.")
    today = opening.local(now).date()
    current = opening.current_opening(rules, now)
    if current is not None and current.day != today:  # hours from last night
        return _("Open now, until %(time)s.") % {"time": clock(current.closes_at)}
    hours_today = opening.hours_on(rules, today)
    if any(o.ends_after(now) for o in hours_today.openings):
        return _("Open today %(hours)s") % {"hours": spans(hours_today.openings)}
    coming = opening.next_start(rules, now)
    closed = _("Closed for the rest of today.") if hours_today.openings else _("Closed today.")
    if coming is None:
        none_coming = _("No opening hours in the coming weeks.")
        return f"{closed} {none_coming}"
    coming_day = opening.hours_on(rules, coming.day)
    return f"{closed} " + _("Next open %(day)s %(hours)s") % {
        "day": when(coming.day, today),
        "hours": spans(coming_day.openings),
    }


def attending_text(rules: Sequence[opening.Rule], now: dt.datetime, kind: str = "") -> str:
    today = opening.local(now).date()
    phone = kind == LocationKind.PHONE
    if opening.drop_in_now(rules, now):
        if phone:
            return _("You can call now. You do not need an appointment.")
        return _("Drop in now. You do not need an appointment.")
    if opening.appointment_only(rules, today):
        return _("By appointment only.")
    if opening.offers_drop_in(rules, today):
        if opening.offers_appointments(rules, today):
            return _("Some hours you can drop in, other hours are by appointment.")
        if phone:
            return _("Call when it is open. You do not need an appointment.")
        return _("Drop in when it is open. You do not need an appointment.")
    return ""


def distance_text(km: float | None) -> str:
    if km is None:
        return ""
    if km < 0.95:  # 0.96 km would round to "1000 m"
        metres = max(100, round(km * 10) * 100)
        return _("About %(metres)s m away") % {"metres": metres}
    return _("About %(km)s km away") % {"km": formats.number_format(round(km, 1), 1)}


def channel_text(kind: str) -> str:
    if kind == LocationKind.PHONE:
        return _("Help by phone")
    if kind == LocationKind.VIDEO:
        return _("Help by video")
    return ""


@dataclass(frozen=True)
class PhoneLine:
    number: str
    tel: str
    description: str = ""


@dataclass(frozen=True)
class SpokenLanguage:
    code: str
    name: str
    own_name: str


@dataclass(frozen=True)
class DayLine:
    label: str
    hours: str
    note: str = ""
    today: bool = False


@dataclass
class Card:
    """What a result (and the top of a place's page) shows."""

    url: str
    place_name: str
    organisation: str
    service: str
    kind: str
    channel: str
    hours: str
    attending: str
    distance: str
    address_lines: list[str] = field(default_factory=list)
    transportation: str = ""
    phones: list[PhoneLine] = field(default_factory=list)
    video_url: str = ""
    languages: list[SpokenLanguage] = field(default_factory=list)
    step_free: bool = False
    accessibility: list[str] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)

    @property
    def physical(self) -> bool:
        return self.kind == LocationKind.PHYSICAL


def tel(number: str) -> str:
    return "".join(ch for ch in number if ch.isdigit() or ch == "+")


def card(
    place: ServiceAtLocation,
    rules: Sequence[opening.Rule],
    now: dt.datetime,
    distance_km: float | None = None,
) -> Card:
    location = place.location
    service = place.service
    addresses = selectors.addresses_of(place)
    return Card(
        url=reverse("directory:place", args=[place.pk]),
        place_name=location.name,
        organisation=service.organization.name,
        service=service.name,
        kind=location.kind,
        channel=channel_text(location.kind),
        hours=today_text(rules, now),
        attending=attending_text(rules, now, location.kind),
        distance=distance_text(distance_km),
        address_lines=[
            line
            for address in addresses[:1]
            for line in (
                address.address_1,
                address.address_2,
                f"{address.postal_code} {address.city}",
            )
            if line
        ],
        transportation=location.transportation if location.kind == LocationKind.PHYSICAL else "",
        phones=[
            PhoneLine(phone.number, tel(phone.number), phone.description)
            for phone in selectors.phones_of(place)
        ],
        video_url=location.url if location.kind == LocationKind.VIDEO else "",
        languages=[
            SpokenLanguage(
                language.code,
                language_name(language.code, language.name),
                language_own_name(language.code, language.name),
            )
            for language in selectors.languages_of(place)
        ],
        step_free=location.step_free and location.kind == LocationKind.PHYSICAL,
        accessibility=[str(a.description) for a in location.accessibility.all()],
        documents=[doc.document for doc in service.required_documents.all()],
        topics=[topic_name(t.code, t.name) for t in service.topics.all()],
    )


def week_lines(rules: Sequence[opening.Rule], today: dt.date) -> list[DayLine]:
    """The next 7 days, as they really are (holidays included)."""
    return [_day_line(hours, today) for hours in opening.week(rules, today)]


def exception_lines(rules: Sequence[opening.Rule], today: dt.date, weeks: int = 8) -> list[DayLine]:
    """Days with other hours than usual after this week, in the coming weeks."""
    start = today + dt.timedelta(days=7)
    return [_day_line(h, today) for h in opening.exceptions_between(rules, start, 7 * (weeks - 1))]


def _day_line(hours: opening.DayHours, today: dt.date) -> DayLine:
    if hours.closed:
        text = _("Closed")
    else:
        mixed = len({o.drop_in for o in hours.openings}) > 1 or not hours.openings[0].drop_in
        drop_in, appointment = _("drop in"), _("by appointment")
        parts = [
            span(o) + (f" ({drop_in if o.drop_in else appointment})" if mixed else "")
            for o in hours.openings
        ]
        text = ", ".join(parts)
    label = day_and_date(hours.day)
    return DayLine(
        label=label[:1].upper() + label[1:],
        hours=text,
        note=hours.note,
        today=hours.day == today,
    )


def _day_names(byday: str) -> str:
    return ", ".join(
        str(WEEKDAYS[opening.DAY_CODES.index(code)]) for code in opening.day_codes(byday)
    )


def _date_text(day: dt.date) -> str:
    return formats.date_format(day, "j. F Y")


def schedule_text(rule: opening.Rule) -> str:
    """One schedule in words, for an editor: "Monday, Tuesday 10:00–15:00, by appointment",
    "24. December 2026: closed (Christmas Eve)"."""
    hours = (
        f"{clock(rule.opens_at)}–{clock(rule.closes_at)}"
        if rule.opens_at is not None and rule.closes_at is not None
        else ""
    )
    if hours and rule.attending_type == opening.APPOINTMENT:
        hours = _("%(hours)s, by appointment") % {"hours": hours}
    note = str(getattr(rule, "description", "") or "").strip()
    if opening.is_exception(rule) and rule.valid_from is not None:
        last = rule.valid_to or rule.valid_from
        when = _date_text(rule.valid_from)
        if last != rule.valid_from:
            when = f"{when} – {_date_text(last)}"
        text = f"{when}: {hours or _('closed')}"
        return f"{text} ({note})" if note else text
    if (rule.freq or "").strip().upper() == opening.WEEKLY and hours:
        text = f"{_day_names(rule.byday)} {hours}"
        if rule.valid_from or rule.valid_to:
            text += " " + _("(from %(start)s to %(end)s)") % {
                "start": _date_text(rule.valid_from) if rule.valid_from else "…",
                "end": _date_text(rule.valid_to) if rule.valid_to else "…",
            }
        return text
    return _("Hours this page cannot show (%(rule)s).") % {"rule": rule.freq or rule.byday or "?"}
