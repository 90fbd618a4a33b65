"""The scopes an API token can hold: the one list, with what each lets a connected system do."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

ORGANISATIONS_READ = "organisations:read"
PEOPLE_NEEDS_READ = "people:needs:read"
APPLICATIONS_READ = "applications:read"
CASES_WRITE = "cases:write"
CASES_READ = "cases:read"

SCOPES: dict[str, Promise] = {
    ORGANISATIONS_READ: _("List organisations (NAV offices, libraries, service centres)."),
    PEOPLE_NEEDS_READ: _(
        "Read a person's communication needs. Every read is shown in that person's access log."
    ),
    APPLICATIONS_READ: _(
        "Fetch sent applications in NAV's Digisos format, for a case system. Every fetch is "
        "shown in the applicant's access log."
    ),
    CASES_READ: _(
        "Read the case view and event log of the cases of the token's own NAV office. Every "
        "read is shown in the applicant's access log."
    ),
    CASES_WRITE: _(
        "Send NAV's digisos-soker events for the cases of the token's own NAV office: the "
        "applicant then sees the case as the case system describes it."
    ),
}


def unknown_scopes(scopes: list[str]) -> list[str]:
    return [scope for scope in scopes if scope not in SCOPES]
