"""Plain-language sentences for the citizen's "Who has seen my information" page.

Pure: takes the facts of a log entry and returns a sentence. New object types get a sentence
here; an unknown one falls back to a general sentence rather than hiding the entry.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

SENTENCES: dict[tuple[str, str], Promise] = {
    ("read", "person.profile"): _("%(actor)s looked at your contact details and needs."),
    ("read", "person.needs"): _("%(actor)s read your communication needs."),
    ("change", "person.needs"): _("%(actor)s changed your communication needs."),
    ("change", "person.profile"): _("%(actor)s changed your contact details or needs."),
    ("read", "notification"): _("%(actor)s looked at a message we sent you."),
    ("create", "booking"): _("%(actor)s booked a time with a helper for you."),
    ("change", "booking"): _("%(actor)s moved or cancelled a time you had booked."),
    ("read", "booking"): _("%(actor)s looked at a time you have booked."),
    # Whoever had the link: we cannot know who it was.
    ("change", "booking.link"): _(
        "Someone used the link in your reminder to move or cancel a time you had booked."
    ),
    ("read", "booking.lookup"): _(
        "%(actor)s looked you up by your national identity number and last name to book a "
        "time for you."
    ),
    ("read", "booking.listed"): _("%(actor)s saw your booking in the day's list of bookings."),
    ("read", "application"): _("%(actor)s opened your application."),
    ("read", "application.listed"): _(
        "%(actor)s saw your application in the list of new applications."
    ),
    ("read", "application.digisos"): _("%(actor)s fetched your application."),
    ("read", "document"): _("%(actor)s opened a document you sent."),
    ("read", "case"): _("%(actor)s looked at your case."),
    ("change", "case.events"): _("%(actor)s updated what happens in your case."),
    ("change", "case.assigned"): _("%(actor)s chose who at NAV works on your case."),
    ("read", "case.messages"): _("%(actor)s read your messages with NAV."),
    # A helper acting for the person with their power of attorney.
    ("read", "overview"): _("%(actor)s looked at your page in Kompanjong."),
    ("change", "application"): _("%(actor)s filled in or changed your application."),
    ("change", "application.sent"): _("%(actor)s sent your application."),
    ("read", "application.receipt"): _("%(actor)s looked at the receipt for your application."),
    ("change", "case.documents"): _("%(actor)s sent documents to NAV for you."),
    ("change", "case.messages"): _("%(actor)s wrote to NAV for you."),
    ("create", "person.identity"): _("%(actor)s checked your identity in person."),
    ("create", "grant.paper"): _("%(actor)s registered a power of attorney you signed on paper."),
    ("create", "help_code.letter"): _("%(actor)s printed a letter with a help code for you."),
    ("create", "grant.help_code"): _(
        "%(actor)s used the help code you gave them, and may help you for a short time."
    ),
}
FALLBACK: dict[str, Promise] = {
    "read": _("%(actor)s looked at information about you."),
    "change": _("%(actor)s changed information about you."),
    "create": _("%(actor)s registered information about you."),
}
ON_BEHALF: Promise = _("%(sentence)s They acted on behalf of %(person)s.")
WITH_YOUR_FULLMAKT: Promise = _("%(sentence)s They used the power of attorney you gave them.")
SYSTEM: Promise = _("the connected system %(name)s")


def describe(
    *,
    action: str,
    object_type: str,
    actor_label: str,
    on_behalf_of: str | None = None,
    by_system: bool = False,
    with_your_fullmakt: bool = False,
) -> str:
    template = SENTENCES.get((action, object_type)) or FALLBACK.get(action, FALLBACK["read"])
    actor = capfirst(str(SYSTEM) % {"name": actor_label}) if by_system else actor_label
    sentence = str(template) % {"actor": actor}
    if with_your_fullmakt:
        sentence = str(WITH_YOUR_FULLMAKT) % {"sentence": sentence}
    elif on_behalf_of:
        sentence = str(ON_BEHALF) % {"sentence": sentence, "person": on_behalf_of}
    return sentence
