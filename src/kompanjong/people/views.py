"""Login, logout, the citizen's own pages and staff pages about a person. Thin views."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login, logout
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kompanjong.core import policy
from kompanjong.people import demo, oidc, selectors, services
from kompanjong.people.forms import CommunicationNeedsForm, DemoLoginForm, FindPersonForm


@policy.rule("public")
def login_choice(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("core:home")
    return render(
        request,
        "people/login.html",
        {"oidc_enabled": oidc.oidc_enabled(), "failed": "feil" in request.GET},
    )


@require_http_methods(["GET", "POST"])
@policy.rule("demo")
def demo_login(request: HttpRequest) -> HttpResponse:
    form = DemoLoginForm(request.POST or None, personas=list(demo.BY_KEY))
    if request.method == "POST":
        if not form.is_valid():
            raise Http404("Unknown persona")
        persona = demo.BY_KEY[form.cleaned_data["persona"]]
        account = selectors.demo_account(persona.username)
        if account is None:
            messages.error(request, _("The demo data is not loaded. Run make run again."))
            return redirect("people:demo_login")
        login(request, account, backend="django.contrib.auth.backends.ModelBackend")
        return redirect(policy.home_for(account))
    return render(request, "people/demo_login.html", {"personas": demo.PERSONAS})


@require_POST
@policy.rule("public")
def logout_view(request: HttpRequest) -> HttpResponse:
    end_session = oidc.end_session_url(request)
    logout(request)
    if end_session:
        return redirect(end_session)
    messages.success(request, _("You are logged out."))
    return redirect("core:start")


@require_http_methods(["GET", "POST"])
@policy.rule("citizen.self")
def my_needs(request: HttpRequest) -> HttpResponse:
    person = selectors.own_person(request.user)
    form = CommunicationNeedsForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        services.update_communication_needs(actor=request.user, person=person, needs=form.needs())
        messages.success(request, _("Your needs are saved."))
        return redirect("people:my_needs")
    return render(request, "people/my_needs.html", {"form": form, "person": person})


@policy.rule("citizen.self")
def my_access_log(request: HttpRequest) -> HttpResponse:
    page = selectors.access_log_page(request.user, page_number=request.GET.get("page"))
    return render(request, "people/my_access_log.html", {"page": page})


@require_http_methods(["GET", "POST"])
@policy.rule("staff.find_person")
def staff_find_person(request: HttpRequest) -> HttpResponse:
    # POST keeps national identity numbers out of URLs and server logs.
    form = FindPersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        person_id = selectors.find_person_id(
            request.user, national_id=form.cleaned_data["national_id"]
        )
        if person_id is not None:
            return redirect("people:staff_person", person_id=person_id)
        form.add_error(
            "national_id",
            _("We found no person with this number in the municipalities your office serves."),
        )
    return render(request, "people/staff_find_person.html", {"form": form})


@policy.rule("staff.find_person")
def staff_person(request: HttpRequest, person_id: int) -> HttpResponse:
    person = selectors.person_for_staff(request.user, person_id=person_id)
    from kompanjong.delegation.forms import RegisterForm
    from kompanjong.delegation.no_eid import recent_check

    return render(
        request,
        "people/staff_person.html",
        {
            "person": person,
            "may_see_address": policy.may_see_address(request.user, person),
            "identity_check": recent_check(person, request.user),  # type: ignore[arg-type]
            "register_form": RegisterForm(),
        },
    )
