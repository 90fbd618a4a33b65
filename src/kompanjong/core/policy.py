"""The one place that decides who may do what.

Every view is wrapped in `@rule("<name>")`; object checks (may this caseworker see this person?)
go through `require()`, called by selectors and services. Anything without a rule is denied:
`allows()` answers False for an unknown rule name, and a sweep test fails on any URL that is
not mapped to a rule here.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404

if TYPE_CHECKING:
    from django.http import HttpRequest
    from django.http.response import HttpResponseBase

    from kompanjong.people.models import Person

Rule = Callable[[Any, Any], bool]
View = TypeVar("View", bound=Callable[..., "HttpResponseBase"])


# --- Facts about an actor, loaded once per request ------------------------------------------
def roles(user: Any) -> frozenset[tuple[str, int]]:
    """(role, organisation id) pairs for a logged-in account; empty for anyone else."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    cached = getattr(user, "_kompanjong_roles", None)
    if cached is None:
        cached = frozenset(user.memberships.values_list("role", "organisation_id"))
        user._kompanjong_roles = cached
    return cached


def has_role(user: Any, *wanted: str) -> bool:
    return any(role in wanted for role, _org in roles(user))


def organisations_with_role(user: Any, *wanted: str) -> set[int]:
    return {org for role, org in roles(user) if role in wanted}


def is_citizen(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.person_id)


def is_superuser(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.is_superuser)


STAFF_ROLES = ("caseworker", "office_lead")


def staff_may_view_person(user: Any, person: Person | None) -> bool:
    """NAV staff see people who live in a municipality their office serves."""
    if person is None or not has_role(user, *STAFF_ROLES):
        return False
    if person.municipality_id is None:
        return False
    from kompanjong.people.models import Organisation

    offices = organisations_with_role(user, *STAFF_ROLES)
    return Organisation.objects.filter(
        pk__in=offices, kind="nav_office", serves=person.municipality_id
    ).exists()


def owns(user: Any, person_id: int | None) -> bool:
    """The logged-in citizen is this person."""
    return bool(person_id is not None and is_citizen(user) and user.person_id == person_id)


class Acting(Protocol):
    """A helper acting for someone under a grant (delegation.selectors.ActingFor)."""

    person_id: int

    def allows(self, area: str, action: str) -> bool: ...


def acting_for(user: Any) -> Acting | None:
    """Whom the helper is helping on this request: set by delegation's middleware after it
    re-checked the grant, so an ended grant stops working on the very next request."""
    if not getattr(user, "is_authenticated", False):
        return None
    return getattr(user, "_kompanjong_acting", None)


def subject_person_id(user: Any) -> int | None:
    """Whose pages these are: the person helped, or the logged-in citizen themself."""
    acting = acting_for(user)
    return acting.person_id if acting is not None else getattr(user, "person_id", None)


def may_act_on(user: Any, person_id: int | None, area: str, action: str) -> bool:
    """The citizen themself; or a helper acting for them with a grant that covers this area
    and action now. While helping someone, the helper's pages are that person's: their own
    application and case are out of reach until they switch back."""
    acting = acting_for(user)
    if acting is not None:
        return bool(
            person_id is not None and acting.person_id == person_id and acting.allows(area, action)
        )
    return owns(user, person_id)


def staff_at_case_office(user: Any, case: Any) -> bool:
    """NAV staff see the cases their own office handles now (a forwarded case moves on)."""
    return bool(case is not None and case.office_id in organisations_with_role(user, *STAFF_ROLES))


def staff_office_received(user: Any, application: Any) -> bool:
    """NAV staff see applications their own office handles, and nothing else."""
    if application is None or application.status != "submitted":
        return False
    case = getattr(application, "case", None)
    if case is not None:
        return staff_at_case_office(user, case)
    return application.office_id in organisations_with_role(user, *STAFF_ROLES)


def owns_case(user: Any, case: Any, area: str = "case", action: str = "read") -> bool:
    return case is not None and may_act_on(user, case.application.person_id, area, action)


# Who runs a booking desk. Not directory editors: keeping an entry is not meeting people.
DESK_ROLES = ("helper", *STAFF_ROLES)


def may_edit_directory(user: Any, organization: Any = None) -> bool:
    """Directory editors keep their own organisation's entries (a directory.Organization whose
    `members` is their organisation); with no object: is a directory editor at all."""
    editing = organisations_with_role(user, "directory_editor")
    if organization is None:
        return bool(editing)
    return organization.members_id is not None and organization.members_id in editing


def works_at_desk(user: Any, resource: Any = None) -> bool:
    """Helpers and staff of the organisation that runs a booking resource (a desk or a
    helper's calendar): they see its day, take phone bookings for it, mark no-shows."""
    desks = organisations_with_role(user, *DESK_ROLES)
    if resource is None:
        return bool(desks)
    return resource.organisation_id in desks


def may_see_booking(user: Any, booking: Any, action: str = "read") -> bool:
    """The person booked for, a helper with a bookings grant for them, or the desk's staff."""
    if booking is None:
        return False
    if booking.person_id is not None and may_act_on(user, booking.person_id, "bookings", action):
        return True
    return works_at_desk(user, booking.resource)


def registering_for(user: Any) -> bool:
    """Staff registering an application for someone without eID (not a helper's grant)."""
    return getattr(acting_for(user), "channel", None) is not None


def may_see_application(user: Any, application: Any) -> bool:
    """The applicant or their helper; staff registering for the person only the draft they
    fill in and what they themselves sent, nothing else of the person's."""
    if application is None:
        return False
    if not may_act_on(user, application.person_id, "application", "read"):
        return False
    if registering_for(user):
        return application.status == "draft" or application.submitted_by_id == user.pk
    return True


def may_view_document(user: Any, document: Any) -> bool:
    """Documents are never public. A document belongs to the application, a case task, a
    message or a letter; whoever may see that (the person, a helper whose grant covers that
    area, the office handling it) may open it. Anything else only the owner, as themself."""
    if document is None:
        return False
    attachment = getattr(document, "attachment", None)
    if attachment is not None:
        application = attachment.application
        return may_see_application(user, application) or staff_office_received(user, application)
    case_document = getattr(document, "case_document", None)
    if case_document is not None:
        area = "case" if case_document.dokumenttype else "messages"
        case = case_document.case
        return owns_case(user, case, area, "read") or staff_at_case_office(user, case)
    case_file = getattr(document, "case_file", None)
    if case_file is not None:
        case = case_file.case
        return owns_case(user, case, "case", "read") or staff_at_case_office(user, case)
    return acting_for(user) is None and owns(user, document.owner_id)


def may_see_address(user: Any, person: Any) -> bool:
    """A protected address (fortrolig / strengt fortrolig) is shown only to the person
    themself and to staff with the special right; everyone else sees it masked."""
    if person is None:
        return False
    if not person.address_protection or owns(user, person.pk):
        return True
    return has_role(user, "protected_address")


# --- The rules ------------------------------------------------------------------------------
RULES: dict[str, Rule] = {
    # Pages anyone may see: start page, help, language switch, login choices, health.
    "public": lambda user, obj: True,
    # One-click demo personas exist only in demo mode (never in production mode).
    "demo": lambda user, obj: bool(settings.DEMO_MODE),
    "account": lambda user, obj: bool(getattr(user, "is_authenticated", False)),
    # A citizen's own pages: home, my needs, who has seen my information.
    "citizen.self": lambda user, obj: is_citizen(user),
    # The application wizard: the citizen, their helper, or staff registering an application
    # for someone without eID (delegation.no_eid); the object checks come after.
    "application.wizard": lambda user, obj: is_citizen(user) or registering_for(user),
    "helper.home": lambda user, obj: has_role(user, "helper"),
    "staff.home": lambda user, obj: has_role(user, *STAFF_ROLES),
    "staff.find_person": lambda user, obj: has_role(user, *STAFF_ROLES),
    "staff.view_person": staff_may_view_person,
    # Communication needs: the person themself, or staff who may see them.
    "person.change_needs": lambda user, obj: (
        bool(obj is not None and is_citizen(user) and user.person_id == obj.pk)
        or staff_may_view_person(user, obj)
    ),
    # Applications: the applicant fills in and sends their own; their office reads them.
    "application.own": may_see_application,
    "application.edit": lambda user, obj: (
        obj is not None
        and obj.status == "draft"
        and may_act_on(user, obj.person_id, "application", "write")
    ),
    "staff.inbox": lambda user, obj: has_role(user, *STAFF_ROLES),
    # Cases: the applicant follows their own; the office handling it now works on it.
    "case.own": owns_case,
    "case.send_documents": lambda user, obj: owns_case(user, obj, "case", "write"),
    "messages.read": lambda user, obj: owns_case(user, obj, "messages", "read"),
    "messages.write": lambda user, obj: owns_case(user, obj, "messages", "communicate"),
    "case.staff": staff_at_case_office,
    # Documents are never public: the owner, or staff at the office that received them.
    "document.view": may_view_document,
    # The directory: anyone may search it; editors keep their own organisation's entries.
    "directory.edit": may_edit_directory,
    # Booking: a citizen for themself, a helper (for themself, or for someone under a grant
    # with "bookings"), staff for a caller; object checks go through may_see_booking.
    "booking.book": lambda user, obj: is_citizen(user) or works_at_desk(user),
    "booking.own": may_see_booking,
    "booking.change": lambda user, obj: may_see_booking(user, obj, "write"),
    "booking.desk": works_at_desk,
    "admin.site": lambda user, obj: is_superuser(user),
    # The API authenticates each operation itself (token scopes or session); see api/auth.py.
    "api": lambda user, obj: True,
}

# URLs that come from other packages, by namespace or URL name, and the rule that covers them.
EXTERNAL_URL_RULES: dict[str, str] = {
    "admin": "admin.site",
    "api-1.0.0": "api",
    # The directory is open data: anyone may read the HSDS API.
    "hsds": "public",
}


def token_allows(token: Any, scope: str) -> bool:
    """May an API token (an external system) use `scope`? Revoked or unknown tokens may not."""
    return bool(token is not None and token.is_active and scope in (token.scopes or []))


def token_may_use_case(token: Any, scope: str, case: Any) -> bool:
    """A case system's token reaches only the cases of its own NAV office."""
    return bool(
        token_allows(token, scope)
        and case is not None
        and token.organisation_id is not None
        and token.organisation_id == case.office_id
    )


def allows(user: Any, rule_name: str, obj: Any = None) -> bool:
    """May `user` do `rule_name` (on `obj`)? Unknown rules and errors deny."""
    check = RULES.get(rule_name)
    if check is None:
        return False
    try:
        return bool(check(user, obj))
    except Exception:  # deny on error: a failed lookup never lets anyone through
        return False


def require(user: Any, rule_name: str, obj: Any = None) -> None:
    if not allows(user, rule_name, obj):
        raise PermissionDenied(rule_name)


def rule(rule_name: str) -> Callable[[View], View]:
    """Guard a view with a named rule; anonymous visitors are sent to log in."""
    if rule_name not in RULES:
        raise LookupError(f"No policy rule named {rule_name!r}.")

    def decorate(view: View) -> View:
        @wraps(view)
        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not allows(request.user, rule_name):
                if rule_name == "demo":  # outside demo mode the demo pages do not exist
                    raise Http404
                if not request.user.is_authenticated:
                    return redirect_to_login(request.get_full_path())
                raise PermissionDenied(rule_name)
            return view(request, *args, **kwargs)

        guarded.policy_rule = rule_name  # type: ignore[attr-defined]
        return guarded  # type: ignore[return-value]

    return decorate


def home_for(user: Any) -> str:
    """Which start page a logged-in account lands on (URL name)."""
    if has_role(user, *STAFF_ROLES):
        return "core:staff_home"
    if has_role(user, "helper"):
        return "core:helper_home"
    if has_role(user, "directory_editor"):
        return "directory_editor:home"
    if is_citizen(user):
        return "core:citizen_home"
    if is_superuser(user):
        return "core:admin_home"
    return "core:start"
