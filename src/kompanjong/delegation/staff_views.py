"""NAV office pages for people without eID: check identity, register a paper power of
attorney, register an application given on paper or by phone."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kompanjong.core import policy
from kompanjong.core.forms import posted
from kompanjong.documents.pipeline import DocumentRejected
from kompanjong.documents.uploads import uploads_from
from kompanjong.people import selectors as people
from kompanjong.people.models import Person

from . import acting, codes, help_codes, no_eid, services
from .forms import AREAS, LEVELS, HelpCodeForm, IdentityForm, PaperGrantForm, RegisterForm
from .services import GrantError
from .views import LOOKUP_ERRORS


def _person(request: HttpRequest, person_id: int) -> Person:
    return people.person_for_staff(request.user, person_id=person_id)


@require_http_methods(["GET", "POST"])
@policy.rule("staff.find_person")
def check_identity(request: HttpRequest, person_id: int) -> HttpResponse:
    person = _person(request, person_id)
    form = IdentityForm(posted(request))
    if request.method == "POST" and form.is_valid():
        no_eid.check_identity(
            actor=request.user,  # type: ignore[arg-type]
            person=person,
            document_type=form.cleaned_data["document_type"],
            document_number=form.cleaned_data["document_number"],
        )
        messages.success(request, _("The identity is checked and recorded."))
        return redirect("people:staff_person", person_id=person.pk)
    return render(
        request,
        "delegation/staff_identity.html",
        {"person": person, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
@policy.rule("staff.find_person")
def paper_grant(request: HttpRequest, person_id: int) -> HttpResponse:
    person = _person(request, person_id)
    if no_eid.recent_check(person, request.user) is None:  # type: ignore[arg-type]
        messages.warning(request, _("Check the person's identity first."))
        return redirect("delegation:check_identity", person_id=person.pk)
    actor: Any = request.user
    form = PaperGrantForm(posted(request))
    upload_error = ""
    if request.method == "POST" and form.is_valid():
        try:
            uploads = uploads_from(request)
            if not uploads:
                raise DocumentRejected("empty", _("Scan or photograph the signed paper."))
            helper = services.find_person(
                actor=actor,
                national_id=form.cleaned_data["national_id"],
                family_name=form.cleaned_data["family_name"],
            )
            grant = no_eid.register_paper_grant(
                actor=actor,
                giver=person,
                helper=helper,
                scopes=form.scopes(),
                paper_reference=form.cleaned_data["paper_reference"],
                uploads=uploads,
            )
        except GrantError as problem:
            message = (
                _("The helper cannot be the person who gives the power of attorney.")
                if problem.code == "self"
                else str(LOOKUP_ERRORS.get(problem.code, problem.code))
            )
            form.add_error("national_id", message)
        except DocumentRejected as rejected:
            upload_error = str(rejected.message)
        else:
            messages.success(
                request,
                _("The power of attorney %(reference)s is registered and active.")
                % {"reference": grant.reference},
            )
            return redirect("people:staff_person", person_id=person.pk)
    return render(
        request,
        "delegation/staff_paper_grant.html",
        {
            "person": person,
            "form": form,
            "upload_error": upload_error,
            "has_errors": bool(upload_error or form.errors),
        },
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@policy.rule("staff.find_person")
def register_application(request: HttpRequest, person_id: int) -> HttpResponse:
    person = _person(request, person_id)
    form = RegisterForm(request.POST)
    if not form.is_valid():
        messages.warning(request, _("Choose paper or phone."))
        return redirect("people:staff_person", person_id=person.pk)
    if acting.start_for_staff(request, person.pk, form.cleaned_data["channel"]) is None:
        messages.warning(request, _("Check the person's identity first."))
        return redirect("delegation:check_identity", person_id=person.pk)
    return redirect("applications:start")


@require_http_methods(["GET", "POST"])
@policy.rule("staff.find_person")
def help_code_letter(request: HttpRequest, person_id: int) -> HttpResponse:
    """A help code on a printed letter, for someone without eID to take to a library."""
    person = _person(request, person_id)
    if no_eid.recent_check(person, request.user) is None:  # type: ignore[arg-type]
        messages.warning(request, _("Check the person's identity first."))
        return redirect("delegation:check_identity", person_id=person.pk)
    form = HelpCodeForm(posted(request))
    if request.method == "POST" and form.is_valid():
        help_code, code = help_codes.create_for_letter(
            actor=request.user,  # type: ignore[arg-type]
            person=person,
            scopes=form.scopes(),
        )
        return render(
            request,
            "delegation/code_letter.html",
            {
                "person": person,
                "code": codes.shown(code),
                "help_code": help_code,
                "support_phone": settings.SUPPORT_PHONE,
                "summary": [
                    (AREAS[area], dict(LEVELS[area])[action]) for area, action in form.scopes()
                ],
            },
        )
    return render(
        request,
        "delegation/staff_code_form.html",
        {"person": person, "form": form},
        status=400 if request.method == "POST" else 200,
    )
