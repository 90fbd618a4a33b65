"""How the dialogue reads on each side: who wrote a message, and who the thread waits for."""

from __future__ import annotations

from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import rules

STATE_TEXT: dict[tuple[rules.State, rules.Side], Promise] = {
    (rules.WAITING_FOR_NAV, rules.CITIZEN): _("Waiting for NAV. NAV has not answered yet."),
    (rules.WAITING_FOR_CITIZEN, rules.CITIZEN): _("Waiting for you. NAV has written to you."),
    (rules.WAITING_FOR_NAV, rules.OFFICE): _("Waiting for NAV. Nobody has answered yet."),
    (rules.WAITING_FOR_CITIZEN, rules.OFFICE): _("Waiting for the person to answer."),
}


def state_text(state: rules.State | None, viewer_side: rules.Side) -> str:
    return str(STATE_TEXT[state, viewer_side]) if state else ""


def who_wrote(*, message: Any, viewer: Any, viewer_side: rules.Side, person: Any = None) -> str:
    """ "You" for your own; the citizen sees the office and the caseworker's name, staff see
    the citizen's or their colleague's name; a helper's message says whom it was written for."""
    on_behalf = (
        message.side == rules.CITIZEN
        and person is not None
        and message.author.person_id != person.pk
    )
    if message.author_id == viewer.pk:
        if on_behalf:
            return gettext("You, for %(name)s") % {"name": person.full_name}
        return gettext("You")
    if on_behalf:
        return gettext("%(helper)s for %(name)s") % {
            "helper": message.author.name,
            "name": person.full_name,
        }
    if message.side == rules.OFFICE and viewer_side == rules.CITIZEN:
        return gettext("%(office)s (%(name)s)") % {
            "office": message.office.name if message.office else "NAV",
            "name": message.author.name,
        }
    return str(message.author.name)
