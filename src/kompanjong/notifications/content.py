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
        if via == Via.SMS:
            body = gettext("You have a new message in Kompanjong. Log in to read it: %(url)s") % {
                "url": url
            }
        elif via == Via.EMAIL:
            body = render_to_string("notifications/email.txt", {"url": url})
        else:
            body = render_to_string(
                "notifications/letter.txt",
                {
                    "address_lines": address_lines or [],
                    "date": date_format(timezone.localdate(), "DATE_FORMAT"),
                    "subject": subject,
                    "text": str(template.text),
                    "url": url,
                },
            )
    return Rendered(subject=subject, body=body.strip())
