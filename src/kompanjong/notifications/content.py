"""What notifications say: a small registry of templates and how each channel renders them.

Email and SMS can be read by anyone who sees the phone's lock screen or shares the inbox, so
they never carry the content: one neutral subject for every template ("You have news in
Kompanjong") and a short line that says where to log in. Even "we received your application"
tells an onlooker that someone applied for help, so a template's own heading and text go only
by letter, in an envelope.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kompanjong.notifications.rules import Via


class UnknownTemplateError(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class NotificationTemplate:
    # The letter's heading. Email and SMS use NEUTRAL_SUBJECT instead.
    subject: str | Promise
    # Only ever sent by letter.
    text: str | Promise
    # About who may act for the person: every channel adds "Was this not you? Contact us".
    alert: bool = False
    # What SMS and email say instead of "You have a new message ... Log in to read it", for a
    # link that needs no login (a booking reminder's signed link). Still neutral: no content.
    neutral: str | Promise | None = None


NEUTRAL_SUBJECT = _("You have news in Kompanjong")

TEMPLATES: dict[str, NotificationTemplate] = {
    "news": NotificationTemplate(
        subject=_("You have news in Kompanjong"),
        text=_("There is something new for you in Kompanjong."),
    ),
    "receipt": NotificationTemplate(
        subject=_("We have received your application"),
        text=_(
            "We have received your application. You can see what happens with it in "
            "Kompanjong, and you will hear from us when something changes."
        ),
    ),
    "case_update": NotificationTemplate(
        subject=_("There is news in your case"),
        text=_("There is news about your application. Log in to Kompanjong to see it."),
    ),
    "documents_requested": NotificationTemplate(
        subject=_("NAV needs documents from you"),
        text=_(
            "NAV needs more documents to decide your application. Log in to Kompanjong to "
            "see which documents and the deadline. You can send them from your phone."
        ),
    ),
    "decision": NotificationTemplate(
        subject=_("NAV has decided your application"),
        text=_(
            "NAV has made a decision about your application. Log in to Kompanjong to read "
            "it. The letter also says how to complain if you disagree."
        ),
    ),
    "payment": NotificationTemplate(
        subject=_("News about a payment"),
        text=_("There is news about a payment to you. Log in to Kompanjong to see it."),
    ),
    "grant_created": NotificationTemplate(
        subject=_("A power of attorney waits for an answer"),
        text=_(
            "Someone has given you a power of attorney in Kompanjong. Log in to see it and "
            "to accept it or say no."
        ),
        alert=True,
    ),
    "grant_given": NotificationTemplate(
        subject=_("You have given a power of attorney"),
        text=_(
            "You have given someone a power of attorney in Kompanjong. It starts when they "
            "accept. Log in to see it, or to end it."
        ),
        alert=True,
    ),
    "grant_asked": NotificationTemplate(
        subject=_("You have asked for a power of attorney"),
        text=_(
            "You have asked for a power of attorney in Kompanjong. You can help when the "
            "person says yes. Log in to see the answer."
        ),
        alert=True,
    ),
    "grant_paper": NotificationTemplate(
        subject=_("NAV has registered your power of attorney"),
        text=_(
            "NAV has registered the power of attorney you signed on paper. The person you "
            "gave it to can now help you. To end it, call or visit your NAV office."
        ),
        alert=True,
    ),
    "grant_requested": NotificationTemplate(
        subject=_("Someone asks for a power of attorney"),
        text=_(
            "Someone asks for a power of attorney to help you in Kompanjong. Log in to see "
            "who it is and what they ask for, and to say yes or no."
        ),
        alert=True,
    ),
    "grant_active": NotificationTemplate(
        subject=_("A power of attorney is active"),
        text=_(
            "A power of attorney in Kompanjong is now active. Log in to see who may help "
            "with what, and until when. You can end it at any time."
        ),
        alert=True,
    ),
    "grant_ended": NotificationTemplate(
        subject=_("A power of attorney has ended"),
        text=_("A power of attorney in Kompanjong has ended. Log in to see which one."),
        alert=True,
    ),
    "grant_expired": NotificationTemplate(
        subject=_("A power of attorney has run out"),
        text=_(
            "A power of attorney in Kompanjong has run out. The helper can no longer help "
            "with it. You can give a new one if you want."
        ),
        alert=True,
    ),
    "booking_confirmed": NotificationTemplate(
        subject=_("Your appointment is booked"),
        text=_(
            "You have booked a time with a helper. The link shows the date, the place and "
            "what to bring. You can move or cancel the time there."
        ),
        neutral=_("You have a new appointment. See the time and place: %(url)s"),
    ),
    "booking_reminder": NotificationTemplate(
        subject=_("Reminder: your appointment tomorrow"),
        text=_(
            "This is a reminder of your appointment with a helper tomorrow. The link shows "
            "the time, the place and what to bring. If you cannot come, move or cancel the "
            "time there, so someone else can have it."
        ),
        neutral=_("Reminder of your appointment. See the time and place: %(url)s"),
    ),
    "booking_changed": NotificationTemplate(
        subject=_("Your appointment has changed"),
        text=_("Your appointment with a helper has been moved or cancelled. See the link."),
        neutral=_("Your appointment has changed. See the time and place: %(url)s"),
    ),
    "message": NotificationTemplate(
        subject=_("You have a new message about your case"),
        text=_(
            "You have a new message from NAV about your case. Log in to Kompanjong to read "
            "it and answer."
        ),
    ),
}


@dataclass(frozen=True, slots=True)
class Rendered:
    subject: str
    body: str


def get_template(key: str) -> NotificationTemplate:
    try:
        return TEMPLATES[key]
    except KeyError:
        raise UnknownTemplateError(f"No notification template called {key!r}.") from None


def not_you() -> str:
    return gettext("Was this not you? Contact NAV on %(phone)s.") % {
        "phone": settings.SUPPORT_PHONE
    }


def absolute_link(link_path: str) -> str:
    # Only paths on our own site: a notification must never point somewhere else.
    if not link_path.startswith("/") or link_path.startswith("//"):
        raise ValueError("link_path must be a path on this site, starting with a single '/'.")
    return f"{settings.SITE_URL}{link_path}"


def render(
    *,
    template_key: str,
    via: Via,
    language: str,
    link_path: str,
    address_lines: list[str] | None = None,
) -> Rendered:
    template = get_template(template_key)
    url = absolute_link(link_path)
    with translation.override(language):
        subject = str(template.subject if via == Via.LETTER else NEUTRAL_SUBJECT)
        line = (
            str(template.neutral) % {"url": url}
            if template.neutral is not None
            else gettext("You have a new message in Kompanjong. Log in to read it: %(url)s")
            % {"url": url}
        )
        if via == Via.SMS:
            body = f"{line} {not_you()}" if template.alert else line
        elif via == Via.EMAIL:
            body = render_to_string(
                "notifications/email.txt",
                {"line": line, "not_you": not_you() if template.alert else ""},
            )
        else:
            body = render_to_string(
                "notifications/letter.txt",
                {
                    "address_lines": address_lines or [],
                    "date": date_format(timezone.localdate(), "DATE_FORMAT"),
                    "subject": subject,
                    "text": str(template.text) + (f"\n\n{not_you()}" if template.alert else ""),
                    "url": url,
                },
            )
    return Rendered(subject=subject, body=body.strip())
