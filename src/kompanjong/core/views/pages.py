"""Start pages, help, the component gallery and the session keep-alive. Thin views only."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from kompanjong.applications import display as application_display
from kompanjong.applications import progress as application_progress
from kompanjong.applications import selectors as application_selectors
from kompanjong.cases import queue as case_queue
from kompanjong.core import policy
from kompanjong.core.forms import ComponentGalleryForm
from kompanjong.delegation import selectors as delegation_selectors
from kompanjong.directory import editor_selectors as directory_editing
from kompanjong.people import selectors
from kompanjong.people.forms import FindPersonForm


@policy.rule("public")
def start(request: HttpRequest) -> HttpResponse:
    home_page = policy.home_for(request.user)
    if request.user.is_authenticated and home_page != "core:start":
        return redirect(home_page)
    return render(request, "core/start.html")


@policy.rule("account")
def home(request: HttpRequest) -> HttpResponse:
    return redirect(policy.home_for(request.user))


@policy.rule("citizen.self")
def citizen_home(request: HttpRequest) -> HttpResponse:
    """The citizen's page; for a helper acting for someone, that person's page, showing only
    what the grant covers."""
    person = selectors.subject_person(request.user)
    acting = policy.acting_for(request.user)
    may_apply = acting is None or acting.allows("application", "read")
    may_follow = acting is None or acting.allows("case", "read")
    draft = application_selectors.current_draft(person.pk) if may_apply else None
    return render(
        request,
        "core/citizen_home.html",
        {
            "person": person,
            "acting": acting,
            "may_apply": may_apply and (acting is None or acting.allows("application", "write")),
            "helps_someone": acting is None
            and bool(delegation_selectors.active_for_helper(request.user.person_id)),  # type: ignore[union-attr]
            "draft": draft,
            "deleted_on": application_selectors.draft_deleted_on(draft) if draft else None,
            "steps_left": application_display.step_titles(
                application_progress.steps_left(draft.completed_steps)
            )
            if draft
            else [],
            "sent": application_selectors.recent_submitted(person.pk) if may_follow else [],
            "may_book": acting is None or acting.allows("bookings", "read"),
        },
    )


def _desk(user: Any) -> dict[str, Any]:
    """What a helper's or staff member's home shows about the directory entries they keep."""
    edits = policy.may_edit_directory(user)
    return {
        "works_at_desk": policy.works_at_desk(user),
        "edits_directory": edits,
        "directory_unchecked": directory_editing.unchecked_count(user) if edits else 0,
    }


@policy.rule("helper.home")
def helper_home(request: HttpRequest) -> HttpResponse:
    organisations = selectors.organisations_for(request.user, roles=("helper",))
    return render(
        request,
        "core/helper_home.html",
        {
            "organisations": organisations,
            "helping": delegation_selectors.active_for_helper(request.user.person_id),  # type: ignore[union-attr]
            **_desk(request.user),
        },
    )


@policy.rule("staff.home")
def staff_home(request: HttpRequest) -> HttpResponse:
    context = selectors.staff_overview(request.user)
    return render(
        request,
        "core/staff_home.html",
        {
            **context,
            "form": FindPersonForm(),
            "cases": case_queue.counts(request.user),
            **_desk(request.user),
        },
    )


@policy.rule("admin.site")
def admin_home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/admin_home.html", {"counts": selectors.admin_counts()})


@policy.rule("demo")
def design(request: HttpRequest) -> HttpResponse:
    """Every form component, in normal and error state: for designers and accessibility tests."""
    form = ComponentGalleryForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        return render(request, "core/design.html", {"form": ComponentGalleryForm(), "done": True})
    return render(request, "core/design.html", {"form": form})


@require_POST
@policy.rule("public")
def session_keepalive(request: HttpRequest) -> HttpResponse:
    # The session middleware saves on every request, so answering is what extends it. An
    # expired session gets 401 (not a login page), so the page can say so and keep the input.
    return HttpResponse(status=204 if request.user.is_authenticated else 401)
