"""Pages for powers of attorney and for choosing whom to help. Thin: forms check, services
write, selectors read; the policy decides."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from kompanjong.core import policy
from kompanjong.core.forms import posted

from . import acting, codes, help_codes, selectors, services
from .forms import AREAS, LEVELS, GrantForm, HelpCodeForm, RedeemForm
from .services import GrantError

LOOKUP_ERRORS: dict[str, Promise] = {
    "not_found": gettext_lazy(
        "We found nobody with this national identity number and last name. Check both."
    ),
    "blocked": gettext_lazy(
        "You have tried too many times. Wait an hour and try again, or ask at your NAV office."
    ),
    "self": gettext_lazy("This is you. Write the other person's number."),
}


@policy.rule("citizen.self")
def overview(request: HttpRequest) -> HttpResponse:
    given, received = selectors.grants_of(request.user.person_id)  # type: ignore[union-attr]
    return render(request, "delegation/overview.html", {"given": given, "received": received})


@require_http_methods(["GET", "POST"])
@policy.rule("citizen.self")
def give(request: HttpRequest) -> HttpResponse:
    return _grant_form(request, asking=False)


@require_http_methods(["GET", "POST"])
@policy.rule("citizen.self")
def ask(request: HttpRequest) -> HttpResponse:
    return _grant_form(request, asking=True)


def _grant_form(request: HttpRequest, *, asking: bool) -> HttpResponse:
    """Fill in → check your answers → confirm. The check page carries the answers in hidden
    fields and the confirm step checks everything again."""
    actor: Any = request.user
    form = GrantForm(posted(request))
    template = "delegation/grant_form.html"
    if request.method == "POST" and form.is_valid():
        try:
            other = services.find_person(
                actor=actor,
                national_id=form.cleaned_data["national_id"],
                family_name=form.cleaned_data["family_name"],
            )
        except GrantError as problem:
            form.add_error("national_id", str(LOOKUP_ERRORS[problem.code]))
        else:
            if request.POST.get("action") == "confirm" and "change" not in request.POST:
                if asking:
                    grant = services.ask(
                        actor=actor,
                        giver=other,
                        scopes=form.scopes(),
                        token=form.cleaned_data["token"],
                    )
                    messages.success(
                        request,
                        _("Your request is sent. %(name)s must say yes before you can help.")
                        % {"name": other.full_name},
                    )
                else:
                    grant = services.give(
                        actor=actor,
                        helper=other,
                        scopes=form.scopes(),
                        token=form.cleaned_data["token"],
                    )
                    messages.success(
                        request,
                        _("Done. %(name)s must accept before they can help you.")
                        % {"name": other.full_name},
                    )
                return redirect("delegation:detail", grant.pk)
            if "change" not in request.POST:
                template = "delegation/grant_check.html"
            return render(
                request,
                template,
                {"form": form, "other": other, "asking": asking, "summary": _summary(form)},
            )
    return render(
        request,
        template,
        {"form": form, "asking": asking, "lookups_left": services.lookups_left(actor)},
        status=400 if request.method == "POST" else 200,
    )


def _summary(form: GrantForm) -> list[tuple[str, str, str]]:
    levels = {area: dict(LEVELS[area]) for area in AREAS}
    return [
        (str(AREAS[s.area]), str(levels[s.area][s.action]), s.until.strftime("%d.%m.%Y"))
        for s in form.scopes()
    ]


@policy.rule("citizen.self")
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    grant = selectors.grant_for(request.user.person_id, pk)  # type: ignore[union-attr]
    if grant is None:
        raise Http404
    me = request.user.person_id  # type: ignore[union-attr]
    status = services.current_status(grant)
    waiting_for = grant.giver_id if grant.requested_by_helper else grant.helper_id
    return render(
        request,
        "delegation/detail.html",
        {
            "grant": grant,
            "status": status,
            "i_gave_it": grant.giver_id == me,
            "may_say_yes": status == "pending" and waiting_for == me,
            "history": selectors.history_of(grant),
            "levels": {area: dict(LEVELS[area]) for area in AREAS},
            "areas": AREAS,
        },
    )


@require_POST
@policy.rule("citizen.self")
def say_yes(request: HttpRequest, pk: int) -> HttpResponse:
    grant = selectors.grant_for(request.user.person_id, pk)  # type: ignore[union-attr]
    if grant is None:
        raise Http404
    try:
        services.say_yes(grant=grant, actor=request.user)  # type: ignore[arg-type]
    except GrantError:
        messages.warning(request, _("This can no longer be accepted. See its status below."))
    else:
        messages.success(request, _("The power of attorney is active now."))
    return redirect("delegation:detail", pk)


@require_POST
@policy.rule("citizen.self")
def end(request: HttpRequest, pk: int) -> HttpResponse:
    grant = selectors.grant_for(request.user.person_id, pk)  # type: ignore[union-attr]
    if grant is None:
        raise Http404
    happened = services.end(grant=grant, actor=request.user)  # type: ignore[arg-type]
    if happened == "refused":
        messages.success(request, _("You said no. Nothing else happens."))
    elif happened == "withdrawn":
        messages.success(request, _("You withdrew it. Nothing else happens."))
    else:
        messages.success(request, _("The power of attorney has ended. It stopped working at once."))
    return redirect("delegation:detail", pk)


@require_http_methods(["GET", "POST"])
@policy.rule("citizen.self")
def helping(request: HttpRequest) -> HttpResponse:
    """ "Who are you helping now?": yourself, or someone whose grant to you is active."""
    rows = selectors.active_for_helper(request.user.person_id)  # type: ignore[union-attr]
    if request.method == "POST":
        choice = request.POST.get("person", "")
        if choice == "me":
            acting.stop(request)
            messages.success(request, _("You are acting as yourself."))
            return redirect("core:citizen_home")
        chosen = next((row for row in rows if str(row.grant.pk) == choice), None)
        if chosen is not None and acting.start(request, chosen.grant.pk) is not None:
            messages.success(
                request,
                _("You are now helping %(name)s.") % {"name": chosen.grant.giver.full_name},
            )
            return redirect("core:citizen_home")
        return render(
            request,
            "delegation/helping.html",
            {"rows": rows, "error": _("Choose who you are helping."), "has_errors": True},
            status=400,
        )
    return render(request, "delegation/helping.html", {"rows": rows})


@require_POST
@policy.rule("account")
def stop_helping(request: HttpRequest) -> HttpResponse:
    acting.stop(request)
    messages.success(request, _("You are acting as yourself."))
    return redirect("core:home")


CODE_ERRORS: dict[str, Promise] = {
    "wrong_code": gettext_lazy(
        "This help code does not work. It may be mistyped, used already, or older than 30 "
        "minutes. Check it with the person, or ask them to make a new one."
    ),
    "locked": gettext_lazy(
        "You have typed a wrong help code too many times. Wait 15 minutes and try again."
    ),
    "not_a_helper": gettext_lazy("Only helpers at a registered helping organisation can do this."),
}


@require_http_methods(["GET", "POST"])
@policy.rule("citizen.self")
def make_code(request: HttpRequest) -> HttpResponse:
    """The citizen makes a help code at the counter. Shown once, in the answer to the POST."""
    form = HelpCodeForm(posted(request))
    if request.method == "POST" and form.is_valid():
        help_code, code = help_codes.create(
            actor=request.user,  # type: ignore[arg-type]
            scopes=form.scopes(),
        )
        return render(
            request,
            "delegation/code_made.html",
            {
                "code": codes.shown(code),
                "help_code": help_code,
                "summary": [
                    (AREAS[area], dict(LEVELS[area])[action]) for area, action in form.scopes()
                ],
            },
        )
    return render(
        request,
        "delegation/code_form.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
@policy.rule("helper.home")
def redeem_code(request: HttpRequest) -> HttpResponse:
    """A helper at a library or service centre types the code and starts helping at once."""
    form = RedeemForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            grant = help_codes.redeem(
                actor=request.user,  # type: ignore[arg-type]
                typed=form.cleaned_data["code"],
            )
        except GrantError as problem:
            form.add_error("code", str(CODE_ERRORS[problem.code]))
        else:
            acting.start(request, grant.pk)
            messages.success(
                request,
                _("You can help %(name)s for the next %(hours)s hours.")
                % {"name": grant.giver.full_name, "hours": settings.HELP_CODE_GRANT_HOURS},
            )
            return redirect("core:citizen_home")
    return render(
        request,
        "delegation/code_redeem.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )
