"""Pages where directory editors keep their own organisation's entries. Thin: selectors find
the entry and check it is the editor's, forms check the input, services write."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from kompanjong.core import policy
from kompanjong.core.forms import posted

from . import display, services
from . import editor_selectors as selectors
from .editor_forms import DAY_NAMES, HoursForms, LocationForm, ServiceForm

# Where hours shown on the hours page, but not edited there, are kept.
INHERITED_FROM = {
    selectors.SERVICE: gettext_lazy("For the whole service"),
    selectors.LOCATION: gettext_lazy("For the place, for every service there"),
    selectors.HERE: gettext_lazy("Kept here in a way this page cannot change"),
}


def _status(request: HttpRequest) -> int:
    return 400 if request.method == "POST" else 200


def _saved(request: HttpRequest) -> None:
    messages.success(request, _("Saved. The entry is marked as checked today."))


@policy.rule("directory.edit")
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request, "directory/editor/home.html", {"home": selectors.editor_home(request.user)}
    )


@require_http_methods(["GET", "POST"])
@policy.rule("directory.edit")
def edit_service(request: HttpRequest, pk: UUID) -> HttpResponse:
    service = selectors.service_for_editing(request.user, pk)
    form = ServiceForm(posted(request), initial=ServiceForm.initial_for(service))
    if request.method == "POST" and form.is_valid():
        services.save_service(actor=request.user, service=service, changes=form.changes())
        _saved(request)
        return redirect("directory_editor:home")
    return render(
        request,
        "directory/editor/service_form.html",
        {"form": form, "service": service},
        status=_status(request),
    )


@require_http_methods(["GET", "POST"])
@policy.rule("directory.edit")
def edit_location(request: HttpRequest, pk: UUID) -> HttpResponse:
    location, organization = selectors.location_for_editing(request.user, pk)
    form = LocationForm(
        posted(request), kind=location.kind, initial=LocationForm.initial_for(location)
    )
    if request.method == "POST" and form.is_valid():
        services.save_location(
            actor=request.user,
            location=location,
            organization=organization,
            changes=form.changes(),
        )
        _saved(request)
        return redirect("directory_editor:home")
    return render(
        request,
        "directory/editor/location_form.html",
        {"form": form, "location": location, "organization": organization},
        status=_status(request),
    )


@require_http_methods(["GET", "POST"])
@policy.rule("directory.edit")
def edit_hours(request: HttpRequest, pk: UUID) -> HttpResponse:
    hours = selectors.place_for_editing(request.user, pk)
    forms = HoursForms(posted(request), weekly=hours.weekly, exceptions=hours.exceptions)
    if request.method == "POST" and forms.is_valid():
        services.save_hours(
            actor=request.user,
            place=hours.place,
            rules=forms.weekly_rules(),
            exceptions=forms.date_exceptions(),
        )
        messages.success(
            request,
            _("Saved. The entry is marked as checked today. You can add more opening hours below."),
        )
        return redirect("directory_editor:hours", pk)
    errors = forms.errors() if request.method == "POST" else []
    return render(
        request,
        "directory/editor/hours_form.html",
        {
            "forms": forms,
            "place": hours.place,
            "errors": errors,
            "has_errors": bool(errors),
            "day_names": DAY_NAMES,
            "inherited": [
                (INHERITED_FROM[item.source], display.schedule_text(item.schedule))
                for item in hours.inherited
            ],
            "inherited_weekly": any(
                services.is_weekly(item.schedule) and item.source != selectors.HERE
                for item in hours.inherited
            ),
            "has_own_weekly": bool(hours.weekly),
        },
        status=_status(request),
    )


def _back(request: HttpRequest) -> HttpResponse:
    """Back to the page the button was on, if it is one of ours."""
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("directory_editor:home")


@require_POST
@policy.rule("directory.edit")
def service_checked(request: HttpRequest, pk: UUID) -> HttpResponse:
    service = selectors.service_for_editing(request.user, pk)
    services.mark_checked(actor=request.user, services=[service])
    messages.success(
        request,
        _("Thank you. “%(name)s” is marked as checked today.") % {"name": service.name},
    )
    return _back(request)


@require_POST
@policy.rule("directory.edit")
def location_checked(request: HttpRequest, pk: UUID) -> HttpResponse:
    location, organization = selectors.location_for_editing(request.user, pk)
    here = services.services_at(location, organization)
    services.mark_checked(actor=request.user, services=here)
    messages.success(
        request,
        _("Thank you. The services at “%(name)s” are marked as checked today.")
        % {"name": location.name},
    )
    return _back(request)
