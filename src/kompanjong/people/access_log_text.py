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
    ("read", "application"): _("%(actor)s opened your application."),
    ("read", "application.listed"): _(
        "%(actor)s saw your application in the list of new applications."
    ),
    ("read", "application.digisos"): _("%(actor)s fetched your application."),
    ("read", "document"): _("%(actor)s opened a document you sent."),
    ("read", "case"): _("%(actor)s looked at your case."),
    ("change", "case.events"): _("%(actor)s updated what happens in your case."),
}
FALLBACK: dict[str, Promise] = {
    "read": _("%(actor)s looked at information about you."),
    "change": _("%(actor)s changed information about you."),
    "create": _("%(actor)s registered information about you."),
}
ON_BEHALF: Promise = _("%(sentence)s They acted on behalf of %(person)s.")
SYSTEM: Promise = _("the connected system %(name)s")


def describe(
    *,
    action: str,
    object_type: str,
    actor_label: str,
    on_behalf_of: str | None = None,
    by_system: bool = False,
) -> str:
    template = SENTENCES.get((action, object_type)) or FALLBACK.get(action, FALLBACK["read"])
    actor = capfirst(str(SYSTEM) % {"name": actor_label}) if by_system else actor_label
    sentence = str(template) % {"actor": actor}
    if on_behalf_of:
        sentence = str(ON_BEHALF) % {"sentence": sentence, "person": on_behalf_of}
    return sentence
