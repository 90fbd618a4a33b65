"""Acting on someone's behalf: the helper's choice is kept in the session and the grant is
re-checked on every request, so ending a grant takes effect on the helper's next click.

Every request a helper makes while acting is one line in the citizen's "Who has seen my
information", in plain words ("Nora Berg, Deichman Grünerløkka filled in your application").
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

from kompanjong.core.audit import record_access
from kompanjong.people.models import Person

from .no_eid import StaffFor, staff_context
from .selectors import ActingFor, acting_context

SESSION_KEY = "kompanjong_acting_for"
STAFF_SESSION_KEY = "kompanjong_staff_for"

# What the helper touched, by the view they used, as the access log's object type.
USED: dict[str, str] = {
    "core:citizen_home": "overview",
    "applications:start": "application",
    "applications:step": "application",
    "applications:document": "application",
    "applications:remove_attachment": "application",
    "applications:check": "application",
    "applications:receipt": "application.receipt",
    "applications:receipt_pdf": "application.receipt",
    "cases:my_case": "case",
    "cases:send_document": "case",
    "dialogue:thread": "case.messages",
    "booking:mine": "booking",
    "booking:detail": "booking",
    "booking:choose": "booking",
    "booking:details": "booking",
    "booking:ics": "booking",
    "booking:move": "booking",
    "booking:cancel": "booking",
    # The API with the helper's session.
    "api-1.0.0:get_case": "case",
    "api-1.0.0:get_events": "case",
    "api-1.0.0:digisos": "application",
}
# Changes the services write themselves, only when they happen (sent, documents, messages):
# a refused or repeated form must not read as done in the person's log.
OWN_PAGES = {
    "people:my_needs",
    "people:my_access_log",
    "delegation:overview",
    "delegation:give",
    "delegation:ask",
    "delegation:detail",
    "delegation:make_code",
    "delegation:redeem_code",
}
LOGGED_BY_SERVICES = {
    "applications:check",
    "cases:send_document",
    "dialogue:thread",
    # Holding, booking, moving and cancelling are logged by booking.services when they happen.
    "booking:choose",
    "booking:details",
    "booking:move",
    "booking:cancel",
}


def start(request: HttpRequest, grant_id: int) -> ActingFor | None:
    acting = acting_context(request.user, grant_id)
    if acting is not None:
        request.session[SESSION_KEY] = acting.grant_id
    return acting


def stop(request: HttpRequest) -> None:
    request.session.pop(SESSION_KEY, None)
    request.session.pop(STAFF_SESSION_KEY, None)


def start_for_staff(request: HttpRequest, person_id: int, channel: str) -> StaffFor | None:
    data = {"person": person_id, "channel": channel}
    acting = staff_context(request.user, data)  # type: ignore[arg-type]
    if acting is not None:
        request.session.pop(SESSION_KEY, None)
        request.session[STAFF_SESSION_KEY] = data
    return acting


class ActingForMiddleware:
    """After authentication and messages: sets request.acting_for (and, for the policy, the
    same on request.user), or drops a choice whose grant no longer holds."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        had_choice = _choice_in(request)
        acting = self._acting(request)
        if had_choice and acting is None:
            # The grant ended (or ran out) since the last click: refuse this request as a
            # whole, say why, and take the helper to their own start page. Nothing of the
            # person's is read or written.
            return redirect("core:home")
        if acting is not None and _view_name(request) in OWN_PAGES:
            # The helper's own pages (their needs, their log, their powers of attorney) are
            # never shown under "you are helping …": going there switches back.
            stop(request)
            messages.info(request, _("You are acting as yourself again."))
            acting = None
        request.acting_for = acting  # type: ignore[attr-defined]
        if request.user.is_authenticated:
            request.user._kompanjong_acting = acting  # type: ignore[attr-defined]
        response = self.get_response(request)
        # A read is a page shown; a change is a form that was taken (the wizard redirects
        # after storing; an invalid form comes back with 200 or 400 and stored nothing).
        if acting is not None and (
            response.status_code == 200
            if request.method == "GET"
            else 300 <= response.status_code < 400
        ):
            self._log_use(request, acting)
        return response

    def _acting(self, request: HttpRequest) -> ActingFor | StaffFor | None:
        session = getattr(request, "session", None)
        if session is None or not request.user.is_authenticated:
            return None
        staff = session.get(STAFF_SESSION_KEY)
        if staff is not None:
            registering = staff_context(request.user, staff)
            if registering is None:
                stop(request)
                messages.warning(
                    request,
                    _("The registration has stopped. Check the person's identity again to go on."),
                )
            return registering
        grant_id = session.get(SESSION_KEY)
        if grant_id is None:
            return None
        acting = acting_context(request.user, grant_id)
        if acting is None:
            stop(request)
            messages.warning(
                request,
                _(
                    "You can no longer help this person: the power of attorney has ended or "
                    "expired. Nothing of theirs has been changed. You are now acting as yourself."
                ),
            )
        return acting

    def _log_use(self, request: HttpRequest, acting: ActingFor | StaffFor) -> None:
        match = request.resolver_match
        used = USED.get(match.view_name) if match is not None else None
        if used is None or match is None:
            return
        if request.method == "POST" and match.view_name in LOGGED_BY_SERVICES:
            return
        person = Person(pk=acting.person_id)
        record_access(
            actor=request.user,
            subject=person,
            # A helper uses the person's own power of attorney; staff register for them.
            on_behalf_of=person if isinstance(acting, ActingFor) else None,
            action="change" if request.method == "POST" else "read",
            object_type=used,
            object_id=_object_id(match.kwargs if match is not None else {}),
        )


def _choice_in(request: HttpRequest) -> bool:
    session = getattr(request, "session", None)
    return bool(
        session is not None
        and request.user.is_authenticated
        and (session.get(SESSION_KEY) is not None or session.get(STAFF_SESSION_KEY) is not None)
    )


def _view_name(request: HttpRequest) -> str:
    try:
        return resolve(request.path_info).view_name
    except Resolver404:
        return ""


def _object_id(kwargs: dict[str, Any]) -> str:
    return str(kwargs.get("reference") or kwargs.get("pk") or "")[:64]
